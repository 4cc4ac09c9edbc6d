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
new page with the previous build's other pages, which is why this is off for
strict builds (the runner passes STEPWISE_LIVE_OUTPUT only for non-strict
builds) and off by default. A build with content errors stops before any output,
so it never previews.

A build can still fail after its preview (a plugin or the feed at the end), or be
stopped (Ctrl-C, a new builder after a settings change). So the preview first keeps
what it overwrites in a journal beside output/ (`undo_preview`): the live preview
puts the last good pages back unless the build's own output/ was swapped in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from blinker import signal
from pelican.contents import Article, Page
from pelican.writers import Writer

from .pages import filtered
from .settings import plugin_settings

log = logging.getLogger(__name__)

# Set by parallel.start when the content cache was loaded: the sources it did not serve.
CHANGED_KEY = "_STEPWISE_CHANGED_SOURCES"
# Sent (with the writer and `urls`, the pages written) once the changed items are in the
# live output: the live preview (livesite.py) reloads the browser then.
previewed = signal("stepwise_previewed")
MAX_PREVIEWED = 10  # more changes than this is a rebuild, not an edit: just build


def wanted(settings: dict[str, Any]) -> bool:
    """Whether this build previews: asked for, not strict, and only a few sources changed."""
    changed = settings.get(CHANGED_KEY)
    asked = plugin_settings(settings)["STEPWISE_PREVIEW_FIRST"] and settings.get("STEPWISE_LIVE_OUTPUT")
    return bool(asked and changed and len(changed) <= MAX_PREVIEWED)


class FilteringWriter(Writer):
    """Pelican's writer, with every HTML page through the page filters (pages.py)."""

    def write_file(self, name: Any, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None:
        super().write_file(name, filtered(name, template, context, self.output_path), context,
                           *args, **kwargs)


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
        items = []
        for path in self.settings.get(CHANGED_KEY, []):
            item = context["generated_content"].get(os.path.relpath(path, base).replace(os.sep, "/"))
            if isinstance(item, Article | Page) and item.status == "published":
                items.append(item)
        keep_for_undo(output, [item.save_as for item in items])
        for item in items:
            log.debug("stepwise: preview of %s", item.save_as)
            _write_item(live, env, context, item, self.settings["RELATIVE_URLS"])
        return [item.url for item in items]


def journal_of(output: Path) -> Path:
    return output.with_name(f".{output.name}.preview-undo")


def keep_for_undo(output: Path, written: list[str]) -> None:
    """Before the preview overwrites `written` (paths under output/), keep what is there.

    The journal names output/'s inode: a build that succeeded swapped in another folder,
    so its journal is void (see undo_preview)."""
    journal = journal_of(output)
    shutil.rmtree(journal, ignore_errors=True)
    kept = journal / "files"
    absent = []
    for name in written:
        source = output / name
        if source.is_file():
            (kept / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, kept / name)
        else:
            absent.append(name)
    journal.mkdir(parents=True, exist_ok=True)
    manifest = {"inode": output.stat().st_ino if output.is_dir() else None, "written": written,
                "absent": absent}
    (journal / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def undo_preview(output: Path) -> list[str]:
    """Put back what a preview overwrote, when its build never swapped its own output/ in
    (it failed, or it was stopped); then drop the journal. The pages put back."""
    journal = journal_of(output)
    manifest_file = journal / "manifest.json"
    if not manifest_file.is_file():
        shutil.rmtree(journal, ignore_errors=True)
        return []
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    restored: list[str] = []
    if output.is_dir() and output.stat().st_ino == manifest["inode"]:
        for name in manifest["written"]:
            kept, target = journal / "files" / name, output / name
            if name in manifest["absent"]:
                target.unlink(missing_ok=True)
                with contextlib.suppress(OSError):  # the folder the preview made for it, if empty
                    target.parent.rmdir()
            elif kept.is_file():
                os.replace(kept, target)
            restored.append(name)
    shutil.rmtree(journal, ignore_errors=True)
    return restored


def _write_item(writer: Writer, env: Any, context: dict[str, Any], item: Any, relative: bool) -> None:
    """The same call as ArticlesGenerator.generate_articles / PagesGenerator.generate_output."""
    template = env.get_template(f"{item.template}.html")
    extra = ({"article": item, "category": getattr(item, "category", None), "blog": True}
             if isinstance(item, Article) else {"page": item})
    writer.write_file(item.save_as, template, context, relative_urls=relative,
                      override_output=hasattr(item, "override_save_as"), url=item.url, **extra)
