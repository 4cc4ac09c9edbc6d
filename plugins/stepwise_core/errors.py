"""One error type for every content problem, and the one way to report it.

Plugins never print or raise for bad input: they report a ContentIssue. It is
logged (so plain ``pelican`` shows it too) and, when a context is at hand,
remembered there so the build can stop before it writes anything.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .header import first_lines, read_header

log = logging.getLogger(__name__)

ISSUES_KEY = "stepwise_issues"
# A log record with this extra set is told to the author but is no problem of the site
# (the speed plugin standing aside): the build runner does not count it, so `invoke check`
# still passes.
NOTICE = "stepwise_notice"
ERROR = "error"
WARNING = "warning"
# What an unpublished item still lacks, printed as a note (notes.py): it stops nothing.
NOTE = "note"


@dataclass(frozen=True)
class ContentIssue:
    """A problem in one file: where, which field, what is wrong, how to fix it."""

    path: str
    field: str
    problem: str
    fix: str
    line: int | None = None
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.problem}. Fix: {self.fix}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def located(self, real_path: str | Path | None = None) -> ContentIssue:
        """Fill in the line of the ``Field: value`` line, read from real_path (or self.path)."""
        if self.line is not None:
            return self
        line = find_field_line(real_path or self.path, self.field)
        return self if line is None else replace(self, line=line)


class ContentError(Exception):
    """Raised by readers to reject one file; Pelican logs it and moves on."""

    def __init__(self, issue: ContentIssue, *, already_logged: bool = False) -> None:
        super().__init__(str(issue))
        self.issue = issue
        self.already_logged = already_logged


class BuildStopped(Exception):
    """Raised once all content is read, when any error was reported."""

    def __init__(self, issues: list[ContentIssue]) -> None:
        super().__init__(f"{len(issues)} content error(s); nothing was written")
        self.issues = issues


def without_traceback(record: logging.LogRecord) -> bool:
    """A logging filter: `pelican content` logs a stopped build with its traceback, but the
    problems are listed just above it and the traceback only buries them."""
    if record.exc_info and isinstance(record.exc_info[1], BuildStopped):
        record.exc_info = None
    return True


def find_field_line(path: str | Path, field: str) -> int | None:
    """Line number of ``field:`` in a Markdown file's header or in a YAML file, if present."""
    if Path(path).suffix.lower() in {".md", ".markdown"}:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return first_lines(read_header(text)).get(field.lower())
    pattern = re.compile(rf"^\s*-?\s*{re.escape(field)}\s*:", re.IGNORECASE)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if pattern.match(text):
                    return number
                if number > 400:
                    break
    except OSError:
        return None
    return None


def log_issue(issue: ContentIssue) -> None:
    """Log an issue with the object attached, for the build runner to collect."""
    level = logging.ERROR if issue.is_error else logging.WARNING
    log.log(level, "%s", issue, extra={"content_issue": issue})


def report(context: dict[str, Any], issue: ContentIssue) -> None:
    """Log an issue and remember it in this build's context.

    Call ``issue.located(real_path)`` first when the line number is wanted.
    """
    log_issue(issue)
    context.setdefault(ISSUES_KEY, []).append(issue)


def reported_errors(context: dict[str, Any]) -> list[ContentIssue]:
    return [issue for issue in context.get(ISSUES_KEY, []) if issue.is_error]
