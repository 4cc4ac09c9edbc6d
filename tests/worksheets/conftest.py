"""A site built once for the worksheet tests: the real content, plus a worksheet whose
text tries to break out of every place it lands, a post with its own questions, a long
worksheet for printing, and a worksheet whose words appear nowhere else (for search)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import serve
from tests.conftest import CONTENT, BuildResult, run_build

EVIL_PROMPT = """<script>alert("x")</script> Is "this" & 'that' <b>bold</b>?"""
EVIL_TITLE = """Tricky "quotes" & <i>tags</i>"""

EVIL_WORKSHEET = f"""\
title: '{EVIL_TITLE}'
intro: 'An intro with </script> & <img src=x onerror=alert(1)>'
minutes: 3
questions:
  - id: evil
    kind: reflect
    prompt: '{EVIL_PROMPT.replace("'", "''")}'
  - id: evil-scale
    kind: scale
    prompt: 'Rate <u>this</u>'
    low: '<em>worst</em> & "low"'
    high: 'best </label>'
"""

POST = """\
Title: {title}
Date: 2026-11-20 09:00
Author: Amara Okafor
Category: Guest posts
Tags: testing
Slug: {slug}
Summary: A post the worksheet tests build.
{extra}
A paragraph of text so the post has a body.

{block}
"""

INLINE_BLOCK = """\
```worksheet
title: Before your next session
minutes: 4
questions:
  - What felt a little easier this week?
  - id: hope
    kind: scale
    prompt: How hopeful do you feel?
    low: Not at all hopeful
    high: Very hopeful
```
"""


# Eight free-text questions with help text: answers of many lengths put prompts at every
# height of a printed page.
LONG_FORM = "title: A long look back\nminutes: 30\nquestions:\n" + "".join(
    f"  - id: look-{n}\n    kind: reflect\n    prompt: Question {n} of the long look back, "
    f"about week {n}?\n    help: A hint for question {n}, under its prompt.\n" for n in range(1, 9))

# Each search word is in one place only, so a search for it can find nothing else.
SEARCH_WORDS = {"title": "tidewater", "intro": "saltmarsh", "question": "kingfisher", "help": "driftwood"}
SEARCHABLE = f"""\
title: Tidewater notes
intro: Notes for a walk along the {SEARCH_WORDS["intro"]} path.
minutes: 5
questions:
  - id: noticed
    kind: reflect
    prompt: What did the {SEARCH_WORDS["question"]} remind you of?
    help: Think of the {SEARCH_WORDS["help"]} on the shore, if that helps.
  - id: calm
    kind: scale
    prompt: How calm do you feel?
    low: Not calm
    high: Very calm
"""
SEARCHABLE_POSTS = ("a-walk-by-the-water", "another-walk-by-the-water")


JOURNEY_EPISODE_FILE = "002-small-wins-count"
JOURNEY_EPISODE = "/episodes/small-wins-count/"


def write_post(content: Path, slug: str, *, extra: str = "", block: str = "") -> Path:
    path = content / "posts" / f"{slug}.md"
    path.write_text(POST.format(title=slug.replace("-", " ").capitalize(), slug=slug, extra=extra,
                                block=block), encoding="utf-8")
    return path


def make_test_content(target: Path) -> Path:
    shutil.copytree(CONTENT, target, symlinks=True)
    (target / "worksheets" / "tricky.yaml").write_text(EVIL_WORKSHEET, encoding="utf-8")
    write_post(target, "tricky-worksheet", extra="Worksheet: tricky\n")
    write_post(target, "inline-worksheet", extra="Worksheet: gratitude\n", block=INLINE_BLOCK)
    (target / "worksheets" / "long-form.yaml").write_text(LONG_FORM, encoding="utf-8")
    write_post(target, "long-form-worksheet", extra="Worksheet: long-form\n")
    (target / "worksheets" / "tidewater.yaml").write_text(SEARCHABLE, encoding="utf-8")
    for slug in SEARCHABLE_POSTS:
        write_post(target, slug, extra="Worksheet: tidewater\n")
    # An episode whose worksheet has every kind of question, for the reader's journey.
    episode = target / "episodes" / f"{JOURNEY_EPISODE_FILE}.md"
    episode.write_text(episode.read_text(encoding="utf-8").replace(
        "Worksheet: noticing-progress", "Worksheet: strengths-and-hobbies"), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def ws_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real content plus the tricky worksheet and a post with its own questions."""
    root = tmp_path_factory.mktemp("worksheets")
    result = run_build(make_test_content(root / "content"), root / "output")
    assert result.ok, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def ws_url(ws_site: BuildResult) -> Iterator[str]:
    with serve(ws_site.output) as url:
        yield url
