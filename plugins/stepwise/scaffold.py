"""Scaffolding for new content: a post with every field it needs filled in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .placeholders import MARKDOWN_HINT, POST_BODY, POST_SUMMARY, STATUS_HINT
from .rules import SLUG

POST_TEMPLATE = f"""\
Title: {{title}}
Date: {{date}}
Author: {{author}}
Category: Guest posts
Tags: {{tags}}
Slug: {{slug}}
Summary: {POST_SUMMARY}
Status: draft

{POST_BODY} {MARKDOWN_HINT}

{STATUS_HINT}
"""


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

    Pelican's slugify keeps '_' ('Test VBR_v5' gives 'test-vbr_v5'), which the build then
    refuses, so anything but a-z and 0-9 becomes one hyphen. '' when nothing is left ('???').
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


def new_post(content: Path, title: str, *, author: str, when: dt.datetime, slug: str = "") -> Path:
    """Write a draft post; refuse to overwrite one that exists."""
    if not title.strip():
        raise SystemExit("Give the post a title: invoke new-post \"My title\"")
    slug = chosen_slug(title, slug)
    path = content / "posts" / f"{slug}.md"
    if path.exists():
        raise SystemExit(f"{path} already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = POST_TEMPLATE.format(title=title.strip(), date=date_field(when),
                                author=author or "Your Name (as in content/people.yaml)", slug=slug,
                                tags="therapy")
    path.write_text(text, encoding="utf-8")
    return path
