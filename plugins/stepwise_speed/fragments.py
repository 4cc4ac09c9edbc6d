"""Render each item's listing card once per build and reuse it on every listing page.

A post's card (the theme's `entry_card` macro: title, byline, summary) appears on
about seven listing pages: home, archives, its category, author, period archive and
each of its tags; at 1,500 items that is over 10,000 card renders for ~1,500 cards.
Those pages are written while Pagefind indexes, on the same two cores, so the time
saved goes to the search index.

The card depends on the item, the heading level and the page's SITEURL (constant in a
build unless RELATIVE_URLS, which gives each page its own): the macros are imported
with the page's context, so their links carry SITEURL, which a site served from a
sub-path needs. So each SITEURL gets its own module of the macros and its own cards,
and the cached HTML is exactly what rendering it again on that page would give. The
cache belongs to one generator's template environment, so it lives as long as that
build's generator.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from stepwise_core.cards import CARD, MACROS
from stepwise_core.protocols import Content, Generator


class CardOnce:
    """The Jinja global `card(item, heading)`: entry_card, rendered once per item and heading."""

    def __init__(self, env: Any) -> None:
        self._env = env
        self._macros: dict[str, Any] = {}  # SITEURL -> the macros' module made with it
        self._done: dict[tuple[str, str, str], Markup] = {}

    @pass_context
    def __call__(self, context: Any, item: Content, heading: str = "h2") -> Markup:
        site_url = str(context.get("SITEURL", ""))
        key = (site_url, item.source_path, heading)
        html = self._done.get(key)
        if html is None:
            module = self._macros.get(site_url)
            if module is None:
                module = self._macros[site_url] = self._env.get_template(MACROS).make_module(
                    context.get_all())
            html = self._done[key] = getattr(module, CARD)(item, heading)
        return html


def add_card_cache(generator: Generator) -> None:
    """generator_init: every generator renders with its own environment (this replaces
    stepwise_core.cards' plain `card`, whichever plugin's receiver runs first)."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["card"] = CardOnce(env)
