"""Checks on content files themselves, before anything parses them.

A file may be unsafe to read at all (a link out of content/, a device), too big,
not UTF-8, or hold invisible control characters that break feeds. These checks
name the file (and line) as the author sees it. The whole tree is checked once
per build (plugin.refuse_unsafe_sources); each Markdown file again as it is read.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentIssue
from .rules import CONTROL_CHARACTERS
from .safeyaml import yaml_problems
from .settings import DEFAULTS, plugin_settings


@lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    """A folder's real path; resolving costs a system call per path component, and
    shown_path runs for every file of every build (bench/RESULTS.md)."""
    return Path(folder).resolve()


def shown_path(source_path: str, settings: dict[str, Any]) -> str:
    """A path as the author sees it: relative to the project, e.g. content/posts/x.md."""
    project = _resolved(settings["PATH"]).parent
    try:
        return os.path.relpath(Path(source_path).absolute(), project)
    except ValueError:
        return str(source_path)


def file_problem(source_path: str, settings: dict[str, Any]) -> ContentIssue | None:
    """Problems with the file itself, before any Markdown is parsed."""
    path = Path(source_path)
    shown = shown_path(source_path, settings)
    content_root = _resolved(settings["PATH"])
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


# CONTROL_CHARACTERS as UTF-8 bytes: none of these means none in the decoded text (an
# invalid sequence decodes to U+FFFD, which is allowed). The one-byte ones are found by
# deleting them (bytes.translate, in C: five times faster than a regex search); the rest
# start with bytes that most files never contain.
ASCII_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
CONTROL_BYTES = re.compile(b"[" + re.escape(ASCII_CONTROL_BYTES) + rb"]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")


def may_hold_control_characters(raw: bytes) -> bool:
    if len(raw.translate(None, ASCII_CONTROL_BYTES)) != len(raw):
        return True
    return (b"\xc2" in raw or b"\xef\xbf" in raw) and CONTROL_BYTES.search(raw) is not None


TEXT_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".vtt", ".srt", ".txt", ".json"})


def source_tree_problems(settings: dict[str, Any]) -> list[ContentIssue]:
    """Files under content/ that nothing may read: links out of it, devices, control characters."""
    content = Path(settings["PATH"]).resolve()
    limit = _source_limit(settings)
    issues = []
    for path in sorted(content.rglob("*")):
        # rglob does not descend into linked folders, so only a link itself can lead out.
        if path.is_symlink() and not path.resolve().is_relative_to(content):
            issues.append(ContentIssue(shown_path(str(path), settings), "file",
                                       "is a symlink to a file outside content/",
                                       "copy the file into content/ instead of linking to it"))
        elif not (path.is_file() or path.is_dir()):
            issues.append(ContentIssue(shown_path(str(path), settings), "file",
                                       "is not a regular file (a device, a pipe or a broken link)",
                                       "replace it with a real file, or delete it"))
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
    raw = path.read_bytes()
    is_yaml = path.suffix.lower() in {".yaml", ".yml"}
    if not is_yaml and not may_hold_control_characters(raw):
        return None  # the common case, without decoding every transcript on every build
    text = raw.decode("utf-8", errors="replace")
    shown = shown_path(str(path), settings)
    problem = _control_character(shown, text)
    if problem is None and is_yaml:
        problem = _escaped_control_character(shown, text, settings)
    return problem


def _escaped_control_character(shown: str, text: str, settings: dict[str, Any]) -> ContentIssue | None:
    if yaml_problems(text, settings):
        return None  # unsafe or broken YAML: the plugin that owns the file reports it
    nodes = [yaml.compose(text)]
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
