"""Processes that run beside a build (the search indexer), ended with it.

A plugin may start a program that keeps working while Pelican renders (plugins/search
starts Pagefind once the pages it reads are written). The build runner ends whatever
is still running when the build ends, whichever way it ends, so a failed build never
leaves a process writing into the staging folder it is about to delete.
"""

from __future__ import annotations

import subprocess
from typing import Any

from .buildstate import build_state


def track(settings: dict[str, Any], process: subprocess.Popen[Any]) -> None:
    build_state(settings).helpers.append(process)


def end_all(settings: dict[str, Any]) -> None:
    """Kill and reap every helper of this build still running (none, after a good build)."""
    helpers = build_state(settings).helpers
    while helpers:
        process = helpers.pop()
        if process.poll() is None:
            process.kill()
        process.wait()
