"""The player helpers in Chromium: chapter and transcript links seek the audio (under
the site's CSP); the subscribe box has its own tests (test_subscribe_browser.py).

Seeking needs HTTP range requests (as Apple requires of media hosts too), and
Python's http.server has none, so the site is served here by a small handler
that answers a single `Range: bytes=a-b` request; the stdlib has nothing ready.
"""

from __future__ import annotations

import contextlib
import http.server
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import serve
from tests.conftest import BuildResult

pytestmark = pytest.mark.browser


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start, end = int(match.group(1)), int(match.group(2) or size - 1)
        end = min(end, size - 1)
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return handle

    def copyfile(self, source: Any, outputfile: Any) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # normal for media
            super().copyfile(source, outputfile)


def serve_ranges(folder: Path) -> contextlib.AbstractContextManager[str]:
    """Serve `folder` with byte ranges on 127.0.0.1; the base URL."""
    return serve(folder, RangeHandler)


@pytest.fixture(scope="module")
def ranged_url(built_site: BuildResult) -> Iterator[str]:
    with serve_ranges(built_site.output) as url:
        yield url


def _seeked(page: Any, selector: str, at_least: float) -> float:
    page.click(selector)
    page.wait_for_function(f"() => document.getElementById('episode-audio').currentTime >= {at_least}")
    return page.evaluate("document.getElementById('episode-audio').currentTime")


def test_chapter_link_seeks_the_player(ranged_url: str, new_page: Any) -> None:
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{ranged_url}/episodes/small-wins-count/")
    assert _seeked(page, "a[data-seek='12.0']", 12) < 20  # from the chapter, not from the start
    assert page.url.endswith("/episodes/small-wins-count/")  # stayed on the page
    assert not [e for e in errors if "Content Security Policy" in e]


def test_transcript_time_seeks_the_player_and_marks_the_cue(ranged_url: str, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{ranged_url}/episodes/small-wins-count/")
    _seeked(page, "a.cue-time[data-seek='20.762']", 20.762)
    page.wait_for_function("() => document.querySelector('.transcript li[aria-current]') !== null")
    current = page.evaluate("document.querySelector('.transcript li[aria-current]').dataset.start")
    assert float(current) >= 12.938


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # bundled axe-core: nothing is downloaded


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/episodes/small-wins-count/", "/episodes/welcome-to-stepwise/",
                                  "/episodes/", "/guests/dana-reyes/", "/authors/", "/archives/"])
def test_podcast_pages_have_no_axe_violations(ranged_url: str, new_page: Any, axe: Any, path: str,
                                              scheme: str) -> None:
    page = new_page(color_scheme=scheme)
    page.goto(ranged_url + path, wait_until="load")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
