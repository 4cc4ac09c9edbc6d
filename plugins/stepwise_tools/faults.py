"""What can go wrong around a build that is nobody's content: a second build, an input
edited half-way, a preview that never finished, a full disk. Each is found and named.

- A second build of the same output waits for the first (stepwise_core.buildlock, which
  plain `pelican content` takes too).
- Every input is stamped (size, modification time, inode) before Pelican reads it and
  again before the new site is swapped in: a file edited, added or deleted in between
  fails the build, which no longer matches its sources.
- The full-disk message says which folder, how much is free and roughly how much the
  site needs.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stepwise_core.errors import ContentIssue
from stepwise_core.settings_source import settings_file
from stepwise_core.sources import shown_path

# --- inputs that change during a build ------------------------------------------------

Stamp = tuple[int, int, int]


def stamp_inputs(settings: dict[str, Any], settings_file: str) -> dict[str, Stamp]:
    """(size, mtime in ns, inode) of every file the build reads: content, theme, settings."""
    stamps: dict[str, Stamp] = {}
    roots = [Path(settings["PATH"]), Path(settings["THEME"]), Path(settings_file)]
    for root in roots:
        for path in ([root] if root.is_file() else _files(root)):
            try:
                info = path.stat()
            except OSError:
                continue  # a broken link: the source check names it
            stamps[str(path)] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return stamps


def _files(root: Path) -> Iterator[Path]:
    for folder, _dirs, names in os.walk(root):  # does not follow links to folders
        for name in names:
            yield Path(folder, name)


def changed_inputs(before: dict[str, Stamp], after: dict[str, Stamp],
                   settings: dict[str, Any]) -> list[ContentIssue]:
    """An error for every input edited, added or deleted between the two stamps."""
    fix = "build again once the files are saved (the site would not match its sources)"
    issues = []
    for path in sorted(set(before) | set(after)):
        if path not in after:
            what = "was deleted while the site was being built"
        elif path not in before:
            what = "was added while the site was being built"
        elif before[path] != after[path]:
            what = "changed while the site was being built"
        else:
            continue
        issues.append(ContentIssue(_shown(Path(path), settings), "file", what, fix))
    return issues


def _shown(path: Path, settings: dict[str, Any]) -> str:
    """content/… and theme/… as an author sees them; the settings file by its name."""
    theme = Path(settings["THEME"])
    if path.is_relative_to(theme):
        return path.relative_to(theme.parent).as_posix()
    if path.name == settings_file(settings):
        return path.name
    return shown_path(str(path), settings)


# --- a full disk ------------------------------------------------------------------------

def disk_full(exc: BaseException | None) -> OSError | None:
    """The ENOSPC/EDQUOT error behind an exception (or its causes), if any."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, errno.EDQUOT}:
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def disk_full_issue(folder: Path, last_site: Path) -> ContentIssue:
    """Which folder, how much is free, and how much the last site took."""
    free = shutil.disk_usage(folder).free if folder.exists() else 0
    needed = _size(last_site)
    need = f"; the last site took {_mb(needed)}" if needed else ""
    return ContentIssue(str(folder), "disk", f"is full: {_mb(free)} free{need}",
                        f"free at least {_mb(max(needed * 2, 1_000_000))} on that disk, or build "
                        "elsewhere with -o FOLDER; the last good site was not changed")


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"
