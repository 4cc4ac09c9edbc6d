"""Whole-tree fingerprints, to prove a folder is unchanged or two builds are identical."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(folder: Path, *, with_mtimes: bool = True) -> dict[str, str]:
    """Every path under folder -> its kind, bytes' hash and (optionally) mtime.

    Mtimes prove a failed build did not even rewrite a file with the same bytes;
    reproducibility compares bytes only, since two builds are made at two times.
    """
    digest: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            digest[name] = f"link:{path.readlink()}"
        elif path.is_dir():
            digest[name] = "dir"
        else:
            stamp = f":{path.stat().st_mtime_ns}" if with_mtimes else ""
            digest[name] = hashlib.sha256(path.read_bytes()).hexdigest() + stamp
    return digest
