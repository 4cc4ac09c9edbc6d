"""Where the browser tests find Chromium, on any machine.

In order: the STEPWISE_CHROMIUM environment variable (a path to a Chromium or Chrome
executable), then the usual places: Debian's and Ubuntu's packages, snap, Google
Chrome on Linux, Playwright's own downloads (PLAYWRIGHT_BROWSERS_PATH or its cache
folder), and the macOS applications. Playwright's own download does not work on this
project's CI machine, so no step ever downloads one; on another machine it is one of
the places looked at.

`python3 tests/chromium.py` prints the path found (exit 0) or says what to do (exit 1);
scripts/install-system-deps.sh uses it. Standard library only, on purpose.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = "STEPWISE_CHROMIUM"
# How every test and the benchmark start it: headless, quiet, never reaching the network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SYSTEM_PLACES = (
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium",
    "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# Inside one of Playwright's chromium-<build> folders, per platform.
PLAYWRIGHT_EXECUTABLES = (
    "chrome-linux/chrome", "chrome-linux64/chrome", "chrome-mac/Chromium.app/Contents/MacOS/Chromium",
    "chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium",
)
HOW_TO_INSTALL = (f"No Chromium found. Install one (Debian/Ubuntu: apt-get install chromium; macOS: "
                  f"brew install --cask chromium, or Google Chrome), or set {ENV} to its executable.")


def playwright_folders() -> list[Path]:
    """Where Playwright keeps the browsers it downloads, on this platform."""
    if os.environ.get("PLAYWRIGHT_BROWSERS_PATH"):
        return [Path(os.environ["PLAYWRIGHT_BROWSERS_PATH"])]
    home = Path.home()
    return [home / ".cache" / "ms-playwright", home / "Library" / "Caches" / "ms-playwright"]


def playwright_chromiums() -> list[Path]:
    """Chromium builds Playwright downloaded, newest build first."""
    found = []
    for folder in playwright_folders():
        for build in sorted(folder.glob("chromium-*"), key=lambda p: p.name, reverse=True):
            found += [build / inner for inner in PLAYWRIGHT_EXECUTABLES]
    return found


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_chromium(system_places: tuple[str, ...] = SYSTEM_PLACES) -> Path | None:
    """The Chromium to drive, or None. A STEPWISE_CHROMIUM that is not runnable is an error."""
    chosen = os.environ.get(ENV)
    if chosen:
        if not _runnable(Path(chosen)):
            raise FileNotFoundError(f"{ENV}={chosen!r} is not an executable file")
        return Path(chosen)
    for candidate in [*map(Path, system_places), *playwright_chromiums()]:
        if _runnable(candidate):
            return candidate
    return None


if __name__ == "__main__":
    try:
        browser = find_chromium()
    except FileNotFoundError as problem:
        sys.exit(str(problem))
    if browser is None:
        sys.exit(HOW_TO_INSTALL)
    print(browser)
