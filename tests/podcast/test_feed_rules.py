"""A static rule check of the feed (the offline subset of Apple's, the W3C's and
Livewire's checks): required tags, formats and values, read with lxml."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import re
import shutil
from pathlib import Path

import podcastparser
import pytest
from lxml import etree

from podcast.settings import APPLE_CATEGORIES, podcast_guid_for
from tests.conftest import CONTENT, BuildResult, run_build
from tests.podcast.conftest import EPISODES, header

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom",
      "content": "http://purl.org/rss/1.0/modules/content/"}
FEED_URL = "https://stepwise.example/feeds/podcast.xml"
AUDIO_TYPES = {"audio/mpeg", "audio/x-m4a"}


@pytest.fixture(scope="module", params=["site", "external"])
def output(request: pytest.FixtureRequest) -> Path:
    """Every rule holds for the site as it is, and with its audio on PODCAST_MEDIA_URL."""
    fixture = "built_site" if request.param == "site" else "external_site"
    result: BuildResult = request.getfixturevalue(fixture)
    return result.output


@pytest.fixture(scope="module")
def channel(output: Path) -> etree._Element:
    root = etree.parse(str(output / "feeds" / "podcast.xml")).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    [channel] = root.findall("channel")
    return channel


def one(parent: etree._Element, path: str) -> etree._Element:
    found = parent.findall(path, NS)
    assert len(found) == 1, f"expected one {path}, found {len(found)}"
    return found[0]


def rfc2822(text: str) -> dt.datetime:
    assert re.fullmatch(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", text), text
    return email.utils.parsedate_to_datetime(text)


def test_channel_has_every_required_tag(channel: etree._Element) -> None:
    for path in ("title", "link", "description", "language", "itunes:author", "itunes:type",
                 "itunes:owner/itunes:email", "copyright"):
        assert one(channel, path).text.strip() == one(channel, path).text and one(channel, path).text
    assert one(channel, "link").text == "https://stepwise.example/"  # not the feed URL (feedgen quirk)
    self_link = {"href": FEED_URL, "rel": "self", "type": "application/rss+xml"}
    assert one(channel, "atom:link").attrib == self_link
    assert re.fullmatch(r"[a-z]{2}(-[a-z]{2})?", one(channel, "language").text)
    assert one(channel, "itunes:explicit").text in {"true", "false"}
    assert one(channel, "itunes:type").text in {"episodic", "serial"}
    assert len(one(channel, "description").text.encode()) <= 4000


def test_channel_artwork_is_a_jpg_or_png_url(channel: etree._Element, output: Path) -> None:
    href = one(channel, "itunes:image").get("href")
    assert re.fullmatch(r"https://stepwise\.example/media/[\w.-]+\.(jpg|png)", href)
    assert (output / href.removeprefix("https://stepwise.example/")).is_file()


def test_category_is_from_apples_list(channel: etree._Element) -> None:
    category = one(channel, "itunes:category")
    sub = one(category, "itunes:category")
    assert category.get("text") == "Health & Fitness" and sub.get("text") == "Mental Health"
    assert sub.get("text") in APPLE_CATEGORIES[category.get("text")]


def test_show_guid_follows_the_podcasting20_rule(channel: etree._Element) -> None:
    assert one(channel, "podcast:guid").text == podcast_guid_for(FEED_URL)
    locked = one(channel, "podcast:locked")
    assert locked.text == "yes" and locked.get("owner")
    assert [p.get("role") for p in channel.findall("podcast:person", NS)] == ["host"]


def test_items_follow_apple_and_psp1(channel: etree._Element) -> None:
    items = channel.findall("item")
    assert len(items) == len(list(EPISODES.glob("*.md")))
    now = dt.datetime.now(dt.UTC)
    guids, urls, dates = [], [], []
    for item in items:
        assert one(item, "title").text.strip()
        assert not re.search(r"\b(episode|ep\.?)\s*\d", one(item, "title").text, re.IGNORECASE)
        guid = one(item, "guid")
        assert guid.get("isPermaLink") == "false" and guid.text.strip()
        guids.append(guid.text)
        enclosure = one(item, "enclosure")
        assert enclosure.get("url").startswith("https://") and enclosure.get("url").endswith((".mp3", ".m4a"))
        assert enclosure.get("length").isdigit() and int(enclosure.get("length")) > 0
        assert enclosure.get("type") in AUDIO_TYPES
        urls.append(enclosure.get("url"))
        published = rfc2822(one(item, "pubDate").text)
        assert published <= now
        dates.append(published)
        assert re.fullmatch(r"\d+", one(item, "itunes:duration").text)
        assert one(item, "itunes:explicit").text in {"true", "false"}
        assert one(item, "itunes:episodeType").text in {"full", "trailer", "bonus"}
        for path in ("itunes:episode", "itunes:season", "podcast:season", "podcast:episode"):
            for node in item.findall(path, NS):
                assert int(node.text) > 0
        assert "<script" not in one(item, "content:encoded").text.lower()
        assert one(item, "link").text.startswith("https://stepwise.example/episodes/")
    assert len(set(guids)) == len(guids) and len(set(urls)) == len(urls)
    assert dates == sorted(dates, reverse=True)
    assert rfc2822(one(channel, "lastBuildDate").text) == max(dates)


def test_description_is_plain_and_show_notes_are_html(channel: etree._Element) -> None:
    for item in channel.findall("item"):
        assert "<" not in one(item, "description").text
        assert one(item, "content:encoded").text.lstrip().startswith("<p>")


def _item(channel: etree._Element, slug: str) -> etree._Element:
    [item] = [i for i in channel.findall("item") if one(i, "link").text.endswith(f"/episodes/{slug}/")]
    return item


def test_transcripts_chapters_and_people_of_episode_two(channel: etree._Element, output: Path) -> None:
    item = _item(channel, "small-wins-count")
    transcripts = [(t.get("type"), t.get("url").rsplit(".", 1)[-1], t.get("rel"))
                   for t in item.findall("podcast:transcript", NS)]
    assert transcripts == [("text/vtt", "vtt", "captions"), ("application/x-subrip", "srt", "captions")]
    chapters = one(item, "podcast:chapters")
    assert chapters.get("type") == "application/json+chapters"
    document = json.loads((output / chapters.get("url").removeprefix("https://stepwise.example/"))
                          .read_text(encoding="utf-8"))
    written = header(EPISODES / "002-small-wins-count.md")["chapters"]
    assert document["version"] == "1.2.0"
    assert [c["title"] for c in document["chapters"]] == [p.split(" ", 1)[1] for p in written.split("; ")]
    starts = [c["startTime"] for c in document["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0
    people = [(p.text, p.get("role")) for p in item.findall("podcast:person", NS)]
    assert people == [("Amara Okafor", "host"), ("Dana Reyes", "guest")]  # the host is restated


def test_trailer_is_marked_as_one(channel: etree._Element) -> None:
    item = _item(channel, "welcome-to-stepwise")
    assert one(item, "itunes:episodeType").text == "trailer"
    assert item.find("itunes:episode", NS) is None
    assert one(channel, "podcast:trailer").text == "Welcome to Stepwise"


def test_worksheet_questions_follow_the_show_notes(channel: etree._Element) -> None:
    notes = one(_item(channel, "small-wins-count"), "content:encoded").text
    assert "https://stepwise.example/worksheets/noticing-progress/" in notes
    assert notes.index("In this episode") < notes.index("worksheets/noticing-progress")


def test_a_transcript_is_in_its_episodes_language(tmp_path: Path) -> None:
    """Red team, session 8: an episode with 'Lang: fr' declared its transcript language="en-gb"
    (the show's); podcatchers pick captions and a screen reader's voice by it."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    wins = content / "episodes" / "002-small-wins-count.md"
    text = wins.read_text(encoding="utf-8")
    wins.write_text(text.replace("Title: ", "Lang: fr\nTitle: ", 1), encoding="utf-8")
    built = run_build(content, tmp_path / "output")
    assert built.ok, built.stderr
    channel = etree.parse(str(built.output / "feeds" / "podcast.xml")).getroot().find("channel")
    languages = {item.findtext("title"): {t.get("language") for t in item.findall("podcast:transcript", NS)}
                 for item in channel.findall("item")}
    assert languages["Small wins count"] == {"fr"}
    assert {"en-gb"} in languages.values()  # the other episodes keep the show's
    parsed = podcastparser.parse(FEED_URL, io.BytesIO((built.output / "feeds" / "podcast.xml").read_bytes()))
    assert "Small wins count" in {episode["title"] for episode in parsed["episodes"]}
