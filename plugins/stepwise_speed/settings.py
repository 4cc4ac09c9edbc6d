"""Defaults for the speed plugin's settings (pelicanconf.py may override each)."""

from __future__ import annotations

import os
from typing import Any

from stepwise_core.settings import settings_with

DEFAULTS: dict[str, Any] = {
    # Processes that convert Markdown (parallel.py) and render article pages (render.py),
    # and the fewest files or pages worth starting them for (~0.1 s to start).
    "STEPWISE_WORKERS": min(2, os.cpu_count() or 1),
    "STEPWISE_PARALLEL_MIN_FILES": 40,
    # preview.py: render the few changed posts into output/ before the rest.
    "STEPWISE_PREVIEW_FIRST": False,
    # cache.py: build-context dicts keyed by file content, kept between builds.
    "STEPWISE_PERSISTENT_CACHES": ["podcast_media_cache", "stepwise_resolved_verdicts"],
    # internals.py: run the fast paths on Pelican or Markdown versions they were not proven
    # on (`invoke canary` does, to find out which still hold). Never in a real build.
    "STEPWISE_SPEED_UNPROVEN": False,
}

plugin_settings = settings_with(DEFAULTS)
