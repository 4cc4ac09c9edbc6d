"""One owner per output path: every file the site writes is claimed before anything is written.

The checks themselves (a path claimed twice, a content file in a folder the site owns)
are in the corpus (tests/corpus/outputs/). This proves the claims are complete: every
file of the real site is accounted for by exactly one claim, so a new page, plugin or
static file that nobody claims is caught here.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stepwise_core.outputs import FILE, Claim, output_problems
from tests.conftest import CONTENT, ROOT

PROBE = Path(__file__).with_name("claims_probe.py")


def owners_of(path: str, claims: list[dict]) -> list[str]:
    """Who claims this output file: its file claim, or the folder or pattern it falls in."""
    files = [c["owner"] for c in claims if c["kind"] == "file" and c["path"] == path]
    if files:
        return files
    inside = [c for c in claims if c["kind"] == "folder" and c["path"] and path.startswith(c["path"])]
    patterns = [c["owner"] for c in claims if c["kind"] == "pattern" and fnmatch.fnmatchcase(path, c["path"])]
    deepest = max(inside, key=lambda c: len(c["path"]), default=None)
    return ([deepest["owner"]] if deepest else []) + patterns


def test_every_file_of_the_site_has_exactly_one_owner(tmp_path: Path) -> None:
    claims_file, output = tmp_path / "claims.json", tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    done = subprocess.run([sys.executable, str(PROBE), str(claims_file), "-o", str(output),
                           "--content", str(CONTENT)], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    claims = json.loads(claims_file.read_text(encoding="utf-8"))
    written = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    unowned = [path for path in written if not owners_of(path, claims)]
    shared = {path: owners_of(path, claims) for path in written if len(owners_of(path, claims)) > 1}
    assert unowned == [], f"written, but claimed by nothing: {unowned}"
    assert shared == {}, f"claimed twice: {shared}"
    files = {c["path"] for c in claims if c["kind"] == "file"}
    assert files <= set(written), f"claimed, never written: {sorted(files - set(written))}"


@pytest.mark.parametrize(("save_as", "problem"), [
    ("CNAME", "would write the page as CNAME: hosts read a file named CNAME as their settings"),
    ("cname/index.html", "would write the page as cname/index.html: hosts read a file named cname"),
    ("posts/_redirects", "would write the page as posts/_redirects: hosts read a file named _redirects"),
    (".htaccess", "would write the page as .htaccess: a name that starts with '.' (.htaccess)"),
    ("posts/new-name/", "posts/new-name/ names a folder, not the file the page is written to"),
    ("index.htm", "would write the page as the file index.htm (index.htm): without .html"),
    ("posts/X.HTML", "would write the page as the file X.HTML (posts/X.HTML): without .html"),
    ("posts/" + "é" * 130 + ".html", "has a name longer than 255 bytes, which no disk holds (éé"),
    ("posts/new-name/index.html", None),
])
def test_save_as_names_a_web_page(save_as: str, problem: str | None) -> None:
    source = str(CONTENT / "posts" / "x.md")
    claim = Claim(save_as, "content/posts/x.md", FILE, source=source, field="Save_as")
    found = [issue.problem for issue in output_problems([claim], {"PATH": str(CONTENT)})]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(problem), found
