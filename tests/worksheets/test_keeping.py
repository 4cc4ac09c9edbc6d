"""Nothing typed is lost by accident. While saving on the device is off, answers are kept in
this tab (sessionStorage): a reload or a slip of the back button loses nothing, closing the
tab forgets them, and leaving with answers that are neither saved nor downloaded asks first.
The choice to keep them on the device stays opt-in, explained next to the first question."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.worksheets.helpers import (
    EVERY_KIND,
    KEY,
    POST,
    SHEET,
    Dialogs,
    NewPage,
    P,
    download,
    every_kind_is_filled,
    fill_every_kind,
    on_two_corners,
    opened,
    storage_keys,
    stored,
)

pytestmark = pytest.mark.browser
EVERY_KIND_KEY = "stepwise:worksheet:v1:strengths-and-hobbies"


@on_two_corners
def test_every_kind_of_answer_survives_a_reload_while_saving_is_off(new_page: NewPage, ws_url: str,
                                                                     device: str) -> None:
    page = opened(new_page, ws_url + EVERY_KIND, device)
    dialogs = Dialogs(page)
    fill_every_kind(page)
    assert storage_keys(page, "localStorage") == []          # not on the device: not opted in
    assert storage_keys(page, "sessionStorage") == [EVERY_KIND_KEY]
    assert page.evaluate("document.cookie") == ""
    page.reload()
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert dialogs.seen == ["beforeunload"]                  # the reload asked first
    assert every_kind_is_filled(page)
    assert not page.is_checked("#ws-strengths-and-hobbies-save")
    assert "Brought back what you wrote in this tab" in page.text_content("[data-status]")
    assert storage_keys(page, "localStorage") == []
    assert page.console_errors == []


@on_two_corners
def test_a_slip_of_the_back_button_loses_nothing(new_page: NewPage, ws_url: str, device: str) -> None:
    page = opened(new_page, ws_url + POST, device)
    Dialogs(page)
    page.fill(f"{P}-whats-better", "A slow morning that went well")
    page.check(f"{P}-coping-6")
    page.click(".site-name")                                  # away, then back
    page.wait_for_url(ws_url + "/")
    page.go_back()
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert page.input_value(f"{P}-whats-better") == "A slow morning that went well"
    assert page.is_checked(f"{P}-coping-6")


def test_closing_the_tab_forgets_answers_that_were_not_saved(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", "Only for this tab")
    other_tab = page.context.new_page()                       # same browser, a new tab
    other_tab.goto(ws_url + POST)
    other_tab.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert other_tab.input_value(f"{P}-whats-better") == ""
    assert storage_keys(other_tab, "sessionStorage") == []
    assert storage_keys(other_tab, "localStorage") == []


def leave(page: Any, ws_url: str, *, asked: bool, stays: bool = False) -> None:
    """Click the site's name and wait for what follows: the prompt (`asked`), then the page
    that was left behind (`stays`, the reader said stay) or the home page."""
    if asked:
        with page.expect_event("dialog"):
            page.click(".site-name", no_wait_after=True)
    else:
        page.click(".site-name")
    if not stays:
        page.wait_for_url(ws_url + "/")


@on_two_corners
def test_leaving_with_answers_that_are_not_kept_anywhere_asks_first(new_page: NewPage, ws_url: str,
                                                                    device: str) -> None:
    page = opened(new_page, ws_url + SHEET, device)
    dialogs = Dialogs(page, accept=False)
    page.fill(f"{P}-better-day", "A coffee outside")
    leave(page, ws_url, asked=True, stays=True)
    assert dialogs.seen == ["beforeunload"]
    assert page.url == ws_url + SHEET                         # the reader said stay: nothing lost
    assert page.input_value(f"{P}-better-day") == "A coffee outside"

    download(page, "markdown")                                # a copy is kept: no need to ask
    dialogs.accept = True
    leave(page, ws_url, asked=False)
    assert dialogs.seen == ["beforeunload"]
    assert page.url == ws_url + "/"


def test_leaving_asks_nothing_when_nothing_would_be_lost(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + SHEET)
    dialogs = Dialogs(page)
    page.click(f"{P}-better-day")                             # looked, typed nothing
    leave(page, ws_url, asked=False)
    page.goto(ws_url + SHEET)
    page.check(f"{P}-save")
    page.fill(f"{P}-better-day", "Saved on this device")
    leave(page, ws_url, asked=False)
    assert dialogs.seen == []
    assert page.url == ws_url + "/"


@on_two_corners
def test_the_saving_choice_is_one_plain_sentence_next_to_the_first_question(new_page: NewPage, ws_url: str,
                                                                            device: str) -> None:
    page = opened(new_page, ws_url + POST, device)
    keep = page.locator(f"{P} .worksheet-keep")
    assert keep.evaluate("box => box.nextElementSibling.matches('fieldset[data-question]')")
    assert page.locator(f"{P} fieldset[data-question]").first.evaluate(
        "fs => fs.previousElementSibling.classList.contains('worksheet-keep')")
    note = keep.locator("[data-keep-note]")
    off = note.text_content()
    assert len(re.findall(r"[.!?](\s|$)", off)) == 1, off   # one sentence
    assert "tab" in off and "close" in off
    assert page.get_attribute(f"{P}-save", "aria-describedby") == note.get_attribute("id")
    box, first = keep.bounding_box(), page.locator(f"{P} fieldset[data-question]").first.bounding_box()
    assert 0 <= first["y"] - (box["y"] + box["height"]) < 40  # read on the way to the first question
    page.check(f"{P}-save")
    on = note.text_content()
    assert on != off and "this device" in on and len(re.findall(r"[.!?](\s|$)", on)) == 1
    page.click(f"{P} .worksheet-where summary")
    where = page.text_content(f"{P} .worksheet-where")
    for words in (KEY, "session storage", "until you close the tab", "local storage", "seven days"):
        assert words in where, words


def test_opting_in_moves_the_answers_from_this_tab_to_this_device_and_back(new_page: NewPage,
                                                                           ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", "Moved to the device")
    assert stored(page, area="sessionStorage")["answers"]["whats-better"] == "Moved to the device"
    page.check(f"{P}-save")
    assert storage_keys(page, "sessionStorage") == []
    assert stored(page)["answers"]["whats-better"] == "Moved to the device"
    other_tab = page.context.new_page()                       # the device copy is in every tab
    other_tab.goto(ws_url + SHEET)
    other_tab.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert other_tab.input_value(f"{P}-whats-better") == "Moved to the device"
    page.uncheck(f"{P}-save")
    assert storage_keys(page, "localStorage") == []
    assert stored(page, area="sessionStorage")["answers"]["whats-better"] == "Moved to the device"
    assert page.is_visible(f"{P} [data-action=undo]")


def test_without_javascript_the_note_says_nothing_is_kept(new_page: NewPage, ws_url: str) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(ws_url + SHEET)
    assert "Nothing you type here is stored anywhere" in page.text_content(f"{P} [data-keep-note]")
    assert not page.is_visible(f"{P}-save")


def test_opening_the_worksheets_own_page_takes_the_answers_along_without_asking(new_page: NewPage,
                                                                                ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    dialogs = Dialogs(page)
    page.fill(f"{P}-whats-better", "Carried along")
    page.click(f"a[data-carries-answers][href='{SHEET}']")
    page.wait_for_url(ws_url + SHEET)
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert dialogs.seen == []
    assert page.input_value(f"{P}-whats-better") == "Carried along"
    leave(page, ws_url, asked=True)                           # anywhere else still asks
    assert dialogs.seen == ["beforeunload"]
