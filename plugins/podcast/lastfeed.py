"""The feed of the last good site: the Guid every podcast app already knows each episode by.

An app knows an episode by its Guid; a new one makes every subscriber's app download the episode
again. So the build reads the feed it published last time (the podcast feed in the output folder
of the last good site), matches each episode to it by its page address or its audio file's name,
and can offer a deleted Guid back, or refuse a changed one. No previous feed, or one that cannot
be read, means nothing to compare with: never a crash. It is read with defusedxml (no DTDs, no
entities): the output folder is only as trusted as whatever last wrote into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException

from stepwise_core.swap import last_good_output

from .settings import listed, plugin_settings


@dataclass(frozen=True)
class LastFeed:
    """The Guids of the last good feed, by page path, and (guid, page path) by audio file name."""

    by_page: dict[str, str] = field(default_factory=dict)
    by_audio: dict[str, tuple[str, str]] = field(default_factory=dict)
    pages_now: frozenset[str] = frozenset()  # the page paths of this build's episodes

    def guid_of(self, page_url: str, audio: str) -> str:
        """The Guid the feed gave the episode at `page_url`, else the one with this audio file
        whose page no episode has now (its slug changed; not a copy beside it), or ""."""
        guid, page = self.by_audio.get(audio_key(audio), ("", ""))
        return self.by_page.get(page_key(page_url)) or ("" if page in self.pages_now else guid)


def page_key(url: str) -> str:
    """'https://x.example/episodes/a/' -> 'episodes/a': the host may change, the page stays."""
    return unquote(urlsplit(url).path).strip("/")


def audio_key(address: str) -> str:
    """'media/Kind words.mp3' or 'https://cdn.example/Kind%20words.mp3' -> 'Kind words.mp3'."""
    return unquote(PurePosixPath(urlsplit(address.strip()).path).name)


def last_feed(settings: dict[str, Any], pages_now: list[str]) -> LastFeed:
    """The feed at PODCAST_FEED_PATH (or at a path it used to have) in the last good site;
    `pages_now`: the addresses of this build's episodes."""
    folder = last_good_output(settings.get("OUTPUT_PATH") or "output")
    ps = plugin_settings(settings)
    for path in [ps["PODCAST_FEED_PATH"], *listed(ps["PODCAST_PREVIOUS_FEED_PATHS"])]:
        file = folder / str(path)
        if file.is_file():
            return replace(read_feed(file), pages_now=frozenset(map(page_key, pages_now)))
    return LastFeed()


def read_feed(file: Path) -> LastFeed:
    """Each item's Guid by its <link> and its enclosure; an unreadable feed gives none."""
    try:
        root = SafeXML.parse(file).getroot()
    except (OSError, ParseError, DefusedXmlException, ValueError):
        return LastFeed()
    if root is None:
        return LastFeed()
    found = LastFeed()
    for item in root.iter("item"):
        guid = (item.findtext("guid") or "").strip()
        if not guid:
            continue
        link = (item.findtext("link") or "").strip()
        if link:
            found.by_page.setdefault(page_key(link), guid)
        enclosure = item.find("enclosure")
        if enclosure is not None and enclosure.get("url"):
            found.by_audio.setdefault(audio_key(enclosure.get("url", "")), (guid, page_key(link)))
    return found
