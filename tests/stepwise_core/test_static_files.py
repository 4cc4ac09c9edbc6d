"""Files content/ may publish: the type comes from the bytes, the name must agree, SVG is judged.

Images and the PDF are written by Pillow, the MP3 is the project's own episode audio; the
MP4 header is the 'ftyp' box every M4A starts with.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from stepwise_core.static_files import file_problem, what_it_is
from stepwise_core.svg_policy import svg_problems
from tests.conftest import CONTENT


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 120, 40)).save(buffer, kind)
    return buffer.getvalue()


MP3 = next((CONTENT / "media").glob("*.mp3")).read_bytes()
M4A_HEAD = b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00M4A isomiso2\x00\x00\x00\x08free"
PLAIN_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
             b'<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
             b'<rect width="10" height="10" fill="url(#g)"/><use href="#g"/>'
             b'<a href="https://example.org/"><text y="9">x</text></a></svg>')

PREFIXED_SVG = (b'<s:svg xmlns:s="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><s:rect width="4" height="4" '
                b'style="fill: url(#g); stroke: rgb(0 0 0 / 50%)"/></s:svg>')

PUBLISHED = [
    ("a.png", image_bytes("PNG"), "a PNG image"),
    ("a.jpg", image_bytes("JPEG"), "a JPEG image"),
    ("a.jpeg", image_bytes("JPEG"), "a JPEG image"),
    ("a.gif", image_bytes("GIF"), "a GIF image"),
    ("a.webp", image_bytes("WEBP"), "a WebP image"),
    ("a.pdf", image_bytes("PDF"), "a PDF document"),
    ("a.mp3", MP3, "MP3 audio"),
    ("a.m4a", M4A_HEAD, "MP4/M4A audio"),
    ("a.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello <b>there</b>\n", "plain UTF-8 text"),
    ("a.srt", b"1\n00:00:00,000 --> 00:00:01,000\nHello\n", "plain UTF-8 text"),
    ("chapters.json", b'{"version": "1.2.0", "chapters": []}', "plain UTF-8 text"),
    ("robots.txt", b"User-agent: *\nAllow: /\n", "plain UTF-8 text"),
    ("drawing.svg", PLAIN_SVG, "an SVG drawing"),
    ("prefixed.svg", PREFIXED_SVG, "an SVG drawing"),
    ("UPPER.SVG", PLAIN_SVG, "an SVG drawing"),
]

REFUSED = [
    ("page.html", b"<!DOCTYPE html><p>hi</p><script>alert(1)</script>",
     "its bytes are an HTML page, which the site does not publish as a file"),
    ("page.htm", b"\n\n  <script>alert(1)</script>", "its bytes are an HTML page"),
    ("notes.txt", b"<html><body onload=alert(1)>", "its bytes are an HTML page"),
    ("comment.vtt", b"<!-- x --><img src=x onerror=alert(1)>", "its bytes are an HTML page"),
    ("feed.xml", b'<?xml version="1.0"?><rss/>', "its bytes are an XML document"),
    ("app.js", b"alert(document.domain)", "its bytes are plain UTF-8 text, but its name ends in '.js'"),
    ("note.html", b"just words, then <script>alert(1)</script>",
     "its bytes are plain UTF-8 text, but its name ends in '.html'"),
    ("photo.html", image_bytes("PNG"), "its bytes are a PNG image, but its name ends in '.html'"),
    ("photo.svg", image_bytes("JPEG"), "its bytes are a JPEG image, but its name ends in '.svg'"),
    ("audio.mp4.html", MP3, "its bytes are MP3 audio, but its name ends in '.html'"),
    ("archive.zip", b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)), "its bytes are binary data"),
    ("nul.txt", b"text\x00more", "its bytes are binary data"),
    ("latin1.txt", "caf\xe9".encode("latin-1"), "its bytes are binary data"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "is an SVG drawing that can run code or load other files: it holds a <script> element"),
]


@pytest.mark.parametrize(("name", "data", "kind"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_allowed_files_are_recognised_by_their_bytes(name: str, data: bytes, kind: str,
                                                     tmp_path: Path) -> None:
    found, shown = what_it_is(data)
    assert found is not None and shown == kind
    (tmp_path / name).write_bytes(data)
    assert file_problem(tmp_path / name) is None


@pytest.mark.parametrize(("name", "data", "expected"), REFUSED, ids=[r[0] for r in REFUSED])
def test_active_or_mislabelled_files_are_refused(name: str, data: bytes, expected: str,
                                                 tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(data)
    problem = file_problem(tmp_path / name)
    assert problem is not None and problem[0].startswith(expected), problem
    assert problem[1]  # a fix


SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
BAD_SVGS = [
    (f"<svg {SVG_NS}><script>alert(1)</script></svg>", "it holds a <script> element"),
    (f'<svg {SVG_NS} onload="alert(1)"/>', 'it has an event handler onload="…" on <svg>'),
    (f"<svg {SVG_NS}><foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>x</p></foreignObject></svg>",
     "it holds a <foreignObject> element"),
    (f'<svg {SVG_NS}><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
     "it holds a <animate> element"),
    (f'<svg {SVG_NS}><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
     "it holds a <set> element"),
    (f'<svg {SVG_NS}><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     'it has a javascript: address in xlink:href="…" on <a>'),
    (f'<svg {SVG_NS}><a href=" jav&#x09;ascript:alert(1)"><text>x</text></a></svg>',
     'it has a javascript: address in href="…" on <a>'),
    (f'<svg {SVG_NS}><image href="https://tracker.example/p.png"/></svg>',
     "it holds a <image> element"),
    (f'<svg {SVG_NS}><use xlink:href="https://evil.example/x.svg#a"/></svg>', "refers to another file"),
    (f'<svg {SVG_NS}><style>@import url(https://evil.example/x.css);</style></svg>',
     "its <style> has @import, which a drawing never needs"),
    (f'<svg {SVG_NS}><rect fill="url(https://evil.example/p.svg#g)"/></svg>',
     'its fill="…" on <rect> loads another file (url())'),
    (f'<svg {SVG_NS}><rect style="fill: url(//evil.example/x)"/></svg>',
     'its style="…" on <rect> sets fill to a value that loads another file (url())'),
    (f'<?xml-stylesheet href="https://evil.example/x.css"?><svg {SVG_NS}/>', "it loads a stylesheet"),
    ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     f"<svg {SVG_NS}><text>&b;</text></svg>", "it has a DOCTYPE or entities"),
    (f'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg {SVG_NS}/>', "it has a DOCTYPE or entities"),
    (f"<svg {SVG_NS}><h:script xmlns:h='http://www.w3.org/1999/xhtml'>alert(1)</h:script></svg>",
     "it holds a script element from outside SVG"),
    ("<svg><script>alert(1)</script></svg>", "its root element is svg in the namespace 'none', not an SVG"),
    (f"<svg {SVG_NS}><rect></svg>", "it is not well-formed XML"),
    # Issue 13 red team: each loaded another site in Chromium when the file was opened.
    (f"<svg {SVG_NS}><style><desc/>@import url(https://evil.example/i.css);</style></svg>",
     "its <style> holds markup"),
    (f"<svg {SVG_NS}><style>svg{{background:\\75rl(https://evil.example/b.png)}}</style></svg>",
     "its <style> sets background, which is not a property a drawing needs"),
    (f"<svg {SVG_NS}><style>rect{{fill:\\75rl(https://evil.example/b.png)}}</style></svg>",
     "its <style> sets fill to a value that loads another file (url())"),
    (f"<svg {SVG_NS}><rect style=\"fill:red;background-image:image-set('//e.example/b.png' 1x)\"/></svg>",
     'its style="…" on <rect> sets background-image, which is not a property a drawing needs'),
    (f"<svg {SVG_NS}><style>rect{{fill:image-set(\"https://evil.example/b.png\" 1x)}}</style></svg>",
     "its <style> sets fill to a value that uses image-set(), which can load other files"),
    (f'<svg {SVG_NS}><style>@\\69mport "https://evil.example/i.css";</style></svg>',
     "its <style> has @import, which a drawing never needs"),
    (f'<svg {SVG_NS}><text style="cursor:\\75rl(https://evil.example/c.png),auto">x</text></svg>',
     'its style="…" on <text> sets cursor, which is not a property a drawing needs'),
    (f'<svg {SVG_NS}><text style="fill:u\\rl(https://evil.example/c.png)">x</text></svg>',
     "loads another file (url())"),
    (f"<svg {SVG_NS}><filter id='f'><feImage href='https://evil.example/i.png'/></filter></svg>",
     "it holds a <feImage> element"),
    (f'<svg {SVG_NS}><rect mask="url(https://evil.example/m.svg#m)"/></svg>',
     'its mask="…" on <rect> loads another file (url())'),
]


@pytest.mark.parametrize(("svg", "expected"), BAD_SVGS, ids=[f"svg-{i}" for i in range(len(BAD_SVGS))])
def test_svg_that_runs_or_loads_is_refused(svg: str, expected: str) -> None:
    problems = svg_problems(svg.encode())
    assert any(expected in problem for problem in problems), problems


def test_a_plain_drawing_passes() -> None:
    assert svg_problems(PLAIN_SVG) == []


def test_a_file_without_extension_is_named_so(tmp_path: Path) -> None:
    (tmp_path / ".htaccess").write_bytes(b"AddType text/html .png\n")
    problem = file_problem(tmp_path / ".htaccess")
    assert problem is not None
    assert problem[0].startswith("its bytes are plain UTF-8 text, but its name has no extension")


MOVED_IN_CNAME = ('EXTRA_PATH_METADATA={"extra/robots.txt": {"path": "robots.txt"}, '
                  '"extra/CNAME": {"path": "CNAME"}}')


def test_a_cname_naming_public_url_s_host_is_published_at_the_root(tmp_path: Path) -> None:
    """A site moved in from GitHub Pages keeps content/extra/CNAME, mapped to the root as Pelican's
    docs show (migration test): it names PUBLIC_URL's host, so it is published as it is. The
    refusals (another host, not at the root, not a host name) are corpus cases (outputs/cname-*)."""
    import shutil

    from tests.conftest import run_build

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    (content / "extra" / "CNAME").write_bytes(b"Stepwise.example\n")
    built = run_build(content, tmp_path / "output", strict=True, extra=(MOVED_IN_CNAME,))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "output" / "CNAME").read_bytes() == b"Stepwise.example\n"
