"""No broken internal link or #anchor anywhere in the built site."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BuildResult
from tests.site.sitecheck import broken_links, read_page


def test_the_checker_finds_missing_pages_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="#gone">bad anchor</a>'
        '<a href="/b/">missing page</a><a href="/a/#here">ok</a><a href="https://x.example/">ext</a>'
        '<img src="../a/pic.png" alt="">', encoding="utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("'#gone'" in p for p in problems)
    assert any("'/b/'" in p for p in problems)
    assert any("pic.png" in p for p in problems)
    assert read_page(tmp_path / "a" / "index.html").ids == {"here"}


def test_every_internal_link_and_anchor_resolves(built_site: BuildResult) -> None:
    problems = broken_links(built_site.output)
    assert not problems, "\n".join(problems)
