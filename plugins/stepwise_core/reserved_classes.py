"""The classes the site's own pages, stylesheets and scripts use, which a post's body may not take.

A post's <div class="crisis-help"> would look exactly like the site's own "If you need help
now" box, holding whatever numbers its author typed; class="worksheet-note" or "not-therapy"
would dress a guest's text as the practice's own word, "visually-hidden" or "no-print" would
hide text from sighted readers or from the printout, and the worksheet's script finds its parts
by class. So the body policy refuses these classes, as it refuses the ids the pages use
(reserved_ids.py). Any other class is the post's own: Markdown's (footnotes, code, a table
of contents) and the author's, which the theme does not style.

tests/stepwise_core/test_reserved_classes.py holds this table to the theme: every class in a
built page outside a post's text, in a stylesheet, or in a script's selectors must be in it.
"""

from __future__ import annotations

import re

RESERVED_CLASSES = frozenset({
    # base.html: header, footer, skip link, the crisis box, the notes every page carries
    "site-header", "site-name", "masthead", "nav-list", "skip-link", "site-footer", "footer-links",
    "colophon", "not-therapy", "contact", "contact-list", "contact-note", "address-line",
    "visually-hidden", "no-print", "safe-messaging", "safe-messaging-title", "content-note",
    # article, episode and listing pages
    "entry", "entry-header", "entry-body", "entry-footer", "byline", "lede", "intro", "badge", "card",
    "card-title", "card-summary", "count", "time", "role", "tag-list", "term-list", "archive-list",
    "related-list", "neighbours", "prev", "next", "prev-next", "prev-next-label", "pager",
    "listing-header", "listing-subtitle", "author-box", "person-intro", "people-list",
    "directory-list", "preview-label", "button", "redirect-note",
    # the podcast's pages, player, chapters and transcript
    "home-episode", "episode-card", "episode-list", "episode-art", "episode-top", "episode-facts",
    "episode-listen", "episode-player", "episode-people", "episode-chapters", "episode-transcript",
    "chapter-title", "transcript", "transcript-help", "cue-time", "cue-text", "speaker", "podcast-header",
    "podcast-art", "podcast-subscribe", "subscribe-heading", "platforms", "app-list", "feed-box",
    "feed-note",
    # the Copy boxes and the search page
    "copy-address", "copy-label", "copy-text", "copy-button", "copy-status", "search-box",
    "search-fallback", "search-private", "search-results", "search-row", "search-status", "search-urgent",
    # worksheets: the form's parts and the printed copy
    "answer", "line", "lines", "column", "columns", "column-head", "checklist", "checklist-other",
    "scale", "scale-ends", "scale-point", "scale-history", "print-copy", "print-copy-area",
    "print-prompt", "has-print-copies",
})
# Families named from data or kept together: a worksheet's parts (worksheet-…, ws-…, one
# question-<kind> per kind of question) and the crisis box's.
RESERVED_CLASS_PATTERNS = re.compile(r"(worksheet|ws|question|crisis)(-.*)?")


def reserved_class(token: str) -> bool:
    """Whether the site's own pages use this class (compared as browsers do: exactly)."""
    return token in RESERVED_CLASSES or bool(RESERVED_CLASS_PATTERNS.fullmatch(token))
