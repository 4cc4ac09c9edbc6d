"""Python-Markdown's smarty extension, without its cost on text it cannot change.

Smarty (curly quotes, dashes, ellipses) runs a second inline pass in which each of
its ~18 patterns is tried on every text node; on this site that doubled the cost
of Markdown, the largest part of a build (bench/RESULTS.md). Every smarty pattern
needs a quote, "--", "...", "<<" or ">>" in the text to match, so a text node with
none of them is returned unchanged without trying the patterns. The output is
exactly smarty's (tests/bench/test_fast_markdown.py compares the two).

Use it in MARKDOWN as "stepwise.fastsmarty" in place of "markdown.extensions.smarty".
"""

from __future__ import annotations

import re
from typing import Any

from markdown.extensions.smarty import SmartyExtension

from .fastinline import QuickInlineProcessor

# Anything a smarty pattern could match starts with one of these.
TRIGGER = re.compile(r"['\"]|--|\.\.\.|<<|>>")


class QuickSmartyProcessor(QuickInlineProcessor):
    trigger = TRIGGER


class FastSmartyExtension(SmartyExtension):
    def extendMarkdown(self, md: Any) -> None:
        super().extendMarkdown(md)
        slow = md.treeprocessors["smarty"]
        quick = QuickSmartyProcessor(md)
        quick.inlinePatterns = slow.inlinePatterns
        md.treeprocessors.register(quick, "smarty", 6)


def makeExtension(**kwargs: Any) -> FastSmartyExtension:
    return FastSmartyExtension(**kwargs)
