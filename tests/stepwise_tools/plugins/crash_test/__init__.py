"""A test-only plugin that breaks a build on purpose, where STEPWISE_TEST_CRASH says.

STEPWISE_TEST_CRASH is "<how>:<after N files>" with how = raise | exit | kill, or
"finalized" (fail the way a post step such as Pagefind would, after every page
was written). It proves a build that dies half-way never touches output/.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from pelican import signals


def _mode() -> tuple[str, int]:
    how, _, count = os.environ.get("STEPWISE_TEST_CRASH", "").partition(":")
    return how, int(count or 0)


def after_write(path: str, context: Any = None) -> None:
    how, count = _mode()
    written = int(os.environ.get("_CRASH_TEST_WRITTEN", "0")) + 1
    os.environ["_CRASH_TEST_WRITTEN"] = str(written)  # per process; each build is its own process
    if written < count:
        return
    if how == "raise":
        raise RuntimeError(f"crash_test: crashed after writing {path}")
    if how == "exit":
        sys.exit(3)
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)


def at_the_end(_pelican: Any) -> None:
    if _mode()[0] == "finalized":
        raise RuntimeError("crash_test: the post-build step failed")


def register() -> None:
    signals.content_written.connect(after_write)
    signals.finalized.connect(at_the_end)
