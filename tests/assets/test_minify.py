"""The theme's stylesheets and scripts are minified in the built site (a post page has a weight
budget) and still work: each script is imported by Chromium from the built site, and every
browser test of the site runs on the minified files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from assets.minify import minified, nested_template

from tests.conftest import ROOT, BuildResult

THEME = ROOT / "theme" / "static"


@pytest.mark.parametrize(("js", "nested"), [
    ("const a = `x ${y} z`;", False),
    ("const a = `x ${y ? `inner ${z}` : ''}`;", True),
    ("const a = `x ${{ k: 1 }.k}`; const b = `${c}`;", False),
    ("// a comment with a ` backtick\nconst a = 'a string with ` in it';", False),
    ("const a = `${f(\"}\")}`;", False),
    ("const a = `a \\` escaped`; const b = `${c}`;", False),
])
def test_a_template_literal_inside_another_is_found(js: str, nested: bool) -> None:
    assert nested_template(js) is nested


def test_every_theme_script_can_be_minified() -> None:
    """rjsmin knows template literals only unnested: such a script would ship as written."""
    scripts = sorted(THEME.rglob("*.js"))
    assert scripts
    assert [p.relative_to(THEME) for p in scripts if nested_template(p.read_text(encoding="utf-8"))] == []


def test_a_file_that_cannot_be_minified_safely_is_left_alone(tmp_path: Path) -> None:
    script = tmp_path / "a.js"
    script.write_text("export const a = (b) => `${b ? `c` : 'd'}`;\n", encoding="utf-8")
    assert minified(script) is None
    style = tmp_path / "a.css"
    style.write_text("/* why */\n@media (pointer: coarse) and (max-width: 40rem) {\n"
                     "  a { margin: calc(1lh - 2px) 0; }\n}\n", encoding="utf-8")
    assert minified(style) == "@media (pointer:coarse) and (max-width:40rem){a{margin:calc(1lh - 2px) 0}}"


def test_the_built_theme_files_are_minified(built_site: BuildResult) -> None:
    built = sorted(p for p in (built_site.output / "theme").rglob("*") if p.suffix in {".css", ".js"})
    assert len(built) > 10
    for path in built:
        source = THEME / path.relative_to(built_site.output / "theme")
        assert path.stat().st_size < 0.9 * source.stat().st_size, path
        assert "/*" not in path.read_text(encoding="utf-8"), path


@pytest.mark.browser
def test_every_minified_module_loads_in_chromium(built_site: BuildResult, site_url: str,
                                                 new_page: Any) -> None:
    page = new_page()
    page.goto(f"{site_url}/about/")
    scripts = (built_site.output / "theme" / "js").rglob("*.js")
    modules = sorted(p.relative_to(built_site.output).as_posix() for p in scripts
                     if "export" in p.read_text(encoding="utf-8"))
    assert modules
    failed = page.evaluate("""async (modules) => {
        const failed = [];
        for (const m of modules) { try { await import('/' + m); } catch (e) { failed.push(m + ': ' + e); } }
        return failed;
    }""", modules)
    assert failed == []
