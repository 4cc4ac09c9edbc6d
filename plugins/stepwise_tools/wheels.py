"""Wheels of the plugins other Pelican sites can install: `invoke wheels`, and the packaging test.

Each package folder under plugins/ with a pyproject.toml is its own distribution: the
core library (stepwise-core) and the namespace plugins (pelican.plugins.worksheets,
pelican.plugins.podcast), built from the very folders the Stepwise site loads. Each is
built from a copy: setuptools writes build/ and *.egg-info next to its sources, which
must not land in plugins/ (the import-graph test and the cache fingerprint read every
.py file there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent
PACKAGES = ("stepwise_core", "worksheets", "podcast")  # the core first: the plugins need it
LEFT_BEHIND = shutil.ignore_patterns("__pycache__", "build", "*.egg-info", "*.pyc")


def build_wheels(into: Path, packages: tuple[str, ...] = PACKAGES) -> list[Path]:
    """Build each package's wheel into `into` with this Python's setuptools (no download:
    the pinned setuptools of requirements-test.txt); return the wheels, in `packages` order."""
    into.mkdir(parents=True, exist_ok=True)
    built = []
    with tempfile.TemporaryDirectory(prefix="stepwise-wheels-") as scratch:
        for name in packages:
            source, out = Path(scratch) / name, Path(scratch) / f"{name}-wheel"
            shutil.copytree(PLUGINS / name, source, ignore=LEFT_BEHIND)
            subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            "--no-build-isolation", "--disable-pip-version-check", "--wheel-dir",
                            str(out), str(source)], check=True)
            (wheel,) = out.glob("*.whl")
            built.append(Path(shutil.copy2(wheel, into / wheel.name)))
    return built
