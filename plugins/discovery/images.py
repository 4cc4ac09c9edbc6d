"""Responsive images: every `<img>` of a local file gets width/height, and a file much wider
than it is shown gets resized copies and a srcset, so no reader downloads a 1400 px
picture to see it at 160 px.

It runs on each page between its template and the disk (a stepwise page filter, in
whichever process renders it), so it covers images from Markdown bodies and from every
template alike, and the search index, which starts once the pages are written, sees
the final pages.
Static files are copied last, so an image is read from its source in content/
(`find`: site path -> file). Pillow does the resizing; tags are edited in place, on
purpose: re-serialising whole pages with an HTML library would change markup that the
validator and the tests check byte for byte.

Editing in place may never create markup: the tags are found by stepwise's html_scan,
which reads the page as the HTML tokenizer does (so an `<img` inside an attribute value,
a comment or a <title> is text, not a tag, and after anything it does not follow it
stops), and a tag is rewritten whole, every attribute quoted and escaped, only when
its attribute names are plain. Anything else is left exactly as it was.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from PIL import Image, ImageOps

from stepwise_core.html_scan import Tag, start_tags
from stepwise_core.modes import FILE_MODE

# Attribute names written back as they were read (anything odder leaves the tag alone).
PLAIN_NAME = re.compile(r"[a-z][a-z0-9_.:-]*")
RESIZABLE = {".jpg", ".jpeg", ".png", ".webp", ".gif"}  # a GIF only when it does not move
# What a srcset URL may hold as it is: a space ends the URL and a comma may end the
# candidate, so both (and anything else outside these) are percent-encoded.
URL_SAFE = "/:@!$&'()*+;=~%"


def _attributes(tag: Tag) -> dict[str, str] | None:
    """The tag's attributes as a browser reads them (the first of a repeated one counts), or
    None when a name is not plain (then the tag is left alone)."""
    attributes: dict[str, str] = {}
    for name, value in tag.attributes:
        if not PLAIN_NAME.fullmatch(name):
            return None
        attributes.setdefault(name, value)
    return attributes


def _render(attributes: dict[str, str], self_closing: bool) -> str:
    parts = [f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items()]
    return "<img " + " ".join(parts) + (" />" if self_closing else ">")


def variant_name(name: str, width: int | str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-w{width}{dot}{suffix}"


def make_variant(source: Path, target: Path, width: int) -> None:
    """A copy of `source` `width` pixels wide at `target`, made once per build.

    Two processes render pages at once and may both want it: each writes a temporary
    file and renames it into place, so no page ever sees half a picture.
    """
    if target.exists():
        return
    with Image.open(source) as opened:
        natural_width, natural_height = shown_size(opened)
        height = round(natural_height * width / natural_width)
        # A JPEG is decoded at the smallest 1/2, 1/4 or 1/8 scale still at least as large in both
        # directions (as Pillow's thumbnail() does): 1400 px artwork to 160 px in 5 ms, not 130.
        opened.draft(opened.mode, (max(width, height), max(width, height)))
        image = ImageOps.exif_transpose(opened)
    if image.mode == "P":  # a GIF's palette: resampled in full colour, quantised again on save
        image = image.convert("RGBA")
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    jpeg = source.suffix.lower() in {".jpg", ".jpeg"}
    options: dict[str, Any] = {"quality": 82, "optimize": True} if jpeg else {}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=target.suffix)
    os.close(fd)
    os.chmod(temporary, FILE_MODE)  # mkstemp's 0600 would follow the copy to the web server
    resized.save(temporary, **options)
    os.replace(temporary, target)


def natural_size(source: Path, known: dict[Path, tuple[int, int]] | None = None) -> tuple[int, int]:
    """Width and height as shown (EXIF rotation applied), from the header alone.

    `known` remembers sizes for one build: the same picture appears on many pages.
    """
    if known is not None and source in known:
        return known[source]
    size = _header_size(source)
    if known is not None:
        known[source] = size
    return size


def _header_size(source: Path) -> tuple[int, int]:
    with Image.open(source) as image:
        return shown_size(image)


def shown_size(image: Image.Image) -> tuple[int, int]:
    """Width and height of an opened picture as it is shown: EXIF rotation applied."""
    width, height = image.size
    turned = image.getexif().get(0x0112) in {5, 6, 7, 8}  # Orientation: a quarter turn
    return (height, width) if turned else (width, height)


def resizable(source: Path) -> bool:
    """Whether smaller copies can stand in for the picture: not an animated GIF, whose
    copies would keep one frame."""
    if source.suffix.lower() != ".gif":
        return True
    with Image.open(source) as image:
        return not getattr(image, "is_animated", False)


# Where an image of the site is read from: site path (media/a.jpg) -> file, or None.
FindSource = Callable[[str], "Path | None"]


def local_file(attributes: dict[str, str], find: FindSource,
               site_url: str = "") -> tuple[str, Path] | None:
    """The site path (e.g. media/a.jpg) and file of a resizable image of this site that
    `src` names (root-relative, or under SITEURL in production); None for anything else."""
    src = attributes.get("src", "")
    if site_url and src.startswith(site_url + "/"):
        src = src[len(site_url):]
    if not src.startswith("/") or src.startswith("//") or "srcset" in attributes:
        return None
    path = unquote(src.lstrip("/"))  # 'media/Our%20art.jpg' names the file 'media/Our art.jpg'
    source = find(path)
    if source is None or source.suffix.lower() not in RESIZABLE or not source.is_file():
        return None
    return path, source


def srcset_url(url: str) -> str:
    """`url` as a srcset candidate can hold it: escapes kept, a lone '%' encoded too."""
    return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", url), safe=URL_SAFE)


def add_srcset(attributes: dict[str, str], site_path: str, source: Path, output: Path, *,
               shown: int, natural_width: int) -> None:
    """1x and 2x copies of the shown width; src becomes the 2x copy."""
    src = attributes["src"]
    folder, _, name = site_path.rpartition("/")
    widths = [w for w in (shown, 2 * shown) if w < natural_width]
    urls = []
    for width in widths:
        copy = variant_name(name, width)
        make_variant(source, output / folder / copy, width)
        urls.append(srcset_url(src[: src.rfind("/") + 1] + copy))
    attributes["srcset"] = ", ".join(f"{url} {w}w" for url, w in zip(urls, widths, strict=True))
    attributes["sizes"] = f"(max-width: {shown}px) 100vw, {shown}px"
    attributes["src"] = urls[-1]


def responsive_tag(tag: str, output: Path, max_width: int, site_url: str = "", *,
                   find: FindSource | None = None,
                   known: dict[Path, tuple[int, int]] | None = None) -> str:
    """The tag with width/height filled in and, when the file is over twice as wide as shown,
    a srcset of 1x and 2x copies (written under `output`). Other tags come back unchanged.

    `find` gives the file to read for a site path; by default, the file under `output`.
    """
    read = next(start_tags(tag), None)
    if read is None or read.name != "img" or (read.start, read.end) != (0, len(tag)):
        return tag
    return _made_responsive(read, output, max_width, site_url, find=find, known=known) or tag


def _made_responsive(tag: Tag, output: Path, max_width: int, site_url: str, *,
                     find: FindSource | None, known: dict[Path, tuple[int, int]] | None) -> str | None:
    """responsive_tag for a tag the scanner read; None for a tag left as it is."""
    attributes = _attributes(tag)
    if attributes is None:
        return None
    found = local_file(attributes, find or output.joinpath, site_url)
    if found is None:
        return None
    site_path, source = found
    natural_width, natural_height = natural_size(source, known)
    width = attributes.get("width", "")
    shown = int(width) if width.isdigit() else min(natural_width, max_width)
    attributes["width"] = str(shown)
    if not attributes.get("height", "").isdigit():
        attributes["height"] = str(round(natural_height * shown / natural_width))
    if natural_width > 2 * shown and resizable(source):
        add_srcset(attributes, site_path, source, output, shown=shown, natural_width=natural_width)
    attributes.setdefault("decoding", "async")
    return _render(attributes, tag.self_closing)


def responsive_html(text: str, output: Path, max_width: int, site_url: str = "", *,
                    find: FindSource | None = None,
                    known: dict[Path, tuple[int, int]] | None = None) -> str:
    """A page's HTML with every img tag made responsive (copies are written under `output`)."""
    if "<img" not in text and "<IMG" not in text.upper():
        return text
    parts, done = [], 0
    for tag in start_tags(text, {"img"}):
        if tag.name != "img":
            continue
        new = _made_responsive(tag, output, max_width, site_url, find=find, known=known)
        if new is not None:
            parts += [text[done:tag.start], new]
            done = tag.end
    return "".join(parts) + text[done:] if parts else text
