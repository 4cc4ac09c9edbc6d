"""body_problems checks only the elements that can break a rule; it must find what checking
every element finds, in the same order. ContentFolder answers as Path.resolve() would."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from stepwise import body_policy
from stepwise.body_policy import ContentFolder, body_problems

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
                                                         ContentFolder(content_root))
    return found


@pytest.mark.parametrize("html", BODIES)
def test_checking_suspects_finds_what_checking_everything_finds(html: str, tmp_path: Path) -> None:
    post = tmp_path / "posts" / "p.md"
    expected = every_element("posts/p.md", html, html, post, tmp_path)
    assert list(body_problems("posts/p.md", html, html, post, ContentFolder(tmp_path))) == expected


def test_the_fixtures_do_break_rules(tmp_path: Path) -> None:
    post = tmp_path / "posts" / "p.md"
    found = [problem for html in BODIES
             for problem in body_problems("posts/p.md", html, html, post, ContentFolder(tmp_path))]
    assert len(found) >= 12


def test_content_folder_answers_as_resolve_does(tmp_path: Path) -> None:
    """Links in folders, linked folders and linked files, inside and out, '..' and missing."""
    content, outside = tmp_path / "content", tmp_path / "outside"
    for folder in (content / "images" / "deep", content / "posts", outside / "secret"):
        folder.mkdir(parents=True)
    for file in (content / "images" / "a.png", outside / "secret" / "b.png", outside / "c.png"):
        file.write_bytes(b"x")
    (content / "linked-out").symlink_to(outside / "secret")
    (content / "linked-in").symlink_to(content / "images")
    (content / "images" / "out.png").symlink_to(outside / "c.png")
    (content / "images" / "in.png").symlink_to(content / "images" / "a.png")
    (content / "images" / "deep" / "up").symlink_to(content)
    targets = ["images/a.png", "images/out.png", "images/in.png", "linked-out/b.png", "linked-in/a.png",
               "linked-out/../images/a.png", "images/../../outside/c.png", "images/deep/up/images/a.png",
               "images/deep/up/../outside/c.png", "missing/x.png", "images/missing.png", "images/..",
               "..", ".", "images/deep/up", "linked-out", "linked-out/", "linked-in/../posts"]
    folder = ContentFolder(content)
    for _ in range(2):  # the second time, every folder comes from the cache
        for target in targets:
            for base in (content, content / "posts"):
                path = base / target
                assert folder.holds(path) == path.resolve().is_relative_to(content.resolve()), path
