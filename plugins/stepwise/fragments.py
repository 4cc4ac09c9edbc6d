"""Render each item's listing card once per build and reuse it on every listing page.

A post's card (the theme's `entry_card` macro: title, byline, summary) appears on
about seven listing pages: home, archives, its category, author, period archive and
each of its tags; at 1,500 items that is over 10,000 card renders for ~1,500 cards.
Those pages are written while Pagefind indexes, on the same two cores, so the time
saved goes to the search index.

The card depends only on the item and the heading level (the macro is imported
without the page's context, as Jinja imports are), so the cached HTML is exactly
what rendering it again would give. The cache belongs to one generator's template
environment, so it lives as long as that build's generator.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

MACROS, CARD = "_macros.html", "entry_card"


class CardOnce:
    """The Jinja global `card(item, heading)`: entry_card, rendered once per item and heading."""

    def __init__(self, env: Any) -> None:
        self._env = env
        self._done: dict[tuple[str, str], Markup] = {}

    def __call__(self, item: Any, heading: str = "h2") -> Markup:
        key = (item.source_path, heading)
        html = self._done.get(key)
        if html is None:
            macro = getattr(self._env.get_template(MACROS).module, CARD)
            html = self._done[key] = macro(item, heading)
        return html


def add_card_cache(generator: Any) -> None:
    """generator_init: every generator renders with its own environment."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["card"] = CardOnce(env)
