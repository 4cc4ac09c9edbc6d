"""`invoke canary`: do the speed plugin's fast paths still hold on the newest Pelican and Markdown?

The speed plugin stands aside on any version it was not proven on (stepwise_speed/
internals.py), so an upgrade never breaks a build; this says whether it may be proven
again. It makes a throw-away virtual environment with the site's requirements, then the
newest released Pelican and Python-Markdown from PyPI, and there:

1. names each private internal that is gone or changed (internals.drifted), with the
   fast path that leans on it;
2. runs the equivalence tests (tests/stepwise_speed: every fast path against the slow
   one, on the sample site and bench corpora) with the fast paths forced on
   (STEPWISE_SPEED_UNPROVEN=1), and names the fast path of each that fails.

Exit status 0 when every fast path holds. It needs the network (PyPI) and ~2 minutes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
UPGRADED = ("pelican", "markdown")
TEST_TOOLS = ("pytest", "hypothesis")  # what the equivalence tests import, pinned as in requirements-test
TESTS = "tests/stepwise_speed"
# The tests of the version fence itself, which must fail on new versions or with the fast
# paths forced on: no fast path's.
NOT_A_FAST_PATH = ("not test_the_proven_versions_are_the_pinned_ones_and_nothing_has_drifted"
                   " and not test_on_an_unproven_pelican_the_build_stands_aside_with_one_warning"
                   " and not test_any_other_version_is_a_reason_to_stand_aside")
# Test file -> the fast paths it proves.
FAST_PATH_OF = {
    "test_fast_markdown.py": "fasttoc / fastsmarty / fastinline / one Markdown per process",
    "test_fast_paths.py": "Markdown pool / two-process render / preview first",
    "test_forking.py": "work split with a forked child (resolved bodies, tagged audio copies)",
    "test_fragments.py": "card cache",
    "test_templates.py": "compiled templates shared between generators",
    "test_optional.py": "the whole speed plugin (its output against the plain build)",
    "test_parallel.py": "Markdown pool (a worker that dies)",
    "test_render.py": "two-process render (the child's log records)",
}
DRIFT = ("import json, sys; sys.path[:0] = ['plugins']\n"
         "from stepwise_speed import internals\n"
         "print(json.dumps({'versions': internals.installed(), 'drifted': "
         "[[i.name, i.used_by, i.fast_path] for i in internals.drifted()]}))\n")


def pinned(requirement_file: Path, leave_out: tuple[str, ...]) -> list[str]:
    """The pinned lines of a requirements file, without the packages named."""
    lines = []
    for written in requirement_file.read_text(encoding="utf-8").splitlines():
        line = written.split("#")[0].strip()
        name = re.split(r"[=<>\[ ]", line, maxsplit=1)[0].lower()
        if line and not line.startswith("-") and name not in leave_out:
            lines.append(line)
    return lines


def make_environment(folder: Path) -> Path:
    """A venv with the site's pins, the tests' tools, and the newest Pelican and Markdown."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    test_pins = [p for p in pinned(ROOT / "requirements-test.txt", ()) if p.split("==")[0] in TEST_TOOLS]
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *pinned(ROOT / "requirements.txt", UPGRADED), *test_pins], check=True)
    subprocess.run([*pip, "--upgrade", *UPGRADED], check=True)
    return python


def failing_tests(python: Path, scratch: Path) -> list[str]:
    """The equivalence tests that fail with the fast paths forced on (temporary folders in
    `scratch`, so they never touch another run's)."""
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "STEPWISE_SPEED_UNPROVEN": "1", "PYTEST_DEBUG_TEMPROOT": str(scratch)}
    done = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", TESTS,
                           "-k", NOT_A_FAST_PATH], cwd=ROOT, env=env, capture_output=True, text=True)
    print(done.stdout[-4000:])
    return sorted(set(re.findall(r"^(?:FAILED|ERROR) (\S+?)(?: - .*)?$", done.stdout, re.MULTILINE)))


def report(drift: dict[str, Any], failed: list[str]) -> int:
    print(f"Newest releases: {drift['versions']}")
    for name, used_by, fast_path in drift["drifted"]:  # JSON: [name, used_by, fast_path] lists
        print(f"  changed or gone: {name} (used by {used_by}; fast path: {fast_path})")
    for test in failed:
        file = test.split("::")[0].rsplit("/", 1)[-1]
        print(f"  FAILS: {test} -> fast path: {FAST_PATH_OF.get(file, file)}")
    if not failed:
        print("Every fast path gives the same bytes on these versions: prove them by raising "
              "PROVEN_ON and the pins in requirements.txt, after updating each drifted fingerprint.")
    return 1 if failed else 0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="stepwise-canary-") as folder:
        python = make_environment(Path(folder) / "venv")
        found = subprocess.run([str(python), "-c", DRIFT], cwd=ROOT, capture_output=True, text=True,
                               check=True)
        return report(json.loads(found.stdout), failing_tests(python, Path(folder) / "tmp"))


if __name__ == "__main__":
    sys.exit(main())
