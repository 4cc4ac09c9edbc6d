"""Metadata rules for posts, episodes and pages, as one table.

Each rule names the field, which kinds of file it applies to, and how to fix a
failure. The reader applies the table; nothing else decides what is valid.
Episode-only fields (Guid, Audio, ...) are validated by the podcast plugin, and
``Worksheet`` by the worksheets plugin; they are listed here only as known keys.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from .errors import ERROR, WARNING, ContentIssue
from .rule import Rule

POST, EPISODE, PAGE = "post", "episode", "page"
ALL = frozenset({POST, EPISODE, PAGE})
DATED = frozenset({POST, EPISODE})

Check = Callable[[Any, dict[str, Any]], "str | None"]


# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, U+FFFE, U+FFFF) would make
# every feed holding them unreadable; C1 controls (U+007F-U+009F) are HTML parse errors and
# nearly always mis-decoded Windows quotes. All are invisible, so all are refused up front.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _limited_text(limit: int) -> Check:
    """A check for non-empty plain text of at most `limit` characters that XML can carry.

    Metadata is plain text (templates escape it), so '<b>' counts as three characters.
    """
    def check(value: Any, _context: dict[str, Any]) -> str | None:
        text = str(value).strip()
        if not text:
            return "is empty"
        bad = CONTROL_CHARACTERS.search(text)
        if bad:
            return f"contains the control character U+{ord(bad.group()):04X}, which feeds cannot carry"
        if len(text) > limit:
            return f"is {len(text)} characters long; the limit is {limit}"
        return None
    return check


def _known_author(value: Any, context: dict[str, Any]) -> str | None:
    people = context.get("people")
    names = [str(a) for a in (value if isinstance(value, list) else [value])]
    unknown = [n for n in names if people is not None and n not in people]
    return f"{', '.join(map(repr, unknown))} is not in content/people.yaml" if unknown else None


def _status(value: Any, _context: dict[str, Any]) -> str | None:
    return None if str(value) in {"published", "draft", "hidden"} else f"{value!r} is not a status"


# What a page address (Slug) may be made of; the scaffolds write only slugs that match it.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _slug(value: Any, _context: dict[str, Any]) -> str | None:
    ok = SLUG.fullmatch(str(value))
    return None if ok else f"{value!r} has characters other than a-z, 0-9 and single hyphens"


# Pelican writes an item's address into every link to it as it is: a quote, '<', '&', a space
# or '?' there would end the attribute or start markup, so an address has only these.
ADDRESS_CHARACTERS = re.compile(r"[\w.~/%+-]*")


def _inside_output(value: Any, context: dict[str, Any]) -> str | None:
    parts = str(value).replace("\\", "/").split("/")
    if str(value).startswith(("/", "\\")) or ".." in parts or ":" in str(value):
        return f"{value!r} points outside the site"
    if not ADDRESS_CHARACTERS.fullmatch(str(value)) and not context.get("policy_off"):
        odd = sorted({c for c in str(value) if not ADDRESS_CHARACTERS.fullmatch(c)})
        return (f"{value!r} holds {', '.join(map(repr, odd))}: an address may hold only letters, digits "
                "and - _ . ~ / % +")
    return None


def _plausible_date(value: Any, _context: dict[str, Any]) -> str | None:
    if isinstance(value, dt.datetime) and value.year < 1990:
        return f"{value:%Y-%m-%d} is before this practice existed"
    return None


def FieldRule(field: str, kinds: frozenset[str], fix: str, *, required: bool = False,
              severity: str = ERROR, check: Check | None = None) -> Rule[Check | None]:
    """A row of RULES: a stepwise_core.rule.Rule, written in the order this table reads best."""
    return Rule(field, check, fix, required=required, severity=severity, applies_to=kinds)


RULES: tuple[Rule[Check | None], ...] = (
    FieldRule("title", ALL, "add a line such as 'Title: Small wins count' at the top",
              required=True, check=_limited_text(150)),
    FieldRule("date", DATED, "write the date as 'Date: 2026-03-01 09:00'",
              required=True, check=_plausible_date),
    FieldRule("author", frozenset({POST}),
              "write 'Author: <name>' with a name from content/people.yaml, or add the person there",
              required=True, check=_known_author),
    FieldRule("summary", DATED, "add 'Summary: one or two plain sentences' for listings and feeds",
              required=True, severity=WARNING, check=_limited_text(400)),
    FieldRule("status", ALL, "use 'Status: published', 'Status: draft' or 'Status: hidden'",
              check=_status),
    FieldRule("slug", ALL, "use lower-case words joined by hyphens, e.g. 'Slug: small-wins'",
              check=_slug),
    FieldRule("save_as", ALL, "remove the line: the address comes from the Slug", check=_inside_output),
    FieldRule("url", ALL, "remove the line: the address comes from the Slug", check=_inside_output),
)

KNOWN_FIELDS = frozenset(
    {rule.field for rule in RULES}
    | {"modified", "authors", "category", "tags", "lang", "template", "save_as", "url",
       "translation", "content-note", "content_note", "safe-messaging", "worksheet", "worksheet-inline",
       "image",
       "image-alt", "episode", "season", "episode-type", "audio", "audio-length", "duration",
       "guid", "guests", "transcript", "chapters", "explicit", "episode-image", "block",
       "audio-type", "host", "hosts", "license", "funding", "related", "menu_label",
       "episode-image-alt", "previous-slugs"}
)


def kind_of(source_path: str) -> str:
    """A file's kind from its folder under content/."""
    parts = source_path.replace("\\", "/").split("/")
    if "episodes" in parts:
        return EPISODE
    if "pages" in parts:
        return PAGE
    return POST


def check_metadata(path: str, metadata: dict[str, Any], context: dict[str, Any]) -> Iterator[ContentIssue]:
    """Every problem with one file's metadata, errors and warnings alike."""
    kind = kind_of(path)
    for rule in RULES:
        if not rule.applies(kind):
            continue
        if rule.field not in metadata:
            if rule.required:
                yield ContentIssue(path, rule.field.title(), "is missing", rule.fix, severity=rule.severity)
            continue
        value = metadata[rule.field]
        # Pelican marks an empty 'Slug:' or 'Status:' line with a bare object() (to drop it later);
        # shown as it is, that reads "<object object at 0x7f...> has characters other than...".
        if type(value) is object:
            problem: str | None = "is empty"
        else:
            problem = rule.check(value, context) if rule.check else None
        if problem:
            yield ContentIssue(path, rule.field.title(), problem, rule.fix, severity=rule.severity)
    for key in sorted(set(metadata) - KNOWN_FIELDS):
        yield ContentIssue(path, key.title(), "is not a field Stepwise knows",
                           "check the spelling, or remove the line", severity=WARNING)
