"""Related items and next/previous links: the rules, on plain objects (no build)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from discovery.related import Neighbours, neighbours_by_kind, related_index, related_items, unknown_slugs


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


def test_unknown_slugs_are_reported_without_ranking() -> None:
    a, b, c, d, e = items()
    a.metadata["related"] = "e, a, no-such-post, b"  # its own slug counts as unknown too
    candidates = [a, b, c, d, e]
    _, unknown = related_items(a, candidates, limit=2)
    assert unknown_slugs(a, related_index(candidates)) == unknown == ["a", "no-such-post"]


def test_related_items_are_ranked_once_when_first_used() -> None:
    calls: list[int] = []
    found = Neighbours(rank=lambda: calls.append(1) or ["x"])
    assert calls == []  # link_articles only prepares: the renderer ranks
    assert found.related == ["x"] and found.related == ["x"] and calls == [1]
    assert Neighbours().related == []


def test_neighbours_stay_within_one_kind_in_date_order() -> None:
    a, b, c, d, e = items()
    found = neighbours_by_kind([e, c, a, d, b])
    assert found[id(b)] == (a, e)
    assert found[id(a)] == (None, b)
    assert found[id(c)] == (None, d) and found[id(d)] == (c, None)


def reference_related(item: Item, candidates: list[Item], limit: int) -> list[Item]:
    """The rule written plainly: every other item scored, a stable sort, then the fill."""
    def score(other: Item) -> int:
        shared = {t.slug for t in item.tags} & {t.slug for t in other.tags}
        return 2 * len(shared) + int(item.category == other.category)
    others = [c for c in candidates if c is not item]
    sharing = [c for c in others if score(c) >= 2]
    ranked = sorted(sharing, key=lambda c: (score(c), c.date), reverse=True)
    rest = sorted((c for c in others if c not in sharing and c.category == item.category),
                  key=lambda c: c.date, reverse=True)
    return (ranked + rest)[:limit]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 28), st.sets(st.sampled_from("abcdef"), max_size=3),
                          st.sampled_from(["Guest posts", "Podcast"])), min_size=1, max_size=25),
       st.integers(1, 6))
def test_ranking_matches_the_plain_rule(specs: list[tuple[int, set[str], str]], limit: int) -> None:
    candidates = [Item(f"s{n}", day, [Tag(t) for t in sorted(tags)], category=category)
                  for n, (day, tags, category) in enumerate(specs)]
    for item in candidates:
        chosen, unknown = related_items(item, candidates, limit)
        assert chosen == reference_related(item, candidates, limit) and unknown == []
