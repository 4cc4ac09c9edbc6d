"""`invoke new-post` writes only slugs its own build accepts, and refuses a title that gives none."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from stepwise.rules import SLUG
from stepwise.scaffold import new_post, slug_for
from tests.conftest import CONTENT, run_build

WHEN = dt.datetime(2026, 12, 1, 9, 0)


@pytest.mark.parametrize(("title", "slug"), [
    ("Notes_on_sleep_v2", "notes-on-sleep-v2"),  # Pelican's slugify keeps '_', the build does not
    ("Test VBR_v5_noxing.mp3", "test-vbr-v5-noxingmp3"),
    ("Café, crème & “quotes”", "cafe-creme-quotes"),
    ("Ελληνικά", "ellenika"),
    ("  -- a -- b --  ", "a-b"),
])
def test_a_title_gives_a_slug_by_the_builds_own_rule(title: str, slug: str) -> None:
    assert slug_for(title) == slug and SLUG.fullmatch(slug)


def test_a_post_scaffolded_from_an_underscored_title_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    made = new_post(content, "Notes_on_sleep", author="Priya Natarajan", when=WHEN)
    assert made.name == "notes-on-sleep.md" and "Slug: notes-on-sleep\n" in made.read_text("utf-8")
    built = run_build(content, tmp_path / "output")  # drafts are read, and their slugs checked, too
    assert built.ok, built.stderr


@pytest.mark.parametrize("title", ["???", "🙂 🙂", "—"])
def test_a_title_that_gives_no_slug_is_refused_with_a_fix(tmp_path: Path, title: str) -> None:
    with pytest.raises(SystemExit) as refused:
        new_post(tmp_path, title, author="Priya Natarajan", when=WHEN)
    assert str(refused.value) == (
        f"The title {title!r} has no letter or digit to make the page's address (its slug) from. Fix: add "
        f'a word to the title, or choose the address: invoke new-post "{title}" --slug kind-words ...')
    assert not (tmp_path / "posts").exists()
    made = new_post(tmp_path, title, author="Priya Natarajan", when=WHEN, slug="questions-we-ask")
    assert made.name == "questions-we-ask.md"


def test_a_chosen_slug_must_pass_the_rule_too(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="--slug 'Quiet_Things' is not an address the build accepts"):
        new_post(tmp_path, "Quiet things", author="Priya Natarajan", when=WHEN, slug="Quiet_Things")
