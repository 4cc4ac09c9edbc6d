"""Text pasted from Notes, an e-mail or a text editor, which Markdown reads otherwise than it looks.

Two slips, both silent in Markdown, named with the line and the fix:

- A paragraph indented with a tab or four spaces becomes a code block: grey, in a typewriter
  font, its lines unwrapped. Real code is indented the same way, so a block counts as pasted
  prose only when it reads as sentences (`reads_as_prose`): its first line has at least four
  words and nothing code is written with ({ } = < > ` $ \\ |), three in four of its parts are
  words, and its last line ends a sentence (. ! ? …). A command (`pip install pelican`) or a
  line of a program has no such end. An indented block inside a list (or a footnote or a
  definition) continues the item, and fenced code (the lines the caller blanked) is code.
  This is a guess (program output can read as a sentence), so it warns: the page builds, and
  `invoke check` and publishing stop on it until it is fixed.
- A line that starts with a bullet character ('•', as a plain-text copy of a list writes
  them) is no list item: the lines run together into one paragraph. Markdown lists start with
  '- '. Refused, as Word's and Google Docs' leftovers are (html_policy.WORD_ELEMENTS); a line of
  bullets alone ('• • •', a break between sections) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Bullet characters that plain-text copies of lists start their lines with.
BULLETS = "•●◦▪▫■□‣⁃○"
BULLET = re.compile(rf"^\s*([{BULLETS}])")
# Where an indented block continues an item, not a code block: a list item, a footnote, a
# definition (Python-Markdown's extra), as their first lines start.
ITEM = re.compile(r"^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\[\^[^\]]+\]:|:[ \t])")
INDENTS = {"a tab": "\t", "4 spaces": "    "}
CODE_CHARACTERS = re.compile(r"[{}=<>`$\\|]")
WORD = re.compile(r"^[\"'“‘(]*[^\W\d_]+(?:['’-][^\W\d_]+)*[.,;:!?\"'”’)…]*$")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
MIN_WORDS = 4

# (what is wrong, how to fix it) of each slip.
INDENTED_PROSE = ("this line starts with {indent}, so its paragraph shows as code (in a grey box, in a "
                  "typewriter font)",
                  "remove the indent at the start of its lines (to show code on purpose, fence it: a "
                  "line ``` before it and one after)")
BULLETED_LINE = ("this line starts with '{bullet}', which Markdown does not read as a list: the lines "
                 "run together into one paragraph",
                 "Markdown lists start with '- ': write '- ' in place of '{bullet}', with a blank line "
                 "before the list")


def reads_as_prose(block: list[str]) -> bool:
    """Sentences, not code: see the module's docstring."""
    first, last = block[0].split(), block[-1].strip()
    words = [part for part in first if WORD.match(part)]
    return (len(words) >= MIN_WORDS and 4 * len(words) >= 3 * len(first)
            and not CODE_CHARACTERS.search(block[0]) and bool(SENTENCE_END.search(last)))


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str], bool]]:
    """(first line number, its lines, inside an item) of each run of indented lines that starts
    after a blank line: where Markdown begins a code block, unless an item goes on."""
    in_item, after_blank, item_at_start = False, True, False
    block: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        blank = not line.strip()
        indented = not blank and line.startswith(tuple(INDENTS.values()))
        if block and indented:
            block.append(line)
            continue
        if block:
            yield start, block, item_at_start
            block = []
        if indented and after_blank:
            start, block, item_at_start = number, [line], in_item
        elif not blank and not indented:  # a list goes on until a paragraph after a blank line
            in_item = bool(ITEM.match(line)) or (in_item and not after_blank)
        after_blank = blank


def indented_prose(lines: list[str], indent: str) -> list[int]:
    """The first line of each paragraph that starts with `indent` ('\\t' or 4 spaces) and reads
    as prose, outside lists: Markdown shows it as code. (Lines of fenced code come blank.)"""
    if f"\n{indent}" not in "\n" + "\n".join(lines):  # most bodies: no line to look at
        return []
    return [start for start, block, in_item in _blocks(lines)
            if not in_item and block[0].startswith(indent) and not BULLET.match(block[0])
            and reads_as_prose(block)]


def bulleted_lines(lines: list[str], bullet: str) -> list[int]:
    """Each line that starts with this bullet character."""
    if bullet not in "\n".join(lines):  # most bodies: no line to look at
        return []
    return [number for number, line in enumerate(lines, start=1)
            if (found := BULLET.match(line)) and found.group(1) == bullet and line.strip(f"{BULLETS} \t")]
