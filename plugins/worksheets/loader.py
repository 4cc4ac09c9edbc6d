"""Read worksheets (YAML files, or a block inside a post) into Worksheet objects.

Every problem becomes a ContentIssue naming the file, the line and the field;
nothing here raises for bad input, and every problem of a worksheet is reported
in one build. YAML is read with a loader that remembers the line of every key,
because "line 14" is what an author needs to find it, and that reads every value
as the text written: YAML 1.1 would read Yes/No as true/false, 12:30 as 750 and
2026-01-01 as a date, where an author means text (kinds.py reads the few numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stepwise_core.errors import ContentIssue
from stepwise_core.limits import over, raise_it
from stepwise_core.safeyaml import COMMENT_FIX, safe_load
from stepwise_core.sources import not_utf8

from .kinds import (
    COLON_FIX,
    COMMON_OPTIONAL,
    COMMON_REQUIRED,
    KINDS,
    NAME_AND_VALUE,
    PLAIN_QUESTION_KIND,
    Field,
    allowed_fields,
    identifier,
    text,
    whole_number,
)
from .model import Question, Worksheet

CHARACTER_FIX = "delete it (it is invisible in most editors; retype the line)"
TOP_FIELDS: dict[str, Field] = {
    "title": Field(text, "title: Noticing progress"),
    "intro": Field(text, "intro: One or two sentences on what this is for."),
    "minutes": Field(whole_number(1, 120), "minutes: 10", int),
    "questions": Field(lambda v: None, "questions: (a list, one '- id: …' per question)"),
}


class LocatedDict(dict[Any, Any]):
    """A YAML mapping that knows the line of each of its keys."""

    line: int = 0
    lines: dict[Any, int]


class LocatedList(list[Any]):
    """A YAML list that knows the line of each entry (a plain question has no key to hold it)."""

    lines: list[int]


class _LineLoader(yaml.BaseLoader):
    """PyYAML's base loader (every scalar is text: no YAML 1.1 booleans, numbers, times or dates;
    no Python objects, ever), keeping line numbers.

    Only ever given text that stepwise_core.safeyaml passed: no alias, anchor, tag or merge key.
    """


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LocatedDict:
    mapping = LocatedDict()
    mapping.line, mapping.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))  # safeyaml: a key is always a scalar
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LocatedList:
    entries = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    entries.lines = [child.start_mark.line + 1 for child in node.value]
    return entries


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _Reader:
    """Collects the issues of one worksheet source while it is read."""

    def __init__(self, source: str, settings: dict[str, Any], line_offset: int = 0) -> None:
        self.source = source
        self.settings = settings
        self.offset = line_offset
        self.issues: list[ContentIssue] = []
        self.cut_lines: set[int] = set()  # lines where a comment cut a value (reported once, there)

    def problem(self, field: str, problem: str, fix: str, line: int | None = None) -> None:
        shown_line = None if line is None else line + self.offset
        if shown_line in self.cut_lines:
            return  # 'prompt: #1 thing' is one mistake: not also "prompt: is empty"
        self.issues.append(ContentIssue(self.source, field, problem, fix, line=shown_line))

    def check_fields(self, data: LocatedDict, fields: dict[str, Field], where: str,
                     required: tuple[str, ...], *, others_unknown: bool = True) -> None:
        """Report every missing, misplaced or wrong field; `others_unknown`: a field not in `fields`
        is an error (off while the question's kind, and so its fields, is not known)."""
        prefix = f"{where}." if where else ""
        for key in required:
            if key not in data:
                self.problem(f"{prefix}{key}", "is missing", f"add '{fields[key].example}'", data.line)
        for key, value in data.items():
            spec = fields.get(key)
            if spec is None:
                if others_unknown:
                    self.problem(f"{prefix}{key}", "is not a field here",
                                 f"use only: {', '.join(fields)}", data.lines.get(key))
                continue
            problem = spec.check(value)
            if problem:
                fix = (CHARACTER_FIX if "character U+" in problem else COLON_FIX if NAME_AND_VALUE in problem
                       else f"write it like '{spec.example}'")
                self.problem(f"{prefix}{key}", problem, fix, data.lines.get(key))


def parse_yaml(raw: str, reader: _Reader) -> Any:
    """The data, or None when it cannot be read; slips (a comment cutting a value, a key written
    twice) are reported and the data still given, so the file's other problems come out too."""
    data, problems = safe_load(raw, reader.settings, loader=_LineLoader, line_offset=reader.offset,
                               past_slips=True, text_only=True)  # no worksheet value may be empty
    for problem in problems:  # their lines count from the top of the file already
        line = None if problem.line is None else problem.line - reader.offset
        reader.problem(problem.field, problem.problem, problem.fix, line)
    reader.cut_lines = {p.line for p in problems if p.fix == COMMENT_FIX and p.line is not None}
    return data


def _not_a_question(entry: Any) -> tuple[str, str] | None:
    """(problem, fix) for an entry that is neither plain text nor a question's fields: a question
    with ': ' that YAML read as a name and a value, a list, an empty entry."""
    if isinstance(entry, LocatedDict) and len(entry) == 1 and not set(entry) & {"id", "kind", "prompt"}:
        return (f"{NAME_AND_VALUE} ('{next(iter(entry))}: …'): YAML takes ': ' inside a plain "
                "question so", "put the question in quotes")
    if not isinstance(entry, LocatedDict):
        return ("must be a question ('- id: …' with kind and prompt) or plain text",
                "start each question with '- id: a-name', then 'kind:' and 'prompt:'")
    return None


def _plain_question(entry: str, index: int, reader: _Reader, line: int) -> Question | None:
    problem = text(entry)  # plain text: no invisible characters either
    if problem:
        reader.problem(f"questions[{index}]", problem, CHARACTER_FIX, line)
        return None
    return Question(id=f"q{index}", kind=PLAIN_QUESTION_KIND, prompt=entry.strip())


# What a question of an unknown kind is still checked for: the fields every kind has.
ANY_KIND = {key: field for key, field in {**COMMON_REQUIRED, **COMMON_OPTIONAL}.items() if key != "kind"}


def _question(entry: Any, index: int, reader: _Reader, line: int) -> Question | None:
    """The question, or None with every problem of it reported (an unknown kind still has its
    id, prompt and help checked)."""
    if isinstance(entry, str) and entry.strip():
        return _plain_question(entry, index, reader, line)
    where = f"questions[{index}]"
    wrong = _not_a_question(entry)
    if wrong:
        reader.problem(where, *wrong, line)
        return None
    kind_name = entry.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        problem = "is missing" if "kind" not in entry else f"{kind_name!r} is not a question kind"
        reader.problem(f"{where}.kind", problem, f"use one of: {', '.join(KINDS)}",
                       entry.lines.get("kind", entry.line))
        reader.check_fields(entry, ANY_KIND, where, ("id", "prompt"), others_unknown=False)
        return None
    before = len(reader.issues)
    fields = allowed_fields(kind)
    reader.check_fields(entry, fields, where, (*COMMON_REQUIRED, *kind.required))
    if len(reader.issues) > before:
        return None
    values = {key: fields[key].read(tuple(v) if isinstance(v, list) else v) for key, v in entry.items()}
    values["prompt"] = values["prompt"].strip()
    return Question(**values)


def _written_id(entry: Any) -> str | None:
    """The id a question's entry gives, when it is a valid one (even if the question is not)."""
    written = entry.get("id") if isinstance(entry, LocatedDict) else None
    return written if isinstance(written, str) and identifier(written) is None else None


def _questions(data: LocatedDict, reader: _Reader) -> tuple[Question, ...]:
    entries = data.get("questions")
    line = data.lines.get("questions", data.line)
    if not isinstance(entries, list) or not entries:
        reader.problem("questions", "must be a list with at least one question",
                       "add 'questions:' and under it '- id: …' lines", line)
        return ()
    too_many = over(reader.settings, "STEPWISE_MAX_QUESTIONS", len(entries),
                    f"has {len(entries)} questions")
    if too_many:
        reader.problem("questions", too_many,
                       f"keep the worksheet short, {raise_it('STEPWISE_MAX_QUESTIONS')}", line)
        return ()
    questions: list[Question] = []
    seen: dict[str, int] = {}
    lines = entries.lines if isinstance(entries, LocatedList) else [line] * len(entries)
    for index, (entry, entry_line) in enumerate(zip(entries, lines, strict=True), start=1):
        question = _question(entry, index, reader, entry_line)
        question_id = question.id if question else _written_id(entry)
        if question_id is None:
            continue
        if question_id in seen:  # checked for a question with other problems too: all come out at once
            id_line = entry.lines.get("id", entry_line) if isinstance(entry, LocatedDict) else entry_line
            reader.problem(f"questions[{index}].id", f"{question_id!r} is used twice "
                           f"(also questions[{seen[question_id]}])", "give each question its own id", id_line)
            continue
        seen[question_id] = index
        if question is not None:
            questions.append(question)
    return tuple(questions)


def parse_worksheet(raw: str, slug: str, source: str, *, line_offset: int = 0,
                    default_title: str = "", settings: dict[str, Any] | None = None,
                    ) -> tuple[Worksheet | None, list[ContentIssue]]:
    """One worksheet from YAML text; the issues name `source` (and lines + line_offset).

    `settings` holds the limits (stepwise_core.limits); without it, the defaults apply.
    """
    reader = _Reader(source, settings or {}, line_offset)
    data = parse_yaml(raw, reader)
    if data is None and reader.issues:
        return None, reader.issues
    if not isinstance(data, LocatedDict):
        reader.problem("file", "must be a mapping with title and questions",
                       "start with 'title: …', then 'questions:'", 1)
        return None, reader.issues
    if default_title and "title" not in data:
        data["title"], data.lines["title"] = default_title, data.line
    required = ("title", "questions")
    reader.check_fields(data, TOP_FIELDS, "", required)
    questions = _questions(data, reader) if isinstance(data.get("questions"), list) else ()
    if reader.issues:
        return None, reader.issues
    minutes = TOP_FIELDS["minutes"].read(data["minutes"]) if "minutes" in data else 5
    worksheet = Worksheet(slug=slug, title=data["title"].strip(), questions=questions,
                          intro=str(data.get("intro", "")).strip(), minutes=minutes, source=source)
    return worksheet, []


@dataclass
class Library:
    """The worksheets that loaded, the problems, and the names of files that did not load."""

    worksheets: dict[str, Worksheet] = field(default_factory=dict)
    issues: list[ContentIssue] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)


def load_library(folder: Path, shown: str, settings: dict[str, Any] | None = None) -> Library:
    """Every content/worksheets/*.yaml (and .yml), by slug (the file name)."""
    found = Library()
    library, issues = found.worksheets, found.issues
    if not folder.is_dir():
        return found
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        source = f"{shown}/{path.name}"
        slug = path.stem
        bad_name = COMMON_REQUIRED["id"].check(slug)
        if bad_name:
            issues.append(ContentIssue(source, "file name", bad_name,
                                       "rename the file, e.g. noticing-progress.yaml"))
            continue
        if slug in library:
            issues.append(ContentIssue(source, "file name", f"{slug!r} is also {library[slug].source}",
                                       "keep one file per worksheet name"))
            continue
        try:
            raw = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            found.broken.add(slug)
            issues.append(not_utf8(source, exc))
            continue
        worksheet, problems = parse_worksheet(raw, slug, source, settings=settings)
        issues.extend(problems)
        if worksheet:
            library[slug] = worksheet
        else:
            found.broken.add(slug)
    return found
