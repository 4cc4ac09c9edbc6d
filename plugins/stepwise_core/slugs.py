"""The address (slug) and the date a new post or episode gets: by the build's own rules
(rules.SLUG, the site's TIMEZONE).

Used by every scaffold (stepwise_tools.scaffold, the podcast's new-episode), so a
scaffolded file always has an address its own build accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .header import read_header
from .rules import SLUG

__all__ = ["chosen_slug", "date_field", "refuse_taken_slug", "site_time", "slug_for"]


def date_field(when: dt.datetime) -> str:
    """The Date: a scaffold writes: with its offset from UTC when `when` knows its zone, so
    the build reads the very moment it was written, whatever the machine's own zone."""
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return when.replace(second=0, microsecond=0).isoformat(timespec="minutes")


def site_time(settings_file: Path, date: str = "") -> dt.datetime:
    """`date` (ISO 8601; now when empty) in the site's TIMEZONE, the zone the build reads
    dates in: a date without an offset is taken as the site's time, not the machine's."""
    from zoneinfo import ZoneInfo

    from pelican.settings import read_settings

    zone = ZoneInfo(read_settings(str(settings_file))["TIMEZONE"])
    if not date:
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        raise SystemExit(f"--date {date!r} is not a date the build reads. Fix: write it as "
                         "2026-12-01 or 2026-12-01T09:00 (the site's time zone), or with an offset, "
                         "2026-12-01T09:00+01:00") from None
    return when.replace(tzinfo=zone) if when.tzinfo is None else when


def slug_for(title: str) -> str:
    """The address a title gives, by the build's own rule (rules.SLUG).

    Pelican's slugify keeps '_' ('Test VBR_v5' gives 'test-vbr_v5'), which the build accepts
    only so that a blog moved in keeps its addresses; a new page gets words joined by hyphens,
    so anything but a-z and 0-9 becomes one hyphen. '' when nothing is left ('???').
    """
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-")


def chosen_slug(title: str, slug: str = "", *, command: str = "new-post") -> str:
    """The slug to write: `slug` if given, else the title's. SystemExit with the fix when
    neither gives an address the build accepts."""
    if slug:
        if not SLUG.fullmatch(slug):
            raise SystemExit(f"--slug {slug!r} is not an address the build accepts. Fix: use lower-case "
                             "letters and digits joined by single hyphens, e.g. --slug kind-words")
        return slug
    made = slug_for(title)
    if not made:
        raise SystemExit(f"The title {title.strip()!r} has no letter or digit to make the page's address "
                         f"(its slug) from. Fix: add a word to the title, or choose the address: "
                         f"invoke {command} \"{title.strip()}\" --slug kind-words ...")
    return made


def refuse_taken_slug(content: Path, slug: str, title: str, *, command: str) -> None:
    """SystemExit when a post or episode already has this address: two items with one slug stop
    the whole build, even while the new one is a draft (its scaffold made the clash)."""
    for path in sorted([*content.glob("posts/**/*.md"), *content.glob("episodes/**/*.md")]):
        try:
            fields = {entry.name: entry.value for entry in read_header(path.read_text(encoding="utf-8"))}
        except (OSError, UnicodeDecodeError):
            continue  # the build names an unreadable file itself
        if (fields.get("slug") or slug_for(fields.get("title", ""))) == slug:
            shown = path.relative_to(content.parent) if content.parent in path.parents else path
            raise SystemExit(f"{shown} already has the address {slug!r} (its slug), and two items may "
                             f"not share one. Fix: choose another title, or the address yourself: "
                             f"invoke {command} \"{title.strip()}\" --slug {slug}-2 ...")
