"""The site's scripts are in one style, ES modules, and ESLint (from npm, pinned in
package-lock.json, configured in eslint.config.mjs) finds nothing in them: a lint error fails
`make test` here. That they still work is proven by the browser tests, which run the built
(minified) modules."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from stepwise_tools.devserver import SCRIPT_TAG
from tests.conftest import ROOT, BuildResult

ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
MODULE = re.compile(r"""\btype\s*=\s*["']?module\b""", re.IGNORECASE)
# `import … from './a.js'` at the start of a line, or `import('./b.js')` anywhere.
IMPORT = re.compile(r"""^import\s[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)""",
                    re.MULTILINE)
DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json\b""", re.IGNORECASE)


def eslint(*args: str, text: str | None = None) -> subprocess.CompletedProcess[str]:
    assert shutil.which("node") and ESLINT.exists(), "run `make setup-test` (Node.js, and ESLint from npm)"
    return subprocess.run([str(ESLINT), "--max-warnings", "0", *args], cwd=ROOT, input=text,
                          capture_output=True, encoding="utf-8", timeout=300)


def test_eslint_finds_nothing_in_the_sites_scripts() -> None:
    done = eslint(".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_eslint_covers_the_theme_and_the_live_preview() -> None:
    """Every script of ours is linted (none is ignored by the config)."""
    live = ROOT / "plugins" / "stepwise_tools" / "live.js"
    files = [*(ROOT / "theme" / "static" / "js").rglob("*.js"), live]
    done = eslint("--format", "json", *map(str, files))
    assert done.returncode == 0, done.stdout
    assert done.stdout.count('"filePath"') == len(files)  # an ignored file would be a warning: exit 1


def test_a_script_in_another_style_fails_the_lint() -> None:
    """What the config refuses: the old script style (var, 'use strict', currentScript), loose
    equality and a set-up too long to read at once, as a file of the theme would be linted."""
    old_style = ('(function () {\n  "use strict";\n  var target = document.currentScript.dataset.target;\n'
                 '  if (target == "") { return; }\n}());\n')
    long_setup = "export function setUp(root) {\n" + "  root.append('step');\n" * 41 + "}\n"
    done = eslint("--stdin", "--stdin-filename", "theme/static/js/probe.js", text=old_style + long_setup)
    assert done.returncode == 1
    refused = ("no-var", "no-restricted-syntax", "no-restricted-properties", "eqeqeq",
               "max-lines-per-function")
    for rule in refused:
        assert rule in done.stdout, rule


def script_tags(text: str) -> list[str]:
    return [tag for tag in SCRIPT.findall(text) if not DATA_BLOCK.search(tag)]


def test_every_script_element_of_the_theme_loads_a_module() -> None:
    templates = sorted((ROOT / "theme" / "templates").rglob("*.html"))
    tags = {f"{path.relative_to(ROOT)}: {tag}" for path in templates
            for tag in script_tags(path.read_text(encoding="utf-8"))}
    assert len(tags) >= 6
    assert [tag for tag in tags if not MODULE.search(tag) or "src=" not in tag] == []
    assert MODULE.search(SCRIPT_TAG.decode())  # the live preview's, added to every page it serves


def test_every_built_page_loads_only_modules(built_site: BuildResult) -> None:
    loaded = set()
    for page in built_site.output.rglob("*.html"):
        for tag in script_tags(page.read_text(encoding="utf-8")):
            assert MODULE.search(tag), f"{page.relative_to(built_site.output)}: {tag}"
            loaded.update(re.findall(r'src="[^"]*/theme/js/([^"/]+)"', tag))
    scripts = {p.name for p in (built_site.output / "theme" / "js").glob("*.js")}
    # Each is loaded by some page (the redirect pages' only where an address changed).
    assert scripts - {"redirect.js"} == loaded, loaded


def test_every_script_file_is_a_module_and_imports_only_siblings() -> None:
    """A module imports by relative address (under the CSP's narrowed script-src, a file of the
    theme imports only files of the theme), and is never written as a classic script."""
    targets = []
    for path in (ROOT / "theme" / "static" / "js").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        for target in (a or b for a, b in IMPORT.findall(text)):
            targets.append(target)
            assert target.startswith("./") and target.endswith(".js"), f"{path.name}: {target}"
            assert (path.parent / target).resolve().is_file(), f"{path.name}: {target}"
        assert "(function" not in text and "use strict" not in text, path
    assert len(targets) > 20


def test_the_lint_task_runs_eslint_too() -> None:
    tasks = Path(ROOT / "tasks.py").read_text(encoding="utf-8")
    assert "eslint" in tasks.split("def lint", 1)[1].split("@task", 1)[0]


def test_every_id_a_script_is_given_names_an_element_of_its_page(built_site: BuildResult) -> None:
    """The template names each id once and hands it on (data-player-target, data-transcript-for,
    data-copy-target): whatever the id, it is the element the script is meant to find."""
    from lxml import html

    checked = 0
    for page in built_site.output.rglob("*.html"):
        tree = html.fromstring(page.read_bytes())
        for attribute, tag in (("data-player-target", "audio"), ("data-transcript-for", "audio"),
                               ("data-copy-target", "code")):
            for target in tree.xpath(f"//@{attribute}"):
                assert tree.xpath(f"//{tag}[@id='{target}']"), f"{page}: {attribute}={target}"
                checked += 1
    assert checked > 20


def test_every_minified_script_still_parses_as_a_module(built_site: BuildResult) -> None:
    """rjsmin keeps every script a module that parses, imports included (the browser tests run
    them; this reads every one, those no test page loads too)."""
    folder = built_site.output / "theme" / "js"
    scripts = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.js"))
    assert len(scripts) > 10
    done = subprocess.run([str(ESLINT), "--no-config-lookup", "--max-warnings", "0", "--parser-options",
                           "ecmaVersion:2022", "--parser-options", "sourceType:module", *scripts],
                          cwd=folder, capture_output=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "import{" in (folder / "worksheet.js").read_text(encoding="utf-8")  # minified, imports kept
