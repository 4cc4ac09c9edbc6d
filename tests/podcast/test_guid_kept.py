"""A show moved in keeps its identity, and a published episode keeps its Guid.

One site built, then edited and built again over the same output folder, as an author does: the
second build reads the feed the first one published (the last good site) and refuses to give a
published episode another Guid, and offers its own back when the line is deleted. The show keeps
the random UUID its old host gave it (Podlove gives a uuid4)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import podcastparser
import pytest
from lxml import etree

from tests.conftest import CONTENT, BuildResult, run_build

SHOW_GUID = "3f1e0c2a-9b7d-4c1e-8f2a-5d6b7c8e9f01"  # a random uuid4, as a moved-in show has
EXTRA = (f"PODCAST_GUID={json.dumps(SHOW_GUID)}",)
EPISODE = "episodes/002-small-wins-count.md"
KEPT = "a15ceb8f-1197-43dd-8c69-d8e8b8409985"
NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
FEED = "feeds/podcast.xml"
Site = tuple[Path, Path, bytes]  # the content copy, its output folder, the feed first published


def feed_of(output: Path) -> dict:
    data = (output / FEED).read_bytes()
    parsed = podcastparser.parse("https://stepwise.example/feeds/podcast.xml", io.BytesIO(data))
    show = etree.fromstring(data).find("channel").findtext("podcast:guid", namespaces=NS)
    return {"show": show, "episodes": {e["link"]: e["guid"] for e in parsed["episodes"]}}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """A copy of the content, built once with the moved-in show's GUID: (content, output, feed)."""
    tmp = tmp_path_factory.mktemp("guid-kept")
    content = tmp / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    first = run_build(content, tmp / "output", extra=EXTRA)
    assert first.ok, first.stderr
    return content, first.output, (first.output / FEED).read_bytes()


def rebuild(site: Site, old: str, new: str) -> BuildResult:
    """Edit the episode, build over the last good site, and put the episode back."""
    content, output, _ = site
    episode = content / EPISODE
    text = episode.read_text(encoding="utf-8")
    assert old in text
    episode.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        return run_build(content, output, extra=EXTRA)
    finally:
        episode.write_text(text, encoding="utf-8")


def test_the_show_keeps_the_uuid_its_old_host_gave_it(site: Site) -> None:
    found = feed_of(site[1])
    assert found["show"] == SHOW_GUID
    assert found["episodes"]["https://stepwise.example/episodes/small-wins-count/"] == KEPT


def test_a_published_episode_given_another_guid_is_refused_naming_both(site: Site) -> None:
    changed = KEPT[:-1] + "6"
    result = rebuild(site, f"Guid: {KEPT}", f"Guid: {changed}")
    assert not result.ok
    assert (f"error: content/{EPISODE}:9: Guid: '{changed}' is not the Guid your feed already gives this "
            f"episode ('{KEPT}'). Fix: put back 'Guid: {KEPT}' (a new one would make every subscriber's "
            "app download the episode again); to change it on purpose, run '.venv/bin/invoke clean' and "
            "build again") in result.stderr
    assert (site[1] / FEED).read_bytes() == site[2]  # the last good feed is still the one published


def test_a_deleted_guid_is_offered_back(site: Site) -> None:
    result = rebuild(site, f"Guid: {KEPT}\n", "")
    assert not result.ok
    assert (f"error: content/{EPISODE}: Guid: is missing. Fix: add the line 'Guid: {KEPT}' (the one your "
            "feed already has: a new one would make every subscriber's app download the episode "
            "again)") in result.stderr


def test_a_deleted_guid_is_found_by_its_audio_when_the_address_changed(site: Site) -> None:
    content = site[0]
    episode = content / EPISODE
    text = episode.read_text(encoding="utf-8")
    moved = text.replace("Slug: small-wins-count", "Slug: small-wins-still-count")
    episode.write_text(moved, encoding="utf-8")
    try:
        result = rebuild(site, f"Guid: {KEPT}\n", "")
    finally:
        episode.write_text(text, encoding="utf-8")
    assert f"Guid: is missing. Fix: add the line 'Guid: {KEPT}' (the one your feed" in result.stderr


@pytest.mark.parametrize("previous", [
    b"not a feed at all",
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    b"<rss><channel><item><guid>&b;</guid></item></channel></rss>",
])
def test_an_unreadable_last_feed_is_no_check_nor_crash(site: Site, previous: bytes, tmp_path: Path) -> None:
    output = tmp_path / "output"
    (output / "feeds").mkdir(parents=True)
    (output / FEED).write_bytes(previous)
    result = run_build(site[0], output, extra=EXTRA)
    assert result.ok, result.stderr
    assert feed_of(output)["show"] == SHOW_GUID


def test_after_invoke_clean_a_guid_may_change_on_purpose(site: Site, tmp_path: Path) -> None:
    """The way out the message names: `invoke clean` removes output/, so nothing is compared."""
    content = site[0]
    episode = content / EPISODE
    text = episode.read_text(encoding="utf-8")
    changed = KEPT[:-1] + "6"
    episode.write_text(text.replace(KEPT, changed), encoding="utf-8")
    try:
        result = run_build(content, tmp_path / "output", extra=EXTRA)
    finally:
        episode.write_text(text, encoding="utf-8")
    assert result.ok, result.stderr
    assert changed in feed_of(result.output)["episodes"].values()
