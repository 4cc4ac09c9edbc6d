"""Per-build objects kept in Pelican's settings dict: a worker pool, helper processes,
the search indexer, the site kept alive for a fast exit.

The settings dict is the one thing each build's generators, readers and writer share, so
per-build state lives there rather than in a module. Pelican's content cache pickles the
settings (Author and Tag objects point at them); these objects are not data, so they
pickle as nothing.
"""

from __future__ import annotations

from typing import Any


class NotData:
    """Mix in to store an object in the settings: it is left out of Pelican's cache."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return _nothing, ()


def _nothing() -> None:
    return None
