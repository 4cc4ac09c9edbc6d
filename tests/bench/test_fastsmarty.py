"""stepwise.fastsmarty gives exactly smarty's output (it only skips text smarty cannot change)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from bench.make_corpus import make_corpus
from tests.conftest import CONTENT

BASE = ["markdown.extensions.extra", "markdown.extensions.meta", "markdown.extensions.toc"]
TRICKY = [
    "He said \"'Quoted' words in a larger quote.\" -- and --- then... the '80s",
    "<<angled>> and `code with 'quotes'` and <a href=\"x\">'link'</a> don't",
    "'Start' and \"start\". 'Tis. It's 'a' \"b\" -- ---- ....",
    "* item 'one'\n* item two -- dash\n\n> quote \"here\"\n\n| a | 'b' |\n|---|---|\n| \"c\" | d... |",
]


def both(text: str) -> tuple[str, str]:
    slow = Markdown(extensions=[*BASE, "markdown.extensions.smarty"], output_format="html5")
    quick = Markdown(extensions=[*BASE, "stepwise.fastsmarty"], output_format="html5")
    return slow.convert(text), quick.convert(text)


def test_same_html_for_the_site_the_corpus_and_tricky_text(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 20, 5)
    texts = [p.read_text(encoding="utf-8") for p in sorted(CONTENT.rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.md"))]
    for text in [*texts, *TRICKY]:
        slow, quick = both(text)
        assert quick == slow


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab '\"-.<>*`_\n#[]()!:&;", max_size=120))
def test_same_html_for_any_punctuation(text: str) -> None:
    slow, quick = both(text)
    assert quick == slow
