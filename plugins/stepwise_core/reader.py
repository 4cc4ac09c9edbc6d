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

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .body_policy import ContentFolder, check_body
from .buildstate import build_state
from .errors import ContentError, ContentIssue, report
from .final_html import JUDGED_KEY, REFUSED_KEY, judged_digest
from .header import HeaderLine, read_header
from .links import LINKS_KEY, links_of
from .markdown_limits import TooSlow, source_problem, time_budget, too_deep, too_slow
from .people import load_people, unreadable
from .protocols import Generator
from .rules import (
    DATE_FIELDS,
    DATED,
    canonical_language,
    cut_fields,
    date_fix,
    header_problems,
    kind_of,
    label_of,
    metadata_problems,
    stranded_fields,
    stranded_header,
    unfinished_header,
)
from .settings import plugin_settings, policy_off
from .signals import file_read
from .sources import file_problem, shown_path

# Where a file's problems ride in its metadata (which Pelican's content cache stores).
CARRY_KEY = "_stepwise_issues"

# What a file with errors is given in place of a missing title or date, so that Pelican
# keeps it and every plugin still checks the rest of it (all problems at once). The
# errors stop the build before anything is written, so a placeholder is never published.
PLACEHOLDER_DATE = dt.datetime(2000, 1, 1)


class StepwiseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, plus clear errors and the metadata rules."""

    # While read() runs: the values that could not be read, as issues (process_metadata).
    _unreadable: list[ContentIssue] | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        problem = file_problem(source_path, self.settings)
        if problem:  # one the source scan found is named by plugin.check_site
            raise ContentError(problem, already_logged=problem in build_state(self.settings).left_to_reader)
        source = Path(source_path).read_text(encoding="utf-8")
        shown = shown_path(source_path, self.settings)
        header = read_header(source)
        stranded = stranded_header(shown, source, self.settings)
        unfinished = unfinished_header(shown, source, self.settings)
        issues = [*header_problems(shown, header, self.settings), *unfinished, *stranded]
        reported = ({issue.field.lower() for issue in issues} | stranded_fields(stranded, source)
                    | cut_fields(unfinished, source))
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
            checked = check_body(shown, content, source, Path(source_path), self._content_folder)
            content = checked.html
            issues += checked.issues
            metadata[JUDGED_KEY] = judged_digest(content)  # final_html: this text was judged
            metadata[REFUSED_KEY] = checked.refused  # final_html: and this was reported
        if any(issue.is_error for issue in issues):
            _keep_for_checking(metadata, source_path)
        # The body's links, found where it is read (a worker, in parallel; cached with the file):
        # plugin.check_site judges them once the whole site is known.
        metadata[LINKS_KEY] = links_of(content)
        file_read.send(self, content=content, metadata=metadata, source=source)
        # Problems travel with the metadata, so a file served from the content cache (or
        # read in a worker) reports them again: report_carried reports them.
        return content, carry(metadata, issues)

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
            self._forget_markdown()  # stopped half way: the next file gets a fresh Markdown
            raise too_slow(shown, seconds) from None
        except RecursionError:
            self._forget_markdown()
            raise too_deep(shown, source, limits) from None

    def _convert(self, source_path: str, header: list[HeaderLine] | None = None,
                 unread: set[str] | frozenset[str] = frozenset()) -> tuple[str, dict[str, Any]]:
        """Pelican's MarkdownReader.read, with the Markdown instance from _fresh_markdown.

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
        """A new Markdown per file, as Pelican makes (the speed plugin keeps one)."""
        return Markdown(**self.settings["MARKDOWN"])

    def _forget_markdown(self) -> None:
        """A conversion stopped half way: a reader that keeps its Markdown drops it."""

    def process_metadata(self, name: str, value: Any) -> Any:
        if name == "lang":  # 'Lang: FR' is 'fr', the language the site's DEFAULT_LANG may name
            value = canonical_language(str(value).strip())
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


def carry(metadata: dict[str, Any], issues: list[ContentIssue]) -> dict[str, Any]:
    """Attach a file's problems to its metadata (the reader's result, which may be cached)."""
    if issues:
        metadata[CARRY_KEY] = tuple(issues)
    return metadata


def report_carried(generator: Generator, metadata: dict[str, Any]) -> None:
    """*_generator_context: report the problems read with the file, fresh or cached.

    Errors included: the file was kept so that the rest of it could be checked, and
    they stop the build before anything is written."""
    for issue in metadata.pop(CARRY_KEY, ()):
        report(generator.context, issue)
