"""How big, how many and how far: every limit on an input, as one table.

Each limit is a setting (pelicanconf.py may raise or lower it), so a message can
name the number, the setting that holds it and where to change it. The ranges
are generous: they exist to catch a slip (a transcript pasted into a title, an
episode numbered 20260101, a runaway export), never to judge ordinary content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .settings_source import setting_source, settings_file

LIMIT_SETTING = re.compile(r"set by (STEPWISE_MAX_\w+)")


@dataclass(frozen=True)
class Limit:
    setting: str
    default: int
    unit: str  # what is counted: "bytes", "characters", "questions", ...


LIMITS: dict[str, Limit] = {limit.setting: limit for limit in (
    # Files, by kind
    Limit("STEPWISE_MAX_SOURCE_BYTES", 1_000_000, "bytes"),        # a post, episode or page
    Limit("STEPWISE_MAX_YAML_BYTES", 250_000, "bytes"),            # people.yaml, a worksheet
    Limit("STEPWISE_MAX_TRANSCRIPT_BYTES", 5_000_000, "bytes"),    # a .vtt or .srt file
    # YAML structure (people.yaml, worksheets, worksheet blocks)
    Limit("STEPWISE_MAX_YAML_NODES", 20_000, "entries"),
    Limit("STEPWISE_MAX_YAML_DEPTH", 20, "levels of nesting"),
    Limit("STEPWISE_MAX_PEOPLE", 1_000, "people"),
    Limit("STEPWISE_MAX_QUESTIONS", 40, "questions"),
    # Metadata of posts, episodes and pages
    Limit("STEPWISE_MAX_TITLE_CHARS", 150, "characters"),
    Limit("STEPWISE_MAX_SUMMARY_CHARS", 400, "characters"),
    Limit("STEPWISE_MAX_FIELD_CHARS", 2_000, "characters"),       # any other header line
    Limit("STEPWISE_MAX_TAGS", 12, "tags"),
    Limit("STEPWISE_MAX_TAG_CHARS", 60, "characters"),
    Limit("STEPWISE_MAX_SLUG_CHARS", 80, "characters"),
    # Episodes
    Limit("STEPWISE_MAX_CHAPTERS", 100, "chapters"),
    Limit("STEPWISE_MAX_EPISODE_NUMBER", 9_999, "as the highest episode number"),
    Limit("STEPWISE_MAX_SEASON", 100, "as the highest season number"),
    Limit("STEPWISE_MAX_DURATION_SECONDS", 6 * 3600, "seconds"),
    Limit("STEPWISE_MAX_AUDIO_BYTES", 2_000_000_000, "bytes"),
    # What one Markdown body may cost to read (markdown_limits.py measures and explains them)
    Limit("STEPWISE_MARKDOWN_OPEN_BRACKETS", 100, "'[' in one paragraph that no ']' closes"),
    Limit("STEPWISE_MARKDOWN_NESTING", 50, "levels of lists, quotes or brackets"),
    Limit("STEPWISE_MARKDOWN_SECONDS", 10, "seconds of processor time on one file"),
)}


def limit(settings: dict[str, Any], setting: str) -> int:
    """The limit in force; a bad value is reported as a settings error, and the default used."""
    value = settings.get(setting, LIMITS[setting].default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return LIMITS[setting].default
    return value


def over(settings: dict[str, Any], setting: str, count: int, what: str = "") -> str | None:
    """'is 180 characters long; the limit is 150, set by STEPWISE_MAX_TITLE_CHARS in
    pelicanconf.py', or None within it.

    `what` replaces the opening ('has 41 questions') where 'is N unit' reads badly.
    """
    most = limit(settings, setting)
    if count <= most:
        return None
    unit = LIMITS[setting].unit
    opening = what or f"is {count:,} {unit}" + (" long" if unit == "characters" else "")
    where = setting_source(settings, setting, settings_file(settings))
    return f"{opening}; the limit is {most:,}, set by {setting} in {where}"


def raise_it(setting: str) -> str:
    """The second half of a fix: the limit can be changed."""
    return f"or raise {setting}"


def setting_named(problem: str) -> str | None:
    """The limit's setting in a message made by over()."""
    match = LIMIT_SETTING.search(problem)
    return match.group(1) if match else None
