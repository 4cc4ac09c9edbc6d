"""Nothing typed is lost by accident. While saving on the device is off, answers are kept in
this tab (sessionStorage): a reload or a slip of the back button loses nothing, closing the
tab forgets them, and leaving with answers that are neither saved nor downloaded asks first.
The choice to keep them on the device stays opt-in, explained next to the first question."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.worksheets.helpers import (
    EVERY_KIND,
    KEY,
    POST,
    SHEET,
    Dialogs,
    NewPage,
    P,
    S,
    another_tab,
    download,
    every_kind_is_filled,
    fill_every_kind,
    on_two_corners,
    opened,
    press_undo,
    ready,
    saving_from,
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


# Two tabs, one worksheet: what each holds is brought together, question by question.
EPISODE = "/episodes/noticing-what-has-moved/"   # the same worksheet as POST


def seen_in(tab: Any) -> None:
    """Wait until tab A's save has reached tab B, as it has long before a person switches tabs:
    tabs in other processes see a save a moment later (under load, later than Playwright's next
    click), and a tab that saves without having seen the other's save writes over it."""
    expect(tab.locator("[data-status]")).to_contain_text("Saving on this device was turned on in another tab")


def test_a_second_tab_adds_its_answers_to_the_saved_ones_instead_of_wiping_them(new_page: NewPage,
                                                                               ws_url: str) -> None:
    a = opened(new_page, ws_url + POST)
    b = another_tab(a, ws_url + EPISODE)
    careful = "Tab A: twenty minutes of careful writing. " * 40
    a.fill(f"{P}-whats-better", careful)
    b.fill(f"{P}-better-day", "Tab B: a quick note")
    a.check(f"{P}-save")
    seen_in(b)
    b.check(f"{P}-save")
    expect(a.locator(f"{P}-better-day")).to_have_value("Tab B: a quick note")
    assert a.input_value(f"{P}-whats-better") == careful
    assert b.input_value(f"{P}-whats-better") == careful
    answers = stored(a)["answers"]
    assert answers["whats-better"] == careful and answers["better-day"] == "Tab B: a quick note"
    assert b.text_content("[data-status]") == ("Saved on this device, together with the answers already "
                                               "saved there (question 1 came from there).")
    expect(a.locator("[data-status]")).to_have_text("Brought in what you wrote in another tab: question 2.")
    assert a.is_hidden(f"{P} [data-action=undo]")            # nothing of A's was replaced
    assert a.console_errors == [] and b.console_errors == []


def test_two_tabs_answering_one_question_keep_both_answers_until_the_reader_chooses(new_page: NewPage,
                                                                                   ws_url: str) -> None:
    a = opened(new_page, ws_url + POST)
    b = another_tab(a, ws_url + EPISODE)
    a.fill(f"{P}-whats-better", "Written in tab A")
    b.fill(f"{P}-whats-better", "Written in tab B")
    a.check(f"{P}-save")
    seen_in(b)
    b.check(f"{P}-save")
    both = "Written in tab B\n\nWritten in tab A"
    assert b.input_value(f"{P}-whats-better") == both
    assert stored(b)["answers"]["whats-better"] == both
    expect(a.locator(f"{P}-whats-better")).to_have_value(both)
    said = b.text_content("[data-status]")
    assert "Question 1 was answered in another tab too: both answers are kept." in said
    from axe_playwright_python.sync_playwright import Axe

    checked = Axe().run(b)                                    # the choice under the question
    assert checked.violations_count == 0, checked.generate_report()
    b.click(f"{P} .ws-both button:text('Keep only the other tab’s answer')")
    assert b.input_value(f"{P}-whats-better") == "Written in tab A"
    assert b.evaluate("document.activeElement.id") == "ws-noticing-progress-whats-better"
    assert b.locator(f"{P} .ws-both").count() == 0
    expect(a.locator(f"{P}-whats-better")).to_have_value("Written in tab A")
    press_undo(b)                        # the choice can be undone
    assert b.input_value(f"{P}-whats-better") == both


def test_a_draft_in_this_tab_is_kept_when_another_tab_saves_the_same_worksheet(new_page: NewPage,
                                                                               ws_url: str) -> None:
    a = opened(new_page, ws_url + POST)
    dialogs = Dialogs(a)
    draft = "Tab A's draft, written with saving off"
    a.fill(f"{P}-whats-better", draft)
    b = another_tab(a, ws_url + EPISODE)
    b.fill(f"{P}-better-day", "Tab B's note")
    b.check(f"{P}-save")
    expect(a.locator("[data-status]")).to_contain_text("Saving on this device was turned on in another tab.")
    a.click(f"a[data-carries-answers][href='{SHEET}']")      # the draft goes along, without asking
    a.wait_for_url(ws_url + SHEET)
    ready(a)
    assert dialogs.seen == []
    assert a.input_value(f"{P}-whats-better") == draft and a.input_value(f"{P}-better-day") == ""
    assert not a.is_checked(f"{P}-save")
    assert stored(a, area="sessionStorage")["answers"]["whats-better"] == draft
    assert "Other answers to this worksheet are saved on this device" in a.text_content("[data-status]")
    a.check(f"{P}-save")                                      # and then both together
    expect(a.locator(f"{P}-better-day")).to_have_value("Tab B's note")
    assert stored(a)["answers"]["whats-better"] == draft
    expect(b.locator(f"{P}-whats-better")).to_have_value(draft)


def test_unticking_saving_in_another_tab_keeps_this_tabs_answers_and_says_so(new_page: NewPage,
                                                                             ws_url: str) -> None:
    a = opened(new_page, ws_url + POST)
    a.check(f"{P}-save")
    a.fill(f"{P}-whats-better", "Kept in tab A")
    b = another_tab(a, ws_url + EPISODE)
    assert b.input_value(f"{P}-whats-better") == "Kept in tab A"
    b.uncheck(f"{P}-save")
    expect(a.locator("[data-status]")).to_have_text(
        "Saving on this device was turned off in another tab: nothing from this worksheet is stored on this "
        "device now. Your answers here are kept in this tab until you close it.")
    assert a.input_value(f"{P}-whats-better") == "Kept in tab A"
    assert not a.is_checked(f"{P}-save")
    assert storage_keys(a, "localStorage") == []
    assert stored(a, area="sessionStorage")["answers"]["whats-better"] == "Kept in tab A"


def test_going_on_to_a_page_with_the_same_worksheet_does_not_ask(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    dialogs = Dialogs(page)
    page.fill(f"{P}-whats-better", "Carried to the episode")
    page.click(f".neighbours a[data-carries-answers][href='{EPISODE}']")
    page.wait_for_url(ws_url + EPISODE)
    ready(page)
    assert dialogs.seen == []
    assert page.input_value(f"{P}-whats-better") == "Carried to the episode"
    assert page.locator(".neighbours a:not([data-carries-answers])").count() > 0  # other worksheets still ask


# Back: the page shows what storage holds, never what the browser put back into the form.
STRENGTHS_POST = "/posts/strengths-hobbies-and-small-gratitudes/"


def go_back_to(page: Any, url: str) -> None:
    page.go_back()
    page.wait_for_url(url)
    ready(page)


def clear_on_the_sheet(page: Any, sheet: str, root: str, *, history: bool) -> None:
    page.click(f"a[data-carries-answers][href='{sheet}']")
    page.wait_for_url(f"**{sheet}")
    ready(page)
    page.click(f"{root} [data-action=clear]")
    if history:
        page.check(f"{root}-clear-history")
    page.click(f"{root} dialog button[value=clear]")
    page.wait_for_selector(f"{root} dialog", state="detached")


def test_back_after_clearing_elsewhere_shows_nothing_and_saving_stays_off(new_page: NewPage,
                                                                          ws_url: str) -> None:
    page = saving_from(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", "PRIVATE ANSWER")
    page.check(f"{P}-coping-6")
    clear_on_the_sheet(page, SHEET, P, history=True)
    go_back_to(page, ws_url + POST)
    assert page.input_value(f"{P}-whats-better") == ""
    assert not page.is_checked(f"{P}-coping-6")
    assert not page.is_checked(f"{P}-save")
    page.locator(f"{P}-better-day").press_sequentially("a")   # one keystroke saves nothing on the device
    assert storage_keys(page, "localStorage") == []
    assert stored(page, area="sessionStorage")["answers"]["coping"] is None


def test_back_shows_the_rating_stored_since_not_the_one_on_the_old_page(new_page: NewPage,
                                                                        ws_url: str) -> None:
    page = saving_from(new_page, ws_url + POST)
    page.check(f"{P}-coping-6")
    page.click(f"a[data-carries-answers][href='{SHEET}']")
    page.wait_for_url(ws_url + SHEET)
    ready(page)
    page.check(f"{P}-coping-2")
    go_back_to(page, ws_url + POST)
    assert page.is_checked(f"{P}-coping-2") and not page.is_checked(f"{P}-coping-6")
    page.fill(f"{P}-better-day", "x")
    assert stored(page)["answers"]["coping"] == 2


def test_back_after_clearing_with_saving_off_leaves_no_box_ticked(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + STRENGTHS_POST)
    Dialogs(page)
    page.check(f"{S}-strengths-1")
    page.check(f"{S}-strengths-4")
    page.check(f"{S}-enjoyment-2")
    clear_on_the_sheet(page, EVERY_KIND, S, history=False)
    go_back_to(page, ws_url + STRENGTHS_POST)
    assert not page.is_checked(f"{S}-strengths-1") and not page.is_checked(f"{S}-strengths-4")
    assert not page.is_checked(f"{S}-enjoyment-2")
    page.locator(f"{S}-rekindle-1").press_sequentially("a")
    answers = stored(page, EVERY_KIND_KEY, area="sessionStorage")["answers"]
    assert answers["strengths"]["checked"] == [] and answers["enjoyment"] is None


def test_back_to_a_page_kept_in_memory_shows_what_storage_holds_now(browser: Any, ws_url: str) -> None:
    """The back/forward cache (off in Playwright's Chromium unless asked for): pageshow, persisted.
    Saving off, so no storage event tells the page what changed: only pageshow can."""
    from tests.chromium import CHROMIUM_ARGS, find_chromium

    cached = browser.browser_type.launch(executable_path=str(find_chromium()), args=CHROMIUM_ARGS,
                                         ignore_default_args=["--disable-back-forward-cache"])
    try:
        page = cached.new_context().new_page()
        page.add_init_script("addEventListener('pageshow', (e) => { window.shownFromCache = e.persisted; })")
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(ws_url + STRENGTHS_POST)
        ready(page)
        page.check(f"{S}-strengths-1")
        page.check(f"{S}-enjoyment-2")
        clear_on_the_sheet(page, EVERY_KIND, S, history=False)
        page.go_back(wait_until="commit")                    # a page from the cache does not load again
        page.wait_for_function("window.shownFromCache === true")
        assert not page.is_checked(f"{S}-strengths-1") and not page.is_checked(f"{S}-enjoyment-2")
        page.locator(f"{S}-rekindle-1").press_sequentially("a")
        answers = stored(page, EVERY_KIND_KEY, area="sessionStorage")["answers"]
        assert answers["strengths"]["checked"] == [] and answers["enjoyment"] is None
    finally:
        cached.close()


def test_without_javascript_back_brings_back_nothing(new_page: NewPage, ws_url: str) -> None:
    """The privacy page says that without JavaScript nothing is kept anywhere, yet a chosen
    rating and ticked boxes came back after Back (only text fields had autocomplete="off")."""
    page = new_page(java_script_enabled=False)
    page.goto(ws_url + EVERY_KIND)
    page.check(f"{S}-strengths-1")
    page.check(f"{S}-enjoyment-2")
    page.fill(f"{S}-rekindle-1", "Painting again")
    page.focus(f"{S}-enjoyment-2")
    page.keyboard.press("Enter")                              # sends nothing anywhere
    assert page.url == ws_url + EVERY_KIND
    page.click(".site-name")
    page.wait_for_url(ws_url + "/")
    page.go_back()
    page.wait_for_url(ws_url + EVERY_KIND)
    page.wait_for_load_state("load")
    assert page.eval_on_selector_all(".worksheet input:checked", "els => els.map((e) => e.id)") == []
    assert page.input_value(f"{S}-rekindle-1") == ""


def test_without_javascript_a_page_kept_in_memory_comes_back_as_left_as_privacy_says(browser: Any,
                                                                                    ws_url: str) -> None:
    """Chrome's back/forward cache keeps the whole page, typed answers too, and only a script
    could clear it on the way back: the privacy page says so rather than "nothing is kept"."""
    from tests.chromium import CHROMIUM_ARGS, find_chromium

    cached = browser.browser_type.launch(executable_path=str(find_chromium()), args=CHROMIUM_ARGS,
                                         ignore_default_args=["--disable-back-forward-cache"])
    try:
        page = cached.new_context(java_script_enabled=False).new_page()
        page.goto(ws_url + "/privacy/")
        said = " ".join(page.text_content("main").split())
        assert "Back can show it again as you left it; closing the tab forgets it." in said
        page.goto(ws_url + EVERY_KIND)
        page.check(f"{S}-strengths-1")
        page.fill(f"{S}-rekindle-1", "Painting again")
        page.click(".site-name")
        page.wait_for_url(ws_url + "/")
        page.go_back(wait_until="commit")
        page.wait_for_url(ws_url + EVERY_KIND, wait_until="commit")
        expect(page.locator(f"{S}-rekindle-1")).to_have_value("Painting again")   # the page itself
        assert page.is_checked(f"{S}-strengths-1")
    finally:
        cached.close()
