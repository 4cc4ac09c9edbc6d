"""What HTML a post body may contain.

Pelican treats a Markdown body as HTML on purpose: an author may write a
<details> or a <table>. A guest post is still someone else's text, so anything
that could run code or load another site (a <script>, an <iframe>, an on*
handler, a javascript: link) is refused with an error naming the line, rather
than silently stripped: the author learns what happened, and the CSP remains a
second line of defence, not the only one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def body_problems(shown: str, html: str, source: str) -> Iterator[ContentIssue]:
    """Every forbidden element, handler or link in a rendered body, with its source line."""
    if not html.strip():
        return
    try:
        fragments = lxml.html.fragments_fromstring(html)
    except (etree.ParserError, ValueError):
        return
    for root in fragments:
        if not isinstance(root, etree._Element):
            continue
        for element in root.iter():
            yield from _element_problems(shown, element, source)


def _element_problems(shown: str, element: etree._Element, source: str) -> Iterator[ContentIssue]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in FORBIDDEN_ELEMENTS:
        yield ContentIssue(shown, "body", f"contains a <{tag}> element", FIX_ELEMENT.format(tag=tag),
                           line=_line_of(source, rf"<\s*{tag}\b"))
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
