"""The Jinja global `card(item, heading)`: an item's listing card, the theme's `entry_card`.

Listing templates call `card` rather than importing the macro themselves, so a faster
plugin can hand them the same card rendered once (stepwise_speed.fragments). This is
the plain form: the macro, imported with the page's context as a template's own
`{% from "_macros.html" import entry_card with context %}` would, on every call.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .protocols import Generator

MACROS, CARD = "_macros.html", "entry_card"


class Card:
    """entry_card, rendered each time it is asked for."""

    def __init__(self, env: Any) -> None:
        self._env = env

    @pass_context
    def __call__(self, context: Any, item: Any, heading: str = "h2") -> Markup:
        module = self._env.get_template(MACROS).make_module(context.get_all())
        return getattr(module, CARD)(item, heading)


def add_card(generator: Generator) -> None:
    """generator_init: give each generator's environment `card`, unless a faster one is there."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals.setdefault("card", Card(env))
