"""Related items and next/previous links, from tags, dates and `Related:` metadata.

Pure functions over article-like objects (title, slug, date, tags, kind), so the
rules are tested without a build.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from stepwise_core.protocols import Article


@dataclass
class Neighbours:
    """What a page links to beyond itself; attached to every article as `article.discovery`."""

    older: Any = None   # the previous item of the same kind (post or episode), by date
    newer: Any = None   # the next one
    rank: Callable[[], list[Any]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def related(self) -> list[Any]:
        """Ranked when the page is rendered, in whichever process renders it (render.py
        renders article pages in two), not in the one busy process before rendering:
        ranking grows with items times items per tag (0.55 s at 4,000 items)."""
        return self.rank() if self.rank is not None else []


def _tags(item: Any) -> set[str]:
    return {tag.slug for tag in getattr(item, "tags", None) or []}


def explicit_slugs(item: Any) -> list[str]:
    """Slugs the author listed in `Related: slug-a, slug-b` (in that order)."""
    raw = getattr(item, "metadata", {}).get("related", "")
    values = raw if isinstance(raw, list) else str(raw).split(",")
    return [s.strip() for s in values if s.strip()]


@dataclass
class RelatedIndex:
    """Tag sets and lookups computed once for all items (performance: comparing every
    item with every other was a quarter of a 1,500-item build)."""

    items: Sequence[Any]
    by_slug: dict[str, Any] = field(default_factory=dict)
    position: dict[int, int] = field(default_factory=dict)
    by_id: dict[int, Any] = field(default_factory=dict)
    date: dict[int, Any] = field(default_factory=dict)
    category_slug: dict[int, str | None] = field(default_factory=dict)
    tags: dict[int, set[str]] = field(default_factory=dict)
    by_tag: dict[str, list[Any]] = field(default_factory=dict)
    newest_in_category: dict[Any, list[Any]] = field(default_factory=dict)  # newest first


def related_index(candidates: Sequence[Article]) -> RelatedIndex:
    index = RelatedIndex(candidates)
    for number, item in enumerate(candidates):
        index.by_slug[item.slug] = item
        index.position[id(item)] = number
        index.by_id[id(item)] = item
        index.date[id(item)] = item.date
        index.category_slug[id(item)] = _category_slug(item)
        index.tags[id(item)] = _tags(item)
        for tag in index.tags[id(item)]:
            index.by_tag.setdefault(tag, []).append(item)
        if getattr(item, "category", None) is not None:
            index.newest_in_category.setdefault(item.category, []).append(item)
    for group in index.newest_in_category.values():
        group.sort(key=lambda c: c.date, reverse=True)  # stable: ties keep their order
    return index


def unknown_slugs(item: Any, index: RelatedIndex) -> list[str]:
    """The slugs in `Related:` that name no other published item, in the order listed."""
    return [s for s in explicit_slugs(item)
            if (other := index.by_slug.get(s)) is None or other is item]


def related_items(item: Any, candidates: Sequence[Any], limit: int,
                  index: RelatedIndex | None = None) -> tuple[list[Any], list[str]]:
    """Up to `limit` related items and the listed slugs that match nothing.

    Listed slugs come first; then items by score (two points per shared tag, one for the
    same category), newer first on a tie. Posts and episodes mix: a listener may like
    the post on the same topic. Items sharing a tag score at least 2 and are ranked;
    items sharing only the category all score 1, so they follow newest first, and
    only as many as are needed are looked at.
    """
    index = index if index is not None and index.items is candidates else related_index(candidates)
    listed = explicit_slugs(item)
    found = {s: index.by_slug.get(s) for s in listed}
    chosen = [found[s] for s in listed if found[s] is not None and found[s] is not item]
    unknown = unknown_slugs(item, index)
    taken = {id(item), *(id(c) for c in chosen)}
    shared = _shared_tag_counts(index, index.tags.get(id(item), set()), taken)
    category = getattr(item, "category", None)
    mine, slugs, dates, position = _category_slug(item), index.category_slug, index.date, index.position
    # The best first: score, then newer, then earlier in the candidates (what a stable sort
    # of all of them by score and date gives; only `limit` are needed, not a full sort).
    best = heapq.nlargest(limit, shared, key=lambda key: (
        2 * shared[key] + int(mine is not None and slugs[key] == mine), dates[key], -position[key]))
    chosen += [index.by_id[key] for key in best]
    if len(chosen) < limit and category is not None:
        for other in index.newest_in_category.get(category, []):
            if len(chosen) >= limit:
                break
            if id(other) not in taken and id(other) not in shared:
                chosen.append(other)
    return chosen[:limit], unknown


def ranked(item: Any, candidates: Sequence[Any], limit: int, index: RelatedIndex) -> list[Any]:
    """related_items without the unknown slugs (link_articles reports those at once)."""
    return related_items(item, candidates, limit, index)[0]


def _category_slug(item: Any) -> str | None:
    """Categories compare by slug (Pelican's URLWrapper); comparing the strings is cheaper."""
    category = getattr(item, "category", None)
    return None if category is None else getattr(category, "slug", category)


def _shared_tag_counts(index: RelatedIndex, tags: set[str], taken: set[int]) -> dict[int, int]:
    """How many tags each other item shares with these tags (items sharing none are left out)."""
    counts: dict[int, int] = {}
    for tag in tags:
        for other in index.by_tag.get(tag, ()):
            key = id(other)
            if key not in taken:
                counts[key] = counts.get(key, 0) + 1
    return counts


def score(item: Article, other: Article) -> int:
    """How related two items are: shared tags count double, a shared category once."""
    return _score(item, other, _tags(item), _tags(other))


def _score(item: Article, other: Article, tags: set[str], other_tags: set[str]) -> int:
    same_category = getattr(item, "category", None) is not None and item.category == other.category
    return 2 * len(tags & other_tags) + int(same_category)


def neighbours_by_kind(items: Iterable[Article]) -> dict[int, tuple[Article | None, Article | None]]:
    """(older, newer) for each item id, among items of the same kind, by date."""
    result: dict[int, tuple[Article | None, Article | None]] = {}
    by_kind: dict[str, list[Article]] = {}
    for item in items:
        by_kind.setdefault(getattr(item, "kind", "post"), []).append(item)
    for group in by_kind.values():
        ordered = sorted(group, key=lambda i: (i.date, i.slug))
        for index, item in enumerate(ordered):
            older = ordered[index - 1] if index > 0 else None
            newer = ordered[index + 1] if index + 1 < len(ordered) else None
            result[id(item)] = (older, newer)
    return result
