"""Many independent pieces of work, done by whoever offers to do them faster.

A batch of independent work (the resolved bodies' second judgement, the podcast plugin's
tagged audio copies) is handed here; the speed plugin, if present, answers the
splitting_work signal and does every second piece in a forked child. Without it, or with no
answer, the work is done here, in order. The results are the same either way: `work` must
not depend on which process runs it, and must keep any state it changes in what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from .signals import splitting_work

T = TypeVar("T")
R = TypeVar("R")


def do_each(settings: dict[str, Any], work: Callable[[T], R], items: list[T]) -> list[R]:
    """[work(item) for item in items], by a plugin's answer to splitting_work or here."""
    if not items:
        return []
    for _receiver, answer in splitting_work.send(settings, work=work, items=items):
        if answer is not None:
            return cast(list[R], answer)
    return [work(item) for item in items]
