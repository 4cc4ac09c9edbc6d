"""Browser fixtures shared by every browser test: a served site and Chromium pages.

Registered for the whole suite through ``pytest_plugins`` in tests/conftest.py, so a
test only asks for them by name:

    @pytest.mark.browser
    def test_x(site_url, new_page):
        page = new_page()                       # a fresh context: empty localStorage
        page.goto(f"{site_url}/posts/some-post/")

``serve(folder)`` serves any other output folder (a site a test built itself).
Pagefind needs http(s), not file://, which is why pages are always served.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import CHROMIUM_ARGS, HOW_TO_INSTALL, find_chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without a log line per request (pytest output stays readable)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
          ) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yield the base URL (no trailing slash)."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(built_site: Any) -> Iterator[str]:
    """The project's own site (the session's `built_site`), served over http."""
    with serve(built_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session, found by tests/chromium.py (STEPWISE_CHROMIUM or
    the usual places; `playwright install` does not work on this project's CI machine)."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(f"{HOW_TO_INSTALL} (`make test` runs scripts/install-system-deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """A factory of pages, each in its own context (fresh storage); closed after the test.

    Keyword arguments go to ``browser.new_context`` (e.g. ``color_scheme="dark"``,
    ``viewport={"width": 360, "height": 740}``). Each page records console errors and
    requests to other hosts in ``page.console_errors`` / ``page.foreign_requests``.
    """
    contexts: list[Any] = []

    def make(**context_args: Any) -> Any:
        context = browser.new_context(**context_args)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.foreign_requests = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("request", lambda req: _record_foreign(page, req.url))
        return page

    yield make
    for context in contexts:
        context.close()


def _record_foreign(page: Any, url: str) -> None:
    if not url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
        page.foreign_requests.append(url)
