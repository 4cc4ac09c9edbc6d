"""Judge the resolved bodies in two processes (stepwise_core.final_html's second judgement).

Once Pelican has resolved every body's links, each is judged again before anything is
written: on a blog of 1,000 posts, each linking another post and an image, that is ~2,000
parses in the main process while the other core is idle (bench/RESULTS.md). A judgement
needs only the body's text and the site URLs, which a forked child already holds, so the
child judges every second body and sends back only the verdicts. If the child fails, its
half is judged here: the verdicts are the same either way.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

from stepwise_core.final_html import judge_published
from stepwise_core.html_policy import Refusal

from .forking import in_child
from .settings import plugin_settings

Verdicts = dict[bytes, tuple[Refusal, ...]]


def judge(bodies: dict[bytes, str], keys: list[bytes], site_urls: tuple[str, ...]) -> Verdicts:
    return {key: judge_published(bodies[key], site_urls) for key in keys}


def judge_in_two(settings: dict[str, Any], bodies: dict[bytes, str],
                 site_urls: tuple[str, ...]) -> Verdicts | None:
    """stepwise_core's judging_bodies: every verdict, or None to leave it to one process."""
    options = plugin_settings(settings)
    if options["STEPWISE_WORKERS"] < 2 or len(bodies) < options["STEPWISE_PARALLEL_MIN_FILES"]:
        return None
    keys = list(bodies)
    theirs, mine = keys[1::2], keys[0::2]
    child = in_child(lambda: pickle.dumps(judge(bodies, theirs, site_urls), pickle.HIGHEST_PROTOCOL))
    try:
        verdicts = judge(bodies, mine, site_urls)
    finally:
        report, status = child()
    if report and os.waitstatus_to_exitcode(status) == 0:
        return verdicts | pickle.loads(report)
    return verdicts | judge(bodies, theirs, site_urls)
