"""The two-process writer (render.py) reports what the second process logged as one process would.

Pelican's loggers drop a warning repeated past their limit by raising FilteredMessage
from Logger.filter and catching it in Logger._log. The writer replays the child's
records through Logger.handle, which does not catch it: sixty posts linking one missing
page crashed the build with a traceback. A test-only plugin (repeat_test) now logs, on
every page written, one warning with the same text and one in a limit_msg group.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CONTENT, run_build, with_test_plugins
from tests.stepwise.test_corpus import problem_lines
from tests.stepwise.treecheck import tree_digest

REPEAT = {"STEPWISE_TEST_REPEAT": "1"}


def build(output: Path, workers: int) -> tuple[int, str, list[str]]:
    extra = (*with_test_plugins("repeat_test"), f"STEPWISE_WORKERS={workers}",
             "STEPWISE_PARALLEL_MIN_FILES=1", "LOAD_CONTENT_CACHE=false")
    result = run_build(CONTENT, output, extra=extra, env=REPEAT)
    return result.returncode, result.stderr, problem_lines(result.stderr)


def test_a_warning_repeated_past_the_limit_in_the_second_process_is_reported_not_a_crash(
        tmp_path: Path) -> None:
    code, stderr, warnings = build(tmp_path / "two" / "output", workers=2)
    assert code == 0, stderr
    assert "Traceback" not in stderr and "FilteredMessage" not in stderr
    assert warnings.count("warning: (build): repeat_test: the same warning on every page. Fix: the "
                          "message above is Pelican's or a plugin's own; it says what to correct") == 1
    assert sum("repeat_test: a warning about" in w for w in warnings) == 4  # the fifth is the group line
    assert sum("repeat_test: more pages were warned about" in w for w in warnings) == 1


def test_two_processes_write_the_bytes_and_as_many_warnings_as_one(tmp_path: Path) -> None:
    one = build(tmp_path / "one" / "output", workers=1)
    two = build(tmp_path / "two" / "output", workers=2)
    assert one[0] == two[0] == 0, one[1] + two[1]
    assert tree_digest(tmp_path / "one" / "output", with_mtimes=False) == \
        tree_digest(tmp_path / "two" / "output", with_mtimes=False)
    assert len(one[2]) == len(two[2]) == 6
    assert [w for w in one[2] if "same warning" in w] == [w for w in two[2] if "same warning" in w]
