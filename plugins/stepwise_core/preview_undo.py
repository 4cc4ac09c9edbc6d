"""Undo what preview first wrote into output/ when its build does not succeed.

preview.py writes an edited page into the live output/ before the rest of the site
is built. If that build then fails, is stopped, or is killed, output/ would hold a
page (and resized images) that no successful build produced. Before the first such
write, a journal beside output/ records which files output/ held, and keeps a copy
of each file the preview replaces. The build runner removes the journal once the new
site is swapped in, and otherwise puts output/ back as it was; a build killed
outright leaves the journal, and the next build puts output/ back before it starts.
The journal names the folder it describes (device and inode), so one left behind once a
new output/ was swapped in (a kill while the old site was being removed, or a plain
`pelican content` since) is dropped, not applied to a site it does not describe; and each
file in it is written whole or not at all, so a full disk cannot cut a page short.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

LISTING = "files-before.json"
ORIGINALS = "originals"
PARTIAL = "partial"  # a file being written into the journal


def journal_of(output: Path) -> Path:
    return output.with_name(f".{output.name}.preview-undo")


def keep_original(output: Path, relative: str) -> None:
    """Call before the preview writes output/<relative>."""
    journal = journal_of(output)
    listing = journal / LISTING
    if not listing.exists():
        journal.mkdir(parents=True, exist_ok=True)
        described = json.dumps({"folder": _identity(output), "files": sorted(_everything_under(output))})
        _write_whole(journal, listing, lambda temporary: temporary.write_text(described, encoding="utf-8"))
    target, kept = output / relative, journal / ORIGINALS / relative
    if target.is_file() and not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        _write_whole(journal, kept, lambda temporary: shutil.copy2(target, temporary))


def writes_inside(output: Path, relative: str) -> bool:
    """Whether writing output/<relative> lands inside output/ alone: no folder on the way, nor
    the file, is a symbolic link, and the file is no hard link (STATIC_CREATE_LINKS makes
    them; Pelican writes into an existing file). Pelican's path check reads the path's text
    alone; a full build writes into a fresh folder, but the preview into the author's."""
    path = output
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            return False
    return not path.is_file() or path.stat().st_nlink == 1


def _write_whole(journal: Path, path: Path, write: Callable[[Path], object]) -> None:
    """Write to the journal's one scratch file and rename it to `path` (in the journal): it
    exists whole or not at all (a full disk, a kill), and undo never reads the scratch file."""
    temporary = journal / PARTIAL
    temporary.unlink(missing_ok=True)
    write(temporary)
    os.replace(temporary, path)


def _identity(folder: Path) -> list[int]:
    """Which folder the listing describes: once the build swaps a new output/ in, a journal
    left behind (a kill while the old site was being removed) describes nothing there."""
    stat = folder.stat()
    return [stat.st_dev, stat.st_ino]


def _everything_under(output: Path) -> list[str]:
    """Every file and folder under output/, relative to it (os.walk: on a site of 5,000
    files, a quarter of Path.rglob's time, which counts before a preview shows)."""
    found: list[str] = []
    for folder, folders, files in os.walk(output):
        relative = os.path.relpath(folder, output)
        found += (os.path.normpath(os.path.join(relative, name)) for name in [*folders, *files])
    return found


def forget(output: Path) -> None:
    """The build succeeded: output/ is the new site, the journal means nothing now."""
    shutil.rmtree(journal_of(output), ignore_errors=True)


def undo(output: Path) -> bool:
    """Put output/ back as it was before a preview; True when there was anything to undo."""
    journal = journal_of(output)
    listing = journal / LISTING
    if not listing.exists():
        shutil.rmtree(journal, ignore_errors=True)
        return False
    described = json.loads(listing.read_text(encoding="utf-8"))
    if isinstance(described, list) and output.is_dir():  # a journal from before the folder was recorded
        described = {"folder": _identity(output), "files": described}
    if not output.is_dir() or described["folder"] != _identity(output):
        shutil.rmtree(journal, ignore_errors=True)  # another output/ was swapped in since
        return False
    before = set(described["files"])
    for path in sorted(output.rglob("*"), reverse=True):  # what is in a folder before the folder
        if str(path.relative_to(output)) in before:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    originals = journal / ORIGINALS
    for kept in sorted(originals.rglob("*")) if originals.is_dir() else []:
        if kept.is_file():
            target = output / kept.relative_to(originals)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(kept, target)
    shutil.rmtree(journal, ignore_errors=True)
    return True
