"""A private copy of the project, and invoke run inside it as an author would run it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT

PROJECT_FILES = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py", "tasks.py")
GIT_ENV = {"GIT_AUTHOR_NAME": "Stepwise tests", "GIT_AUTHOR_EMAIL": "tests@stepwise.example",
           "GIT_COMMITTER_NAME": "Stepwise tests", "GIT_COMMITTER_EMAIL": "tests@stepwise.example"}


def make_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, folder / name)
    return folder


def invoke(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    extra = env or {}
    env = {**os.environ, **GIT_ENV, **extra,
           "PYTHONPATH": os.pathsep.join(filter(None, [extra.get("PYTHONPATH"), str(project)])),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for key in ("STEPWISE_RSYNC_TARGET", "STEPWISE_PAGES_REMOTE", "STEPWISE_PAGES_BRANCH"):
        env.pop(key, None)
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, env=env,
                          capture_output=True, encoding="utf-8", timeout=300)


def free_port() -> int:
    """A port nothing listens on now, for a server the test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float = 120.0) -> bool:
    """Poll `condition` until it holds (True) or the time is up (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
