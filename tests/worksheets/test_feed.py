"""The feed block: every author string escaped once, questions listed, an absolute link."""

from __future__ import annotations

from lxml import html

from stepwise_core.settings import public_url
from tests.worksheets.conftest import EVIL_PROMPT, EVIL_TITLE
from worksheets.feed import feed_html
from worksheets.model import Question, Worksheet

SHEET = Worksheet(
    slug="tricky", title=EVIL_TITLE, intro="Intro & <b>more</b>", minutes=7, url="worksheets/tricky/",
    questions=(Question("a", "reflect", EVIL_PROMPT),
               Question("b", "scale", "Rate it", low='"worst" <i>', high="best & more"),
               Question("c", "columns", "Sides", columns=("For <x>", "Against")),
               Question("d", "checklist", "Tick", items=("One & two", "<three>"))))


def test_the_block_shows_author_text_as_text() -> None:
    block = html.fromstring(feed_html(SHEET, '"https://stepwise.example/worksheets/tricky/'))
    assert not block.xpath("//script | //b | //i | //x | //three")
    assert block.findtext(".//h2") == f"Worksheet: {EVIL_TITLE}"
    items = [li.text_content() for li in block.xpath("//li")]
    assert items == [EVIL_PROMPT, 'Rate it (0 = "worst" <i>, 10 = best & more)', "Sides (For <x> / Against)",
                     "Tick (One & two, <three>)"]
    assert block.xpath("//a/@href") == ['"https://stepwise.example/worksheets/tricky/']
    assert "About 7 minutes" in block.text_content() and "does not replace therapy" in block.text_content()


def test_links_use_the_feed_domain_then_the_public_url() -> None:
    assert public_url({"FEED_DOMAIN": "https://a.example/", "PUBLIC_URL": "https://b.example"}) == \
        "https://a.example"
    assert public_url({"FEED_DOMAIN": None, "PUBLIC_URL": "https://b.example", "SITEURL": ""}) == \
        "https://b.example"
