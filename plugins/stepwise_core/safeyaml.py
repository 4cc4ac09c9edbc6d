"""The one way Stepwise reads YAML an author wrote: nothing that can hang or surprise.

PyYAML's safe_load still expands anchors and aliases: a few hundred bytes can
stand for billions of nodes, and an alias inside its own anchor makes a graph
with a cycle that any walk over it follows forever. It also merges keys (<<),
resolves tags, and keeps the last of two equal keys without a word. Authors
never need any of that. So the event stream is walked first (linear in the text,
no alias is ever resolved, every node counted and the nesting bounded), and only
text that passed is loaded. Every problem names its line. A slip that leaves the text
readable (a comment that cuts a value, a key written twice) does not stop the walk, so
a file's slips come out together, and a caller may ask for the data beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .limits import limit, raise_it

ANCHOR_FIX = "write the value out in full: YAML anchors and aliases (& and *) are not accepted here"
MERGE_FIX = "write each field out in full: merge keys ('<<') are not accepted here"
TAG_FIX = "remove the tag: values are plain text, numbers, true/false, lists and mappings"
SYNTAX_FIX = "check the indentation, and put quotes around text that contains a colon"
COMMENT_FIX = "put the text in quotes, or remove the #"
# A word processor's curly quotes are text to YAML: a value in them is not quoted at all.
CURLY_QUOTES = "‘’“”"
CURLY_FIX = ("type straight quotes (' or \") instead of the curly ones (‘ ’ or “ ”), which YAML reads as "
             "part of the text")
# After a plain value, ' #' starts a YAML comment: 'title: Checking in #3' is read as 'Checking in'.
TRAILING_COMMENT = re.compile(r"[ \t]+#")


@dataclass(frozen=True)
class YamlProblem:
    problem: str
    fix: str
    line: int | None = None
    field: str = "file"  # the key, for a key written twice
    slip: bool = False  # the text still reads safely as YAML: the walk goes on past it


@dataclass
class _Mapping:
    """A mapping being walked: its keys so far (line of each), and whether a key comes next."""

    keys: dict[str, int] = field(default_factory=dict)
    expect_key: bool = True


class _Walk:
    """One pass over the events; stops at the first problem that is not a slip (what follows
    may be nonsense, or unsafe)."""

    def __init__(self, settings: dict[str, Any], line_offset: int, text: str = "",
                 text_only: bool = False) -> None:
        self.settings = settings
        self.text_only = text_only
        self.lines = text.splitlines()
        self.offset = line_offset
        self.max_nodes = limit(settings, "STEPWISE_MAX_YAML_NODES")
        self.max_depth = limit(settings, "STEPWISE_MAX_YAML_DEPTH")
        self.stack: list[_Mapping | None] = []
        self.nodes = 0
        self.documents = 0

    def event(self, event: yaml.Event) -> YamlProblem | None:
        line = event.start_mark.line + 1 + self.offset if event.start_mark else None
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                return YamlProblem("holds a second YAML document (a second '---')",
                                   "keep everything in one document: remove the second '---'", line)
        if isinstance(event, yaml.AliasEvent):
            return YamlProblem(f"uses the alias '*{event.anchor}'", ANCHOR_FIX, line)
        if isinstance(event, yaml.NodeEvent):
            problem = self._node(event, line)
            if problem is not None and not problem.slip:
                return problem
            comment = self._comment_after(event) if isinstance(event, yaml.ScalarEvent) else None
            return comment or problem
        if isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()
        return None

    def _comment_after(self, event: yaml.ScalarEvent) -> YamlProblem | None:
        """A comment on the line of a plain value: YAML drops it without a word, and authors
        mean '#' as text ('Checking in #3'). Whole-line comments stay allowed."""
        if event.style is not None or event.end_mark is None:
            return None
        mark = event.end_mark
        rest = self.lines[mark.line][mark.column:] if mark.line < len(self.lines) else ""
        if not TRAILING_COMMENT.match(rest):
            return None
        if not event.value:  # 'prompt: #1 thing you noticed': all of it a comment
            if not self.text_only:
                return None  # where a value may be left empty, 'links: # none yet' is a comment
            return YamlProblem(f"has only {rest.strip()!r} as its value: YAML reads ' #' as the start of a "
                               "comment and drops it, so the value is empty", COMMENT_FIX,
                               mark.line + 1 + self.offset, slip=True)
        return YamlProblem(f"has {rest.strip()!r} after {event.value!r}: YAML reads ' #' as the start of a "
                           f"comment and drops it, so only {event.value!r} is read",
                           CURLY_FIX if event.value[0] in CURLY_QUOTES else COMMENT_FIX,
                           mark.line + 1 + self.offset, slip=True)

    def _node(self, event: yaml.NodeEvent, line: int | None) -> YamlProblem | None:
        if event.anchor is not None:
            return YamlProblem(f"defines the anchor '&{event.anchor}'", ANCHOR_FIX, line)
        tag = getattr(event, "tag", None)
        if tag is not None:
            return YamlProblem(f"uses the tag '{tag}'", TAG_FIX, line)
        self.nodes += 1
        if self.nodes > self.max_nodes:
            return YamlProblem(f"has more than {self.max_nodes:,} entries; the limit is "
                               f"{self.max_nodes:,}, set by STEPWISE_MAX_YAML_NODES in pelicanconf.py",
                               f"split it up, {raise_it('STEPWISE_MAX_YAML_NODES')}", line)
        problem = self._as_key(event, line)
        if problem:
            return problem
        if isinstance(event, yaml.CollectionStartEvent):
            self.stack.append(_Mapping() if isinstance(event, yaml.MappingStartEvent) else None)
            if len(self.stack) > self.max_depth:
                return YamlProblem(f"is nested more than {self.max_depth} levels deep; the limit is "
                                   f"{self.max_depth}, set by STEPWISE_MAX_YAML_DEPTH in pelicanconf.py",
                                   f"flatten it, {raise_it('STEPWISE_MAX_YAML_DEPTH')}", line)
        return None

    def _as_key(self, event: yaml.NodeEvent, line: int | None) -> YamlProblem | None:
        """Check a node that sits in a mapping's key position; flip key/value either way."""
        mapping = self.stack[-1] if self.stack else None
        if mapping is None:
            return None
        is_key, mapping.expect_key = mapping.expect_key, not mapping.expect_key
        if not is_key:
            return None
        if not isinstance(event, yaml.ScalarEvent):
            return YamlProblem("has a list or mapping where a name belongs (before a ':')",
                               "write a plain name before each ':'", line)
        if event.value == "<<" and event.style is None:
            return YamlProblem("uses a merge key ('<<')", MERGE_FIX, line)
        first = mapping.keys.get(event.value)
        if first is not None:
            return YamlProblem(f"is written twice (lines {first} and {line})", "keep one of them",
                               line, field=event.value, slip=True)
        mapping.keys[event.value] = line or 0
        return None


def yaml_problems(text: str, settings: dict[str, Any], line_offset: int = 0, *,
                  text_only: bool = False) -> list[YamlProblem]:
    """Every slip up to the first reason not to load `text`, and that reason (empty when it is safe).

    `line_offset`: the text starts after this many lines of its file (a block in a post).
    `text_only`: no value may be left empty, so one that is all comment is a slip too.
    """
    walk = _Walk(settings, line_offset, text, text_only)
    problems: list[YamlProblem] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            problem = walk.event(event)
            if problem:
                problems.append(problem)
                if not problem.slip:
                    return problems
    except yaml.YAMLError as exc:
        problems.append(syntax_problem(exc, line_offset, text))
    return problems


Loader = type[yaml.SafeLoader] | type[yaml.BaseLoader]


def safe_load(text: str, settings: dict[str, Any], loader: Loader = yaml.SafeLoader,
              line_offset: int = 0, *, past_slips: bool = False,
              text_only: bool = False) -> tuple[Any, list[YamlProblem]]:
    """(data, []) for text that passed yaml_problems; (None, problems) otherwise.

    `loader` may be a SafeLoader or BaseLoader subclass that keeps more (such as line numbers).
    `past_slips`: load text whose only problems are slips, and give the data beside them, so
    the caller can report its own problems with the file in the same build. `text_only`: see
    yaml_problems.
    """
    problems = yaml_problems(text, settings, line_offset, text_only=text_only)
    if problems and not (past_slips and all(problem.slip for problem in problems)):
        return None, problems
    try:
        return yaml.load(text, Loader=loader), problems  # Safe or Base: no Python objects, ever
    except yaml.YAMLError as exc:
        return None, [*problems, syntax_problem(exc, line_offset, text)]


# A second ': ' in a plain value ("prompt: Before: what was it like?"): the key, and the value to quote.
_SECOND_COLON = "mapping values are not allowed here"
_KEY_AND_VALUE = re.compile(r"^(?P<key>\s*(?:-\s+)?[^\s'\"#:-][^:#]*:)\s+(?P<value>[^'\"\s].*?)\s*$")


def syntax_problem(exc: yaml.YAMLError, line_offset: int = 0, text: str = "") -> YamlProblem:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    line = mark.line + 1 + line_offset if mark is not None else None
    written = text.splitlines()[mark.line] if mark is not None and mark.line < len(text.splitlines()) else ""
    quoted = _KEY_AND_VALUE.match(written) if reason == _SECOND_COLON else None
    if quoted:
        how = ("type straight quotes instead of the curly ones" if quoted["value"][0] in CURLY_QUOTES
               else "put the value in quotes")
        value = quoted["value"].strip(CURLY_QUOTES).replace("'", "''")
        return YamlProblem(f"has a second ': ' in {written.strip()!r}: YAML reads ': ' in a value without "
                           "quotes as the start of another name and value",
                           f"{how}: {quoted['key'].strip()} '{value}'", line)
    if "'\\t'" in reason:  # "found character '\t' that cannot start any token"
        return YamlProblem("has a tab where YAML accepts only spaces (to indent, or after a ':')",
                           "type spaces instead of the tab (two for each level of indenting)", line)
    return YamlProblem(f"is not valid YAML ({reason})", SYNTAX_FIX, line)
