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

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stepwise_core.rules import character_problem

Check = Callable[[Any], "str | None"]

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


# Worksheet YAML is read with every value as text (loader.py), so Yes, No, 12:30 and 2026-01-01 stay
# what the author wrote; the few fields that are numbers or true/false are read from that text here.
# What YAML still reads otherwise is ': ' in a plain value: a name and a value.
NAME_AND_VALUE = "reads as a name and a value"
COLON_FIX = "put the text in quotes: YAML reads ': ' in plain text as a name and its value"
YES = frozenset({"true", "yes"})
NO = frozenset({"false", "no"})


def name_and_value(value: Any) -> str | None:
    """Why a value meant as text is a one-entry mapping: an unquoted ': ' inside it."""
    if isinstance(value, dict) and len(value) == 1:
        return f"{NAME_AND_VALUE} ('{next(iter(value))}: …')"
    return None


def text(value: Any) -> str | None:
    if not isinstance(value, str):
        return name_and_value(value) or f"must be text, not {_type_name(value)}"
    return character_problem(value) if value.strip() else "is empty"  # plain text: nothing hidden


def identifier(value: Any) -> str | None:
    problem = text(value)
    if problem:
        return problem
    return None if ID_PATTERN.fullmatch(value) else (
        f"{value!r} may use only a-z, 0-9 and single hyphens")


def whole_number(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not (isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()):
            return f"must be a whole number, not {_type_name(value)}"
        number = int(value)
        return None if low <= number <= high else f"is {number}; use a number from {low} to {high}"
    return check


def text_list(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"must be a list such as [First, Second], not {_type_name(value)}"
        if not low <= len(value) <= high:
            return f"has {len(value)} entries; use {low} to {high}"
        bad = next(((i, v) for i, v in enumerate(value, start=1) if text(v)), None)
        if bad is None:
            return None
        return f"entry {bad[0]} {text(bad[1])}"
    return check


def yes_no(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().lower() in YES | NO:
        return None
    return f"must be true or false, not {_type_name(value)}"


def is_yes(value: str) -> bool:
    return value.strip().lower() in YES


def _type_name(value: Any) -> str:
    if isinstance(value, str):
        return f"text ({value.strip()!r})" if value.strip() else "empty"
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else type(value).__name__


def _as_written(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Field:
    check: Check
    example: str   # shown in the fix of a message
    read: Callable[[Any], Any] = _as_written  # the checked text as a Question holds it


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
         {"rows": Field(whole_number(2, 30), "rows: 5", int)}, rows=5),
    Kind("scale", "0 to 10, 0 = worst, 10 = best, re-rated over time", "rating",
         {"low": Field(text, "low: Distant   (what 0, the worst end, means)"),
          "high": Field(text, "high: Close   (what 10, the best end, means)")}, {}),
    Kind("list", "numbered lines", "lines",
         {}, {"rows": Field(whole_number(1, 20), "rows: 3", int)}, rows=3),
    Kind("columns", "side-by-side lists, such as less of / more of", "columns",
         {"columns": Field(text_list(2, 4), "columns: [Less of, More of]")},
         {"rows": Field(whole_number(1, 20), "rows: 3", int)}, rows=3),
    Kind("checklist", "boxes to tick", "choices",
         {"items": Field(text_list(1, 30), "items: [Walking, Cooking, Music]")},
         {"other": Field(yes_no, "other: true   (adds a 'something else' line)", is_yes)}),
)}

PLAIN_QUESTION_KIND = "reflect"  # a question written as plain text, with no kind


def allowed_fields(kind: Kind) -> dict[str, Field]:
    return {**COMMON_REQUIRED, **kind.required, **COMMON_OPTIONAL, **kind.optional}
