"""Episode, index, guest and home pages, read from the built site's HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.conftest import BuildResult


class Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v
                                                            for k, v in attrs.items())]

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def episode_page(built_site: BuildResult) -> Tags:
    return Tags(built_site.page("episodes/small-wins-count/index.html"))


def test_episode_has_an_accessible_player_and_download_link(episode_page: Tags,
                                                            built_site: BuildResult) -> None:
    [audio] = episode_page.find("audio")
    assert audio["src"] == "/media/002-small-wins-count.mp3"
    assert audio["preload"] == "none" and "controls" in audio and audio["aria-label"]
    size = (built_site.output / "media" / "002-small-wins-count.mp3").stat().st_size
    assert f"(MP3, {round(size / 1000)} KB)" in episode_page.plain
    assert episode_page.find("a", href="/media/002-small-wins-count.mp3", download=None)
    assert "26 s" in episode_page.plain and episode_page.find("time", datetime="PT26S")


def test_chapters_link_to_the_time_and_seek_the_player(episode_page: Tags) -> None:
    links = episode_page.find("a", data_player_target="episode-audio")
    chapter = [a for a in links if a["data-seek"] == "12.0"]
    assert chapter and chapter[0]["href"] == "/media/002-small-wins-count.mp3#t=12.0"
    assert "A scaling question" in episode_page.plain


def test_transcript_is_text_with_speakers(episode_page: Tags) -> None:
    text = episode_page.plain
    assert "Transcript" in text and "Dana Reyes: Thanks, Amara. I love a small win." in text
    assert episode_page.find("ol", class_="transcript", data_transcript_for="episode-audio")
    assert episode_page.find("a", href="/transcripts/002-small-wins-count.vtt")


def test_guests_link_to_their_page(episode_page: Tags, built_site: BuildResult) -> None:
    assert episode_page.find("a", href="/guests/dana-reyes/")
    guest = Tags(built_site.page("guests/dana-reyes/index.html"))
    assert "Family therapist" in guest.plain
    assert guest.find("a", href="/episodes/small-wins-count/")


def test_episode_pages_load_only_their_own_script_and_style(episode_page: Tags) -> None:
    scripts = [a["src"] for a in episode_page.find("script") if a.get("src")]
    assert "/theme/js/player.js" in scripts
    assert all(src.startswith("/") for src in scripts)
    assert episode_page.find("link", rel="stylesheet", href="/theme/css/podcast.css")


def test_index_is_newest_first_with_subscribe_links(built_site: BuildResult) -> None:
    page = Tags(built_site.page("episodes/index.html"))
    titles = [a["href"] for a in page.find("a") if (a.get("href") or "").startswith("/episodes/")
              and a["href"] != "/episodes/"]
    order = ["/episodes/when-a-week-feels-like-a-step-back/", "/episodes/small-wins-count/",
             "/episodes/noticing-what-has-moved/", "/episodes/welcome-to-stepwise/"]
    assert [t for t in dict.fromkeys(titles) if t in order] == order
    assert page.find("code", id="podcast-feed-url")  # the box itself: tests/podcast/test_subscribe.py
    assert "https://stepwise.example/feeds/podcast.xml" in page.plain
    assert page.find("button", data_copy_target="podcast-feed-url")


def test_home_page_plays_the_latest_episode(built_site: BuildResult) -> None:
    page = Tags(built_site.page("index.html"))
    [audio] = page.find("audio")
    assert audio["src"] == "/media/003-when-a-week-feels-like-a-step-back.mp3"
    assert audio["preload"] == "none"


def test_authors_index_lists_guests(built_site: BuildResult) -> None:
    page = Tags(built_site.page("authors/index.html"))
    assert page.find("a", href="/guests/dana-reyes/") and page.find("a", href="/guests/jo-whitfield/")
    assert "4 episodes as host" in page.plain  # the host's episodes are not counted as posts


def test_episodes_sit_in_their_own_category(built_site: BuildResult) -> None:
    assert (built_site.output / "categories" / "episodes" / "index.html").is_file()
    assert not (built_site.output / "posts" / "small-wins-count").exists()
