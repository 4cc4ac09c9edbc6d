"""body_problems checks only the elements that can break a rule; it must find what checking
every element finds, in the same order."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from stepwise import body_policy
from stepwise.body_policy import body_problems

BODIES = [
    "<p>Plain <em>text</em> and a <a href='https://example.org/'>link</a>.</p>",
    "<p>one</p><SCRIPT>alert(1)</SCRIPT><p>two</p>",
    "<div><svg><foreignObject><Script>x</Script></foreignObject></svg></div>",
    "<p><IFrame></IFrame><noscript></noscript><base><meta><link></p>",
    "<p>a</p><img src=x OnError=alert(1)><a href='jav&#9;ascript:x'>b</a>",
    "<p><a href='{filename}/../../secret.md'>up</a> <img src='{static}/images/ok.png'></p>",
    "<details open><summary>More</summary><object data='x'></object></details>",
    "text before <p>then <b>bold</b> <!-- a comment --> <embed src='x'></p> after",
]


def every_element(shown: str, html: str, source: str, source_path: Path,
                  content_root: Path) -> list[body_policy.ContentIssue]:
    """The rule written plainly: every element of the body, in document order."""
    found = []
    for root in lxml.html.fragments_fromstring(html):
        if not isinstance(root, etree._Element):
            continue
        for element in root.iter():
            found += body_policy._element_problems(shown, element, source)
            if element.attrib:
                found += body_policy._intrasite_problems(shown, element, source, source_path,
                                                         content_root.resolve())
    return found


@pytest.mark.parametrize("html", BODIES)
def test_checking_suspects_finds_what_checking_everything_finds(html: str, tmp_path: Path) -> None:
    post = tmp_path / "posts" / "p.md"
    expected = every_element("posts/p.md", html, html, post, tmp_path)
    assert list(body_problems("posts/p.md", html, html, post, tmp_path)) == expected


def test_the_fixtures_do_break_rules(tmp_path: Path) -> None:
    post = tmp_path / "posts" / "p.md"
    found = [problem for html in BODIES
             for problem in body_problems("posts/p.md", html, html, post, tmp_path)]
    assert len(found) >= 12
