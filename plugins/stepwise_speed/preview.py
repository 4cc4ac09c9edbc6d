"""Preview first: show an edited post in output/ before the rest of the site is rendered.

Pelican renders every page on every build, even with a warm content cache, so a
one-post edit waits for 2,000 pages. With STEPWISE_PREVIEW_FIRST on (livereload
and the benchmark turn it on), when the content cache served all but a few
sources, the build renders the changed posts and pages first, with the complete
context (neighbours, related items, worksheets: everything was read), and writes
them straight into the live output folder. Then it renders the whole site into
the staging folder as always, and the runner swaps that in.

The changed pages are written as soon as every generator has read, before the
site-wide checks of links and unpublished files, which on a blog of 1,000 posts take
longer than the page itself. First the build must have no problem so far (none held
for the reader either), every output path one owner inside output/ and every item its
template (else a page could stand in for the home page, a theme file or another post,
or render the page that lists drafts), and each changed item, as Pelican publishes it,
must pass the body policy exactly as check_resolved_bodies judges it
(final_html.passes_now). So nothing is written that the checks would refuse as unsafe.
A page the remaining checks stop (a broken link, say) is put back with the rest
(below). Nothing is written through a symbolic link in output/ (the full build writes
into a fresh folder; the preview into the author's), nor before a first build made an
output/. In a drafts preview, or when those conditions do not hold, the preview waits
for the writer's first page, after the checks.

So the page an author is editing is exact as soon as it appears, and output/ is
exactly a full build once the build ends. Only in between does output/ mix the
new page with the previous build's other pages (a build that fails or is stopped
puts output/ back as it was: preview_undo.py), which is why this is off for
strict builds (the runner passes STEPWISE_LIVE_OUTPUT only for non-strict
builds) and off by default. A build whose content has a problem when it has been
read never previews.

A build can still fail after its preview (the site-wide checks, a plugin or the feed at
the end), or be stopped (Ctrl-C, a new builder after a settings change). So the preview
first keeps what it overwrites in a journal beside output/ (preview_undo.py): the build
runner and the live preview put the last good pages back unless the build's own output/
was swapped in.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from stepwise_core.buildstate import build_state
from stepwise_core.errors import reported_errors
from stepwise_core.final_html import passes_now
from stepwise_core.items import item_problems
from stepwise_core.notes import drafts_previewed
from stepwise_core.outputs import all_claims, output_problems
from stepwise_core.pages import FilteringWriter, write_item
from stepwise_core.preview_undo import keep_original, writes_inside
from stepwise_core.protocols import Content, Generator
from stepwise_core.signals import previewed

from .settings import plugin_settings

log = logging.getLogger(__name__)

MAX_PREVIEWED = 10  # more changes than this is a rebuild, not an edit: just build
DONE = "stepwise_speed.previewed"  # in the build state's plugins: this build has previewed


def wanted(settings: dict[str, Any]) -> bool:
    """Whether this build previews: asked for, not strict, only a few sources changed, and not
    previewed yet."""
    state = build_state(settings)
    changed = state.changed_sources
    asked = plugin_settings(settings)["STEPWISE_PREVIEW_FIRST"] and settings.get("STEPWISE_LIVE_OUTPUT")
    return bool(asked and changed and len(changed) <= MAX_PREVIEWED and not state.plugins.get(DONE))


def preview_before_checks(generators: list[Generator]) -> None:
    """all_generators_finalized, after this plugin's after_reading (URLs frozen) and before the
    stepwise plugin's site-wide checks, which PLUGINS lists after this one."""
    if not generators or not wanted(generators[0].settings) or drafts_previewed(generators[0].settings):
        return  # labels come later in a drafts preview
    items = changed_items(generators[0].settings, generators[0].context)
    if fit_to_show(generators, items):
        def env_of(item: Content) -> Any:  # the environment its own generator renders it with
            kind = ArticlesGenerator if isinstance(item, Article) else PagesGenerator
            return next(generator.env for generator in generators if isinstance(generator, kind))
        preview(generators[0].settings, generators[0].context, items, env_of)


def fit_to_show(generators: list[Generator], items: list[Content]) -> bool:
    """What must hold before the site-wide checks for a page to be shown: no problem so far
    (nor one held for the reader to report), every output path with one owner inside output/
    and every item with its template (else a page could stand in for the home page, a theme
    file or another post, or render a template that lists drafts), and each changed page, as
    published, passing the policy. What is left (links, unpublished files) is cheap to undo."""
    settings, context = generators[0].settings, generators[0].context
    placed = (*output_problems(all_claims(generators), settings), *item_problems(generators))
    stopping = (*reported_errors(context), *build_state(settings).left_to_reader, *placed)
    if any(issue.is_error for issue in stopping):
        return False
    return all(passes_now(item, context) for item in items)


class PreviewWriter(FilteringWriter):
    """Our writer; before its first page it writes the changed items to the live output,
    unless preview_before_checks did already.

    render.writer_class hands it (or its subclass) to Pelican via get_writer.
    """

    def write_file(self, name: Any, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None:
        self.preview_once(template, context)
        super().write_file(name, template, context, *args, **kwargs)

    def preview_once(self, template: Any, context: dict[str, Any]) -> None:
        if not getattr(self, "_started", False):
            self._started = True
            if wanted(self.settings):
                items = changed_items(self.settings, context)
                preview(self.settings, context, items, lambda _item: template.environment)


def changed_items(settings: dict[str, Any], context: dict[str, Any]) -> list[Content]:
    """The published posts and pages whose sources changed since the cached build."""
    base = settings["PATH"]
    found = (context["generated_content"].get(os.path.relpath(path, base).replace(os.sep, "/"))
             for path in build_state(settings).changed_sources or [])
    return [item for item in found if isinstance(item, Article | Page) and item.status == "published"]


def preview(settings: dict[str, Any], context: dict[str, Any], items: list[Content],
            env_of: Callable[[Content], Any]) -> None:
    """Write `items` into the live output, keeping what they replace, and say so; nothing when
    there is no site to show them in yet, or one would be written through a symbolic link."""
    build_state(settings).plugins[DONE] = True
    live = FilteringWriter(str(settings["STEPWISE_LIVE_OUTPUT"]), settings=settings)
    output = Path(live.output_path)
    if not output.is_dir() or not all(writes_inside(output, item.save_as) for item in items):
        return
    for item in items:
        log.debug("stepwise_speed: preview of %s", item.save_as)
        # a build that then fails puts output/ back as it was (preview_undo.py)
        keep_original(output, item.save_as)
        write_item(live, env_of(item), context, item, settings["RELATIVE_URLS"])
    previewed.send(live, urls=[item.url for item in items])  # the live preview reloads the browser now
