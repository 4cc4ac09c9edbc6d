"""Plain text where a feed reader may read HTML: RSS titles.

An RSS <title> is plain text to podcast apps (Apple, gPodder's podcastparser) and HTML to
feedparser and the readers built on it, so a typed "<b>" becomes bold there and a typed
"&lt;" becomes "<". The RSS Best Practices Profile's answer: encode what HTML would read
as markup. Only that is encoded, a '<' that starts a tag, comment or end tag and a '&'
that starts a character reference, so a title such as "Q&A: 5 < 6" reaches every app
exactly as typed, and a title with markup in it reads as typed in feedparser and
holds no markup anywhere.
"""

from __future__ import annotations

import html
import re

_TAG_START = re.compile(r"<(?=[A-Za-z!?/])")
_AMPERSAND = re.compile(r"&")
_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def html_safe_text(text: str) -> str:
    """The text with each '<' and '&' that HTML would not read as text escaped."""
    if "&" in text:
        text = _AMPERSAND.sub(lambda match: "&amp;" if _starts_reference(text, match.start()) else "&", text)
    return _TAG_START.sub("&lt;", text) if "<" in text else text


def _starts_reference(text: str, at: int) -> bool:
    """Whether HTML reads a character reference at this '&' (in text: 'Q&A' is text, '&lt' is not)."""
    found = _REFERENCE.match(text, at)
    return found is not None and html.unescape(found.group()) != found.group()


def text_feedparser_reads_as_typed(text: str) -> str:
    """Plain text for a field that podcast apps read as it is (podcastparser, itunes:summary) and
    feedparser reads as HTML when it looks like HTML. A text with a '<' that would start a tag
    is encoded as html_safe_text (feedparser then shows it as typed, and no markup arrives); any
    other reaches every app as typed, a typed '&amp;' included."""
    return html_safe_text(text) if _TAG_START.search(text) else text
