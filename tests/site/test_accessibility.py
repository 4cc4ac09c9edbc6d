"""axe finds no violations on any page type, in light and dark colour schemes, on a desktop and
a touch phone; the pages make no request to another host and log no console error (a CSP block
logs one); no page scrolls sideways at 320 px; and on a phone every control of the site's own is
a 44 px target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BuildResult

COLOR_SCHEMES = ("light", "dark")


def _first(output: Path, pattern: str) -> str | None:
    """The URL of the first page matching `pattern` (e.g. 'episodes/*/index.html'), if any."""
    found = sorted(p for p in output.glob(pattern) if p.parent.name != "page")
    return "/" + found[0].relative_to(output).parent.as_posix() + "/" if found else None


def page_types(output: Path) -> dict[str, str | None]:
    """One URL per page type; None where the site has no such page (a failure)."""
    return {
        "home": "/",
        "post": _first(output, "posts/*/index.html"),
        "episode": _first(output, "episodes/*/index.html"),
        "worksheet": _first(output, "worksheets/*/index.html"),
        "search": "/search/?q=therapy",
        "tag": _first(output, "tags/*/index.html"),
        "author": _first(output, "authors/*/index.html"),
        "archives": "/archives/",
        "page": "/about/",            # a Markdown page, with the practice's contact block
        "worksheets": "/worksheets/",
        "404": "/404.html",
    }


PAGE_TYPES = ("home", "post", "episode", "worksheet", "search", "tag", "author", "archives", "page",
              "worksheets", "404")


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # axe-core bundled in the package: nothing is downloaded


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DEVICES = {"desktop": {}, "phone": PHONE}


@pytest.mark.browser
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("kind", [*PAGE_TYPES, "privacy"])
def test_page_type_has_no_axe_violations(built_site: BuildResult, site_url: str, new_page: Callable[..., Any],
                                         axe: Any, kind: str, *, scheme: str, device: str) -> None:
    url = {**page_types(built_site.output), "privacy": "/privacy/"}[kind]
    assert url is not None, f"the built site has no {kind} page"
    page = new_page(color_scheme=scheme, **DEVICES[device])
    page.goto(site_url + url, wait_until="load")
    if kind == "search":
        page.wait_for_selector("#search-results li", timeout=15_000)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.foreign_requests == [], page.foreign_requests
    assert page.console_errors == [], page.console_errors


# WCAG 2.5.5 (target size, 44 x 44 CSS px) for the site's own controls on a touch phone. A link
# inside running text is exempt ("inline"): these blocks hold sentences an author or the
# practice wrote, where a link is a word among words.
IN_SENTENCES = ", ".join((
    ".entry-body p", ".entry-body li", ".entry-body td", ".byline", ".episode-people", ".card .episode-facts",
    ".card-summary", ".author-box p + p", ".person-intro p", ".worksheet-where p", ".worksheet-used-with",
    ".worksheet-shared", ".contact-note", ".search-fallback", ".search-private", ".feed-note",
    ".transcript-help", ".safe-messaging p", ".redirect-note p", "main > p", "main section > p"))
SMALL_TARGETS = """([inSentences]) => {
    const targets = 'a[href], button, input:not([type=hidden]), textarea, select, summary, label.scale-point';
    const seen = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return [...document.querySelectorAll(targets)].filter(seen).flatMap((el) => {
        if (el.matches('a') && el.closest(inSentences)) return [];
        if (el.closest('audio, .visually-hidden, dialog:not([open])')) return [];
        let box = el.getBoundingClientRect();
        const label = el.labels && el.labels[0];
        if (label && (el.type === 'checkbox' || el.type === 'radio')) {
            const row = label.closest('li, p') || label;   // the row the box and its label make
            const r = row.getBoundingClientRect();
            box = {width: Math.max(box.width, r.width), height: Math.max(box.height, r.height)};
        }
        const name = (el.textContent || el.value || el.id || el.type).trim().slice(0, 40);
        const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
        return box.width < 44 || box.height < 44 ? [`${el.tagName.toLowerCase()} "${name}" ${size}`] : [];
    });
}"""


@pytest.mark.browser
@pytest.mark.parametrize("kind", [*PAGE_TYPES, "privacy", "episodes"])
def test_every_control_is_a_44_px_target_on_a_touch_phone(built_site: BuildResult, site_url: str,
                                                          new_page: Callable[..., Any], kind: str) -> None:
    url = {**page_types(built_site.output), "privacy": "/privacy/", "episodes": "/episodes/"}[kind]
    page = new_page(**PHONE)
    page.goto(site_url + url, wait_until="load")
    if kind == "search":
        page.wait_for_selector("#search-results li", timeout=15_000)
    page.focus(".skip-link")                                  # shown once it has the focus
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    assert page.evaluate(SMALL_TARGETS, [IN_SENTENCES]) == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", [*PAGE_TYPES, "privacy"])
def test_no_page_scrolls_sideways_at_320_px(built_site: BuildResult, site_url: str,
                                            new_page: Callable[..., Any], kind: str) -> None:
    """WCAG 1.4.10 reflow: 320 CSS px wide (a 1280 px window at 400 %) needs no sideways scrolling."""
    url = {**page_types(built_site.output), "privacy": "/privacy/"}[kind]
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(site_url + url, wait_until="load")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width && r.right > 321 && getComputedStyle(e).position !== 'absolute';
    }).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide
