"""final_html: what Pelican publishes after resolving links must be exactly what was judged."""

from __future__ import annotations

from stepwise.final_html import judge_published
from stepwise.html_policy import judge

# Issue 13 red team, exploit 1: the body as Pelican resolved it (the query of a link to
# 'q&a.md' decoded). Three unclosed <span>s balance the stray '<'s, so counting '<' passed it.
RESOLVED = ('<p>See the <a href="/posts/q-and-a/?"><span><span><span><img alt="" src="/missing.png" '
            'title="q><img src=/images/a-path-of-small-steps.jpg alt=q><script src=/images/notes.txt>'
            '</script>">questions and answers</a>.</p>')


def test_a_body_that_is_not_its_own_serialisation_is_refused() -> None:
    verdict = judge(RESOLVED)
    assert verdict.ok and RESOLVED.count("<") == verdict.html.count("<")  # what the old check saw
    refusals = judge_published(RESOLVED, ())
    assert [r.what.split(" (near")[0] for r in refusals] == [
        "once Pelican resolved its links, the body no longer reads as the HTML that was checked"]
    assert 'title="q><img' in refusals[0].what and refusals[0].fix


def test_a_body_with_resolved_links_that_reads_as_judged_passes() -> None:
    body = judge('<p><a href="{filename}a.md">a</a> <img alt="x" src="{static}/images/x.jpg"></p>').html
    resolved = body.replace("{filename}a.md", "https://stepwise.example/posts/a/").replace(
        "{static}/images/x.jpg", "https://stepwise.example/images/x.jpg")
    assert judge_published(resolved, ("https://stepwise.example",)) == ()


def test_an_address_with_a_raw_ampersand_is_refused_not_rewritten() -> None:
    """Even a harmless difference means the text published is not the text judged."""
    resolved = '<p><a href="/search/?q=a&b=c">x</a></p>'
    assert judge_published(resolved, ())[0].what.startswith("once Pelican resolved its links")
