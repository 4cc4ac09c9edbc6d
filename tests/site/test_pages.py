"""What a reader gets from the built site: every page, every listing, every feed."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import html

from tests.conftest import CONTENT, BuildResult

POSTS = sorted((CONTENT / "posts").glob("*.md"))


def metadata(path: Path) -> dict[str, str]:
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in header.splitlines())}


def published_posts() -> list[dict[str, str]]:
    return [m for m in map(metadata, POSTS) if m.get("status", "published") == "published"]


def all_pages(site: BuildResult) -> list[Path]:
    return sorted(p for p in site.output.rglob("*.html") if "pagefind" not in p.parts)


def tree(site: BuildResult, relative: str) -> html.HtmlElement:
    return html.fromstring(site.page(relative))


def test_there_are_at_least_three_posts_by_different_authors() -> None:
    posts = published_posts()
    assert len(posts) >= 3
    assert len({p["author"] for p in posts}) >= 3


@pytest.mark.parametrize("post", published_posts(), ids=lambda m: m["slug"])
def test_every_post_has_a_page_with_title_author_and_text(built_site: BuildResult, post: dict) -> None:
    page = tree(built_site, f"posts/{post['slug']}/index.html")
    assert page.findtext(".//h1") == post["title"]
    assert post["author"] in page.text_content()
    assert len(page.xpath("//div[@class='entry-body']//p")) >= 3


def test_home_page_lists_every_post(built_site: BuildResult) -> None:
    home = built_site.page("index.html")
    for post in published_posts():
        assert f'href="/posts/{post["slug"]}/"' in home


def test_author_pages_list_their_posts_and_bio(built_site: BuildResult) -> None:
    people = {p["name"]: p for p in yaml.safe_load((CONTENT / "people.yaml").read_text(encoding="utf-8"))}
    for post in published_posts():
        author = post["author"]
        slug = re.sub(r"[^a-z0-9]+", "-", author.lower().replace("á", "a")).strip("-")
        page = tree(built_site, f"authors/{slug}/index.html")
        assert page.findtext(".//h1") == author
        assert people[author]["bio"].split()[0] in page.text_content()
        assert f"/posts/{post['slug']}/" in [a.get("href") for a in page.iter("a")]


def test_tag_pages_list_the_posts_that_carry_the_tag(built_site: BuildResult) -> None:
    for post in published_posts():
        for tag in [t.strip() for t in post["tags"].split(",") if t.strip()]:
            slug = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")
            page = tree(built_site, f"tags/{slug}/index.html")
            assert f"/posts/{post['slug']}/" in [a.get("href") for a in page.iter("a")], tag


@pytest.mark.parametrize("feed", ["feeds/posts.atom.xml", "feeds/posts.rss.xml"])
def test_blog_feeds_parse_and_carry_every_post(built_site: BuildResult, feed: str) -> None:
    parsed = feedparser.parse((built_site.output / feed).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    titles = sorted(entry.title for entry in parsed.entries)
    assert titles == sorted(p["title"] for p in published_posts())
    for entry in parsed.entries:
        assert entry.link.startswith("https://")


def test_every_page_links_the_feeds_and_carries_crisis_help(built_site: BuildResult) -> None:
    import pelicanconf

    pages = all_pages(built_site)
    assert len(pages) > 10
    for path in pages:
        page = html.fromstring(path.read_text(encoding="utf-8"))
        text = page.text_content()
        for line in pelicanconf.CRISIS_RESOURCES:
            assert line["action"] in text, path
        assert pelicanconf.NOT_THERAPY_NOTE in " ".join(text.split()), path
        feeds = page.xpath("//head/link[@rel='alternate']/@href")
        assert "/feeds/posts.atom.xml" in feeds and "/feeds/posts.rss.xml" in feeds, path
        assert page.xpath("//a[@class='skip-link']/@href") == ["#main"], path
        assert len(page.xpath("//main[@id='main']")) == 1, path


def test_about_page_and_404_exist(built_site: BuildResult) -> None:
    assert "Stepwise" in tree(built_site, "about/index.html").findtext(".//h1")
    not_found = tree(built_site, "404.html")
    assert not_found.xpath("//a[@href='/']")


def test_year_archives_list_that_years_posts(built_site: BuildResult) -> None:
    archives = tree(built_site, "archives/index.html")
    for post in published_posts():
        year = post["date"][:4]
        assert f"/archives/{year}/" in archives.xpath("//a/@href")
        page = tree(built_site, f"archives/{year}/index.html")
        assert f"/posts/{post['slug']}/" in page.xpath("//a/@href"), year


def test_home_page_plays_the_latest_episode(built_site: BuildResult) -> None:
    home = tree(built_site, "index.html")
    assert home.xpath("//main//audio[@controls]/@src"), "no player on the home page"
