"""Questions written inside a post: a fenced ```worksheet block.

An author writes the block where it reads naturally (usually at the end):

    ```worksheet
    title: Before your next session
    questions:
      - What felt a little easier this week?
      - id: hope
        kind: scale
        prompt: How hopeful do you feel?
        low: Not at all
        high: Very
    ```

Plain lines become free-text questions; full entries use the same fields as
content/worksheets/*.yaml. The preprocessor takes the block out of the text
(the worksheet is rendered once, by the theme) and hands its YAML to the
plugin through the document's metadata, under INLINE_KEY.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

INLINE_KEY = "worksheet-inline"
NEAR_MISSES_KEY = "_worksheet_near_misses"  # metadata: what note_near_misses found
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?worksheet\}?[ \t]*$")
# After "meta" (27) has read the header, before "fenced_code_block" (25) sees the block.
PRIORITY = 26


def find_block(lines: list[str]) -> tuple[int, int, int] | None:
    """(start, end, count): the first block's opening and closing line indexes."""
    blocks = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence = match["fence"]
        end = next((j for j in range(index + 1, len(lines))
                    if lines[j].strip().startswith(fence[0] * len(fence))
                    and not lines[j].strip().strip(fence[0])), len(lines))
        blocks.append((index, end))
        index = end + 1
    if not blocks:
        return None
    return blocks[0][0], blocks[0][1], len(blocks)


def blocks_in_file(source_path: str | Path) -> tuple[int | None, int]:
    """(1-based line of the first opening fence, number of blocks) in a source file."""
    try:
        lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None, 0
    found = find_block(lines)
    return (None, 0) if found is None else (found[0] + 1, found[2])


# Any fence, behind list markers, quote marks or indentation: where a near miss hides.
ANY_FENCE = re.compile(r"^(?P<prefix>(?:[ \t]*(?:>|[-*+]|\d+[.)])(?=[ \t>]))*[ \t]*)"
                       r"(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


def near_misses(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line, text) of each fence that names 'worksheet' in any other form than FENCE
    reads: ```Worksheet, ```yaml worksheet, ```worksheet title="x", or one indented in a
    list or a quote. Markdown publishes those as code. Fences inside other code are skipped."""
    found, inside = [], ""
    for number, line in enumerate(lines, start=1):
        if inside:
            stripped = line.strip()
            if stripped.startswith(inside) and not stripped.strip(inside[0]):
                inside = ""
            continue
        match = ANY_FENCE.match(line)
        if not match:
            continue
        inside = match["fence"]
        if "worksheet" in match["info"].lower() and (match["prefix"] or not FENCE.match(line)):
            found.append((number, line.rstrip()))
    return found


def note_near_misses(_reader: Any, content: str, metadata: dict[str, Any], source: str) -> None:
    """stepwise's file_read: look for near misses where the file is read (a worker, in
    parallel; kept with the file in the content cache), not by reading every post again."""
    metadata[NEAR_MISSES_KEY] = tuple(near_misses(source.splitlines()))


def near_misses_of(source_path: str | Path, metadata: dict[str, Any]) -> list[tuple[int, str]]:
    """What note_near_misses found; read from the file in a site whose reader does not send
    file_read (the plugin installed without Stepwise's checking plugin)."""
    noted = metadata.get(NEAR_MISSES_KEY)
    if noted is not None:
        return list(noted)
    try:
        return near_misses(Path(source_path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return []


class WorksheetBlockPreprocessor(Preprocessor):
    """Moves the worksheet block's YAML out of the text and into md.Meta."""

    def run(self, lines: list[str]) -> list[str]:
        found = find_block(lines)
        if found is None:
            return lines
        start, end, _count = found  # a second block is reported by the plugin, from the file
        meta = getattr(self.md, "Meta", None)
        if isinstance(meta, dict):
            meta[INLINE_KEY] = ["\n".join(lines[start + 1:end])]
        return lines[:start] + lines[end + 1:]


class WorksheetBlockExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(WorksheetBlockPreprocessor(md), "stepwise_worksheet", PRIORITY)


def makeExtension(**kwargs: object) -> WorksheetBlockExtension:
    return WorksheetBlockExtension(**kwargs)
