"""A Markdown reader that turns bad input into ContentIssues naming file and field.

Pelican's own reader raises bare exceptions (a dateutil ParserError, a
UnicodeDecodeError) that say nothing about the field or the fix; this subclass
checks the file first, wraps each metadata value, then applies the rules table.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from blinker import signal
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import cache, parallel
from .body_policy import ContentFolder, checked_body
from .errors import ContentError, ContentIssue, log_issue
from .final_html import JUDGED_KEY, judged_digest
from .markdown_limits import BodyTooSlow, TooSlow, source_problem, time_budget, too_deep, too_slow
from .people import load_people
from .rules import check_metadata
from .settings import plugin_settings, policy_off
from .sources import file_problem, shown_path

__all__ = ["StepwiseMarkdownReader", "file_problem", "shown_path"]  # shown_path: other plugins use it

# Sent (with the reader) after a Markdown file was read and passed every check, in
# whichever process read it (parallel.py): a plugin may add to `metadata` what it works
# out from the file alone, under a key of its own starting with "_". It is cached with
# the file, so a warm build does not work it out again.
file_read = signal("stepwise_file_read")

METADATA_FIXES = {
    "date": "write the date as 'Date: 2026-03-01 09:00' (a real day, 24-hour time)",
    "modified": "write the date as 'Modified: 2026-03-01 09:00'",
}


class StepwiseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, plus clear errors and the metadata rules."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        # Performance hook: a worker process may have read this file already (parallel.py).
        converted = parallel.take(self.settings, source_path)
        if isinstance(converted, BodyTooSlow):
            raise converted  # a worker spent the budget on it: not converted a second time
        if converted is not None:
            return converted
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
        # read in a worker) reports them again: cache.report_carried logs them.
        return content, cache.carry(metadata, issues)

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
            self._kept = None  # stopped half way: the next file gets a fresh Markdown
            raise too_slow(shown, seconds) from None
        except RecursionError:
            self._kept = None
            raise too_deep(shown, source, limits) from None

    def _convert(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Pelican's MarkdownReader.read, with one Markdown instance per reader.

        Pelican builds a new Markdown per file; building one (importing and registering
        every extension) costs a tenth of converting a post (bench/RESULTS.md). reset()
        clears what a conversion leaves behind; Pelican's _parse_metadata unregisters
        the meta preprocessor (so a summary is not read as metadata), so it is put back.
        """
        self._source_path = source_path
        self._md = self._fresh_markdown()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

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
