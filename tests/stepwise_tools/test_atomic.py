"""Atomic builds: a build that fails or dies at any point leaves the last good output/ exactly as it was.

A test-only plugin (tests/stepwise_tools/plugins/crash_test) breaks real builds of the real
content half-way through writing, at the end (as a failing Pagefind would), by
sys.exit, and by SIGKILL.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT, BuildResult, run_build
from tests.stepwise.treecheck import tree_digest

CRASH_PLUGINS = ROOT / "tests" / "stepwise_tools" / "plugins"


def plugin_overrides() -> tuple[str, ...]:
    """The site's own plugins plus crash_test, as -e settings."""
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    plugins = [*pelicanconf.PLUGINS, "crash_test"]
    paths = [str(ROOT / p) for p in pelicanconf.PLUGIN_PATHS] + [str(CRASH_PLUGINS)]
    return (f"PLUGINS={plugins!r}".replace("'", '"'), f"PLUGIN_PATHS={paths!r}".replace("'", '"'))


def crashing_build(output: Path, mode: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "stepwise_tools.build", "-o", str(output), "--content", str(CONTENT),
            "-e", *plugin_overrides()]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
           "STEPWISE_TEST_CRASH": mode}
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=300)


@pytest.fixture
def last_good(built_site: BuildResult, tmp_path: Path) -> Path:
    """A copy of the real site, built once per session: the last good output/."""
    output = tmp_path / "site" / "output"
    shutil.copytree(built_site.output, output)
    return output


def leftovers(output: Path) -> list[str]:
    """Staging folders (.output.building, .output.old) beside output/ (the build lock,
    .output.lock, stays: removing a lock file while another build may open it is a race)."""
    return sorted(p.name for p in output.parent.glob(f".{output.name}.*") if p.name != f".{output.name}.lock")


@pytest.mark.parametrize("mode", ["raise:3", "raise:40", "finalized"])
def test_a_crash_while_writing_or_after_leaves_output_untouched(last_good: Path, mode: str) -> None:
    before = tree_digest(last_good)
    done = crashing_build(last_good, mode)
    assert done.returncode == 1, done.stderr
    assert "error: (build): RuntimeError: crash_test:" in done.stderr
    assert f"{last_good}/ was not changed" in done.stderr
    assert tree_digest(last_good) == before
    assert leftovers(last_good) == []


def test_sys_exit_mid_write_leaves_output_untouched_and_no_staging(last_good: Path) -> None:
    before = tree_digest(last_good)
    done = crashing_build(last_good, "exit:5")
    assert done.returncode == 3
    assert tree_digest(last_good) == before
    assert leftovers(last_good) == []


def test_sigkill_mid_write_leaves_output_untouched_and_the_next_build_cleans_up(last_good: Path) -> None:
    before = tree_digest(last_good)
    done = crashing_build(last_good, "kill:5")
    assert done.returncode == -signal.SIGKILL
    assert tree_digest(last_good) == before
    assert leftovers(last_good) == [".output.building"]  # nothing can clean up after SIGKILL...
    again = run_build(CONTENT, last_good)
    assert again.ok, again.stderr
    assert leftovers(last_good) == []  # ...so the next build does


def test_a_failing_post_step_leaves_output_untouched(last_good: Path) -> None:
    """build.main(post_steps=...) runs steps on the staged site; one that fails stops the swap."""
    before = tree_digest(last_good)
    script = (
        "import sys\nfrom stepwise_tools import build\n"
        "def fail(staging, settings):\n"
        "    (staging / 'half-written.txt').write_text('x')\n"
        "    raise OSError('pagefind exited with status 1')\n"
        f"argv = ['-o', {str(last_good)!r}, '--content', {str(CONTENT)!r}]\n"
        "sys.exit(build.main(argv, post_steps=(fail,)))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 1
    assert "error: (build): OSError: pagefind exited with status 1" in done.stderr
    assert tree_digest(last_good) == before
    assert leftovers(last_good) == []


def test_a_good_build_replaces_the_whole_tree(last_good: Path) -> None:
    stale = last_good / "posts" / "a-post-since-deleted" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    result = run_build(CONTENT, last_good)
    assert result.ok, result.stderr
    assert not stale.exists()
    assert (last_good / "index.html").exists()
    assert leftovers(last_good) == []


def test_a_failing_pagefind_run_leaves_output_untouched(last_good: Path) -> None:
    """The real search plugin, with Pagefind given no time at all to index the site."""
    before = tree_digest(last_good)
    result = run_build(CONTENT, last_good, extra=("SEARCH_TIMEOUT_SECONDS=0",))
    assert result.returncode == 1
    assert "search: Pagefind did not finish in 0 s" in result.stderr
    assert tree_digest(last_good) == before
    assert leftovers(last_good) == []
