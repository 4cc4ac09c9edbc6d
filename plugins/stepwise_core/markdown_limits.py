"""Bounds on what one Markdown file may cost to read (their values: limits.LIMITS).

Python-Markdown re-reads the rest of a paragraph for every '[' it tries as a link, so
thousands of unclosed or nested brackets make it quadratic ('[' thirty thousand times
did not finish in five minutes), and it recurses once per level of nested lists (three
hundred levels end in a RecursionError). A post must never hang the build or the live
preview, nor end in a message about something else. So the source is measured first,
in one linear pass (brackets never closed, brackets and lists nested), and refused at
once naming the limit; whatever else makes Markdown crawl meets a budget of processor
time (a timer signal in the converting process's main thread; the parallel pool's
workers are processes of their own), and a RecursionError that still happens is
reported as nesting. Written here because Python-Markdown has no limits of its own.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import ContentError, ContentIssue
from .limits import LIMITS as ALL_LIMITS
from .limits import Limit

FIELD = "body"
ESCAPED_FIX = "write \\[ for a bracket that is only text"


# Each '[' no ']' closes makes Markdown re-read its paragraph; Markdown recurses once per
# level of nesting; a 1 MB post takes about 2 s, so the time budget is generous.
# The values live with every other limit, in limits.LIMITS.
SETTINGS = ("STEPWISE_MARKDOWN_OPEN_BRACKETS", "STEPWISE_MARKDOWN_NESTING", "STEPWISE_MARKDOWN_SECONDS")
LIMITS: tuple[Limit, ...] = tuple(ALL_LIMITS[setting] for setting in SETTINGS)
DEFAULTS: dict[str, int] = {limit.setting: limit.default for limit in LIMITS}


class TooSlow(BaseException):
    """Raised in the converting code when the budget is spent (a BaseException, so no
    `except Exception` inside Markdown or an extension can swallow it)."""


class BodyTooSlow(ContentError):
    """The refusal of a body that outran its budget; picklable, so a pool worker can hand it
    to the main process, which reports it without converting the file a second time."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (BodyTooSlow, (self.issue,))


# --- measured before converting --------------------------------------------------

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
LIST_OR_QUOTE = re.compile(r"(?P<indent> *)(?P<quotes>(?:> ?)*)(?P<marker>(?:[-*+]|\d{1,9}[.)])[ \t])?")


def source_problem(shown: str, source: str, limits: dict[str, Any]) -> ContentIssue | None:
    """The first limit of LIMITS the source goes over, before Markdown spends any time on it."""
    lines = _prose_lines(source)
    unclosed, line = _most_unclosed(lines)
    allowed = int(limits["STEPWISE_MARKDOWN_OPEN_BRACKETS"])
    if unclosed > allowed:
        return ContentIssue(
            shown, FIELD, f"has {unclosed} '[' in one paragraph that no ']' closes, from line {line} on "
            f"(STEPWISE_MARKDOWN_OPEN_BRACKETS allows {allowed}): Markdown would crawl through them",
            f"close each [ with ], or {ESCAPED_FIX}", line=line)
    depth, line = max(_deepest_list(lines), _deepest_brackets(lines))
    allowed = int(limits["STEPWISE_MARKDOWN_NESTING"])
    if depth > allowed:
        return _too_deep(shown, depth, line, allowed)
    return None


def _too_deep(shown: str, depth: int, line: int | None, allowed: int) -> ContentIssue:
    return ContentIssue(
        shown, FIELD, f"nests lists, quotes or brackets {depth} levels deep (STEPWISE_MARKDOWN_NESTING "
        f"allows {allowed})", "keep lists and quotes to a few levels, indenting a sub-list by 4 spaces "
        f"one level at a time (and {ESCAPED_FIX})", line=line)


def _prose_lines(source: str) -> list[str]:
    """The source's lines, tabs as 4 spaces, with fenced code and code spans blanked out
    (Markdown does not look for links there), so line numbers stay true."""
    lines, fence = [], ""
    for text in source.expandtabs(4).split("\n"):
        opening = FENCE.match(text)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            lines.append("")
        elif opening:
            fence = opening.group(1)
            lines.append("")
        else:
            lines.append(CODE_SPAN.sub(lambda m: " " * len(m.group()), text.replace("\\[", "  ")))
    return lines


def _paragraphs(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines with their numbers: Markdown reads links within one block."""
    block: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=1):
        if text.strip():
            block.append((number, text))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _bracket_runs(block: list[tuple[int, str]]) -> tuple[list[int], int, int | None]:
    """(lines of the '[' left open, deepest closed nesting, its line) in one block."""
    opened: list[int] = []
    deepest, where = 0, None
    for number, text in block:
        for char in re.findall(r"[\[\]]", text):
            if char == "[":
                opened.append(number)
            elif opened:
                if len(opened) > deepest:
                    deepest, where = len(opened), number
                opened.pop()
    return opened, deepest, where


def _most_unclosed(lines: list[str]) -> tuple[int, int | None]:
    most, line = 0, None
    for block in _paragraphs(lines):
        opened, _deepest, _where = _bracket_runs(block)
        if len(opened) > most:
            most, line = len(opened), opened[0]
    return most, line


def _deepest_brackets(lines: list[str]) -> tuple[int, int | None]:
    return max(((deepest, where) for _o, deepest, where in map(_bracket_runs, _paragraphs(lines))),
               default=(0, None), key=lambda found: found[0])


def _deepest_list(lines: list[str]) -> tuple[int, int | None]:
    """The deepest list item or quote line (4 spaces or one '>' a level) and its number."""
    deepest, where = 0, None
    for number, text in enumerate(lines, start=1):
        found = LIST_OR_QUOTE.match(text)
        if not (found.group("quotes") or found.group("marker")):
            continue
        marker = bool(found.group("marker"))
        depth = len(found.group("indent")) // 4 + found.group("quotes").count(">") + marker
        if depth > deepest:
            deepest, where = depth, number
    return deepest, where


# --- while converting -------------------------------------------------------------

@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise TooSlow in this block after `seconds` of this process's processor time (so a
    loaded machine does not refuse a post a quiet one accepts). Only where signals can be
    delivered, the main thread of a process; elsewhere the block runs unbounded."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def spent(_signum: int, _frame: Any) -> None:
        raise TooSlow

    previous_handler = signal.signal(signal.SIGVTALRM, spent)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous_handler)


def too_slow(shown: str, seconds: float) -> BodyTooSlow:
    return BodyTooSlow(ContentIssue(
        shown, FIELD, f"is too slow for Markdown to read: it did not finish in {seconds:g} seconds "
        "(STEPWISE_MARKDOWN_SECONDS)", "look for long runs of unclosed [, ( or < and close or remove "
        f"them ({ESCAPED_FIX}, \\< for a '<' that is only text), or split the text into shorter "
        "paragraphs"))


def too_deep(shown: str, source: str, limits: dict[str, Any]) -> ContentError:
    """A RecursionError as an issue: the deepest nesting found, though within the limit."""
    depth, line = max(_deepest_list(_prose_lines(source)), _deepest_brackets(_prose_lines(source)))
    return ContentError(_too_deep(shown, depth, line, int(limits["STEPWISE_MARKDOWN_NESTING"])))
