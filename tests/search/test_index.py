"""The search plugin: a Pagefind failure fails the build and leaves output/ alone; once
Pagefind runs, the build yields the CPU to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT, run_build


def test_a_failed_index_fails_the_build_and_names_pagefind(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "keep.html").write_text("last good site", encoding="utf-8")
    result = run_build(CONTENT, output, extra=('SEARCH_GLOB="nothing/*.html"',))
    assert not result.ok
    assert "search: Pagefind failed (exit 1)" in result.stderr
    assert [p.name for p in output.iterdir()] == ["keep.html"]


PRIORITIES = """
import json, os, sys
from pathlib import Path
from search.plugin import STATE_KEY, start_indexing
from stepwise_core.buildstate import build_state
site = Path(sys.argv[1])
settings = {"SEARCH_YIELD_NICENESS": int(sys.argv[2])}
before = os.getpriority(os.PRIO_PROCESS, 0)
start_indexing(settings, site)
indexer = build_state(settings).plugins[STATE_KEY].process.pid  # not reaped yet: priority readable
print(json.dumps([before, os.getpriority(os.PRIO_PROCESS, 0), os.getpriority(os.PRIO_PROCESS, indexer)]))
build_state(settings).plugins[STATE_KEY].process.wait()
"""


@pytest.mark.parametrize("niceness", [10, 0])
def test_the_build_lets_pagefind_have_the_cpu_first(tmp_path: Path, niceness: int) -> None:
    """Once Pagefind runs, the build's process lowers its own priority, not Pagefind's."""
    page = tmp_path / "posts" / "p" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html lang='en'><body><main><h1>Hope</h1></main></body></html>", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", PRIORITIES, str(tmp_path), str(niceness)], env=env,
                          capture_output=True, encoding="utf-8", check=True, timeout=120)
    before, after, indexer = json.loads(done.stdout)
    assert indexer == before
    assert after == min(before + niceness, 19)


WHO_RAN = """#!/bin/sh
echo "$@" > "{record}"
exec "{real}" "$@"
"""


def test_pagefind_runs_as_pagefind_itself_would_choose(tmp_path: Path) -> None:
    """The build starts the pagefind[bin] executable directly (not an interpreter that execs it),
    and a PAGEFIND_BINARY_PATH still wins, as it does for `python -m pagefind`."""
    from pagefind_bin import get_executable

    from search.plugin import pagefind_program

    real = str(get_executable().absolute())
    assert pagefind_program() == [real]
    chosen, record = tmp_path / "my-pagefind", tmp_path / "ran-with.txt"
    chosen.write_text(WHO_RAN.format(record=record, real=real), encoding="utf-8")
    chosen.chmod(0o755)
    result = run_build(CONTENT, tmp_path / "output", env={"PAGEFIND_BINARY_PATH": str(chosen)})
    assert result.ok, result.stderr
    assert "--site" in record.read_text(encoding="utf-8")
    assert (tmp_path / "output" / "pagefind" / "pagefind.js").exists()
