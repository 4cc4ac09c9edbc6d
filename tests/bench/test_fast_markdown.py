"""The fast Markdown paths give exactly Python-Markdown's output.

- stepwise.fasttoc builds a table of contents only for a text with a [TOC] marker;
- stepwise.fastsmarty does smarty's pass on plain strings, with faster forms of its regexes;
- stepwise.fastinline skips, in C, inline patterns whose regex finds nothing;
- the reader keeps one Markdown instance per process and resets it between files.
Each is compared with stock Python-Markdown, a fresh instance per text.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from pelican.settings import read_settings

from bench.make_blog import make_blog
from bench.make_corpus import make_corpus
from stepwise.fastsmarty import LEAD, LITERAL_FIRST, NEEDLES
from stepwise.reader import StepwiseMarkdownReader
from tests.conftest import CONTENT, ROOT

BASE = ["markdown.extensions.extra", "markdown.extensions.meta"]
STOCK = [*BASE, "markdown.extensions.toc", "markdown.extensions.smarty"]
FAST = [*BASE, "stepwise.fasttoc", "stepwise.fastsmarty", "stepwise.fastinline"]
TRICKY = [
    "He said \"'Quoted' words in a larger quote.\" -- and --- then... the '80s",
    "<<angled>> and `code with 'quotes'` and <a href=\"x\">'link'</a> don't",
    "'Start' and \"start\". 'Tis. It's 'a' \"b\" -- ---- ....",
    "* item 'one'\n* item two -- dash\n\n> quote \"here\"\n\n| a | 'b' |\n|---|---|\n| \"c\" | d... |",
    "**bold *nested* and `code`** then [a *link*](/x \"t\") and ![img](/i.png) [^1]\n\n[^1]: note",
    "\\*escaped\\* &amp; &copy; <b>raw</b> <https://example.org> <me@example.org> `` a`b `` ***x***",
    "[ref][r] and [r] and ![alt][r] __under__ _em_ line  \nbreak\n\n[r]: /target",
    "x ----'s and ----'a' \"----\"b\" &nbsp;'quoted' &mdash;\"quoted\" &#8211;'a' \u2014\"b\"",
    "the '80s and 'n' -- x... y---z and ''double'' \"'mixed'\" 'tis",
    "[TOC]\n\n# One\n\n## Two *em* `code`\n\n## Two *em* `code`\n\n### Three {#set}\n\n[TOC]",
    "# Heading\n\nNo marker, but [TOC] inside a sentence, and a [TOC]\n\n    [TOC]",
    "*[HTML]: Hyper Text\n\nHTML here.\n\nTerm\n:   definition *em*\n\n## A heading {#custom}",
]

# Pieces that smarty's patterns look at, around and inside their matches.
SMARTY_TOKENS = ["'", '"', "-", "--", "---", ".", "...", "a", "s", "80s", "1", " ", "\t", "\n",
                 "&nbsp;", "&mdash;", "&#8211;", "\u2014", "(", "[", "\x02", "\x03", "<<", ">>", "*"]
smarty_text = st.lists(st.sampled_from(SMARTY_TOKENS), max_size=14).map("".join)


def convert(extensions: list[str], text: str) -> str:
    return Markdown(extensions=extensions, output_format="html5").convert(text)


def texts(tmp_path: Path) -> list[str]:
    corpus = make_corpus(tmp_path / "corpus", 20, 5)
    blog = make_blog(tmp_path / "blog", 12)  # tables, footnotes, code, definitions, abbreviations
    found = [p.read_text(encoding="utf-8") for p in sorted(CONTENT.rglob("*.md"))]
    return found + [p.read_text(encoding="utf-8") for folder in (corpus, blog)
                    for p in sorted(folder.rglob("*.md"))] + TRICKY


def test_same_html_for_the_site_the_corpus_and_tricky_text(tmp_path: Path) -> None:
    for text in texts(tmp_path):
        assert convert(FAST, text) == convert(STOCK, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab '\"-.<>*`_\n#[]()!:&;\\^{}=|~/@", max_size=160))
def test_same_html_for_any_punctuation(text: str) -> None:
    assert convert(FAST, text) == convert(STOCK, text)


@settings(max_examples=300, deadline=None)
@given(smarty_text.filter(lambda text: "\x02" not in text and "\x03" not in text))
def test_same_html_for_quotes_dashes_and_entities(text: str) -> None:
    assert convert(FAST, text) == convert(STOCK, text)


@settings(max_examples=300, deadline=None)
@given(smarty_text, st.integers(0, 30))
def test_literal_first_forms_find_the_same_matches(text: str, position: int) -> None:
    def found(regex: str) -> tuple[tuple[int, int], tuple[str, ...]] | None:
        match = re.compile(regex).search(text, position)
        return match and (match.span(), match.groups())

    for original, quick in LITERAL_FIRST.items():
        assert found(quick) == found(original)


def test_every_match_holds_its_needle_near_its_start() -> None:
    """What lets a search start LEAD characters before the needle's first place."""
    samples = ["x 'a", "&nbsp;'a", "&mdash;'a", "&#8211;\"a", "a'\"b", "\"'a", "a--b", "a---b", "a...b",
               "'80s", "'. x", "a' b", "a's", "<<a>>", "\u2014'a"]
    for pattern, needle in NEEDLES.items():
        for sample in samples:
            for match in re.finditer(pattern, sample):
                assert needle in match.group(0)[:LEAD + len(needle)], (pattern, sample)


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


def test_a_placeholder_that_is_not_smartys_stays_as_it_is() -> None:
    """InlineProcessor leaves a placeholder it did not make; so does the direct pass."""
    md = Markdown(extensions=["stepwise.fastsmarty"])
    foreign = "\x02klzzwxh:0042\x03"
    educated = md.treeprocessors["smarty"].educate(f"it's {foreign}", [])
    assert educated.endswith(f"s {foreign}") and "'" not in educated
