"""An M4A's length (mutagen reads it from the movie header) and proof that the file is whole.

mutagen reads the duration and codec from the `moov` atom, but a file cut short
after a `moov` at the front still reads as whole there. The top-level atoms each
state their size, so a cut is seen by walking them (a dozen bytes, by hand:
mutagen does not expose its atom walk) and finding one that runs past the end.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import mutagen
from mutagen.mp4 import MP4

from .media_errors import MediaError

CUT_FIX = "copy or export the file again from the original recording; this copy is incomplete"


@dataclass(frozen=True)
class Mp4Audio:
    seconds: float
    codec: str


def top_level_atoms(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, offset, size) of each top-level atom; MediaError if one runs past the end."""
    atoms, position, end = [], 0, len(data)
    while position + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1 and position + 16 <= end:
            size, header = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif size == 0:  # "to the end of the file"
            size = end - position
        if size < header:
            raise MediaError(f"is damaged: the atom at byte {position:,} has an impossible size ({size})",
                             CUT_FIX)
        if position + size > end:
            name = kind.decode("latin-1")
            raise MediaError(f"is cut short: its '{name}' atom should hold {size:,} bytes but the file "
                             f"ends after {end - position:,}", CUT_FIX)
        atoms.append((kind, position, size))
        position += size
    if position != end:
        raise MediaError(f"is cut short: it ends inside an atom header at byte {position:,}", CUT_FIX)
    return atoms


def read_m4a(path: Path, data: bytes) -> Mp4Audio:
    kinds = {kind for kind, _, _ in top_level_atoms(data)}
    if b"moov" not in kinds:
        raise MediaError("has no movie header ('moov' atom): it was cut short, or the program that "
                         "wrote it stopped before the end", CUT_FIX)
    try:
        info = MP4(path).info
    except mutagen.MutagenError as exc:
        raise MediaError(f"cannot be read as M4A ({exc})", CUT_FIX) from exc
    codec = str(getattr(info, "codec", "") or "")
    if not codec.startswith("mp4a"):
        raise MediaError(f"holds {codec or 'no'} audio; podcast apps expect AAC in an M4A file",
                         "export the episode as MP3, or as AAC (M4A)")
    if not info.length:
        raise MediaError("holds no audio (its length is 0)", "export the episode again")
    return Mp4Audio(float(info.length), codec)
