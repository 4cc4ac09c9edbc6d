"""A test-only plugin that holds a build at its end until the test opens a gate.

With STEPWISE_TEST_GATE set to a file path, `finalized` waits (up to a minute) until
that file exists: the test can look at output/ while the build is provably not done.
With STEPWISE_TEST_FAIL_AT_END set to a file path, a build that reaches its end while
that file exists fails there (as a plugin that crashes at the end would).
With STEPWISE_TEST_GATE_REACHED set too, that file is created when the build gets there.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from pelican import signals


def hold(_pelican: Any) -> None:
    gate = os.environ.get("STEPWISE_TEST_GATE")
    if not gate:
        return
    reached = os.environ.get("STEPWISE_TEST_GATE_REACHED")
    if reached:
        Path(reached).touch()
    deadline = time.monotonic() + 60
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    fail = os.environ.get("STEPWISE_TEST_FAIL_AT_END")
    if fail and Path(fail).exists():
        raise RuntimeError("the test failed this build at its end")


def register() -> None:
    signals.finalized.connect(hold)
