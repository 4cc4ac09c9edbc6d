"""Python-Markdown's toc extension, without the table nobody asked for.

The site uses toc for its heading ids (links to a section). toc also builds a
table of contents on every conversion, walks the whole tree looking for a
`[TOC]` marker, and serializes the table into `md.toc`: half of toc's time, and
toc was a tenth of Markdown's on the bench corpus (bench/RESULTS.md). Nothing
here reads `md.toc` (Pelican does not; stepwise's reader keeps the HTML and the
metadata), so the table is built only when the text holds the marker, where it
goes into the page. Heading ids and the HTML are exactly toc's
(tests/stepwise_speed/test_fast_markdown.py compares the two).

The speed plugin puts it in MARKDOWN in place of "markdown.extensions.toc", with toc's
options (plugin.fast_markdown).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions.toc import TocExtension, TocTreeprocessor


class QuickTocTreeprocessor(TocTreeprocessor):
    marked = True

    def run(self, doc: etree.Element) -> None:
        # The marker is replaced only where it is an element's whole text, so a tree
        # whose text does not contain it anywhere has nothing to replace.
        self.marked = bool(self.marker) and self.marker in "".join(doc.itertext())
        super().run(doc)

    def build_toc_div(self, toc_list: list[Any]) -> etree.Element:
        if not self.marked:
            return etree.Element("div", {"class": self.toc_class})  # md.toc: an empty table
        return super().build_toc_div(toc_list)

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self.marked:
            super().replace_marker(root, elem)


class QuickTocExtension(TocExtension):
    TreeProcessorClass = QuickTocTreeprocessor


def makeExtension(**kwargs: Any) -> QuickTocExtension:
    return QuickTocExtension(**kwargs)
