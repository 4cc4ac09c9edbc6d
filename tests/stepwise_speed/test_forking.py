"""each_in_two: a batch split between this process and a forked child, in order, and the
same results when the child fails (its half is done here)."""

from __future__ import annotations

import os

from stepwise_speed.forking import each_in_two


def test_every_second_item_is_done_in_a_child_and_the_order_is_kept() -> None:
    parent = os.getpid()
    done = each_in_two(lambda n: (n * n, os.getpid()), list(range(9)))
    assert [square for square, _ in done] == [n * n for n in range(9)]
    assert {pid for _, pid in done[0::2]} == {parent}
    assert parent not in {pid for _, pid in done[1::2]}  # a child did the odd ones


def test_a_child_that_fails_has_its_half_done_here() -> None:
    parent = os.getpid()

    def only_here(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return n + 1
    assert each_in_two(only_here, list(range(7))) == list(range(1, 8))


def test_one_item_or_none() -> None:
    assert each_in_two(str, []) == []
    assert each_in_two(str, [5]) == ["5"]
