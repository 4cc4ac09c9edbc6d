"""Undo what preview first wrote into output/ when its build does not succeed.

preview.py writes an edited page into the live output/ before the rest of the site
is built. If that build then fails, is stopped, or is killed, output/ would hold a
page (and resized images) that no successful build produced. Before the first such
write, a journal beside output/ records which files output/ held, and keeps a copy
of each file the preview replaces. The build runner removes the journal once the new
site is swapped in, and otherwise puts output/ back as it was; a build killed
outright leaves the journal, and the next build puts output/ back before it starts.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

LISTING = "files-before.json"
ORIGINALS = "originals"


def journal_of(output: Path) -> Path:
    return output.with_name(f".{output.name}.preview-undo")


def keep_original(output: Path, relative: str) -> None:
    """Call before the preview writes output/<relative>."""
    journal = journal_of(output)
    listing = journal / LISTING
    if not listing.exists():
        journal.mkdir(parents=True, exist_ok=True)
        files = sorted(_everything_under(output))
        temporary = listing.with_suffix(".tmp")
        temporary.write_text(json.dumps(files), encoding="utf-8")
        os.replace(temporary, listing)  # the listing exists whole or not at all
    target, kept = output / relative, journal / ORIGINALS / relative
    if target.is_file() and not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, kept)


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
    before = set(json.loads(listing.read_text(encoding="utf-8")))
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
