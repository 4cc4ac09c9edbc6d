"""`invoke new-post` writes only slugs its own build accepts, and refuses a title that gives none."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stepwise_core.rules import SLUG
from stepwise_core.slugs import slug_for
from stepwise_tools.scaffold import new_post
from tests.conftest import CONTENT, run_build
from tests.stepwise.project import invoke, make_project

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


@pytest.mark.parametrize("machine_zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_new_post_dates_a_post_in_the_site_s_zone_whatever_the_machine_s(tmp_path: Path,
                                                                        machine_zone: str) -> None:
    """A laptop 14 hours ahead of the site's zone must not write a post that the build reads
    as scheduled for tomorrow (nor one 8 hours behind, dated in the past by the build)."""
    project = make_project(tmp_path / "project")
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    made = invoke(project, "new-post", "Small steps", "--author", "Priya Natarajan", env={"TZ": machine_zone})
    after = dt.datetime.now(dt.UTC)
    assert made.returncode == 0, made.stderr
    post = project / "content" / "posts" / "small-steps.md"
    lines = post.read_text(encoding="utf-8").splitlines()
    date = next(line[6:] for line in lines if line.startswith("Date: "))
    written = dt.datetime.fromisoformat(date)
    london = written.astimezone(ZoneInfo("Europe/London"))
    assert written.utcoffset() == london.utcoffset()  # written in the site's zone, with its offset
    assert before <= written <= after, (date, before, after)
    text = post.read_text(encoding="utf-8").replace("Status: draft", "Status: published")
    post.write_text(text, encoding="utf-8")
    built = invoke(project, "build", env={"TZ": machine_zone})
    assert built.returncode == 0, built.stderr
    page = project / "output" / "posts" / "small-steps" / "index.html"
    assert page.is_file()  # published now, not scheduled
    assert f'datetime="{london.isoformat()}"' in page.read_text(encoding="utf-8")


def test_a_date_without_an_offset_is_the_site_s_time(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    made = invoke(project, "new-post", "Quiet things", "--author", "Priya Natarajan",
                  "--date", "2026-07-01T09:00", env={"TZ": "Asia/Tokyo"})
    assert made.returncode == 0, made.stderr
    text = (project / "content" / "posts" / "quiet-things.md").read_text(encoding="utf-8")
    assert "Date: 2026-07-01T09:00+01:00\n" in text  # British Summer Time, not Tokyo's


def test_a_date_the_build_cannot_read_is_refused_with_the_forms_it_can(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    made = invoke(project, "new-post", "Quiet things", "--date", "01/07/2026")
    assert made.returncode != 0 and "Traceback" not in made.stderr
    assert "--date '01/07/2026' is not a date the build reads. Fix: write it as 2026-12-01" in made.stderr
    assert not (project / "content" / "posts" / "quiet-things.md").exists()


def test_a_post_needs_an_author_the_registry_knows_or_none_is_written(tmp_path: Path) -> None:
    """New-author test, session 7: without --author, or with a name people.yaml lacks, the draft
    it wrote stopped the whole site's next build."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with pytest.raises(SystemExit) as nobody:
        new_post(content, "Another one", author="", when=WHEN)
    assert str(nobody.value).startswith('Name the post\'s author: invoke new-post "Another one" --author "')
    with pytest.raises(SystemExit) as unknown:
        new_post(content, "Another one", author="Amara Okafr", when=WHEN)
    assert str(unknown.value).startswith("'Amara Okafr' (did you mean 'Amara Okafor'?) is not in "
                                         "content/people.yaml. Fix: use a name listed there (")
    assert not (content / "posts" / "another-one.md").exists()
    assert run_build(content, tmp_path / "output").ok


def test_a_post_may_not_take_an_episodes_address(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    with pytest.raises(SystemExit) as taken:
        new_post(content, "Small wins count", author="Amara Okafor", when=WHEN)
    assert str(taken.value) == (
        "content/episodes/002-small-wins-count.md already has the address 'small-wins-count' (its slug), "
        "and two items may not share one. Fix: choose another title, or the address yourself: "
        'invoke new-post "Small wins count" --slug small-wins-count-2 ...')
    made = new_post(content, "Small wins count", author="Amara Okafor", when=WHEN, slug="small-wins-for-you")
    assert run_build(content, tmp_path / "output").ok, made


def test_the_readme_shows_the_post_new_post_writes(tmp_path: Path) -> None:
    """The README's example is the scaffold's own text (it had drifted: the hints were missing)."""
    readme = (CONTENT.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("creates `content/posts/what-changed-for-the-better.md`:\n\n```markdown\n", 1)[1]
    shown = shown.split("```", 1)[0]
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    when = dt.datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    made = new_post(content, "What changed for the better", author="Priya Natarajan", when=when)
    assert made.read_text(encoding="utf-8") == shown
