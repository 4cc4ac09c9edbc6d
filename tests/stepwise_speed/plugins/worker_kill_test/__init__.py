"""A test-only plugin: one Markdown reading process of the pool dies (SIGKILL) mid-chunk.

With STEPWISE_TEST_KILL_WORKER set to a file path, the first pool worker to read a file
creates that file and kills itself, as the kernel's out-of-memory killer would: the chunk
it held is lost. It proves a build whose worker dies finishes, and finishes right.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any

from stepwise_core.reader import StepwiseMarkdownReader


def _dying(read: Any, marker: str) -> Any:
    def read_or_die(self: Any, source_path: str) -> Any:
        if multiprocessing.parent_process() is not None:  # a pool worker, not the build itself
            try:
                os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return read(self, source_path)
            os.kill(os.getpid(), signal.SIGKILL)
        return read(self, source_path)
    return read_or_die


def register() -> None:
    marker = os.environ.get("STEPWISE_TEST_KILL_WORKER")
    if marker:
        StepwiseMarkdownReader.read = _dying(StepwiseMarkdownReader.read, marker)
