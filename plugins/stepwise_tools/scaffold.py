"""Scaffolding for new content: a post with every field it needs filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stepwise_core.people import load_people
from stepwise_core.placeholders import MARKDOWN_HINT, POST_BODY, POST_SUMMARY, STATUS_HINT
from stepwise_core.rules import unknown_people
from stepwise_core.slugs import chosen_slug, date_field, refuse_taken_slug, site_time

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
    refuse_unknown_author(content, title, author)
    slug = chosen_slug(title, slug)
    path = content / "posts" / f"{slug}.md"
    if path.exists():
        raise SystemExit(f"{path} already exists; choose another title")
    refuse_taken_slug(content, slug, title, command="new-post")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = POST_TEMPLATE.format(title=title.strip(), date=date_field(when), author=author.strip(), slug=slug,
                                tags="therapy")
    path.write_text(text, encoding="utf-8")
    return path


def refuse_unknown_author(content: Path, title: str, author: str) -> None:
    """SystemExit unless `author` is in content/people.yaml: a draft naming nobody the registry
    knows stopped the whole site's next build."""
    people, problems = load_people(content / "people.yaml", "content/people.yaml")
    if problems:
        return  # the build names what is wrong with people.yaml itself
    listed = ", ".join(list(people)[:6]) or "nobody yet"
    if not author.strip():
        first = next(iter(people), "Your Name")
        raise SystemExit(f"Name the post's author: invoke new-post \"{title.strip()}\" --author \"{first}\" "
                         f"(a name from content/people.yaml: {listed})")
    unknown = unknown_people([author.strip()], people)
    if unknown:
        raise SystemExit(f"{unknown}. Fix: use a name listed there ({listed}), or add the person to "
                         "content/people.yaml first (a name and a short bio)")
