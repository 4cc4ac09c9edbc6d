"""Responsive images: every `<img>` of a local file gets width/height, and a file much wider
than it is shown gets resized copies and a srcset, so no reader downloads a 1400 px
picture to see it at 160 px.

It runs on the finished pages (in `finalized`, before the search index), so it covers
images from Markdown bodies and from every template alike. Pillow does the resizing;
the tag is edited with a regex on purpose: re-serialising whole pages with an HTML
library would change markup that the validator and the tests check byte for byte.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PIL import Image, ImageOps

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""\s([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
RESIZABLE = {".jpg", ".jpeg", ".png", ".webp"}


def _attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in ATTRIBUTE.finditer(tag[4:])}


def _render(attributes: dict[str, str], self_closing: bool) -> str:
    parts = [f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items()]
    return "<img " + " ".join(parts) + (" />" if self_closing else ">")


def variant_path(source: Path, width: int) -> Path:
    return source.with_name(f"{source.stem}-w{width}{source.suffix}")


def make_variant(source: Path, width: int) -> Path:
    """A copy of `source` `width` pixels wide (made once per build, reused by every page)."""
    target = variant_path(source, width)
    if not target.exists():
        with Image.open(source) as opened:
            image = ImageOps.exif_transpose(opened)
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        options = {"quality": 82, "optimize": True} if source.suffix.lower() in {".jpg", ".jpeg"} else {}
        resized.save(target, **options)
    return target


def _url_of(src_url: str, source: Path, variant: Path) -> str:
    return src_url[: len(src_url) - len(source.name)] + variant.name


def local_file(output: Path, attributes: dict[str, str], site_url: str = "") -> Path | None:
    """The output file a resizable `src` on this site names (root-relative, or under
    SITEURL in production); None for anything else."""
    src = attributes.get("src", "")
    if site_url and src.startswith(site_url + "/"):
        src = src[len(site_url):]
    if not src.startswith("/") or src.startswith("//") or "srcset" in attributes:
        return None
    source = output / src.lstrip("/")
    return source if source.is_file() and source.suffix.lower() in RESIZABLE else None


def add_srcset(attributes: dict[str, str], source: Path, shown: int, natural_width: int) -> None:
    """1x and 2x copies of the shown width; src becomes the 2x copy."""
    src = attributes["src"]
    widths = [w for w in (shown, 2 * shown) if w < natural_width]
    urls = [_url_of(src, source, make_variant(source, w)) for w in widths]
    attributes["srcset"] = ", ".join(f"{url} {w}w" for url, w in zip(urls, widths, strict=True))
    attributes["sizes"] = f"(max-width: {shown}px) 100vw, {shown}px"
    attributes["src"] = urls[-1]


def responsive_tag(tag: str, output: Path, max_width: int, site_url: str = "") -> str:
    """The tag with width/height filled in and, when the file is over twice as wide as shown,
    a srcset of 1x and 2x copies. Other tags come back unchanged."""
    attributes = _attributes(tag)
    source = local_file(output, attributes, site_url)
    if source is None:
        return tag
    with Image.open(source) as image:
        natural_width, natural_height = ImageOps.exif_transpose(image).size
    width = attributes.get("width", "")
    shown = int(width) if width.isdigit() else min(natural_width, max_width)
    attributes["width"] = str(shown)
    if not attributes.get("height", "").isdigit():
        attributes["height"] = str(round(natural_height * shown / natural_width))
    if natural_width > 2 * shown:
        add_srcset(attributes, source, shown, natural_width)
    attributes.setdefault("decoding", "async")
    return _render(attributes, tag.rstrip().endswith("/>"))


def make_images_responsive(output: Path, max_width: int, site_url: str = "") -> int:
    """Rewrite every page's img tags in place; return how many pages changed."""
    changed = 0
    for page in sorted(output.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "<img" not in text:
            continue
        new = IMG_TAG.sub(lambda m: responsive_tag(m.group(0), output, max_width, site_url), text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
