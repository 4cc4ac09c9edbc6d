"""What HTML a post body may contain.

Pelican treats a Markdown body as HTML on purpose: an author may write a
<details> or a <table>. A guest post is still someone else's text, so anything
that could run code or load another site (a <script>, an <iframe>, an on*
handler, a javascript: link) is refused with an error naming the line, rather
than silently stripped: the author learns what happened, and the CSP remains a
second line of defence, not the only one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import lxml.html
from lxml import etree

from .errors import ContentIssue

FORBIDDEN_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "noscript", "portal",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"})
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
FIX_ELEMENT = ("remove the <{tag}> element: the site runs only its own scripts and embeds nothing "
               "from other sites; link to the page instead")
FIX_HANDLER = "remove the {attr}=\"…\" attribute: the site runs only its own scripts"
FIX_URL = "link to an https:// address or a page on this site instead"
# Pelican's links to other files of the site, which it resolves (and for {attach}, copies).
INTRASITE_ATTRIBUTES = ("href", "src", "poster", "data", "cite", "formaction", "action", "content")
INTRASITE = re.compile(r"^[{|](?P<kind>static|attach|filename)[}|](?P<path>.+)$")
# The only elements that can break a rule: one with attributes, or a forbidden one. Found
# by lxml in C, in document order, so the Python checks below skip the plain <p>, <li>
# and <em> that make up most of a body (about a tenth of reading a post, otherwise).
# lxml.html lowercases tag names, so self:: matches <SCRIPT> too.
SUSPECTS = etree.XPath("descendant-or-self::*[@* or "
                       + " or ".join(f"self::{tag}" for tag in sorted(FORBIDDEN_ELEMENTS)) + "]")


class ContentFolder:
    """Whether a path, symbolic links followed, stays inside content/.

    The answer of Path.resolve().is_relative_to(), with each folder resolved once per
    process: resolve() checks every part of the path for a link, for every image and
    link of every post (half of this module's time, otherwise).
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self._inside = str(self.root).rstrip(os.sep) + os.sep
        self._folders: dict[str, str] = {}

    def holds(self, path: Path) -> bool:
        folder, name = os.path.split(path)
        if name in {"", ".", ".."}:
            real = os.path.realpath(path)
        else:
            real_folder = self._folders.get(folder)
            if real_folder is None:
                real_folder = self._folders[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
            if os.path.islink(real):
                real = os.path.realpath(real)
        return real == str(self.root) or real.startswith(self._inside)


def body_problems(shown: str, html: str, source: str, source_path: Path | None = None,
                  content: ContentFolder | None = None) -> Iterator[ContentIssue]:
    """Every forbidden element, handler or link in a rendered body, with its source line.

    With source_path and content, also every {attach}/{static}/{filename} link that
    reaches outside content/: Pelican would copy that file into the site.
    """
    if not html.strip():
        return
    try:
        fragments = lxml.html.fragments_fromstring(html)
    except (etree.ParserError, ValueError):
        return
    for root in fragments:
        if not isinstance(root, etree._Element):
            continue
        for element in SUSPECTS(root):
            yield from _element_problems(shown, element, source)
            if source_path is not None and content is not None and element.attrib:
                yield from _intrasite_problems(shown, element, source, source_path, content)


def _intrasite_problems(shown: str, element: etree._Element, source: str, source_path: Path,
                        content: ContentFolder) -> Iterator[ContentIssue]:
    for attr in INTRASITE_ATTRIBUTES:
        match = INTRASITE.match(element.get(attr) or "")
        if not match:
            continue
        target = unquote(re.split(r"[?#]", match.group("path"), maxsplit=1)[0])  # as Pelican reads it
        base = content.root if target.startswith("/") else source_path.parent
        if not content.holds(base / target.lstrip("/")):
            yield ContentIssue(shown, "body", f"links to {match.group(0)!r}, outside content/",
                               "link only to files inside content/ (for example {static}/images/x.png)",
                               line=_line_of(source, re.escape(match.group("path"))))


def _element_problems(shown: str, element: etree._Element, source: str) -> Iterator[ContentIssue]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in FORBIDDEN_ELEMENTS:
        yield ContentIssue(shown, "body", f"contains a <{tag}> element", FIX_ELEMENT.format(tag=tag),
                           line=_line_of(source, rf"<\s*{tag}\b"))
    if not element.attrib:
        return
    for attr, value in element.attrib.items():
        name = attr.lower()
        if name.startswith("on"):
            yield ContentIssue(shown, "body", f"has an event handler {name}=\"…\" on <{tag}>",
                               FIX_HANDLER.format(attr=name), line=_line_of(source, rf"\b{name}\s*="))
        elif name in URL_ATTRIBUTES and UNSAFE_SCHEME.match(_as_browsers_read(value)):
            scheme = _as_browsers_read(value).split(":", 1)[0].lower()
            yield ContentIssue(shown, "body", f"has a {scheme}: address in {name}=\"…\" on <{tag}>",
                               FIX_URL, line=_line_of(source, rf"{scheme}\s*:"))


def _as_browsers_read(url: str | None) -> str:
    """A URL as a browser parses it: tabs, newlines and other controls anywhere are dropped,
    so 'jav&#9;ascript:' is still javascript:."""
    return re.sub(r"[\x00-\x20]", "", url or "")


def _line_of(source: str, pattern: str) -> int | None:
    """The first source line matching pattern (case-insensitive), 1-based."""
    regex = re.compile(pattern, re.IGNORECASE)
    for number, text in enumerate(source.splitlines(), start=1):
        if regex.search(text):
            return number
    return None
