"""`Image:` gives a post its link-preview picture: Open Graph, the Twitter card and JSON-LD
all name the site's own file, with its size, type and `Image-Alt`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

from discovery.social import read_social_image
from tests.conftest import CONTENT, BuildResult, run_build

POST = "posts/strengths-hobbies-and-small-gratitudes/index.html"
PICTURE = "images/a-path-of-small-steps.jpg"


def meta(page: html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in page.xpath("//head/meta[@property or @name]"):
        key = element.get("property") or element.get("name")
        found.setdefault(key, []).append(element.get("content"))
    return found


def test_a_post_with_an_image_has_it_in_its_link_preview(built_site: BuildResult) -> None:
    page = html.fromstring(built_site.page(POST))
    tags = meta(page)
    assert tags["og:image"] == [f"https://stepwise.example/{PICTURE}"]
    assert tags["og:image:type"] == ["image/jpeg"]
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == [
        "A path of dark green stepping stones rising across a pale field towards a low yellow sun"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert (built_site.output / PICTURE).read_bytes() == (CONTENT / PICTURE).read_bytes()
    [data] = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert data["image"]["url"] == f"https://stepwise.example/{PICTURE}"
    assert data["image"]["caption"] == tags["og:image:alt"][0]


def test_a_post_without_one_has_no_picture_in_its_preview(built_site: BuildResult) -> None:
    tags = meta(html.fromstring(built_site.page("posts/the-relationship-is-the-therapy/index.html")))
    assert "og:image" not in tags and tags["twitter:card"] == ["summary"]


def test_the_forms_authors_write_name_the_same_file() -> None:
    settings = {"PATH": str(CONTENT), "STATIC_PATHS": ["images", "media"]}
    for written in (PICTURE, f"/{PICTURE}", f"{{static}}/{PICTURE}"):
        picture, problems = read_social_image({"image": written, "image-alt": "Steps"}, settings)
        assert problems == [] and picture is not None and picture.path == PICTURE, written


def test_a_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "secret.jpg").write_bytes((CONTENT / PICTURE).read_bytes())
    (tmp_path / "content" / "images" / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    settings = {"PATH": str(tmp_path / "content"), "STATIC_PATHS": ["images"]}
    picture, problems = read_social_image({"image": "images/link.jpg", "image-alt": "x"}, settings)
    assert picture is None and [p.problem for p in problems] == ["'images/link.jpg' points outside content/"]


def test_a_picture_whose_name_has_spaces_is_named_by_a_valid_address(tmp_path: Path) -> None:
    """Left open in session 5: og:image held the raw space, which link previews cut the address at."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    shutil.copy(CONTENT / PICTURE, content / "images" / "A path #2.jpg")
    source = content / "posts" / "strengths-hobbies-and-small-gratitudes.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(f"Image: {PICTURE}", "Image: images/A path #2.jpg"), encoding="utf-8")
    result = run_build(content, tmp_path / "output")
    assert result.ok, result.stderr
    tags = meta(html.fromstring(result.page(POST)))
    assert tags["og:image"] == ["https://stepwise.example/images/A%20path%20%232.jpg"]
    assert (result.output / unquote(urlsplit(tags["og:image"][0]).path[1:])).is_file()


def test_a_picture_written_with_content_or_as_its_name_alone_is_named_as_meant() -> None:
    """New-author test, session 7: 'is not in a folder the site publishes', although it is."""
    settings = {"PATH": str(CONTENT), "STATIC_PATHS": ["images", "media"]}
    for written in (f"content/{PICTURE}", PICTURE.rsplit("/", maxsplit=1)[-1]):
        _, problems = read_social_image({"image": written, "image-alt": "Steps"}, settings)
        assert [p.problem for p in problems] == [
            f"{written!r} is not in a folder the site publishes (images, media); did you mean {PICTURE!r}?"]
