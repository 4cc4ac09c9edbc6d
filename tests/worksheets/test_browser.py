"""The worksheet in Debian's Chromium: opt-in saving, clear, downloads, import, then-and-now
ratings, printing long answers, no other hosts, and axe."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
from lxml import html

from tests.worksheets.conftest import EVIL_PROMPT, EVIL_TITLE

pytestmark = pytest.mark.browser

POST = "/posts/progress-is-not-a-straight-line/"      # Worksheet: noticing-progress
SHEET = "/worksheets/noticing-progress/"
KEY = "stepwise:worksheet:v1:noticing-progress"
P = "#ws-noticing-progress"
NewPage = Callable[..., Any]


def stored(page: Any, key: str = KEY) -> dict | None:
    raw = page.evaluate("(key) => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def opened(new_page: NewPage, url: str, **context: Any) -> Any:
    page = new_page(**context)
    page.goto(url)
    return page


def test_nothing_is_stored_before_the_reader_opts_in(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    assert not page.is_checked(f"{P}-save")
    page.fill(f"{P}-whats-better", "I went for a walk.")
    page.check(f"{P}-closeness-4")
    page.fill(f"{P}-one-point-higher-1", "Calling my sister")
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    page.reload()
    assert page.input_value(f"{P}-whats-better") == ""
    assert page.console_errors == []


def test_answers_survive_a_reload_after_opting_in_and_are_shared_by_slug(new_page: NewPage,
                                                                         ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.check(f"{P}-save")
    page.fill(f"{P}-whats-better", "I went for a walk.\nTwice.")
    page.check(f"{P}-closeness-4")
    page.fill(f"{P}-one-point-higher-2", "Calling my sister")
    data = stored(page)
    assert data and data["answers"]["whats-better"] == "I went for a walk.\nTwice."
    page.reload()
    assert page.is_checked(f"{P}-save")
    assert page.input_value(f"{P}-whats-better") == "I went for a walk.\nTwice."
    assert page.is_checked(f"{P}-closeness-4")
    assert page.input_value(f"{P}-one-point-higher-2") == "Calling my sister"
    page.goto(ws_url + SHEET)  # the printable page shares the answers (same worksheet slug)
    assert page.input_value(f"{P}-whats-better") == "I went for a walk.\nTwice."
    assert page.console_errors == []


def test_clear_removes_everything_stored_for_the_worksheet(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.check(f"{P}-save")
    page.fill(f"{P}-whats-better", "Something private")
    page.check(f"{P}-coping-7")
    assert stored(page) is not None
    page.click("button[data-action=clear]")
    assert stored(page) is None
    assert page.evaluate("localStorage.length") == 0
    assert page.input_value(f"{P}-whats-better") == ""
    assert not page.is_checked(f"{P}-coping-7")
    assert not page.is_checked(f"{P}-save")
    page.fill(f"{P}-whats-better", "typed after clearing")
    page.reload()
    assert page.input_value(f"{P}-whats-better") == ""


def test_turning_saving_off_removes_the_stored_answers(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.check(f"{P}-save")
    page.fill(f"{P}-whats-better", "Something private")
    page.uncheck(f"{P}-save")
    assert stored(page) is None


def download(page: Any, action: str) -> str:
    with page.expect_download() as info:
        page.click(f"button[data-action={action}]")
    return Path(info.value.path()).read_text(encoding="utf-8")


def fill_every_kind(page: Any) -> None:
    s = "#ws-strengths-and-hobbies"
    page.check(f"{s}-strengths-2")
    page.fill(f"{s}-strengths-other", "Good with animals")
    page.fill(f"{s}-strength-this-week", "I listened to my friend.")
    page.fill(f"{s}-hobbies-1-1", "Reading")
    page.fill(f"{s}-hobbies-2-1", "Swimming")
    page.fill(f"{s}-rekindle-1", "A short swim")
    page.check(f"{s}-enjoyment-6")


def test_downloads_hold_the_answers_and_json_import_restores_them(new_page: NewPage, ws_url: str,
                                                                  tmp_path: Path) -> None:
    page = opened(new_page, ws_url + "/worksheets/strengths-and-hobbies/")
    fill_every_kind(page)
    text = download(page, "markdown")
    assert text.startswith("# Strengths and hobbies")
    for expected in ("I listened to my friend.", "- [x] Kind to others", "- [ ] Patient",
                     "Something else: Good with animals", "**Things I enjoy now**", "- Reading",
                     "- Swimming", "1. A short swim", "**6** out of 10"):
        assert expected in text, expected
    raw = download(page, "json")
    data = json.loads(raw)
    assert data["format"] == "stepwise-worksheet" and data["worksheet"] == "strengths-and-hobbies"
    answers = data["answers"]
    assert answers["strength-this-week"] == "I listened to my friend."
    assert answers["enjoyment"] == 6
    assert answers["hobbies"][0][0] == "Reading" and answers["hobbies"][1][0] == "Swimming"
    assert answers["strengths"] == {"checked": ["Kind to others"], "other": "Good with animals"}
    assert [q["id"] for q in data["questions"]][:2] == ["strengths", "strength-this-week"]
    assert stored(page, "stepwise:worksheet:v1:strengths-and-hobbies") is None  # never opted in

    saved = tmp_path / "answers.json"
    saved.write_text(raw, encoding="utf-8")
    fresh = opened(new_page, ws_url + "/worksheets/strengths-and-hobbies/")
    assert fresh.input_value("#ws-strengths-and-hobbies-strength-this-week") == ""
    fresh.set_input_files("#ws-strengths-and-hobbies-import", str(saved))
    fresh.wait_for_function(
        "document.querySelector('#ws-strengths-and-hobbies-strength-this-week').value !== ''")
    assert fresh.input_value("#ws-strengths-and-hobbies-strength-this-week") == "I listened to my friend."
    assert fresh.is_checked("#ws-strengths-and-hobbies-enjoyment-6")
    assert fresh.is_checked("#ws-strengths-and-hobbies-strengths-2")
    assert fresh.input_value("#ws-strengths-and-hobbies-hobbies-2-1") == "Swimming"
    assert fresh.input_value("#ws-strengths-and-hobbies-strengths-other") == "Good with animals"
    assert page.console_errors == [] and fresh.console_errors == []


def test_import_refuses_a_file_for_another_worksheet(new_page: NewPage, ws_url: str, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "stepwise-worksheet", "version": 1, "worksheet": "gratitude",
                                 "answers": {"whats-better": "not mine"}}), encoding="utf-8")
    page = opened(new_page, ws_url + SHEET)
    page.set_input_files(f"{P}-import", str(other))
    page.wait_for_function("document.querySelector('[data-status]').textContent !== ''")
    assert "another worksheet" in page.text_content("[data-status]")
    assert page.input_value(f"{P}-whats-better") == ""


def test_author_text_stays_text_in_the_downloads(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + "/posts/tricky-worksheet/")
    page.fill("#ws-tricky-evil", "My <b>answer</b> & more")
    data = json.loads(download(page, "json"))
    assert data["title"] == EVIL_TITLE
    assert data["questions"][0]["prompt"] == EVIL_PROMPT
    assert data["answers"]["evil"] == "My <b>answer</b> & more"
    text = download(page, "markdown")
    rendered = html.fromstring(f"<div>{markdown.markdown(text)}</div>")
    assert not rendered.xpath("//script | //b | //i")
    assert EVIL_PROMPT in rendered.text_content()
    assert "My <b>answer</b> & more" in rendered.text_content()
    assert EVIL_TITLE in rendered.text_content()
    assert page.console_errors == []


def test_two_ratings_on_different_days_show_as_then_and_now(new_page: NewPage, ws_url: str) -> None:
    page = new_page()
    page.clock.set_fixed_time(dt.datetime(2026, 3, 2, 10, 0))
    page.goto(ws_url + POST)
    page.check(f"{P}-save")
    page.check(f"{P}-closeness-2")
    history = f"{P} fieldset[data-question=closeness] [data-history]"
    assert "Saved rating: 2 on 2 March 2026" in page.text_content(history)
    page.clock.set_fixed_time(dt.datetime(2026, 11, 20, 18, 0))
    page.reload()
    page.check(f"{P}-closeness-8")
    text = page.text_content(history)
    assert "Then: 2 (2 March 2026)" in text and "Now: 8 (20 November 2026)" in text
    chart = page.locator(f"{history} svg")
    assert chart.get_attribute("role") == "img"
    assert "2 on 2 March 2026, 8 on 20 November 2026" in chart.get_attribute("aria-label")
    assert page.locator(f"{history} svg circle").count() == 2
    ratings = stored(page)["ratings"]["closeness"]
    assert ratings == [{"date": "2026-03-02", "value": 2}, {"date": "2026-11-20", "value": 8}]
    page.check(f"{P}-closeness-9")  # the same day again: the day's rating changes, no new point
    assert stored(page)["ratings"]["closeness"][-1] == {"date": "2026-11-20", "value": 9}
    assert len(stored(page)["ratings"]["closeness"]) == 2


def pdf_text(page: Any, tmp_path: Path) -> str:
    page.emulate_media(media="print")
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, encoding="utf-8",
                          check=True).stdout


def test_printing_shows_a_thirty_line_answer_in_full(new_page: NewPage, ws_url: str, tmp_path: Path) -> None:
    page = opened(new_page, ws_url + SHEET)
    lines = [f"Line {n:02d} of my answer" for n in range(1, 31)]
    page.fill(f"{P}-better-day", "\n".join(lines))
    page.fill(f"{P}-one-point-higher-1", "A long line item " + "word " * 40 + "END-OF-ITEM")
    text = pdf_text(page, tmp_path)
    for line in lines:
        assert line in text, line
    assert "END-OF-ITEM" in text
    assert "Save on this device" not in text and "Download as" not in text


def test_without_javascript_the_form_is_complete_and_prints_blank(new_page: NewPage, ws_url: str,
                                                                  tmp_path: Path) -> None:
    page = opened(new_page, ws_url + SHEET, java_script_enabled=False)
    assert not page.is_visible("[data-tools]")
    page.fill(f"{P}-whats-better", "typed without script")
    page.press(f"{P}-one-point-higher-1", "Enter")  # must not submit answers anywhere
    assert page.url == ws_url + SHEET
    page.reload()
    page.emulate_media(media="print")
    assert page.locator(f"{P}-whats-better").is_visible()
    text = pdf_text(page, tmp_path)
    assert "Picture an ordinary day" in text and "does not replace therapy" in text
    assert "Save on this device" not in text


@pytest.mark.parametrize("path", [POST, SHEET])
def test_no_request_goes_to_another_host(new_page: NewPage, ws_url: str, path: str) -> None:
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(ws_url + path)
    page.check(f"{P}-save")
    page.fill(f"{P}-whats-better", "private")
    page.check(f"{P}-closeness-5")
    with page.expect_download():
        page.click("button[data-action=json]")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert requests
    foreign = [url for url in requests if not url.startswith((ws_url + "/", "blob:" + ws_url, "data:"))]
    assert foreign == []
    assert page.foreign_requests == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [POST, SHEET])
def test_axe_finds_no_violations(new_page: NewPage, ws_url: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(color_scheme=scheme)
    page.clock.set_fixed_time(dt.datetime(2026, 3, 2, 10, 0))
    page.goto(ws_url + path)
    page.check(f"{P}-save")
    page.check(f"{P}-closeness-3")
    page.clock.set_fixed_time(dt.datetime(2026, 4, 2, 10, 0))
    page.reload()
    page.check(f"{P}-closeness-6")   # the then/now history and chart are on the page too
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
