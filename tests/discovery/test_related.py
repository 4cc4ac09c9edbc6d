"""Related items and next/previous links: the rules, on plain objects (no build)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from discovery.related import neighbours_by_kind, related_items


@dataclass(eq=False)
class Tag:
    slug: str


@dataclass(eq=False)
class Item:
    slug: str
    day: int
    tags: list[Tag] = field(default_factory=list)
    kind: str = "post"
    category: str = "Guest posts"
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> dt.datetime:
        return dt.datetime(2026, 1, self.day)


def items() -> list[Item]:
    return [
        Item("a", 1, [Tag("worry"), Tag("sleep")]),
        Item("b", 2, [Tag("worry")]),
        Item("c", 3, [Tag("worry"), Tag("sleep")], kind="episode", category="Podcast"),
        Item("d", 4, [], category="Podcast", kind="episode"),
        Item("e", 5, [Tag("grief")]),
    ]


def test_more_shared_tags_rank_first_and_kinds_mix() -> None:
    a, b, c, _d, e = items()
    related, unknown = related_items(a, [a, b, c, _d, e], limit=3)
    assert related[:2] == [c, b]  # c shares two tags (4 points), b one tag + category (3)
    assert e in related  # same category only (1 point)
    assert a not in related and not unknown


def test_unrelated_items_are_not_padded_in() -> None:
    a, b, c, d, e = items()
    related, _ = related_items(d, [a, b, c, d, e], limit=3)
    assert related == [c]  # same category; nothing else shares a tag or a category


def test_listed_slugs_come_first_and_unknown_ones_are_reported() -> None:
    a, b, c, d, e = items()
    a.metadata["related"] = "e, no-such-post"
    related, unknown = related_items(a, [a, b, c, d, e], limit=2)
    assert related == [e, c]
    assert unknown == ["no-such-post"]


def test_neighbours_stay_within_one_kind_in_date_order() -> None:
    a, b, c, d, e = items()
    found = neighbours_by_kind([e, c, a, d, b])
    assert found[id(b)] == (a, e)
    assert found[id(a)] == (None, b)
    assert found[id(c)] == (None, d) and found[id(d)] == (c, None)
