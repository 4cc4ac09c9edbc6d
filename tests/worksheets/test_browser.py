"""The worksheet in Debian's Chromium: opt-in saving, downloads, import, then-and-now ratings,
no JavaScript, no other hosts, and axe in every state. (Keeping answers: test_keeping.py;
clearing: test_clearing.py; print: test_print.py; search: test_search.py.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import markdown
import pytest
from lxml import html
from playwright.sync_api import expect

from tests.worksheets.conftest import EVIL_PROMPT, EVIL_TITLE
from tests.worksheets.helpers import (
    POST,
    SHEET,
    NewPage,
    P,
    download,
    fill_every_kind,
    on_every_device,
    opened,
    rated_on_two_days,
    storage_keys,
    stored,
)
from tests.worksheets.printed import print_to_paper

pytestmark = pytest.mark.browser


def test_nothing_is_stored_on_the_device_before_the_reader_opts_in(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    assert not page.is_checked(f"{P}-save")
    page.fill(f"{P}-whats-better", "I went for a walk.")
    page.check(f"{P}-closeness-4")
    page.fill(f"{P}-one-point-higher-1", "Calling my sister")
    assert storage_keys(page, "localStorage") == []
    assert storage_keys(page, "sessionStorage") == ["stepwise:worksheet:v1:noticing-progress"]  # this tab
    assert page.evaluate("document.cookie") == ""
    assert stored(page, area="sessionStorage")["ratings"] == {}   # no history without opting in
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


def test_turning_saving_off_removes_the_stored_answers(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.check(f"{P}-save")
    page.fill(f"{P}-whats-better", "Something private")
    page.uncheck(f"{P}-save")
    assert stored(page) is None


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
    expect(fresh.locator("#ws-strengths-and-hobbies-strength-this-week")).not_to_have_value("")
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
    expect(page.locator("[data-status]")).to_contain_text("another worksheet")
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


def test_without_javascript_the_form_is_complete_and_prints_blank(new_page: NewPage, ws_url: str,
                                                                  tmp_path: Path) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(ws_url + SHEET)
    assert not page.is_visible("[data-tools]")
    page.fill(f"{P}-whats-better", "typed without script")
    page.press(f"{P}-one-point-higher-1", "Enter")  # must not submit answers anywhere
    assert page.url == ws_url + SHEET
    page.reload()
    page.emulate_media(media="print")
    assert page.locator(f"{P}-whats-better").is_visible()
    printed = print_to_paper(page, tmp_path)
    assert "Picture an ordinary day" in printed.text and "does not replace therapy" in printed.text
    assert "Save on this device" not in printed.text


def use_every_tool(page: Any) -> None:
    """Save, rate on two days (the chart) and download: every script but clearing is loaded."""
    rated_on_two_days(page, page.url, (dt.datetime(2026, 3, 2, 10, 0), 3),
                      (dt.datetime(2026, 4, 2, 10, 0), 6))
    page.fill(f"{P}-whats-better", "private")
    page.wait_for_selector(f"{P} .ws-chart")
    download(page, "json")


@pytest.mark.parametrize("path", [POST, SHEET])
def test_no_request_goes_to_another_host(new_page: NewPage, ws_url: str, path: str) -> None:
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(ws_url + path)
    use_every_tool(page)
    page.click(f"{P} [data-action=clear]")
    page.click(f"{P} dialog button[value=clear]")
    page.click(f"{P} [data-action=undo]")
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/worksheet/chart.js") for url in requests)
    assert any(url.endswith("/worksheet/clear.js") for url in requests)
    foreign = [url for url in requests if not url.startswith((ws_url + "/", "blob:" + ws_url, "data:"))]
    assert foreign == []
    assert page.foreign_requests == []
    assert page.console_errors == []


@on_every_device
@pytest.mark.parametrize("path", [POST, SHEET])
def test_axe_finds_no_violations_in_any_state(new_page: NewPage, ws_url: str, path: str, device: str) -> None:
    """The page as it loads, with a then/now chart, with the clear dialog open, and with undo."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = opened(new_page, ws_url + path, device)
    states = {"fresh": axe.run(page)}
    use_every_tool(page)
    states["chart"] = axe.run(page)
    page.click(f"{P} [data-action=clear]")
    page.wait_for_selector(f"{P} dialog[open]")
    states["dialog"] = axe.run(page)
    page.click(f"{P} dialog button[value=clear]")
    page.wait_for_selector(f"{P} [data-action=undo]:not([hidden])")
    states["undo"] = axe.run(page)
    failed = {state: r.generate_report() for state, r in states.items() if r.violations_count}
    assert not failed, failed
