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
    text = POST_TEMPLATE.format(title=title.strip(), date=when.strftime("%Y-%m-%d %H:%M"),
                                author=author or "Your Name (as in content/people.yaml)", slug=slug,
                                tags="therapy")
    path.write_text(text, encoding="utf-8")
    return path
