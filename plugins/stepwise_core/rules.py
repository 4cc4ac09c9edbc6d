"""Metadata rules for posts, episodes and pages, as one table.

Each rule names the field as authors write it, which kinds of file it applies
to, how to fix a failure, and a check on the value Pelican made of it. Every
header line is checked as written first (repeats, unknown keys, invisible
characters, length, and dates, so that 'March' never reaches a date parser that
would guess). The reader applies the table; nothing else decides what is
valid. Episode-only fields (Guid, Audio, ...) are read by the podcast plugin and
``Worksheet`` by the worksheets plugin; they are listed here as known fields, so
that a misspelt field is an error with a suggestion, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .errors import ERROR, WARNING, ContentIssue
from .header import SPACED, HeaderLine, below_cut, header_cut_short, stranded_lines
from .limits import over, raise_it, setting_named
from .rule import Rule
from .settings_source import settings_file

POST, EPISODE, PAGE = "post", "episode", "page"
ALL = frozenset({POST, EPISODE, PAGE})
DATED = frozenset({POST, EPISODE})
# Fields a theme reads from metadata, beyond those below: declared here so they are known.
THEME_FIELDS_SETTING = "STEPWISE_THEME_FIELDS"

# A check's answer: None, the problem, or (problem, fix) when the fix depends on the value.
Check = Callable[[Any, dict[str, Any]], "str | tuple[str, str] | None"]


# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, U+FFFE, U+FFFF) would make
# every feed holding them unreadable; C1 controls (U+007F-U+009F) are HTML parse errors and
# nearly always mis-decoded Windows quotes. All are invisible, so all are refused up front.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# The bidi embeddings, overrides and isolates, which reorder what follows them (bodies refuse
# these too: html_policy).
REORDERING = "\u202a-\u202e\u2066-\u2069"
# Characters that reorder or hide text ("Trojan Source"): the bidi embeddings, overrides,
# isolates and marks, and the zero-width or blank ones a title could hide a word behind.
# Zero-width joiners (U+200C, U+200D) stay allowed: emoji and several scripts need them.
INVISIBLE_CHARACTERS = re.compile(
    f"[\u061c\u115f\u1160\u180e\u200b\u200e\u200f{REORDERING}\u2060-\u2064"
    "\u3164\ufeff\uffa0]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}"
                      r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
SLUG_SUBS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
# A BCP 47 language tag: case carries no meaning in it ('FR' is 'fr'), see canonical_language.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def character_problem(text: str) -> str | None:
    """A control or invisible character in plain text, named; None when there is none."""
    bad = CONTROL_CHARACTERS.search(text)
    if bad:
        return f"contains the control character U+{ord(bad.group()):04X}, which feeds cannot carry"
    bad = INVISIBLE_CHARACTERS.search(text)
    if bad:
        name = unicodedata.name(bad.group(), "an invisible character")
        return (f"contains the invisible character U+{ord(bad.group()):04X} ({name}), "
                "which can hide or reorder text")
    return None


def date_fix(settings: dict[str, Any], label: str = "Date") -> str:
    zone = settings.get("TIMEZONE") or "UTC"
    return (f"write the date as '{label}: 2026-03-01 09:00' (year-month-day, then a 24-hour time; "
            f"an offset such as +01:00 may follow, otherwise the site's time zone, {zone}, applies)")


def _limited_text(setting: str) -> Check:
    """A check for non-empty plain text within a limit (metadata is plain text: '<b>' is 3 characters)."""
    def check(value: Any, context: dict[str, Any]) -> str | None:
        text = str(value).strip()
        if not text:
            return "is empty"
        return over(context.get("settings", {}), setting, len(text))
    return check


def _iso_date(raw: str) -> str | None:
    text = raw.strip()
    if not ISO_DATE.fullmatch(text):
        return f"{text!r} is not a date in the form 2026-03-01 or 2026-03-01 09:00"
    try:
        dt.datetime.fromisoformat(text)
    except ValueError as exc:  # the form is right, the day or time is not: 2026-02-30, 25:00
        return f"{text!r} cannot be read ({exc})"
    return None


def _plausible_date(value: Any, _context: dict[str, Any]) -> str | None:
    if isinstance(value, dt.datetime) and value.year < 1990:
        return f"{value:%Y-%m-%d} is before this practice existed"
    return None


def unknown_people(names: list[str], people: dict[str, Any]) -> str | None:
    """The names not in people.yaml, each with the listed name it most likely means."""
    unknown = [name for name in names if name not in people]
    if not unknown:
        return None
    def named(name: str) -> str:
        close = difflib.get_close_matches(name, list(people), n=1, cutoff=0.75)
        return f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name)
    verb = "is" if len(unknown) == 1 else "are"
    return f"{', '.join(map(named, unknown))} {verb} not in content/people.yaml"


def _known_author(value: Any, context: dict[str, Any]) -> str | None:
    people = context.get("people")
    names = [str(a) for a in (value if isinstance(value, list) else [value])]
    return None if people is None else unknown_people(names, people)


def _status(value: Any, _context: dict[str, Any]) -> str | None:
    return None if str(value) in {"published", "draft", "hidden"} else f"{value!r} is not a status"


# What a page address (Slug) may be made of. The scaffolds write words joined by hyphens; an
# underscore is allowed too, because Pelican's own slugs keep it ('Notes_on_sleep' is
# /posts/notes_on_sleep/ when no Slug is written), so a blog moved in keeps its old addresses.
SLUG = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")


def _slug(value: Any, context: dict[str, Any]) -> str | None:
    if not SLUG.fullmatch(str(value)):
        return f"{value!r} has characters other than a-z, 0-9 and single hyphens or underscores"
    return over(context.get("settings", {}), "STEPWISE_MAX_SLUG_CHARS", len(str(value)))


# Pelican writes an item's address into every link to it as it is: a quote, '<', '&', a space
# or '?' there would end the attribute or start markup, so an address has only these.
ADDRESS_CHARACTERS = re.compile(r"[\w.~/%+-]*")


def _pair(label: str, value: str) -> str:
    """'Url: x/' and 'Save_as: x/index.html' written for one address, from either of them."""
    if label == "Url":
        if not value.endswith(("/", ".html", ".htm")):
            value += "/"  # 'posts/x' as a folder: a page without an extension is served as a download
        return f"'Url: {value}' and 'Save_as: {value + 'index.html' if value.endswith('/') else value}'"
    return f"'Url: {value.removesuffix('index.html')}' and 'Save_as: {value}'"


def _rooted(label: str, value: str) -> tuple[str, str] | None:
    """'/posts/x/' is read as a path from the output folder's parent: it is written without
    the '/' (the site may live under a sub-path, which a leading '/' would skip)."""
    inside = value.lstrip("/\\")
    if inside == value or not inside or ".." in inside.split("/") or ":" in inside:
        return None
    relative = "the site's address" if label == "Url" else "the output folder"
    return (f"{value!r} starts with '/', but a {label} is relative to {relative}: it is written "
            "without a leading '/'", f"write {_pair(label, inside)}, or remove both lines: the address "
            "then comes from the Slug")


def _inside_output(label: str) -> Check:
    """A check that a Url or Save_as stays inside the site (no '..', no drive, no leading '/')."""
    def check(value: Any, context: dict[str, Any]) -> str | tuple[str, str] | None:
        return _rooted(label, str(value)) or _outside(value, context)
    return check


def _outside(value: Any, context: dict[str, Any]) -> str | None:
    parts = str(value).replace("\\", "/").split("/")
    if str(value).startswith(("/", "\\")) or ".." in parts or ":" in str(value):
        return f"{value!r} points outside the site"
    if not ADDRESS_CHARACTERS.fullmatch(str(value)) and not context.get("policy_off"):
        odd = sorted({c for c in str(value) if not ADDRESS_CHARACTERS.fullmatch(c)})
        return (f"{value!r} holds {', '.join(map(repr, odd))}: an address may hold only letters, digits "
                "and - _ . ~ / % +")
    return None


def _addressable(value: Any, _context: dict[str, Any]) -> str | None:
    """A tag or category whose name slugifies to nothing would be written over its index page."""
    def slug_of(name: Any) -> str:
        slug = getattr(name, "slug", None)  # Tag and Category know theirs
        return slugify(str(name), regex_subs=SLUG_SUBS) if slug is None else slug
    empty = [str(v) for v in (value if isinstance(value, list) else [value]) if not slug_of(v)]
    return f"{empty[0]!r} has no letter or digit to make its page address from" if empty else None


def _tags(value: Any, context: dict[str, Any]) -> str | None:
    tags = value if isinstance(value, list) else [value]
    settings = context.get("settings", {})
    longest = max(tags, key=lambda tag: len(str(tag)), default="")
    return (over(settings, "STEPWISE_MAX_TAGS", len(tags), f"has {len(tags)} tags")
            or over(settings, "STEPWISE_MAX_TAG_CHARS", len(str(longest)),
                    f"{str(longest)[:40]!r}… is {len(str(longest))} characters long")
            or _addressable(tags, context))


def canonical_language(value: str) -> str:
    """A language tag in the case BCP 47 recommends (RFC 5646 2.1.1): 'FR' -> 'fr', 'EN-gb' ->
    'en-GB', 'zh-hant' -> 'zh-Hant'. Tags are case-insensitive, but Pelican compares 'Lang:' with
    DEFAULT_LANG as written and puts it in the page's address, so 'FR' and 'fr' must be one.
    By hand: five lines, where a library (langcodes) would be a new dependency."""
    if not LANGUAGE_TAG.fullmatch(value):
        return value
    first, *rest = value.split("-")
    def cased(part: str) -> str:  # a region ('GB') upper case, a script ('Hant') title case
        if len(part) == 2:
            return part.upper()
        return part.title() if len(part) == 4 and part.isalpha() else part.lower()
    return "-".join([first.lower(), *map(cased, rest)])


def _language(value: Any, _context: dict[str, Any]) -> str | None:
    return None if LANGUAGE_TAG.fullmatch(str(value)) else f"{value!r} is not a language tag"


# A way to reach someone, which a field shown beside the site's crisis lines may not hold: a
# content note stands right above the "Support is there if you need it" box, a page's menu label
# right below the "Need help now?" strip, so a number or address in either reads as one of the
# site's crisis lines (session 8 red team: 'Content-Note: mentions suicide. If you are
# struggling call 0800 123 4567 (our helpline)'). What it is -> how it is found, and how many
# digits the match needs; the first found is named. A phone number is a run of digits, spaces,
# dashes, dots, brackets and '+' with six or more digits (so '1914-1918' is one too: 'from 1914
# to 1918' is not).
CONTACT_DETAILS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("an e-mail address", re.compile(r"[^\s@<>()]+@[^\s@<>()]+"), 0),
    ("a web address", re.compile(r"\bhttps?:\S*|\bwww\.\S+|"  # or a domain, such as example.org
                                 r"\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b", re.IGNORECASE), 0),
    ("a phone number", re.compile(r"[+(]*\d(?:[\d\s().+-]*\d)?"), 6),
)


def contact_detail(text: str) -> tuple[str, str] | None:
    """The first phone number, web or e-mail address in `text` (what it is, as written), or None."""
    for what, pattern, digits in CONTACT_DETAILS:
        for match in pattern.finditer(text):
            if sum(character.isdigit() for character in match.group()) >= digits:
                return what, match.group().strip()
    return None


def _no_contact_details(value: Any, _context: dict[str, Any]) -> str | None:
    """A field shown beside the crisis lines names something, with no way to reach anyone."""
    found = contact_detail(str(value))
    if found is None:
        return None
    return (f"holds {found[0]} ({found[1]!r}): shown beside the site's crisis lines, it would read as one "
            "of them")


def _content_note_fix(label: str) -> str:
    return (f"a content note names what the post touches on, e.g. '{label}: mentions suicide'; the site "
            "shows its own crisis lines beside it (a number or address the post needs goes in its text)")


MENU_LABEL_FIX = ("a menu label names the page, e.g. 'Menu_label: About us'; the site shows its own crisis "
                  "lines just above the menu (a number or address goes in the page's text)")


def FieldRule(field: str, label: str, kinds: frozenset[str], fix: str, *, required: bool = False,
              severity: str = ERROR, check: Check | None = None,
              instead: str | None = None, needs: str | None = None) -> Rule[Check | None]:
    """A row of RULES: a stepwise_core.rule.Rule, written in the order this table reads best.

    `field` as Pelican stores it (lower case), `label` as authors write it; `check` runs on
    the value Pelican made of it; `instead` names a field that takes this one's place
    (Authors for Author); `needs` one written with it or not at all (Url and Save_as)."""
    return Rule(field, check, fix, required=required, severity=severity, applies_to=kinds,
                label=label, instead=instead, needs=needs)


RULES: tuple[Rule[Check | None], ...] = (
    FieldRule("title", "Title", ALL, "add a line such as 'Title: Small wins count' at the top",
              required=True, check=_limited_text("STEPWISE_MAX_TITLE_CHARS")),
    FieldRule("date", "Date", DATED, "write the date as 'Date: 2026-03-01 09:00'",
              required=True, check=_plausible_date),
    FieldRule("modified", "Modified", ALL, "write the date as 'Modified: 2026-03-01 09:00'",
              check=_plausible_date),
    FieldRule("author", "Author", frozenset({POST}),
              "write 'Author: <name>' with a name from content/people.yaml (several: 'Authors: <name>, "
              "<name>'), or add the person there",
              required=True, check=_known_author, instead="authors"),
    FieldRule("authors", "Authors", frozenset({POST}),
              "write names from content/people.yaml, separated by commas, or add the people there",
              check=_known_author),
    FieldRule("summary", "Summary", DATED, "add 'Summary: one or two plain sentences' for listings and feeds",
              required=True, severity=WARNING, check=_limited_text("STEPWISE_MAX_SUMMARY_CHARS")),
    FieldRule("status", "Status", ALL, "use 'Status: published', 'Status: draft' or 'Status: hidden'",
              check=_status),
    FieldRule("slug", "Slug", ALL, "use lower-case words joined by hyphens, e.g. 'Slug: small-wins'",
              check=_slug),
    FieldRule("tags", "Tags", DATED, "write a few topics separated by commas, e.g. 'Tags: progress, habits'",
              check=_tags),
    FieldRule("category", "Category", DATED,
              "write a category name with letters, e.g. 'Category: Guest posts'",
              check=_addressable),
    FieldRule("lang", "Lang", ALL, "write a language tag such as 'Lang: en', or remove the line",
              check=_language),
    FieldRule("save_as", "Save_as", ALL, "remove the line: the address comes from the Slug",
              check=_inside_output("Save_as"), needs="url"),
    FieldRule("url", "Url", ALL, "remove the line: the address comes from the Slug",
              check=_inside_output("Url"),
              needs="save_as"),
    # one field in two spellings (one_field); a row for each, so the message names the one written
    *(FieldRule(field, label, ALL, _content_note_fix(label), check=_no_contact_details)
      for field, label in (("content-note", "Content-Note"), ("content_note", "Content_Note"))),
    FieldRule("menu_label", "Menu_label", frozenset({PAGE}), MENU_LABEL_FIX, check=_no_contact_details),
)
# Url is where links lead, Save_as where the page is written: one without the other is a 404.
NEEDS_FIX = ("write both for one address ('Url: posts/new-name/' and 'Save_as: posts/new-name/index.html'), "
             "or neither: the address then comes from the Slug")

# Fields checked elsewhere (podcast, worksheets, discovery) or free text; label as authors write it.
OTHER_FIELDS: dict[str, str] = {
    "template": "Template", "translation": "Translation",
    "safe-messaging": "Safe-Messaging",
    "worksheet": "Worksheet", "related": "Related",
    "image": "Image", "image-alt": "Image-Alt",
    "episode": "Episode", "season": "Season", "episode-type": "Episode-Type", "audio": "Audio",
    "audio-length": "Audio-Length", "audio-type": "Audio-Type", "duration": "Duration", "guid": "Guid",
    "guests": "Guests", "host": "Host", "hosts": "Hosts", "transcript": "Transcript",
    "chapters": "Chapters", "explicit": "Explicit", "episode-image": "Episode-Image", "block": "Block",
    "license": "License", "funding": "Funding", "episode-image-alt": "Episode-Image-Alt",
    "previous-slugs": "Previous-Slugs",
}
LABELS: dict[str, str] = {**{rule.field: rule.label for rule in RULES}, **OTHER_FIELDS}
KNOWN_FIELDS = frozenset(LABELS)  # every field a header may hold (the theme's own come from settings)
# Checked as written (ISO 8601 only), before Pelican's date parser could guess at 'March'.
DATE_FIELDS = frozenset({"date", "modified"})


def label_of(field: str) -> str:
    return LABELS.get(field, field.title())


def kind_of(source_path: str) -> str:
    """A file's kind from its folder under content/."""
    parts = source_path.replace("\\", "/").split("/")
    if "episodes" in parts:
        return EPISODE
    if "pages" in parts:
        return PAGE
    return POST


def known_fields(settings: dict[str, Any]) -> dict[str, str]:
    """Every field a header may hold, by lower-case name -> label; the theme's own included."""
    declared = settings.get(THEME_FIELDS_SETTING) or []
    theme = {str(name).lower(): str(name) for name in declared if isinstance(name, str)}
    return {**theme, **LABELS}


def one_field(name: str) -> str:
    """The field a key means, whatever its spelling: Content-Note, Content_Note and
    content_note are one field (the theme reads either), so writing two is writing it twice."""
    return name.lower().replace("_", "-")


def header_problems(path: str, header: list[HeaderLine], settings: dict[str, Any]) -> list[ContentIssue]:
    """Problems with the header lines as written: repeats, unknown keys, characters, length, dates.

    A field named here is not checked again as a value (and a date named here must not
    reach Pelican's date parser, which would guess).
    """
    known = known_fields(settings)
    first: dict[str, HeaderLine] = {}
    issues = []
    for entry in header:
        earlier = first.setdefault(one_field(entry.name), entry)
        if earlier is not entry:
            same = earlier.key == entry.key
            spellings = "" if same else f": '{earlier.key}' and '{entry.key}' are one field"
            issues.append(ContentIssue(path, entry.key, f"is written twice (lines {earlier.line} and "
                                       f"{entry.line}{spellings})", f"keep one '{earlier.key}:' line",
                                       line=entry.line))
            continue
        if entry.name not in known:
            issues.append(_unknown(path, entry, known, settings))
        issues += _value_problems(path, entry, settings)
    return issues


def unfinished_header(path: str, text: str, settings: dict[str, Any]) -> list[ContentIssue]:
    """A field written without its ':' (or with a space before it) ends the header silently;
    named when it starts with a field, with the fields below it that are lost."""
    cut = header_cut_short(text)
    if cut is None:
        return []
    known = known_fields(settings)
    spaced = SPACED.match(cut[1])
    bold = BOLD_FIELD.match(cut[1])
    bold = bold if bold and bold["key"].lower() in known else None
    words = [bold["key"]] if bold else re.split(r"[\s=;.,]+", cut[1].strip(), maxsplit=1)
    if not spaced and (not words or words[0].lower() not in known):
        return []
    label = known.get(words[0].lower(), words[0])
    lost = [known.get(entry.name, entry.key) for entry in below_cut(text, cut[0])]
    after = (f"{_and(lost)} below it {'is' if len(lost) == 1 else 'are'} read as text" if lost
             else "the lines after it are read as the text")
    ends = f"so the header ends on this line and {after}"
    if bold:
        return [ContentIssue(path, label, f"is written in bold ({bold.group().strip()[:40]!r}), {ends}",
                             f"write it without the stars: '{label}: {bold['value'].strip()}'", line=cut[0])]
    if spaced:
        fixed = f"{label}: {spaced['value'].strip()}"
        return [ContentIssue(path, label, f"has a space before its ':' ('{spaced['key']} :'), {ends}",
                             f"write it without the space: '{fixed}'", line=cut[0])]
    return [ContentIssue(path, label, f"has no ':' after its name, {ends}", f"write '{label}: …'",
                         line=cut[0])]


def cut_fields(issues: list[ContentIssue], text: str) -> set[str]:
    """The fields below a line unfinished_header named (not missing: read as text), and the bold
    one on it."""
    cut = header_cut_short(text)
    if not cut or not issues:
        return set()
    bold = BOLD_FIELD.match(cut[1])
    return {entry.name for entry in below_cut(text, cut[0])} | ({bold["key"].lower()} if bold else set())


# '**Summary:** A note', a field as a word processor's Markdown would emphasise it: no field to
# Pelican, so the header ends on that line.
BOLD_FIELD = re.compile(r"^\s*(\*\*|__|\*|_)(?P<key>[A-Za-z0-9-]+)(:\1|\1:)\s*(?P<value>.*)")



def _and(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def stranded_header(path: str, text: str, settings: dict[str, Any]) -> list[ContentIssue]:
    """Known fields below a blank line inside (or above) the header: they are read as text, so
    a page meant to be hidden is published and a content note is lost. Named with the fix."""
    stranded = stranded_lines(text)
    known = known_fields(settings)
    labels = [known[entry.name] for entry in stranded.entries if entry.name in known] if stranded else []
    if not stranded or stranded.entries[0].name not in known:
        return []
    fields = _and(labels)
    if not stranded.after_fields:
        return [ContentIssue(path, "header", f"starts after a blank line, so {fields} below it are read as "
                             "text", "delete the blank line: the header must start on line 1",
                             line=stranded.blank_line)]
    return [ContentIssue(path, "header", f"a blank line ended the header at line {stranded.blank_line}; "
                         f"{fields} below it are read as text", "remove the blank line",
                         line=stranded.blank_line)]


def stranded_fields(issues: list[ContentIssue], text: str) -> set[str]:
    """The fields stranded_header named (not missing: written below the blank line)."""
    stranded = stranded_lines(text)
    if not stranded or not any(issue.field == "header" for issue in issues):
        return set()
    return {entry.name for entry in stranded.entries}


WrittenCheck = Callable[[HeaderLine, dict[str, Any]], "tuple[str, str] | None"]


def _characters(entry: HeaderLine, _settings: dict[str, Any]) -> tuple[str, str] | None:
    problem = character_problem(entry.value)
    return (problem, "delete it (it is invisible in most editors; retype the line)") if problem else None


def _field_length(entry: HeaderLine, settings: dict[str, Any]) -> tuple[str, str] | None:
    problem = over(settings, "STEPWISE_MAX_FIELD_CHARS", len(entry.value))
    return (problem, f"shorten it, {raise_it('STEPWISE_MAX_FIELD_CHARS')}") if problem else None


def _written_date(entry: HeaderLine, settings: dict[str, Any]) -> tuple[str, str] | None:
    if entry.name not in DATE_FIELDS:
        return None
    problem = _iso_date(entry.value)
    return (problem, date_fix(settings, entry.key)) if problem else _skipped_time(entry, settings)


def _skipped_time(entry: HeaderLine, settings: dict[str, Any]) -> tuple[str, str] | None:
    """A local time the clocks skip when they go forward (01:30 on the last Sunday of March in
    London): no clock shows it, so the item would go out at a time its author never wrote."""
    written = dt.datetime.fromisoformat(entry.value.strip())
    try:
        zone = ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))
    except (ValueError, ZoneInfoNotFoundError):  # the settings check names a bad TIMEZONE
        return None
    if written.tzinfo is not None:
        return None
    shown = written.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if shown == written:
        return None
    when = f"{written:%Y-%m-%d %H:%M}"
    return (f"{when} does not exist in {zone.key}: the clocks go forward that night and skip it",
            f"write a time the clocks show, such as '{entry.key}: {shown:%Y-%m-%d %H:%M}'")


def _quoted(entry: HeaderLine, _settings: dict[str, Any]) -> tuple[str, str] | None:
    """Jekyll and Hugo front matter quotes values; Pelican would publish the quotes."""
    value = entry.value
    if len(value) < 2 or value[0] not in "\"'" or value[-1] != value[0] or value[0] in value[1:-1]:
        return None
    return (f"is written in quotes ({value}), which would be published as part of it",
            f"write it without the quotes: '{label_of(entry.name)}: {value[1:-1].strip()}'")


# Fields that take a list, written as names separated by commas.
LIST_FIELDS = frozenset({"tags", "category", "authors", "guests", "hosts", "related", "previous-slugs"})


def _bracketed(entry: HeaderLine, _settings: dict[str, Any]) -> tuple[str, str] | None:
    """Jekyll and Hugo write lists as [a, b]; Pelican would make tags "[a" and "b]"."""
    value = entry.value
    if one_field(entry.name) not in LIST_FIELDS or not (value.startswith("[") and value.endswith("]")):
        return None
    names = ", ".join(part.strip().strip("\"'") for part in value[1:-1].split(",") if part.strip())
    return (f"is written as a list in brackets ({value})",
            "write the names separated by commas, without brackets or quotes: "
            f"'{label_of(entry.name)}: {names}'")


# Checks of a header line as written, in order; the first problem found is the line's one.
AS_WRITTEN: tuple[WrittenCheck, ...] = (_characters, _field_length, _quoted, _bracketed, _written_date)


def _value_problems(path: str, entry: HeaderLine, settings: dict[str, Any]) -> list[ContentIssue]:
    for check in AS_WRITTEN:
        found = check(entry, settings)
        if found:
            return [ContentIssue(path, entry.key, found[0], found[1], line=entry.line)]
    return []


def _unknown(path: str, entry: HeaderLine, known: dict[str, str], settings: dict[str, Any]) -> ContentIssue:
    close = _meant(entry.name, known)
    declare = f"list it in {THEME_FIELDS_SETTING} in {settings_file(settings)}"
    fix = (f"did you mean '{known[close]}:'? Correct the spelling, or, if the theme uses "
           f"'{entry.key}:', {declare}" if close else
           f"remove the line, or, if the theme uses it, {declare}")
    return ContentIssue(path, entry.key, "is not a field Stepwise knows", fix, line=entry.line)


def _meant(name: str, known: dict[str, str]) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.7)
    return close[0] if close else None


def metadata_problems(path: str, metadata: dict[str, Any], context: dict[str, Any],
                      header: list[HeaderLine], skip: set[str]) -> Iterator[ContentIssue]:
    """Every problem with the values Pelican read, by the table; `skip`: fields already reported.

    `context` holds 'people' (or None when people.yaml is unreadable) and 'settings'.
    """
    known = known_fields(context.get("settings", {}))
    meant = {_meant(entry.name, known) for entry in header if entry.name not in known}
    lines = {entry.name: entry.line for entry in reversed(header)}
    kind = kind_of(path)
    for rule in RULES:
        if not rule.applies(kind) or rule.field in skip:
            continue
        if rule.field not in metadata:
            # 'Titel:' is reported as the typo it is; 'Authors:' stands for 'Author:'.
            if rule.required and rule.field not in meant and rule.instead not in metadata:
                yield ContentIssue(path, rule.label, "is missing", rule.fix, severity=rule.severity)
            continue
        if rule.instead in metadata:
            other = label_of(rule.instead)
            yield ContentIssue(path, rule.label, f"is written as well as '{other}:'",
                               f"keep one: '{rule.label}:' for one name, '{other}:' for several",
                               line=lines.get(rule.field))
        value = metadata[rule.field]
        # Pelican marks an empty 'Slug:' or 'Status:' line with a bare object() (to drop it later);
        # shown as it is, that reads "<object object at 0x7f...> has characters other than...".
        if type(value) is object:
            found: str | tuple[str, str] | None = "is empty"
        else:
            found = rule.check(value, context) if rule.check else None
        problem, fix = found if isinstance(found, tuple) else (found, rule.fix)
        if problem:
            setting = setting_named(problem)
            fix = f"shorten it, {raise_it(setting)}" if setting else fix
            yield ContentIssue(path, rule.label, problem, fix, line=lines.get(rule.field),
                               severity=rule.severity)
        elif rule.needs and rule.needs not in metadata and rule.needs not in skip:
            yield ContentIssue(path, rule.label, f"is written without '{label_of(rule.needs)}:', so links "
                               "would lead to one address and the page be written at another", NEEDS_FIX,
                               line=lines.get(rule.field))


def check_metadata(path: str, metadata: dict[str, Any], context: dict[str, Any],
                   header: list[HeaderLine] | None = None) -> list[ContentIssue]:
    """Every problem with one file's header and metadata, errors and warnings alike."""
    header = header or []
    issues = header_problems(path, header, context.get("settings", {}))
    skip = {issue.field.lower() for issue in issues}
    return issues + list(metadata_problems(path, metadata, context, header, skip))

