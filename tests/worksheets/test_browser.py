"""The worksheet in Debian's Chromium: opt-in saving, downloads, import, then-and-now ratings,
no JavaScript, no other hosts, and axe in every state. (Keeping answers: test_keeping.py;
clearing: test_clearing.py; print: test_print.py; search: test_search.py.)"""

from __future__ import annotations

import datetime as dt
import json
import re
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
    press_undo,
    rated_on_two_days,
    saving_from,
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
    fresh.click("#ws-strengths-and-hobbies dialog button[value=import]")
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
    page = saving_from(new_page, ws_url + POST, dt.datetime(2026, 3, 2, 10, 0))
    page.check(f"{P}-closeness-2")
    history = f"{P} fieldset[data-question=closeness] [data-history]"
    assert "Saved rating: 2 today (2 March 2026)" in page.text_content(history)
    page.clock.set_fixed_time(dt.datetime(2026, 11, 20, 18, 0))
    page.reload()
    page.check(f"{P}-closeness-8")
    text = page.text_content(history)
    assert "Then: 2 (2 March 2026)" in text and "Now: 8 (20 November 2026)" in text
    chart = page.locator(f"{history} svg")
    assert chart.get_attribute("role") == "img"
    assert "from 2 on 2 March 2026 to 8 on 20 November 2026" in chart.get_attribute("aria-label")
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
    press_undo(page)
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/worksheet/chart.js") for url in requests)
    assert any(url.endswith("/worksheet/clear.js") for url in requests)
    foreign = [url for url in requests if not url.startswith((ws_url + "/", "blob:" + ws_url, "data:"))]
    assert foreign == []
    assert page.foreign_requests == []
    assert page.console_errors == []


@on_every_device
@pytest.mark.parametrize("path", [POST, SHEET])
def test_axe_finds_no_violations_in_any_state(new_page: NewPage, ws_url: str, tmp_path: Path, path: str,
                                              device: str) -> None:
    """The page as it loads, with a then/now chart, with the clear dialog open, with undo, with a
    rating to keep for today, and with the import dialog open."""
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
    press_undo(page)
    page.clock.set_fixed_time(dt.datetime(2026, 4, 9, 10, 0))  # a week on: "Rate 6 again today"
    page.reload()
    page.wait_for_selector(f"{P} [data-action=rate-today]")
    states["rate again"] = axe.run(page)
    choose_file(page, tmp_path, record({"better-day": "From a file"}))
    page.wait_for_selector(f"{P} dialog[open]")
    states["import"] = axe.run(page)
    failed = {state: r.generate_report() for state, r in states.items() if r.violations_count}
    assert not failed, failed


# Import: checked whole, refused with a plain reason, brought together with what is here,
# after the reader has seen what will change; undone like clearing.
NOW = dt.datetime(2026, 6, 8, 10, 0)
HISTORY = f"{P} fieldset[data-question=closeness] [data-history]"


def record(answers: Any = None, ratings: Any = None) -> dict[str, Any]:
    return {"format": "stepwise-worksheet", "version": 1, "worksheet": "noticing-progress",
            "answers": {} if answers is None else answers, "ratings": {} if ratings is None else ratings}


def choose_file(page: Any, folder: Path, data: Any, name: str = "answers.json") -> None:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    page.set_input_files(f"{P}-import", str(path))


def june(new_page: NewPage, ws_url: str) -> Any:
    """Saving on, an answer, and a rating on each of 1 and 8 June 2026."""
    page = new_page()
    rated_on_two_days(page, ws_url + SHEET, (dt.datetime(2026, 6, 1, 10, 0), 8), (NOW, 9))
    page.fill(f"{P}-whats-better", "June answer")
    return page


def test_import_says_what_will_change_merges_histories_and_can_be_undone(new_page: NewPage, ws_url: str,
                                                                         tmp_path: Path) -> None:
    page = june(new_page, ws_url)
    january = record({"whats-better": "January answer", "better-day": "A January day"},
                     {"closeness": [{"date": "2026-01-06", "value": 4}, {"date": "2026-01-05", "value": 3}]})
    choose_file(page, tmp_path, january, "january.json")
    text = page.wait_for_selector(f"{P} dialog[open]").text_content()
    for said in ("Import from january.json?", "Adds answers to question 2.",
                 "Replaces your answers to question 1 with the file’s.",
                 "Adds 2 ratings to your rating history.",
                 "You can undo this until you leave the page."):
        assert said in text, said
    page.keyboard.press("Escape")                             # changed my mind: nothing changes
    page.wait_for_selector(f"{P} dialog", state="detached")
    assert page.input_value(f"{P}-whats-better") == "June answer"
    assert len(stored(page)["ratings"]["closeness"]) == 2

    choose_file(page, tmp_path, january, "january.json")
    page.click(f"{P} dialog button[value=import]")
    expect(page.locator(f"{P}-whats-better")).to_have_value("January answer")
    assert page.input_value(f"{P}-better-day") == "A January day"
    days = [r["date"] for r in stored(page)["ratings"]["closeness"]]
    assert days == ["2026-01-05", "2026-01-06", "2026-06-01", "2026-06-08"]   # June's ratings are kept
    assert "Then: 3 (5 January 2026). Now: 9 (8 June 2026)." in page.text_content(HISTORY)
    assert page.text_content(f"{P} [data-action=undo]") == "Undo the import"
    press_undo(page)
    assert page.input_value(f"{P}-whats-better") == "June answer"
    assert page.input_value(f"{P}-better-day") == ""
    assert [r["date"] for r in stored(page)["ratings"]["closeness"]] == ["2026-06-01", "2026-06-08"]
    assert page.text_content("[data-status]") == ("Brought back your answer to question 1. Took out the "
                                                  "answer to question 2 and 2 ratings, as before.")
    assert page.console_errors == []


def daily(days: int, last: dt.date = dt.date(2026, 5, 31)) -> list[dict[str, Any]]:
    """A rating a day for `days` days up to `last`."""
    return [{"date": (last - dt.timedelta(days=n)).isoformat(), "value": n % 11} for n in range(days)]


TOO_MANY = "more than 3,660 ratings for one question (ten years of a rating a day)"
REFUSED = {
    "answers that are not answers": ({"answers": "just a string", "ratings": [1, 2, 3]},
                                     "its answers are not written the way this site writes them"),
    "lines where text goes": ({"answers": {"whats-better": ["a", "b"]}},
                              "its answer to question 1 is not the kind of answer that question takes"),
    "a rating of 11": ({"answers": {"closeness": 11}},
                       "its answer to question 3 is not the kind of answer that question takes"),
    "a history that is a list": ({"ratings": [1, 2, 3]},
                                 "its rating history is not written the way this site writes it"),
    "a day that does not exist": ({"ratings": {"closeness": [{"date": "2026-13-45", "value": 3}]}},
                                  'it has a rating dated "2026-13-45", which is not a real day'),
    "a day of year 9999": ({"ratings": {"closeness": [{"date": "9999-99-99", "value": 5}]}},
                           'it has a rating dated "9999-99-99", which is not a real day'),
    "a day to come": ({"ratings": {"closeness": [{"date": "2031-01-01", "value": 5}]}},
                      "it has a rating dated 2031-01-01, a day that has not come yet"),
    "a rating out of range": ({"ratings": {"closeness": [{"date": "2026-01-01", "value": 12}]}},
                              "it has a rating of 12, where a rating is a whole number from 0 to 10"),
    "more ratings than ten years": ({"ratings": {"closeness": daily(3661)}}, f"it holds {TOO_MANY}"),
    "too many with the ones here": ({"ratings": {"closeness": daily(3660)}},   # and 1 and 8 June
                                    f"with the ratings here, question 3 would have {TOO_MANY}"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_import_refuses_a_file_of_the_wrong_shape_and_changes_nothing(new_page: NewPage, ws_url: str,
                                                                      tmp_path: Path, case: str) -> None:
    page = june(new_page, ws_url)
    before = stored(page)
    fields, why = REFUSED[case]
    choose_file(page, tmp_path, {**record(), **fields})
    said = f"That file cannot be imported: {why}. Nothing was changed."
    expect(page.locator("[data-status]")).to_have_text(said)
    assert page.locator(f"{P} dialog").count() == 0
    assert page.input_value(f"{P}-whats-better") == "June answer"
    assert stored(page) == before


def test_import_sorts_a_history_and_leaves_out_unknown_questions(new_page: NewPage, ws_url: str,
                                                                 tmp_path: Path) -> None:
    page = june(new_page, ws_url)
    ghost = [{"date": "2026-01-0" + str(n), "value": 5} for n in range(1, 4)]
    choose_file(page, tmp_path, record({"ghost": "boo"}, {
        "closeness": [{"date": "2026-05-20", "value": 7}, {"date": "2026-01-01", "value": 2}],
        "ghost": ghost}))
    text = page.wait_for_selector(f"{P} dialog[open]").text_content()
    assert "Leaves out 4 answers or ratings for questions this worksheet does not have." in text
    page.click(f"{P} dialog button[value=import]")
    expect(page.locator(HISTORY)).to_contain_text("Then: 2 (1 January 2026). Now: 9 (8 June 2026).")
    data = stored(page)
    assert list(data["ratings"]) == ["closeness"] and "ghost" not in data["answers"]
    days = [r["date"] for r in data["ratings"]["closeness"]]
    assert days == sorted(days) and days[0] == "2026-01-01"


def test_a_history_imported_with_saving_off_stays_in_this_tab_as_privacy_says(
        new_page: NewPage, ws_url: str, ws_site: Any, tmp_path: Path) -> None:
    page = opened(new_page, ws_url + SHEET)
    choose_file(page, tmp_path, record({}, {"closeness": [{"date": "2026-01-05", "value": 3}]}))
    text = page.wait_for_selector(f"{P} dialog[open]").text_content()
    assert "Adds 1 rating to your rating history (kept in this tab while saving is off)." in text
    page.click(f"{P} dialog button[value=import]")
    expect(page.locator(HISTORY)).to_contain_text("Saved rating: 3 on 5 January 2026.")
    assert storage_keys(page, "localStorage") == []
    assert stored(page, area="sessionStorage")["ratings"]["closeness"] == [{"date": "2026-01-05", "value": 3}]
    privacy = html.fromstring(ws_site.page("privacy/index.html"))
    saving_off = privacy.xpath("//table//tr[td[1][normalize-space()='What']]/td[2]")[0].text_content()
    assert "rating history you import" in saving_off


def test_the_same_rating_can_be_kept_for_a_later_day(new_page: NewPage, ws_url: str) -> None:
    page = saving_from(new_page, ws_url + SHEET, dt.datetime(2026, 3, 2, 10, 0))
    page.click(f"label:has({P}-coping-5)")
    coping = f"{P} fieldset[data-question=coping] [data-history]"
    days = ["2026-03-02"]
    page.clock.set_fixed_time(dt.datetime(2026, 3, 9, 10, 0))
    page.reload()
    assert page.is_checked(f"{P}-coping-5")
    assert page.text_content(f"{coping} p") == "Saved rating: 5 on 2 March 2026."
    page.click(f"label:has({P}-coping-5)")                   # the same number again, by pointer
    days.append("2026-03-09")
    assert [r["date"] for r in stored(page)["ratings"]["coping"]] == days
    page.clock.set_fixed_time(dt.datetime(2026, 3, 16, 10, 0))
    page.reload()
    page.focus(f"{P}-coping-5")
    page.keyboard.press("Space")                              # by keyboard
    days.append("2026-03-16")
    assert [r["date"] for r in stored(page)["ratings"]["coping"]] == days
    page.clock.set_fixed_time(dt.datetime(2026, 3, 23, 10, 0))
    page.reload()
    page.click(f"{coping} button:text('Rate 5 again today')")  # or with the history's own button
    days.append("2026-03-23")
    assert [(r["date"], r["value"]) for r in stored(page)["ratings"]["coping"]] == [(d, 5) for d in days]
    assert page.evaluate("document.activeElement.id") == "ws-noticing-progress-coping-5"
    assert page.text_content("[data-status]") == "Rated 5 again today, 23 March 2026."
    assert page.text_content(f"{coping} p") == "Then: 5 (2 March 2026). Now: 5 (23 March 2026)."


ZONES = {  # (the reader's time, the day it is there, written both ways)
    "Europe/London": ("2026-06-02T00:30:00+01:00", "2 June 2026", "2026-06-02"),      # 23:30 before, in UTC
    "America/New_York": ("2026-03-01T21:00:00-05:00", "1 March 2026", "2026-03-01"),  # 02:00 the day after
}


@pytest.mark.parametrize("zone", list(ZONES))
def test_every_day_shown_is_the_readers_own(new_page: NewPage, ws_url: str, zone: str) -> None:
    when, day, iso = ZONES[zone]
    page = saving_from(new_page, ws_url + SHEET, dt.datetime.fromisoformat(when), timezone_id=zone)
    page.check(f"{P}-coping-4")
    page.fill(f"{P}-whats-better", "Late at night")
    page.reload()
    assert page.text_content("[data-status]") == f"Restored the answers saved on this device on {day}."
    assert f"({day})" in page.text_content(f"{P} fieldset[data-question=coping] [data-history]")
    assert stored(page)["ratings"]["coping"] == [{"date": iso, "value": 4}]


def test_the_chart_places_each_rating_at_its_day(new_page: NewPage, ws_url: str) -> None:
    page = new_page()
    for day, value in ((dt.datetime(2026, 1, 5, 10), 3), (dt.datetime(2026, 1, 6, 10), 4),
                       (dt.datetime(2026, 6, 1, 10), 8), (dt.datetime(2026, 6, 8, 10), 9)):
        page.clock.set_fixed_time(day)
        page.goto(ws_url + SHEET)
        page.check(f"{P}-save")
        page.check(f"{P}-closeness-{value}")
    xs = page.eval_on_selector_all(f"{HISTORY} circle", "els => els.map((c) => Number(c.getAttribute('cx')))")
    assert len(xs) == 4
    span = xs[-1] - xs[0]
    assert (xs[1] - xs[0]) / span == pytest.approx(1 / 154, abs=0.01)   # a day of 154
    assert (xs[3] - xs[2]) / span == pytest.approx(7 / 154, abs=0.01)   # a week


def test_markdown_shows_answers_as_written_wherever_it_is_rendered(new_page: NewPage, ws_url: str) -> None:
    from markdown_it import MarkdownIt

    page = opened(new_page, ws_url + "/worksheets/strengths-and-hobbies/")
    fill_every_kind(page)
    tricky = ("# Not a heading\n---\n*stars* [link](http://example.com) ![img](http://tracker.example/p.png)\n"
              "<b>bold</b> &amp; `code`\n1. not a list\n> not a quote\n| a | b |\n|---|---|\n===\n~~gone~~")
    page.fill("#ws-strengths-and-hobbies-strength-this-week", tricky)
    page.fill("#ws-strengths-and-hobbies-rekindle-1", "- [x] a fake tick | and a table | cell |")
    page.fill("#ws-strengths-and-hobbies-strengths-other", "**Loud** <img src=x>")
    text = download(page, "markdown")
    renderers = {"Python-Markdown": lambda t: markdown.markdown(t, extensions=["extra"]),
                 "CommonMark": MarkdownIt("commonmark").enable(["table", "strikethrough"]).render}
    for name, render in renderers.items():
        shown = html.fromstring(f"<div>{render(text)}</div>")
        assert len(shown.xpath("//h1")) == 1 and len(shown.xpath("//h2")) == 5, name   # title, prompts
        made = "//img | //a | //hr | //b | //table | //blockquote | //code | //del | //s"
        assert not shown.xpath(made), name
        assert not [s for s in shown.xpath("//strong/text()") if "Loud" in s], name
        words = shown.text_content()
        for typed in ("# Not a heading", "![img](http://tracker.example/p.png)", "<b>bold</b> &amp; `code`",
                      "1. not a list", "> not a quote", "~~gone~~", "**Loud** <img src=x>",
                      "- [x] a fake tick"):
            assert typed in words, (name, typed)


def test_ten_years_of_ratings_are_summed_up_in_a_sentence_and_a_rating_is_quick(
        new_page: NewPage, ws_url: str, tmp_path: Path) -> None:
    """The chart's name once read out every point ("n on <long date>", 7,733 characters after
    a year), and with 10,000 imported points each rating click took ~10 s: a date formatted
    afresh for every point at every redraw."""
    page = june(new_page, ws_url)
    choose_file(page, tmp_path, record(ratings={"closeness": daily(3600)}))
    page.click(f"{P} dialog button[value=import]")
    chart = page.locator(f"{HISTORY} svg")
    expect(chart).to_have_attribute("aria-label", re.compile("3,602 ratings"))
    label = chart.get_attribute("aria-label")
    assert len(label) < 250, label
    said = "3,602 ratings, from 2 on 23 July 2016 to 9 on 8 June 2026; lowest 0, highest 10."
    assert label.endswith(said), label
    took = page.evaluate("""async (selector) => {
        const start = performance.now();
        document.querySelector('#ws-noticing-progress-closeness-3').click();
        const drawn = () => document.querySelector(selector)?.getAttribute('aria-label');
        while (!(drawn() || '').includes('from 2 on 23 July 2016 to 3 on'))
            await new Promise((resolve) => setTimeout(resolve, 5));
        return performance.now() - start;
    }""", f"{HISTORY} svg")
    assert took < 1500, f"a rating took {took:.0f} ms to show"
    assert page.console_errors == []


TYPED = ("The first line\nand the line under it\n\n    An indented paragraph, after a blank line\n\n"
         "\tA paragraph indented with a tab\n\nSee https://example.com/help and www.example.org, "
         "or write to me@example.com")
AUTOLINKS = re.compile(r"www\.|://|@", re.IGNORECASE)   # what GitHub's autolinks start from


def test_markdown_keeps_line_breaks_and_makes_no_code_or_link_of_typed_text(new_page: NewPage,
                                                                            ws_url: str) -> None:
    """An indented paragraph after a blank line became a code block, a bare address a link
    (GitHub's autolinks), and a single line break vanished into one paragraph."""
    from markdown_it import MarkdownIt

    page = opened(new_page, ws_url + SHEET)
    page.fill(f"{P}-whats-better", TYPED)
    text = download(page, "markdown")
    assert not AUTOLINKS.search(text), text
    renderers = {"Python-Markdown": lambda t: markdown.markdown(t, extensions=["extra"]),
                 "CommonMark": MarkdownIt("commonmark").enable(["table", "strikethrough"]).render}
    for name, render in renderers.items():
        shown = html.fromstring(f"<div>{render(text)}</div>")
        assert not shown.xpath("//pre | //code | //a"), (name, render(text))
        first = shown.xpath("//h2[1]/following-sibling::p[1]")[0]
        assert [t.strip() for t in first.xpath("text()")] == ["The first line", "and the line under it"], name
        assert first.xpath("br"), name
        words = shown.text_content()
        for typed in ("An indented paragraph, after a blank line", "A paragraph indented with a tab",
                      "See https://example.com/help and www.example.org, or write to me@example.com"):
            assert typed in words, (name, typed)
