"""A test-only plugin that logs warnings while pages are written, as Pelican's own code does.

With STEPWISE_TEST_REPEAT set, every article page written (content_written, in whichever
process renders it: render.py writes them in two) logs one warning with the same text
every time (Pelican's LimitFilter drops the repeats) and one naming the page in a
limit_msg group (after five, Pelican logs the group's message once and drops the rest):
past Pelican's log limit on both counts.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals

log = logging.getLogger(__name__)


def after_write(path: str, context: Any = None) -> None:
    if not os.environ.get("STEPWISE_TEST_REPEAT") or ("/posts/" not in path and "/episodes/" not in path):
        return
    log.warning("repeat_test: the same warning on every page")
    log.warning("repeat_test: a warning about %s", os.path.basename(os.path.dirname(path)),
                extra={"limit_msg": "repeat_test: more pages were warned about"})


def register() -> None:
    signals.content_written.connect(after_write)
