"""Python-Markdown's inline pass, without trying patterns that cannot match.

Inline patterns are a third of Markdown's time on this site, and Markdown is the
largest part of a build (bench/RESULTS.md). For every text node Python-Markdown
calls a method per pattern (~25 of them: emphasis, links, code ...) that checks
the node's ancestors, then searches the pattern's regex; nearly all of these
searches find nothing. This processor searches first, in one C call (or one
str.find, for the patterns in NEEDLES), and only hands a pattern that can match to
Python-Markdown's own code. A pattern that finds no match yields exactly what
Python-Markdown returns for it (the text unchanged, search restarts at 0), so the
output is identical: the site, the bench corpus and Hypothesis cases are compared
in tests/stepwise_speed/test_fast_markdown.py.

Python-Markdown has no hook for this, so the loop is written here by hand; it
mirrors InlineProcessor.__handleInline of Python-Markdown 3.x.

The speed plugin adds it to MARKDOWN (plugin.fast_markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown import Extension, inlinepatterns, util
from markdown.inlinepatterns import InlineProcessor as NewStylePattern
from markdown.treeprocessors import InlineProcessor

Search = Callable[[str, int], "re.Match[str] | None"]

# A character that every match of these patterns holds at or after where the search
# starts. These regexes begin with a look-behind, which re tries at every position
# (the code-span pattern alone was a tenth of the inline pass); str.find skips a text
# without the character in C.
NEEDLES = {inlinepatterns.BACKTICK_RE: "`", inlinepatterns.LINK_RE: "["}


class QuickInlineProcessor(InlineProcessor):
    """InlineProcessor that skips, in C, every pattern whose regex finds nothing."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # The patterns in priority order, as a plain list: the Registry's own
        # lookup by index (called once per pattern per text node) is not free.
        self._quick: list[tuple[Any, Search | None, str]] = [
            (pattern, pattern.getCompiledRegExp().search if isinstance(pattern, NewStylePattern) else None,
             NEEDLES.get(pattern.pattern, ""))  # type: ignore[attr-defined]  # types-Markdown: a Registry of tree processors; it holds inline patterns
            for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        quick, apply = self._quick, self._InlineProcessor__applyPattern  # type: ignore[attr-defined]  # private: internals.py
        start, count = 0, len(quick)
        while patternIndex < count:
            pattern, search, needle = quick[patternIndex]
            cannot_match = (needle and data.find(needle, start) < 0) or (
                search is not None and search(data, start) is None)
            if cannot_match:
                patternIndex, start = patternIndex + 1, 0  # what __applyPattern returns for no match
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class FastInlineExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> FastInlineExtension:
    return FastInlineExtension(**kwargs)
