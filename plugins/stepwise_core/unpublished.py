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

import posixpath
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from .links import INTRASITE, Link

WRITTEN = ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages")
UNPUBLISHED = ("drafts", "drafts_translations", "draft_pages", "draft_translations")


def _items(generators: list[Any], lists: Iterable[str]) -> list[Any]:
    found: dict[int, Any] = {}
    for generator in generators:
        for name in lists:
            for item in getattr(generator, name, None) or []:
                found.setdefault(id(item), item)
    return list(found.values())


def _named_paths(values: Iterable[Any]) -> set[str]:
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


def _body_paths(item: Any, links: list[Link], by_output: dict[str, str]) -> set[str]:
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


def references(item: Any, links: list[Link], by_output: dict[str, str]) -> set[str]:
    """Source paths (relative to content/) of the static files an item uses."""
    return _named_paths(item.metadata.values()) | _body_paths(item, links, by_output)


def hold_back_unpublished_files(generators: list[Any], links: dict[int, list[Link]]) -> list[str]:
    """Take static files only unpublished items use out of the copy list; return their paths.

    `links`: each item's links_of its body, by id(item).
    """
    static_generator = next((g for g in generators if hasattr(g, "staticfiles")), None)
    if static_generator is None:
        return []
    statics = static_generator.staticfiles
    by_output = {s.get_url_setting("save_as"): s.relative_source_path for s in statics}
    used = set().union(_named_paths(static_generator.settings.values()),  # PODCAST_IMAGE, ...
                       *(references(i, links[id(i)], by_output) for i in _items(generators, WRITTEN)))
    waiting = set().union(*(references(i, links[id(i)], by_output) for i in _items(generators, UNPUBLISHED)))
    held = {s.relative_source_path for s in statics} & (waiting - used)
    if held:  # the context's "staticfiles" is this same list: the copy step reads it
        statics[:] = [s for s in statics if s.relative_source_path not in held]
    return sorted(held)
