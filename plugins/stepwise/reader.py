"""A Markdown reader that turns bad input into ContentIssues naming file and field.

Pelican's own reader raises bare exceptions (a dateutil ParserError, a
UnicodeDecodeError) that say nothing about the field or the fix; this subclass
checks the file first, wraps each metadata value, then applies the rules table.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any

from blinker import signal
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import cache, parallel
from .body_policy import ContentFolder, checked_body
from .errors import ContentError, ContentIssue
from .final_html import JUDGED_KEY, judged_digest
from .header import HeaderLine, read_header
from .links import LINKS_KEY, links_of
from .markdown_limits import BodyTooSlow, TooSlow, source_problem, time_budget, too_deep, too_slow
from .people import load_people, unreadable
from .rules import (
    DATE_FIELDS,
    DATED,
    date_fix,
    header_problems,
    kind_of,
    label_of,
    metadata_problems,
    unfinished_header,
)
from .settings import plugin_settings, policy_off
from .sources import LEFT_TO_READER, file_problem, shown_path

__all__ = ["StepwiseMarkdownReader", "file_problem", "shown_path"]  # shown_path: other plugins use it

# Sent (with the reader) after a Markdown file was read, in whichever process read it
# (parallel.py): a plugin may add to `metadata` what it works out from the file alone,
# under a key of its own starting with "_". It is cached with the file, so a warm build
# does not work it out again. A file with problems is sent too: its other checks still run.
file_read = signal("stepwise_file_read")

# What a file with errors is given in place of a missing title or date, so that Pelican
# keeps it and every plugin still checks the rest of it (all problems at once). The
# errors stop the build before anything is written, so a placeholder is never published.
PLACEHOLDER_DATE = dt.datetime(2000, 1, 1)


class StepwiseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, plus clear errors and the metadata rules."""

    # While read() runs: the values that could not be read, as issues (process_metadata).
    _unreadable: list[ContentIssue] | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        # Performance hook: a worker process may have read this file already (parallel.py).
        converted = parallel.take(self.settings, source_path)
        if isinstance(converted, BodyTooSlow):
            raise converted  # a worker spent the budget on it: not converted a second time
        if converted is not None:
            return converted
        problem = file_problem(source_path, self.settings)
        if problem:  # one the source scan found is named by plugin.check_site
            raise ContentError(problem, already_logged=problem in self.settings.get(LEFT_TO_READER, ()))
        source = Path(source_path).read_text(encoding="utf-8")
        shown = shown_path(source_path, self.settings)
        header = read_header(source)
        issues = [*header_problems(shown, header, self.settings),
                  *unfinished_header(shown, source, self.settings)]
        reported = {issue.field.lower() for issue in issues}
        self._unreadable = []
        try:
            content, metadata = self._bounded_convert(source_path, shown, header, reported & DATE_FIELDS)
            unreadable = self._unreadable
        finally:
            self._unreadable = None
        issues += unreadable
        reported |= {issue.field.lower() for issue in unreadable}
        issues += metadata_problems(shown, metadata, self._rule_context(), header, reported)
        if not policy_off(self.settings):  # the HTML published is what the policy judged
            content, found = checked_body(shown, content, source, Path(source_path), self._content_folder)
            issues += found
            metadata[JUDGED_KEY] = judged_digest(content)  # final_html: this text was judged
        if any(issue.is_error for issue in issues):
            _keep_for_checking(metadata, source_path)
        # The body's links, found where it is read (a worker, in parallel; cached with the file):
        # plugin.check_site judges them once the whole site is known.
        metadata[LINKS_KEY] = links_of(content)
        file_read.send(self, content=content, metadata=metadata)
        # Problems travel with the metadata, so a file served from the content cache (or
        # read in a worker) reports them again: cache.report_carried logs them.
        return content, cache.carry(metadata, issues)

    def _bounded_convert(self, source_path: str, shown: str, header: list[HeaderLine],
                         unread: set[str]) -> tuple[str, dict[str, Any]]:
        """_convert within markdown_limits: a text that would make Markdown crawl or recurse
        too deep is refused, before converting where it can be measured."""
        limits = plugin_settings(self.settings)
        source = Path(source_path).read_text(encoding="utf-8")
        problem = source_problem(shown, source, limits)
        if problem:
            raise ContentError(problem)
        seconds = float(limits["STEPWISE_MARKDOWN_SECONDS"])
        try:
            with time_budget(seconds):
                return self._convert(source_path, header, unread)
        except TooSlow:
            self._kept = None  # stopped half way: the next file gets a fresh Markdown
            raise too_slow(shown, seconds) from None
        except RecursionError:
            self._kept = None
            raise too_deep(shown, source, limits) from None

    def _convert(self, source_path: str, header: list[HeaderLine] | None = None,
                 unread: set[str] | frozenset[str] = frozenset()) -> tuple[str, dict[str, Any]]:
        """Pelican's MarkdownReader.read, with one Markdown instance per reader.

        Pelican builds a new Markdown per file; building one (importing and registering
        every extension) costs a tenth of converting a post (bench/RESULTS.md). reset()
        clears what a conversion leaves behind; Pelican's _parse_metadata unregisters
        the meta preprocessor (so a summary is not read as metadata), so it is put back.
        Each header key gets its one value as read by header.py (the first, if repeated;
        continuation lines joined); the fields in `unread` are not given to Pelican at all.
        """
        self._source_path = source_path
        self._md = self._fresh_markdown()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        meta = dict(getattr(self._md, "Meta", {}) or {})
        if header is None:
            header = read_header(Path(source_path).read_text(encoding="utf-8"))
        for entry in reversed(header):
            meta[entry.name] = [entry.value]
        for name in unread:
            meta.pop(name, None)
        return content, self._parse_metadata(meta)

    def _fresh_markdown(self) -> Markdown:
        kept = self.__dict__.get("_kept")
        if kept is None:
            md = Markdown(**self.settings["MARKDOWN"])
            meta = next(item for item in md.preprocessors._priority if item.name == "meta")
            self._kept = kept = (md, md.preprocessors["meta"], meta.priority)
            return md
        md, meta, priority = kept
        md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(meta, "meta", priority)
        return md

    def process_metadata(self, name: str, value: Any) -> Any:
        try:
            return super().process_metadata(name, value)
        except Exception as exc:  # any parser failure becomes a field error
            shown = shown_path(self._source_path or "", self.settings)
            label = label_of(name)
            fix = date_fix(self.settings, label) if name in DATE_FIELDS else f"correct the '{label}:' line"
            issue = ContentIssue(shown, label, f"{value!r} cannot be read ({exc})", fix)
            issue = issue.located(self._source_path)
            if self._unreadable is None:  # called outside read(): nothing else to check
                raise ContentError(issue) from exc
            self._unreadable.append(issue)
            return None

    @cached_property
    def _content_folder(self) -> ContentFolder:
        return ContentFolder(Path(self.settings["PATH"]))

    def _rule_context(self) -> dict[str, Any]:
        if not hasattr(self, "_people"):
            people_file = Path(self.settings["PATH"]) / self.settings.get("PEOPLE_FILE", "people.yaml")
            people, issues = load_people(people_file, settings=self.settings)
            # An unreadable registry is one error; don't add "unknown author" to every post.
            self._people = None if unreadable(issues) else people
        return {"people": self._people, "settings": self.settings, "policy_off": policy_off(self.settings)}


def _keep_for_checking(metadata: dict[str, Any], source_path: str) -> None:
    """Give a file with errors what Pelican needs to keep it (a title, a date), and drop
    values that could not be read, so every plugin still checks the rest of it."""
    for name in [key for key, value in metadata.items() if value is None]:
        del metadata[name]
    metadata.setdefault("title", Path(source_path).stem)
    if kind_of(source_path) in DATED:
        metadata.setdefault("date", PLACEHOLDER_DATE)
