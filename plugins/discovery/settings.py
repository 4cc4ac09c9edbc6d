"""Defaults for the discovery plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

from stepwise_core.settings import settings_with

DEFAULTS: dict[str, Any] = {
    # How many related posts and episodes each page lists.
    "DISCOVERY_RELATED_MAX": 3,
    # Words that mark a post as touching on suicide or self-harm (content note or body),
    # which puts crisis resources at the top of it. `Safe-Messaging: yes|no` overrides.
    "SAFE_MESSAGING_PATTERN": (r"\bsuicid\w*|\bself[- ]?harm\w*"
                               r"|\bkill(?:ing)? (?:my|him|her|them)sel(?:f|ves)"),
    # The widest an image is shown (the text column, 42rem, in CSS pixels): an image with
    # no width of its own is shown at most this wide; wider files get resized copies.
    "IMAGE_MAX_WIDTH": 672,
    # Output paths (prefixes) left out of sitemap.xml.
    "SITEMAP_EXCLUDE": ("404.html", "drafts/", "pagefind/", "theme/"),
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # Appended to robots.txt (the rules live in content/extra/robots.txt).
    "ROBOTS_SAVE_AS": "robots.txt",
}


plugin_settings = settings_with(DEFAULTS)  # the plugin's settings: defaults, overridden by the site's
