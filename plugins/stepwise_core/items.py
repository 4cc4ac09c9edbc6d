"""Checks on posts, episodes and pages as Pelican made them, before anything is written.

What a single header cannot show: a title that slugifies to nothing (the page
would be written as the listing's own index.html), a Template: the theme does not
have (Pelican stops with a traceback), and two items with one slug (Pelican warns
without a file or line, and Related: and worksheet addresses become ambiguous).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .errors import ContentIssue
from .sources import shown_path

ITEM_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
              "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def items_of(generator: Any) -> list[Any]:
    found: dict[int, Any] = {}
    for name in ITEM_LISTS:
        for item in getattr(generator, name, None) or []:
            found.setdefault(id(item), item)
    return list(found.values())


def _issue(item: Any, field: str, problem: str, fix: str) -> ContentIssue:
    issue = ContentIssue(shown_path(item.source_path, item.settings), field, problem, fix)
    return issue.located(item.source_path)


def empty_slug(item: Any) -> ContentIssue | None:
    if str(getattr(item, "slug", "") or "").strip():
        return None
    field = "Slug" if "slug" in item.metadata else "Title"
    return _issue(item, field, f"{str(getattr(item, 'title', ''))!r} has no letter or digit to make a "
                  "page address from", "add a 'Slug:' line with a few plain words, e.g. 'Slug: small-wins'")


def missing_template(item: Any, templates: set[str], in_use: set[str]) -> ContentIssue | None:
    name = item.metadata.get("template")
    if name is None or f"{name}.html" in templates:
        return None
    return _issue(item, "Template", f"{name!r} is not a template of the theme",
                  "remove the line (the usual template is chosen for you), or use one that other "
                  "items use: " + ", ".join(sorted(in_use)))


def shared_slugs(items: list[Any]) -> Iterator[ContentIssue]:
    """Items of one generator with one slug and language; those with one address too are
    left to the output check, which names the address."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for item in items:
        if getattr(item, "slug", ""):
            groups[(item.slug, getattr(item, "lang", ""))].append(item)
    for (slug, _lang), group in sorted(groups.items()):
        if len(group) < 2:
            continue
        addresses = [item.save_as for item in group if item.save_as]
        if len(set(addresses)) < len(addresses):
            continue
        names = {item.source_path: shown_path(item.source_path, item.settings) for item in group}
        for item in group:
            others = ", ".join(sorted(n for p, n in names.items() if p != item.source_path))
            field = "Slug" if "slug" in item.metadata else "Title"
            yield _issue(item, field, f"gives the slug {slug!r}, which {others} has too",
                         "give one of them its own 'Slug:' line (slugs name posts in Related: and "
                         "worksheet addresses, so each must be unique)")


def item_problems(generators: list[Any]) -> Iterator[ContentIssue]:
    for generator in generators:
        items = items_of(generator)
        if not items:
            continue
        templates = set(generator.env.list_templates()) if hasattr(generator, "env") else set()
        in_use = {str(item.template) for item in items if f"{item.template}.html" in templates}
        for item in items:
            template = missing_template(item, templates, in_use) if templates else None
            for problem in (empty_slug(item), template):
                if problem:
                    yield problem
        yield from shared_slugs(items)
