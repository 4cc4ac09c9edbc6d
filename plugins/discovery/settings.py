"""Defaults for the discovery plugin's settings; pelicanconf.py may override any."""

from __future__ import annotations

from typing import Any

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


def plugin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults, overridden by the site's."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


def public_url(settings: dict[str, Any]) -> str:
    """The site's public address without a trailing slash (canonical links need it absolute)."""
    return str(settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").rstrip("/")


def podcast_paths(settings: dict[str, Any]) -> dict[str, str]:
    """The podcast plugin's feed path and episodes URL (its defaults live in podcast/settings.py),
    so templates can link the feed root-relatively; empty when that plugin is absent."""
    try:
        from podcast.settings import plugin_settings as podcast_settings
    except ImportError:
        return {}
    values = podcast_settings(settings)
    return {key: values[key] for key in ("PODCAST_FEED_PATH", "PODCAST_EPISODES_URL") if values.get(key)}
