"""The reading pool (plugins/stepwise_speed/parallel.py) when one of its processes dies, and
when it is shut down."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONTENT, ROOT, run_build, with_test_plugins
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


def test_pool_workers_end_on_the_pools_sigterm_whenever_it_comes(tmp_path: Path) -> None:
    # Pool.terminate() ends its workers with SIGTERM. A worker that kept the build's own
    # SIGTERM handler could lose that signal (one arriving before the forked process had
    # started Python is dropped) and then wait for a task forever, and the build with it:
    # a CI run hung for 10 minutes. Workers take SIGTERM at the default, which cannot be
    # lost, and hold it from the fork until then.
    probe = tmp_path / "signals.json"
    done = run_build(CONTENT, tmp_path / "out", extra=(*POOL, *with_test_plugins("pool_signal_probe")),
                     env={"STEPWISE_TEST_POOL_SIGNALS": str(probe)}, timeout=300)
    assert done.ok, done.stderr
    workers = json.loads(probe.read_text())
    assert len(workers) == 2
    term, interrupt = 1 << (signal.SIGTERM - 1), 1 << (signal.SIGINT - 1)
    for masks in workers:
        assert not masks["SigBlk"] & term, "the worker never started taking SIGTERM"
        assert not (masks["SigCgt"] | masks["SigIgn"]) & term, "SIGTERM is handled, not default"
        assert masks["SigIgn"] & interrupt, "Ctrl-C is the build's to handle, not each worker's"


REPLACEMENT = """
from pelican.settings import read_settings
from stepwise_core.buildstate import build_state
from stepwise_speed import parallel
settings = read_settings("pelicanconf.py")
build_state(settings).plugins[parallel.STATE_KEY] = "the build's pool, as a fork mid-build inherits it"
parallel._init_worker(settings)
print(parallel.STATE_KEY in build_state(settings).plugins)
"""


def test_a_worker_the_pool_starts_later_converts_its_chunk_itself() -> None:
    """CI hang, session 7: a worker the pool forks to replace a dead one inherits the build's
    state, pool included, and waited for the pool's results instead of converting its chunk."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", REPLACEMENT], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
