"""Subscribing in one tap, and no reader on raw XML by accident.

The episodes page and every episode page carry the subscribe box: the feed address as
text to copy, plain instructions, documented app links built from the feed URL, and the
directory pages the practice configured. Every feed link a reader can click leads to a
box like it; the feed itself is linked only for apps (<link rel="alternate">).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from podcast.subscribe import APPLE_PAGE, APPS
from tests.conftest import BuildResult
from tests.podcast.conftest import APPLE_ID, EVIL_ALT, SPOTIFY
from tests.podcast.test_podcast_pages import Tags
from tests.site.sitecheck import html_pages, target_file

FEED = "https://stepwise.example/feeds/podcast.xml"
FEED_FILES = ("feeds/podcast.xml", "feeds/posts.rss.xml", "feeds/posts.atom.xml")


def box_links(html: str) -> list[str]:
    """The hrefs inside the subscribe box of a page."""
    box = html.split('id="subscribe"', 1)[1].split("</section>", 1)[0]
    return [a["href"] or "" for t, a in Tags(box).tags if t == "a"]


def allowed(href: str, output: Path, configured: set[str]) -> bool:
    """A configured external page, a documented app link for this feed, or a file in output/."""
    if href in configured or href in {app.link(FEED, "Stepwise") for app in APPS}:
        return True
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and target_file(output, parts.path) is not None


def episode_pages(site: BuildResult) -> list[Path]:
    return sorted((site.output / "episodes").glob("*/index.html"))


@pytest.mark.parametrize("site_name", ["built_site", "variant_site"])
def test_every_subscribe_link_leads_somewhere_real(site_name: str, request: pytest.FixtureRequest) -> None:
    site: BuildResult = request.getfixturevalue(site_name)
    configured = {APPLE_PAGE.format(id=APPLE_ID), SPOTIFY} if site_name == "variant_site" else set()
    pages = [site.output / "episodes" / "index.html", *episode_pages(site)]
    assert len(pages) >= 5
    for page in pages:
        links = box_links(page.read_text(encoding="utf-8"))
        assert len(links) >= len(APPS) + len(configured), page
        bad = [href for href in links if not allowed(href, site.output, configured)]
        assert not bad, f"{page}: {bad}"
        assert configured <= set(links)


def test_the_box_shows_the_address_to_copy_and_says_what_to_do(built_site: BuildResult) -> None:
    for path in [built_site.output / "episodes" / "index.html", *episode_pages(built_site)]:
        page = Tags(path.read_text(encoding="utf-8"))
        assert page.find("code", id="podcast-feed-url"), path
        assert page.find("button", data_copy_target="podcast-feed-url")
        text = page.plain
        assert f"Podcast feed address {FEED}" in text, path
        assert "Add podcast by URL" in text and "paste this address" in text


def test_app_links_are_built_from_the_feed_url(built_site: BuildResult) -> None:
    links = box_links(built_site.page("episodes/index.html"))
    assert "https://antennapod.org/deeplink/subscribe?url=https%3A%2F%2Fstepwise.example%2Ffeeds%2F" \
           "podcast.xml&title=Stepwise" in links
    assert "pktc://subscribe/stepwise.example/feeds/podcast.xml" in links
    assert "overcast://x-callback-url/add?url=https%3A%2F%2Fstepwise.example%2Ffeeds%2Fpodcast.xml" in links
    assert not any("stepwise.example/listen/" in href for href in links)  # the old made-up pages


def test_no_page_links_a_feed_file_where_a_reader_can_click(built_site: BuildResult) -> None:
    clicked = []
    for path in html_pages(built_site.output):
        tags = Tags(path.read_text(encoding="utf-8"))
        hrefs = [urlsplit(a.get("href") or "") for t, a in tags.tags if t == "a"]
        clicked += [(path, h.geturl()) for h in hrefs if h.scheme in {"", "http", "https"}
                    and h.path.endswith(FEED_FILES)]
    assert not clicked


def test_feed_links_in_the_footer_lead_to_a_box_with_the_address(built_site: BuildResult) -> None:
    page = Tags(built_site.page("posts/weighing-the-evidence-for-a-belief/index.html"))
    footer = {a["href"] for t, a in page.tags if t == "a"}
    assert "/episodes/#subscribe" in footer and "/archives/#follow-posts" in footer
    archives = Tags(built_site.page("archives/index.html"))
    assert "follow-posts" in {a.get("id") for _t, a in archives.tags}
    assert "https://stepwise.example/feeds/posts.rss.xml" in archives.plain
    assert "https://stepwise.example/feeds/posts.atom.xml" in archives.plain


def test_apps_still_find_the_feeds_in_the_head(built_site: BuildResult) -> None:
    page = Tags(built_site.page("index.html"))
    alternates = {a["href"] for a in page.find("link", rel="alternate")}
    assert {"/feeds/podcast.xml", "/feeds/posts.rss.xml", "/feeds/posts.atom.xml"} <= alternates


def test_episode_pages_show_the_shows_artwork_with_its_alt(built_site: BuildResult) -> None:
    page = Tags(built_site.page("episodes/small-wins-count/index.html"))
    [art] = page.find("img", class_="episode-art")
    assert art["alt"] == "Stepwise podcast artwork: the word Stepwise above three rising steps"
    assert "stepwise-podcast-1400" in (art["src"] or "")


def test_an_episode_with_its_own_artwork_shows_it_with_its_alt(variant_site: BuildResult) -> None:
    html = variant_site.page("episodes/evil/index.html")
    page = Tags(html)
    [art] = page.find("img", class_="episode-art")
    assert art["alt"] == EVIL_ALT  # read back exactly: escaped in the HTML
    assert "evil-art" in (art["src"] or "") and "<img src=x" not in html
    feed = variant_site.page("feeds/podcast.xml")
    assert '<itunes:image href="https://stepwise.example/media/evil-art.jpg"/>' in feed
