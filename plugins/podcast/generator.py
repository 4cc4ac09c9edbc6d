"""Writes the podcast's files: the feed, chapters JSON, /episodes/ and guest pages.

Everything goes through Pelican's Writer, so the overwrite guard, the
content_written signal (sitemaps, search) and SITEURL handling apply to the
feed and JSON as they do to pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator

from stepwise_core.errors import report
from stepwise_core.people import PEOPLE_UNREADABLE

from .channel import channel_issues
from .chapters import chapters_json
from .episodes import CACHE_KEY, PUBLISHED_KEY
from .feed import build_feed
from .published import place, store_dir
from .settings import absolute, feed_url, listed, plugin_settings


class RawText:
    """A 'template' that renders to fixed text: lets the Writer write bytes we made."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, _context: dict[str, Any]) -> str:
        return self.text


class PodcastGenerator(Generator):
    """Checks the show's settings, then writes the podcast's own files."""

    def generate_context(self) -> None:
        cache = self.context.setdefault(CACHE_KEY, {})
        people = None if self.context.get(PEOPLE_UNREADABLE) else self.context.get("people") or {}
        for issue in channel_issues(self.settings, people, cache):
            report(self.context, issue)

    def generate_output(self, writer: Any) -> None:
        ps = plugin_settings(self.settings)
        episodes = self.context.get("podcast_episodes", [])
        writer.write_file(ps["PODCAST_FEED_PATH"], RawText(build_feed(episodes, self.settings)), self.context)
        current = feed_url(self.settings)
        for old in listed(ps["PODCAST_PREVIOUS_FEED_PATHS"]):  # the feed moved within this site
            copy = build_feed(episodes, self.settings, address=absolute(self.settings, old), moved_to=current)
            writer.write_file(str(old).strip("/"), RawText(copy), self.context)
        self._chapters(writer, episodes, ps)
        self._audio()
        relative = self.settings.get("RELATIVE_URLS", False)
        url = ps["PODCAST_EPISODES_URL"]
        writer.write_file(f"{url}index.html", self.get_template("episodes"), self.context,
                          relative_urls=relative, episodes=episodes, url=url)
        for listing in self.context.get("podcast_guests", []):
            writer.write_file(f"{listing.url}index.html", self.get_template("guest"), self.context,
                              relative_urls=relative, guest=listing, url=listing.url)

    def _audio(self) -> None:
        """The tagged copies the site serves (none when the audio is on PODCAST_MEDIA_URL)."""
        store = store_dir(self.settings)
        for article in self.context.get(PUBLISHED_KEY, []):
            ep = article.episode
            if ep.audio_path:
                place(store / ep.published.name, Path(self.output_path) / ep.audio_path)

    def _chapters(self, writer: Any, episodes: list[Any], ps: dict[str, Any]) -> None:
        podcast_name = ps["PODCAST_TITLE"] or self.settings["SITENAME"]
        for article in episodes:
            ep = article.episode
            if ep.chapters_path:
                text = chapters_json(list(ep.chapters), title=article.title, podcast_name=podcast_name)
                writer.write_file(ep.chapters_path, RawText(text), self.context)
