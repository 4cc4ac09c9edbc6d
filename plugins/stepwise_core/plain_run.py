"""Plain `pelican content` and `pelican --listen --autoreload` keep the last good site.

Pelican empties OUTPUT_PATH (DELETE_OUTPUT_DIRECTORY) before it has read a single file,
so one mistake in a post left an empty site, and the live server served nothing. Here
plain Pelican builds as the build runner does: under the same lock (buildlock.py), into
a fresh sibling folder that is swapped in (swap.py) only once the build has finished.
The runner (stepwise_tools.build) does all of this itself, and says so by setting
SETTINGS_PATH, so nothing here runs under it.

Pelican's --autoreload loop waits for a change only after a build that succeeded: after
one that raised, it runs again at once, forever (half a core until the author fixed the
file). The run after a failed one therefore first waits for a file to change.
"""

from __future__ import annotations

import inspect
import logging
import shutil
import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pelican as pelican_package
from pelican.utils import wait_for_changes

from . import preview_undo
from .buildlock import build_lock
from .buildstate import NotData, build_state
from .settings_source import SETTINGS_PATH
from .swap import replace_output, staging_folder

log = logging.getLogger(__name__)
STATE = "stepwise.plain_run"
LOCK_WAIT_SECONDS = 600  # as long as the build runner waits


@dataclass
class PlainRun(NotData):
    """One `pelican` process's builds of one output folder (autoreload runs many)."""

    output: Path
    lock: ExitStack = field(default_factory=ExitStack)
    unfinished: bool = False  # a run started and never reached its swap: it failed


def start(pelican: Any) -> None:
    """get_generators (the first thing each Pelican.run does): lock, then write elsewhere."""
    settings = pelican.settings
    if SETTINGS_PATH in settings:
        return  # the build runner locks and stages itself
    state = build_state(settings).plugins
    run = state.setdefault(STATE, PlainRun(Path(pelican.output_path).resolve()))
    if run.unfinished:
        _let_go(run)
        _wait_for_a_change(settings, run.output)
    run.lock.enter_context(build_lock(run.output, LOCK_WAIT_SECONDS))
    # First what a live preview killed after its preview left (as the build runner does), while
    # the journal can still tell the folder it describes: a folder made after the staging folder
    # is removed may get its inode number.
    preview_undo.undo(run.output)
    staging = staging_folder(run.output)
    shutil.rmtree(staging, ignore_errors=True)  # what a killed build left behind
    staging.mkdir(parents=True)
    pelican.output_path = settings["OUTPUT_PATH"] = str(staging)
    run.unfinished = True


def finish(pelican: Any) -> None:
    """finalized, after every other receiver: the finished site replaces the old one."""
    run = _run_of(pelican.settings)
    if run is None or not run.unfinished:
        return
    replace_output(Path(pelican.output_path), run.output)
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = str(run.output)
    run.unfinished = False
    run.lock.close()


def stopped(settings: dict[str, Any]) -> None:
    """A build stopped by content errors: no half-built folder stays behind, nor the lock."""
    run = _run_of(settings)
    if run is not None and run.unfinished:
        _let_go(run)
        settings["OUTPUT_PATH"] = str(run.output)


def _run_of(settings: dict[str, Any]) -> PlainRun | None:
    return build_state(settings).plugins.get(STATE)


def _let_go(run: PlainRun) -> None:
    shutil.rmtree(staging_folder(run.output), ignore_errors=True)
    run.lock.close()


def _wait_for_a_change(settings: dict[str, Any], output: Path) -> None:
    """Under --autoreload, after a failed run: the next run waits for an edit."""
    frame = _autoreload_frame()
    if frame is None:
        return
    print(f"stepwise: {output}/ still holds the last good site. Save a fix to "
          "build again.", file=sys.stderr, flush=True)
    args = frame.f_locals.get("args")
    wait_for_changes(str(getattr(args, "settings", "") or ""), settings)


def _autoreload_frame() -> Any:
    """The frame of pelican.autoreload if this run is inside its loop, else None."""
    code = pelican_package.autoreload.__code__
    frame = inspect.currentframe()
    while frame is not None and frame.f_code is not code:
        frame = frame.f_back
    return frame
