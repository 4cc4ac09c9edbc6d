"""A Markdown reader that turns bad input into ContentIssues naming file and field.

Pelican's own reader raises bare exceptions (a dateutil ParserError, a
UnicodeDecodeError) that say nothing about the field or the fix; this subclass
checks the file first, wraps each metadata value, then applies the rules table.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .body_policy import ContentFolder, checked_body
from .errors import ContentError, ContentIssue, log_issue
from .final_html import JUDGED_KEY, judged_digest
from .markdown_limits import TooSlow, source_problem, time_budget, too_deep, too_slow
from .people import load_people
from .rules import check_metadata
from .settings import plugin_settings, policy_off
from .signals import file_read
from .sources import file_problem, shown_path

# Where a file's warnings ride in its metadata (which Pelican's content cache stores).
CARRY_KEY = "_stepwise_warnings"

METADATA_FIXES = {
    "date": "write the date as 'Date: 2026-03-01 09:00' (a real day, 24-hour time)",
    "modified": "write the date as 'Modified: 2026-03-01 09:00'",
}


class StepwiseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, plus clear errors and the metadata rules."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        problem = file_problem(source_path, self.settings)
        if problem:
            raise ContentError(problem)
        shown = shown_path(source_path, self.settings)
        content, metadata = self._bounded_convert(source_path, shown)
        issues = [i.located(source_path) if i.field.lower() in metadata else i
                  for i in check_metadata(shown, metadata, self._rule_context())]
        source = Path(source_path).read_text(encoding="utf-8")
        if not policy_off(self.settings):  # the HTML published is what the policy judged
            content, found = checked_body(shown, content, source, Path(source_path), self._content_folder)
            issues += found
            metadata[JUDGED_KEY] = judged_digest(content)  # final_html: this text was judged
        errors = [i for i in issues if i.is_error]
        if errors:
            for issue in issues:
                log_issue(issue)
            raise ContentError(errors[0], already_logged=True)
        file_read.send(self, content=content, metadata=metadata)
        # Warnings travel with the metadata, so a file served from the content cache (or
        # read in a worker) reports them again: report_carried logs them.
        return content, carry(metadata, issues)

    def _bounded_convert(self, source_path: str, shown: str) -> tuple[str, dict[str, Any]]:
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
                return self._convert(source_path)
        except TooSlow:
            self._forget_markdown()  # stopped half way: the next file gets a fresh Markdown
            raise too_slow(shown, seconds) from None
        except RecursionError:
            self._forget_markdown()
            raise too_deep(shown, source, limits) from None

    def _convert(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Pelican's MarkdownReader.read, with the Markdown instance from _fresh_markdown."""
        self._source_path = source_path
        self._md = self._fresh_markdown()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _fresh_markdown(self) -> Markdown:
        """A new Markdown per file, as Pelican makes (the speed plugin keeps one)."""
        return Markdown(**self.settings["MARKDOWN"])

    def _forget_markdown(self) -> None:
        """A conversion stopped half way: a reader that keeps its Markdown drops it."""

    def process_metadata(self, name: str, value: Any) -> Any:
        try:
            return super().process_metadata(name, value)
        except Exception as exc:  # any parser failure becomes a field error
            shown = shown_path(self._source_path or "", self.settings)
            issue = ContentIssue(shown, name.title(), f"{value!r} cannot be read ({exc})",
                                 METADATA_FIXES.get(name, f"correct the '{name.title()}:' line"))
            raise ContentError(issue.located(self._source_path)) from exc

    @cached_property
    def _content_folder(self) -> ContentFolder:
        return ContentFolder(Path(self.settings["PATH"]))

    def _rule_context(self) -> dict[str, Any]:
        if not hasattr(self, "_people"):
            people_file = Path(self.settings["PATH"]) / self.settings.get("PEOPLE_FILE", "people.yaml")
            people, issues = load_people(people_file)
            # An unreadable registry is one error; don't add "unknown author" to every post.
            unreadable = any(issue.field in {"file", "people"} for issue in issues)
            self._people = None if unreadable else people
        return {"people": self._people, "policy_off": policy_off(self.settings)}


def carry(metadata: dict[str, Any], issues: list[ContentIssue]) -> dict[str, Any]:
    """Attach a file's warnings to its metadata (the reader's result, which may be cached)."""
    if issues:
        metadata[CARRY_KEY] = tuple(issues)
    return metadata


def report_carried(_generator: Any, metadata: dict[str, Any]) -> None:
    """*_generator_context: log the warnings read with the file, fresh or cached."""
    for issue in metadata.pop(CARRY_KEY, ()):
        log_issue(issue)
