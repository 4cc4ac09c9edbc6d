"""The practice's people: post authors and podcast guests, from one YAML file.

One registry so an author page and a guest page show the same bio, and a
misspelt name is caught at build time instead of creating a stray author page.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .errors import ContentIssue, report
from .limits import over, raise_it
from .protocols import Generator
from .rules import character_problem
from .safeyaml import safe_load
from .sources import not_utf8, shown_path

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


# The context key that says people.yaml failed as a whole (see unreadable).
PEOPLE_UNREADABLE = "people_unreadable"


def unreadable(issues: list[ContentIssue]) -> bool:
    """Whether the file as a whole failed: then no name can be checked against it, and
    posts and episodes do not each fail as naming an unknown person."""
    return any(issue.field in {"file", "people"} for issue in issues)


def load_people(path: Path, shown: str = "",
                settings: dict[str, Any] | None = None) -> tuple[dict[str, Person], list[ContentIssue]]:
    """Read the registry; every problem comes back as an issue, never an exception.

    `shown` is the path as authors see it (content/people.yaml); `settings` holds the limits.
    """
    shown, settings = shown or str(path), settings or {}
    text, problem = _read_text(path, shown, settings)
    if problem:
        return {}, [problem]
    entries, problems = safe_load(text, settings)
    if problems:  # one field for the file as a whole: posts then do not all fail as "unknown author"
        first = problems[0]
        what = first.problem if first.field == "file" else f"{first.field!r} {first.problem}"
        return {}, [ContentIssue(shown, "people", what, first.fix, line=first.line)]
    entries = entries or []
    if not isinstance(entries, list):
        return {}, [ContentIssue(shown, "people", "must be a list of people",
                                 "start each person with '- name: …'")]
    too_many = over(settings, "STEPWISE_MAX_PEOPLE", len(entries), f"lists {len(entries):,} people")
    if too_many:
        fix = f"remove old entries, {raise_it('STEPWISE_MAX_PEOPLE')}"
        return {}, [ContentIssue(shown, "people", too_many, fix)]
    return _registry(shown, entries, _entry_lines(text))


def _read_text(path: Path, shown: str, settings: dict[str, Any]) -> tuple[str, ContentIssue | None]:
    if not path.exists():
        return "", ContentIssue(shown, "file", "does not exist",
                                "create it with one '- name: …' and 'bio: …' entry per author and guest")
    try:
        size = path.stat().st_size
        too_big = over(settings, "STEPWISE_MAX_YAML_BYTES", size)
        if too_big:
            fix = f"shorten the bios, {raise_it('STEPWISE_MAX_YAML_BYTES')}"
            return "", ContentIssue(shown, "file", too_big, fix)
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError as exc:
        return "", not_utf8(shown, exc)
    except OSError as exc:
        return "", ContentIssue(shown, "file", f"cannot be read ({exc.strerror or exc})",
                                "check that the file can be read by the user running the build")


def _registry(shown: str, entries: list[Any],
              lines: dict[int, dict[str, int]]) -> tuple[dict[str, Person], list[ContentIssue]]:
    """The people by name, and every problem: bad entries, names listed twice, addresses shared."""
    people: dict[str, Person] = {}
    by_slug: dict[str, tuple[int, Person]] = {}
    issues: list[ContentIssue] = []
    for index, entry in enumerate(entries, start=1):
        person, problems = _read_person(shown, index, entry)
        issues.extend(_with_line(problem, lines.get(index)) for problem in problems)
        if person is None:
            continue
        problem = _clash(person, people, by_slug)
        if problem:
            issues.append(_with_line(ContentIssue(shown, f"person {index}.name", *problem), lines.get(index)))
            continue
        people[person.name] = person
        by_slug[person.slug] = (index, person)
    return people, issues


def _clash(person: Person, people: dict[str, Person],
           by_slug: dict[str, tuple[int, Person]]) -> tuple[str, str] | None:
    """(problem, fix) when this person's name or page address is already taken."""
    if person.name in people:
        return f"{person.name!r} is listed twice", "keep one entry per person"
    if not person.slug:
        return (f"{person.name!r} has no letter or digit to make a page address from",
                "write the name in letters, as posts and episodes spell it")
    if person.slug in by_slug:
        index, other = by_slug[person.slug]
        return (f"{person.name!r} would have the same page address ('{person.slug}') as "
                f"{other.name!r} (person {index})",
                "spell each person's name so that it differs in a letter or digit, or keep one entry")
    return None


def _read_person(shown: str, index: int, entry: Any) -> tuple[Person | None, list[ContentIssue]]:
    where = f"person {index}"
    if not isinstance(entry, dict):
        return None, [ContentIssue(shown, where, "is not a mapping", "write 'name:' and 'bio:' lines")]
    issues = [
        ContentIssue(shown, f"{where}.{key}", "is not a known field", _field_fix(str(key)))
        for key in entry if key not in FIELDS
    ]
    issues += [
        ContentIssue(shown, f"{where}.{key}", "is missing", f"add {key}: {FIELDS[key]}")
        for key in REQUIRED if not str(entry.get(key) or "").strip()
    ]
    issues += [
        ContentIssue(shown, f"{where}.{key}", problem,
                     "delete it (it is invisible in most editors; retype it)")
        for key in FIELDS if (problem := character_problem(str(entry.get(key) or "")))
    ]
    url = str(entry.get("url") or "")
    if url and not url.startswith("https://"):
        issues.append(ContentIssue(shown, f"{where}.url", f"{url!r} is not an https address",
                                   "write the full address, starting https://"))
    values = {key: str(entry.get(key) or "").strip() for key in FIELDS}
    # A person with a bad field still exists: their posts should not all fail as
    # "unknown author" on top of the one real mistake (the issues fail the build anyway).
    return (Person(**values) if values["name"] else None), issues


def _field_fix(key: str) -> str:
    """'did you mean name:?' for a misspelt field, as the header of a post says it."""
    close = difflib.get_close_matches(key.lower(), list(FIELDS), n=1, cutoff=0.6)
    listed = f"use only: {', '.join(FIELDS)}"
    return f"did you mean '{close[0]}:'? Correct the spelling ({listed})" if close else listed


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


def share_people(generator: Generator, *, required: bool = True) -> None:
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
    people, issues = load_people(path, shown_path(str(path), generator.settings), generator.settings)
    for issue in issues:
        report(context, issue)
    context["people"] = people
    context[PEOPLE_UNREADABLE] = unreadable(issues)
    context["people_by_slug"] = {person.slug: person for person in people.values()}
