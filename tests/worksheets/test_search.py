"""Search covers what it says: a worksheet's title, intro, questions and help text are found,
on the worksheet's own page and on every post or episode that carries it, and a result's
excerpt shows only text a reader can see. In Chromium, through the site's search page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from playwright.sync_api import expect

from tests.conftest import BuildResult
from tests.worksheets.conftest import SEARCH_WORDS, SEARCHABLE_POSTS
from tests.worksheets.helpers import DEVICES, NewPage, on_two_corners

pytestmark = pytest.mark.browser
CARRIERS = {"/worksheets/tidewater/", *(f"/posts/{slug}/" for slug in SEARCHABLE_POSTS)}


def search(page: Any, site_url: str, query: str) -> list[tuple[str, str]]:
    """Type a query into /search/ as a reader does; (link, excerpt) of each result."""
    page.goto(f"{site_url}/search/")
    page.fill("#search-q", query)
    page.click("#search-form button[type=submit]")
    expect(page.locator("#search-status")).to_contain_text("for “", timeout=15_000)
    return page.eval_on_selector_all(
        "#search-results li", "items => items.map((li) => [li.querySelector('a').getAttribute('href'),"
        " li.querySelector('p').textContent])")


def test_the_search_words_occur_only_in_their_one_place(ws_site: BuildResult) -> None:
    """Each word is in one part of the worksheet and nowhere else, so what is found is found by it."""
    for part, word in SEARCH_WORDS.items():
        pages = [p for p in ws_site.output.rglob("*.html") if word in p.read_text(encoding="utf-8").lower()]
        assert pages, part
        for page in pages:
            text = page.read_text(encoding="utf-8").lower()
            others = [w for w in SEARCH_WORDS.values() if w != word and w in text]
            assert others == [] or word == "tidewater" or "tidewater" in others, (part, page)


@on_two_corners
@pytest.mark.parametrize("part", list(SEARCH_WORDS))
def test_a_word_from_one_part_of_a_worksheet_finds_it_wherever_it_is_shown(new_page: NewPage, ws_url: str,
                                                                           part: str, device: str) -> None:
    word = SEARCH_WORDS[part]
    results = search(new_page(**DEVICES[device]), ws_url, word)
    assert {link for link, _ in results} == CARRIERS, (part, results)
    for link, excerpt in results:
        assert word in excerpt.lower(), (link, excerpt)


def hidden_and_visible(page: Any) -> tuple[list[str], str]:
    """Words on the page that only a screen reader gets (six characters or more), and the
    text of the page without them."""
    return page.evaluate("""() => {
        const norm = (t) => t.replace(/\\s+/g, ' ').trim();
        const main = document.querySelector('main');
        const hidden = [...main.querySelectorAll('.visually-hidden')].map((e) => norm(e.textContent));
        const seen = main.cloneNode(true);
        seen.querySelectorAll('.visually-hidden').forEach((e) => e.remove());
        return [hidden.filter((t) => t.length >= 6), norm(seen.textContent)];
    }""")


def test_excerpts_show_only_what_a_reader_can_see(new_page: NewPage, site_url: str,
                                                  built_site: BuildResult) -> None:
    page = new_page()
    page.goto(f"{site_url}/search/")
    indexed = page.evaluate("""async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search('the');
        return Promise.all(found.results.map(async (r) => {
            const d = await r.data();
            return [d.url, d.content];
        }));
    }""")
    assert len(indexed) > 10
    checked = 0
    for url, content in indexed:
        page.goto(site_url + url)
        hidden, visible = hidden_and_visible(page)
        for text in hidden:
            assert text not in content or text in visible, (url, text)
            checked += 1
    assert checked, "no page has screen-reader-only text to check"
    for query in ("play", "length"):
        for link, excerpt in search(page, site_url, query):
            assert not re.search(r"Play from|Length:", excerpt), (query, link, excerpt)


@pytest.mark.parametrize("query", ["sxyzzy", "axyzzy", "Samaritans", "Shout"])
def test_a_word_no_page_has_finds_nothing(new_page: NewPage, ws_url: str, ws_site: BuildResult,
                                          query: str) -> None:
    """Pagefind answers an unknown word with its longest known beginning: an episode's length
    ("9 s") once made every unknown word that begins with an s find every episode."""
    results = search(new_page(), ws_url, query)
    def says(page: Path) -> bool:
        return query.lower() in " ".join(html.fromstring(page.read_bytes()).xpath("//main//text()")).lower()
    mention = {f"/{p.parent.relative_to(ws_site.output).as_posix()}/"
               for p in ws_site.output.rglob("index.html") if says(p)}
    assert {link for link, _ in results} <= mention, results
    if query.endswith("xyzzy"):
        assert results == []
    for link, excerpt in results:
        assert query.lower() in excerpt.lower(), (link, excerpt)


def test_a_one_letter_word_is_still_found_when_it_is_searched_for(new_page: NewPage, ws_url: str) -> None:
    assert len(search(new_page(), ws_url, "a")) > 5
