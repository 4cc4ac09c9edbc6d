"""discovery: related items, next/previous, content notes, canonical URLs, JSON-LD, sitemap,
responsive images, and pages at old addresses (`Previous-Slugs:`) that lead to the new ones.

Templates get:
- `article.discovery` (`related`, `older`, `newer`), `article.content_note`, `article.safe_messaging`;
- the filter `canonical` (an output file or URL -> absolute public URL);
- the globals `json_ld_article(article)`, `json_ld_person(name, url)`, `json_ld_site()`, each
  returning JSON already escaped for `<script type="application/ld+json">`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from stepwise_core.buildstate import build_state
from stepwise_core.errors import WARNING, ContentIssue, find_field_line, report
from stepwise_core.outputs import ADDS_TO, PATTERN, Claim, claim_outputs
from stepwise_core.pages import add_page_filter
from stepwise_core.protocols import (
    Article,
    ArticlesGenerator,
    Content,
    Generator,
    PagesGenerator,
    Pelican,
    Reader,
    StaticGenerator,
)
from stepwise_core.settings import public_url
from stepwise_core.signals import file_read
from stepwise_core.sources import shown_path

from . import jsonld, notes
from .image_metadata import strip_published
from .images import RESIZABLE, FindSource, responsive_html, variant_name
from .redirects import RedirectsGenerator
from .related import Neighbours, neighbours_by_kind, ranked, related_index, unknown_slugs
from .settings import plugin_settings
from .sitemap import page_url, write_all
from .social import SocialImage, read_social_image

log = logging.getLogger(__name__)
PICTURES = "discovery.pictures"  # build state: site path -> source of each published picture


class PageWithImage(Content, Protocol):
    social_image: SocialImage | None  # for link previews


class DiscoveredArticle(Article, PageWithImage, Protocol):
    """A post or episode as link_articles leaves it, for templates."""

    content_note: str
    safe_messaging: bool  # crisis resources at the top
    discovery: Neighbours


@pass_context
def canonical(context: Any, output_file_or_url: str) -> str:
    """Absolute public URL of a page, from its output file (`x/index.html`) or URL (`x/`)."""
    return page_url(public_url(context), str(output_file_or_url or "").lstrip("/"))


@pass_context
def json_ld_article(context: Any, item: Article) -> Markup:
    return jsonld.script_json(jsonld.article(context, item, context.get("people") or {}))


@pass_context
def json_ld_person(context: Any, name: str, url: str = "") -> Markup:
    profile = (context.get("people") or {}).get(name)
    data = {"@context": "https://schema.org", **jsonld.person(context, name, url, profile)}
    return jsonld.script_json(data)


@pass_context
def json_ld_site(context: Any) -> Markup:
    return jsonld.script_json(jsonld.website(context))


def add_template_helpers(pelican: Pelican) -> None:
    """Register filters and globals before the generators build their Jinja environments."""
    settings = pelican.settings
    for key in ("SITEMAP_SAVE_AS", "ROBOTS_SAVE_AS"):  # so other plugins see which files are taken
        settings.setdefault(key, plugin_settings(settings)[key])
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "canonical": canonical}
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "json_ld_article": json_ld_article,
                                 "json_ld_person": json_ld_person, "json_ld_site": json_ld_site}


def _issue(generator: Generator, item: Content, field: str, problem: str, fix: str, *,
           severity: str = "error") -> None:
    path = shown_path(item.source_path, generator.settings)
    issue = ContentIssue(path, field, problem, fix, severity=severity)
    report(generator.context, issue.located(item.source_path))


# Whether a body mentions suicide or self-harm, worked out where the file is read.
MENTIONS_KEY = "_discovery_body_mentions"


def note_mentions(reader: Reader, content: str, metadata: dict[str, Any], source: str) -> None:
    """stepwise's file_read: search the body where it was converted (a worker, in parallel),
    not in the one busy process between reading and rendering (~0.3 s at 1,500 items)."""
    metadata[MENTIONS_KEY] = notes.mentions(plugin_settings(reader.settings)["SAFE_MESSAGING_PATTERN"],
                                            content)


def _body_mentions(generator: Generator, item: Content, pattern: str) -> bool:
    known = getattr(item, MENTIONS_KEY, None)
    # Typogrify changes the body after it is read; then search what the page will show.
    if known is None or generator.settings.get("TYPOGRIFY"):
        return notes.mentions(pattern, getattr(item, "_content", ""))
    return known


def mark_notes(generator: Generator, item: DiscoveredArticle, pattern: str) -> None:
    """Set content_note and safe_messaging on one post or episode."""
    item.content_note = notes.content_note(item.metadata)
    choice = notes.safe_messaging_choice(item.metadata)
    if isinstance(choice, str):
        _issue(generator, item, "Safe-Messaging", f"{choice!r} is neither yes nor no",
               "write 'Safe-Messaging: yes' (crisis resources at the top) or 'Safe-Messaging: no'")
        choice = None
    # The raw body: `.content` would resolve {filename} links before pages are read.
    touches = _body_mentions(generator, item, pattern) or notes.mentions(pattern, item.content_note)
    item.safe_messaging = touches if choice is None else choice
    if item.safe_messaging and not item.content_note:
        problem, fix = notes.NOTE_MISSING["text" if touches else "chosen"]
        line = None if touches else find_field_line(item.source_path, "Safe-Messaging")
        issue = ContentIssue(shown_path(item.source_path, generator.settings), "Content-Note", problem, fix,
                             line=line, severity=WARNING)
        report(generator.context, issue)


def attach_social_image(generator: Generator, item: PageWithImage) -> None:
    """`item.social_image`: its `Image:` for link previews (None without one), checked."""
    item.social_image, problems = read_social_image(item.metadata, generator.settings)
    for problem in problems:
        _issue(generator, item, problem.field, problem.problem, problem.fix, severity=problem.severity)


def link_pages(generator: PagesGenerator[PageWithImage]) -> None:
    """page_generator_finalized: pages may have a picture for link previews too."""
    for page in [*generator.pages, *getattr(generator, "hidden_pages", []),
                 *getattr(generator, "draft_pages", [])]:
        attach_social_image(generator, page)


def link_articles(generator: ArticlesGenerator[DiscoveredArticle]) -> None:
    """Content notes, related items and next/previous for every published post and episode."""
    options = plugin_settings(generator.settings)
    articles = list(generator.articles)
    for item in [*articles, *generator.drafts, *getattr(generator, "hidden_articles", [])]:
        mark_notes(generator, item, options["SAFE_MESSAGING_PATTERN"])
        attach_social_image(generator, item)
    neighbours = neighbours_by_kind(articles)
    index = related_index(articles)  # once, not once per article (performance)
    for item in articles:
        for slug in unknown_slugs(item, index):
            # A warning: the page still works, and the slug may belong to a file that failed
            # for its own reason (one error per cause, not a cascade); strict builds fail on it.
            _issue(generator, item, "Related", f"{slug!r} is not the slug of any published post or episode",
                   "use the slug from the other file's 'Slug:' line (comma-separated)", severity=WARNING)
        older, newer = neighbours.get(id(item), (None, None))
        rank = partial(ranked, item, articles, options["DISCOVERY_RELATED_MAX"], index)
        item.discovery = Neighbours(older=older, newer=newer, rank=rank)
    for item in [*generator.drafts, *getattr(generator, "hidden_articles", [])]:
        item.discovery = Neighbours()


@dataclass(frozen=True)
class ImageJob:
    """The responsive-images page filter: every page's img tags get sizes and 1x/2x copies."""

    find: FindSource  # site path (media/a.jpg) -> the file in content/
    site_url: str
    max_width: int
    # Picture sizes seen so far in this process (a forked renderer starts from a copy).
    known_sizes: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def __call__(self, html: str, output: Path) -> str:
        return responsive_html(html, output, self.max_width, self.site_url, find=self.find,
                               known=self.known_sizes)


def index_static_files(generator: StaticGenerator) -> None:
    """static_generator_finalized: where each static file is read from, for the page filter.

    Static files are copied after every page is written, so images are read from content/.
    """
    sources = {str(s.save_as).replace(os.sep, "/"): Path(generator.path, s.source_path)
               for s in generator.staticfiles
               if os.path.splitext(s.source_path)[1].lower() in RESIZABLE}  # save_as is not free
    build_state(generator.settings).plugins[PICTURES] = sources
    add_page_filter(generator.context, ImageJob(
        find=sources.get, site_url=str(generator.settings.get("SITEURL") or "").rstrip("/"),
        max_width=plugin_settings(generator.settings)["IMAGE_MAX_WIDTH"]))


def strip_picture_metadata(pelican: Pelican) -> None:
    """finalized: published pictures lose their EXIF, XMP and text (GPS above all)."""
    sources = build_state(pelican.settings).plugins.get(PICTURES, {})
    strip_published(Path(pelican.output_path), sources)


def write_sitemap(pelican: Pelican) -> None:
    """finalized: the sitemap lists the pages Pelican just wrote."""
    count = write_all(Path(pelican.output_path), pelican.settings)
    log.debug("discovery: the sitemap lists %s pages", count)


def claim_files(generators: list[Generator]) -> list[Claim]:
    """stepwise's claim_outputs: the sitemap, its robots.txt line, resized image copies and the
    pages at old addresses (named by the file and line that asked for them)."""
    options = plugin_settings(generators[0].settings)
    claims = [Claim(options["SITEMAP_SAVE_AS"], "the sitemap"),
              Claim(options["ROBOTS_SAVE_AS"], "the sitemap's robots.txt line", ADDS_TO)]
    for generator in generators:
        for redirect in getattr(generator, "redirects", None) or []:
            claims.append(Claim(redirect.save_as, f"the old address kept by {redirect.source}",
                                source=redirect.source_path, field="Previous-Slugs"))
        for static in getattr(generator, "staticfiles", None) or []:
            name = static.get_url_setting("save_as")
            if os.path.splitext(name)[1].lower() in RESIZABLE:
                claims.append(Claim(variant_name(name, "*"), f"resized copies of {name}", PATTERN))
    return claims


def add_redirects(_pelican: Any) -> type:
    return RedirectsGenerator


def register() -> None:
    signals.initialized.connect(add_template_helpers)
    signals.get_generators.connect(add_redirects)
    signals.article_generator_finalized.connect(link_articles)
    signals.page_generator_finalized.connect(link_pages)
    file_read.connect(note_mentions)
    signals.static_generator_finalized.connect(index_static_files)
    signals.finalized.connect(strip_picture_metadata)
    signals.finalized.connect(write_sitemap)
    claim_outputs.connect(claim_files)
