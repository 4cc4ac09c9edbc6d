"""worksheets: a reflective worksheet on every post and episode.

Loads content/worksheets/*.yaml once per build, resolves each article's
worksheet (resolve.py), attaches `article.worksheet` and
`article.worksheet_feed_html`, adds the blocks to Pelican-written feed items,
and writes the printable pages. Problems are reported as ContentIssues, so the
stepwise plugin stops the build before anything is written.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from pelican import signals

from stepwise_core.errors import ContentIssue, report
from stepwise_core.outputs import FOLDER, Claim, claim_outputs, folder_of
from stepwise_core.protocols import ArticlesGenerator, Content, Generator, Pelican
from stepwise_core.settings import public_url, settings_file
from stepwise_core.signals import file_read
from stepwise_core.sources import shown_path

from .feed import append_to_feed_items, feed_html
from .generator import INLINED_KEY, LIBRARY_KEY, WorksheetsGenerator, published_worksheets
from .inline import INLINE_KEY, blocks_in_file, near_misses_of, note_near_misses
from .loader import load_library, parse_worksheet
from .model import Worksheet, WorksheetArticle
from .resolve import Rules, resolve, unknown_rule_targets
from .settings import RULE_SETTINGS, plugin_settings
from .templating import add_template_globals

log = logging.getLogger(__name__)
EXTENSION = f"{__package__}.inline"  # "worksheets.inline", or pelican.plugins.… when installed
BROKEN_KEY = "worksheets_broken"


def enable_inline_blocks(pelican: Pelican) -> None:
    """Add the ```worksheet block extension to Markdown, so the plugin works on its own.

    Done here rather than in pelicanconf.py because without it a worksheet block
    would quietly render as a code sample.
    """
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)


def _placed(worksheet: Worksheet, options: dict[str, Any]) -> Worksheet:
    """The worksheet with its page address and storage key filled in."""
    return replace(worksheet, url=options["WORKSHEETS_URL"].format(slug=worksheet.slug),
                   save_as=options["WORKSHEETS_SAVE_AS"].format(slug=worksheet.slug),
                   storage_key=options["WORKSHEETS_STORAGE_PREFIX"] + worksheet.slug)


def _rules(options: dict[str, Any], context: dict[str, Any]) -> Rules:
    for key in RULE_SETTINGS:
        value = options[key]
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            report(context, ContentIssue(settings_file(context), key, "must map names to worksheet names",
                                         f"write {key} = {{'gratitude': 'gratitude'}}"))
            options[key] = {}
    return Rules.from_settings(options["WORKSHEETS_TAG_RULES"], options["WORKSHEETS_CATEGORY_RULES"],
                               str(options["WORKSHEETS_DEFAULT"]))


def load_once(generator: Generator) -> tuple[dict[str, Worksheet], Rules]:
    """The build's worksheet library and rules, loaded and checked on first use."""
    context, settings = generator.context, generator.settings
    options = plugin_settings(settings)
    rules = _rules(options, context)
    if LIBRARY_KEY in context:
        return context[LIBRARY_KEY], rules
    folder = Path(settings["PATH"]) / options["WORKSHEETS_PATH"]
    loaded = load_library(folder, shown_path(str(folder), settings), settings)
    for issue in loaded.issues:
        report(context, issue)
    context[LIBRARY_KEY] = {slug: _placed(w, options) for slug, w in loaded.worksheets.items()}
    context[INLINED_KEY] = []
    context[BROKEN_KEY] = loaded.broken
    # A file that did not load is reported once, not again by every rule or post naming it.
    known = {**loaded.worksheets, **dict.fromkeys(loaded.broken)}
    for setting, problem in unknown_rule_targets(rules, known):
        report(context, ContentIssue(settings_file(context), setting, problem,
                                     f"use one of: {', '.join(sorted(loaded.worksheets))}"))
    return context[LIBRARY_KEY], rules


def _inline_worksheet(article: Content, settings: dict[str, Any],
                      context: dict[str, Any]) -> tuple[Worksheet | None, bool]:
    """(worksheet, had a block): the questions written inside the article, if any."""
    raw = article.metadata.get(INLINE_KEY)
    if not isinstance(raw, str):
        return None, False
    shown = shown_path(article.source_path, settings)
    line, count = blocks_in_file(article.source_path)
    if count > 1:
        report(context, ContentIssue(shown, "worksheet block", f"there are {count} blocks",
                                     "keep one ```worksheet block per post", line=line))
    kind = getattr(article, "kind", "post")
    worksheet, issues = parse_worksheet(
        raw, f"{kind}-{article.slug}", shown, line_offset=line or 0,
        default_title=f"Reflecting on “{article.title}”", settings=settings)
    for issue in issues:  # the block, not the post, is what a YAML problem is in
        report(context, replace(issue, field="worksheet block") if issue.field == "file" else issue)
    if worksheet is None:
        return None, True
    # A hidden item's worksheet gets no page of its own: that page would list it (issue 13.7).
    published = getattr(article, "status", "published") == "published"
    return replace(worksheet, inline=True, published=published), True


def _own_worksheet(article: Content, library: dict[str, Worksheet], generator: Generator,
                   options: dict[str, Any]) -> tuple[Worksheet | None, bool]:
    """The article's inline worksheet, placed at its address and checked against the library."""
    settings, context = generator.settings, generator.context
    inline, had_block = _inline_worksheet(article, settings, context)
    if inline is None:
        return None, had_block
    inline = _placed(inline, options)
    if inline.slug in library:
        report(context, ContentIssue(shown_path(article.source_path, settings), "Slug",
                                     f"its worksheet address {inline.url} is also the worksheet "
                                     f"{library[inline.slug].source}",
                                     "change the post's slug or rename that worksheet"))
    context[INLINED_KEY].append(inline)
    return inline, True


def _chosen(article: WorksheetArticle, inline: Worksheet | None, library: dict[str, Worksheet], rules: Rules,
            generator: Generator) -> Worksheet | None:
    """Resolve the article's worksheet; report a name that does not exist (even where a block
    wins over it: the author meant a particular worksheet, and misspelt it)."""
    context = generator.context
    named = str(article.metadata.get("worksheet") or "").strip() or None
    chosen = resolve(inline=inline, named=named, tags=[str(t) for t in getattr(article, "tags", [])],
                     category=str(getattr(article, "category", "") or ""), rules=rules, library=library)
    problem, name = chosen.problem, chosen.name
    if inline is not None and named and named not in library:
        problem, name = f"{named!r} is not a worksheet", named
    if problem and name not in context[BROKEN_KEY]:
        close = difflib.get_close_matches(name, list(library), n=1, cutoff=0.6)
        meant = f"did you mean {close[0]!r}? Otherwise " if close else ""
        issue = ContentIssue(shown_path(article.source_path, generator.settings), "Worksheet", problem,
                             f"{meant}use one of: {', '.join(sorted(library))}, "
                             "or write the questions in a ```worksheet block")
        report(context, issue.located(article.source_path))
    article.worksheet_reason = chosen.reason
    return chosen.worksheet


def _report_near_misses(article: WorksheetArticle, generator: Generator) -> None:
    """A fence meant as a worksheet block that Markdown would publish as code (and the
    post would get another worksheet): named with the one form that works."""
    shown = shown_path(article.source_path, generator.settings)
    for line, text in near_misses_of(article.source_path, article.metadata):
        report(generator.context, ContentIssue(
            shown, "worksheet block", f"{text!r} is not read as a worksheet block: its YAML would be "
            "published as code", "write the opening line as ```worksheet and nothing else, at the very start "
            "of a line (not indented, in a list or in a quote)", line=line))


def attach_worksheets(generator: ArticlesGenerator[WorksheetArticle]) -> None:
    """Give every article (published, hidden and draft) its worksheet and feed block."""
    library, rules = load_once(generator)
    options = plugin_settings(generator.settings)
    base = public_url(generator.settings)
    published = {id(a) for a in generator.articles}
    feed_blocks: dict[int, str] = {}  # most posts share a library worksheet: render its block once
    for article in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        _report_near_misses(article, generator)
        inline, had_block = _own_worksheet(article, library, generator, options)
        # A block that did not load was reported; falling back would hide the mistake.
        worksheet = None if had_block and inline is None else _chosen(article, inline, library,
                                                                       rules, generator)
        article.worksheet = worksheet
        if worksheet is not None and id(worksheet) not in feed_blocks:
            feed_blocks[id(worksheet)] = feed_html(worksheet, f"{base}/{worksheet.url}")
        article.worksheet_feed_html = feed_blocks[id(worksheet)] if worksheet else ""
        if worksheet is not None and id(article) in published:
            worksheet.used_by.append(article)


def add_to_feeds(context: dict[str, Any], feed: Any) -> None:
    """Blog feeds (Pelican's Writer) carry each post's worksheet too; the page does not repeat it."""
    append_to_feed_items(feed, list(context.get("articles", [])))


def add_generator(_pelican: Any) -> type:
    return WorksheetsGenerator


def write_worksheets_first(generators: list[Generator]) -> None:
    """all_generators_finalized: worksheet pages are written before the articles' pages.

    Pelican writes in the order of this list (it hands the list itself to this signal).
    A worksheet page needs only the finished context, and written first, every page the
    search index reads (posts, episodes, worksheets) is on disk once the article pages
    are, so Pagefind can work while Pelican renders the listings (plugins/search).
    """
    ours = [g for g in generators if isinstance(g, WorksheetsGenerator)]
    generators[:] = ours + [g for g in generators if not isinstance(g, WorksheetsGenerator)]


def claim_pages(generators: list[Generator]) -> list[Claim]:
    """stepwise's claim_outputs: every worksheet page, their folder and the index (one owner per path)."""
    options = plugin_settings(generators[0].settings)
    library, inline = published_worksheets(generators[0].context)
    claims = [Claim(options["WORKSHEETS_INDEX_SAVE_AS"], "the worksheets index"),
              *(Claim(w.save_as, f"the worksheet page of {w.source}",
                      made_from=w.source if w.inline else None) for w in [*library, *inline])]
    folder = folder_of(options["WORKSHEETS_SAVE_AS"])
    return [*claims, Claim(folder, "the worksheet pages", FOLDER)] if folder else claims


def register() -> None:
    signals.initialized.connect(enable_inline_blocks)
    signals.generator_init.connect(add_template_globals)
    signals.article_generator_finalized.connect(attach_worksheets)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(write_worksheets_first)
    signals.feed_generated.connect(add_to_feeds)
    claim_outputs.connect(claim_pages)
    file_read.connect(note_near_misses)
