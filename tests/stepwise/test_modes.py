"""Every written file is world-readable (0644) and every folder 0755, whatever the builder's
umask and the sources' own modes: rsync --perms carries modes to the web server as they are."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.conftest import ROOT

POST = "posts/strengths-hobbies-and-small-gratitudes.md"


def modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        if not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_a_build_under_umask_077_with_private_sources_writes_0644_and_0755(site_copy: Path,
                                                                            tmp_path: Path) -> None:
    wide = site_copy / "images" / "wide-private.jpg"
    Image.new("RGB", (2000, 1000), (27, 94, 79)).save(wide)  # resized copies are made of it
    wide.chmod(0o600)
    (site_copy / "media" / "000-welcome-to-stepwise.mp3").chmod(0o600)
    post = site_copy / POST
    post.write_text(post.read_text(encoding="utf-8").replace(
        "## Name one strength a day",
        "![A wide green field]({static}/images/wide-private.jpg)\n\n## Name one strength a day"),
        encoding="utf-8")
    output = tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "stepwise.build", "-o", str(output), "--content",
                           str(site_copy)], cwd=ROOT, env=env, capture_output=True, encoding="utf-8",
                          timeout=600, preexec_fn=lambda: os.umask(0o077))
    assert done.returncode == 0, done.stderr
    assert list(output.glob("images/wide-private-w*.jpg")), "no resized copy was made"
    found = modes(output)
    wrong = {path: oct(mode) for path, mode in found.items()
             if mode != (0o755 if (output / path).is_dir() else 0o644)}
    assert wrong == {}
    assert len(found) > 100  # the whole site, pagefind/ and the copies included
