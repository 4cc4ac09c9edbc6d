"""Rarely used header fields that must work as the README's field table says: one build for all.

`Authors:` stands in for `Author:` (several people), and `Lang:` keeps a post in its folder
with its own words marked in its language. The mistakes around them are corpus cases
(tests/corpus/metadata/authors-*, posts/author-and-authors).
"""

from __future__ import annotations

import shutil

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.conftest import CONTENT, BuildResult, run_build

TWO_AUTHORS = """Title: Writing it together
Date: 2026-03-01 09:00
Authors: Priya Natarajan, Jo Whitfield
Summary: Two of us wrote this, one paragraph each.

We took turns with the pen.
"""
IN_FRENCH = """Title: Les petits pas comptent
Date: 2026-03-02 09:00
Author: Amara Okafor
Lang: fr
Summary: Un texte court sur les petits pas.

Chaque petit pas compte, même quand la semaine semble difficile.
"""
# Language tags are case-insensitive (BCP 47): 'FR' is French, 'EN' the site's own English.
IN_CAPITALS = {"un-pas-a-la-fois": ("Un pas à la fois", "FR"),
               "one-step-at-a-time": ("One step at a time", "EN")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("fields")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    (content / "posts" / "writing-it-together.md").write_text(TWO_AUTHORS, encoding="utf-8")
    (content / "posts" / "les-petits-pas-comptent.md").write_text(IN_FRENCH, encoding="utf-8")
    for slug, (title, lang) in IN_CAPITALS.items():
        text = IN_FRENCH.replace("Les petits pas comptent", title).replace("Lang: fr", f"Lang: {lang}")
        (content / "posts" / f"{slug}.md").write_text(text, encoding="utf-8")
    result = run_build(content, root / "output", strict=True)
    assert result.returncode == 0, result.stderr
    return result


def page(site: BuildResult, path: str) -> HTMLParser:
    return HTMLParser((site.output / path).read_text(encoding="utf-8"))


def test_authors_alone_names_every_author_and_lists_the_post_on_each_page(site: BuildResult) -> None:
    byline = page(site, "posts/writing-it-together/index.html").css_first(".byline")
    assert [a.text() for a in byline.css("a")] == ["Priya Natarajan", "Jo Whitfield"]
    for author in ("priya-natarajan", "jo-whitfield"):
        assert "/posts/writing-it-together/" in (site.output / "authors" / author / "index.html").read_text()


def test_a_post_in_another_language_keeps_its_folder_and_marks_its_words(site: BuildResult) -> None:
    assert not list(site.output.glob("*-fr.html")), "Pelican's default put it at the site's root"
    html = page(site, "posts/les-petits-pas-comptent/fr/index.html")
    assert html.css_first("html").attributes["lang"] == "en"  # the menus, byline, worksheet: the site's
    title = html.css_first("h1")
    assert title.attributes.get("lang") == "fr" and title.text() == "Les petits pas comptent"
    assert html.css_first(".entry-body").attributes.get("lang") == "fr"
    card = page(site, "index.html").css_first('a[href="/posts/les-petits-pas-comptent/fr/"]')
    assert card is not None and card.parent.attributes.get("lang") == "fr"


def test_a_language_tag_in_capitals_is_the_same_language(site: BuildResult) -> None:
    """'Lang: FR' was refused as "not a language tag"; 'EN' would have made an English post a
    translation at /EN/. Tags are case-insensitive: both are read as the lower-case tag."""
    french = page(site, "posts/un-pas-a-la-fois/fr/index.html").css_first("h1")
    assert french.attributes.get("lang") == "fr"
    english = page(site, "posts/one-step-at-a-time/index.html").css_first("h1")
    assert english.text() == "One step at a time" and english.attributes.get("lang") is None
    assert not (site.output / "posts" / "one-step-at-a-time" / "EN").exists()
