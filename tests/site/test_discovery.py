"""The web's conventions on the built site: sitemap, robots.txt, canonical URLs, Open Graph,
Twitter cards, JSON-LD, favicon and manifest, related and next/previous links, content notes
and safe messaging, pagination, and a useful 404."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree, html

from tests.conftest import CONTENT, BuildResult, run_build
from tests.site.sitecheck import html_pages, site_url_of, target_file

PUBLIC = "https://stepwise.example"
SAFE_POST = "posts/when-the-thoughts-get-heavy/index.html"
HOSTILE_TITLE = 'Coping </script><script>alert("x")</script> & more'


def tree(site: BuildResult, relative: str) -> html.HtmlElement:
    return html.fromstring(site.page(relative))


def json_ld(page: html.HtmlElement) -> list[dict]:
    return [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]


def meta(page: html.HtmlElement, prop: str) -> str | None:
    found = page.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
    return found[0] if found else None


def test_sitemap_lists_every_indexable_page_with_its_public_url(built_site: BuildResult) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = etree.parse(str(built_site.output / "sitemap.xml"))
    locs = sitemap.xpath("//s:url/s:loc/text()", namespaces=ns)
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(PUBLIC + "/"), loc
        assert target_file(built_site.output, loc.removeprefix(PUBLIC)) is not None, loc
    pages = {PUBLIC + site_url_of(built_site.output, p) for p in html_pages(built_site.output)}
    assert pages - set(locs) == {f"{PUBLIC}/404.html", f"{PUBLIC}/search/"}  # both are noindex
    post = sitemap.xpath(f"//s:url[s:loc='{PUBLIC}/posts/the-relationship-is-the-therapy/']/s:lastmod/text()",
                         namespaces=ns)
    assert post == ["2026-10-05"]


def test_robots_txt_points_at_the_sitemap(built_site: BuildResult) -> None:
    lines = built_site.page("robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert lines.count(f"Sitemap: {PUBLIC}/sitemap.xml") == 1


def test_every_indexable_page_has_one_canonical_url_that_is_its_own(built_site: BuildResult) -> None:
    for path in html_pages(built_site.output):
        page = html.fromstring(path.read_text(encoding="utf-8"))
        canonical = page.xpath("//link[@rel='canonical']/@href")
        if path.name == "404.html":
            assert canonical == [] and meta(page, "robots") == "noindex"
            continue
        assert canonical == [PUBLIC + site_url_of(built_site.output, path)], path
        assert meta(page, "og:url") == canonical[0], path
        cards = {"summary", "summary_large_image"}  # large: a post with an Image:
        assert meta(page, "og:title") and meta(page, "twitter:card") in cards, path


def test_a_post_has_open_graph_twitter_and_blogposting(built_site: BuildResult) -> None:
    page = tree(built_site, "posts/the-relationship-is-the-therapy/index.html")
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == meta(page, "twitter:title") == "The relationship is the therapy"
    assert meta(page, "og:description").startswith("Of everything that helps in therapy")
    assert meta(page, "article:published_time").startswith("2026-10-05T09:00")
    [data] = json_ld(page)
    assert data["@type"] == "BlogPosting" and data["headline"] == "The relationship is the therapy"
    assert data["author"][0]["name"] == "Tomás Reid"
    assert data["author"][0]["url"] == f"{PUBLIC}/authors/tomas-reid/"


def test_an_episode_has_podcast_episode_json_ld(built_site: BuildResult) -> None:
    episodes = sorted((built_site.output / "episodes").glob("*/index.html"))
    assert episodes
    for path in episodes:
        page = html.fromstring(path.read_text(encoding="utf-8"))
        assert meta(page, "og:image").startswith(PUBLIC + "/"), path
        assert meta(page, "og:audio").startswith(PUBLIC + "/media/"), path
        [data] = json_ld(page)
        assert data["@type"] == "PodcastEpisode", path
        assert data["partOfSeries"]["@type"] == "PodcastSeries"
        assert data["partOfSeries"]["webFeed"] == f"{PUBLIC}/feeds/podcast.xml"
        assert data["associatedMedia"]["contentUrl"].startswith(PUBLIC + "/media/")


def test_home_describes_the_site_and_the_podcast_series(built_site: BuildResult) -> None:
    [data] = json_ld(tree(built_site, "index.html"))
    types = {node["@type"] for node in data["@graph"]}
    assert types == {"WebSite", "PodcastSeries"}


def test_author_pages_describe_a_person(built_site: BuildResult) -> None:
    [data] = json_ld(tree(built_site, "authors/priya-natarajan/index.html"))
    assert data["@type"] == "Person" and data["name"] == "Priya Natarajan"
    assert data["jobTitle"] == "CBT therapist"


def test_every_page_has_a_favicon_and_a_web_app_manifest(built_site: BuildResult) -> None:
    manifest = json.loads((built_site.output / "theme" / "manifest.webmanifest").read_text(encoding="utf-8"))
    # Relative to the manifest's own address, so a site served from a sub-path works too.
    manifest_url = "/theme/manifest.webmanifest"
    assert manifest["name"] == "Stepwise" and urljoin(manifest_url, manifest["start_url"]) == "/"
    for icon in manifest["icons"]:
        assert target_file(built_site.output, urljoin(manifest_url, icon["src"])) is not None, icon
    for path in html_pages(built_site.output):
        page = html.fromstring(path.read_text(encoding="utf-8"))
        assert page.xpath("//link[@rel='icon']/@href") == ["/theme/icons/favicon.svg"], path
        assert page.xpath("//link[@rel='manifest']/@href") == ["/theme/manifest.webmanifest"], path


def test_posts_link_related_items_and_their_neighbours(built_site: BuildResult) -> None:
    page = tree(built_site, SAFE_POST)
    related = page.xpath("//nav[@class='neighbours']//ul[@class='related-list']//a/@href")
    # `Related:` lists these two first, in this order.
    assert related[:2] == ["/posts/strengths-hobbies-and-small-gratitudes/",
                           "/posts/the-relationship-is-the-therapy/"]
    older = tree(built_site, "posts/weighing-the-evidence-for-a-belief/index.html")
    assert older.xpath("//a[@rel='next']/@href") == ["/posts/strengths-hobbies-and-small-gratitudes/"]
    assert older.xpath("//a[@rel='prev']/@href") == ["/posts/the-relationship-is-the-therapy/"]


def test_content_note_and_crisis_resources_come_before_the_text(built_site: BuildResult) -> None:
    import pelicanconf

    source = built_site.page(SAFE_POST)
    main = source[source.index("<main"):]
    note, support, body = (main.index('class="content-note"'), main.index('class="safe-messaging"'),
                           main.index('class="entry-body"'))
    assert note < body and support < body
    box = html.fromstring(main[support - 7: body]).text_content()
    for line in pelicanconf.CRISIS_RESOURCES:
        assert line["action"] in box
    plain = tree(built_site, "posts/the-relationship-is-the-therapy/index.html")
    assert not plain.xpath("//*[@class='safe-messaging' or @class='content-note']")


def test_the_404_page_helps_the_reader_on(built_site: BuildResult) -> None:
    page = tree(built_site, "404.html")
    links = page.xpath("//main//a/@href")
    assert {"/", "/archives/", "/tags/", "/episodes/", "/worksheets/"} <= set(links)
    assert page.xpath("//main//form[@action='/search/']//input[@name='q']")


def add_unmarked_post(content: Path) -> None:
    """A post that mentions self-harm with no content note and no Safe-Messaging line."""
    (content / "posts" / "unmarked.md").write_text(
        f"Title: {HOSTILE_TITLE}\nDate: 2026-11-20 09:00\nAuthor: Jo Whitfield\nSlug: unmarked\n"
        "Summary: A post about coping.\n\nSome people turn to self-harm when feelings get too big.\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def small_pages_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The site with two items per page, plus the unmarked post."""
    content = tmp_path_factory.mktemp("paged") / "content"
    shutil.copytree(CONTENT, content)
    add_unmarked_post(content)
    result = run_build(content, content.parent / "output", extra=("DEFAULT_PAGINATION=2",))
    assert result.ok, result.stderr
    return result


def test_listings_paginate_with_working_links(small_pages_site: BuildResult) -> None:
    home = tree(small_pages_site, "index.html")
    assert home.xpath("//nav[@class='pager']//a[@rel='next']/@href") == ["/page/2/"]
    second = tree(small_pages_site, "page/2/index.html")
    assert second.xpath("//nav[@class='pager']//a[@rel='prev']/@href") == ["/"]
    assert second.xpath("//link[@rel='canonical']/@href") == [f"{PUBLIC}/page/2/"]


def test_text_that_mentions_self_harm_gets_crisis_resources(small_pages_site: BuildResult) -> None:
    page = tree(small_pages_site, "posts/unmarked/index.html")
    assert page.xpath("//aside[@class='safe-messaging']")


def test_author_text_cannot_break_out_of_json_ld_or_meta(small_pages_site: BuildResult) -> None:
    page = tree(small_pages_site, "posts/unmarked/index.html")
    assert page.xpath("//script[not(@type) or @type != 'application/ld+json']") == page.xpath(
        "//script[@src]"), "an inline script appeared"
    [data] = json_ld(page)
    assert data["headline"] == HOSTILE_TITLE
    assert meta(page, "og:title") == HOSTILE_TITLE


def test_bad_safe_messaging_and_related_values_fail_the_build(site_copy: Path, build: Callable) -> None:
    post = site_copy / "posts" / "the-relationship-is-the-therapy.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Slug:", "Safe-Messaging: maybe\nRelated: no-such-post\nSlug:", 1),
                    encoding="utf-8")
    add_unmarked_post(site_copy)
    result = build(site_copy, strict=True)
    assert not result.ok
    errors = result.stderr
    assert "the-relationship-is-the-therapy.md:6: Safe-Messaging: 'maybe' is neither yes nor no" in errors
    assert "the-relationship-is-the-therapy.md:7: Related: 'no-such-post' is not the slug of any" in errors
    assert "warning: content/posts/unmarked.md: Content-Note: is missing, and the text mentions" in errors
