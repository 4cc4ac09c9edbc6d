"""The ids the site's own pages use, which a post's body may not take.

A page holds each id once: an element in a post with id="podcast-feed-url" comes first
in the page and becomes the site's element for getElementById, for links to
#podcast-feed-url, and for labels (DOM clobbering: the Copy button would copy the
author's address). So the body policy refuses these ids, and heading ids that Markdown
makes from a heading's words step aside (`heading_slug`: "## Subscribe" is #section-subscribe).

tests/stepwise_core/test_reserved_ids.py holds this table to the templates: every id in every
built page, outside the post's own text, must be in it.
"""

from __future__ import annotations

import re
from typing import Any

from markdown.extensions.toc import slugify

RESERVED_IDS = frozenset({
    # base.html, footer and header
    "main", "urgent-help", "crisis-help", "crisis-help-title", "footer-contact-title", "page-contact-title",
    # article, episode and listing pages
    "related-title", "chapters-title", "transcript-title", "used-by-title", "guests-title",
    "guest-episodes-title", "episodes-title", "intro-title", "latest-title", "home-episode-title",
    "episode-audio", "home-episode-audio", "support-now",
    # the subscribe boxes (plugins/podcast, archives.html) and their Copy buttons
    "subscribe", "subscribe-title", "podcast-feed-url", "follow-posts", "follow-posts-title",
    "posts-feed-atom", "posts-feed-rss",
    # search.html, 404.html, the drafts preview
    "search-form", "search-q", "search-status", "search-results", "search-404",
    "drafts-heading", "scheduled-heading",
})
# Ids made from data: worksheets (ws-<name>-<question>…) and archive years.
RESERVED_PATTERNS = re.compile(r"ws-.*|year-\d+")
HEADING_PREFIX = "section-"


def reserved_id(value: str) -> bool:
    """Whether the site's own pages use this id (compared as browsers do: exactly)."""
    return value in RESERVED_IDS or bool(RESERVED_PATTERNS.fullmatch(value))


def heading_slug(text: str, separator: str, base: Any = slugify) -> str:
    """toc's `slugify` option: the id toc would give a heading, unless the site uses it."""
    slug = base(text, separator)
    return HEADING_PREFIX + slug if reserved_id(slug) else slug


TOC_EXTENSIONS = ("markdown.extensions.toc", "toc", "stepwise_speed.fasttoc")


def keep_heading_ids_clear(settings: dict[str, Any]) -> None:
    """initialized: toc (and its exact fast copy, fasttoc) name headings with heading_slug,
    wrapped around any slugify the site set. Set on the settings, so every process that
    converts Markdown (the pool forks after this) makes the same ids."""
    markdown = settings.get("MARKDOWN") or {}
    configs = dict(markdown.get("extension_configs") or {})
    for name in TOC_EXTENSIONS:
        if name in configs:
            config = dict(configs[name])
            base = config.get("slugify", slugify)
            if not isinstance(base, _HeadingSlug):
                config["slugify"] = _HeadingSlug(base)
            configs[name] = config
    settings["MARKDOWN"] = {**markdown, "extension_configs": configs}


class _HeadingSlug:
    """heading_slug around the site's own slugify (a class, so it is recognised when set twice)."""

    def __init__(self, base: Any) -> None:
        self.base = base

    def __call__(self, text: str, separator: str) -> str:
        return heading_slug(text, separator, self.base)
