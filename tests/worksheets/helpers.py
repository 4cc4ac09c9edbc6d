"""What the worksheet browser tests share: devices, the pages they use, storage readers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

NewPage = Callable[..., Any]

POST = "/posts/progress-is-not-a-straight-line/"      # Worksheet: noticing-progress
SHEET = "/worksheets/noticing-progress/"
KEY = "stepwise:worksheet:v1:noticing-progress"
P = "#ws-noticing-progress"
EVERY_KIND = "/worksheets/strengths-and-hobbies/"    # checklist, reflect, columns, list, scale
S = "#ws-strengths-and-hobbies"

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# Light and dark, desktop and a 390 x 844 touch phone. Most tests run the two opposite corners;
# the reader's journey and axe run all four.
DEVICES = {
    "desktop-light": {"color_scheme": "light"},
    "desktop-dark": {"color_scheme": "dark"},
    "phone-light": {"color_scheme": "light", **PHONE},
    "phone-dark": {"color_scheme": "dark", **PHONE},
}
CORNERS = ("desktop-light", "phone-dark")
on_every_device = pytest.mark.parametrize("device", list(DEVICES))
on_two_corners = pytest.mark.parametrize("device", CORNERS)


def opened(new_page: NewPage, url: str, device: str = "desktop-light", **context: Any) -> Any:
    page = new_page(**{**DEVICES[device], **context})
    page.goto(url)
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")  # the script has run
    return page


def another_tab(page: Any, url: str) -> Any:
    """A second tab of the same browser (same storage), with its worksheet ready."""
    tab = page.context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    tab.goto(url)
    tab.wait_for_selector(".worksheet.has-print-copies", state="attached")
    return tab


def saving_from(new_page: NewPage, url: str, day: dt.datetime | None = None, **context: Any) -> Any:
    """A new reader on `url` (on `day`, by page.clock) who has ticked Save on this device."""
    page = new_page(**context)
    if day is not None:
        page.clock.set_fixed_time(day)
    page.goto(url)
    ready(page)
    page.check(f"{P}-save")
    return page


def press_undo(page: Any, root: str = P) -> None:
    """Click Undo and wait until it has done its work (its script may still be loading)."""
    before = page.text_content(f"{root} [data-status]")
    page.click(f"{root} [data-action=undo]")
    page.wait_for_function("([root, before]) => document.querySelector(`${root} [data-status]`).textContent"
                           " !== before", arg=[root, before])


def ready(page: Any) -> None:
    """The page's worksheet script has run (after a reload or going back)."""
    page.wait_for_selector(".worksheet.has-print-copies", state="attached")


def stored(page: Any, key: str = KEY, area: str = "localStorage") -> dict | None:
    raw = page.evaluate("([area, key]) => window[area].getItem(key)", [area, key])
    return None if raw is None else json.loads(raw)


def storage_keys(page: Any, area: str) -> list[str]:
    return page.evaluate("(area) => Object.keys(window[area])", area)


def rated_on_two_days(page: Any, url: str, first: tuple[dt.datetime, int], then: tuple[dt.datetime, int],
                      question: str = "closeness") -> None:
    """Saving on, one 0-10 question of noticing-progress rated on two days (page.clock)."""
    (day, value), (later, new_value) = first, then
    page.clock.set_fixed_time(day)
    page.goto(url)
    page.check(f"{P}-save")
    page.check(f"{P}-{question}-{value}")
    page.clock.set_fixed_time(later)
    page.reload()
    page.check(f"{P}-{question}-{new_value}")


def download(page: Any, action: str) -> str:
    with page.expect_download() as info:
        page.click(f"button[data-action={action}]")
    return Path(info.value.path()).read_text(encoding="utf-8")


def fill_every_kind(page: Any) -> None:
    """One answer of each shape on the strengths-and-hobbies worksheet."""
    page.check(f"{S}-strengths-2")
    page.fill(f"{S}-strengths-other", "Good with animals")
    page.fill(f"{S}-strength-this-week", "I listened to my friend.")
    page.fill(f"{S}-hobbies-1-1", "Reading")
    page.fill(f"{S}-hobbies-2-1", "Swimming")
    page.fill(f"{S}-rekindle-1", "A short swim")
    page.check(f"{S}-enjoyment-6")


def every_kind_is_filled(page: Any, rating: int = 6) -> bool:
    return (page.is_checked(f"{S}-strengths-2")
            and page.input_value(f"{S}-strengths-other") == "Good with animals"
            and page.input_value(f"{S}-strength-this-week") == "I listened to my friend."
            and page.input_value(f"{S}-hobbies-1-1") == "Reading"
            and page.input_value(f"{S}-hobbies-2-1") == "Swimming"
            and page.input_value(f"{S}-rekindle-1") == "A short swim"
            and page.is_checked(f"{S}-enjoyment-{rating}"))


class Dialogs:
    """Records the browser's own dialogs (leave-page prompts) and answers each as told."""

    def __init__(self, page: Any, *, accept: bool = True) -> None:
        self.seen: list[str] = []
        self.accept = accept
        page.on("dialog", self._answer)

    def _answer(self, dialog: Any) -> None:
        self.seen.append(dialog.type)
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()
