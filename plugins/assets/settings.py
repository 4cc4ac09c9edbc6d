"""Defaults for the assets plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Minify the theme's .css and .js files in the output (the sources stay as written, with
    # their comments): every page loads them, and a post page has a weight budget
    # (tests/site/test_page_weight.py). False keeps them byte for byte, to debug in a browser.
    "ASSETS_MINIFY": True,
}


def plugin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults, overridden by the site's."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
