"""stepwise: the checking plugin, which wires the core library (stepwise_core) into Pelican.

It swaps in the validating Markdown reader and the page-filtering writer (or the faster
ones the build state names), checks settings and sources, loads the people registry,
finds URL collisions, and stops the build before anything is written when any plugin
reported an error. It must be listed last in PLUGINS.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, Protocol

from markupsafe import Markup
from pelican import signals

from stepwise_core import cards, final_html, markdown_only, modes, placeholders, static_files
from stepwise_core.buildstate import build_state
from stepwise_core.errors import BuildStopped, ContentIssue, log_issue, report, reported_errors
from stepwise_core.pages import FilteringWriter
from stepwise_core.people import share_people
from stepwise_core.protocols import Article, ArticlesGenerator, Content, Generator, Pelican, Readers
from stepwise_core.reader import StepwiseMarkdownReader, report_carried
from stepwise_core.reserved_ids import keep_heading_ids_clear
from stepwise_core.rules import kind_of
from stepwise_core.settings import scripts_from_folders, settings_problems
from stepwise_core.signals import file_read
from stepwise_core.sources import shown_path, source_tree_problems

from . import drafts
from .feeds import PostFeedsGenerator

log = logging.getLogger(__name__)


def use_validating_reader(readers: Readers) -> None:
    """readers_init: the validating reader (or the faster subclass a plugin put in the build state)."""
    reader = build_state(readers.settings).reader_class or StepwiseMarkdownReader
    for extension in reader.file_extensions:
        readers.reader_classes[extension] = reader
    markdown_only.refuse_other_formats(readers, reader)


def use_filtering_writer(pelican: Pelican) -> type:
    """get_writer: Pelican's writer with the page filters (or the faster subclass a plugin
    put in the build state). The one get_writer receiver: Pelican warns at two."""
    return build_state(pelican.settings).writer_class or FilteringWriter


def trust_no_unguarded_cache(pelican: Pelican) -> None:
    """get_generators: Pelican's content cache only where a plugin guards it (the speed
    plugin's cache.py); unguarded, a cached file's checks would be a past build's."""
    settings = pelican.settings
    if not build_state(settings).content_cache_guarded:
        settings["LOAD_CONTENT_CACHE"] = False
        settings["CACHE_CONTENT"] = False


def check_settings(pelican: Pelican) -> None:
    for issue in settings_problems(pelican.settings):
        log_issue(issue)
    keep_heading_ids_clear(pelican.settings)
    pelican.settings["CONTENT_SECURITY_POLICY"] = scripts_from_folders(pelican.settings)


def refuse_unsafe_sources(pelican: Pelican) -> None:
    """Stop before anything reads content/ if a file there is unsafe to read at all.

    A link out of content/ (to /etc/passwd, to /dev/zero) would be hashed by the
    content cache and read by plugins before any reader could refuse it, and a
    control character crashes each plugin that meets it in its own way (lxml
    refuses such strings), hiding the one-line cause.
    """
    issues = source_tree_problems(pelican.settings)
    for issue in issues:
        log_issue(issue)
    if issues:
        raise BuildStopped(issues)


def plain_summary(content: Content) -> None:
    """Give an item without 'Summary:' a plain-text one cut from its body.

    Summaries are plain text everywhere (templates escape them, feeds and podcast
    apps show them as text); Pelican would otherwise fall back to a slice of HTML.
    """
    if "summary" in content.metadata or not getattr(content, "_content", None):
        return
    words = Markup(content._content).striptags().split()
    limit = content.settings.get("SUMMARY_MAX_LENGTH") or len(words)
    text = " ".join(words[:limit]) + ("…" if len(words) > limit else "")
    content.metadata["summary"] = text


class KindedArticle(Article, Protocol):
    kind: str  # 'post' or 'episode'


def mark_kinds(generator: ArticlesGenerator[KindedArticle]) -> None:
    """Give every article a ``kind`` ('post' or 'episode') that templates can test."""
    for article in [*generator.articles, *generator.drafts, *generator.hidden_articles]:
        article.kind = kind_of(article.relative_source_path)


def add_generators(_pelican: Any) -> tuple[type, ...]:
    return PostFeedsGenerator, drafts.DraftsIndexGenerator


def _all_content(generators: list[Generator]) -> list[Content]:
    items: list[Content] = []
    for generator in generators:
        for attr in ("articles", "drafts", "hidden_articles", "translations",
                     "pages", "hidden_pages", "draft_pages"):
            items.extend(getattr(generator, attr, []) or [])
    return items


def reserved_targets(settings: dict[str, Any]) -> dict[str, str]:
    """Files the site writes itself (archives, search, menu sections) -> what they are.

    A page with 'Slug: archives' would otherwise be silently replaced, or crash
    Pelican's writer with a message that names no source file.
    """
    reserved = {}
    for name in settings.get("DIRECT_TEMPLATES", []):
        target = settings.get(f"{name.upper()}_SAVE_AS") or f"{name}.html"
        reserved[target] = f"the {name} page"
    for label, link in settings.get("MENUITEMS", []):
        if link.endswith("/"):
            reserved.setdefault(f"{link}index.html", f"the {label} section")
    for key, value in settings.items():  # POSTS_FEED_ATOM, PODCAST_FEED_PATH, ...
        if isinstance(value, str) and key.endswith(("_FEED_ATOM", "_FEED_RSS", "FEED_PATH")) and value:
            reserved.setdefault(value, f"the feed {key}")
    return reserved


def _address_field(item: Content) -> str:
    """The metadata line that decided where an item is written."""
    return "Save_as" if "save_as" in item.metadata else "Slug"


def check_url_collisions(generators: list[Generator]) -> None:
    """Two files that would be written to one place: name both, fail the build."""
    if not generators:
        return
    context = generators[0].context
    by_target: dict[str, list[Content]] = defaultdict(list)
    for item in _all_content(generators):
        if target := item.save_as:  # drafts are never written; Pelican formats save_as anew each time
            by_target[target].append(item)
    reserved = reserved_targets(context)
    for target, items in sorted(by_target.items()):
        if target in reserved:
            for item in items:
                field = _address_field(item)
                report(context, ContentIssue(
                    shown_path(item.source_path, context), field,
                    f"gives the same address as {reserved[target]} ({target})",
                    f"choose a different '{field}:' (or title)").located(item.source_path))
            continue
        if len(items) < 2:
            continue
        shown = {shown_path(item.source_path, context): item.source_path for item in items}
        for path, source in sorted(shown.items()):
            others = ", ".join(p for p in sorted(shown) if p != path)
            report(context, ContentIssue(
                path, "Slug", f"gives the same address as {others} ({target})",
                "give one of them a different 'Slug:' (or title)").located(source))


def stop_on_errors(generators: list[Generator]) -> None:
    """Raise once every generator has read its content, before any output."""
    check_url_collisions(generators)
    errors = reported_errors(generators[0].context) if generators else []
    if errors:
        raise BuildStopped(errors)


def keep_site(generators: list[Generator]) -> None:
    """all_generators_finalized: the generators outlive Pelican.run, so the site is not
    freed object by object when it returns (the command line then exits at once), and
    the live preview renders from them."""
    if generators:
        build_state(generators[0].settings).site[:] = generators


def register() -> None:
    signals.readers_init.connect(use_validating_reader)
    signals.get_writer.connect(use_filtering_writer)
    signals.get_generators.connect(trust_no_unguarded_cache)
    signals.initialized.connect(check_settings)
    signals.initialized.connect(refuse_unsafe_sources)
    signals.content_object_init.connect(plain_summary)
    signals.get_generators.connect(add_generators)
    signals.generator_init.connect(cards.add_card)
    signals.article_generator_pretaxonomy.connect(mark_kinds)
    signals.article_generator_finalized.connect(share_people)
    signals.page_generator_finalized.connect(share_people)
    signals.static_generator_finalized.connect(static_files.check_static_files)
    file_read.connect(placeholders.note_placeholders)  # no scaffold placeholder ships
    signals.article_generator_finalized.connect(placeholders.warn_placeholders)
    # A file's warnings, fresh or from a cache, are logged once it is in the context.
    signals.article_generator_context.connect(report_carried)
    signals.page_generator_context.connect(report_carried)
    # Bodies once Pelican resolved their links, judged again (verdicts kept by a cache, if any).
    signals.all_generators_finalized.connect(final_html.check_resolved_bodies)
    signals.all_generators_finalized.connect(stop_on_errors)
    signals.all_generators_finalized.connect(keep_site)
    signals.all_generators_finalized.connect(drafts.mark_previewed)  # invoke preview-drafts only
    signals.finalized.connect(modes.finished)  # after every plugin's files (stepwise is last)
