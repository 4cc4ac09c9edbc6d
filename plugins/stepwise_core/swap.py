"""Put a newly built site in place of the old one in one step.

Both ways of building end here: the build runner (stepwise_tools.build) and plain
`pelican content` (plain_run.py) build into a fresh sibling folder and swap it in only
when the build succeeded, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path


def staging_folder(output: Path) -> Path:
    """Where a build of `output` is written before it is swapped in."""
    return output.with_name(f".{output.name}.building")


def last_good_output(output_path: str | Path) -> Path:
    """The folder holding the last good site of a build writing into `output_path`: the folder
    a staging folder will replace, else `output_path` itself (a build that writes in place)."""
    folder = Path(output_path)
    name = folder.name
    if name.startswith(".") and name.endswith(".building") and len(name) > len("..building"):
        return folder.with_name(name[1:-len(".building")])
    return folder


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported.

    Two plain renames leave a moment with no output/ at all; a server or a crash
    in that moment would see no site. The standard library has no renameat2.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return done == 0


def replace_output(built: Path, output: Path) -> None:
    """Swap the new site in; the old one ends up in `built`'s place and is removed."""
    if output.is_dir() and not output.is_symlink() and exchange(built, output):
        shutil.rmtree(built, ignore_errors=True)
        return
    old = output.with_name(f".{output.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        os.replace(output, old)
    os.replace(built, output)
    shutil.rmtree(old, ignore_errors=True)
