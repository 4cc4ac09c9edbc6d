"""Author text with </script>, quotes, & and HTML lands as text in HTML, feed XML, JSON-LD and JSON.

One build of the real site with hostile text in every place an author writes plain
text: a post's title, summary and tag, a page title, a guest's name and bio, an
episode's title and chapter titles, a worksheet's title and question.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import feedparser
import lxml.html
import podcastparser
import pytest
import yaml
from lxml import etree
from markupsafe import Markup

from stepwise_core.feed_text import html_safe_text, text_feedparser_reads_as_typed
from tests.conftest import CONTENT, BuildResult, run_build
from tests.stepwise.escaping import (
    EPISODE,
    POST,
    contains_text,
    foreign_scripts,
    html_files,
    json_ld,
    json_strings,
    parse_html,
    set_metadata,
    set_worksheet_prompt,
    texts,
)

HOSTILE = """& "quoted" 'single' <b>bold</b> </script><script>alert(1)</script> &amp; <!-- x --> ]]>"""
TITLE = f"Title {HOSTILE}"
SUMMARY = f"Summary {HOSTILE}"
TAG = 'Tag <i>x</i> & "y"'
PAGE_TITLE = f"Page {HOSTILE}"
GUEST = 'Dana "DJ" <Reyes> & Co'
BIO = f"Bio {HOSTILE}"
EPISODE_TITLE = f"Episode {HOSTILE}"
EPISODE_SUMMARY = f"Episode summary {HOSTILE}"
CHAPTER = 'Chapter & <b>bold</b> "q" </script>'
WORKSHEET_TITLE = f"Worksheet {HOSTILE}"
QUESTION = f"Question {HOSTILE}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("escaping")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    set_metadata(content / POST, "Title", TITLE)
    set_metadata(content / POST, "Summary", SUMMARY)
    set_metadata(content / POST, "Tags", f"progress, {TAG}")
    set_metadata(content / "pages" / "about.md", "Title", PAGE_TITLE)
    rename_person(content / "people.yaml", "Dana Reyes", GUEST, BIO)
    episode = content / EPISODE
    set_metadata(episode, "Title", EPISODE_TITLE)
    set_metadata(episode, "Summary", EPISODE_SUMMARY)
    set_metadata(episode, "Guests", GUEST)
    set_metadata(episode, "Chapters", f"00:00 {CHAPTER}; 00:04 Why small wins matter")
    set_worksheet_prompt(content, QUESTION, WORKSHEET_TITLE)
    result = run_build(content, root / "output")
    assert result.ok, result.stderr
    return result


def rename_person(people: Path, name: str, new_name: str, bio: str) -> None:
    entries = yaml.safe_load(people.read_text(encoding="utf-8"))
    for entry in entries:
        if entry["name"] == name:
            entry.update(name=new_name, bio=bio)
    people.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_no_page_runs_or_renders_author_text_as_markup(site: BuildResult) -> None:
    for path in html_files(site.output):
        page = parse_html(path)
        assert foreign_scripts(page) == [], path
        assert not [b for b in page.iter("b") if (b.text or "") == "bold"], path
        assert not [i for i in page.iter("i") if (i.text or "") == "x"], path


def test_the_post_page_shows_the_exact_text(site: BuildResult) -> None:
    page = parse_html(site.output / "posts" / "progress-is-not-a-straight-line" / "index.html")
    assert " ".join(page.find(".//h1").text_content().split()) == " ".join(TITLE.split())
    assert page.find(".//title").text.startswith(TITLE)
    assert page.find(".//meta[@name='description']").get("content") == SUMMARY
    all_text = texts(page)
    assert contains_text(all_text, TAG)
    assert contains_text(all_text, QUESTION)


def test_listings_guest_and_worksheet_pages_show_the_exact_text(site: BuildResult) -> None:
    index = texts(parse_html(site.output / "index.html"))
    assert contains_text(index, TITLE) and contains_text(index, SUMMARY)
    assert contains_text(texts(parse_html(site.output / "about" / "index.html")), PAGE_TITLE)
    everywhere = [t for path in html_files(site.output) for t in texts(parse_html(path))]
    for needle in (GUEST, BIO, EPISODE_TITLE, EPISODE_SUMMARY, CHAPTER, WORKSHEET_TITLE, QUESTION):
        assert contains_text(everywhere, needle), needle


def test_no_page_strips_or_unescapes_plain_text(site: BuildResult) -> None:
    """Titles and summaries are plain text: `|striptags` on one eats '<b>' and turns '&amp;' into '&'."""
    hits = {}
    for text in (TITLE, SUMMARY, EPISODE_TITLE, EPISODE_SUMMARY):
        mangled = " ".join(Markup(text).striptags().split())
        for path in html_files(site.output):
            if contains_text(texts(parse_html(path)), mangled):
                hits.setdefault(str(path.relative_to(site.output)), []).append(text.split()[0])
    assert hits == {}


def test_json_ld_parses_and_carries_the_exact_text(site: BuildResult) -> None:
    found: list[str] = []
    for path in html_files(site.output):
        for block in json_ld(parse_html(path)):
            found += json_strings(block)
    assert TITLE in found
    assert EPISODE_TITLE in found


def test_blog_feeds_parse_and_carry_the_exact_text(site: BuildResult) -> None:
    for name in ("posts.atom.xml", "posts.rss.xml"):
        raw = (site.output / "feeds" / name).read_bytes()
        etree.fromstring(raw)  # strict XML: raises on anything malformed
        feed = feedparser.parse(raw)
        assert not feed.bozo, feed.bozo_exception
        # feedparser reads an RSS title as HTML: shown, it must be the text as typed (issue 13)
        titles = [_as_shown(e.title_detail) for e in feed.entries]
        assert " ".join(TITLE.split()) in titles, titles
    atom = feedparser.parse((site.output / "feeds" / "posts.atom.xml").read_bytes())
    shown = [_as_shown(e.summary_detail) for e in atom.entries]  # Atom: the summary, as HTML
    assert SUMMARY in shown


def _as_shown(detail: Any) -> str:
    """What a feed reader shows of a text construct: HTML rendered to its text, or text as it is."""
    text = lxml.html.fromstring(f"<div>{detail.value}</div>").text_content() if detail.type == "text/html" \
        else detail.value
    return " ".join(text.split())


def test_podcast_feed_and_chapters_json_carry_the_exact_text(site: BuildResult) -> None:
    raw = (site.output / "feeds" / "podcast.xml").read_bytes()
    etree.fromstring(raw)
    with (site.output / "feeds" / "podcast.xml").open("rb") as handle:
        parsed = podcastparser.parse("https://stepwise.example/feeds/podcast.xml", handle)
    # podcastparser reads a title as text: what HTML would read as markup arrives encoded, never as markup
    assert html_safe_text(EPISODE_TITLE) in [episode["title"] for episode in parsed["episodes"]]
    item = next(i for i in etree.fromstring(raw).iter("item") if "Episode" in i.findtext("title"))
    description = lxml.html.fromstring(f"<div>{item.findtext('description')}</div>").text_content()
    assert description == EPISODE_SUMMARY  # <description> is read as HTML by Apple and most apps
    # itunes:summary is plain text, which feedparser reads as HTML when it looks like markup
    # (red team, session 7: a typed <img> from another host came through live): a tag's '<' is encoded
    itunes_summary = item.findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}summary")
    assert itunes_summary == text_feedparser_reads_as_typed(EPISODE_SUMMARY) != EPISODE_SUMMARY
    entry = next(e for e in feedparser.parse(raw).entries if _as_shown(e.title_detail) == EPISODE_TITLE)
    assert _as_shown(entry.summary_detail) == EPISODE_SUMMARY
    for detail in (entry.title_detail, entry.summary_detail):  # shown as typed, and holding no markup
        markup = lxml.html.fragment_fromstring(detail.value, create_parent="div").xpath(".//*")
        assert detail.type != "text/html" or not markup, detail.value
    chapters = [json.loads(p.read_text(encoding="utf-8")) for p in site.output.rglob("chapters.json")]
    assert CHAPTER in [s for c in chapters for s in json_strings(c)]
    for path in site.output.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("title", ["Q&A: when 5 < 6, and R&D", "Tom & Jerry's <3", "a -> b & c"])
def test_a_title_without_markup_reaches_every_app_as_typed(title: str) -> None:
    """Only what HTML reads as markup is encoded in an RSS title: '&' before a space or a name
    that is no entity, and '<' before a space or digit, stay as they are for podcastparser too."""
    assert html_safe_text(title) == title


@pytest.mark.parametrize("title", ["Ep &lt;img src=x onerror=alert(1)&gt; <b>bold</b>", "<i>x</i> &amp; y",
                                   "a <!-- b --> c", "x </p><script>alert(1)</script>"])
def test_a_title_with_markup_is_shown_as_typed_by_feedparser_and_holds_none(title: str) -> None:
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>c</title><link>https://x.example/</link>'
           f"<description>d</description><item><title>{escape(html_safe_text(title))}</title>"
           "<guid>g</guid></item></channel></rss>")
    entry = feedparser.parse(rss).entries[0]
    assert entry.title_detail.type == "text/html" and _as_shown(entry.title_detail) == title
    assert "<" not in podcastparser.parse("https://x.example/", io.BytesIO(rss.encode()))["episodes"][0][
        "title"].replace("&lt;", "")


TRACKER = 'Hello <img src="https://tracker.example/p.gif"> <a href="tel:1" class="crisis-help">Call us</a>'


def test_an_episode_summary_that_looks_like_markup_holds_none_in_feedparser(tmp_path: Path) -> None:
    """Red team, session 7: feedparser read this typed summary's itunes:summary as HTML, with a
    live image from another host and a link dressed as the crisis box."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    set_metadata(content / EPISODE, "Summary", TRACKER)
    result = run_build(content, tmp_path / "output")
    assert result.ok, result.stderr
    parsed = feedparser.parse((result.output / "feeds" / "podcast.xml").read_bytes())
    entry = next(e for e in parsed.entries if "Hello" in e.summary)
    assert _as_shown(entry.summary_detail) == TRACKER
    assert "tracker.example" not in json.dumps([entry.get("links"), entry.get("media_content")])
    if entry.summary_detail.type == "text/html":
        assert lxml.html.fragment_fromstring(entry.summary, create_parent="div").xpath(".//*") == []


@pytest.mark.parametrize(("summary", "podcastparser_as_typed"), [
    (TRACKER, False), (EPISODE_SUMMARY, False),
    ("Ages <5 and >13, how to write &amp; in HTML, and why a <3 matters.", True),
])
def test_itunes_summary_holds_no_markup_and_reads_as_typed_where_it_can(
        summary: str, podcastparser_as_typed: bool) -> None:
    """feedparser shows every summary as typed and holds no markup; podcastparser, which reads
    itunes:summary as plain text, shows one without a tag exactly as typed."""
    rss = ('<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
           '<channel><title>c</title><link>https://x.example/</link><description>d</description><item>'
           f"<title>t</title><guid>g</guid><itunes:summary>{escape(text_feedparser_reads_as_typed(summary))}"
           "</itunes:summary></item></channel></rss>")
    entry = feedparser.parse(rss).entries[0]
    assert _as_shown(entry.summary_detail) == " ".join(summary.split())
    markup = lxml.html.fragment_fromstring(entry.summary, create_parent="div").xpath(".//*")
    assert entry.summary_detail.type != "text/html" or markup == []
    shown = podcastparser.parse("https://x.example/", io.BytesIO(rss.encode()))["episodes"][0]["description"]
    assert (shown == summary) == podcastparser_as_typed
