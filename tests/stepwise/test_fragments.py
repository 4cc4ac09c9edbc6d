"""A card rendered once is the card rendered again, per item, heading level and SITEURL."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader

from stepwise.fragments import CardOnce
from tests.conftest import ROOT

SUB_PATH = "https://someone.github.io/stepwise"


def theme() -> Environment:
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True)
    env.globals["card"] = CardOnce(env)
    return env


def item(path: str, title: str) -> SimpleNamespace:
    author = SimpleNamespace(url="authors/a/", name="A <writer>")
    return SimpleNamespace(source_path=path, url=f"posts/{path}/", title=title, kind="post",
                           date=datetime(2026, 3, 1), locale_date="1 March 2026",
                           authors=[author], summary="Small steps & <b>big</b> days")


def cached(env: Environment, entry: SimpleNamespace, heading: str, site_url: str = "") -> str:
    """The card as a listing page asks for it: through the global, in the page's context."""
    page = env.from_string("{{ card(entry, heading) }}")
    return page.render(entry=entry, heading=heading, SITEURL=site_url)


def rendered(env: Environment, entry: SimpleNamespace, heading: str, site_url: str = "") -> str:
    """The macro itself, imported with the page's context, as the theme's templates do."""
    page = env.from_string('{% from "_macros.html" import entry_card with context %}'
                           "{{ entry_card(entry, heading) }}")
    return page.render(entry=entry, heading=heading, SITEURL=site_url)


def test_the_cached_card_is_the_macro_s_card_for_each_heading_and_site_url() -> None:
    env, first = theme(), item("one", "Picturing a better day")
    for site_url in ("", SUB_PATH):
        for heading in ("h2", "h3"):
            assert cached(env, first, heading, site_url) == rendered(env, first, heading, site_url)
    assert cached(env, first, "h2") != cached(env, first, "h3")
    assert "A &lt;writer&gt;" in cached(env, first, "h2") and "&lt;b&gt;big" in cached(env, first, "h2")


def test_a_sub_path_site_s_cards_link_inside_it() -> None:
    card = cached(theme(), item("one", "Picturing a better day"), "h2", SUB_PATH)
    assert f'href="{SUB_PATH}/posts/one/"' in card and f'href="{SUB_PATH}/authors/a/"' in card
    assert 'href="/' not in card


def test_each_item_is_rendered_once() -> None:
    env = theme()
    first, second = item("one", "Before"), item("two", "Other")
    before = cached(env, first, "h2")
    first.title = "After"  # items do not change while pages render; the cache relies on it
    assert cached(env, first, "h2") == before and "Before" in before
    assert "Other" in cached(env, second, "h2")
