"""stepwise: the checking plugin, which wires the core library (stepwise_core) into Pelican.

It swaps in the validating Markdown reader and the page-filtering writer (or the faster
ones the build state names), checks settings and sources, loads the people registry,
checks the whole site once it is read (one owner per output path, links, unpublished
files held back), and stops the build before anything is written when any plugin
reported an error. It must be listed last in PLUGINS.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from markupsafe import Markup
from pelican import signals

from stepwise_core import (
    cards,
    final_html,
    markdown_only,
    modes,
    pictures,
    placeholders,
    plain_run,
    root_links,
    static_files,
    unicode_names,
)
from stepwise_core.buildstate import build_state
from stepwise_core.errors import NOTE, BuildStopped, log_issue, report, reported_errors, without_traceback
from stepwise_core.items import item_problems, items_of
from stepwise_core.links import item_links, link_problems, site_paths
from stepwise_core.notes import left_aside, note_unpublished
from stepwise_core.outputs import all_claims, output_problems
from stepwise_core.pages import FilteringWriter
from stepwise_core.people import share_people
from stepwise_core.protocols import Article, ArticlesGenerator, Content, Generator, Pelican, Readers
from stepwise_core.reader import StepwiseMarkdownReader, report_carried
from stepwise_core.reserved_ids import keep_heading_ids_clear
from stepwise_core.rules import kind_of
from stepwise_core.settings import READ_FOR_EVERY_FILE, scripts_from_folders, settings_problems
from stepwise_core.shared_files import shared_file_problems
from stepwise_core.signals import build_stopping, file_read
from stepwise_core.sources import ignore_patterns, left_to_reader, shown_path, source_tree_problems
from stepwise_core.unpublished import hold_back_unpublished_files, hold_future_pages, keep_drafts_unwritten

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
    issues = list(settings_problems(pelican.settings))
    for issue in issues:
        log_issue(issue)
    if any(issue.field in READ_FOR_EVERY_FILE and issue.is_error for issue in issues):
        raise BuildStopped(issues)  # not one error per content file
    pelican.settings["IGNORE_FILES"] = ignore_patterns(pelican.settings)  # as the source scan skips
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
    later = [issue for issue in issues if left_to_reader(issue)]
    build_state(pelican.settings).left_to_reader = later  # named by check_site, with everything else
    blocking = [issue for issue in issues if issue not in later]
    for issue in blocking:
        log_issue(issue)
    if blocking:
        raise BuildStopped(blocking)


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


def check_site(generators: list[Generator]) -> None:
    """Raise once every generator has read its content, before any output.

    First the checks that need the whole site: static files only unpublished items
    use are held back, every output path gets one owner, every local link and image
    leads somewhere, every item has an address and a template. Then every problem
    reported so far, by any plugin, stops the build at once.
    """
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    items = _items(generators)
    links = {id(item): item_links(item) for item in items}
    hold_back_unpublished_files(generators, links)
    claims = all_claims(generators)
    issues = [*build_state(settings).left_to_reader, *output_problems(claims, settings),
              *item_problems(generators), *shared_file_problems(generators, links)]
    site = site_paths(claims, settings)
    for item in items:
        found = list(link_problems(item, links[id(item)], context, site))
        aside = left_aside(item)  # work in progress stops nothing else
        noted = [i for i in found if aside or i.severity == NOTE]
        note_unpublished(shown_path(item.source_path, settings), item,
                         [f"line {i.line}: {i.problem}" if i.line else i.problem for i in noted])
        issues += [i for i in found if not (aside or i.severity == NOTE)]
    for issue in issues:
        report(context, issue)
    errors = reported_errors(context)
    if errors:
        build_stopping.send(settings)
        plain_run.stopped(settings)
        raise BuildStopped(errors)


def _items(generators: list[Generator]) -> list[Content]:
    return [item for generator in generators for item in items_of(generator)]
def keep_site(generators: list[Generator]) -> None:
    """all_generators_finalized: the generators outlive Pelican.run, so the site is not
    freed object by object when it returns (the command line then exits at once), and
    the live preview renders from them."""
    if generators:
        build_state(generators[0].settings).site[:] = generators


def quiet_stopped_builds(_pelican: Any) -> None:
    """Plain `pelican content`: a stopped build ends with its problems, not a traceback."""
    logging.getLogger("pelican").addFilter(without_traceback)  # the same filter once, however often


def register() -> None:
    signals.initialized.connect(quiet_stopped_builds)
    signals.readers_init.connect(use_validating_reader)
    signals.get_writer.connect(use_filtering_writer)
    signals.get_generators.connect(trust_no_unguarded_cache)
    signals.initialized.connect(check_settings)
    signals.initialized.connect(refuse_unsafe_sources)
    signals.content_object_init.connect(plain_summary)
    signals.content_object_init.connect(hold_future_pages)
    signals.get_generators.connect(add_generators)
    signals.generator_init.connect(cards.add_card)
    signals.article_generator_pretaxonomy.connect(mark_kinds)
    signals.article_generator_pretaxonomy.connect(keep_drafts_unwritten)
    signals.page_generator_finalized.connect(keep_drafts_unwritten)
    signals.article_generator_finalized.connect(unicode_names.add_other_forms)
    signals.page_generator_finalized.connect(unicode_names.add_other_forms)
    signals.static_generator_finalized.connect(unicode_names.add_other_forms)
    signals.article_generator_finalized.connect(root_links.rebase_bodies)
    signals.page_generator_finalized.connect(root_links.rebase_bodies)
    signals.article_generator_finalized.connect(share_people)
    signals.page_generator_finalized.connect(share_people)
    signals.static_generator_finalized.connect(static_files.check_static_files)
    signals.static_generator_finalized.connect(pictures.check_pictures)
    file_read.connect(placeholders.note_placeholders)  # no scaffold placeholder ships
    signals.article_generator_finalized.connect(placeholders.warn_placeholders)
    # A file's warnings, fresh or from a cache, are logged once it is in the context.
    signals.article_generator_context.connect(report_carried)
    signals.page_generator_context.connect(report_carried)
    # Bodies once Pelican resolved their links, judged again (verdicts kept by a cache, if any).
    signals.all_generators_finalized.connect(final_html.check_resolved_bodies)
    signals.all_generators_finalized.connect(check_site)
    signals.all_generators_finalized.connect(keep_site)
    signals.all_generators_finalized.connect(drafts.mark_previewed)  # invoke preview-drafts only
    # Plain `pelican`: the runner's lock and swap (the runner does both itself).
    signals.get_generators.connect(plain_run.start)
    signals.finalized.connect(modes.finished)  # after every plugin's files (stepwise is last)
    signals.finalized.connect(plain_run.finish)
