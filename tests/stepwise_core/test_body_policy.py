"""body_policy: the policy's refusals as issues with their source line, the rules that need the
source (a Markdown image without alt text, {attach} links out of content/), and ContentFolder,
which answers as Path.resolve() would."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown

import pelicanconf
from stepwise_core.body_policy import ContentFolder, checked_body

SOURCE = """Title: A post
Date: 2026-01-05 09:00

A first paragraph.

<p onclick="go()">A second one.</p>

![](/media/a.jpg)

[notes]({attach}../../../etc/hostname)
"""


def test_each_problem_names_its_source_line(tmp_path: Path) -> None:
    html = ('<p>A first paragraph.</p>\n<p onclick="go()">A second one.</p>\n'
            '<p><img alt="" src="/media/a.jpg"></p>\n'
            '<p><a href="{attach}../../../etc/hostname">notes</a></p>')
    post = tmp_path / "posts" / "p.md"
    published, issues = checked_body("content/posts/p.md", html, SOURCE, post, ContentFolder(tmp_path))
    assert published == html  # refused: the reader raises, nothing is published
    assert [str(issue) for issue in issues] == [
        'content/posts/p.md:6: body: has an event handler onclick="…" on <p>. '
        'Fix: remove the onclick="…" attribute: the site runs only its own scripts',
        "content/posts/p.md:8: body: has an image without alt text (![](…)). Fix: write what the picture "
        "shows in the brackets, ![A garden path in spring](…); for a picture that is only decoration, "
        'write <img src="…" alt=""> instead',
        "content/posts/p.md:10: body: links to '{attach}../../../etc/hostname', outside content/. "
        "Fix: link only to files inside content/ (for example {static}/images/x.png)",
    ]


def test_a_markdown_image_needs_alt_text_but_html_may_say_decoration() -> None:
    html = '<p><img alt="" src="/media/a.jpg"></p>'
    _, issues = checked_body("p.md", html, "Title: x\n\n![](/media/a.jpg)\n")
    assert [(i.line, i.problem) for i in issues] == [(3, "has an image without alt text (![](…))")]
    published, issues = checked_body("p.md", html, 'Title: x\n\n<img src="/media/a.jpg" alt="">\n')
    assert issues == [] and published == html
    _, issues = checked_body("p.md", '<p><img alt="A path" src="/a.jpg"></p>', "![A path](/a.jpg)\n")
    assert issues == []


@pytest.mark.parametrize("link", ["{attach}../../../etc/hostname", "{static}/../secret.txt",
                                  "{filename}%2e%2e/%2e%2e/x.md"])
def test_links_out_of_content_are_refused(link: str, tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    html = f'<p><a href="{link}">x</a></p>'
    post = tmp_path / "posts" / "p.md"
    _, issues = checked_body("p.md", html, f"[x]({link})\n", post, ContentFolder(tmp_path))
    assert [(i.line, i.problem) for i in issues] == [(1, f"links to {link!r}, outside content/")]


def test_comments_are_not_published() -> None:
    published, issues = checked_body("p.md", "<p>a</p>\n<!-- for the editor -->\n<p>b</p>", "a")
    assert issues == [] and published == "<p>a</p>\n\n<p>b</p>"


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


def markdown_issues(source: str) -> list[tuple[int | None, str]]:
    """(line, problem) for each issue of a post, its body made by the site's own Markdown."""
    markdown = {**pelicanconf.MARKDOWN, "extensions": list(pelicanconf.MARKDOWN["extension_configs"])}
    html = Markdown(**markdown).convert(source)
    _, issues = checked_body("p.md", html, source)
    return [(issue.line, issue.problem) for issue in issues]


HEADER = "Title: A post\nDate: 2026-01-05 09:00\nAuthor: Amara Okafor\nSummary: s\n\n"  # body from line 6


def test_every_problem_is_reported_on_its_own_line() -> None:
    """Issue 13 red team: three javascript: links on lines 7, 9 and 11 gave one error, on line 7."""
    links = "\n\n".join(f"[{n}](javascript:alert(1))" for n in ("one", "two", "three"))
    javascript = 'has a javascript: address in href="…" on <a>'
    assert markdown_issues(HEADER + "Intro.\n\n" + links) == [(n, javascript) for n in (8, 10, 12)]


def test_a_mention_in_prose_or_code_is_not_the_problem() -> None:
    source = (HEADER + "Never write `javascript:alert(1)` in a link.\n\n"
              "```\n[x](javascript:alert(1))\n```\n\nSome say javascript:alert(1) is clever.\n\n"
              "<a href=\"javascript:alert(1)\">real</a>\n")
    assert markdown_issues(source) == [(14, 'has a javascript: address in href="…" on <a>')]


@pytest.mark.parametrize(("body", "problem"), [
    ("[a](java&#x09;script:alert(1))", 'has a javascript: address in href="…" on <a>'),
    ("[b](&#106;avascript:alert(1))", 'has a javascript: address in href="…" on <a>'),
    ("![o](https://evil.example/x.png)", 'loads an image from another site in src="…" on <img>'),
    ('<p onclick="go()">x</p>', 'has an event handler onclick="…" on <p>'),
    ("<font face=Calibri>x</font>", "contains a <font> element (an old font setting, from a paste)"),
])
def test_encoded_and_markdown_problems_name_their_line(body: str, problem: str) -> None:
    source = HEADER + "A first paragraph that is fine.\n\nA second.\n\n" + body + "\n\nThe end.\n"
    assert markdown_issues(source) == [(10, problem)]


def test_a_file_name_that_html_escapes_cannot_be_linked() -> None:
    """Issue 13 red team, exploit 1: for '{filename}q&a.md?…' Pelican decodes the whole address,
    query included, so '&quot;&gt;' in it became a live '">'."""
    source = HEADER + 'See the <a href="{filename}q&amp;a.md?&quot;&gt;&lt;script&gt;">answers</a>.\n'
    assert markdown_issues(source) == [
        (6, "links to '{filename}q&a.md?\"><script>', a file name with a character HTML escapes ('&')")]


STYLE = 'has a style="…" attribute on '


def test_an_attribute_is_found_in_its_own_elements_tag() -> None:
    """rt4 finding 23: every style was counted among all the others, and the parser reopens a
    <b style> in each paragraph after it, so the <a style> on line 8 was named on line 6."""
    body = '<b style="font-weight:normal;">\n<p>one</p>\n<p>two <a style="color:red" href="https://x.org/">l</a></p>\n</b>\n'
    assert markdown_issues(HEADER + body) == [(6, STYLE + "<b>"), (8, STYLE + "<a>")]


def test_two_of_a_kind_on_one_line_are_counted() -> None:
    """rt4 finding 23: the build lists each message once, so two on one line read as one."""
    body = ('Two: <img src="/a.jpg"> and <img src="/a.jpg">.\n\n'
            'Styled: <span style="color:red">a</span> and <span style="color:blue">b</span>.\n\n'
            '![](/b.jpg) and ![](/c.jpg)\n')
    assert markdown_issues(HEADER + body) == [
        (6, "has an <img> without alt text (2 on this line)"), (8, STYLE + "<span> (2 on this line)"),
        (10, "has an image without alt text (![](…)) (2 on this line)")]


def test_an_image_without_alt_among_others_with_it_names_its_own_line() -> None:
    body = ('<img alt="A path" src="/a.jpg">\n\n<img src="/b.jpg" alt="">\n\n<img src="/c.jpg">\n\n'
            '<img src="/a.jpg">\n')
    assert markdown_issues(HEADER + body) == [(10, "has an <img> without alt text"),
                                              (12, "has an <img> without alt text")]


OVERRIDE = ("contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), which shows the text after "
            "it in another order than it is read, dialled or followed")


@pytest.mark.parametrize("written", ["\u202e", "&#x202E;", "&#8238;"])
def test_a_character_that_reorders_text_is_refused_at_its_line(written: str) -> None:
    """A phone number shown in another order than it is dialled: 'Call \u202e1119 0080' reads as
    'Call 0800 9111' on the page. Written raw or as an entity, it is named where it stands."""
    source = HEADER + "A first paragraph that is fine.\n\nA second.\n\nCall " + written + "1119 0080 now.\n"
    assert markdown_issues(source) == [(10, OVERRIDE)]


def test_right_to_left_words_keep_their_marks_and_bdi() -> None:
    source = HEADER + "Hello in Hebrew: <bdi>שלום</bdi>, and with a mark: שלום\u200f.\n"
    assert markdown_issues(source) == []


def test_a_reserved_class_written_with_a_reference_is_named_at_its_own_line() -> None:
    """Red team, session 7: it was named at the line of an earlier, allowed class."""
    source = HEADER + '<p class="aside">Mine.</p>\n\nText.\n\n<div class="&#99;risis-help">Call</div>\n'
    assert markdown_issues(source) == [
        (10, 'has class="crisis-help" on <div>, which the site\'s own pages use')]
