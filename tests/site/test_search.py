"""Search (Pagefind, run by every build) finds posts, and an episode by a word that appears
only in its transcript; without JavaScript the page says so and links the archives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from playwright.sync_api import expect

from tests.conftest import CONTENT, BuildResult


def search(page: Any, site_url: str, query: str) -> list[str]:
    """Type a query into /search/ like a reader, return the result links in order."""
    page.goto(f"{site_url}/search/")
    page.fill("#search-q", query)
    page.click("#search-form button[type=submit]")
    # A locator wait: page.wait_for_function would eval a string, which the site's CSP forbids.
    expect(page.locator("#search-status")).to_contain_text("for “", timeout=15_000)
    return page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{6,}", text)}


def transcript_only_word(output: Path) -> tuple[str, str] | None:
    """(word, episode URL): a word in one episode's transcript and in no other page's text."""
    folder = CONTENT / "transcripts"
    transcripts = sorted(folder.glob("*.vtt")) + sorted(folder.glob("*.srt"))
    if not transcripts:
        return None
    pages = {p: words(html.fromstring(p.read_text(encoding="utf-8")).text_content())
             for p in sorted(output.rglob("index.html")) if "pagefind" not in p.parts}
    for episode in sorted(output.glob("episodes/*/index.html")):
        others = set().union(*(w for p, w in pages.items() if p != episode))
        for transcript in transcripts:
            candidates = sorted(words(transcript.read_text(encoding="utf-8")) & pages[episode] - others)
            if candidates:
                return candidates[0], "/" + episode.parent.relative_to(output).as_posix() + "/"
    return None


def test_every_build_writes_a_search_index(built_site: BuildResult) -> None:
    assert (built_site.output / "pagefind" / "pagefind.js").is_file()
    search_page = html.fromstring(built_site.page("search/index.html"))
    fallback = search_page.xpath("//noscript")[0]
    assert "needs JavaScript" in html.tostring(fallback, encoding="unicode")
    assert "/archives/" in html.tostring(fallback, encoding="unicode")


def test_the_index_holds_every_post_episode_and_worksheet_and_nothing_else(built_site: BuildResult) -> None:
    entry = json.loads(built_site.page("pagefind/pagefind-entry.json"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    pages = [p for kind in ("posts", "episodes", "worksheets")
             for p in (built_site.output / kind).glob("*/index.html") if p.parent.name != "page"]
    assert indexed == len(pages)


@pytest.mark.browser
def test_search_finds_a_post_by_a_word_from_its_text(site_url: str, new_page: Callable[..., Any]) -> None:
    page = new_page()
    links = search(page, site_url, "fortnightly")  # only in 'The relationship is the therapy'
    assert links[:1] == ["/posts/the-relationship-is-the-therapy/"], links
    assert "/search/?q=fortnightly" in page.url


@pytest.mark.browser
def test_search_reads_the_query_from_the_address(site_url: str, new_page: Callable[..., Any]) -> None:
    page = new_page()
    page.goto(f"{site_url}/search/?q=fortnightly")
    page.wait_for_selector("#search-results a", timeout=15_000)
    assert page.input_value("#search-q") == "fortnightly"


@pytest.mark.browser
def test_search_finds_an_episode_by_a_word_only_in_its_transcript(built_site: BuildResult, site_url: str,
                                                                   new_page: Callable[..., Any]) -> None:
    found = transcript_only_word(built_site.output)
    assert found is not None, "no word of a transcript appears on its episode page alone"
    word, episode_url = found
    links = search(new_page(), site_url, word)
    assert links == [episode_url], (word, links)


@pytest.mark.browser
def test_site_wide_text_is_not_indexed(site_url: str, new_page: Callable[..., Any]) -> None:
    """The crisis lines (strip, footer, support box) and related links are on many pages:
    indexing them would make every page match. Reads what Pagefind stored for each page."""
    page = new_page()
    page.goto(f"{site_url}/search/")
    contents = page.evaluate("""async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search('the');
        return Promise.all(found.results.map(async (r) => (await r.data()).content));
    }""")
    assert len(contents) > 10
    for content in contents:
        assert "Samaritans" not in content and "Related posts and episodes" not in content


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_search_for_help_is_pointed_at_the_numbers_to_call(site_url: str, new_page: Callable[..., Any],
                                                             javascript: bool) -> None:
    """"Samaritans" found nothing (the crisis lines are kept out of the index), and "Nothing
    found" gave no pointer: the page always says where the numbers are, and says it again
    when nothing is found, each a link to the strip at the top of the page."""
    page = new_page(java_script_enabled=javascript)
    if javascript:
        assert search(page, site_url, "Samaritans") == []
        status = page.locator("#search-status")
        expect(status).to_contain_text("Nothing found for “Samaritans”")
        expect(status).to_contain_text("If you need help now, the numbers to call are at the top")
        assert status.locator("a").get_attribute("href") == "#urgent-help"
    else:
        page.goto(f"{site_url}/search/")
    pointer = page.locator(".search-urgent a")
    assert pointer.get_attribute("href") == "#urgent-help"
    strip = page.locator("#urgent-help")
    assert strip.count() == 1 and "Samaritans" in strip.text_content()
    assert strip.evaluate("(el) => el.getBoundingClientRect().top") < 200   # the top of the page
