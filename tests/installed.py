"""Our plugins as another site gets them: wheels built by `invoke wheels`, installed into a
fresh virtual environment with Pelican, and a site made as `pelican-quickstart` makes one,
built there by the `pelican` command (tests/worksheets/test_installed.py,
tests/podcast/test_installed.py).

The environment is a new `python -m venv` (no system packages, nothing of .venv): our three
wheels are installed by file name, Pelican and the other third-party packages from the index
at the versions requirements*.txt pin. The site has no plugins/ folder and no PLUGIN_PATHS,
so the plugin it lists can only come from the wheel.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pelican
import pytest

from stepwise_tools.wheels import build_wheels
from tests.conftest import ROOT

PINNED = (ROOT / "requirements.txt", ROOT / "requirements-podcast.txt")
QUICKSTART = Path(pelican.__file__).parent / "tools" / "templates" / "pelicanconf.py.jinja2"
INSTALL_TIMEOUT = 900  # seconds: a cold download of Pelican and its dependencies, on a slow line


def environment_with(plugin: str) -> object:
    """A module fixture: bin/ of a fresh environment holding `plugin`'s wheel (a folder name
    under plugins/), stepwise-core's, and what they require."""
    @pytest.fixture(scope="module")
    def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
        folder = tmp_path_factory.mktemp(f"{plugin}-installed")
        return fresh_environment(folder, build_wheels(folder / "wheels", ("stepwise_core", plugin)))
    return installed


def assert_from_the_wheel(bin_dir: Path, *modules: str) -> None:
    """Each module is imported from that environment, not from this checkout."""
    for module in modules:
        assert where_installed(bin_dir, module).is_relative_to(bin_dir.parent), module


def constraints(folder: Path) -> Path:
    """The project's pins as a pip constraints file (a constraint may not name extras)."""
    lines = []
    for path in PINNED:
        for written in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"\[[^\]]*\]", "", written.split("#")[0]).strip()
            if line and not line.startswith("-"):
                lines.append(line)
    target = folder / "constraints.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def clean_environ() -> dict[str, str]:
    """This process's environment without anything that would make .venv or plugins/ importable."""
    return {key: value for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}


def fresh_environment(folder: Path, wheels: list[Path]) -> Path:
    """A new virtual environment with `wheels` and what they require; its bin/ folder."""
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=clean_environ())
    python = venv / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "-c", str(constraints(folder)), *map(str, wheels)],
                          capture_output=True, encoding="utf-8", env=clean_environ(), timeout=INSTALL_TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv / "bin"


def where_installed(bin_dir: Path, module: str) -> Path:
    """The file `module` is imported from in that environment."""
    done = subprocess.run([str(bin_dir / "python"), "-c", f"import {module} as m; print(m.__file__)"],
                          capture_output=True, encoding="utf-8", env=clean_environ(), check=True)
    return Path(done.stdout.strip())


def listed_plugins(bin_dir: Path) -> str:
    """What Pelican's own `pelican-plugins` command finds installed in that environment."""
    done = subprocess.run([str(bin_dir / "pelican-plugins")], capture_output=True, encoding="utf-8",
                          env={**clean_environ(), "COLUMNS": "200"}, check=True)
    return done.stdout + done.stderr  # Pelican logs the list


def quickstart_settings(site: Path, extra: str) -> Path:
    """pelicanconf.py as pelican-quickstart writes it (its own template), then `extra`."""
    template = jinja2.Template(QUICKSTART.read_text(encoding="utf-8"), keep_trailing_newline=True)
    text = template.render(author='"Robin Ash"', sitename='"A small garden"', timezone='"Europe/Paris"',
                           lang='"en"', default_pagination="10")
    settings = site / "pelicanconf.py"
    settings.write_text(text + "\n" + extra, encoding="utf-8")
    return settings


def pelican_build(bin_dir: Path, site: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`pelican content` in `site`, as its author would run it."""
    return subprocess.run([str(bin_dir / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output",
                           *options], cwd=site, capture_output=True, encoding="utf-8",
                          env={**clean_environ(), "COLUMNS": "200"}, timeout=300)


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
