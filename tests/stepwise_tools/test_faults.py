"""Faults around a build that are nobody's content: each is named, and output/ stays the last good site.

- two builds of one output at once: the second waits (saying so) or stops, never shares
  the first one's staging folder;
- an input edited or deleted while the site is built fails the build;
- a live-preview build stopped after it showed the edited page puts output/ back;
- a full disk names the folder and how much is free (a real tmpfs, in a user namespace);
- an unreadable file, a folder Pelican could not list, a symlink loop: file, field and fix.

A test-only plugin (tests/stepwise/plugins/gate_test) holds a build at its end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT, BuildResult, run_build, with_test_plugins
from tests.stepwise.test_corpus import problem_lines
from tests.stepwise.treecheck import tree_digest

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
POST = "posts/progress-is-not-a-straight-line.md"


def start_build(content: Path, output: Path, *args: str,
                env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "stepwise_tools.build", "-o", str(output), "--content", str(content), *args]
    return subprocess.Popen(argv, cwd=ROOT, env={**ENV, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, encoding="utf-8")


def wait_for(condition, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def site(built_site: BuildResult, tmp_path: Path) -> tuple[Path, Path]:
    """(content, output): a private copy of the content and of its last good site."""
    content, output = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(CONTENT, content, symlinks=True)
    shutil.copytree(built_site.output, output)
    return content, output


def held_build(content: Path, output: Path, tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], Path]:
    """A build held at its end (behind the gate file it returns) once it got there."""
    gate, reached = tmp_path / "gate", tmp_path / "reached"
    env = {"STEPWISE_TEST_GATE": str(gate), "STEPWISE_TEST_GATE_REACHED": str(reached)}
    build = start_build(content, output, "-e", *with_test_plugins("gate_test"), *args, env=env)
    wait_for(lambda: reached.exists() or build.poll() is not None, "the build to reach its end")
    assert build.poll() is None, build.communicate()
    return build, gate


def test_a_second_build_stops_with_a_clear_message_or_waits_for_the_first(
        site: tuple[Path, Path], tmp_path: Path) -> None:
    content, output = site
    first, gate = held_build(content, output, tmp_path)
    impatient = start_build(content, output, "--wait", "0.5")
    _, stopped = impatient.communicate(timeout=120)
    assert impatient.returncode == 1
    assert (f"The build did not start: another build of {output}/ is still running (process {first.pid}); "
            "nothing was changed. Let it finish, then build again.") in stopped
    patient = start_build(content, output)
    wait_for(lambda: "waiting for it to finish" in (patient.stderr.readline() or "done"), "the waiting line")
    assert patient.poll() is None  # still waiting: the first build holds the lock
    gate.touch()
    assert first.wait(timeout=300) == 0, first.communicate()
    assert patient.wait(timeout=300) == 0, patient.communicate()
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) > 10  # whole
    assert sorted(p.name for p in output.parent.glob(".output.*")) == [".output.lock"]


@pytest.mark.parametrize("change", ["edit", "delete", "add"])
def test_an_input_that_changes_during_the_build_fails_it(site: tuple[Path, Path], tmp_path: Path,
                                                         change: str) -> None:
    content, output = site
    before = tree_digest(output)
    build, gate = held_build(content, output, tmp_path)
    post = content / POST
    if change == "edit":
        post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    elif change == "delete":
        post.unlink()
    else:
        post = content / "posts" / "new.md"
        post.write_text("Title: New\n", encoding="utf-8")
    gate.touch()
    _, stderr = build.communicate(timeout=300)
    assert build.returncode == 1, stderr
    what = {"edit": "changed", "delete": "was deleted", "add": "was added"}[change]
    assert (f"error: {post.relative_to(content.parent)}: file: {what} while the site was being built. "
            "Fix: build again once the files are saved (the site would not match its sources)") in stderr
    assert tree_digest(output) == before


def warm_up(content: Path, output: Path) -> bool:
    """A build with the same settings as held_build's, so that its content cache is trusted
    and the next build previews only what changed (preview.py)."""
    return run_build(content, output, extra=with_test_plugins("gate_test")).ok


def preview_build(content: Path, output: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], Path, Path]:
    """A live-preview build of one edited post, held at its end (the preview came first)."""
    edited = content / POST
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line to preview: quokka.\n", encoding="utf-8")
    build, gate = held_build(content, output, tmp_path, "STEPWISE_PREVIEW_FIRST=true")
    page = output / "posts" / "progress-is-not-a-straight-line" / "index.html"
    assert "quokka" in page.read_text(encoding="utf-8")  # the preview is in output/ early
    return build, gate, page


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_a_live_preview_build_stopped_puts_output_back(site: tuple[Path, Path], tmp_path: Path,
                                                       how: signal.Signals) -> None:
    content, output = site
    assert warm_up(content, output)
    before = tree_digest(output)
    build, _gate, _page = preview_build(content, output, tmp_path)
    build.send_signal(how)
    build.communicate(timeout=120)
    assert build.returncode != 0
    assert tree_digest(output) == before
    assert not output.with_name(".output.preview-undo").exists()


def test_a_live_preview_build_killed_is_undone_by_the_next_build(site: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    content, output = site
    assert warm_up(content, output)
    before = tree_digest(output)
    build, _gate, page = preview_build(content, output, tmp_path)
    build.kill()  # nothing can clean up after SIGKILL...
    build.communicate(timeout=120)
    assert "quokka" in page.read_text(encoding="utf-8")
    post = content / POST  # ...so the next build does, first thing, even one that fails
    post.write_text(post.read_text(encoding="utf-8").replace("Title:", "Titel:", 1), encoding="utf-8")
    failed = run_build(content, output, extra=with_test_plugins("gate_test"))
    assert failed.returncode == 1, failed.stderr
    assert tree_digest(output) == before


def in_user_namespace(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a Python script as root of a new user and mount namespace (`unshare -rm`)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is not installed")
    argv = ["unshare", "-rm", sys.executable, "-c", script, *args]
    done = subprocess.run(argv, cwd=ROOT, env=ENV, capture_output=True, encoding="utf-8", timeout=600)
    if "unshare failed" in done.stderr or "Operation not permitted" in done.stderr[:300]:
        pytest.skip(f"this machine does not allow user namespaces: {done.stderr[:200]}")
    return done


FULL_DISK = """
import json, shutil, subprocess, sys
from pathlib import Path
sys.path.insert(0, ".")
from tests.stepwise.treecheck import tree_digest
disk, good, content = map(Path, sys.argv[1:4])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], check=True)
output = disk / "output"
shutil.copytree(good, output)
before = tree_digest(output)
done = subprocess.run([sys.executable, "-m", "stepwise_tools.build", "-o", str(output),
                       "--content", str(content)], capture_output=True, encoding="utf-8")
print(json.dumps({"code": done.returncode, "stderr": done.stderr, "same": tree_digest(output) == before,
                  "left": sorted(p.name for p in disk.iterdir())}))
"""


def test_a_full_disk_names_the_folder_and_how_much_is_free(built_site: BuildResult, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    done = in_user_namespace(FULL_DISK, str(disk), str(built_site.output), str(CONTENT))
    report = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    assert report, done.stderr
    assert report["code"] == 1, report["stderr"]
    errors = problem_lines(report["stderr"])
    pattern = (rf"error: {re.escape(str(disk))}: disk: is full: \d+\.\d MB free; "
               r"the last site took \d+\.\d MB\. Fix: free at least \d+\.\d MB on that disk, "
               r"or build elsewhere with -o FOLDER; the last good site was not changed")
    assert any(re.fullmatch(pattern, line) for line in errors), errors
    assert "Traceback" not in report["stderr"]
    assert report["same"]
    assert ".output.building" not in report["left"]


def test_unreadable_files_and_folders_are_named_with_a_fix(site: tuple[Path, Path]) -> None:
    """Run as a mapped user in a user namespace: permissions do not hold back root."""
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is not installed")
    content, output = site
    before = tree_digest(output)
    (content / POST).chmod(0)
    (content / "worksheets").chmod(0)
    try:
        argv = ["unshare", "--user", "--map-user=1000", "--map-group=1000", sys.executable, "-m",
                "stepwise_tools.build", "-o", str(output), "--content", str(content)]
        done = subprocess.run(argv, cwd=ROOT, env=ENV, capture_output=True, encoding="utf-8", timeout=600)
    finally:
        (content / "worksheets").chmod(0o755)
    if "unshare failed" in done.stderr:
        pytest.skip(f"this machine does not allow user namespaces: {done.stderr[:200]}")
    assert done.returncode == 1, done.stderr
    assert problem_lines(done.stderr) == [
        "error: content/posts/progress-is-not-a-straight-line.md: file: cannot be read (Permission denied). "
        "Fix: make it readable (chmod a+r), or move it out of content/",
        "error: content/worksheets: file: cannot be read (Permission denied). "
        "Fix: make it readable (chmod a+r), or move it out of content/",
    ]
    assert "Traceback" not in done.stderr
    assert tree_digest(output) == before
