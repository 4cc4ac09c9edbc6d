"""Nothing early: a draft's or scheduled item's files are not published before the item.

Pelican copies every file under STATIC_PATHS, whoever uses it, so a scheduled
episode's audio, transcript and artwork (and a draft post's images) were on the
site, at guessable addresses, before the episode or post itself. Once every
generator has read its content, each static file that only unpublished items
refer to is taken out of the copy list; it is published by the first build in
which an item that uses it is.

An item refers to a file by a {static}/{attach} link or a local address in its
body, or by naming it in a metadata field (Audio, Transcript, Image, ...): any
value that is the path of a static file, alone or in a comma- or
semicolon-separated list, counts. Looking at every field keeps this free of any
one plugin's field names. A file a setting names (PODCAST_IMAGE) is the site's,
and always published.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican.contents import Page

from .links import INTRASITE, Link
from .protocols import Content, Generator

WRITTEN = ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages")
UNPUBLISHED = ("drafts", "drafts_translations", "draft_pages", "draft_translations")


def items_in(generators: list[Generator], lists: Iterable[str]) -> list[Content]:
    found: dict[int, Content] = {}
    for generator in generators:
        for name in lists:
            for item in getattr(generator, name, None) or []:
                found.setdefault(id(item), item)
    return list(found.values())


def named_paths(values: Iterable[Any]) -> set[str]:
    """Every path-like part of these values: 'a.mp3, b.vtt' names two files."""
    paths = set()
    for value in values:
        texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
            if isinstance(value, list | tuple) else []
        for part in (p for text in texts for p in re.split(r"[,;]", text)):
            text = part.strip().removeprefix("{static}").removeprefix("{attach}").lstrip("/")
            if text:
                paths.add(posixpath.normpath(text))
    return paths


def _body_paths(item: Content, links: list[Link], by_output: dict[str, str]) -> set[str]:
    """Static files the body reaches: {static}/{attach} links (as source paths) and plain addresses."""
    paths = set(item.get_static_links())  # Pelican's own reading of {static} and {attach}
    base = posixpath.dirname(str(getattr(item, "url", "") or "").rstrip("/") + "/x")
    for link in links:
        if INTRASITE.match(link.value):
            continue
        parts = urlsplit(link.value)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = parts.path if parts.path.startswith("/") else posixpath.join("/" + base, parts.path)
        output = posixpath.normpath(unquote(path)).lstrip("/")
        if output in by_output:
            paths.add(by_output[output])
    return paths


def references(item: Content, links: list[Link], by_output: dict[str, str]) -> set[str]:
    """Source paths (relative to content/) of the static files an item uses."""
    return named_paths(item.metadata.values()) | _body_paths(item, links, by_output)


def hold_back_unpublished_files(generators: list[Generator], links: dict[int, list[Link]]) -> list[str]:
    """Take static files only unpublished items use out of the copy list; return their paths.

    `links`: each item's links_of its body, by id(item).
    """
    static_generator = next((g for g in generators if hasattr(g, "staticfiles")), None)
    if static_generator is None:
        return []
    statics = static_generator.staticfiles
    by_output = {s.get_url_setting("save_as"): s.relative_source_path for s in statics}
    used = set().union(named_paths(static_generator.settings.values()),  # PODCAST_IMAGE, ...
                       *(references(i, links[id(i)], by_output) for i in items_in(generators, WRITTEN)))
    waiting = set().union(*(references(i, links[id(i)], by_output)
                            for i in items_in(generators, UNPUBLISHED)))
    held = {s.relative_source_path for s in statics} & (waiting - used)
    if held:  # the context's "staticfiles" is this same list: the copy step reads it
        statics[:] = [s for s in statics if s.relative_source_path not in held]
    return sorted(held)


def hold_future_pages(content: Any) -> None:
    """content_object_init: a page with a future Date: waits for its day, like a post.

    Pelican schedules only articles (WITH_FUTURE_DATES); a page dated 2099 was published at
    once. As a draft it is written by no build before that date, and preview-drafts shows it."""
    if not isinstance(content, Page) or content.settings.get("WITH_FUTURE_DATES", True):
        return
    date = getattr(content, "date", None)
    if content.status != "published" or not isinstance(date, datetime.datetime):
        return
    now = datetime.datetime.now(datetime.UTC) if date.tzinfo else datetime.datetime.now()
    if date > now:
        content.status = "draft"


UNPUBLISHED_LISTS = ("drafts", "drafts_translations", "draft_pages", "draft_translations")


def keep_drafts_unwritten(generator: Generator) -> None:
    """article_generator_pretaxonomy, page_generator_finalized: a draft's or scheduled item's
    own Save_as and Url give way to DRAFT_SAVE_AS (empty: not written) and DRAFT_URL.

    Pelican writes a draft wherever its Save_as says, so 'Status: draft' with a Save_as (or a
    post dated next month) was published at once, and listed in the sitemap. From its day it
    is published at its own address again, as the line says."""
    for name in UNPUBLISHED_LISTS:
        for item in getattr(generator, name, ()):
            for attribute in ("override_save_as", "override_url"):
                if hasattr(item, attribute):
                    delattr(item, attribute)
