"""html_scan: stepping over the tags nobody asked for reads the page exactly as reading every tag.

The fast step (one regex a tag) must find the same tags, at the same places, as the scanner
that reads each tag character by character: on real pages, on tags built from the pieces
where the two could part (quotes, '=', '/', whitespace, unclosed values), and where the text
ends inside a tag.
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from stepwise_core.html_scan import Tag, _Scanner, reads_cleanly, start_tags
from tests.conftest import BuildResult

PIECES = ["<", ">", "/", "=", '"', "'", " ", "\n", "\r", "\t", "a", "img", "IMG", "src", "x", "-", "&amp;",
          "<img", "<a", "</a", "<b>", "<!--", "-->", "<script>", "</script>", "<noscript>", "</noscript>",
          "<svg>", "<title>", "</title>", "<!x>", "</>", "<?", "`", "\0", "é"]


# Tags made of the parts where a tag's end is decided: names, '=', quotes (closed or not),
# '/', whitespace, values that hold '>' or quotes.
SPACE = st.sampled_from(["", " ", "\n", "\r", "\t ", "/", " / "])
ATTRIBUTE = st.tuples(SPACE, st.sampled_from(["src", "a", "=", "=x", '"q', "'", "b-c", "<d"]),
                      st.sampled_from(["", "=", " = ", "= "]),
                      st.lists(st.sampled_from(['"', "'", "x", ">", "/", " ", "=", "`"]),
                               max_size=5).map("".join))
TAG = st.tuples(st.sampled_from(["<", "</"]), st.sampled_from(["img", "IMG", "a", "p", "script", "x\"y"]),
                st.lists(ATTRIBUTE.map("".join), max_size=4).map("".join), SPACE,
                st.sampled_from([">", "/>", ""])).map("".join)
TEXTS = st.lists(st.one_of(TAG, st.sampled_from(PIECES)), max_size=12).map("".join)


def every_tag(text: str, name: str) -> list[Tag]:
    """The reference: every start tag read in full, then filtered."""
    return named(start_tags(text), name)


def named(tags: Iterable[Tag], name: str) -> list[Tag]:
    return [tag for tag in tags if tag.name == name]


def holding(tags: Iterable[Tag], attributes: set[str]) -> list[Tag]:
    """The tags that hold one of `attributes`: what a caller asking for them looks at."""
    return [tag for tag in tags if any(name in attributes for name, _ in tag.attributes)]


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_stepping_over_tags_finds_what_reading_them_finds(text: str) -> None:
    text += "<img src=after.jpg>"  # found only if both read on to the end
    for name in ("img", "a"):
        assert named(start_tags(text, {name}), name) == every_tag(text, name)
    assert holding(start_tags(text, attributes={"src"}), {"src"}) == holding(start_tags(text), {"src"})
    assert reads_cleanly(text) == _reads_cleanly_reading_every_tag(text)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_a_text_ending_inside_a_tag_stops_both_the_same(text: str) -> None:
    cut = text[: len(text) // 2]
    assert named(start_tags(cut, {"img"}), "img") == every_tag(cut, "img")


def test_reads_cleanly_agrees_with_reading_every_tag() -> None:
    for text in ('<p a="b>c">x</p>', '<p a="b>c>x</p>', "<script><!--</script>", "<a =x>", "<a b= >",
                 "<a b=", "<img/src=x>", "<br/>", "<a href=x/>", "<noscript><img></noscript>"):
        assert named(start_tags(text, {"img"}), "img") == every_tag(text, "img")
        assert reads_cleanly(text) == _reads_cleanly_reading_every_tag(text), text


def _reads_cleanly_reading_every_tag(text: str) -> bool:
    scanner = _Scanner(text)  # wanted=None: no tag stepped over
    for _ in scanner.tags(0, len(text)):
        pass
    return scanner.complete


def test_the_pages_of_a_real_site_read_the_same(built_site: BuildResult) -> None:
    pages = sorted(built_site.output.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for name in ("img", "a", "meta"):
            assert named(start_tags(text, {name}), name) == every_tag(text, name), page
        linking = {"href", "src"}
        stepped = holding(start_tags(text, attributes=linking), linking)
        assert stepped == holding(start_tags(text), linking), page
