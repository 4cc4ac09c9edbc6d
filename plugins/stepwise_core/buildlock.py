"""One build of an output folder at a time, whichever command started it.

A lock (fcntl.flock on a file beside the output folder) makes a second build of the same
output wait for the first, saying so, instead of sharing its staging folder (two builds
at once once reported success with half a search index). The build runner (invoke,
make) and plain `pelican content` take the same lock (plain_run.py), so they never mix.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

LOCK_POLL_SECONDS = 0.1


class BuildLocked(Exception):
    """Another build of the same output did not finish within the wait."""


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


@contextmanager
def build_lock(output: Path, wait: float, say: TextIO = sys.stderr) -> Iterator[None]:
    """Hold the output's build lock; wait up to `wait` seconds for another build to let go."""
    path = lock_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            holder = _holder(handle)
            print(f"Another build of {output}/ is running{holder}; waiting for it to finish "
                  f"(up to {wait:g} s; Ctrl-C to stop waiting).", file=say, flush=True)
            deadline = time.monotonic() + wait
            while not _try_lock(handle):
                if time.monotonic() >= deadline:
                    raise BuildLocked(f"another build of {output}/ is still running{holder}; "
                                      "nothing was changed. Let it finish, then build again")
                time.sleep(LOCK_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle: TextIO) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(handle: TextIO) -> str:
    handle.seek(0)
    pid = handle.read().strip()
    return f" (process {pid})" if pid.isdigit() else ""
