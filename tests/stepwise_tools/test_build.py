"""The build runner: every problem named by file and field, and output/ left alone on failure."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

GOOD_POST = "content/posts/progress-is-not-a-straight-line.md"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def replace_line(path: Path, prefix: str, new: str | None) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out = [(new + "\n" if new is not None else "") if line.startswith(prefix) else line for line in lines]
    path.write_text("".join(out), encoding="utf-8")


def test_broken_date_fails_naming_file_and_field(site_copy, build) -> None:
    post = site_copy / "posts" / "progress-is-not-a-straight-line.md"
    replace_line(post, "Date:", "Date: 2026-02-30 09:00")
    result = build(site_copy, strict=True)
    assert result.returncode != 0
    assert "posts/progress-is-not-a-straight-line.md:2: Date:" in result.stderr
    assert "Fix:" in result.stderr


def test_missing_title_fails_even_without_strict(site_copy, build) -> None:
    post = site_copy / "posts" / "the-relationship-is-the-therapy.md"
    replace_line(post, "Title:", None)
    result = build(site_copy)
    assert result.returncode != 0
    assert "posts/the-relationship-is-the-therapy.md: Title: is missing" in result.stderr


def test_all_problems_are_reported_together(site_copy, build) -> None:
    replace_line(site_copy / "posts" / "progress-is-not-a-straight-line.md", "Date:", "Date: soon")
    relationship = site_copy / "posts" / "the-relationship-is-the-therapy.md"
    replace_line(relationship, "Author:", "Author: Nobody Known")
    result = build(site_copy)
    assert "progress-is-not-a-straight-line.md:2: Date:" in result.stderr
    expected = "the-relationship-is-the-therapy.md:3: Author: 'Nobody Known' is not in content/people.yaml"
    assert expected in result.stderr
    assert "2 problem(s)" in result.stderr


def test_a_failed_build_leaves_the_last_good_output_untouched(site_copy, build) -> None:
    first = build(site_copy)
    assert first.ok, first.stderr
    before = tree_digest(first.output)
    replace_line(site_copy / "posts" / "weighing-the-evidence-for-a-belief.md", "Title:", None)
    second = build(site_copy)
    assert second.returncode != 0
    assert tree_digest(second.output) == before
    assert [p.name for p in second.output.parent.glob(".output.*")] == [".output.lock"]


def test_missing_summary_warns_but_only_strict_fails(site_copy, build) -> None:
    replace_line(site_copy / "posts" / "weighing-the-evidence-for-a-belief.md", "Summary:", None)
    passing = build(site_copy)
    assert passing.ok
    listed = "warning: content/posts/weighing-the-evidence-for-a-belief.md: Summary: is missing"
    assert listed in passing.stderr
    strict = build(site_copy, strict=True)
    assert strict.returncode != 0
    assert "weighing-the-evidence-for-a-belief.md: Summary: is missing" in strict.stderr


def test_invoke_check_exits_non_zero_on_a_broken_post(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pelicanconf.py", "tasks.py"):
        shutil.copy(ROOT / name, project / name)
    replace_line(project / GOOD_POST, "Date:", "Date: the day after tomorrow")
    env = {**os.environ, "PYTHONPATH": str(project)}
    done = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=project, env=env,
                          capture_output=True, encoding="utf-8", timeout=300)
    assert done.returncode != 0
    assert "content/posts/progress-is-not-a-straight-line.md:2: Date:" in done.stderr
