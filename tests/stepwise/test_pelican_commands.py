"""What every Pelican user types first works here too: `pelican content` and
`pelican --listen --autoreload`, from the project root, with no environment set,
build the same bytes as `invoke build`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import with_test_plugins
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


def break_a_date(project: Path) -> Path:
    post = project / "content" / "posts" / "progress-is-not-a-straight-line.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Date: 2026-09-14 09:00", "Date: 14/09/2026"),
                    encoding="utf-8")
    return post


def test_pelican_content_with_an_error_leaves_the_last_good_site_as_it_was(tmp_path: Path) -> None:
    """Pelican empties output/ before it reads a file (DELETE_OUTPUT_DIRECTORY); the plugin
    builds plain runs beside it and swaps the site in only when the build succeeded."""
    project = make_project(tmp_path / "project")
    def pelican() -> subprocess.CompletedProcess[str]:
        return subprocess.run([PELICAN, "content"], cwd=project, env=bare_env(), capture_output=True,
                              encoding="utf-8", timeout=300)
    assert pelican().returncode == 0
    before = tree_digest(project / "output", with_mtimes=True)
    break_a_date(project)
    failed = pelican()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert tree_digest(project / "output", with_mtimes=True) == before
    assert sorted(p.name for p in project.glob(".output*")) == [".output.lock"]  # no staging left


def test_pelican_autoreload_keeps_serving_the_last_good_site_and_waits_for_a_fix(tmp_path: Path) -> None:
    """One bad save: the served site stays, the failed build is not run again and again
    (Pelican's loop re-runs at once after an exception), and the next save builds."""
    project = make_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "pelican.log").open("w+", encoding="utf-8")
    server = subprocess.Popen([PELICAN, "--listen", "--autoreload", "--port", str(port)], cwd=project,
                              env={**bare_env(), "COLUMNS": "1000"}, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    said = lambda: Path(log.name).read_text(encoding="utf-8")  # noqa: E731
    failures = lambda: said().count("is not a date")  # noqa: E731
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: page_has(f"{base}/", b"</html>")), said()
        served = fetch(f"{base}/")
        post = project / "content" / "posts" / "progress-is-not-a-straight-line.md"
        good = post.read_text(encoding="utf-8")

        def fails() -> bool:  # watching starts after the first build: save until it is seen
            break_a_date(project)
            return wait_for(lambda: failures() > 0, seconds=5)
        assert wait_for(fails), said()
        assert fetch(f"{base}/") == served
        seen = failures()
        time.sleep(3)  # a window in which a re-running loop would fail again many times
        assert failures() == seen, said()
        assert fetch(f"{base}/") == served
        post.write_text(good + "\nFixed while pelican waited: wombatfix.\n", encoding="utf-8")
        page = f"{base}/posts/progress-is-not-a-straight-line/"
        assert wait_for(lambda: page_has(page, b"wombatfix"), seconds=120), said()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        log.close()


def test_pelican_content_and_invoke_build_take_turns(tmp_path: Path) -> None:
    """Plain `pelican` takes the build runner's lock: a build started while it runs waits,
    then builds its own whole site; the two never mix in output/."""
    project = make_project(tmp_path / "project")
    gate, reached = tmp_path / "gate", tmp_path / "reached"
    env = {**bare_env(), "STEPWISE_TEST_GATE": str(gate), "STEPWISE_TEST_GATE_REACHED": str(reached)}
    first_log = (tmp_path / "pelican.log").open("w+", encoding="utf-8")
    first = subprocess.Popen([PELICAN, "content", "-e", 'SITENAME="PELICANRUN"',
                              *with_test_plugins("gate_test")],
                             cwd=project, env=env, stdout=first_log, stderr=subprocess.STDOUT)
    second = None
    try:
        assert wait_for(reached.exists, seconds=300), "pelican never reached the end of its build"
        second_log = (tmp_path / "invoke.log").open("w+", encoding="utf-8")
        second = subprocess.Popen([sys.executable, "-m", "invoke", "build"], cwd=project,
                                  env={**os.environ, "PYTHONPATH": str(project)}, stdout=second_log,
                                  stderr=subprocess.STDOUT)
        waits = wait_for(lambda: "Another build" in Path(second_log.name).read_text(encoding="utf-8"), 120)
        gate.touch()
        assert waits, Path(second_log.name).read_text(encoding="utf-8")
        assert first.wait(timeout=300) == 0, Path(first_log.name).read_text(encoding="utf-8")
        assert second.wait(timeout=300) == 0, Path(second_log.name).read_text(encoding="utf-8")
    finally:
        gate.touch()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
    mixed = [p for p in (project / "output").rglob("*") if p.is_file() and b"PELICANRUN" in p.read_bytes()]
    assert not mixed
