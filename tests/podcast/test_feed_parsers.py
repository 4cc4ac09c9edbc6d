"""The built feed, read by the parsers podcast apps use (gPodder's podcastparser,
feedparser): every episode reads back exactly as its file says."""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import mutagen
import podcastparser
import pytest

from tests.conftest import CONTENT, BuildResult
from tests.podcast.conftest import EPISODES, header

FEED_URL = "https://stepwise.example/feeds/podcast.xml"
SOURCES = sorted(EPISODES.glob("*.md"))


@pytest.fixture(scope="module")
def feed_bytes(built_site: BuildResult) -> bytes:
    return (built_site.output / "feeds" / "podcast.xml").read_bytes()


@pytest.fixture(scope="module")
def gpodder(feed_bytes: bytes) -> dict:
    return podcastparser.parse(FEED_URL, io.BytesIO(feed_bytes))


@pytest.fixture(scope="module")
def fp(feed_bytes: bytes) -> feedparser.FeedParserDict:
    return feedparser.parse(feed_bytes)


@pytest.fixture(scope="module")
def output(built_site: BuildResult) -> Path:
    return built_site.output


def expected(source: Path, output: Path) -> dict:
    """What the episode's file says; the size is the published copy's (the audio plus its tags)."""
    meta = header(source)
    audio = CONTENT / meta["audio"]
    return {
        "title": meta["title"], "guid": meta["guid"], "url": f"https://stepwise.example/{meta['audio']}",
        "size": (output / meta["audio"]).stat().st_size, "mime": "audio/mpeg",
        "duration": max(1, round(mutagen.File(audio).info.length)),
        "number": int(meta["episode"]) if "episode" in meta else None,
        "season": int(meta["season"]) if "season" in meta else None,
        "type": meta.get("episode-type", "full"),
    }


def test_there_are_sample_episodes_with_a_trailer() -> None:
    types = [header(s).get("episode-type", "full") for s in SOURCES]
    assert len(SOURCES) >= 3 and "trailer" in types


def test_podcastparser_reads_the_show(gpodder: dict) -> None:
    assert gpodder["title"] == "Stepwise"
    assert gpodder["link"] == "https://stepwise.example/"
    assert gpodder["cover_url"] == "https://stepwise.example/media/stepwise-podcast-1400.jpg"
    assert gpodder["type"] == "episodic"
    assert len(gpodder["episodes"]) == len(SOURCES)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_podcastparser_reads_each_episode_as_written(gpodder: dict, source: Path, output: Path) -> None:
    want = expected(source, output)
    [episode] = [e for e in gpodder["episodes"] if e["guid"] == want["guid"]]
    assert episode["title"] == want["title"]
    [enclosure] = episode["enclosures"]
    assert enclosure == {"url": want["url"], "file_size": want["size"], "mime_type": want["mime"]}
    assert episode["total_time"] == want["duration"]
    assert episode.get("number") == want["number"]
    assert episode.get("season") == want["season"]
    assert episode["type"] == want["type"]
    assert episode["explicit"] is False


def test_podcastparser_lists_newest_first(gpodder: dict) -> None:
    published = [e["published"] for e in gpodder["episodes"]]
    assert published == sorted(published, reverse=True)


def test_feedparser_reads_it_without_complaint(fp: feedparser.FeedParserDict) -> None:
    assert fp.bozo == 0, fp.get("bozo_exception")
    assert fp.version == "rss20"
    assert len(fp.entries) == len(SOURCES)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_feedparser_reads_each_episode_as_written(fp: feedparser.FeedParserDict, source: Path,
                                                 output: Path) -> None:
    want = expected(source, output)
    [entry] = [e for e in fp.entries if e.id == want["guid"]]
    assert entry.title == want["title"]
    [enclosure] = entry.enclosures
    got = (enclosure.href, int(enclosure.length), enclosure.type)
    assert got == (want["url"], want["size"], want["mime"])
    assert int(entry.itunes_duration) == want["duration"]
    assert entry.get("itunes_episode") == (str(want["number"]) if want["number"] else None)
    assert entry.get("itunes_season") == (str(want["season"]) if want["season"] else None)
    assert entry.itunes_episodetype == want["type"]
