"""The reading pool (plugins/stepwise_speed/parallel.py) when one of its processes dies."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CONTENT, run_build, with_test_plugins
from tests.stepwise.treecheck import tree_digest

POOL = ("STEPWISE_WORKERS=2", "STEPWISE_PARALLEL_MIN_FILES=1", "LOAD_CONTENT_CACHE=false")


def test_a_worker_killed_mid_chunk_neither_hangs_nor_changes_the_site(tmp_path: Path) -> None:
    # multiprocessing.Pool loses the chunk a killed worker held: waiting for it hung the build.
    marker = tmp_path / "killed"
    done = run_build(CONTENT, tmp_path / "killed-out", extra=(*POOL, *with_test_plugins("worker_kill_test")),
                     env={"STEPWISE_TEST_KILL_WORKER": str(marker)}, timeout=300)
    assert marker.exists(), "no worker read a file, so none was killed"
    assert done.ok, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    calm = run_build(CONTENT, tmp_path / "calm-out", extra=POOL)
    assert calm.ok, calm.stderr
    assert tree_digest(tmp_path / "killed-out", with_mtimes=False) == tree_digest(
        tmp_path / "calm-out", with_mtimes=False)
