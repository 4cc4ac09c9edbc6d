"""do_each: a plugin's batch done by whoever answers splitting_work, or here, in order."""

from __future__ import annotations

from typing import Any

from stepwise_core.signals import splitting_work
from stepwise_core.work import do_each


def test_with_no_answer_the_work_is_done_here_in_order() -> None:
    assert do_each({}, lambda n: n * 2, [3, 1, 2]) == [6, 2, 4]


def test_an_answer_is_taken_as_the_results() -> None:
    def elsewhere(_settings: Any, work: Any, items: list[Any]) -> list[Any]:
        return [("elsewhere", work(item)) for item in items]
    splitting_work.connect(elsewhere)
    try:
        assert do_each({}, lambda n: n * 2, [3, 1]) == [("elsewhere", 6), ("elsewhere", 2)]
    finally:
        splitting_work.disconnect(elsewhere)
