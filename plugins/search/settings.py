"""Defaults for the search plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Which pages are searchable: single posts, episodes and worksheets, not listings.
    # (Pagefind's glob; index pages such as episodes/index.html do not match */*/.)
    "SEARCH_GLOB": "{posts,episodes,worksheets}/*/index.html",
    # The part of each page that is indexed (headers, crisis strip and footer are not).
    "SEARCH_ROOT_SELECTOR": "main",
    # Parts of `main` left out of the index: related/next links, the crisis box (on many
    # pages, so it would match them all), and text no reader sees, so that an excerpt shows
    # only what is on the screen: screen-reader-only words ("Play from 0:12") and an audio
    # player's fallback link. (Worksheet notes and tools carry data-pagefind-ignore; Pagefind
    # itself skips <form>, <label>, <nav> and <footer>.)
    "SEARCH_EXCLUDE_SELECTORS": ".neighbours, .safe-messaging, .no-index, .visually-hidden, audio",
    "SEARCH_LANGUAGE": "en",
    "SEARCH_TIMEOUT_SECONDS": 300,
    # Once Pagefind starts, the build process lowers its own CPU priority (os.nice), so
    # that the indexer, from then on the longest chain of the build, is scheduled first
    # and the listings, feeds and sitemap fill the gaps (5 % faster at 1,500 items on two
    # cores). A lowered priority cannot be raised again: set it to 0 when the build runs
    # inside a process that goes on to do other work.
    "SEARCH_YIELD_NICENESS": 10,
}


def plugin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults, overridden by the site's."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
