"""Scaffolding for new content: a post with every field it needs filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .placeholders import MARKDOWN_HINT, POST_BODY, POST_SUMMARY, STATUS_HINT

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
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def new_post(content: Path, title: str, *, author: str, when: dt.datetime) -> Path:
    """Write a draft post; refuse to overwrite one that exists."""
    if not title.strip():
        raise SystemExit("Give the post a title: invoke new-post \"My title\"")
    slug = slug_for(title)
    path = content / "posts" / f"{slug}.md"
    if path.exists():
        raise SystemExit(f"{path} already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = POST_TEMPLATE.format(title=title.strip(), date=when.strftime("%Y-%m-%d %H:%M"),
                                author=author or "Your Name (as in content/people.yaml)", slug=slug,
                                tags="therapy")
    path.write_text(text, encoding="utf-8")
    return path
