"""Every file the build writes is world-readable (0644) and every folder 0755.

A web server usually runs as another user than the one who builds, and rsync
--perms carries modes to it as they are: a file the server cannot read is a 403
for every reader. Modes would otherwise follow whatever made each file: the
builder's umask (077 on some machines), a source file's own mode (static files
are copied with it), or tempfile's 0600 (resized images are written through a
temporary file). So the finished output gets one set of modes, whatever the
machine: none of its files is a program, none is private.
"""

from __future__ import annotations

import os
from pathlib import Path

from .protocols import Pelican

FILE_MODE, FOLDER_MODE = 0o644, 0o755


def make_world_readable(folder: Path) -> None:
    """Files 0644, folders 0755, the folder itself included; symlinks are left alone."""
    os.chmod(folder, FOLDER_MODE)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, FOLDER_MODE)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


def finished(pelican: Pelican) -> None:
    """finalized (stepwise is the last plugin, so every other one has written its files)."""
    output = Path(pelican.output_path)
    if output.is_dir():
        make_world_readable(output)
