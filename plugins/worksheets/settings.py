"""Defaults for the worksheets plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

from stepwise_core.settings import settings_with

DEFAULTS: dict[str, Any] = {
    # Reusable worksheets: content/<WORKSHEETS_PATH>/*.yaml
    "WORKSHEETS_PATH": "worksheets",
    # The worksheet of last resort, so every post and episode has one ("" = none: an
    # article no rule matches has no worksheet).
    "WORKSHEETS_DEFAULT": "",
    # Tag rules are tried in the article's tag order, then the category rule. Keys are
    # tag/category names as authors write them (compared case-insensitively), values
    # worksheet names, e.g. {"gratitude": "three-good-things"}.
    "WORKSHEETS_TAG_RULES": {},
    "WORKSHEETS_CATEGORY_RULES": {},
    "WORKSHEETS_URL": "worksheets/{slug}/",
    "WORKSHEETS_SAVE_AS": "worksheets/{slug}/index.html",
    "WORKSHEETS_INDEX_URL": "worksheets/",
    "WORKSHEETS_INDEX_SAVE_AS": "worksheets/index.html",
    # Storage key prefix (localStorage while saving is on, sessionStorage while it is off);
    # bump the version when the stored shape changes.
    "WORKSHEETS_STORAGE_PREFIX": "worksheet:v1:",
    # Slug of the page that explains what is kept where; the worksheet's own note links it.
    "WORKSHEETS_PRIVACY_PAGE": "privacy",
    # A sentence above every worksheet's questions, e.g. that it does not replace care from
    # a professional ("" = none).
    "WORKSHEETS_NOTE": "",
}

RULE_SETTINGS = ("WORKSHEETS_TAG_RULES", "WORKSHEETS_CATEGORY_RULES")


plugin_settings = settings_with(DEFAULTS)  # the plugin's settings: defaults, overridden by the site's
