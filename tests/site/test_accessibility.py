"""axe finds no violations on any page type, in light and dark colour schemes; the pages
make no request to another host and log no console error (a CSP block logs one)."""

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


@pytest.mark.browser
@pytest.mark.parametrize("scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_axe_violations(built_site: BuildResult, site_url: str, new_page: Callable[..., Any],
                                         axe: Any, kind: str, *, scheme: str) -> None:
    url = page_types(built_site.output)[kind]
    assert url is not None, f"the built site has no {kind} page"
    page = new_page(color_scheme=scheme)
    page.goto(site_url + url, wait_until="load")
    if kind == "search":
        page.wait_for_selector("#search-results li", timeout=15_000)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.foreign_requests == [], page.foreign_requests
    assert page.console_errors == [], page.console_errors
