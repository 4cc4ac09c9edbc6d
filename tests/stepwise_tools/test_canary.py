"""`invoke canary`'s own logic: which pins it keeps, and how it names a broken fast path.

The real run (a venv from PyPI, the equivalence tests on the newest Pelican and Markdown)
needs the network and minutes; its last result is in docs/architecture.md.
"""

from __future__ import annotations

from stepwise_tools.canary import FAST_PATH_OF, TESTS, pinned, report
from tests.conftest import ROOT


def test_the_environment_keeps_every_pin_but_pelican_and_markdown() -> None:
    kept = pinned(ROOT / "requirements.txt", ("pelican", "markdown"))
    assert not [line for line in kept if line.lower().startswith(("pelican", "markdown"))]
    assert "feedgen==1.0.0" in kept and all("==" in line for line in kept)


def test_every_equivalence_test_file_names_its_fast_path() -> None:
    files = {path.name for path in (ROOT / TESTS).glob("test_*.py")}
    assert files == set(FAST_PATH_OF)


def test_a_failure_is_named_by_its_fast_path(capsys) -> None:
    drift = {"versions": {"pelican": "9.0", "markdown": "9.0"},
             "drifted": [["markdown Registry._priority", "reader.py", "one Markdown per process"]]}
    failed = ["tests/stepwise_speed/test_fast_paths.py::test_two_workers_give_the_same_site"]
    assert report(drift, failed) == 1
    said = capsys.readouterr().out
    assert "Registry._priority (used by reader.py; fast path: one Markdown per process)" in said
    assert "fast path: Markdown pool / two-process render / preview first" in said
    assert report({"versions": {}, "drifted": []}, []) == 0
