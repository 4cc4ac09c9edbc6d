"""The site's own frame of every built page: what its templates wrote, a post's text left out.
The tables of reserved ids and classes are held to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser


def frame_values(output: Path, attribute: str) -> Iterator[tuple[str, str]]:
    """(value, page) for every `attribute` in every built page outside a post's own text."""
    for page in output.rglob("*.html"):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for body in tree.css(".entry-body"):
            body.decompose()
        for node in tree.css(f"[{attribute}]"):
            yield node.attributes[attribute] or "", page.relative_to(output).as_posix()
