"""Clearing is safe: it asks first and says what will go (the answers, and separately the
rating history, kept unless the reader ticks it), and an undo lasts until the reader leaves
the page (kept in memory only: nothing cleared stays on the device)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.worksheets.helpers import (
    DEVICES,
    POST,
    NewPage,
    P,
    on_two_corners,
    opened,
    press_undo,
    rated_on_two_days,
    storage_keys,
    stored,
)

pytestmark = pytest.mark.browser
HISTORY = f"{P} fieldset[data-question=closeness] [data-history]"


def with_history(new_page: NewPage, ws_url: str, device: str = "desktop-light") -> Any:
    """A reader who saved, rated on two days, and wrote an answer."""
    page = new_page(**DEVICES[device])
    rated_on_two_days(page, ws_url + POST, (dt.datetime(2026, 3, 2, 10, 0), 3),
                      (dt.datetime(2026, 3, 16, 10, 0), 6))
    page.fill(f"{P}-whats-better", "Weeks of small steps")
    return page


def open_clear(page: Any) -> Any:
    page.click(f"{P} [data-action=clear]")
    return page.wait_for_selector(f"{P} dialog[open]")


def confirm_clear(page: Any) -> None:
    page.click(f"{P} dialog button[value=clear]")
    page.wait_for_selector(f"{P} dialog", state="detached")  # closing is an event: wait for it


@on_two_corners
def test_the_confirmation_names_the_answers_and_separately_the_rating_history(new_page: NewPage, ws_url: str,
                                                                             device: str) -> None:
    page = with_history(new_page, ws_url, device)
    dialog = open_clear(page)
    text = dialog.text_content()
    assert "your answers to 2 of the 5 questions from this page and from this device" in text
    assert "Also delete your rating history: 2 ratings saved between 2 March 2026 and 16 March 2026" in text
    assert "undo this until you leave the page" in text
    assert not page.is_checked(f"{P}-clear-history")         # history is kept unless ticked
    assert page.evaluate("document.activeElement.textContent") == "Keep everything"
    page.keyboard.press("Escape")                             # changed my mind
    page.wait_for_selector(f"{P} dialog", state="detached")
    assert page.input_value(f"{P}-whats-better") == "Weeks of small steps"
    assert len(stored(page)["ratings"]["closeness"]) == 2


@on_two_corners
def test_clearing_the_answers_keeps_the_rating_history_and_undo_brings_them_back(
        new_page: NewPage, ws_url: str, device: str) -> None:
    page = with_history(new_page, ws_url, device)
    open_clear(page)
    confirm_clear(page)
    assert page.input_value(f"{P}-whats-better") == ""
    assert not page.is_checked(f"{P}-closeness-6")
    data = stored(page)
    assert data["answers"]["whats-better"] == "" and len(data["ratings"]["closeness"]) == 2
    assert page.is_checked(f"{P}-save")
    assert "Then: 3 (2 March 2026). Now: 6 (16 March 2026)." in page.text_content(HISTORY)
    assert "rating history is kept on this device" in page.text_content("[data-status]")
    press_undo(page)
    assert page.input_value(f"{P}-whats-better") == "Weeks of small steps"
    assert page.is_checked(f"{P}-closeness-6")
    assert stored(page)["answers"]["whats-better"] == "Weeks of small steps"
    assert page.is_hidden(f"{P} [data-action=undo]")
    assert page.console_errors == []


def test_clearing_everything_leaves_nothing_on_the_device_until_undone(new_page: NewPage,
                                                                       ws_url: str) -> None:
    page = with_history(new_page, ws_url)
    open_clear(page)
    page.check(f"{P}-clear-history")
    confirm_clear(page)
    assert storage_keys(page, "localStorage") == [] and storage_keys(page, "sessionStorage") == []
    assert not page.is_checked(f"{P}-save")
    assert page.is_hidden(HISTORY)
    assert "answers and rating history were cleared from this page and this device" in page.text_content(
        "[data-status]")
    page.fill(f"{P}-better-day", "Typed after clearing")    # the undo outlasts more writing
    page.clock.set_fixed_time(dt.datetime(2026, 3, 16, 11, 30))
    press_undo(page)
    assert page.is_checked(f"{P}-save")
    assert page.input_value(f"{P}-whats-better") == "Weeks of small steps"
    assert len(stored(page)["ratings"]["closeness"]) == 2
    assert "Then: 3" in page.text_content(HISTORY)
    # What was typed after clearing is not lost either: the undo can be undone.
    assert page.text_content(f"{P} [data-action=undo]") == "Undo: bring back what I typed after clearing"
    press_undo(page)
    assert page.input_value(f"{P}-better-day") == "Typed after clearing"


def test_the_undo_ends_when_the_reader_leaves_the_page(new_page: NewPage, ws_url: str) -> None:
    page = with_history(new_page, ws_url)
    open_clear(page)
    page.check(f"{P}-clear-history")
    confirm_clear(page)
    page.reload()
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert page.input_value(f"{P}-whats-better") == ""
    assert page.is_hidden(f"{P} [data-action=undo]")
    assert storage_keys(page, "localStorage") == [] and storage_keys(page, "sessionStorage") == []


def test_unticking_saving_can_be_undone_too(new_page: NewPage, ws_url: str) -> None:
    page = with_history(new_page, ws_url)
    page.uncheck(f"{P}-save")
    assert storage_keys(page, "localStorage") == []           # off means off, at once
    assert page.is_hidden(HISTORY)
    press_undo(page)
    assert page.is_checked(f"{P}-save")
    assert len(stored(page)["ratings"]["closeness"]) == 2


def test_clearing_with_saving_off_clears_this_tab(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", "Just for now")
    dialog = open_clear(page)
    assert "from this page." in dialog.text_content() and "rating history" not in dialog.text_content()
    confirm_clear(page)
    assert storage_keys(page, "sessionStorage") == []
    press_undo(page)
    assert page.input_value(f"{P}-whats-better") == "Just for now"
    assert stored(page, area="sessionStorage")["answers"]["whats-better"] == "Just for now"


def test_with_nothing_to_clear_it_says_so(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.click(f"{P} [data-action=clear]")
    expect(page.locator("[data-status]")).to_have_text("There is nothing to clear.")
    assert page.locator("dialog").count() == 0


def test_clearing_in_one_tab_clears_the_other_so_nothing_is_written_back(new_page: NewPage,
                                                                         ws_url: str) -> None:
    """A stale tab must not put back on the device what the reader cleared in another."""
    page = with_history(new_page, ws_url)
    other = page.context.new_page()
    other.goto(ws_url + POST)
    other.wait_for_selector(".worksheet.has-print-copies", state="attached")
    assert other.input_value(f"{P}-whats-better") == "Weeks of small steps"
    open_clear(page)
    page.check(f"{P}-clear-history")
    confirm_clear(page)
    expect(other.locator(f"{P}-whats-better")).to_have_value("")
    assert not other.is_checked(f"{P}-save")
    other.fill(f"{P}-better-day", "typed in the stale tab")
    assert storage_keys(other, "localStorage") == []


def test_undo_brings_back_everything_removed_since_the_page_was_opened(new_page: NewPage,
                                                                      ws_url: str) -> None:
    page = with_history(new_page, ws_url)
    open_clear(page)
    confirm_clear(page)                                       # the answers; the history stays
    open_clear(page)
    page.check(f"{P}-clear-history")
    confirm_clear(page)                                       # then the history too
    assert page.text_content(f"{P} [data-action=undo]") == "Undo both changes"
    press_undo(page)
    assert page.input_value(f"{P}-whats-better") == "Weeks of small steps"
    assert page.is_checked(f"{P}-closeness-6") and page.is_checked(f"{P}-save")
    assert len(stored(page)["ratings"]["closeness"]) == 2
    assert page.text_content("[data-status]") == ("Brought back your answers to questions 1 and 3, 2 ratings "
                                                  "of your history and saving on this device.")


def test_undo_after_clearing_and_unticking_saving_brings_back_both(new_page: NewPage, ws_url: str) -> None:
    page = with_history(new_page, ws_url)
    open_clear(page)
    confirm_clear(page)
    page.uncheck(f"{P}-save")
    press_undo(page)
    assert page.input_value(f"{P}-whats-better") == "Weeks of small steps"
    assert page.is_checked(f"{P}-save")
    assert stored(page)["answers"]["whats-better"] == "Weeks of small steps"
    assert len(stored(page)["ratings"]["closeness"]) == 2
    assert "saving on this device" in page.text_content("[data-status]")


def test_after_undo_the_keyboard_lands_on_what_happened(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", "An answer")
    page.focus(f"{P} [data-action=clear]")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{P} dialog[open]")
    page.keyboard.press("Shift+Tab")                          # from "Keep everything" to "Clear"
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{P} dialog", state="detached")
    page.focus(f"{P} [data-action=undo]")
    page.keyboard.press("Enter")
    expect(page.locator(f"{P}-whats-better")).to_have_value("An answer")
    focused = page.evaluate("(e => [e.getAttribute('role'), e.textContent])(document.activeElement)")
    assert focused == ["status", "Brought back your answer to question 1."]
    assert page.is_hidden(f"{P} [data-action=undo]")
