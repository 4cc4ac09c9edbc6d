"""The practice's people: post authors and podcast guests, from one YAML file.

One registry so an author page and a guest page show the same bio, and a
misspelt name is caught at build time instead of creating a stray author page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .errors import ContentIssue, report
from .sources import shown_path

FIELDS = {
    "name": "the name exactly as posts and episodes write it",
    "bio": "one or two sentences about them",
    "role": "for example 'Counselling psychologist' (optional)",
    "pronouns": "optional",
    "url": "their own website, https only (optional)",
}
REQUIRED = ("name", "bio")


@dataclass(frozen=True)
class Person:
    name: str
    bio: str
    role: str = ""
    pronouns: str = ""
    url: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def load_people(path: Path, shown: str = "") -> tuple[dict[str, Person], list[ContentIssue]]:
    """Read the registry; every problem comes back as an issue, never an exception.

    `shown` is the path as authors see it (content/people.yaml).
    """
    shown = shown or str(path)
    if not path.exists():
        return {}, [ContentIssue(shown, "file", "does not exist",
                                 "create it with one '- name: …' and 'bio: …' entry per author and guest")]
    try:
        text = path.read_text(encoding="utf-8")
        entries = yaml.safe_load(text) or []
    except UnicodeDecodeError as exc:
        return {}, [ContentIssue(shown, "file", f"is not UTF-8 text (byte {exc.start})",
                                 "save the file as UTF-8 in your editor")]
    except yaml.YAMLError as exc:
        fix = "check the indentation and quote values that contain a colon"
        return {}, [ContentIssue(shown, "people", f"is not valid YAML ({_first_line(exc)})", fix,
                                 line=_error_line(exc))]
    if not isinstance(entries, list):
        return {}, [ContentIssue(shown, "people", "must be a list of people",
                                 "start each person with '- name: …'")]
    people: dict[str, Person] = {}
    issues: list[ContentIssue] = []
    lines = _entry_lines(text)
    for index, entry in enumerate(entries, start=1):
        person, problems = _read_person(shown, index, entry)
        issues.extend(_with_line(problem, lines.get(index)) for problem in problems)
        if person and person.name in people:
            issues.append(_with_line(ContentIssue(shown, f"person {index}.name",
                                                  f"{person.name!r} is listed twice",
                                                  "keep one entry per person"), lines.get(index)))
        elif person:
            people[person.name] = person
    return people, issues


def _read_person(shown: str, index: int, entry: Any) -> tuple[Person | None, list[ContentIssue]]:
    where = f"person {index}"
    if not isinstance(entry, dict):
        return None, [ContentIssue(shown, where, "is not a mapping", "write 'name:' and 'bio:' lines")]
    issues = [
        ContentIssue(shown, f"{where}.{key}", "is not a known field",
                     f"use only: {', '.join(FIELDS)}")
        for key in entry if key not in FIELDS
    ]
    issues += [
        ContentIssue(shown, f"{where}.{key}", "is missing", f"add {key}: {FIELDS[key]}")
        for key in REQUIRED if not str(entry.get(key) or "").strip()
    ]
    url = str(entry.get("url") or "")
    if url and not url.startswith("https://"):
        issues.append(ContentIssue(shown, f"{where}.url", f"{url!r} is not an https address",
                                   "write the full address, starting https://"))
    values = {key: str(entry.get(key) or "").strip() for key in FIELDS}
    # A person with a bad field still exists: their posts should not all fail as
    # "unknown author" on top of the one real mistake (the issues fail the build anyway).
    return (Person(**values) if values["name"] else None), issues


def _entry_lines(text: str) -> dict[int, dict[str, int]]:
    """Line of each entry's keys (and of the entry itself, under ''), by entry number."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.SequenceNode):
        return {}
    found: dict[int, dict[str, int]] = {}
    for index, node in enumerate(root.value, start=1):
        keys = {"": node.start_mark.line + 1}
        if isinstance(node, yaml.MappingNode):
            keys |= {str(key.value): key.start_mark.line + 1 for key, _value in node.value}
        found[index] = keys
    return found


def _with_line(issue: ContentIssue, keys: dict[str, int] | None) -> ContentIssue:
    if not keys:
        return issue
    key = issue.field.rpartition(".")[2]
    return replace(issue, line=keys.get(key, keys[""]))


def _error_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def share_people(generator: Any, *, required: bool = True) -> None:
    """Load people.yaml once per build into the context (`people`, `people_by_slug`).

    Called by whichever plugin needs the registry first (the stepwise plugin's
    receivers, the podcast's episode checks): a library function, so no plugin calls
    another plugin's receiver. Its problems are reported once. A plugin that can do
    without the file (the podcast, in a site that names no hosts or guests) passes
    required=False: a missing file is then left for a plugin that requires it to report.
    """
    context = generator.context
    if "people" in context:
        return
    path = Path(generator.settings["PATH"]) / generator.settings.get("PEOPLE_FILE", "people.yaml")
    if not required and not path.exists():
        return
    people, issues = load_people(path, shown_path(str(path), generator.settings))
    for issue in issues:
        report(context, issue)
    context["people"] = people
    context["people_by_slug"] = {person.slug: person for person in people.values()}
