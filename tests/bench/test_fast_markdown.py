"""The fast Markdown paths give exactly Python-Markdown's output.

- stepwise.fastsmarty skips text smarty cannot change;
- stepwise.fastinline skips, in C, inline patterns whose regex finds nothing;
- the reader keeps one Markdown instance per process and resets it between files.
Each is compared with stock Python-Markdown, a fresh instance per text.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from pelican.settings import read_settings

from bench.make_corpus import make_corpus
from stepwise.reader import StepwiseMarkdownReader
from tests.conftest import CONTENT, ROOT

BASE = ["markdown.extensions.extra", "markdown.extensions.meta", "markdown.extensions.toc"]
STOCK = [*BASE, "markdown.extensions.smarty"]
FAST = [*BASE, "stepwise.fastsmarty", "stepwise.fastinline"]
TRICKY = [
    "He said \"'Quoted' words in a larger quote.\" -- and --- then... the '80s",
    "<<angled>> and `code with 'quotes'` and <a href=\"x\">'link'</a> don't",
    "'Start' and \"start\". 'Tis. It's 'a' \"b\" -- ---- ....",
    "* item 'one'\n* item two -- dash\n\n> quote \"here\"\n\n| a | 'b' |\n|---|---|\n| \"c\" | d... |",
    "**bold *nested* and `code`** then [a *link*](/x \"t\") and ![img](/i.png) [^1]\n\n[^1]: note",
    "\\*escaped\\* &amp; &copy; <b>raw</b> <https://example.org> <me@example.org> `` a`b `` ***x***",
    "[ref][r] and [r] and ![alt][r] __under__ _em_ line  \nbreak\n\n[r]: /target",
    "*[HTML]: Hyper Text\n\nHTML here.\n\nTerm\n:   definition *em*\n\n## A heading {#custom}",
]


def convert(extensions: list[str], text: str) -> str:
    return Markdown(extensions=extensions, output_format="html5").convert(text)


def texts(tmp_path: Path) -> list[str]:
    corpus = make_corpus(tmp_path / "corpus", 20, 5)
    found = [p.read_text(encoding="utf-8") for p in sorted(CONTENT.rglob("*.md"))]
    return found + [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.md"))] + TRICKY


def test_same_html_for_the_site_the_corpus_and_tricky_text(tmp_path: Path) -> None:
    for text in texts(tmp_path):
        assert convert(FAST, text) == convert(STOCK, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab '\"-.<>*`_\n#[]()!:&;\\^{}=|~/@", max_size=160))
def test_same_html_for_any_punctuation(text: str) -> None:
    assert convert(FAST, text) == convert(STOCK, text)


def test_one_reader_for_many_files_reads_each_as_a_fresh_one(tmp_path: Path) -> None:
    """Files read one after another by one reader (summaries, footnotes, abbreviations,
    metadata) come out as when each has a reader of its own."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(CONTENT)})
    files = sorted(CONTENT.rglob("*.md"))
    extra = tmp_path / "extra.md"
    extra.write_text("Title: Extra\nDate: 2026-01-01 09:00\nSummary: A *short* one: with colon\n\n"
                     + TRICKY[4] + "\n\n" + TRICKY[7] + "\n", encoding="utf-8")
    files = [*files, extra, *files]
    shared = StepwiseMarkdownReader(settings)
    for path in files:
        assert shared._convert(str(path)) == StepwiseMarkdownReader(settings)._convert(str(path))
