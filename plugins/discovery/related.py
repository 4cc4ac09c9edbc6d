"""Related items and next/previous links, from tags, dates and `Related:` metadata.

Pure functions over article-like objects (title, slug, date, tags, kind), so the
rules are tested without a build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Neighbours:
    """What a page links to beyond itself; attached to every article as `article.discovery`."""

    related: list[Any] = field(default_factory=list)
    older: Any = None   # the previous item of the same kind (post or episode), by date
    newer: Any = None   # the next one


def _tags(item: Any) -> set[str]:
    return {tag.slug for tag in getattr(item, "tags", None) or []}


def explicit_slugs(item: Any) -> list[str]:
    """Slugs the author listed in `Related: slug-a, slug-b` (in that order)."""
    raw = getattr(item, "metadata", {}).get("related", "")
    values = raw if isinstance(raw, list) else str(raw).split(",")
    return [s.strip() for s in values if s.strip()]


def related_items(item: Any, candidates: Sequence[Any], limit: int) -> tuple[list[Any], list[str]]:
    """Up to `limit` related items and the listed slugs that match nothing.

    Listed slugs come first; then items by score (two points per shared tag, one for the
    same category), newer first on a tie. Posts and episodes mix: a listener may like
    the post on the same topic.
    """
    by_slug = {c.slug: c for c in candidates if c is not item}
    listed = explicit_slugs(item)
    chosen = [by_slug[s] for s in listed if s in by_slug]
    unknown = [s for s in listed if s not in by_slug]
    scored = [(score(item, c), c.date, c) for c in by_slug.values() if c not in chosen]
    ranked = sorted((t for t in scored if t[0] > 0), key=lambda t: (t[0], t[1]), reverse=True)
    chosen += [c for _score, _date, c in ranked]
    return chosen[:limit], unknown


def score(item: Any, other: Any) -> int:
    """How related two items are: shared tags count double, a shared category once."""
    same_category = getattr(item, "category", None) is not None and item.category == other.category
    return 2 * len(_tags(item) & _tags(other)) + int(same_category)


def neighbours_by_kind(items: Iterable[Any]) -> dict[int, tuple[Any, Any]]:
    """(older, newer) for each item id, among items of the same kind, by date."""
    result: dict[int, tuple[Any, Any]] = {}
    by_kind: dict[str, list[Any]] = {}
    for item in items:
        by_kind.setdefault(getattr(item, "kind", "post"), []).append(item)
    for group in by_kind.values():
        ordered = sorted(group, key=lambda i: (i.date, i.slug))
        for index, item in enumerate(ordered):
            older = ordered[index - 1] if index > 0 else None
            newer = ordered[index + 1] if index + 1 < len(ordered) else None
            result[id(item)] = (older, newer)
    return result
