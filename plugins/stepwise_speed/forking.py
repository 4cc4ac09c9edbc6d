"""One piece of work in a forked child while the parent does another (render.py, and the
core's splitting_work: the resolved bodies' judgement, the podcast's tagged audio copies).

The child holds the parent's finished state (fork copies it), so it needs nothing sent to
it; it hands back bytes through a pipe. It always leaves with os._exit: returning into the
parent's code would run the build's clean-up twice.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from .settings import plugin_settings

T = TypeVar("T")
R = TypeVar("R")


def in_child(work: Callable[[], bytes]) -> Callable[[], tuple[bytes, int]]:
    """Start `work` in a child; the function returned waits for its bytes and exit status
    (no bytes: the child failed before it could report). Call it even when the parent's own
    part fails: otherwise the pipe stays open and the child waits to write into it for as
    long as the process lives (the live preview's worker builds again and again)."""
    reader, writer = os.pipe()
    # Objects that exist now are moved out of the collector's reach: a collection in either
    # process would otherwise write to every one of them and make the kernel copy the whole
    # shared heap (Python's gc.freeze documentation).
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            report = work()
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(report)
        finally:
            os._exit(0)
    os.close(writer)
    gc.unfreeze()

    def result() -> tuple[bytes, int]:
        with os.fdopen(reader, "rb") as pipe:
            report = pipe.read()
        _, status = os.waitpid(pid, 0)
        return report, status
    return result


def each_in_two(work: Callable[[T], R], items: list[T]) -> list[R]:
    """[work(item) for item in items]: every second item in a child, the rest here, in order.
    If the child fails, its half is done here: the results are the same either way."""
    theirs, mine = items[1::2], items[0::2]
    child = in_child(lambda: pickle.dumps([work(item) for item in theirs], pickle.HIGHEST_PROTOCOL))
    try:
        done_here = [work(item) for item in mine]
    finally:
        report, status = child()
    if report and os.waitstatus_to_exitcode(status) == 0:
        done_there: list[R] = pickle.loads(report)
    else:
        done_there = [work(item) for item in theirs]
    merged: list[R] = [*done_here, *done_there]
    merged[0::2], merged[1::2] = done_here, done_there
    return merged


def worth_two(settings: dict[str, Any], count: int) -> bool:
    """Two processes only with two workers allowed and enough work to pay for the fork."""
    options = plugin_settings(settings)
    return options["STEPWISE_WORKERS"] >= 2 and count >= options["STEPWISE_PARALLEL_MIN_FILES"]
