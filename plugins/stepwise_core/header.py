"""The metadata header of a Markdown file, line by line, as Python-Markdown's meta extension reads it.

The extension gives each key a list of values and says nothing about why: a key
written twice and one value continued on an indented line look the same, and
Pelican then publishes a title as "['a', 'b']". Reading the header here keeps
what an author needs: the key as written, its line, and whether it was repeated.
The patterns are the extension's own (markdown/extensions/meta.py, 3.x).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN = re.compile(r"^-{3}(\s.*)?")
END = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class HeaderLine:
    """One 'Key: value' line, with any indented lines that continue it."""

    key: str  # as written: 'Titel', 'Content-Note'
    line: int  # 1-based
    parts: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The key as Pelican stores it (lower case)."""
        return self.key.lower()

    @property
    def value(self) -> str:
        """The value, continuation lines joined by a space (one value, whatever its lines)."""
        return " ".join(part for part in self.parts if part)


def read_header(text: str) -> list[HeaderLine]:
    """Every header line, in order (a repeated key appears twice)."""
    return _scan(text)[0]


# 'Date : 2026-03-01': the extension's key pattern allows no space before the ':'.
SPACED = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+)\s+:\s*(?P<value>.*)")


def header_cut_short(text: str) -> tuple[int, str] | None:
    """(line number, text) of a line that ended the header without a blank line before it:
    'Summary A note' (no ':') ends it there, and the lines after it become the body. A first
    line is one only when it is a field with a space before its ':' ('Title : x'): other text
    there is a file without a header."""
    entries, stop = _scan(text)
    return stop if entries or (stop and SPACED.match(stop[1])) else None


def below_cut(text: str, cut_line: int) -> list[HeaderLine]:
    """The 'Key: value' lines just below the line that cut the header short (read as text)."""
    lines = text.lstrip("\ufeff").expandtabs(4).splitlines()
    entries: list[HeaderLine] = []
    for number, line in enumerate(lines[cut_line:], start=cut_line + 1):
        if match := META.match(line):
            entries.append(HeaderLine(match["key"], number, [match["value"].strip()]))
        elif not (META_MORE.match(line) and entries and line.strip()):
            break
    return entries


@dataclass
class Stranded:
    """Header lines below the blank line that ended the header (read as text)."""

    blank_line: int  # 1-based: the blank line that ended the header
    after_fields: bool  # whether header lines came before it (else the file starts blank)
    entries: list[HeaderLine]


def stranded_lines(text: str) -> Stranded | None:
    """'Key: value' lines just below the blank line that ended the header: a blank line
    inside the header (or above it) silently turns the rest of it into the body."""
    lines = text.lstrip("\ufeff").expandtabs(4).splitlines()
    start = 1 if lines and BEGIN.match(lines[0]) else 0
    end = start
    while end < len(lines) and lines[end].strip() and not END.match(lines[end]) and (
            META.match(lines[end]) or (META_MORE.match(lines[end]) and end > start)):
        end += 1
    if end >= len(lines) or lines[end].strip():
        return None
    after = end
    while after < len(lines) and not lines[after].strip():
        after += 1
    entries: list[HeaderLine] = []
    for number, line in enumerate(lines[after:], start=after + 1):
        if match := META.match(line):
            entries.append(HeaderLine(match["key"], number, [match["value"].strip()]))
        elif not ((more := META_MORE.match(line)) and entries and more["value"].strip()):
            break
    return Stranded(end + 1, end > start, entries) if entries else None


def _scan(text: str) -> tuple[list[HeaderLine], tuple[int, str] | None]:
    lines = text.lstrip("\ufeff").expandtabs(4).splitlines()
    entries: list[HeaderLine] = []
    start = 1 if lines and BEGIN.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or END.match(line):
            break
        if match := META.match(line):
            entries.append(HeaderLine(match["key"], number, [match["value"].strip()]))
        elif (more := META_MORE.match(line)) and entries:
            entries[-1].parts.append(more["value"].strip())
        else:
            return entries, (number, line)
    return entries, None


def first_lines(entries: list[HeaderLine]) -> dict[str, int]:
    """Line of each key's first appearance, by lower-case name."""
    found: dict[str, int] = {}
    for entry in entries:
        found.setdefault(entry.name, entry.line)
    return found
