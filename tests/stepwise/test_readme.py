"""The README's claims about tasks, fields, dates, pictures and the publishing schedule hold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stepwise_core.rules import KNOWN_FIELDS
from tests.conftest import ROOT, run_build

README = (ROOT / "README.md").read_text(encoding="utf-8")
PODCAST_README = (ROOT / "plugins" / "podcast" / "README.md").read_text(encoding="utf-8")
# Keys the site's own code writes into metadata, never an author.
INTERNAL = {"worksheet-inline"}


def section(title: str) -> str:
    start = README.index(title)
    following = re.search(r"^##+ ", README[start + len(title):], re.MULTILINE)
    return README[start: start + len(title) + following.start()] if following else README[start:]


def test_the_task_table_lists_every_invoke_task() -> None:
    listed = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT, capture_output=True,
                            encoding="utf-8", check=True).stdout
    tasks = set(re.findall(r"^  ([a-z][a-z-]*)\s", listed, re.MULTILINE))
    table = set(re.findall(r"^\| `([a-z][a-z-]*)[ `]", section("Everything else is an"), re.MULTILINE))
    assert tasks and table == tasks


def test_every_field_an_author_may_write_is_documented() -> None:
    documented = README + PODCAST_README
    missing = []
    for field in sorted(KNOWN_FIELDS - INTERNAL):
        name = field.replace("_", "-")
        spelled = {field, name, name.title(), field.title(), field.capitalize()}
        if not any(f"**{s}**" in documented or f"{s}:" in documented or f"| `{s}`" in documented
                   or f", `{s}` |" in documented for s in spelled):
            missing.append(field)
    assert missing == []


@pytest.mark.parametrize("written", ["2026-03-01", "2026-03-01 09:00", "2026-03-01T09:00+01:00"])
def test_each_date_form_the_readme_names_builds(written: str, site_copy: Path, tmp_path: Path) -> None:
    post = site_copy / "posts" / "the-relationship-is-the-therapy.md"
    text = post.read_text(encoding="utf-8")
    old = re.search(r"^Date: .*$", text, re.MULTILINE)
    assert old is not None
    post.write_text(text.replace(old.group(0), f"Date: {written}"), encoding="utf-8")
    assert f"`{written}`" in section("## Writing a post")
    result = run_build(site_copy, tmp_path / "output")
    assert result.ok, result.stderr
    page = result.page("posts/the-relationship-is-the-therapy/index.html")
    assert 'datetime="2026-03-01T' in page


def test_the_picture_example_is_the_sample_post_s() -> None:
    sample = (ROOT / "content" / "posts" / "strengths-hobbies-and-small-gratitudes.md").read_text(
        encoding="utf-8")
    example = re.compile(r"^ +((?:Image|Image-Alt): .+|!\[[^\]]+\]\(\{static\}[^)]+\))$", re.MULTILINE)
    lines = example.findall(section("### Adding a picture"))
    assert len(lines) == 3
    for line in lines:
        assert line in sample, line
    assert (ROOT / "content" / "images" / "a-path-of-small-steps.jpg").is_file()


def test_the_schedule_the_readme_states_is_the_workflow_s() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    minute, hour, *_ = workflow[True]["schedule"][0]["cron"].split()
    assert f"every day at {int(hour):02d}:{int(minute):02d} UTC" in section("## Publishing")


def test_the_decorative_picture_the_readme_shows_passes_check_and_empty_brackets_do_not(
        site_copy: Path, tmp_path: Path) -> None:
    """Pelican warns of every empty alt (which fails check); the README's form must pass."""
    decorative = re.findall(r"^ +(<img [^>]*alt=\"\"[^>]*>)$", section("### Adding a picture"), re.MULTILINE)
    assert len(decorative) == 1
    post = site_copy / "posts" / "the-relationship-is-the-therapy.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(f"{text}\n{decorative[0]}\n", encoding="utf-8")
    checked = run_build(site_copy, tmp_path / "output", strict=True)
    assert checked.ok, checked.stderr
    page = checked.page("posts/the-relationship-is-the-therapy/index.html")
    assert re.search(r'<img src="/images/a-path-of-small-steps\.jpg" alt=""', page)
    post.write_text(f"{text}\n![]({{static}}/images/a-path-of-small-steps.jpg)\n", encoding="utf-8")
    refused = run_build(site_copy, tmp_path / "refused", strict=True)
    assert not refused.ok and "has an image without alt text (![](…))" in refused.stderr
