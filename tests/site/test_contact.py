"""A reader who wants to book or ask something finds the practice's contact details in every
footer and on the about page (PRACTICE_CONTACT, each part optional, all escaped), and the
privacy page says what happens to a message they send and what the worksheets keep where."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html

import pelicanconf
from tests.conftest import CONTENT, BuildResult, run_build
from worksheets.settings import DEFAULTS as WORKSHEET_DEFAULTS

CONTACT = pelicanconf.PRACTICE_CONTACT


def contact_blocks(page: html.HtmlElement) -> list[html.HtmlElement]:
    return page.xpath("//section[contains(@class,'contact')]")


def test_every_page_has_the_contact_details_in_its_footer(built_site: BuildResult) -> None:
    pages = sorted(p for p in built_site.output.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 10
    for path in pages:
        page = html.fromstring(path.read_text(encoding="utf-8"))
        blocks = page.xpath("//footer//section[contains(@class,'contact')]")
        assert len(blocks) == 1, path
        block = blocks[0]
        assert block.xpath(".//a/@href")[:2] == [f"mailto:{CONTACT['email']}", "tel:+442079460123"], path
        assert "12 Example Street" in block.text_content()


def links_to_nowhere(output: Path, contact: dict[str, str]) -> list[str]:
    """Contact links that are neither an address the practice gave nor a page this site has."""
    own = (pelicanconf.PUBLIC_URL.rstrip("/") + "/", "/")
    given = {value for key, value in contact.items() if key.endswith("_url")}
    nowhere = []
    for path in (output / "index.html", output / "about" / "index.html"):
        for block in contact_blocks(html.fromstring(path.read_text(encoding="utf-8"))):
            for href in block.xpath(".//a/@href"):
                if href.startswith(own):
                    local = output / href.removeprefix(own[0]).removeprefix("/").split("#")[0]
                    if not (local / "index.html" if local.is_dir() else local).is_file():
                        nowhere.append(href)
                elif not href.startswith(("mailto:", "tel:")) and href not in given:
                    nowhere.append(href)
    return nowhere


def test_every_contact_link_leads_somewhere(built_site: BuildResult, tmp_path: Path) -> None:
    """Never a placeholder, such as the sample's old https://stepwise.example/book/, a page the
    build never made."""
    assert links_to_nowhere(built_site.output, CONTACT) == []
    placeholder = {**CONTACT, "booking_url": "https://stepwise.example/book/"}
    result = run_build(CONTENT, tmp_path / "output", extra=(f"PRACTICE_CONTACT={json.dumps(placeholder)}",))
    assert result.ok, result.stderr
    assert set(links_to_nowhere(result.output, {})) == {"https://stepwise.example/book/"}


def test_the_about_page_has_them_too_and_no_other_page_does(built_site: BuildResult) -> None:
    about = html.fromstring(built_site.page("about/index.html"))
    block = about.xpath("//main//section[contains(@class,'contact')]")
    assert len(block) == 1
    assert block[0].xpath(".//h2")[0].text_content() == "How to reach us"  # not a second "Contact…"
    ids = about.xpath("//@id")
    assert len(ids) == len(set(ids))
    privacy = html.fromstring(built_site.page("privacy/index.html"))
    assert privacy.xpath("//main//section[contains(@class,'contact')]") == []


def test_each_part_is_optional_and_everything_is_escaped(tmp_path: Path) -> None:
    tricky = {"email": "hello@stepwise.example",
              "address": '<script>alert(1)</script> & "The Annexe"\nLine <b>2</b>'}
    result = run_build(CONTENT, tmp_path / "output", extra=(f"PRACTICE_CONTACT={json.dumps(tricky)}",))
    assert result.ok, result.stderr
    raw = result.page("index.html")
    assert "<script>alert" not in raw and "<b>2" not in raw
    block = contact_blocks(html.fromstring(raw))[0]
    items = [" ".join(li.text_content().split()) for li in block.xpath(".//li")]
    assert items == ["Email: hello@stepwise.example",
                     'Address: <script>alert(1)</script> & "The Annexe"Line <b>2</b>']
    assert not block.xpath(".//script | .//b") and not block.xpath(".//a[starts-with(@href,'tel:')]")


def test_without_contact_details_there_is_no_empty_block(tmp_path: Path) -> None:
    result = run_build(CONTENT, tmp_path / "output", extra=("PRACTICE_CONTACT={}",))
    assert result.ok, result.stderr
    assert contact_blocks(html.fromstring(result.page("index.html"))) == []
    assert contact_blocks(html.fromstring(result.page("about/index.html"))) == []


def test_the_privacy_page_says_what_is_kept_where_and_what_happens_to_an_email(
        built_site: BuildResult) -> None:
    page = html.fromstring(built_site.page("privacy/index.html"))
    text = " ".join(page.xpath("//main")[0].text_content().split())
    for words in ("session storage", "local storage", WORKSHEET_DEFAULTS["WORKSHEETS_STORAGE_PREFIX"],
                  "until you close the tab", "until you clear them", "seven days", "If you email us",
                  "within one year", "not encrypted", "asks you first", "undo it until you leave the page"):
        assert words in text, words
