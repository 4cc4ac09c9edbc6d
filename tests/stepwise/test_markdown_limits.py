"""Markdown cannot hang a build or end it in a traceback (issue 13 red team, exploit 5).

Each build runs in a subprocess with a timeout far below what the text costs unbounded
('[' a hundred thousand times, or '<a ' a hundred thousand times, each take Python-Markdown
well over an hour here), so without the limits these tests fail by timing out rather
than by a timed assert.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stepwise.markdown_limits import DEFAULTS, LIMITS, source_problem
from stepwise.settings import DEFAULTS as SETTINGS_DEFAULTS
from stepwise.settings import SETTING_RULES

ROOT = Path(__file__).resolve().parents[2]
HEAD = "Title: Slow\nDate: 2026-01-01 10:00\nAuthor: Amara Okafor\nSlug: slow\nSummary: A post.\n\n"
BOUNDED = 180  # seconds for a whole (small) build; each text below costs far more unbounded


def build(tmp_path: Path, body: str, *settings: str) -> subprocess.CompletedProcess[str]:
    """Build a site holding only people.yaml and one post, in a subprocess that may not hang."""
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "people.yaml", content / "people.yaml")
    (content / "posts" / "slow.md").write_text(HEAD + body, encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "kept.html").write_text("the last good site")
    argv = [sys.executable, "-m", "stepwise.build", "-s", str(ROOT / "pelicanconf.py"),
            "-o", str(output), "--content", str(content)]
    for setting in settings:
        argv += ["-e", setting]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=BOUNDED)


def assert_refused(done: subprocess.CompletedProcess[str], tmp_path: Path, message: str) -> None:
    shown = done.stdout + done.stderr
    assert done.returncode != 0, shown
    assert message in shown, shown
    assert "Traceback" not in shown, shown
    assert [p.name for p in (tmp_path / "output").iterdir()] == ["kept.html"]


def test_unclosed_brackets_are_refused_before_markdown_reads_them(tmp_path: Path) -> None:
    done = build(tmp_path, "[" * 100_000)
    assert_refused(done, tmp_path, "content/posts/slow.md:7: body: has 100000 '[' in one paragraph that "
                   "no ']' closes, from line 7 on (STEPWISE_MARKDOWN_OPEN_BRACKETS allows 100)")


def test_a_crawl_the_measures_miss_meets_the_time_budget(tmp_path: Path) -> None:
    done = build(tmp_path, "<a " * 100_000, "STEPWISE_MARKDOWN_SECONDS=2")
    assert_refused(done, tmp_path, "content/posts/slow.md: body: is too slow for Markdown to read: it did "
                   "not finish in 2 seconds (STEPWISE_MARKDOWN_SECONDS)")


def test_a_refusal_in_a_pool_worker_is_reported_once_without_a_traceback(tmp_path: Path) -> None:
    done = build(tmp_path, "<a " * 100_000, "STEPWISE_MARKDOWN_SECONDS=2", "STEPWISE_PARALLEL_MIN_FILES=1",
                 "STEPWISE_WORKERS=2")
    assert_refused(done, tmp_path, "did not finish in 2 seconds")
    assert (done.stdout + done.stderr).count("did not finish") == 1


def test_a_recursion_error_is_reported_as_nesting(tmp_path: Path) -> None:
    nested = "".join("    " * depth + "- a step\n" for depth in range(400))
    done = build(tmp_path, nested, "STEPWISE_MARKDOWN_NESTING=1000")
    assert_refused(done, tmp_path, "content/posts/slow.md:406: body: nests lists, quotes or brackets 400 "
                   "levels deep (STEPWISE_MARKDOWN_NESTING allows 1000)")


@pytest.mark.parametrize("body", [
    "```\n" + "[" * 500 + "\n```\n",  # code is not read for links
    "~~~~\n" + "x = [\n" * 500 + "~~~~\n",
    "Type `[[[` to open three.\n" * 200,
    "\\[" * 500,  # brackets written as text
    "[" * 100 + "\n\n" + "[" * 100,  # a paragraph each
    " ".join(f"[step {i}](https://example.org/{i})" for i in range(5000)),
    "| a | [b] |\n|---|---|\n" + "| [x](https://example.org) | [y] |\n" * 3000,
    "".join("    " * depth + "- step\n" for depth in range(50)),
    "> " * 50 + "quoted\n",
])
def test_long_ordinary_texts_are_within_the_limits(body: str) -> None:
    assert source_problem("post.md", HEAD + body, DEFAULTS) is None


@pytest.mark.parametrize(("body", "setting"), [
    ("[" * 101, "STEPWISE_MARKDOWN_OPEN_BRACKETS"),
    ("[" * 51 + "]" * 51, "STEPWISE_MARKDOWN_NESTING"),
    ("".join("    " * depth + "1. step\n" for depth in range(51)), "STEPWISE_MARKDOWN_NESTING"),
    ("> " * 51 + "quoted\n", "STEPWISE_MARKDOWN_NESTING"),
])
def test_one_past_a_limit_is_refused_naming_it(body: str, setting: str) -> None:
    problem = source_problem("post.md", HEAD + body, DEFAULTS)
    assert problem is not None and setting in problem.problem and problem.line is not None


def test_every_limit_is_a_setting_with_a_rule_and_the_readme_states_it() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    stated = {"STEPWISE_MARKDOWN_OPEN_BRACKETS": "more than {} `[`", "STEPWISE_MARKDOWN_NESTING":
              "more than {} levels", "STEPWISE_MARKDOWN_SECONDS": "for {} seconds of processor time"}
    for limit in LIMITS:
        assert SETTINGS_DEFAULTS[limit.setting] == limit.default
        assert limit.setting in SETTING_RULES
        assert stated[limit.setting].format(limit.default) in readme
