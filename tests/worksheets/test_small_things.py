"""The small things readers notice: a then/now chart that says what 0 and 10 mean, scale
points a thumb can hit (44 px on touch screens), and /worksheets/ in plain words."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from lxml import html

from tests.conftest import BuildResult
from tests.worksheets.helpers import DEVICES, POST, NewPage, P, on_two_corners, opened, rated_on_two_days
from worksheets.model import Question, Worksheet

HISTORY = f"{P} fieldset[data-question=closeness] [data-history]"


@pytest.mark.browser
@on_two_corners
def test_the_chart_labels_its_axis_with_0_and_10_and_says_what_they_mean(new_page: NewPage, ws_url: str,
                                                                          device: str) -> None:
    page = new_page(**DEVICES[device])
    rated_on_two_days(page, ws_url + POST, (dt.datetime(2026, 3, 2, 10, 0), 2),
                      (dt.datetime(2026, 11, 20, 18, 0), 8))
    chart = page.wait_for_selector(f"{HISTORY} svg")
    ticks = page.eval_on_selector_all(f"{HISTORY} .ws-chart-tick",
                                      "els => els.map((e) => [e.textContent, e.getBoundingClientRect().y])")
    labels = dict(ticks)
    assert {"0", "10", "2 Mar", "20 Nov"} <= set(labels), ticks
    assert labels["0"] > labels["10"]                         # 0 at the foot, 10 at the top
    assert page.text_content(f"{HISTORY} figcaption") == "0 = Cut off from them · 10 = Close to them"
    assert "from 0 (Cut off from them) to 10 (Close to them)" in chart.get_attribute("aria-label")
    box = chart.bounding_box()
    assert box["width"] <= DEVICES[device].get("viewport", {}).get("width", 1280)
    for tick in page.query_selector_all(f"{HISTORY} .ws-chart-tick"):  # none is cut off at the edge
        t = tick.bounding_box()
        assert box["x"] - 1 <= t["x"] and t["x"] + t["width"] <= box["x"] + box["width"] + 1


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone-light", "phone-dark"])
def test_on_a_touch_phone_every_scale_point_is_a_44_px_target(new_page: NewPage, ws_url: str,
                                                              device: str) -> None:
    page = opened(new_page, ws_url + POST, device)
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    points = page.eval_on_selector_all(f"{P} .scale-point", """els => els.map((e) => {
        const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })""")
    assert len(points) == 22
    for point in points:
        assert point["w"] >= 44 and point["h"] >= 44, point
        assert point["x"] >= 0 and point["x"] + point["w"] <= 390, point
    for a, b in itertools.pairwise(points):                    # neighbours do not overlap
        assert a["x"] + a["w"] <= b["x"] + 0.5 or a["y"] + a["h"] <= b["y"] + 0.5 or b["y"] < a["y"], (a, b)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in (f"{P} button[data-action]:not([hidden])", f"{P} .worksheet-save"):
        heights = page.eval_on_selector_all(selector,
                                            "els => els.map((e) => e.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44, (selector, heights)
    page.tap(f"{P} fieldset[data-question=coping] .scale-point:nth-child(8)")  # the whole point is the target
    assert page.is_checked(f"{P}-coping-7")


@pytest.mark.browser
def test_on_a_desktop_the_scale_is_one_row(new_page: NewPage, ws_url: str) -> None:
    page = opened(new_page, ws_url + POST)
    rows = page.eval_on_selector_all(
        f"{P} fieldset[data-question=closeness] .scale-point",
        "els => new Set(els.map((e) => Math.round(e.getBoundingClientRect().y))).size")
    assert rows == 1


def article(kind: str) -> SimpleNamespace:
    return SimpleNamespace(kind=kind)


@pytest.mark.parametrize("kinds, words", [
    (["post"], "1 post"), (["post", "post"], "2 posts"), (["episode"], "1 episode"),
    (["episode"] * 3, "3 episodes"), (["post", "episode"] * 3, "6 posts and episodes"),
])
def test_used_with_counts_posts_and_episodes_in_words(kinds: list[str], words: str) -> None:
    sheet = Worksheet("s", "S", (Question("q", "reflect", "Q?"),))
    sheet.used_by.extend(article(kind) for kind in kinds)
    assert sheet.used_with == words


def test_the_worksheets_page_names_what_each_worksheet_is_used_with(built_site: BuildResult) -> None:
    page = html.fromstring(built_site.page("worksheets/index.html"))
    text = " ".join(page.xpath("//main")[0].text_content().split())
    assert "goes with" not in text and " items" not in text
    card = page.xpath("//li[.//a[@href='/worksheets/noticing-progress/']]")[0]
    used = card.xpath(".//p[@class='worksheet-used-with']")[0]
    carriers = used.xpath(".//a/@href")
    assert " ".join(used.text_content().split()).startswith(f"Used with {len(carriers)} posts and episodes:")
    assert "/posts/progress-is-not-a-straight-line/" in carriers
    assert any(href.startswith("/episodes/") for href in carriers)
    for href in carriers:   # each by its name
        target = html.fromstring(built_site.page(href.strip("/") + "/index.html"))
        assert target.findtext(".//h1") in used.text_content()
