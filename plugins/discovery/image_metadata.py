"""Published pictures carry no personal metadata.

A phone photo's EXIF says where it was taken (GPS), when, and on which phone; XMP, IPTC
and PNG text chunks can hold names and notes. Resized copies are new files without any
of it, but Pelican copies the original as it is. At `finalized` each published JPEG,
PNG and WebP in the output is rewritten without those segments, its pixels byte for byte
the same (no re-encoding: a JPEG would lose quality again), and the EXIF orientation is
kept, alone, so a portrait photo stays upright.

Written by hand: Pillow can only re-encode, and the library that edits JPEG segments
(piexif) has not been maintained since 2019. Each format's container is simple: JPEG
segments, PNG chunks, RIFF chunks. A file that does not parse is left for the static
file checks (they refuse a picture Pillow cannot read) and copied unchanged.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from stepwise_core.modes import FILE_MODE

ORIENTATION = 0x0112
JPEG_KEEP = {0xE0, 0xE2, 0xEE}  # APP0 JFIF, APP2 ICC colour profile, APP14 Adobe colour transform
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RSTn: no length
PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
WEBP_DROP = {b"EXIF", b"XMP "}
WEBP_EXIF_FLAG, WEBP_XMP_FLAG = 0x08, 0x04


def strip_published(output: Path, sources: dict[str, Path]) -> None:
    """Rewrite each published picture (site path -> its source) without its metadata."""
    for site_path, source in sources.items():
        target = output / site_path
        if not target.is_file():
            continue
        data = target.read_bytes()
        clean = without_metadata(data, orientation_of(source))
        if clean != data:
            _replace(target, clean)


def orientation_of(source: Path) -> int:
    try:
        with Image.open(source) as image:
            return int(image.getexif().get(ORIENTATION, 1))
    except (UnidentifiedImageError, OSError, ValueError, TypeError):
        return 1


def without_metadata(data: bytes, orientation: int = 1) -> bytes:
    """The same picture with no metadata but its orientation; `data` itself if unknown."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data, orientation)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data, orientation)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data, orientation)
    except (IndexError, ValueError):
        pass
    return data


def _exif(orientation: int) -> bytes:
    """An EXIF block holding only the orientation (b'' when upright), with its 'Exif' prefix."""
    if orientation == 1:
        return b""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()


def _jpeg(data: bytes, orientation: int) -> bytes:
    kept, position, exif = [data[:2]], 2, _exif(orientation)
    pending = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif if exif else b""
    while True:
        if data[position] != 0xFF:
            raise ValueError("not a marker")
        marker = data[position + 1]
        if marker == 0xFF:  # a fill byte
            position += 1
            continue
        if marker != 0xE0 and pending:  # the orientation right after JFIF's APP0, if any
            kept.append(pending)
            pending = b""
        if marker == 0xD9:  # end of image: anything after it (MPF pictures, trailers) goes
            kept.append(data[position:position + 2])
            return b"".join(kept)
        if marker in JPEG_STANDALONE:
            kept.append(data[position:position + 2])
            position += 2
            continue
        end = position + 2 + int.from_bytes(data[position + 2:position + 4], "big")
        if end > len(data):
            raise ValueError("cut off")
        if marker == 0xDA:  # start of scan: its coded data runs to the next real marker
            end = _after_scan(data, end)
        if marker < 0xE0 or (marker in JPEG_KEEP and not _mpf(data, position)):
            kept.append(data[position:end])  # APP1 (EXIF, XMP), APP13 (IPTC), COM ... go
        position = end


def _mpf(data: bytes, position: int) -> bool:
    return data[position + 4:position + 8] == b"MPF\x00"


def _after_scan(data: bytes, position: int) -> int:
    """Where the entropy-coded data after a scan header ends (0xFF00 and RSTn are inside it)."""
    while True:
        position = data.index(b"\xff", position)
        following = data[position + 1]
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position


def _png(data: bytes, orientation: int) -> bytes:
    kept, position, exif = [data[:8]], 8, _exif(orientation)[6:]
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            raise ValueError("cut off")
        if kind == b"IDAT" and exif:  # eXIf must come before the image data
            kept.append(_png_chunk(b"eXIf", exif))
            exif = b""
        if kind not in PNG_DROP:
            kept.append(data[position:end])
        position = end
    return b"".join(kept)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def _webp(data: bytes, orientation: int) -> bytes:
    chunks: list[tuple[bytes, bytearray]] = []
    position = 12
    while position < len(data):
        kind, size = data[position:position + 4], int.from_bytes(data[position + 4:position + 8], "little")
        end = position + 8 + size + (size & 1)
        if position + 8 > len(data) or end > len(data) + (size & 1):
            raise ValueError("cut off")
        if kind not in WEBP_DROP:
            chunks.append((kind, bytearray(data[position + 8:position + 8 + size])))
        position = end
    exif = _exif(orientation)[6:]
    if chunks and chunks[0][0] == b"VP8X":
        flags = chunks[0][1]
        flags[0] &= ~(WEBP_EXIF_FLAG | WEBP_XMP_FLAG) & 0xFF
        if exif:
            flags[0] |= WEBP_EXIF_FLAG
            chunks.append((b"EXIF", bytearray(exif)))
    body = b"".join(kind + len(part).to_bytes(4, "little") + part + b"\x00" * (len(part) & 1)
                    for kind, part in chunks)
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WEBP" + body


def _replace(target: Path, data: bytes) -> None:
    """Write beside and rename: the copy may be a hard link to the source in content/."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=target.suffix)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(temporary, FILE_MODE)
    os.replace(temporary, target)
