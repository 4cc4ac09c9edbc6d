"""Defaults for the stepwise plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # A Markdown source larger than this is refused (a pasted binary, a runaway export).
    "STEPWISE_MAX_SOURCE_BYTES": 1_000_000,
    "PEOPLE_FILE": "people.yaml",
    "CRISIS_RESOURCES": [],
    "CRISIS_NOTE": "",
    "NOT_THERAPY_NOTE": "",
}


def plugin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults, overridden by the site's."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
