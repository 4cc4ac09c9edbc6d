"""The podcast plugin installed from its wheel into a fresh environment, in a site made as
pelican-quickstart makes one, with the default theme and this plugin alone (tests/installed.py).
The feed is read by podcastparser, gPodder's parser."""

from __future__ import annotations

import io
from pathlib import Path

import podcastparser
import pytest
from lxml import html
from PIL import Image

from podcast.settings import podcast_guid_for
from tests.conftest import CONTENT
from tests.installed import (
    assert_from_the_wheel,
    environment_with,
    listed_plugins,
    pelican_build,
    quickstart_settings,
    write,
)

pytestmark = pytest.mark.slow
installed = environment_with("podcast")

FEED = "https://garden.example/feeds/podcast.xml"
SETTINGS = f"""PLUGINS = ["podcast"]
FEED_DOMAIN = "https://garden.example"
STATIC_PATHS = ["media"]
PODCAST_TITLE = "Garden Talk"
PODCAST_DESCRIPTION = "Ten minutes about a small garden, & what grows in it."
PODCAST_AUTHOR = "Robin Ash"
PODCAST_OWNER_NAME = "Robin Ash"
PODCAST_OWNER_EMAIL = "robin@garden.example"
PODCAST_CATEGORY = ("Leisure", "Home & Garden")
PODCAST_IMAGE = "media/cover.jpg"
PODCAST_IMAGE_ALT = "A green watering can"
PODCAST_GUID = "{podcast_guid_for(FEED)}"
"""
EPISODE = """Title: Starting with one pot
Date: 2026-11-02 10:00
Audio: media/one-pot.mp3
Guid: 7d3c2a7e-0a9b-4f6e-9b0e-1f2d3c4b5a69
Guests: Kim Park
Summary: Why one pot on a windowsill is already a garden.

One pot on a windowsill is a garden. Kim tells us where to start.
"""
PEOPLE = """- name: Kim Park
  bio: Grows tomatoes on a balcony <and> writes about it.
"""


def cover() -> bytes:
    """Show artwork as directories want it: a square RGB JPEG of 1400 px."""
    data = io.BytesIO()
    Image.new("RGB", (1400, 1400), (60, 140, 80)).save(data, "JPEG", quality=80)
    return data.getvalue()


def test_the_plugin_comes_from_the_wheel_not_from_this_checkout(installed: Path) -> None:
    assert_from_the_wheel(installed, "pelican.plugins.podcast", "stepwise_core")
    assert "pelican.plugins.podcast" in listed_plugins(installed)


def make_show(site: Path, settings: str) -> None:
    """A quickstart site with one episode, its guest, and `settings` after the quickstart's."""
    quickstart_settings(site, settings)
    audio = (CONTENT / "media" / "002-small-wins-count.mp3").read_bytes()  # made by lame
    write(site, {"content/media/one-pot.mp3": audio, "content/media/cover.jpg": cover(),
                 "content/episodes/one-pot.md": EPISODE, "content/people.yaml": PEOPLE})


def test_a_quickstart_site_gets_a_feed_podcast_apps_read_and_episode_pages(
        installed: Path, tmp_path: Path) -> None:
    make_show(tmp_path, SETTINGS)
    done = pelican_build(installed, tmp_path, "--fatal", "errors")
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "output"
    with (out / "feeds" / "podcast.xml").open("rb") as feed:
        show = podcastparser.parse(FEED, feed)
    assert show["title"] == "Garden Talk"
    assert show["description"] == "Ten minutes about a small garden, & what grows in it."
    (episode,) = show["episodes"]
    assert episode["guid"] == "7d3c2a7e-0a9b-4f6e-9b0e-1f2d3c4b5a69"
    assert episode["total_time"] == 26
    (enclosure,) = episode["enclosures"]
    assert enclosure["mime_type"] == "audio/mpeg"
    assert enclosure["url"].startswith("https://garden.example/")
    served = out / enclosure["url"].removeprefix("https://garden.example/")
    assert served.stat().st_size == enclosure["file_size"]  # the tagged copy the feed announces
    page = html.parse(out / "episodes" / "starting-with-one-pot" / "index.html")
    assert page.xpath("//audio/@src") == ["/" + served.relative_to(out).as_posix()]
    guest = html.parse(out / "guests" / "kim-park" / "index.html")
    # people.yaml is text: printed as written, never as markup, though the site does not autoescape
    assert "Grows tomatoes on a balcony <and> writes about it." in guest.xpath("string(//body)")
    assert guest.xpath("//a[@href='/episodes/starting-with-one-pot/']")
    assert html.parse(out / "episodes" / "index.html").xpath("//a[@href='/episodes/starting-with-one-pot/']")


def test_audio_outside_the_published_folders_names_the_setting(installed: Path, tmp_path: Path) -> None:
    """pelican-quickstart publishes images/ alone: the audio and artwork in media/ need STATIC_PATHS."""
    make_show(tmp_path, SETTINGS.replace('STATIC_PATHS = ["media"]\n', ""))
    done = pelican_build(installed, tmp_path, "--fatal", "errors")
    said = " ".join((done.stdout + done.stderr).split())
    assert done.returncode != 0
    assert "Audio: 'media/one-pot.mp3' is not in a folder the site publishes" in said
    assert "add 'media' to STATIC_PATHS" in said
