"""Defaults for the worksheets plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Reusable worksheets: content/<WORKSHEETS_PATH>/*.yaml
    "WORKSHEETS_PATH": "worksheets",
    # The worksheet of last resort, so every post and episode has one.
    "WORKSHEETS_DEFAULT": "noticing-progress",
    # Tag rules are tried in the article's tag order, then the category rule.
    # Keys are tag/category names as authors write them (compared case-insensitively).
    "WORKSHEETS_TAG_RULES": {
        "gratitude": "gratitude",
        "strengths": "strengths-and-hobbies",
        "cbt": "weighing-a-belief",
        "habits": "less-of-more-of",
        "progress": "noticing-progress",
    },
    "WORKSHEETS_CATEGORY_RULES": {},
    "WORKSHEETS_URL": "worksheets/{slug}/",
    "WORKSHEETS_SAVE_AS": "worksheets/{slug}/index.html",
    "WORKSHEETS_INDEX_URL": "worksheets/",
    "WORKSHEETS_INDEX_SAVE_AS": "worksheets/index.html",
    # Storage key prefix (localStorage while saving is on, sessionStorage while it is off);
    # bump the version when the stored shape changes.
    "WORKSHEETS_STORAGE_PREFIX": "stepwise:worksheet:v1:",
    # Slug of the page that explains what is kept where; the worksheet's own note links it.
    "WORKSHEETS_PRIVACY_PAGE": "privacy",
}

RULE_SETTINGS = ("WORKSHEETS_TAG_RULES", "WORKSHEETS_CATEGORY_RULES")


def plugin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults, overridden by the site's."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
