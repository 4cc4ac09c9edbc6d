"""Python-Markdown's smarty extension, doing its inline pass directly.

Smarty (curly quotes, dashes, ellipses) runs a second inline pass, with the
machinery built for patterns that make elements: per text node, each of its ~18
patterns goes through placeholder bookkeeping, and every node is rebuilt from
placeholders afterwards. Every smarty pattern replaces text with text, so this
pass does exactly the same steps with plain strings: the same nodes in the same
(breadth-first) order, each pattern in priority order, each match handed to the
pattern's own `handleMatch` (which stores the entity in the HTML stash, as
before) and replaced by an inline placeholder of Python-Markdown's own form, so
later patterns see the very text they saw before; then each placeholder is
swapped for its text, as Python-Markdown's rebuilding does. A pattern is only
searched for in a node holding its literal quote, dash or dots (a replacement
never adds one). On the bench corpus smarty cost 30 % of Markdown; the output is
exactly smarty's (tests/stepwise_speed/test_fast_markdown.py compares the two on the site,
the bench corpus, tricky text and Hypothesis cases).

Python-Markdown has no hook for a cheaper pass, so this loop is written by hand; it
mirrors InlineProcessor.run and __applyPattern of Python-Markdown 3.x.

The speed plugin puts it in MARKDOWN in place of "markdown.extensions.smarty" (plugin.fast_markdown).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from typing import Any, cast

from markdown import util
from markdown.extensions import smarty
from markdown.treeprocessors import Treeprocessor

# Smarty's dash and ellipsis patterns (written inline in SmartyExtension).
EM_DASH, EN_DASH, ELLIPSIS = r"(?<!-)---(?!-)", r"(?<!-)--(?!-)", r"(?<!\.)\.{3}(?!\.)"

# What each smarty pattern's match must contain, within its first 8 characters;
# a pattern not listed is always tried.
NEEDLES = {
    EM_DASH: "---",
    EN_DASH: "--",
    ELLIPSIS: "...",
    r"\<\<": "<<",
    r"\>\>": ">>",
    smarty.singleQuoteStartRe: "'",
    smarty.doubleQuoteStartRe: '"',
    smarty.doubleQuoteSetsRe: "'",
    smarty.singleQuoteSetsRe: "'",
    smarty.doubleQuoteSetsRe2: "'",
    smarty.singleQuoteSetsRe2: "'",
    smarty.decadeAbbrRe: "'",
    smarty.openingSingleQuotesRegex: "'",
    smarty.closingSingleQuotesRegex: "'",
    smarty.closingSingleQuotesRegex2: "'",
    smarty.remainingSingleQuotesRegex: "'",
    smarty.openingDoubleQuotesRegex: '"',
    smarty.closingDoubleQuotesRegex: '"',
    smarty.closingDoubleQuotesRegex2: '"',
    smarty.remainingDoubleQuotesRegex: '"',
}
LEAD = 8

# The same matches (spans and groups), found faster: each form below starts with a
# literal, which Python's re looks for in C, where the original starts with a
# look-behind tried at every position. The look-behind moves after the literal and
# takes it in: (?<=C)' becomes '(?<=C'). Checked match for match in
# tests/stepwise_speed/test_fast_markdown.py.
_C = smarty.closeClass
LITERAL_FIRST = {
    EM_DASH: r"-(?<!--)--(?!-)",
    EN_DASH: r"-(?<!--)-(?!-)",
    ELLIPSIS: r"\.(?<!\.\.)\.\.(?!\.)",
    smarty.doubleQuoteSetsRe2: rf"'(?<={_C}')\"",
    smarty.singleQuoteSetsRe2: rf"\"(?<={_C}\")'",
    smarty.decadeAbbrRe: r"'(?<!\w')(?=\d{2}s)",
    smarty.closingSingleQuotesRegex: rf"'(?<={_C}')(?!\s|s\b|\d)",
    smarty.closingDoubleQuotesRegex2: rf"\"(?<={_C}\")",
}

Search = Callable[[str, int], "re.Match[str] | None"]
Handle = Callable[["re.Match[str]", str], tuple[str, int, int]]


def search_for(pattern: smarty.SubstituteTextPattern) -> Search:
    quick = LITERAL_FIRST.get(pattern.pattern)
    return re.compile(quick).search if quick else pattern.getCompiledRegExp().search


class SmartyPass(Treeprocessor):
    """Smarty's inline pass for patterns that all replace text with text."""

    def __init__(self, md: Any, patterns: list[smarty.SubstituteTextPattern]) -> None:
        super().__init__(md)
        self.steps: list[tuple[str, Search, Handle]] = [
            # A smarty pattern replaces text with text: its handleMatch gives (str, int, int).
            (NEEDLES.get(pattern.pattern, ""), search_for(pattern), cast(Handle, pattern.handleMatch))
            for pattern in patterns]
        self.needles = {needle for needle, _, _ in self.steps}
        # The steps worth trying for each set of needles a text holds.
        self.plans: dict[frozenset[str], list[tuple[str, Search, Handle]]] = {}

    def run(self, root: Any) -> None:
        stash: list[str] = []  # one per document, numbered as InlineProcessor numbers them
        queue = deque([root])
        while queue:
            for child in queue.popleft():
                text = child.text
                if text and not isinstance(text, util.AtomicString):
                    child.text = self.educate(text, stash)
                tail = child.tail
                if tail and not isinstance(tail, util.AtomicString):
                    child.tail = self.educate(tail, stash)
                if len(child):
                    queue.append(child)

    def educate(self, data: str, stash: list[str]) -> str:
        present = frozenset(needle for needle in self.needles if needle in data)
        if not present:
            return data
        plan = self.plans.get(present)
        if plan is None:
            plan = self.plans[present] = [step for step in self.steps if step[0] in present]
        first = len(stash)
        for needle, search, handle in plan:
            # No match starts before the needle's first place less LEAD (the search's
            # look-behinds still see the text before where it starts).
            position = data.find(needle)
            if position < 0:  # taken by an earlier pattern
                continue
            position = position - LEAD if position > LEAD else 0
            while (match := search(data, position)) is not None:
                text, start, end = handle(match, data)
                placeholder = util.INLINE_PLACEHOLDER % f"{len(stash):04d}"
                stash.append(text)
                data = data[:start] + placeholder + data[end:]
                position = start + len(placeholder)
        if len(stash) == first:
            return data
        return util.INLINE_PLACEHOLDER_RE.sub(lambda found: _stashed(stash, found), data)


def _stashed(stash: list[str], found: re.Match[str]) -> str:
    """A placeholder's text; one that is not ours stays as it is (as InlineProcessor leaves it)."""
    number = int(found.group(1))
    return stash[number] if number < len(stash) else found.group(0)


class FastSmartyExtension(smarty.SmartyExtension):
    def extendMarkdown(self, md: Any) -> None:
        super().extendMarkdown(md)
        patterns = cast("list[smarty.SubstituteTextPattern]", list(self.inlinePatterns))  # smarty's only kind
        md.treeprocessors.register(SmartyPass(md, patterns), "smarty", 6)


def makeExtension(**kwargs: Any) -> FastSmartyExtension:
    return FastSmartyExtension(**kwargs)
