"""A site built once for the worksheet tests: the real content, plus a worksheet whose
text tries to break out of every place it lands, and a post with its own questions."""

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
