"""The types hold: mypy ([tool.mypy] in pyproject.toml: the core, every plugin and the tools,
pinned with its stub packages in requirements-test.txt) finds nothing, and a type error fails
`make test` here, with mypy's own report as the failure."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    """mypy with the project's configuration (found in pyproject.toml, run from the root)."""
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT, capture_output=True,
                          encoding="utf-8", timeout=600)


def test_mypy_finds_nothing() -> None:
    done = mypy()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_mypy_checks_the_core_every_plugin_and_the_tools() -> None:
    """A package added under plugins/ is checked too: the configuration names every one."""
    packages = {path.name for path in (ROOT / "plugins").iterdir() if (path / "__init__.py").exists()}
    assert {Path(name).name for name in CONFIG["files"]} == packages
    assert CONFIG["disallow_untyped_defs"] and CONFIG["check_untyped_defs"]


def test_a_type_error_fails_the_check(tmp_path: Path) -> None:
    """What mypy refuses under the project's configuration: a field no Pelican Protocol has, a
    field read as the wrong type, a function without annotations and an ignore without a code."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from stepwise_core.protocols import Content\n\n\n"
        "def address(item: Content) -> str:\n"
        "    return item.permalink\n\n\n"
        "def year(item: Content) -> int:\n"
        "    return item.slug\n\n\n"
        "def untyped(item):\n"
        "    return item\n\n\n"
        "LOOSE: int = 'x'  # type: ignore\n", encoding="utf-8")
    done = mypy("--cache-dir", str(tmp_path / "cache"), str(probe))
    assert done.returncode == 1, done.stdout + done.stderr
    for code in ("attr-defined", "return-value", "no-untyped-def", "ignore-without-code"):
        assert f"[{code}]" in done.stdout, (code, done.stdout)
