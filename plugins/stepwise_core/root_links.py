"""A root-relative link in a body (`/about/`, `/images/x.jpg`) means "this site's root".

At https://stepwise.example that is the host's root, but a site published under a path
(a GitHub Pages project site, https://someone.github.io/stepwise) lives inside it, and
`/about/` would leave the site. Pelican resolves `{filename}` links against SITEURL; the
same is done here for root-relative links
(the checks read the links the reader found, as written): in pages against SITEURL
when it has a path, in feeds against the feed's address, since feed readers need
absolute links.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from .html_scan import start_tags
from .items import items_of

LINKING = frozenset({"href", "src", "poster", "srcset", "cite"})
_SPACE = "[\t\n\f\r ]"
_SINGLE = re.compile(rf"(?P<lead>{_SPACE}(?:href|src|poster|cite){_SPACE}*={_SPACE}*[\"']?)/(?!/)", re.I)
_SRCSET = re.compile(rf"(?P<lead>{_SPACE}srcset{_SPACE}*={_SPACE}*)(?P<q>[\"'])(?P<value>.*?)(?P=q)",
                     re.I | re.S)
_CANDIDATE = re.compile(rf"(?P<lead>(?:^|,){_SPACE}*)/(?!/)")


def rebased(body: str, base: str) -> str:
    """`body` with each root-relative link of its tags under `base` (an address without '/' at the end)."""
    base = html.escape(base.rstrip("/"), quote=True)
    if not base or "/" not in body:
        return body
    pieces, last = [], 0
    for tag in start_tags(body, attributes=LINKING):
        if not any(name in LINKING for name, _value in tag.attributes):
            continue
        text = body[tag.start:tag.end]
        text = _SINGLE.sub(lambda m: f"{m['lead']}{base}/", text)
        text = _SRCSET.sub(lambda m: m["lead"] + m["q"] + _CANDIDATE.sub(
            lambda c: f"{c['lead']}{base}/", m["value"]) + m["q"], text)
        pieces += [body[last:tag.start], text]
        last = tag.end
    return "".join(pieces) + body[last:]


def rebase_bodies(generator: Any) -> None:
    """article_/page_generator_finalized (before any body is resolved, which Pelican memoizes;
    the link checks read the links the reader found): under a path, bodies link inside it."""
    site_url = str(generator.settings.get("SITEURL") or "")
    if not urlsplit(site_url).path.strip("/"):
        return  # at a host's root (or root-relative, developing), '/about/' is already right
    for item in items_of(generator):
        if getattr(item, "_content", None):
            item._content = rebased(item._content, site_url)
