"""Old addresses keep working: a post, episode or page that lists `Previous-Slugs:` leaves a
small page at each old address that sends readers (and search engines) to the new one.

A static host cannot answer with a 301, so the page does it the static way: a meta
refresh, a canonical link and a plain link for anyone whose browser does not follow
it. It carries the site's CSP, `noindex` (so the sitemap leaves it out) and no
`main` element (so the search index does too). An old address never replaces a live
page: that is an error naming both files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from stepwise_core.errors import ContentIssue, report
from stepwise_core.protocols import Content, Writer
from stepwise_core.sources import shown_path

FIELD = "previous-slugs"
LABEL = "Previous-Slugs"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
REMOVE = "remove it from 'Previous-Slugs:'"


@dataclass(frozen=True)
class Redirect:
    save_as: str  # where the old page was: posts/old-slug/index.html
    target: str  # the live page's URL: posts/new-slug/
    title: str
    source: str  # the file that lists the old slug, as shown to authors
    source_path: str  # the same file's real path (for line numbers)


def previous_slugs(item: Content) -> list[str]:
    raw = item.metadata.get(FIELD, "")
    text = ", ".join(map(str, raw)) if isinstance(raw, list) else str(raw)
    return [part.strip() for part in text.split(",") if part.strip()]


def moved(path: str, slug: str, old: str) -> str | None:
    """`path` with its slug segment replaced by `old`; None if the slug is not one segment of it."""
    parts = path.split("/")
    if parts.count(slug) != 1:
        return None
    parts[parts.index(slug)] = old
    return "/".join(parts)


def live_items(context: dict[str, Any]) -> list[Content]:
    """Every post, episode and page that is written (drafts are not)."""
    names = ("articles", "translations", "hidden_articles", "hidden_translations", "pages",
             "translations_pages", "hidden_pages", "hidden_translations_pages")
    seen: dict[int, Content] = {}
    for name in names:
        for item in context.get(name) or []:
            seen.setdefault(id(item), item)
    return list(seen.values())


def taken_paths(context: dict[str, Any], settings: dict[str, Any]) -> dict[str, str]:
    """Output path -> what lives there, for everything known before anything is written."""
    taken = {item.save_as: f"the page of {shown_path(item.source_path, settings)}"
             for item in live_items(context) if getattr(item, "save_as", "")}
    for template in settings.get("DIRECT_TEMPLATES", ()):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            taken.setdefault(save_as, f"the {template} page")
    for kind, noun in (("tags", "tag"), ("categories", "category"), ("authors", "author")):
        for entry in context.get(kind) or []:
            wrapper = entry[0] if isinstance(entry, tuple) else entry
            taken.setdefault(wrapper.save_as, f"the {noun} {wrapper.name!r}")
    return taken


def plan(context: dict[str, Any], settings: dict[str, Any]) -> tuple[list[Redirect], list[ContentIssue]]:
    """The redirect pages to write, and every reason one cannot be written."""
    taken = taken_paths(context, settings)
    claimed: dict[str, Redirect] = {}
    issues: list[ContentIssue] = []
    for item in sorted(live_items(context), key=lambda i: i.source_path):
        for old in previous_slugs(item):
            redirect, problem, fix = _one(item, old, taken, claimed, settings)
            if redirect is not None:
                claimed[redirect.save_as] = redirect
            else:
                shown = shown_path(item.source_path, settings)
                issues.append(ContentIssue(shown, LABEL, problem, fix).located(item.source_path))
    return sorted(claimed.values(), key=lambda r: r.save_as), issues


def _one(item: Content, old: str, taken: dict[str, str], claimed: dict[str, Redirect],
         settings: dict[str, Any]) -> tuple[Redirect | None, str, str]:
    """One old slug: its redirect, or (None, problem, fix)."""
    if not SLUG.fullmatch(old):
        return None, f"{old!r} is not a slug", "write the old slug as it was: lower-case words and hyphens"
    if old == item.slug:
        return None, f"{old!r} is the current slug", "list only the slugs this item had before"
    save_as = moved(item.save_as, item.slug, old)
    if save_as is None or moved(item.url, item.slug, old) is None:
        return None, f"the old address for {old!r} cannot be worked out: the address "\
                     f"{item.url!r} does not hold the slug {item.slug!r} once", REMOVE
    if save_as in taken:
        return None, f"{old!r} would replace {save_as}, {taken[save_as]}", \
            f"{REMOVE}: an old address can only lead here when nothing else lives there now"
    if save_as in claimed:
        return None, f"{old!r} is also a previous slug of {claimed[save_as].source}", \
            f"{REMOVE} in one of them: an old address can lead to one place only"
    return Redirect(save_as, item.url, item.title, shown_path(item.source_path, settings),
                    item.source_path), "", ""


class RedirectsGenerator(Generator):
    """Plans the redirect pages once the posts and pages are read; writes them through
    Pelican's Writer, so they count as outputs like any page."""

    def generate_context(self) -> None:
        redirects, issues = plan(self.context, self.settings)
        for issue in issues:
            report(self.context, issue)
        self.redirects = redirects

    def generate_output(self, writer: Writer) -> None:
        template = self.get_template("redirect")
        for redirect in self.redirects:
            if (Path(writer.output_path) / redirect.save_as).exists():  # written by another generator
                issue = ContentIssue(redirect.source, LABEL, f"{redirect.save_as} is already a page of this "
                                     "site", f"{REMOVE}: an old address can only lead here when nothing "
                                     "else lives there now")
                report(self.context, issue.located(redirect.source_path))
                continue
            writer.write_file(redirect.save_as, template, self.context, redirect=redirect,
                              relative_urls=self.settings.get("RELATIVE_URLS", False))
