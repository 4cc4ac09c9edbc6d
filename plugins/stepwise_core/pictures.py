"""Every picture the site publishes decodes: a damaged one is named before anything is written.

static_files.py judges a file by its first bytes; a JPEG cut short by a failed copy,
or a PNG with a broken chunk, starts like a good one. Pages then read its size and
make resized copies while they are written (plugins/discovery/images.py), which is
too late for a message naming the file. So each picture is decoded in full here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image

from .errors import ContentIssue, report
from .sources import shown_path
from .static_files import GIF, HEAD_BYTES, JPEG, PNG, WEBP, binary_type

# The picture types Pillow decodes; SVG is judged by svg_policy, AVIF only by its bytes.
DECODED = (PNG, JPEG, GIF, WEBP)


def picture_problem(path: Path) -> str | None:
    """Why Pillow cannot decode a picture in full, or None (a file whose first bytes are not
    a picture's is static_files.py's to name, once)."""
    try:
        with path.open("rb") as handle:
            if binary_type(handle.read(HEAD_BYTES)) not in DECODED:
                return None
        with Image.open(path) as picture:
            picture.load()
    # Pillow's decoders raise OSError, SyntaxError, ValueError, struct.error or
    # DecompressionBombError for bytes they cannot read: all mean the same here.
    except Exception as exc:
        return f"is damaged or cut short: it cannot be read as a picture ({str(exc) or type(exc).__name__})"
    return None


def check_pictures(generator: Any) -> None:
    """static_generator_finalized: every PNG, JPEG, GIF and WebP to be published decodes."""
    settings = generator.settings
    for static in getattr(generator, "staticfiles", []):
        path = Path(static.source_path)
        if not path.is_file():
            continue
        problem = picture_problem(path)
        if problem:
            report(generator.context, ContentIssue(
                shown_path(str(path), settings), "file", problem,
                "export or copy the picture again from the original"))
