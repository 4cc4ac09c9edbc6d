"""Set-up is lean and portable: building needs only the site's requirements, the tests find
Chromium wherever it is, and the system step uses apt only where there is apt."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.chromium import ENV, find_chromium, playwright_chromiums
from tests.conftest import ROOT
from tests.stepwise.project import invoke, make_project

TEST_ONLY = ("pytest", "playwright", "hypothesis", "axe-playwright-python", "podcastparser", "feedparser",
             "ruff", "pytest-xdist", "mypy")


def names(requirements: Path) -> set[str]:
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return {line.split("==")[0].split("[")[0].strip().lower() for line in lines
            if line.strip() and not line.startswith(("#", "-r"))}


def dry_run(target: str, tmp_path: Path) -> str:
    """What `make TARGET` would run on a fresh clone (no .venv yet)."""
    clone = tmp_path / "clone"
    clone.mkdir(parents=True)
    for name in ("Makefile", "requirements.txt", "requirements-test.txt", "requirements-podcast.txt"):
        shutil.copy(ROOT / name, clone / name)
    done = subprocess.run(["make", "-n", target], cwd=clone, capture_output=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_site_s_requirements_hold_no_test_tool() -> None:
    runtime, tests = names(ROOT / "requirements.txt"), names(ROOT / "requirements-test.txt")
    assert runtime.isdisjoint(TEST_ONLY)
    assert set(TEST_ONLY) <= tests
    assert "-r requirements.txt" in (ROOT / "requirements-test.txt").read_text(encoding="utf-8")


def test_make_build_installs_only_the_site_s_requirements(tmp_path: Path) -> None:
    plan = dry_run("build", tmp_path)
    assert "-r requirements.txt" in plan and "requirements-test.txt" not in plan
    assert "install-system-deps" not in plan and "npm" not in plan


def test_the_sound_and_bucket_tools_come_with_check_publish_and_test_not_build(tmp_path: Path) -> None:
    assert "requirements-podcast.txt" not in dry_run("build", tmp_path / "build")
    for target in ("check", "publish"):
        assert "-r requirements-podcast.txt" in dry_run(target, tmp_path / target)
    assert "-r requirements-podcast.txt" in (ROOT / "requirements-test.txt").read_text(encoding="utf-8")


def test_make_test_installs_the_test_tools_and_the_system_programs(tmp_path: Path) -> None:
    plan = dry_run("test", tmp_path)
    assert "-r requirements-test.txt" in plan and "install-system-deps.sh" in plan


def test_without_apt_the_system_step_names_what_to_install(tmp_path: Path) -> None:
    """A machine with none of the programs and no apt-get: it says what to get, and stops."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    for program in ("bash", "python3", "dirname"):
        (bin_folder / program).symlink_to(shutil.which(program) or program)
    env = {"PATH": str(bin_folder), "HOME": str(tmp_path), ENV: ""}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "install-system-deps.sh")], env=env,
                          capture_output=True, encoding="utf-8")
    assert done.returncode == 1
    assert "there is no apt-get here" in done.stderr
    for program in ("poppler (pdftotext)", "rsync", "a Java runtime", "git", "Node.js with npm"):
        assert f"  - {program}" in done.stderr


def fake_browser(path: Path) -> Path:
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_chromium_comes_from_the_setting_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = fake_browser(tmp_path / "mine" / "chrome")
    monkeypatch.setenv(ENV, str(chosen))
    assert find_chromium() == chosen
    monkeypatch.setenv(ENV, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=ENV):
        find_chromium()


def test_chromium_is_found_in_playwright_s_own_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    older = fake_browser(tmp_path / "chromium-1100" / "chrome-linux" / "chrome")
    newer = fake_browser(tmp_path / "chromium-1200" / "chrome-linux" / "chrome")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    found = [p for p in playwright_chromiums() if p.is_file()]
    assert found == [newer, older]
    monkeypatch.delenv(ENV, raising=False)
    assert find_chromium(system_places=()) == newer  # a machine with no system Chromium
    assert find_chromium(system_places=(str(older),)) == older  # a system one comes first


@pytest.mark.parametrize(("task", "missing"), [("lint", "ruff"), ("test", "pytest")])
def test_a_test_task_after_make_build_says_to_run_make_test(tmp_path: Path, task: str, missing: str) -> None:
    """`make build` installs no test tool; `invoke lint` or `invoke test` then says what to do,
    not a ModuleNotFoundError. The tools are hidden as `make build`'s .venv lacks them."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\nsys.modules.update(dict.fromkeys(['pytest', 'xdist', 'playwright', 'ruff']))\n",
        encoding="utf-8")
    project = make_project(tmp_path / "project")
    done = invoke(project, task, env={"PYTHONPATH": str(hide)})
    assert done.returncode != 0
    assert f"Not installed: {missing}" in done.stderr and "Fix: run `make test` once" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
