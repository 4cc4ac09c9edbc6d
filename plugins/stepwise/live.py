"""The live preview's rebuilds: back as soon as the edited page is in output/.

`invoke livereload` reloads the browser when its rebuild callback returns. On a large
site the full build goes on for seconds after the edited page is ready (preview.py
renders changed posts first), so each build runs in a process of its own with
STEPWISE_PREVIEW_FIRST, and the callback returns once preview.py signals that the
page is written, or once the build ended (nothing to preview, or it failed). The
build then finishes and swaps the whole site in, as any build does. A new change
first waits for a build still running, so two builds never share a staging folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.02


@dataclass
class LiveBuilds:
    """Builds for a live preview; `argv` is what `python -m stepwise.build` takes."""

    argv: list[str]
    cwd: Path = field(default_factory=Path.cwd)
    running: subprocess.Popen[bytes] | None = None

    def rebuild(self) -> None:
        """Start a build; return when the changed pages are in output/ or the build ended."""
        self.wait()
        with tempfile.TemporaryDirectory(prefix="stepwise-live-") as folder:
            signal_file = Path(folder) / "previewed"
            self.running = subprocess.Popen(
                [sys.executable, "-m", "stepwise.build", *self.argv, "-e",
                 "STEPWISE_PREVIEW_FIRST=true", f"STEPWISE_PREVIEW_SIGNAL={json.dumps(str(signal_file))}"],
                cwd=self.cwd, env=self._env())
            while self.running.poll() is None and not signal_file.exists():
                time.sleep(POLL_SECONDS)

    def wait(self) -> int | None:
        """Wait for the build still running, if any; its exit status."""
        if self.running is None:
            return None
        return self.running.wait()

    def _env(self) -> dict[str, str]:
        paths = [str(PLUGINS), str(self.cwd), *filter(None, [os.environ.get("PYTHONPATH")])]
        return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
