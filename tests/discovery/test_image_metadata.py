"""A phone photo's location never ships: published JPEG, PNG and WebP originals lose their
EXIF (GPS, camera, dates), XMP and text, keep their pixels byte for byte and their
orientation, and the link preview gives the size the picture is shown at."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import html
from PIL import Image, PngImagePlugin

from discovery.image_metadata import without_metadata
from tests.conftest import BuildResult
from tests.discovery.test_social_image import meta

GPS, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Amara at home</rdf:Description></x:xmpmeta>'


def phone_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "PhoneCo"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    return exif


def picture(kind: str, size: tuple[int, int] = (400, 300)) -> bytes:
    image = Image.new("RGB", size, (120, 160, 90))
    image.paste((30, 60, 200), (0, 0, size[0] // 2, size[1] // 3))  # not the same either way up
    out = io.BytesIO()
    if kind == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Amara Okafor, 12 Example Street")
        image.save(out, "PNG", exif=phone_exif(), pnginfo=text)
    else:
        image.save(out, kind, exif=phone_exif(), xmp=XMP, quality=90, comment=b"client session photo")
    return out.getvalue()


def assert_private(data: bytes, original: bytes) -> None:
    with Image.open(io.BytesIO(data)) as clean, Image.open(io.BytesIO(original)) as before:
        exif = clean.getexif()
        assert dict(exif) == {ORIENTATION: 6}, dict(exif)
        assert not exif.get_ifd(GPS)
        assert "xmp" not in clean.info and "comment" not in clean.info and "Author" not in clean.info
        assert clean.tobytes() == before.tobytes()  # the same pixels: nothing was re-encoded
    for secret in (b"PhoneCo", b"Amara", b"client session"):
        assert secret not in data


def test_jpeg_png_and_webp_lose_their_metadata_but_not_their_pixels_or_orientation() -> None:
    for kind in ("JPEG", "PNG", "WEBP"):
        original = picture(kind)
        assert b"PhoneCo" in original
        assert_private(without_metadata(original, 6), original)


def test_an_upright_photo_keeps_no_exif_at_all() -> None:
    clean = without_metadata(picture("JPEG"), 1)
    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif()


def test_something_that_is_not_a_picture_is_left_as_it_is() -> None:
    for data in (b"\xff\xd8 not really", b"RIFF\x00\x00\x00\x00WEBPxx", b"hello"):
        assert without_metadata(data, 6) == data


def test_a_published_phone_photo_has_no_location_and_previews_at_its_shown_size(
        site_copy: Path, build: object) -> None:
    original = picture("JPEG", (400, 300))
    (site_copy / "images" / "phone.jpg").write_bytes(original)
    (site_copy / "posts" / "phone-photo.md").write_text(
        "Title: A photo from my phone\nDate: 2025-01-01\nAuthor: Amara Okafor\nSummary: x\n"
        "Image: images/phone.jpg\nImage-Alt: A green field\n\n![A green field](/images/phone.jpg)\n",
        encoding="utf-8")
    result: BuildResult = build(site_copy)  # type: ignore[operator]
    assert result.ok, result.stderr
    published = (result.output / "images" / "phone.jpg").read_bytes()
    assert_private(published, original)
    assert (site_copy / "images" / "phone.jpg").read_bytes() == original  # the source is untouched
    tags = meta(html.fromstring(result.page("posts/a-photo-from-my-phone/index.html")))
    assert tags["og:image:width"] == ["300"] and tags["og:image:height"] == ["400"]
