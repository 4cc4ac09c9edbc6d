"""Scaffolding for new content: a post with every field it needs filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stepwise_core.placeholders import MARKDOWN_HINT, POST_BODY, POST_SUMMARY, STATUS_HINT
from stepwise_core.slugs import chosen_slug, date_field, site_time

__all__ = ["new_post", "site_time"]  # site_time: tasks.py reads dates through the scaffold

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
