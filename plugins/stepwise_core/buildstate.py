"""One build's state: the objects its plugins share that are not settings.

The settings dict is the one thing each build's generators, readers and writer share
(Pelican hands the same dict to all of them, and only to that build), so the state
rides in it, under one key, as one typed object: a plugin never invents a key of its
own, and nothing here is a setting. Pelican's content cache pickles the settings
(Author and Tag objects point at them); these objects are not data, so they pickle as
nothing (NotData).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import Any

STATE_KEY = "_STEPWISE_BUILD"


class NotData:
    """Mix in to store an object in the settings: it is left out of Pelican's cache."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return _nothing, ()


def _nothing() -> None:
    return None


@dataclass
class BuildState(NotData):
    """What one build's plugins share besides the settings."""

    # The build's generators, kept alive past Pelican.run (the runner exits without
    # freeing them; the live preview renders from them).
    site: list[Any] = field(default_factory=list)
    # Programs running beside the build (the search indexer), ended with it (helpers.py).
    helpers: list[subprocess.Popen[Any]] = field(default_factory=list)
    # The reader and writer classes the stepwise plugin hands Pelican; a plugin that
    # reads or writes faster (stepwise_speed) puts its subclasses here, byte for byte the same.
    reader_class: type | None = None
    writer_class: type | None = None
    # Whether Pelican's content cache is guarded this build (a cached file is only trusted
    # when what it was checked against is unchanged); unguarded, it is off.
    content_cache_guarded: bool = False
    # The Markdown sources the content cache did not serve (None: no cache was loaded).
    changed_sources: list[str] | None = None
    # Problems the source scan left to the reader (a Markdown file with a control
    # character): named with every other problem once the site is read, not twice.
    left_to_reader: list[Any] = field(default_factory=list)
    # Each plugin's own per-build object, by the plugin's name (the speed plugin's pool
    # and cache fingerprint, the search indexer).
    plugins: dict[str, Any] = field(default_factory=dict)


def build_state(settings: dict[str, Any]) -> BuildState:
    """This build's state, made on first use."""
    state = settings.get(STATE_KEY)
    if state is None:
        state = settings[STATE_KEY] = BuildState()
    return state
