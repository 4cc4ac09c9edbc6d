"""The Content-Security-Policy in Chromium: the site's own scripts work under it, injected ones do not run.

Every page records CSP violations (the `securitypolicyviolation` event) from before
its first script. The worksheet, the player and Pagefind search must work with none;
a copy of a page with an inline script, an on* handler, a javascript: link and an
inline style pasted in (as if something slipped past the reader) must run none of them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser import serve
from tests.conftest import BuildResult

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));
"""
POST = "posts/progress-is-not-a-straight-line/"
INJECTED = """
<script>window.__pwned = 'inline script';</script>
<img id="evil-img" src="/no-such-image.png" alt="" onerror="window.__pwned = 'onerror handler'">
<a id="evil-link" href="javascript:window.__pwned = 'javascript link'">link</a>
<p id="evil-style" style="color: rgb(255, 0, 0)">styled</p>
"""


def watched(new_page: Callable[..., Any]) -> Any:
    page = new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page: Any) -> list[str]:
    return page.evaluate("window.__csp")


def test_the_worksheet_script_runs_under_the_policy(new_page: Callable[..., Any], site_url: str) -> None:
    page = watched(new_page)
    page.goto(f"{site_url}/{POST}")
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")  # set by worksheet.js
    page.locator("textarea").first.fill("A calmer morning")
    assert page.locator(".print-copy").count() > 0
    assert violations(page) == []
    assert page.console_errors == []


def test_the_player_seeks_under_the_policy(new_page: Callable[..., Any], built_site: BuildResult,
                                           site_url: str) -> None:
    episodes = sorted(p.parent.name for p in (built_site.output / "episodes").glob("*/chapters.json"))
    assert episodes, "no episode with chapters was built"
    page = watched(new_page)
    page.goto(f"{site_url}/episodes/{episodes[0]}/")
    chapter = page.locator("a[data-seek]").nth(1)
    start = float(chapter.get_attribute("data-seek"))
    chapter.click()
    page.wait_for_function(f"() => document.getElementById('episode-audio').currentTime >= {start} - 0.5")
    assert violations(page) == []


def test_search_runs_pagefind_under_the_policy(new_page: Callable[..., Any], site_url: str) -> None:
    page = watched(new_page)
    page.goto(f"{site_url}/search/")
    page.fill("#search-q", "progress")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results li").count() > 0
    assert violations(page) == []
    assert page.console_errors == []


def test_injected_scripts_handlers_links_and_styles_do_not_run(new_page: Callable[..., Any],
                                                               built_site: BuildResult,
                                                               tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site.output, site)
    target = site / POST / "index.html"
    html = target.read_text(encoding="utf-8")
    assert "</main>" in html
    target.write_text(html.replace("</main>", INJECTED + "</main>", 1), encoding="utf-8")
    with serve(site) as url:
        page = watched(new_page)
        page.goto(f"{url}/{POST}")
        page.click("#evil-link")
        page.wait_for_function("() => window.__csp.length >= 3")
        assert page.evaluate("window.__pwned") is None
        color = page.evaluate("getComputedStyle(document.getElementById('evil-style')).color")
        assert color != "rgb(255, 0, 0)"
        found = violations(page)
    assert any(v.startswith("script-src-elem inline") for v in found), found
    assert any(v.startswith("script-src-attr inline") for v in found), found
    assert any(v.startswith("style-src-attr inline") for v in found), found
