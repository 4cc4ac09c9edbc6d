"""The README's promises about bad input, taken from the README itself and tried on real builds.

- the field table lists every field the build knows for posts and pages (and the podcast
  README every episode field), and nothing else;
- the date forms it calls accepted are accepted, and the ones it calls refused are refused;
- the error example is, line for line, what the build prints for that mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from stepwise_core.rules import LABELS, OTHER_FIELDS
from tests.conftest import ROOT, run_build
from tests.stepwise.test_corpus import problem_lines

README = (ROOT / "README.md").read_text(encoding="utf-8")
PODCAST_README = (ROOT / "plugins" / "podcast" / "README.md").read_text(encoding="utf-8")
EPISODE_ONLY = {"episode", "season", "episode-type", "audio", "audio-length", "audio-type", "duration",
                "guid", "guests", "host", "hosts", "transcript", "chapters", "explicit", "episode-image",
                "block", "license", "funding", "episode-image-alt"}


def section(title: str) -> str:
    """The README's text from a heading or bold lead-in to the next blank-line-separated block."""
    start = README.index(title)
    return README[start:README.index("\n\n", start)]


def readme_fields() -> set[str]:
    table = README[README.index("| field | what it does |"):]
    table = table[:table.index("\n\n")]
    first_cells = [row.split("|")[1] for row in table.splitlines()[2:]]
    return {name.lower() for cell in first_cells for name in re.findall(r"`([A-Za-z_-]+)`", cell)}


def test_the_field_table_is_every_field_of_a_post_or_page() -> None:
    assert OTHER_FIELDS  # the table of known fields is where this reads from
    known = set(LABELS) - EPISODE_ONLY
    assert readme_fields() == known


def test_every_episode_field_is_in_the_podcast_readme() -> None:
    for field in EPISODE_ONLY:
        assert re.search(rf"\b{LABELS[field]}:", PODCAST_README), LABELS[field]


def date_forms(kind: str) -> list[str]:
    text = section("**Dates** are ISO 8601")
    accepted, refused = text.split("Anything else")
    refused, skipped = refused.split("So is a time the clocks skip")
    return re.findall(r"`([^`]+)`", {"accepted": accepted, "refused": refused, "skipped": skipped}[kind])


def post_dated(folder: Path, date: str) -> Path:
    post = folder / "posts" / "dated.md"
    post.write_text(f"Title: Dated\nDate: {date}\nAuthor: Amara Okafor\nSummary: A date.\n\nText.\n",
                    encoding="utf-8")
    return post


@pytest.mark.parametrize("date", [d for d in date_forms("accepted") if d[0].isdigit()])
def test_each_date_form_the_readme_accepts_builds(site_copy: Path, tmp_path: Path, date: str) -> None:
    post_dated(site_copy, date)
    result = run_build(site_copy, tmp_path / "output")
    assert result.ok, result.stderr


@pytest.mark.parametrize("date", date_forms("refused"))
def test_each_date_form_the_readme_refuses_is_refused(site_copy: Path, tmp_path: Path, date: str) -> None:
    post_dated(site_copy, date)
    result = run_build(site_copy, tmp_path / "output")
    assert result.returncode == 1
    assert any(line.startswith(f"error: content/posts/dated.md:2: Date: '{date}' is not a date")
               for line in problem_lines(result.stderr)), result.stderr


def test_the_error_example_is_what_the_build_prints(site_copy: Path, tmp_path: Path) -> None:
    example = README[README.index("The build failed with 2 problem(s); output/ was not changed:"):]
    example = example[:example.index("```")]
    scaffold = README[README.index("```markdown\nTitle: What changed") + len("```markdown\n"):]
    scaffold = scaffold[:scaffold.index("```")]
    broken = (scaffold.replace("Date: 2026-11-25T10:30+00:00", "Date: 2026-02-30 10:30")
              .replace("Tags: therapy", "Tagz: therapy").replace("Status: draft\n", ""))
    (site_copy / "posts" / "what-changed.md").write_text(broken, encoding="utf-8")
    result = run_build(site_copy, tmp_path / "output")
    assert result.returncode == 1
    assert f"The build failed with 2 problem(s); {tmp_path / 'output'}/ was not changed:" in result.stderr
    assert problem_lines(result.stderr) == [line.strip() for line in example.splitlines()[1:] if line.strip()]


def test_the_new_post_example_is_what_new_post_writes(tmp_path: Path) -> None:
    """The README shows `invoke new-post`'s header, date and all, as the scaffold writes it."""
    from zoneinfo import ZoneInfo

    from stepwise_tools.scaffold import new_post

    example = README[README.index("```markdown\nTitle: What changed") + len("```markdown\n"):]
    example = example[:example.index("```")]
    when = dt.datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    (tmp_path / "posts").mkdir()
    made = new_post(tmp_path, "What changed for the better", author="Priya Natarajan", when=when)
    header, body = made.read_text(encoding="utf-8").split("\n\n", 1)
    assert header == example.split("\n\n")[0]  # the README shortens the body's hints
    assert body.startswith(example.split("\n\n")[1].strip())


def test_invoke_build_wait_0_stops_while_another_build_runs(tmp_path: Path) -> None:
    """`invoke build --wait 0`, as the README writes it, stops at once instead of waiting."""
    from stepwise_core.buildlock import build_lock
    from tests.stepwise.project import invoke, make_project

    project = make_project(tmp_path / "project")
    with build_lock((project / "output").resolve(), wait=0):
        done = invoke(project, "build", "--wait", "0")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "The build did not start: another build of" in done.stderr
    assert not (project / "output").exists()


@pytest.mark.parametrize("date", date_forms("skipped"))
def test_a_time_the_readme_says_the_clocks_skip_is_refused(site_copy: Path, tmp_path: Path,
                                                           date: str) -> None:
    post_dated(site_copy, date)
    result = run_build(site_copy, tmp_path / "output")
    assert result.returncode == 1
    assert f"error: content/posts/dated.md:2: Date: {date} does not exist in Europe/London" in result.stderr
