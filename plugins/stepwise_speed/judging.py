"""Work in two processes: the resolved bodies (stepwise_core.final_html's second judgement) and
any batch a plugin hands stepwise_core.work.do_each (the podcast plugin's tagged audio copies).

Once Pelican has resolved every body's links, each is judged again before anything is
written: on a blog of 1,000 posts, each linking another post and an image, that is ~2,000
parses in the main process while the other core is idle (bench/RESULTS.md). A judgement
needs only the body's text and the site URLs, which a forked child already holds, so the
child judges every second body and sends back only the verdicts. If the child fails, its
half is judged here: the verdicts are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stepwise_core.final_html import judge_published
from stepwise_core.html_policy import Refusal

from .forking import each_in_two
from .settings import plugin_settings

Verdicts = dict[bytes, tuple[Refusal, ...]]


def judge_in_two(settings: dict[str, Any], bodies: dict[bytes, str],
                 site_urls: tuple[str, ...]) -> Verdicts | None:
    """stepwise_core's judging_bodies: every verdict, or None to leave it to one process."""
    if not worth_two(settings, len(bodies)):
        return None
    keys = list(bodies)
    verdicts = each_in_two(lambda key: judge_published(bodies[key], site_urls), keys)
    return dict(zip(keys, verdicts, strict=True))


def split_in_two(settings: dict[str, Any], work: Callable[[Any], Any], items: list[Any]) -> list[Any] | None:
    """stepwise_core's splitting_work: every result, or None to leave it to one process."""
    return each_in_two(work, items) if worth_two(settings, len(items)) else None


def worth_two(settings: dict[str, Any], count: int) -> bool:
    """Two processes only with two workers allowed and enough work to pay for the fork."""
    options = plugin_settings(settings)
    return options["STEPWISE_WORKERS"] >= 2 and count >= options["STEPWISE_PARALLEL_MIN_FILES"]
