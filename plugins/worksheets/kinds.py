"""The question kinds, as one table: what each kind needs, allows and checks.

The loader validates every question against this table and nothing else, and every other
part reads a question's `shape` (what its answer is made of), never its kind: the form's
markup (partials/worksheet_form.html) is drawn by shape and carries it (data-shape), from
which worksheet.js reads, stores, exports and restores answers; the feed's plain list
(feed.py) describes a question by shape. So a new kind made of an existing shape is one row
here and nothing else (tests/worksheets/test_kinds.py builds a site with a made-up one). A
new shape is new behaviour: one entry in SHAPES, then in each of those parts (a test names
any part that lacks it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stepwise_core.rules import character_problem

Check = Callable[[Any], "str | None"]

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


# YAML turns some plain words into other values: Yes/No/On/Off into true/false, 12:30 into 750,
# 2026-01-01 into a date. Where text is meant, the fix is quotes, not "must be text".
YAML_READ = "which YAML reads as"
QUOTE_FIX = ("put it in quotes, e.g. 'Yes' or '12:30': YAML reads Yes, No, On, Off, numbers and times "
             "otherwise")


def read_as_other(value: Any) -> str | None:
    """Why a value meant as text is not text, when YAML resolved a plain word into something else."""
    if isinstance(value, (bool, int, float, dt.date)):
        return f"is {value!r}, {YAML_READ} {_type_name(value)}, not text"
    return None


def text(value: Any) -> str | None:
    if not isinstance(value, str):
        return read_as_other(value) or f"must be text, not {_type_name(value)}"
    return character_problem(value) if value.strip() else "is empty"  # plain text: nothing hidden


def identifier(value: Any) -> str | None:
    problem = text(value)
    if problem:
        return problem
    return None if ID_PATTERN.fullmatch(value) else (
        f"{value!r} may use only a-z, 0-9 and single hyphens")


def whole_number(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {_type_name(value)}"
        return None if low <= value <= high else f"is {value}; use a number from {low} to {high}"
    return check


def text_list(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"must be a list such as [First, Second], not {_type_name(value)}"
        if not low <= len(value) <= high:
            return f"has {len(value)} entries; use {low} to {high}"
        bad = [(i, read_as_other(v)) for i, v in enumerate(value, start=1) if text(v)]
        if not bad:
            return None
        return f"entry {bad[0][0]} {bad[0][1]}" if bad[0][1] else f"entry {bad[0][0]} must be non-empty text"
    return check


def yes_no(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {_type_name(value)}"


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number", dt.date: "a date",
            dt.datetime: "a date and time"}.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Field:
    check: Check
    example: str   # shown in the fix of a message


# What an answer can be made of, and so how the form draws a question and the script keeps it.
SHAPES: dict[str, str] = {
    "text": "free text, in a box of `rows` lines",
    "rating": "a whole number from 0 (`low`) to 10 (`high`), kept with its day when saved",
    "lines": "`rows` numbered lines",
    "columns": "one list of `rows` lines under each of the `columns`",
    "choices": "boxes to tick, one per entry of `items`, and a line for something else if `other`",
}


@dataclass(frozen=True)
class Kind:
    name: str
    purpose: str
    shape: str  # one of SHAPES
    required: dict[str, Field]
    optional: dict[str, Field]
    rows: int = 0  # lines to write on when the question says no `rows` (text, lines, columns)

    def __post_init__(self) -> None:
        # A kind of an unknown shape would be drawn as an empty box: say so where it is made.
        if self.shape not in SHAPES:
            raise ValueError(f"worksheets: kind {self.name!r} has shape {self.shape!r}; "
                             f"use one of: {', '.join(SHAPES)}")


COMMON_REQUIRED = {
    "id": Field(identifier, "id: better-day"),
    "kind": Field(text, "kind: reflect"),
    "prompt": Field(text, "prompt: What has changed for the better?"),
}
COMMON_OPTIONAL = {"help": Field(text, "help: A hint shown under the question")}

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("reflect", "free text", "text", {},
         {"rows": Field(whole_number(2, 30), "rows: 5")}, rows=5),
    Kind("scale", "0 to 10, 0 = worst, 10 = best, re-rated over time", "rating",
         {"low": Field(text, "low: Distant   (what 0, the worst end, means)"),
          "high": Field(text, "high: Close   (what 10, the best end, means)")}, {}),
    Kind("list", "numbered lines", "lines",
         {}, {"rows": Field(whole_number(1, 20), "rows: 3")}, rows=3),
    Kind("columns", "side-by-side lists, such as less of / more of", "columns",
         {"columns": Field(text_list(2, 4), "columns: [Less of, More of]")},
         {"rows": Field(whole_number(1, 20), "rows: 3")}, rows=3),
    Kind("checklist", "boxes to tick", "choices",
         {"items": Field(text_list(1, 30), "items: [Walking, Cooking, Music]")},
         {"other": Field(yes_no, "other: true   (adds a 'something else' line)")}),
)}

PLAIN_QUESTION_KIND = "reflect"  # a question written as plain text, with no kind


def allowed_fields(kind: Kind) -> dict[str, Field]:
    return {**COMMON_REQUIRED, **kind.required, **COMMON_OPTIONAL, **kind.optional}
