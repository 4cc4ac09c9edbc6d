"""`Image:` and `Image-Alt:`: the picture a link preview shows for a post, episode or page.

Open Graph (Facebook, LinkedIn, Mastodon, messaging apps), the Twitter card and
JSON-LD all name one picture. It must be a file of this site (a preview that loads a
picture from elsewhere would tell that host who shares the page), in a folder the
site publishes, a real JPEG, PNG, WebP or GIF by its bytes, and described for people
who cannot see it. Everything is checked where the file is read, so a mistake is
named with its line before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

from stepwise_core.errors import ERROR, WARNING

from .images import shown_size

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
MIN_SIDE = 200  # smaller pictures are ignored by Facebook's and LinkedIn's previews
PATH_FIX = ("put the picture in content/images/ and write its path from content/, "
            "e.g. 'Image: images/a-path-of-small-steps.jpg'")
ALT_FIX = "describe the picture in one sentence for people who cannot see it: 'Image-Alt: …'"


@dataclass(frozen=True)
class SocialImage:
    """The picture of one item, as templates need it."""

    path: str  # site path, e.g. images/garden.jpg
    alt: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Problem:
    field: str
    problem: str
    fix: str
    severity: str = ERROR


def _site_path(value: str) -> str:
    """'{static}/images/a.jpg', '/images/a.jpg' and 'images/a.jpg' all name images/a.jpg."""
    text = value.strip()
    text = text.removeprefix("{static}").removeprefix("|static|")
    return text.lstrip("/")


def _meant(path: str, published: list[str], settings: dict[str, Any]) -> str:
    """'; did you mean images/x.jpg?' when the picture is there: written with 'content/' before
    it, or as its name alone."""
    root = Path(settings["PATH"])
    name = path.removeprefix("content/")
    found = [f"{folder}/{name}" for folder in published if folder and (root / folder / name).is_file()]
    if name != path and (root / name).is_file():
        found.insert(0, name)
    return f"; did you mean {found[0]!r}?" if found else ""


def _where_problem(value: str, path: str, settings: dict[str, Any]) -> str | None:
    """Why `path` (from `value`) cannot be this site's picture; None when it can."""
    if "://" in value or value.strip().startswith("//"):
        return f"{value!r} is a web address; a preview must show a picture from this site"
    parts = PurePosixPath(path).parts
    if not parts or ".." in parts:
        return f"{value!r} points outside content/"
    published = [str(p).strip("/") for p in settings.get("STATIC_PATHS", [])]
    if not any(path == p or path.startswith(p + "/") for p in published):
        return (f"{value!r} is not in a folder the site publishes ({', '.join(published)})"
                f"{_meant(path, published, settings)}")
    root = Path(settings["PATH"]).resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root):
        return f"{value!r} points outside content/"
    if not file.is_file():
        return f"{value!r} does not exist in content/"
    return None


def read_social_image(metadata: dict[str, Any], settings: dict[str, Any]
                      ) -> tuple[SocialImage | None, list[Problem]]:
    """The item's picture and every problem with its two fields."""
    value, alt = metadata.get("image"), metadata.get("image-alt")
    if value is None:
        if alt is None:
            return None, []
        return None, [Problem("Image-Alt", "is set, but there is no 'Image:' line",
                              "add 'Image: images/<file>' above it, or remove the line")]
    path = _site_path(str(value))
    problems = []
    if not str(alt or "").strip():
        problems.append(Problem("Image-Alt", "is missing" if alt is None else "is empty", ALT_FIX))
    where = _where_problem(str(value), path, settings)
    if where:
        return None, [Problem("Image", where, PATH_FIX), *problems]
    try:
        with Image.open(Path(settings["PATH"]) / path) as picture:
            kind, (width, height) = picture.format, shown_size(picture)
    except (UnidentifiedImageError, OSError):
        kind, width, height = None, 0, 0
    if kind not in FORMATS:
        return None, [Problem("Image", f"{value!r} is not a JPEG, PNG, WebP or GIF picture",
                              "save it as a JPEG or PNG (1200 × 630 pixels shows best)"), *problems]
    if min(width, height) < MIN_SIDE:
        problems.append(Problem("Image", f"{value!r} is {width} × {height} pixels; link previews "
                                f"need at least {MIN_SIDE} × {MIN_SIDE}",
                                "use a picture of 1200 × 630 pixels", severity=WARNING))
    if any(p.severity == ERROR for p in problems):
        return None, problems
    return SocialImage(path, str(alt).strip(), width, height, FORMATS[kind]), problems
