"""Processes started beside a build (the search indexer) end with the build, however it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stepwise_core import helpers
from stepwise_core.buildstate import build_state
from tests.conftest import CONTENT, ROOT


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_end_all_kills_and_reaps_what_still_runs() -> None:
    settings: dict = {}
    sleeper = subprocess.Popen(["sleep", "60"])
    finished = subprocess.Popen(["true"])
    finished.wait()
    helpers.track(settings, sleeper)
    helpers.track(settings, finished)
    helpers.end_all(settings)
    assert sleeper.returncode is not None and not alive(sleeper.pid)
    assert build_state(settings).helpers == []


def test_a_failed_build_leaves_no_helper_running(tmp_path: Path) -> None:
    """A step after Pelican starts a helper, then fails: the runner kills the helper."""
    pid_file = tmp_path / "pid"
    script = (
        "import subprocess, sys\nfrom stepwise_core import helpers\nfrom stepwise_tools import build\n"
        "def fail(staging, settings):\n"
        "    helper = subprocess.Popen(['sleep', '60'])\n"
        f"    open({str(pid_file)!r}, 'w').write(str(helper.pid))\n"
        "    helpers.track(settings, helper)\n"
        "    raise OSError('the indexer broke')\n"
        f"argv = ['-o', {str(tmp_path / 'output')!r}, '--content', {str(CONTENT)!r}]\n"
        "code = build.main(argv, post_steps=(fail,))\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8", timeout=300)
    pid = int(pid_file.read_text(encoding="utf-8"))
    try:
        assert done.returncode == 1 and "the indexer broke" in done.stderr
        assert not alive(pid)
    finally:
        if alive(pid):
            os.kill(pid, 9)
