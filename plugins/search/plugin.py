"""search: run Pagefind over the finished output, so every build has a search index.

It runs in `finalized`, on the folder Pelican just wrote (the build runner's
staging folder), so a failed index fails the build like any content error and a
half-indexed site is never swapped in. Pagefind writes `pagefind/` beside the pages;
the theme's /search/ page loads `pagefind/pagefind.js` from the site itself.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

from pelican import signals

from .settings import plugin_settings

log = logging.getLogger(__name__)


def pagefind_command(site: Path, settings: dict[str, Any]) -> list[str]:
    options = plugin_settings(settings)
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
            "--glob", options["SEARCH_GLOB"],
            "--root-selector", options["SEARCH_ROOT_SELECTOR"],
            "--exclude-selectors", options["SEARCH_EXCLUDE_SELECTORS"],
            "--force-language", options["SEARCH_LANGUAGE"]]


def build_index(pelican: Any) -> None:
    """Index the output; a Pagefind failure is a build error naming the cause."""
    site = Path(pelican.output_path)
    timeout = plugin_settings(pelican.settings)["SEARCH_TIMEOUT_SECONDS"]
    try:
        done = subprocess.run(pagefind_command(site, pelican.settings), capture_output=True,
                              text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error("search: Pagefind could not run (%s); install it with `pip install 'pagefind[bin]'`", exc)
        return
    if done.returncode != 0 or not (site / "pagefind" / "pagefind.js").exists():
        log.error("search: Pagefind failed (exit %s): %s", done.returncode,
                  (done.stderr or done.stdout).strip()[-2000:])


def register() -> None:
    signals.finalized.connect(build_index)
