"""A reader's whole journey, in order, as one test that stops at the first step that breaks:
arrive from search, read, listen, fill in every kind of question, reload by accident, opt in,
come back a week later, re-rate, compare, export, print, clear, undo."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.worksheets.conftest import JOURNEY_EPISODE
from tests.worksheets.helpers import (
    DEVICES,
    Dialogs,
    NewPage,
    S,
    download,
    every_kind_is_filled,
    fill_every_kind,
    on_every_device,
    press_undo,
    storage_keys,
    stored,
)
from tests.worksheets.printed import fullness, print_to_paper, words_on_rules

pytestmark = pytest.mark.browser
KEY = "stepwise:worksheet:v1:strengths-and-hobbies"
FIRST_VISIT = dt.datetime(2026, 11, 2, 19, 30)
A_WEEK_LATER = FIRST_VISIT + dt.timedelta(days=7)
HISTORY = f"{S} fieldset[data-question=enjoyment] [data-history]"


class Journey:
    """Numbered steps; the first that fails ends the test, naming the step."""

    def __init__(self) -> None:
        self.number = 0

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.number += 1
        try:
            yield
        except Exception as problem:  # any failure, named by its step
            pytest.fail(f"step {self.number}, {name}: {type(problem).__name__}: {problem}", pytrace=False)


def watched(page: Any) -> Any:
    """Record console errors and requests to other hosts, as tests/browser.py does for its pages."""
    page.console_errors, page.foreign_requests = [], []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("request", lambda req: req.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
            or page.foreign_requests.append(req.url))
    return page


def ready(page: Any) -> None:
    page.wait_for_selector(f"{S}.has-print-copies", state="attached")


@on_every_device
def test_a_reader_goes_the_whole_way(new_page: NewPage, ws_url: str, tmp_path: Path, device: str) -> None:
    journey = Journey()
    page = new_page(**DEVICES[device])
    page.clock.set_fixed_time(FIRST_VISIT)
    dialogs = Dialogs(page)

    with journey.step("arrive from search"):
        page.goto(f"{ws_url}/search/")
        page.fill("#search-q", "pastimes")                    # a word only in one question
        page.click("#search-form button[type=submit]")
        result = page.locator(f"#search-results a[href='{JOURNEY_EPISODE}']")
        expect(result).to_be_visible(timeout=15_000)
        result.click()
        page.wait_for_url(ws_url + JOURNEY_EPISODE)

    with journey.step("read"):
        expect(page.locator("h1")).to_have_text("Small wins count")
        page.get_by_role("heading", name="In this episode").scroll_into_view_if_needed()
        assert "small wins" in page.text_content(".entry-body")

    with journey.step("listen"):
        chapter = page.locator("a[data-seek]").nth(1)
        start = float(chapter.get_attribute("data-seek"))
        chapter.click()
        expect(page.locator("#episode-audio")).to_have_js_property("paused", False, timeout=10_000)
        page.wait_for_function(f"() => document.getElementById('episode-audio').currentTime > {start}")
        page.evaluate("document.getElementById('episode-audio').pause()")

    with journey.step("fill in every kind of question"):
        ready(page)
        page.locator(f"{S} fieldset[data-question]").first.scroll_into_view_if_needed()
        fill_every_kind(page)
        assert every_kind_is_filled(page)

    with journey.step("reload by accident"):
        page.reload()
        ready(page)
        assert dialogs.seen == ["beforeunload"], "leaving with unsaved answers did not ask first"
        assert every_kind_is_filled(page), "answers typed before saving were lost"

    with journey.step("opt in to saving on this device"):
        page.check(f"{S}-save")
        assert stored(page, KEY)["answers"]["strength-this-week"] == "I listened to my friend."
        assert storage_keys(page, "sessionStorage") == []
        assert "Saved rating: 6" in page.text_content(HISTORY)
        page.click(".site-name")                              # off for a week: nothing to ask
        page.wait_for_url(ws_url + "/")
        assert dialogs.seen == ["beforeunload"]
        page.close()

    assert page.console_errors == [] and page.foreign_requests == []
    page = watched(page.context.new_page())
    page.clock.set_fixed_time(A_WEEK_LATER)
    with journey.step("come back a week later"):
        page.goto(ws_url + JOURNEY_EPISODE)
        ready(page)
        assert every_kind_is_filled(page)
        assert "Restored the answers saved on this device on 2 November 2026" in page.text_content(
            f"{S} [data-status]")

    with journey.step("re-rate"):
        page.check(f"{S}-enjoyment-8")
        ratings = stored(page, KEY)["ratings"]["enjoyment"]
        assert ratings == [{"date": "2026-11-02", "value": 6}, {"date": "2026-11-09", "value": 8}], ratings

    with journey.step("compare then and now"):
        assert "Then: 6 (2 November 2026). Now: 8 (9 November 2026)." in page.text_content(HISTORY)
        chart = page.wait_for_selector(f"{HISTORY} svg")
        assert "from 6 on 2 November 2026 to 8 on 9 November 2026" in chart.get_attribute("aria-label")

    with journey.step("export"):
        text = download(page, "markdown")
        for expected in ("I listened to my friend.", "- [x] Kind to others", "- Swimming",
                         "**8** out of 10", "- 2 November 2026: 6", "- 9 November 2026: 8"):
            assert expected in text, expected
        data = json.loads(download(page, "json"))
        assert data["ratings"]["enjoyment"][-1] == {"date": "2026-11-09", "value": 8}

    with journey.step("print"):
        printed = print_to_paper(page, tmp_path)
        for expected in ("Small wins count", "I listened to my friend.", "Good with animals", "A short swim"):
            assert expected in printed.text, expected
        assert "Save on this device" not in printed.text
        assert words_on_rules(printed, re.compile(r"listened|Swimming|swim|animals")) == []
        assert all(fullness(image) >= 0.5 for image in printed.pages[:-1])

    with journey.step("clear"):
        page.click(f"{S} [data-action=clear]")
        page.check(f"{S}-clear-history")
        page.click(f"{S} dialog button[value=clear]")
        page.wait_for_selector(f"{S} dialog", state="detached")
        assert storage_keys(page, "localStorage") == [] and storage_keys(page, "sessionStorage") == []
        assert page.input_value(f"{S}-strength-this-week") == ""

    with journey.step("undo"):
        press_undo(page, S)
        assert every_kind_is_filled(page, rating=8)
        assert len(stored(page, KEY)["ratings"]["enjoyment"]) == 2
        assert page.console_errors == [] and page.foreign_requests == []
