"""Preview first: show an edited post in output/ before the rest of the site is rendered.

Pelican renders every page on every build, even with a warm content cache, so a
one-post edit waits for 2,000 pages. With STEPWISE_PREVIEW_FIRST on (livereload
and the benchmark turn it on), when the content cache served all but a few
sources, the build renders the changed posts and pages first, with the complete
context (neighbours, related items, worksheets: everything was read), and writes
them straight into the live output folder. Then it renders the whole site into
the staging folder as always, and the runner swaps that in.

So the page an author is editing is exact as soon as it appears, and output/ is
exactly a full build once the build ends. Only in between does output/ mix the
new page with the previous build's other pages (a build that fails or is stopped
puts output/ back as it was: preview_undo.py), which is why this is off for
strict builds (the runner passes STEPWISE_LIVE_OUTPUT only for non-strict
builds) and off by default. A build with content errors stops before any output,
so it never previews.

A build can still fail after its preview (a plugin or the feed at the end), or be
stopped (Ctrl-C, a new builder after a settings change). So the preview first keeps
what it overwrites in a journal beside output/ (preview_undo.py): the build runner and
the live preview put the last good pages back unless the build's own output/ was swapped in.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican.contents import Article, Page

from stepwise_core.buildstate import build_state
from stepwise_core.pages import FilteringWriter, write_item
from stepwise_core.preview_undo import keep_original
from stepwise_core.signals import previewed

from .settings import plugin_settings

log = logging.getLogger(__name__)

MAX_PREVIEWED = 10  # more changes than this is a rebuild, not an edit: just build


def wanted(settings: dict[str, Any]) -> bool:
    """Whether this build previews: asked for, not strict, and only a few sources changed."""
    changed = build_state(settings).changed_sources
    asked = plugin_settings(settings)["STEPWISE_PREVIEW_FIRST"] and settings.get("STEPWISE_LIVE_OUTPUT")
    return bool(asked and changed and len(changed) <= MAX_PREVIEWED)


class PreviewWriter(FilteringWriter):
    """Our writer; before its first page it writes the changed items to the live output.

    render.writer_class hands it (or its subclass) to Pelican via get_writer.
    """

    def write_file(self, name: Any, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None:
        self.preview_once(template, context)
        super().write_file(name, template, context, *args, **kwargs)

    def preview_once(self, template: Any, context: dict[str, Any]) -> None:
        if not getattr(self, "_previewed", False):
            self._previewed = True
            if wanted(self.settings):
                urls = self._preview(template.environment, context)
                previewed.send(self, urls=urls)  # the live preview reloads the browser now

    def _preview(self, env: Any, context: dict[str, Any]) -> list[str]:
        output = Path(self.settings["STEPWISE_LIVE_OUTPUT"])
        live = FilteringWriter(str(output), settings=self.settings)
        base = self.settings["PATH"]
        urls: list[str] = []
        for path in build_state(self.settings).changed_sources or []:
            item = context["generated_content"].get(os.path.relpath(path, base).replace(os.sep, "/"))
            if isinstance(item, Article | Page) and item.status == "published":
                log.debug("stepwise: preview of %s", item.save_as)
                # a build that then fails puts output/ back as it was (preview_undo.py)
                keep_original(Path(live.output_path), item.save_as)
                write_item(live, env, context, item, self.settings["RELATIVE_URLS"])
                urls.append(item.url)
        return urls

