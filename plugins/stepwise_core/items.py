"""Checks on posts, episodes and pages as Pelican made them, before anything is written.

What a single header cannot show: a title that slugifies to nothing (the page
would be written as the listing's own index.html), a Template: the theme does not
have (Pelican stops with a traceback) or that is not made for the item (base or 404 would
publish an empty page), two items with one slug (Pelican warns without a file or line,
and Related: and worksheet addresses become ambiguous), and a translation without its original.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from .errors import WARNING, ContentIssue
from .protocols import Content, Generator
from .rules import EPISODE, PAGE, POST, kind_of
from .sources import shown_path

ITEM_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
              "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def items_of(generator: Generator) -> list[Content]:
    found: dict[int, Content] = {}
    for name in ITEM_LISTS:
        for item in getattr(generator, name, None) or []:
            found.setdefault(id(item), item)
    return list(found.values())


def _issue(item: Content, field: str, problem: str, fix: str) -> ContentIssue:
    issue = ContentIssue(shown_path(item.source_path, item.settings), field, problem, fix)
    return issue.located(item.source_path)


def empty_slug(item: Content) -> ContentIssue | None:
    if str(getattr(item, "slug", "") or "").strip():
        return None
    field = "Slug" if "slug" in item.metadata else "Title"
    return _issue(item, field, f"{str(getattr(item, 'title', ''))!r} has no letter or digit to make a "
                  "page address from", "add a 'Slug:' line with a few plain words, e.g. 'Slug: small-wins'")


# The templates made for each kind of item: a theme's own variants start with one of these
# names ('page-wide'). base, 404 or a listing would publish an empty or misleading page.
TEMPLATES_FOR: dict[str, tuple[str, ...]] = {POST: ("article", "episode"), EPISODE: ("article", "episode"),
                                             PAGE: ("page",)}
KIND_PLURAL = {POST: "posts", EPISODE: "episodes", PAGE: "pages"}


def templates_for(kind: str, templates: set[str]) -> list[str]:
    """The theme's templates an item of this kind may name, without '.html'."""
    names = {name.removesuffix(".html") for name in templates if name.endswith(".html") and "/" not in name}
    made = TEMPLATES_FOR[kind]
    return sorted(name for name in names if name in made or name.startswith(tuple(f"{m}-" for m in made)))


def wrong_template(item: Content, templates: set[str]) -> ContentIssue | None:
    name = item.metadata.get("template")
    kind = kind_of(item.source_path)
    allowed = templates_for(kind, templates)
    if name is None or str(name) in allowed:
        return None
    problem = (f"{name!r} is not a template for {KIND_PLURAL[kind]}" if f"{name}.html" in templates
               else f"{name!r} is not a template of the theme")
    return _issue(item, "Template", problem, "remove the line (the usual template is chosen for you), or use "
                  f"one made for {KIND_PLURAL[kind]}: " + ", ".join(allowed))


def shared_slugs(items: list[Content]) -> Iterator[ContentIssue]:
    """Items of one generator with one slug and language; those with one address too are
    left to the output check, which names the address."""
    groups: dict[tuple[str, str], list[Content]] = defaultdict(list)
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
            page = _one_page(group)
            why = ("keep the address of one already published as it is, so links to it keep working" if page
                   else "slugs name posts in Related: and worksheet addresses, so each must be unique")
            yield _issue(item, field, f"gives the slug {slug!r}, which {others} has too{page}",
                         f"give one of the two its own address with a line such as 'Slug: {slug}-2' ({why})")


def _one_page(group: list[Content]) -> str:
    """': once both are published, both would be the page /posts/x/' for items of one kind, one
    of them published (a draft or scheduled copy of a post): the address they both want."""
    addresses = {str(item.url) for item in group if item.save_as and item.url}
    if len({kind_of(item.source_path) for item in group}) > 1 or len(addresses) != 1:
        return ""
    return f": once both are published, both would be the page /{addresses.pop()}"


def is_translation(item: Content) -> bool:
    """Pelican's own test (utils.get_original_items): any value but 'false' makes a translation."""
    return str(item.metadata.get("translation", "false")).lower() != "false"


def orphan_translations(items: list[Content]) -> Iterator[ContentIssue]:
    """'Translation: true' with no original of the same slug (and status): Pelican publishes it
    as the original anyway, and warns without a line or a fix."""
    groups: dict[tuple[str, str], list[Content]] = defaultdict(list)
    for item in items:
        if getattr(item, "slug", ""):
            groups[(item.slug, str(getattr(item, "status", "")))].append(item)
    for (slug, _status), group in sorted(groups.items()):
        if not all(is_translation(item) for item in group):
            continue
        for item in group:
            kind = kind_of(item.source_path)
            problem = (f"says this {kind} translates another, but no {kind} with its slug ({slug!r}) is "
                       "the original, so this one is published as the original")
            fix = (f"give it the original {kind}'s slug ('Slug: …', as in the original's address), "
                   "or remove the 'Translation:' line")
            issue = _issue(item, "Translation", problem, fix)
            yield replace(issue, severity=WARNING)


def item_problems(generators: list[Generator]) -> Iterator[ContentIssue]:
    for generator in generators:
        items = items_of(generator)
        if not items:
            continue
        templates = set(generator.env.list_templates()) if hasattr(generator, "env") else set()
        for item in items:
            template = wrong_template(item, templates) if templates else None
            for problem in (empty_slug(item), template):
                if problem:
                    yield problem
        yield from shared_slugs(items)
        yield from orphan_translations(items)
