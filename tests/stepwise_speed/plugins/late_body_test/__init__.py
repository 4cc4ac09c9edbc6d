"""A test-only plugin: another plugin changes every article's body after it was read.

With STEPWISE_TEST_LATE_BODY set, each article's body gains a script and a javascript: link
once every article is read, as a careless plugin (or a setting such as Typogrify) could.
Only the judgement of the resolved bodies (stepwise_core/final_html.py) can catch it.
"""

from __future__ import annotations

import os
from typing import Any

from pelican import signals

ADDED = '<p><a href="javascript:alert(1)">late</a></p><script>alert(2)</script>'


def change_bodies(generator: Any) -> None:
    if os.environ.get("STEPWISE_TEST_LATE_BODY"):
        for article in generator.articles:
            article._content += ADDED


def register() -> None:
    signals.article_generator_finalized.connect(change_bodies)
