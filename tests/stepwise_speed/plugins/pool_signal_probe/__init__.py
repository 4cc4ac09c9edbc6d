"""A test-only plugin: how the Markdown pool's workers handle SIGTERM and SIGINT.

With STEPWISE_TEST_POOL_SIGNALS set to a file path, it writes there, as JSON, each live
pool worker's signal masks from /proc/<pid>/status, once the worker has started (its
SIGTERM is no longer held). Read by tests/stepwise_speed/test_parallel.py.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Any

from pelican import signals

MASKS = ("SigBlk", "SigIgn", "SigCgt")


def masks(pid: int) -> dict[str, int]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {name: int(fields[name], 16) for name in MASKS}


def started(pid: int, bit: int = 1 << (signal.SIGTERM - 1)) -> dict[str, int]:
    """The worker's masks once it no longer holds SIGTERM (its initializer ran), or as they
    are after 60 s."""
    deadline = time.monotonic() + 60
    while (found := masks(pid))["SigBlk"] & bit and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def record(_generator: Any) -> None:
    target = os.environ.get("STEPWISE_TEST_POOL_SIGNALS")
    if target:
        workers = [child.pid for child in multiprocessing.active_children() if child.pid]
        Path(target).write_text(json.dumps([started(pid) for pid in workers]))


def register() -> None:
    signals.article_generator_init.connect(record)
