"""Checks on content files themselves, before anything parses them.

A file may be unsafe to read at all (a link out of content/, a device), too big,
not UTF-8, or hold invisible control characters that break feeds. These checks
name the file (and line) as the author sees it. The whole tree is checked once
per build (plugin.refuse_unsafe_sources); each Markdown file again as it is read.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentIssue
from .limits import limit, over, raise_it
from .rules import CONTROL_CHARACTERS
from .safeyaml import yaml_problems


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
    problem = _unreachable(path, settings)
    if problem:
        return ContentIssue(shown, "file", *problem)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ContentIssue(shown, "file", f"cannot be read ({exc.strerror or exc})",
                            "make it readable (chmod a+r), or move it out of content/")
    return _text_problem(shown, raw)


def _unreachable(path: Path, settings: dict[str, Any]) -> Problem | None:
    if not path.resolve().is_relative_to(_resolved(settings["PATH"])):
        return ("is a symlink to a file outside content/",
                "copy the file into content/ instead of linking to it")
    if not path.exists():
        return "is a symlink to a file that does not exist", "remove the link, or copy the file into content/"
    too_big = over(settings, "STEPWISE_MAX_SOURCE_BYTES", path.stat().st_size)
    if too_big:
        return too_big, ("split it into several posts, or move large media to content/media/, "
                         + raise_it("STEPWISE_MAX_SOURCE_BYTES"))
    return None


UTF8_FIX = ("save the file as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8; in TextEdit: Format, "
            "Make Plain Text, then save with Unicode (UTF-8))")


def not_utf8(shown: str, exc: UnicodeDecodeError) -> ContentIssue:
    """A file saved in another encoding: named at its line, with the character it most likely
    holds there (in Windows' own encoding, which Word and Notepad long saved in)."""
    raw = bytes(exc.object)
    guess = raw[exc.start:exc.start + 1].decode("cp1252", errors="replace")
    shown_guess = guess.isprintable() and guess != "\ufffd"
    what = f"{guess!r} on this line" if shown_guess else "a character on this line"
    return ContentIssue(shown, "file", f"is not UTF-8 text: {what} is saved in another encoding", UTF8_FIX,
                        line=raw.count(b"\n", 0, exc.start) + 1)


def _text_problem(shown: str, raw: bytes) -> ContentIssue | None:
    if not raw.strip():
        return ContentIssue(shown, "file", "is empty", "add a 'Title:' line, a 'Date:' line and some text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return not_utf8(shown, exc)
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


Problem = tuple[str, str]  # (what is wrong, how to fix it)
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".vtt", ".srt", ".txt", ".json"})
# The size limit of each kind of file read as text (a Markdown file's is checked as it is read).
SIZE_LIMITS = {".yaml": "STEPWISE_MAX_YAML_BYTES", ".yml": "STEPWISE_MAX_YAML_BYTES",
               ".vtt": "STEPWISE_MAX_TRANSCRIPT_BYTES", ".srt": "STEPWISE_MAX_TRANSCRIPT_BYTES"}


def ignore_patterns(settings: dict[str, Any]) -> list[str]:
    """IGNORE_FILES as Pelican matches it, on each file's and folder's own name: its default
    '**/.*' never matches a name alone (no '/'), so an editor's lock file (.#post.md, a
    dangling link) or a Mac's ._post.md was read as a post. Each '**/x' is also given as 'x'."""
    patterns = [str(pattern) for pattern in settings.get("IGNORE_FILES") or []]
    extra = [pattern[3:] for pattern in patterns if pattern.startswith("**/") and pattern[3:]]
    return [*patterns, *(pattern for pattern in extra if pattern not in patterns)]


def ignored(relative: Path, patterns: list[str]) -> bool:
    """Whether Pelican skips this path (relative to content/): a part of it matches IGNORE_FILES."""
    return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in patterns)


# Pelican's Markdown reader reads these extensions, written exactly so: 'post.MD' is left out.
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


# Office documents an author may save or drop in: published as files nowhere (static_files names
# them with 'save it as a PDF'), and read as posts by no reader.
OFFICE_DOCUMENTS = {"docx": "a Word document", "doc": "a Word document", "odt": "an OpenDocument text",
                    "rtf": "a rich-text document", "pages": "a Pages document", "xlsx": "a spreadsheet",
                    "xls": "a spreadsheet", "ods": "a spreadsheet", "pptx": "a presentation",
                    "ppt": "a presentation", "key": "a Keynote presentation"}
# What a post saved from a word processor or a plain-text editor ends in: in a folder of posts,
# episodes or pages Pelican reads none of them, and skips them without a word.
PLAIN_TEXT = "a plain-text file"
DOCUMENT_FORMATS = {**OFFICE_DOCUMENTS, "txt": PLAIN_TEXT, "text": PLAIN_TEXT,
                    "gdoc": "a Google Docs shortcut"}
LEFT_OUT = "would be left out of the site without a word"  # named with every other problem (check_site)


def _extension_problem(path: Path, settings: dict[str, Any]) -> Problem | None:
    extension = path.suffix[1:]
    if extension.lower() in MARKDOWN_EXTENSIONS and extension not in MARKDOWN_EXTENSIONS:
        return (f"{LEFT_OUT}: Pelican reads '.md' only in small letters, not '{path.suffix}'",
                f"rename it to {path.stem}.md")
    kind = DOCUMENT_FORMATS.get(extension.lower())
    if kind is None or not _in_content_folder(path, settings):
        return None
    stem = path.stem.removesuffix(".md").removesuffix(".MD")
    fix = (f"rename it to {stem}.md" if kind == PLAIN_TEXT else
           f"save it as plain text named {stem}.md (in Word: File, Save As, Plain Text, then change .txt "
           "to .md), and delete this one")
    return (f"{LEFT_OUT}: it is {kind}, and posts, episodes and pages are read only from Markdown files "
            "(.md)", fix)


def _in_content_folder(path: Path, settings: dict[str, Any]) -> bool:
    """Whether the file is under a folder of posts, episodes or pages (and no static folder)."""
    relative = path.relative_to(Path(settings["PATH"]).resolve()).as_posix()
    def under(*names: str) -> bool:  # '' is content/ itself
        folders = [str(folder).strip("/") for name in names for folder in settings.get(name) or []]
        return any(not folder or relative.startswith(f"{folder}/") for folder in folders)
    return under("ARTICLE_PATHS", "PAGE_PATHS") and not under("STATIC_PATHS")


def source_tree_problems(settings: dict[str, Any]) -> list[ContentIssue]:
    """Files under content/ that nothing may read: links out of it or in a loop, devices,
    unreadable or oversized files, control characters; and Markdown Pelican would skip."""
    content = Path(settings["PATH"]).resolve()
    patterns = ignore_patterns(settings)
    issues = []
    for path in sorted(content.rglob("*")):  # rglob does not descend into linked folders
        if ignored(path.relative_to(content), patterns):
            continue
        try:
            issue = _path_problem(path, content, settings)
        except OSError as exc:  # whatever the file system says, as a problem with this file
            issue = ContentIssue(shown_path(str(path), settings), "file",
                                 f"cannot be read ({exc.strerror or exc})",
                                 "make it readable (chmod a+r), or move it out of content/")
        issues += [issue] if issue else []
    return issues


def _path_problem(path: Path, content: Path, settings: dict[str, Any]) -> ContentIssue | None:
    shown = shown_path(str(path), settings)
    problem = _link_problem(path, content) if path.is_symlink() else None
    if problem is None and path.is_dir():
        list(os.scandir(path))  # an unreadable folder would be skipped by Pelican without a word
        return None
    if problem is None and not path.is_file():
        problem = ("is not a regular file (a device, a pipe or a broken link)",
                   "replace it with a real file, or delete it")
    if problem is None:
        problem = _size_problem(path, settings) or _extension_problem(path, settings)
    if problem:
        return ContentIssue(shown, "file", *problem)
    with open(path, "rb"):
        pass  # readable at all? (the OSError is the problem)
    if path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size <= _source_limit(settings):
        return text_file_problem(path, settings)
    return None


def _link_problem(path: Path, content: Path) -> Problem | None:
    try:
        target = path.resolve()
    except RuntimeError:  # Python 3.11 reports a loop this way
        return "is a link that leads back to itself (a loop)", "delete the link"
    if not target.is_relative_to(content):
        return ("is a symlink to a file outside content/",
                "copy the file into content/ instead of linking to it")
    if target.is_dir() and path.parent.resolve().is_relative_to(target):
        return ("is a link to a folder that holds it, so reading content/ would never end",
                "delete the link")
    return None


def _size_problem(path: Path, settings: dict[str, Any]) -> Problem | None:
    setting = SIZE_LIMITS.get(path.suffix.lower())
    problem = over(settings, setting, path.stat().st_size) if setting else None
    return (problem, f"split it into smaller files, {raise_it(setting)}") if problem and setting else None


def _source_limit(settings: dict[str, Any]) -> int:
    return limit(settings, "STEPWISE_MAX_SOURCE_BYTES")


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


# A Markdown file with a control character is refused by the reader alone (reader.py): no
# plugin sees its text, so the rest of the site is read and every other problem named too
# (the build state's left_to_reader keeps them until then).
CONTROL_PROBLEM = "contains the control character"
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})


def left_to_reader(issue: ContentIssue) -> bool:
    """A problem named with the others once everything is read: reading on is safe (a file Pelican
    skips, or a control character the Markdown reader names at its line)."""
    return issue.problem.startswith(LEFT_OUT) or (
        issue.problem.startswith(CONTROL_PROBLEM) and Path(issue.path).suffix.lower() in MARKDOWN_SUFFIXES)


def _control_character(shown: str, text: str) -> ContentIssue | None:
    """A character XML cannot carry would break every feed the text reaches; Markdown drops some silently."""
    bad = CONTROL_CHARACTERS.search(text)
    if bad is None:
        return None
    line = text.count("\n", 0, bad.start()) + 1
    return ContentIssue(shown, "file", f"{CONTROL_PROBLEM} U+{ord(bad.group()):04X}",
                        "delete it (it is invisible in most editors; retype the line)", line=line)
