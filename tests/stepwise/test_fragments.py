"""A card rendered once is the card rendered again, per item and heading level."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader

from stepwise.fragments import CardOnce
from tests.conftest import ROOT


def theme() -> Environment:
    return Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True)


def item(path: str, title: str) -> SimpleNamespace:
    author = SimpleNamespace(url="authors/a/", name="A <writer>")
    return SimpleNamespace(source_path=path, url=f"posts/{path}/", title=title, kind="post",
                           date=datetime(2026, 3, 1), locale_date="1 March 2026",
                           authors=[author], summary="Small steps & <b>big</b> days")


def test_the_cached_card_is_the_macro_s_card_for_each_heading() -> None:
    env = theme()
    macro = env.get_template("_macros.html").module.entry_card
    card, first = CardOnce(env), item("one", "Picturing a better day")
    for heading in ("h2", "h3"):
        assert card(first, heading) == macro(first, heading)
    assert card(first, "h2") != card(first, "h3")
    assert "A &lt;writer&gt;" in card(first, "h2") and "&lt;b&gt;big" in card(first, "h2")


def test_each_item_is_rendered_once() -> None:
    env = theme()
    card, first, second = CardOnce(env), item("one", "Before"), item("two", "Other")
    before = card(first, "h2")
    first.title = "After"  # items do not change while pages render; the cache relies on it
    assert card(first, "h2") == before and "Before" in before
    assert "Other" in card(second, "h2")
