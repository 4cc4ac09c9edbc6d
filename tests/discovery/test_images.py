"""Responsive images: sizes filled in, 1x/2x copies for oversized files, other tags untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageOps, ImageStat
from selectolax.lexbor import LexborHTMLParser

from discovery.images import responsive_html, responsive_tag
from tests.browser import serve
from tests.conftest import run_build


def site(tmp_path: Path) -> Path:
    (tmp_path / "media").mkdir()
    Image.new("RGB", (1400, 700), "teal").save(tmp_path / "media" / "art.jpg")
    Image.new("RGB", (300, 200), "teal").save(tmp_path / "media" / "small.png")
    return tmp_path


def test_an_oversized_image_gets_1x_and_2x_copies(tmp_path: Path) -> None:
    output = site(tmp_path)
    tag = responsive_tag('<img src="/media/art.jpg" alt="A &quot;fish&quot;" width="160" height="80">',
                         output, 672)
    assert 'srcset="/media/art-w160.jpg 160w, /media/art-w320.jpg 320w"' in tag
    assert 'src="/media/art-w320.jpg"' in tag and 'sizes="(max-width: 160px) 100vw, 160px"' in tag
    assert 'alt="A &quot;fish&quot;"' in tag
    with Image.open(output / "media" / "art-w160.jpg") as copy:
        assert copy.size == (160, 80)


def test_an_image_without_a_size_is_shown_at_most_the_column_width(tmp_path: Path) -> None:
    output = site(tmp_path)
    tag = responsive_tag('<img src="/media/art.jpg" alt="">', output, 672)
    assert 'width="672" height="336"' in tag  # 1400 px is over 2 x 672: copies at 672 and 1344
    assert 'srcset="/media/art-w672.jpg 672w, /media/art-w1344.jpg 1344w"' in tag
    small = responsive_tag('<img src="/media/small.png" alt="">', output, 672)
    assert 'width="300" height="200"' in small


def test_other_tags_are_left_alone(tmp_path: Path) -> None:
    output = site(tmp_path)
    for tag in ('<img src="https://x.example/a.jpg" alt="">', '<img src="/media/missing.jpg" alt="">',
                '<img src="/media/art.jpg" srcset="/media/art.jpg 1400w" alt="">',
                '<img src="/i.svg" alt="">'):
        assert responsive_tag(tag, output, 672) == tag


def test_a_page_changes_only_in_its_img_tags(tmp_path: Path) -> None:
    output = site(tmp_path)
    page = '<p>Hi</p><img src="/media/art.jpg" alt="" width="100" height="50"><p>Bye</p>'
    assert responsive_html("<p>No images</p>", output, 672) == "<p>No images</p>"
    text = responsive_html(page, output, 672)
    assert text.startswith("<p>Hi</p><img ") and text.endswith("<p>Bye</p>") and "art-w200.jpg 200w" in text
    assert (output / "media" / "art-w200.jpg").is_file()


def test_images_are_read_from_their_source_before_they_are_copied(tmp_path: Path) -> None:
    """Pages are written before static files are copied: the picture is read from content/,
    its copies are written into the output."""
    (tmp_path / "content").mkdir()
    content = site(tmp_path / "content")
    output = tmp_path / "output"
    sources = {"media/art.jpg": content / "media" / "art.jpg"}
    tag = responsive_tag('<img src="/media/art.jpg" alt="" width="160">', output, 672, find=sources.get)
    assert 'width="160" height="80"' in tag and "/media/art-w320.jpg 320w" in tag
    assert sorted(p.name for p in (output / "media").iterdir()) == ["art-w160.jpg", "art-w320.jpg"]
    assert responsive_tag('<img src="/media/small.png" alt="">', output, 672, find=sources.get) \
        == '<img src="/media/small.png" alt="">'  # not a static file of the site


def test_a_turned_photo_is_measured_as_shown(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    image = Image.new("RGB", (400, 200), "teal")
    exif = image.getexif()
    exif[0x0112] = 6  # rotated a quarter turn: shown 200 wide, 400 high
    image.save(tmp_path / "media" / "turned.jpg", exif=exif)
    known: dict = {}
    tag = responsive_tag('<img src="/media/turned.jpg" alt="">', tmp_path, 672, known=known)
    assert 'width="200" height="400"' in tag
    assert known == {tmp_path / "media" / "turned.jpg": (200, 400)}  # read once per build


def test_production_urls_under_siteurl_count_as_local(tmp_path: Path) -> None:
    output = site(tmp_path)
    tag = responsive_tag('<img src="https://s.example/media/art.jpg" alt="" width="160" height="80">',
                         output, 672, "https://s.example")
    assert 'srcset="https://s.example/media/art-w160.jpg 160w, https://s.example/media/art-w320.jpg 320w"' \
        in tag


def test_a_tag_is_read_as_a_browser_reads_it_and_keeps_its_meaning(tmp_path: Path) -> None:
    """The filter may not turn an attribute value into markup (issue 13): before, the value of
    x:y became a live onerror="…". Tags are read as the HTML tokenizer reads them, and a
    rewritten tag, parsed by lexbor, has every attribute it had, with the same value."""
    output = site(tmp_path)
    tag = responsive_tag('<img src="/media/art.jpg" alt="" x:y="a onerror=alert(1) b">', output, 672)
    assert ' x:y="a onerror=alert(1) b" ' in tag and " onerror=" not in tag.replace("a onerror", "")
    for tag in ('<img src="/media/art.jpg" alt="a>b">', '<img src="/media/art.jpg" alt="" title="<b>">',
                '<img src="/media/art.jpg" alt=x"y>', '<img src="/media/art.jpg"alt="">',
                '<img/src="/media/art.jpg" alt="">', "<IMG SRC='/media/art.jpg' ALT='&lt;&notit;&copy=1'>",
                '<img src=/media/art.jpg alt=a&amp;b title=q>'):
        rewritten = responsive_tag(tag, output, 672)
        assert rewritten != tag and 'width="672"' in rewritten, tag
        before, after = (LexborHTMLParser(t).css_first("img").attributes for t in (tag, rewritten))
        assert {k: after[k] for k in before if k != "src"} == {k: v for k, v in before.items() if k != "src"}


def test_a_tag_with_a_name_the_filter_would_not_write_back_is_left_alone(tmp_path: Path) -> None:
    output = site(tmp_path)
    for tag in ('<img src="/media/art.jpg" alt="" =x>', '<img src="/media/art.jpg" alt="" "a="b">',
                '<img src="/media/art.jpg" alt=""', '<img src="/media/art.jpg" alt="x>'):
        assert responsive_tag(tag, output, 672) == tag, tag


def test_the_first_of_a_repeated_attribute_counts_as_in_a_browser(tmp_path: Path) -> None:
    output = site(tmp_path)
    tag = responsive_tag('<img src="/media/small.png" alt="first" alt="second" src="/media/art.jpg">',
                         output, 672)
    assert tag.startswith('<img src="/media/small.png" alt="first" width="300"'), tag


def test_an_img_inside_an_attribute_value_is_not_a_tag(tmp_path: Path) -> None:
    """Only where a tag can start: a raw '<img' inside another tag's value stays text (the
    published body never has one, final_html sees to it; this is the second guard)."""
    output = site(tmp_path)
    page = '<a title="<img src=/media/art.jpg onerror=alert(1)>">x</a>'
    assert responsive_html(page, output, 672) == page
    after = '<a title="x">y</a><img src=/media/small.png alt="">'
    assert 'width="300"' in responsive_html(after, output, 672)


PICTURES = {  # file name in content/images/ -> what the post calls it
    "our garden/wide path.jpg": "A wide path",
    "100% calm, mostly.jpg": "A calm sea",
    "still.gif": "A still drawing",
    "moving.gif": "A moving drawing",
}


def pictures_post(content: Path) -> None:
    images = content / "images"
    (images / "our garden").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2400, 1200), "teal").save(images / "our garden" / "wide path.jpg")
    Image.new("RGB", (2400, 1200), "navy").save(images / "100% calm, mostly.jpg")
    Image.new("P", (1800, 900), 3).save(images / "still.gif")
    frames = [Image.new("P", (1800, 900), colour) for colour in (1, 2, 3)]
    frames[0].save(images / "moving.gif", save_all=True, append_images=frames[1:], duration=200, loop=0)
    body = "\n\n".join(f"![{alt}]({{static}}/images/{name})" for name, alt in PICTURES.items())
    (content / "posts" / "pictures.md").write_text(
        "Title: Pictures\nDate: 2026-03-01 09:00\nAuthor: Amara Okafor\nTags: therapy\n"
        f"Summary: Four pictures with awkward names.\n\n{body}\n", encoding="utf-8")


@pytest.mark.browser
def test_pictures_with_spaces_commas_and_percents_and_gifs_load_at_their_size(
        site_copy: Path, tmp_path: Path, new_page: Callable[..., Any]) -> None:
    """A srcset URL ends at a space, so a file or folder name with one broke every copy; a
    GIF got no size at all (the page jumped as it loaded)."""
    pictures_post(site_copy)
    built = run_build(site_copy, tmp_path / "output", strict=True)
    assert built.ok, built.stderr
    with serve(built.output) as url:
        page = new_page(viewport={"width": 800, "height": 900})
        failed: list[str] = []
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        page.goto(url + "/posts/pictures/")
        page.wait_for_function("() => [...document.images].every((img) => img.complete)")
        shown = page.eval_on_selector_all(".entry-body img", """imgs => imgs.map(img => ({
            alt: img.alt, src: img.currentSrc, natural: img.naturalWidth, width: img.getAttribute('width'),
            height: img.getAttribute('height'), srcset: img.getAttribute('srcset')}))""")
    assert failed == []
    assert [picture["alt"] for picture in shown] == list(PICTURES.values())
    for picture in shown:
        assert picture["natural"] > 0 and picture["width"] == "672" and picture["height"] == "336", picture
    wide, calm, still, moving = shown
    for resized in (wide, calm, still):  # the browser chose the 1x copy from the srcset
        assert "-w672." in resized["src"], resized
        assert all(len(candidate.split()) == 2 for candidate in resized["srcset"].split(", ")), resized
    assert moving["srcset"] is None and moving["src"].endswith("/images/moving.gif")  # frames kept
    with Image.open(built.output / "images" / "still-w672.gif") as copy:
        assert copy.size == (672, 336)


# What a '<img' in each place is to the tokenizer: text, or (after a construct the scanner does
# not follow) left alone. Each page must come back exactly as it was.
NOT_A_TAG = [
    # issue 13, exploit 1: a raw '>' earlier in a title value (Pelican unescaped a link's query)
    '<p><a href="/x?"><span><img alt="" src="/missing.png" title="q><img src=/media/art.jpg alt=q>'
    '<script src=/images/notes.txt></script>">x</a></p>',
    "<a title='<img src=/media/art.jpg alt=q>'>x</a>",
    "<a title=x<img src=/media/art.jpg alt=q>y</a>",
    "<!-- <img src=/media/art.jpg alt=q> -->",
    "<!--x--!><img-->",
    "<? <img src=/media/art.jpg alt=q> ?>",
    "</x <img src=/media/art.jpg alt=q>",
    "<title><img src=/media/art.jpg alt=q></title>",
    "<textarea><img src=/media/art.jpg alt=q></textarea>",
    "<style>a{}</style x='</style><img src=/media/art.jpg alt=q>'>",
    "<script>var a = '<!--<script>'; </script><img src=/media/art.jpg alt=q>",
    "<noscript><p title='</noscript><img src=/media/art.jpg alt=q>'></noscript>",
    "<svg><style><img src=/media/art.jpg alt=q></style></svg>",
    "<math><mtext><img src=/media/art.jpg alt=q></mtext></math>",
    "<![CDATA[ x> <p title=']]> <img src=/media/art.jpg alt=q>'>",
    "<plaintext><img src=/media/art.jpg alt=q>",
    "<p title='never closed><img src=/media/art.jpg alt=q>",
]


@pytest.mark.parametrize("page", NOT_A_TAG)
def test_an_img_that_is_not_a_tag_where_it_stands_is_left_alone(tmp_path: Path, page: str) -> None:
    assert responsive_html(page, site(tmp_path), 672) == page


# Property: whatever the page, the filter only adds sizes to images the browser sees; lexbor (the
# tree a browser builds) finds the same elements and attributes before and after, but for those.
PIECES = ["<img src=/media/art.jpg alt=q>", "<img src='/media/small.png' alt=\"\">",
          "<IMG SRC=/media/art.jpg ALT=a>", "<img", " src=/media/art.jpg", " alt=",
          "<p title=\"", "<p title='", "<p title=", "\"", "'", ">", "<", "</", "/", "=", "x", " ",
          "<!--", "-->", "--!>", "<!-->", "<?x", "<!x", "<![CDATA[", "]]>", "&quot;", "&gt;",
          "<title>", "</title>", "<textarea>", "</textarea>", "<script>", "</script>", "<style>", "</style>",
          "<noscript>", "</noscript>", "<svg>", "</svg>", "<math>", "<plaintext>", "<a href=/x>", "</a>"]
ADDED = {"width", "height", "srcset", "sizes", "decoding", "src"}


def _elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    tree = LexborHTMLParser(page)
    found = []
    for node in tree.root.traverse():
        attributes = {k: v for k, v in node.attributes.items() if node.tag != "img" or k not in ADDED}
        found.append((node.tag, attributes))
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_filter_never_changes_markup_but_image_sizes(tmp_path: Path, page: str) -> None:
    output = tmp_path if (tmp_path / "media").exists() else site(tmp_path)
    assert _elements(responsive_html(page, output, 672)) == _elements(page)


@pytest.mark.parametrize("orientation", [1, 6])  # 6: a phone held upright, a quarter turn
def test_a_jpeg_copy_decoded_at_a_smaller_scale_matches_a_full_decode(tmp_path: Path,
                                                                      orientation: int) -> None:
    """make_variant lets the JPEG decoder scale down first (Image.draft, as thumbnail() does):
    the copy is the exact size, upright, and looks like a resize of the full picture."""
    (tmp_path / "media").mkdir()
    gradient = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    gradient.save(tmp_path / "media" / "photo.jpg", quality=95, exif=exif)
    tag = responsive_tag('<img src="/media/photo.jpg" alt="" width="150">', tmp_path, 672)
    with Image.open(tmp_path / "media" / "photo.jpg") as opened:
        upright = ImageOps.exif_transpose(opened)
    expected = upright.resize((150, round(upright.height * 150 / upright.width)), Image.Resampling.LANCZOS)
    assert f'height="{expected.height}"' in tag
    with Image.open(tmp_path / "media" / "photo-w150.jpg") as copy:
        assert copy.size == expected.size
        difference = ImageStat.Stat(ImageChops.difference(copy.convert("RGB"), expected)).mean
    assert max(difference) < 4, difference  # of 255: JPEG's own loss at quality 82 is about this
