"""Whether a web address or an e-mail address in the settings or a header can be used as is.

An address goes into the feed (itunes:new-feed-url, podcast:funding, podcast:license)
and onto pages exactly as written, so it must parse, name a real host and hold nothing
that ends an attribute or splits a link (a quote, a space, '<').
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from stepwise.settings import CONTACT_PARTS

# Characters no address may hold as written (RFC 3986 leaves them out; a space is %20).
UNSAFE = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")
# A public host name: dot-separated labels of letters, digits and inner hyphens.
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST = re.compile(rf"(?=.{{4,253}}$){LABEL}(?:\.{LABEL})+", re.IGNORECASE)
EMAIL = CONTACT_PARTS["email"][0]  # one rule for an e-mail address, the site's own


def https_problem(url: str) -> str:
    """Why `url` is not an https address apps and browsers can fetch ('' when it is one)."""
    text = str(url)
    if not text.startswith("https://"):
        return "is not an https:// address"
    if bad := UNSAFE.search(text):
        if bad.group().isspace():
            return "has a space in it, which an address cannot hold (write %20 for a space)"
        return f"has {bad.group()!r} in it, which an address cannot hold"
    try:
        host = urlsplit(text).hostname or ""
        urlsplit(text).port  # noqa: B018 (a port that is not a number raises)
    except ValueError:
        return "is not a well-formed address"
    if not HOST.fullmatch(host):
        return "names no host such as example.org"
    return ""


def email_problem(address: str) -> str:
    """Why `address` is not an e-mail address ('' when it is one)."""
    if EMAIL.fullmatch(str(address).strip()):
        return ""
    return "is not an email address such as hello@example.org"
