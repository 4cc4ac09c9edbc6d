"""What every Pelican user types first works here too: `pelican content` and
`pelican --listen --autoreload`, from the project root, with no environment set,
build the same bytes as `invoke build`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.stepwise.project import free_port, invoke, make_project, wait_for
from tests.stepwise.treecheck import tree_digest

PELICAN = str(Path(sys.executable).with_name("pelican"))


def bare_env() -> dict[str, str]:
    """The author's shell: no PYTHONPATH, the project's venv first on PATH."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env



def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def page_has(url: str, marker: bytes) -> bool:
    try:
        return marker in fetch(url)
    except OSError:
        return False



def test_pelican_content_builds_what_invoke_build_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    done = subprocess.run([PELICAN, "content"], cwd=project, env=bare_env(), capture_output=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout + done.stderr
    (project / "output").rename(project / "by-pelican")
    assert invoke(project, "build").returncode == 0
    assert tree_digest(project / "by-pelican", with_mtimes=False) == tree_digest(
        project / "output", with_mtimes=False)


def test_pelican_listen_autoreload_serves_and_rebuilds_the_same_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert invoke(project, "build").returncode == 0
    expected = (project / "output" / "index.html").read_bytes()
    (project / "output").rename(project / "by-invoke")
    port = free_port()
    log = (tmp_path / "pelican.log").open("w+", encoding="utf-8")
    server = subprocess.Popen([PELICAN, "--listen", "--autoreload", "--port", str(port)], cwd=project,
                              env=bare_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"

        def serves_index() -> bool:
            try:
                return fetch(f"{base}/") == expected
            except OSError:
                return False
        assert wait_for(serves_index), Path(log.name).read_text(encoding="utf-8")
        post = sorted((project / "content" / "posts").glob("*.md"))[0]
        edited = post.read_text(encoding="utf-8") + "\nA line added while pelican watches: wombatedit.\n"
        page = next(p for p in (project / "by-invoke" / "posts").glob("*/index.html")
                    if post.stem in str(p))
        url = f"{base}/{page.parent.relative_to(project / 'by-invoke').as_posix()}/"

        def shows_edit() -> bool:
            # Pelican starts watching only after its first build: save again (the same text)
            # until the change is seen, as an author would.
            post.write_text(edited, encoding="utf-8")
            return wait_for(lambda: page_has(url, b"wombatedit"), seconds=3)
        assert wait_for(shows_edit), Path(log.name).read_text(encoding="utf-8")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        log.close()
    text = Path(log.name).read_text(encoding="utf-8")
    assert "ERROR" not in text and "CRITICAL" not in text, text
    assert invoke(project, "build").returncode == 0
    assert b"wombatedit" in (project / "output" / page.relative_to(project / "by-invoke")).read_bytes()


def test_pelican_content_again_after_a_rename_leaves_no_old_page_or_search_file(tmp_path: Path) -> None:
    """`pelican content` (and each rebuild of `pelican --autoreload`, the same Pelican.run) writes
    into output/ itself: a renamed post must not leave its old page or search index files."""
    project = make_project(tmp_path / "project")
    def pelican() -> subprocess.CompletedProcess[str]:
        return subprocess.run([PELICAN, "content"], cwd=project, env=bare_env(), capture_output=True,
                              encoding="utf-8", timeout=300)
    assert pelican().returncode == 0
    post = project / "content" / "posts" / "when-the-thoughts-get-heavy.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Slug: when-the-thoughts-get-heavy\n", "Slug: heavy-thoughts\n"),
                    encoding="utf-8")
    again = pelican()
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (project / "output" / "posts" / "when-the-thoughts-get-heavy").exists()
    (project / "output").rename(project / "by-pelican")
    assert invoke(project, "build").returncode == 0
    assert tree_digest(project / "by-pelican", with_mtimes=False) == tree_digest(
        project / "output", with_mtimes=False)  # the search index's files too


def test_pelican_content_with_a_refused_post_fails_naming_it_without_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    post = project / "content" / "posts" / "progress-is-not-a-straight-line.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Date: 2026-09-14 09:00", "Date: 14/09/2026"),
                    encoding="utf-8")
    env = {**bare_env(), "COLUMNS": "1000"}  # Pelican's console would wrap the message
    done = subprocess.run([PELICAN, "content"], cwd=project, env=env, capture_output=True,
                          encoding="utf-8", timeout=300)
    said = done.stdout + done.stderr
    assert done.returncode == 1, said
    assert "progress-is-not-a-straight-line.md:2: Date: '14/09/2026' is not a date" in said
    assert "Traceback" not in said and not (project / "output").exists()
