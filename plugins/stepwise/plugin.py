"""stepwise: the site's core plugin.

It swaps in the validating Markdown reader, loads the people registry, checks
the whole site once it is read (one owner per output path, links, unpublished
files held back), and stops the build before anything is written when any
plugin reported an error. It must be listed last in PLUGINS.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals

from . import (
    cache,
    drafts,
    final_html,
    fragments,
    markdown_only,
    modes,
    parallel,
    pictures,
    placeholders,
    render,
    static_files,
    templates,
)
from .buildstate import NotData
from .errors import BuildStopped, log_issue, report, reported_errors, without_traceback
from .feeds import PostFeedsGenerator
from .items import item_problems, items_of
from .links import item_links, link_problems, site_paths
from .outputs import all_claims, output_problems
from .people import PEOPLE_UNREADABLE, load_people, unreadable
from .reader import StepwiseMarkdownReader, file_read
from .reserved_ids import keep_heading_ids_clear
from .rules import kind_of
from .settings import scripts_from_folders, settings_problems
from .sources import LEFT_TO_READER, left_to_reader, shown_path, source_tree_problems
from .unpublished import hold_back_unpublished_files

log = logging.getLogger(__name__)


def use_validating_reader(readers: Any) -> None:
    for extension in StepwiseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = StepwiseMarkdownReader
    markdown_only.refuse_other_formats(readers, StepwiseMarkdownReader)


def check_settings(pelican: Any) -> None:
    for issue in settings_problems(pelican.settings):
        log_issue(issue)
    keep_heading_ids_clear(pelican.settings)
    pelican.settings["CONTENT_SECURITY_POLICY"] = scripts_from_folders(pelican.settings)


def refuse_unsafe_sources(pelican: Any) -> None:
    """Stop before anything reads content/ if a file there is unsafe to read at all.

    A link out of content/ (to /etc/passwd, to /dev/zero) would be hashed by the
    content cache and read by plugins before any reader could refuse it, and a
    control character crashes each plugin that meets it in its own way (lxml
    refuses such strings), hiding the one-line cause.
    """
    issues = source_tree_problems(pelican.settings)
    later = [issue for issue in issues if left_to_reader(issue)]
    pelican.settings[LEFT_TO_READER] = later  # named by check_site, with everything else
    blocking = [issue for issue in issues if issue not in later]
    for issue in blocking:
        log_issue(issue)
    if blocking:
        raise BuildStopped(blocking)


def plain_summary(content: Any) -> None:
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


def attach_people(generator: Any) -> None:
    """Load people.yaml once per build and share it with templates and plugins."""
    context = generator.context
    if "people" in context:
        return
    path = Path(generator.settings["PATH"]) / generator.settings.get("PEOPLE_FILE", "people.yaml")
    people, issues = load_people(path, shown_path(str(path), generator.settings), generator.settings)
    for issue in issues:
        report(context, issue)
    context["people"] = people
    context[PEOPLE_UNREADABLE] = unreadable(issues)
    context["people_by_slug"] = {person.slug: person for person in people.values()}


def mark_kinds(generator: Any) -> None:
    """Give every article a ``kind`` ('post' or 'episode') that templates can test."""
    for article in [*generator.articles, *generator.drafts, *generator.hidden_articles]:
        article.kind = kind_of(article.relative_source_path)


def add_generators(_pelican: Any) -> tuple[type, ...]:
    return PostFeedsGenerator, drafts.DraftsIndexGenerator


def check_site(generators: list[Any]) -> None:
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
    issues = [*settings.get(LEFT_TO_READER, []), *output_problems(claims, settings),
              *item_problems(generators)]
    site = site_paths(claims, settings)
    for item in items:
        issues += link_problems(item, links[id(item)], context, site)
    for issue in issues:
        report(context, issue)
    errors = reported_errors(context)
    if errors:
        raise BuildStopped(errors)


def _items(generators: list[Any]) -> list[Any]:
    return [item for generator in generators for item in items_of(generator)]


# The site's objects, kept alive in the settings (see build.exit_without_teardown).
SITE_KEY = "_STEPWISE_SITE"


class _Site(NotData, list):
    """The build's generators, kept in its settings dict."""


def keep_site(generators: list[Any]) -> None:
    """all_generators_finalized: the generators outlive Pelican.run, so the site is not
    freed object by object when it returns (the command line then exits at once)."""
    if generators:
        generators[0].settings[SITE_KEY] = _Site(generators)


def quiet_stopped_builds(_pelican: Any) -> None:
    """Plain `pelican content`: a stopped build ends with its problems, not a traceback."""
    logging.getLogger("pelican").addFilter(without_traceback)  # the same filter once, however often


def register() -> None:
    signals.initialized.connect(quiet_stopped_builds)
    signals.readers_init.connect(use_validating_reader)
    signals.initialized.connect(check_settings)
    signals.initialized.connect(refuse_unsafe_sources)
    signals.content_object_init.connect(plain_summary)
    signals.get_generators.connect(add_generators)
    signals.generator_init.connect(fragments.add_card_cache)
    signals.article_generator_pretaxonomy.connect(mark_kinds)
    signals.article_generator_finalized.connect(attach_people)
    signals.page_generator_finalized.connect(attach_people)
    signals.static_generator_finalized.connect(static_files.check_static_files)
    signals.static_generator_finalized.connect(pictures.check_pictures)
    file_read.connect(placeholders.note_placeholders)  # no scaffold placeholder ships
    signals.article_generator_finalized.connect(placeholders.warn_placeholders)
    # Performance (cache.py, parallel.py, preview.py): a safe content cache, Markdown read
    # in a pool, an edited page shown first.
    signals.initialized.connect(cache.guard)
    signals.article_generator_init.connect(cache.load_context_caches)
    signals.get_generators.connect(parallel.start)
    signals.generator_init.connect(templates.share_compiled_templates)  # compiled once per build
    signals.article_generator_context.connect(cache.report_carried)
    signals.page_generator_context.connect(cache.report_carried)
    signals.all_generators_finalized.connect(parallel.stop_after_reading)
    # Bodies once Pelican resolved their links, judged again (verdicts kept by cache.seal).
    signals.all_generators_finalized.connect(final_html.check_resolved_bodies)
    signals.all_generators_finalized.connect(cache.seal)
    render.register()  # our writer: preview first, article pages in two processes
    signals.all_generators_finalized.connect(check_site)
    signals.all_generators_finalized.connect(keep_site)
    signals.all_generators_finalized.connect(drafts.mark_previewed)  # invoke preview-drafts only
    signals.finalized.connect(modes.finished)  # after every plugin's files (stepwise is last)
