"""Shared fixtures: real builds of real sites into temporary folders.

Each build runs in its own process (python -m stepwise_tools.build), because Pelican's
plugin signals are process-global and would leak between in-process builds.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Browser fixtures (site_url, browser, new_page, serve): see tests/browser.py.
pytest_plugins = ["tests.browser"]
CONTENT = ROOT / "content"


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C reaches the builds and servers the tests stop with it, also in a run started in
    the background (`make test &`, `nohup`): a shell starts those with SIGINT ignored, and
    every process started from there would ignore it too (an ignored signal survives exec;
    a handled one is reset to its default)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


def run_build(content: Path, output: Path, *, strict: bool = False,
              settings: Path = ROOT / "pelicanconf.py", extra: tuple[str, ...] = (),
              env: dict[str, str] | None = None, timeout: float = 600) -> BuildResult:
    """Build `content` into `output` with the project's settings, in a subprocess.

    `env` adds environment variables (test-only plugins read theirs from there).
    """
    argv = [sys.executable, "-m", "stepwise_tools.build", "-s", str(settings), "-o", str(output),
            "--content", str(content)]
    if strict:
        argv.append("--strict")
    if extra:
        argv += ["-e", *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
           "PYTHONFAULTHANDLER": "1", **(env or {})}
    with subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding="utf-8") as build:
        try:
            stdout, stderr = build.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build did not finish in {timeout:g} s; where it waited:\n{stacks_of(build)}")
    return BuildResult(build.returncode, stdout, stderr, output)


def stacks_of(build: subprocess.Popen[str]) -> str:
    """A hung build's Python stack (faulthandler prints it on SIGABRT), so a hang in CI says
    where it waited instead of only that it timed out."""
    build.send_signal(signal.SIGABRT)
    try:
        _, stderr = build.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        build.kill()
        _, stderr = build.communicate()
    return stderr[-6000:]


def with_test_plugins(*names: str) -> tuple[str, ...]:
    """-e settings: the site's own plugins plus test-only ones (tests/<package>/plugins, beside
    the tests that use them)."""
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    plugins = [*pelicanconf.PLUGINS[:-1], *names, pelicanconf.PLUGINS[-1]]  # stepwise stays last
    test_plugins = sorted(map(str, (ROOT / "tests").glob("*/plugins")))
    paths = [str(ROOT / p) for p in pelicanconf.PLUGIN_PATHS] + test_plugins
    return (f"PLUGINS={json.dumps(plugins)}", f"PLUGIN_PATHS={json.dumps(paths)}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The project's own content, built once per test session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_build(CONTENT, output)
    assert result.ok, result.stderr
    return result


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, symlinks=True)
    return target


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a content folder into tmp_path/output."""
    def _build(content: Path, **kwargs: object) -> BuildResult:
        return run_build(content, tmp_path / "output", **kwargs)  # type: ignore[arg-type]
    return _build
