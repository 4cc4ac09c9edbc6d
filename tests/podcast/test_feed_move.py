"""Moving the feed, as README's procedure says: the old address keeps publishing a feed that
names the new one in itunes:new-feed-url (a static host cannot answer with a 301), and the
show's podcast:guid and every episode's GUID stay the same. Tested by building both sides.
Also the show-level switches: itunes:complete and itunes:block."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import podcastparser
import pytest
from lxml import etree

from tests.conftest import CONTENT, BuildResult, run_build
from tests.podcast.test_podcast_pages import Tags

OLD = "https://stepwise.example/feeds/podcast.xml"
NEW_HOST = "https://podcast.stepwise-new.example"
NEW = f"{NEW_HOST}/feed.xml"
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}


def settings(**values: object) -> tuple[str, ...]:
    return tuple(f"{key}={json.dumps(value)}" for key, value in values.items())


def feed_at(result: BuildResult, path: str) -> tuple[etree._Element, dict]:
    data = (result.output / path).read_bytes()
    url = f"https://x.example/{path}"
    return etree.fromstring(data), podcastparser.parse(url, io.BytesIO(data))


def facts(root: etree._Element) -> dict:
    channel = root.find("channel")
    return {"guid": channel.findtext("podcast:guid", namespaces=NS),
            "self": channel.find("atom:link[@rel='self']", NS).get("href"),
            "new": channel.findtext("itunes:new-feed-url", namespaces=NS),
            "items": [item.findtext("guid") for item in channel.findall("item")]}


@pytest.fixture(scope="module")
def moved_host(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult]:
    """The old site, told where the feed went, and the new site on its own host."""
    tmp = tmp_path_factory.mktemp("moved")
    old = run_build(CONTENT, tmp / "old", extra=settings(PODCAST_NEW_FEED_URL=NEW))
    new = run_build(CONTENT, tmp / "new", extra=settings(PUBLIC_URL=NEW_HOST, FEED_DOMAIN=NEW_HOST,
                                                         PODCAST_FEED_PATH="feed.xml"))
    assert old.ok and new.ok, old.stderr + new.stderr
    return old, new


def test_the_old_address_names_the_new_one_and_the_show_keeps_its_guid(moved_host: tuple) -> None:
    old, new = moved_host
    old_root, old_parsed = feed_at(old, "feeds/podcast.xml")
    new_root, new_parsed = feed_at(new, "feed.xml")
    before, after = facts(old_root), facts(new_root)
    assert before["self"] == OLD and before["new"] == NEW
    assert after["self"] == NEW and after["new"] is None
    assert before["guid"] == after["guid"] == "d87a7868-1568-5bd4-8b51-3c9dc5d79681"
    assert before["items"] == after["items"] and len(before["items"]) >= 4
    assert old_parsed["new_url"] == NEW  # what gPodder follows
    assert [e["guid"] for e in old_parsed["episodes"]] == [e["guid"] for e in new_parsed["episodes"]]


@pytest.mark.parametrize("page", ["episodes/index.html", "episodes/small-wins-count/index.html"])
def test_the_old_site_advertises_only_the_new_address(moved_host: tuple, page: str) -> None:
    """Once the feed has moved, nobody should subscribe to the old address the day after."""
    html = moved_host[0].page(page)
    tags = Tags(html)
    assert re.findall(r'<code class="copy-text" id="podcast-feed-url">([^<]*)</code>', html) == [NEW]
    [podcast] = [link["href"] for link in tags.find("link", rel="alternate", type="application/rss+xml")
                 if "podcast" in (link.get("title") or "")]
    assert podcast == NEW
    apps = [a["href"] for a in tags.find("a") if a.get("href") and "://" in a["href"]
            and "stepwise-new" in unquote(a["href"])]
    assert len(apps) >= 6, apps  # every app link is built from the new address
    assert OLD not in unquote(html) and "stepwise.example/feeds/podcast.xml" not in unquote(html)
    ld = [json.loads(s) for s in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    assert OLD not in json.dumps(ld)
    assert NEW in json.dumps(ld) or page == "episodes/index.html"  # JSON-LD webFeed, on episode pages


def test_a_move_within_the_site_keeps_a_copy_at_the_old_path(tmp_path: Path) -> None:
    result = run_build(CONTENT, tmp_path / "output", extra=settings(
        PODCAST_FEED_PATH="podcast.rss", PODCAST_PREVIOUS_FEED_PATHS=["feeds/podcast.xml", "feed.xml"]))
    assert result.ok, result.stderr
    current = facts(feed_at(result, "podcast.rss")[0])
    assert current["self"] == "https://stepwise.example/podcast.rss" and current["new"] is None
    for path, address in (("feeds/podcast.xml", OLD), ("feed.xml", "https://stepwise.example/feed.xml")):
        copy = facts(feed_at(result, path)[0])
        assert copy["new"] == "https://stepwise.example/podcast.rss" and copy["self"] == address
        assert copy["guid"] == current["guid"] and copy["items"] == current["items"]
    page = (result.output / "episodes" / "index.html").read_text("utf-8")
    assert "https://stepwise.example/podcast.rss" in page  # the subscribe box shows the new address


def test_complete_and_block_reach_the_feed_only_when_set(tmp_path: Path, built_site: BuildResult) -> None:
    switches = settings(PODCAST_COMPLETE=True, PODCAST_BLOCK=True)
    result = run_build(CONTENT, tmp_path / "output", extra=switches)
    assert result.ok, result.stderr
    channel = feed_at(result, "feeds/podcast.xml")[0].find("channel")
    assert channel.findtext("itunes:complete", namespaces=NS) == "yes"
    assert channel.findtext("itunes:block", namespaces=NS) == "yes"
    plain = feed_at(built_site, "feeds/podcast.xml")[0].find("channel")
    assert plain.find("itunes:complete", NS) is None and plain.find("itunes:block", NS) is None
