"""The live preview's site, kept in memory: an edit to a post's text re-renders only what it touches.

A full build, even with a warm cache, starts Python, loads the cache and works out the
whole site again (about 0.7 times a cold build at 1,500 items), and Pelican renders every page.
The live preview (devserver.py) instead runs one long-lived process that built the site
once and keeps every generator, item and template in memory. When an author saves a
Markdown file that is already part of the site, that file alone is read again, through
the generators' own readers and signals, and compared with the item in memory:

- only its body changed (the same metadata, summary, status, static links and every
  other attribute the reader sets; no warning): the new body goes into the item in
  memory, the item's page is rendered with the site's context and written, and the
  browser reloads. Then the outputs that print a body (the blog feeds, the podcast feed
  and episode listings) are written again and the search index is rebuilt, so output/
  ends exactly as a full build of the same sources would leave it (tests/stepwise/
  test_livesite.py proves it byte for byte);
- anything else (a title, a date, a tag, a new or deleted file, the theme, people.yaml, a
  file with a problem): the whole site is built again in this process, preview first,
  and the new site replaces the one in memory only if the build succeeded.

Nothing here changes what a build writes; it only decides how little work an edit needs.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page

from stepwise_core import protocols
from stepwise_core.buildstate import build_state
from stepwise_core.errors import ContentIssue
from stepwise_core.final_html import JUDGED_KEY, REFUSED_KEY, judged_digest
from stepwise_core.modes import make_world_readable
from stepwise_core.pages import FilteringWriter, write_item
from stepwise_core.signals import previewed

from . import build as site_build

log = logging.getLogger(__name__)

# Attributes a fresh read sets that may differ when only the body changed.
BODY_ATTRIBUTES = frozenset({"_content", "metadata"})
# What Pelican's Content.__init__ works out from the metadata, settings and path (never
# from the body), and plugins may replace later (an episode's template and authors).
PELICAN_DERIVED = frozenset({
    "settings", "_context", "translations", "template", "author", "authors", "in_default_lang",
    "lang", "slug", "source_path", "relative_source_path", "date_format", "timezone",
    "locale_date", "locale_modified", "status", "_summary"})
# Files editors keep beside the one being edited (Emacs' #auto-save#, backups, Vim's swap
# files and its 4913 probe), never sources: saving them changes nothing.
EDITOR_FILES = ("#*#", "*~", "*.sw?", "4913", "*.tmp")
# Generators whose output prints bodies: written again after a body edit.
BODY_PRINTERS = ("PostFeedsGenerator", "PodcastGenerator")


@dataclass
class Outcome:
    """What one change did: the URLs whose pages changed, and the problems that stopped it."""

    urls: list[str] = field(default_factory=list)
    problems: list[ContentIssue] = field(default_factory=list)
    rebuilt: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class _Records(logging.Handler):
    """Counts warnings and errors logged while one file is read again."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class LiveSite:
    """One site, built once and kept; `apply` takes the paths an author saved."""

    settings_file: str
    output: Path
    overrides: dict[str, Any] = field(default_factory=dict)
    # Called with the URLs of pages a full rebuild previewed (preview.py), before it ends.
    on_preview: Callable[[list[str]], None] | None = None
    settings: dict[str, Any] | None = None
    indexer: subprocess.Popen[bytes] | None = None
    pending_follow_up: bool = False  # a body edit's feeds and search index are still to do
    broken: bool = False  # the last build failed: only a full build can say what is still wrong
    known: set[str] = field(default_factory=set)  # the content files the last build could see

    def build(self) -> Outcome:
        """A full build (preview first); the site in memory is replaced only if it succeeded."""
        kept: list[Any] = []
        overrides = {"STEPWISE_PREVIEW_FIRST": True, "SEARCH_YIELD_NICENESS": 0, **self.overrides}
        self.stop_indexing()
        known = _files_under(self._content_path())
        receiver = self._previewed
        previewed.connect(receiver)
        try:
            problems = site_build.build(self.settings_file, self.output, overrides=overrides, keep=kept)
        finally:
            previewed.disconnect(receiver)
        self.known = known | _files_under(kept[0]["PATH"] if kept else None)
        self.broken = bool(problems)
        if problems:
            return Outcome(problems=problems, rebuilt=True)
        self.settings = kept[0]
        _forget_all_rendered()  # the previous site's items would stay alive in Pelican's memo
        return Outcome(rebuilt=True)

    def _previewed(self, _sender: Any, urls: list[str]) -> None:
        if self.on_preview is not None:
            self.on_preview(urls)

    def _content_path(self) -> str | None:
        return self.overrides.get("PATH") or (self.settings or {}).get("PATH")

    def apply(self, changed: list[Path]) -> Outcome:
        """Bring output/ up to date with the saved files, with as little work as that needs."""
        changed = [path for path in changed if self._may_matter(path)]
        if not changed:
            return Outcome()  # an editor's temporary file came and went: nothing to do
        edits = [self._body_edit(path) for path in changed] if self.settings and not self.broken else [None]
        if edits and all(edit is not None for edit in edits):
            rendered = self._rerender([edit for edit in edits if edit is not None])
            if rendered is not None:
                return rendered
        return self.build()

    def _may_matter(self, path: Path) -> bool:
        """Whether a saved path can change the site. Not a hidden file or one the settings
        ignore (IGNORE_FILES), nor a file the last build never saw that is gone again:
        editors that save by writing a temporary file and renaming it over the post (gedit,
        Vim, Sublime Text, JetBrains) leave one of those beside every save."""
        ignored = (*EDITOR_FILES, *(self.settings or {}).get("IGNORE_FILES", ()))
        if path.name.startswith(".") or any(fnmatch.fnmatch(path.name, pattern) for pattern in ignored):
            return False
        content = self._content_path()
        if path.exists() or not content or not path.is_relative_to(content):
            return True  # a theme or plugin file that is gone: the site must be built again
        return str(path) in self.known

    # --- a body edit ----------------------------------------------------------

    def _generators(self) -> list[Any]:
        return list(build_state(self.settings).site) if self.settings else []

    def _body_edit(self, path: Path) -> tuple[Any, Any, str] | None:
        """(generator, the site's item for `path`, its new body), or None when more than the
        body changed or reading it logged anything."""
        found = self._owner(path)
        if found is None:
            return None
        generator, old, content_class = found
        with _counting() as records:
            try:
                new = self._read(generator, path, content_class)
            except Exception:  # any problem: the full build names it, as every build does
                return None
        if records.count or not _only_body_differs(old, new):
            return None
        return generator, old, new._content

    def _owner(self, path: Path) -> tuple[Any, Any, type] | None:
        """(generator, item, its class) for a published post, episode or page in memory."""
        for generator in self._generators():
            kind = type(generator).__name__
            if kind not in {"ArticlesGenerator", "PagesGenerator"}:
                continue
            relative = os.path.relpath(path, generator.path).replace(os.sep, "/")
            item = generator.context.get("generated_content", {}).get(relative)
            published = generator.articles if kind == "ArticlesGenerator" else generator.pages
            if item is not None and any(item is other for other in published):
                return generator, item, Article if kind == "ArticlesGenerator" else Page
        return None

    @staticmethod
    def _read(generator: Any, path: Path, content_class: type) -> Any:
        """The file read as its generator reads it: the same reader, signals and context."""
        if content_class is Article:
            preread, read = signals.article_generator_preread, signals.article_generator_context
        else:
            preread, read = signals.page_generator_preread, signals.page_generator_context
        return generator.readers.read_file(
            base_path=generator.path, path=os.path.relpath(path, generator.path),
            content_class=content_class, context=generator.context, preread_signal=preread,
            preread_sender=generator, context_signal=read, context_sender=generator)

    def _rerender(self, edits: list[tuple[Any, Any, str]]) -> Outcome | None:
        """Render the edited items with their new bodies beside output/, and move the pages in
        if nothing was logged (a broken {filename} link, say); None to build instead.
        The rest that prints bodies is `follow_up`."""
        assert self.settings is not None
        staging = self.output.with_name(f".{self.output.name}.live")
        shutil.rmtree(staging, ignore_errors=True)
        writer = FilteringWriter(str(staging), settings=self.settings)
        bodies = [(item, item._content) for _, item, _ in edits]
        with _counting() as records:
            for generator, item, body in edits:
                _set_body(item, body)
                write_item(writer, generator.env, generator.context, item, self.settings["RELATIVE_URLS"])
        if records.count:
            for item, body in bodies:  # the site in memory stays the last good one
                _set_body(item, body)
            shutil.rmtree(staging, ignore_errors=True)
            return None
        _move_into(staging, self.output)
        self.pending_follow_up = True
        return Outcome(urls=[item.url for _, item, _ in edits])

    def follow_up(self) -> None:
        """After a body edit: feeds and listings that print bodies, then the search index."""
        if not self.pending_follow_up or self.settings is None:
            return
        self.pending_follow_up = False
        writer = FilteringWriter(str(self.output), settings=self.settings)
        for generator in self._generators():
            if type(generator).__name__ in BODY_PRINTERS:
                generator.generate_output(writer)
        self.start_indexing()

    # --- the search index -----------------------------------------------------

    def start_indexing(self) -> None:
        """Pagefind over output/ into a folder beside its index, swapped in when it is done."""
        from search.plugin import pagefind_command

        assert self.settings is not None
        self.stop_indexing()
        fresh = self.output / ".pagefind.new"
        shutil.rmtree(fresh, ignore_errors=True)
        command = [*pagefind_command(self.output, self.settings), "--output-path", str(fresh)]
        self.indexer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def indexing_done(self) -> bool:
        """Swap a finished index in; True when no indexer is running any more."""
        if self.indexer is None:
            return True
        if self.indexer.poll() is None:
            return False
        ok, self.indexer = self.indexer.returncode == 0, None
        fresh, live = self.output / ".pagefind.new", self.output / "pagefind"
        if ok and (fresh / "pagefind.js").exists():
            make_world_readable(fresh)
            old = self.output / ".pagefind.old"
            shutil.rmtree(old, ignore_errors=True)
            if live.exists():
                os.replace(live, old)
            os.replace(fresh, live)
            shutil.rmtree(old, ignore_errors=True)
        else:
            log.warning("stepwise: the search index could not be rebuilt; the next build will")
            shutil.rmtree(fresh, ignore_errors=True)
        return True

    def wait_for_index(self) -> None:
        if self.indexer is not None:
            self.indexer.wait()
        self.indexing_done()

    def stop_indexing(self) -> None:
        if self.indexer is not None and self.indexer.poll() is None:
            self.indexer.kill()
            self.indexer.wait()
        self.indexer = None
        shutil.rmtree(self.output / ".pagefind.new", ignore_errors=True)


def _files_under(folder: str | None) -> set[str]:
    """Every file under `folder` (its absolute path), to tell a deleted source from a
    temporary file that came and went."""
    if not folder:
        return set()
    return {os.path.join(root, name) for root, _, names in os.walk(folder) for name in names}


def _only_body_differs(old: Any, new: Any) -> bool:
    """Whether the fresh read `new` differs from the site's `old` in its body alone."""
    if new.status != "published" or _without_digest(new.metadata) != _without_digest(old.metadata):
        return False
    if new.get_static_links() != old.get_static_links():
        return False  # a new {static} file would have to be copied
    # What is left was set by a plugin's content_object_init, perhaps from the body.
    from_metadata = {key.lower() for key in new.metadata}
    for key, value in vars(new).items():
        if key in BODY_ATTRIBUTES or key in PELICAN_DERIVED or key in from_metadata:
            continue
        if key not in vars(old) or vars(old)[key] != value:
            return False
    return True


@contextmanager
def _counting() -> Iterator[_Records]:
    """Count the warnings and errors logged inside the block."""
    records, root = _Records(), logging.getLogger()
    level = root.level
    root.addHandler(records)
    root.setLevel(min(level, logging.WARNING) if level else logging.WARNING)
    try:
        yield records
    finally:
        root.removeHandler(records)
        root.setLevel(level)


def _without_digest(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata an author wrote: the reader adds the digest of the body it judged, and what
    it refused there (a body's own business, as the body is)."""
    return {key: value for key, value in metadata.items() if key not in {JUDGED_KEY, REFUSED_KEY}}


def _set_body(item: protocols.Content, body: str) -> None:
    """Swap in a body the reader judged, with its digest, so final_html knows it was judged."""
    item._content = body
    if JUDGED_KEY in item.metadata:
        item.metadata[JUDGED_KEY] = judged_digest(body)
    _forget_rendered(item)


def _move_into(staging: Path, output: Path) -> None:
    """Every file written under `staging` into the same place under `output`, one rename each."""
    make_world_readable(staging)
    for folder, _, files in os.walk(staging):
        target = output / os.path.relpath(folder, staging)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(os.path.join(folder, name), target / name)
    shutil.rmtree(staging, ignore_errors=True)


def _forget_all_rendered() -> None:
    """Empty Pelican's memo of rendered bodies (pelican.utils.memoized, a private cache keyed
    by item: the speed layer's to know)."""
    for method in (Content.get_content, Content.get_summary):
        getattr(method, "cache", {}).clear()


def _forget_rendered(item: Content) -> None:
    """Drop Pelican's memoized HTML of `item` (get_content/get_summary cache by object)."""
    for method in (Content.get_content, Content.get_summary):
        cache = getattr(method, "cache", {})
        for key in [key for key in cache if key and key[0] is item]:
            del cache[key]
