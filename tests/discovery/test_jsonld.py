"""JSON-LD is real JSON, and author text cannot break out of its script element."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from lxml import html

from discovery import jsonld
from podcast.model import Episode, Guest
from stepwise_core.people import Person

SETTINGS = {"SITENAME": "Stepwise", "PUBLIC_URL": "https://stepwise.example", "DEFAULT_LANG": "en",
            "PODCAST_FEED_PATH": "feeds/podcast.xml"}
HOSTILE = 'Fear </script><script>alert("x")</script> & <!-- \u2028 done'


def test_script_json_survives_a_closing_script_tag_in_author_text() -> None:
    text = jsonld.script_json({"headline": HOSTILE})
    assert "</script" not in text and "<!--" not in text
    page = html.fromstring(f'<html><head><script type="application/ld+json">{text}</script></head></html>')
    scripts = page.xpath("//script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == {"headline": HOSTILE}


def test_an_episode_is_a_podcast_episode_in_its_series() -> None:
    dana = Person(name="Dana Reyes", bio="Family therapist.")
    episode = Episode(guid="g", audio_url="https://stepwise.example/media/3.mp3", audio_path="media/3.mp3",
                      length=10, duration=3725, mime="audio/mpeg", number=3, season=1,
                      guests=(Guest(dana, "guests/dana-reyes/"),))
    item = SimpleNamespace(kind="episode", url="episodes/three/", title="Three", summary="S",
                           date=dt.datetime(2026, 1, 2, tzinfo=dt.UTC), authors=[], tags=[], lang="en",
                           episode=episode)
    data = json.loads(jsonld.script_json(jsonld.article(SETTINGS, item, {})))
    assert data["@type"] == "PodcastEpisode" and data["name"] == "Three" and data["description"] == "S"
    assert data["episodeNumber"] == 3 and data["partOfSeason"]["seasonNumber"] == 1
    assert data["partOfSeries"]["@type"] == "PodcastSeries"
    assert data["partOfSeries"]["webFeed"] == "https://stepwise.example/feeds/podcast.xml"
    assert data["associatedMedia"]["contentUrl"] == "https://stepwise.example/media/3.mp3"
    assert data["associatedMedia"]["duration"] == "PT1H2M5S"
    assert data["actor"] == [{"@type": "Person", "name": "Dana Reyes", "description": "Family therapist.",
                              "url": "https://stepwise.example/guests/dana-reyes/"}]


def test_a_summary_with_angle_brackets_and_ampersands_is_kept_as_written() -> None:
    summary = "Less <b>shame</b> & more care: <3"
    item = SimpleNamespace(kind="post", url="posts/x/", title="T", summary=summary,
                           date=dt.datetime(2026, 1, 2, tzinfo=dt.UTC), authors=[], tags=[], lang="en")
    data = json.loads(jsonld.script_json(jsonld.article(SETTINGS, item, {})))
    assert data["description"] == summary
