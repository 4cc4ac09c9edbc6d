"""A Markdown reader that turns bad input into ContentIssues naming file and field.

Pelican's own reader raises bare exceptions (a dateutil ParserError, a
UnicodeDecodeError) that say nothing about the field or the fix; this subclass
checks the file first, wraps each metadata value, then applies the rules table.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pelican.readers import MarkdownReader

from . import cache, parallel
from .body_policy import body_problems
from .errors import ContentError, ContentIssue, log_issue
from .people import load_people
from .rules import CONTROL_CHARACTERS, check_metadata
from .settings import DEFAULTS, plugin_settings

METADATA_FIXES = {
    "date": "write the date as 'Date: 2026-03-01 09:00' (a real day, 24-hour time)",
    "modified": "write the date as 'Modified: 2026-03-01 09:00'",
}


def shown_path(source_path: str, settings: dict[str, Any]) -> str:
    """A path as the author sees it: relative to the project, e.g. content/posts/x.md."""
    project = Path(settings["PATH"]).resolve().parent
    try:
        return os.path.relpath(Path(source_path).absolute(), project)
    except ValueError:
        return str(source_path)


def file_problem(source_path: str, settings: dict[str, Any]) -> ContentIssue | None:
    """Problems with the file itself, before any Markdown is parsed."""
    path = Path(source_path)
    shown = shown_path(source_path, settings)
    content_root = Path(settings["PATH"]).resolve()
    if not path.resolve().is_relative_to(content_root):
        return ContentIssue(shown, "file", "is a symlink to a file outside content/",
                            "copy the file into content/ instead of linking to it")
    if not path.exists():
        return ContentIssue(shown, "file", "is a symlink to a file that does not exist",
                            "remove the link, or copy the file into content/")
    size = path.stat().st_size
    limit = _source_limit(settings)
    if size > limit:
        return ContentIssue(shown, "file", f"is {size:,} bytes; the limit is {limit:,}",
                            "split it into several posts, or move large media to content/media/")
    raw = path.read_bytes()
    if not raw.strip():
        return ContentIssue(shown, "file", "is empty", "add a 'Title:' line, a 'Date:' line and some text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ContentIssue(shown, "file", f"is not UTF-8 text (byte {exc.start})",
                            "save the file as UTF-8 in your editor")
    return _control_character(shown, text)


TEXT_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".vtt", ".srt", ".txt", ".json"})


def source_tree_problems(settings: dict[str, Any]) -> list[ContentIssue]:
    """Files under content/ that nothing may read: links out of it, devices, control characters."""
    content = Path(settings["PATH"]).resolve()
    limit = _source_limit(settings)
    issues = []
    for path in sorted(content.rglob("*")):
        shown = shown_path(str(path), settings)
        if not path.resolve().is_relative_to(content):
            issues.append(ContentIssue(shown, "file", "is a symlink to a file outside content/",
                                       "copy the file into content/ instead of linking to it"))
        elif not (path.is_file() or path.is_dir()):
            issues.append(ContentIssue(shown, "file", "is not a regular file (a device, a pipe or a "
                                       "broken link)", "replace it with a real file, or delete it"))
        elif path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size <= limit:
            problem = text_file_problem(path, settings)
            issues += [problem] if problem else []
    return issues


def _source_limit(settings: dict[str, Any]) -> int:
    limit = plugin_settings(settings)["STEPWISE_MAX_SOURCE_BYTES"]
    # A bad limit is reported as a settings error; read with the default meanwhile.
    return limit if isinstance(limit, int) else DEFAULTS["STEPWISE_MAX_SOURCE_BYTES"]


def text_file_problem(path: Path, settings: dict[str, Any]) -> ContentIssue | None:
    """A control character in any text source under content/ (YAML, transcripts, Markdown).

    In YAML it may also hide behind an escape ("\\e" in a double-quoted string).
    """
    text = path.read_bytes().decode("utf-8", errors="replace")
    shown = shown_path(str(path), settings)
    problem = _control_character(shown, text)
    if problem is None and path.suffix.lower() in {".yaml", ".yml"}:
        problem = _escaped_control_character(shown, text)
    return problem


def _escaped_control_character(shown: str, text: str) -> ContentIssue | None:
    try:
        nodes = [yaml.compose(text)]
    except yaml.YAMLError:
        return None  # the plugin that owns the file reports broken YAML
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.ScalarNode):
            bad = CONTROL_CHARACTERS.search(node.value)
            if bad:
                return ContentIssue(shown, "file", f"contains the control character U+{ord(bad.group()):04X}",
                                    "remove the escape sequence from the quoted text",
                                    line=node.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            nodes.extend(item for pair in reversed(node.value) for item in reversed(pair))
    return None


def _control_character(shown: str, text: str) -> ContentIssue | None:
    """A character XML cannot carry would break every feed the text reaches; Markdown drops some silently."""
    bad = CONTROL_CHARACTERS.search(text)
    if bad is None:
        return None
    line = text.count("\n", 0, bad.start()) + 1
    return ContentIssue(shown, "file", f"contains the control character U+{ord(bad.group()):04X}",
                        "delete it (it is invisible in most editors; retype the line)", line=line)


class StepwiseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, plus clear errors and the metadata rules."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        # Performance hook: a worker process may have read this file already (parallel.py).
        converted = parallel.take(self.settings, source_path)
        if converted is not None:
            return converted
        problem = file_problem(source_path, self.settings)
        if problem:
            raise ContentError(problem)
        content, metadata = super().read(source_path)
        shown = shown_path(source_path, self.settings)
        issues = [i.located(source_path) if i.field.lower() in metadata else i
                  for i in check_metadata(shown, metadata, self._rule_context())]
        source = Path(source_path).read_text(encoding="utf-8")
        issues += body_problems(shown, content, source, Path(source_path),
                                Path(self.settings["PATH"]))
        errors = [i for i in issues if i.is_error]
        if errors:
            for issue in issues:
                log_issue(issue)
            raise ContentError(errors[0], already_logged=True)
        # Warnings travel with the metadata, so a file served from the content cache (or
        # read in a worker) reports them again: cache.report_carried logs them.
        return content, cache.carry(metadata, issues)

    def process_metadata(self, name: str, value: Any) -> Any:
        try:
            return super().process_metadata(name, value)
        except Exception as exc:  # any parser failure becomes a field error
            shown = shown_path(self._source_path or "", self.settings)
            issue = ContentIssue(shown, name.title(), f"{value!r} cannot be read ({exc})",
                                 METADATA_FIXES.get(name, f"correct the '{name.title()}:' line"))
            raise ContentError(issue.located(self._source_path)) from exc

    def _rule_context(self) -> dict[str, Any]:
        if not hasattr(self, "_people"):
            people_file = Path(self.settings["PATH"]) / self.settings.get("PEOPLE_FILE", "people.yaml")
            people, issues = load_people(people_file)
            # An unreadable registry is one error; don't add "unknown author" to every post.
            unreadable = any(issue.field in {"file", "people"} for issue in issues)
            self._people = None if unreadable else people
        return {"people": self._people}
