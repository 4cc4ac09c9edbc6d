"""GUIDs survive renames, drafts and scheduled episodes stay out, and the same
input always gives the same feed bytes (golden file included).

Regenerate the golden feed after an intended change:
    STEPWISE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/podcast/test_feed_stability.py
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import feedparser
import lxml.html
import podcastparser
import pytest

from tests.conftest import CONTENT, BuildResult, run_build
from tests.podcast.conftest import EPISODES, EVIL_CHAPTER, EVIL_TITLE, RENAMED_FROM, header

GOLDEN = Path(__file__).parent / "golden" / "podcast.xml"
FEED = Path("feeds") / "podcast.xml"


def episodes(result: BuildResult) -> list[dict]:
    data = (result.output / FEED).read_bytes()
    return podcastparser.parse("https://stepwise.example/feeds/podcast.xml", io.BytesIO(data))["episodes"]


def test_renaming_file_title_and_slug_keeps_the_guid(built_site: BuildResult,
                                                     variant_site: BuildResult) -> None:
    guid = header(EPISODES / RENAMED_FROM)["guid"]
    [before] = [e for e in episodes(built_site) if e["guid"] == guid]
    [after] = [e for e in episodes(variant_site) if e["guid"] == guid]
    assert before["title"] == "Noticing what has moved" and after["title"] == "What moved this week"
    assert after["link"].endswith("/episodes/what-moved-this-week/")
    # The same file at the same address; its tags carry the new title, so its size follows it.
    [old], [new] = before["enclosures"], after["enclosures"]
    assert (new["url"], new["mime_type"]) == (old["url"], old["mime_type"])
    assert new["file_size"] == (variant_site.output / "media" / new["url"].rsplit("/", 1)[1]).stat().st_size


def test_drafts_and_scheduled_episodes_stay_out(variant_site: BuildResult) -> None:
    feed = (variant_site.output / FEED).read_text(encoding="utf-8")
    assert "draft-guid-0001" not in feed and "scheduled-guid-0001" not in feed
    assert "2099" not in feed
    assert not (variant_site.output / "episodes" / "later").exists()
    assert not (variant_site.output / "episodes" / "a-draft").exists()


def test_a_scaffolded_episode_is_in_the_feed_with_its_real_size(variant_site: BuildResult) -> None:
    [made] = [e for e in episodes(variant_site) if e["title"] == "Made by the scaffold"]
    audio = variant_site.output / "media" / "905-made-by-the-scaffold.mp3"  # named after its episode file
    assert made["enclosures"][0]["file_size"] == audio.stat().st_size
    assert made["number"] == 4 and made["season"] == 7 and made["total_time"] > 0  # season 7's next
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", made["guid"])


def test_two_builds_give_byte_identical_feeds(built_site: BuildResult, tmp_path: Path) -> None:
    again = run_build(CONTENT, tmp_path / "output")
    assert again.ok, again.stderr
    assert (again.output / FEED).read_bytes() == (built_site.output / FEED).read_bytes()
    for chapters in sorted(built_site.output.glob("episodes/*/chapters.json")):
        relative = chapters.relative_to(built_site.output)
        assert (again.output / relative).read_bytes() == chapters.read_bytes()


def _podcast_part(feed: str) -> str:
    # The worksheet block in each item belongs to the worksheets plugin (and its tests);
    # the golden file pins what this plugin writes.
    return re.sub(r'<section class="worksheet">.*?</section>', "<!-- worksheet -->", feed, flags=re.DOTALL)


def test_feed_matches_the_golden_file(built_site: BuildResult) -> None:
    feed = _podcast_part((built_site.output / FEED).read_text(encoding="utf-8"))
    if os.environ.get("STEPWISE_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(feed, encoding="utf-8")
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN} is missing: run with STEPWISE_UPDATE_GOLDEN=1 to create it")
    assert feed == GOLDEN.read_text(encoding="utf-8"), (
        "the feed changed; if that was intended, rerun with STEPWISE_UPDATE_GOLDEN=1 and review the diff")


def test_optional_show_tags_appear_when_set(variant_site: BuildResult) -> None:
    feed = (variant_site.output / FEED).read_text(encoding="utf-8")
    funding = '<podcast:funding url="https://stepwise.example/support/">Support the show</podcast:funding>'
    assert funding in feed
    assert "<podcast:license>CC-BY-NC-ND-4.0</podcast:license>" in feed
    assert "<itunes:new-feed-url>https://stepwise.example/feeds/podcast.xml</itunes:new-feed-url>" in feed


def test_author_text_is_escaped_everywhere(variant_site: BuildResult) -> None:
    [evil] = [e for e in episodes(variant_site) if e["guid"] == "evil-guid-0001"]
    # A title is text to podcastparser (gPodder) and HTML to feedparser (and apps like it): what
    # HTML would read as a tag is encoded, so feedparser shows it as typed and no app gets markup.
    assert "<b>" not in evil["title"] and evil["title"].startswith('Tricky "quotes" & ')
    as_html = feedparser.parse((variant_site.output / FEED).read_bytes())
    [entry] = [e for e in as_html.entries if e.id == "evil-guid-0001"]
    detail = entry.title_detail  # shown as HTML when feedparser reads it as HTML
    shown = lxml.html.fromstring(f"<p>{detail.value}</p>").text_content() if detail.type == "text/html" \
        else detail.value
    assert shown == EVIL_TITLE, detail
    page = (variant_site.output / "episodes" / "evil" / "index.html").read_text(encoding="utf-8")
    assert EVIL_CHAPTER not in page and "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    assert "<b>tags</b>" not in page
    chapters = json.loads((variant_site.output / "episodes" / "evil" / "chapters.json").read_text("utf-8"))
    assert chapters["title"] == EVIL_TITLE and chapters["chapters"][0]["title"] == EVIL_CHAPTER


def test_pelicans_generator_cache_changes_nothing(built_site: BuildResult, tmp_path: Path) -> None:
    # With the generator cache, Pelican skips the reading signals for unchanged files on the
    # second build; episode placement and the Episode objects must not depend on them.
    cache = ("CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", 'CONTENT_CACHING_LAYER="generator"',
             f'CACHE_PATH="{tmp_path / "cache"}"')
    for name in ("first", "second"):
        result = run_build(CONTENT, tmp_path / name, extra=cache)
        assert result.ok, result.stderr
    assert (tmp_path / "second" / FEED).read_bytes() == (built_site.output / FEED).read_bytes()
    page = (tmp_path / "second" / "episodes" / "small-wins-count" / "index.html").read_text("utf-8")
    assert 'preload="none"' in page and "Dana Reyes:" in page
