"""An M4A's length (mutagen reads it from the movie header) and proof that the file is whole.

mutagen reads the duration and codec from the `moov` atom, but a file cut short
after a `moov` at the front still reads as whole there. The top-level atoms each
state their size, so a cut is seen by walking them (a dozen bytes, by hand:
mutagen does not expose its atom walk) and finding one that runs past the end.
The same walk, one level down, finds what the tracks hold (mutagen names only the
first audio codec): a video track, or MP3 in an MP4 box, which apps play badly.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import mutagen
from mutagen.mp4 import MP4, MP4Info

from .media_errors import MediaError

CUT_FIX = "copy or export the file again from the original recording; this copy is incomplete"
# Atoms an MP4 file may have at its top level (ISO/IEC 14496-12); what follows the movie and
# its media that is none of these, and no whole atom, is bytes added after the file's end.
TOP_LEVEL = frozenset({b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"pdin", b"moof",
                       b"mfra", b"meta", b"sidx", b"styp", b"ssix", b"prft", b"emsg", b"udta"})
# Sample entries of real video (chapter pictures in an M4A are 'jpeg' or 'png ' in a video track).
VIDEO_CODECS = frozenset({b"avc1", b"avc3", b"hvc1", b"hev1", b"mp4v", b"av01", b"vp08", b"vp09",
                          b"dvh1", b"dvhe", b"s263", b"mjp2", b"apcn", b"apch", b"apcs"})
MP3_IN_MP4 = ("mp4a.6b", "mp4a.69")  # MPEG-1 and MPEG-2 layer III in an MP4 sample entry


@dataclass(frozen=True)
class Mp4Audio:
    seconds: float
    codec: str
    trailing_junk: int = 0  # bytes after the last atom that are no atom (players skip them)


def _atom_at(data: bytes, position: int, end: int) -> tuple[bytes, int, int]:
    """(type, size, header length) of the atom at `position` (size 0 runs to `end`)."""
    size, kind = struct.unpack_from(">I4s", data, position)
    header = 8
    if size == 1 and position + 16 <= end:
        size, header = struct.unpack_from(">Q", data, position + 8)[0], 16
    elif size == 0:  # "to the end of the file"
        size = end - position
    return kind, size, header


def top_level_atoms(data: bytes) -> tuple[list[tuple[bytes, int, int]], int]:
    """(type, offset, size) of each top-level atom, and the count of bytes after the last one
    that are no atom; MediaError if an atom runs past the end (the file was cut short)."""
    atoms: list[tuple[bytes, int, int]] = []
    position, end = 0, len(data)
    while position + 8 <= end:
        kind, size, header = _atom_at(data, position, end)
        complete = {b"moov", b"mdat"} <= {k for k, _, _ in atoms}
        if complete and kind not in TOP_LEVEL and (size < header or position + size > end):
            return atoms, end - position
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
        if {b"moov", b"mdat"} <= {k for k, _, _ in atoms}:
            return atoms, end - position
        raise MediaError(f"is cut short: it ends inside an atom header at byte {position:,}", CUT_FIX)
    return atoms, 0


def _atoms(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int, int]]:
    """(type, atom start, payload start, end) of each atom inside start..end."""
    position = start
    while position + 8 <= end:
        kind, size, header = _atom_at(data, position, end)
        if size < header or position + size > end:
            return
        yield kind, position, position + header, position + size
        position += size


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, end) of each atom inside start..end."""
    for kind, _, payload, atom_end in _atoms(data, start, end):
        yield kind, payload, atom_end


def _inside(data: bytes, start: int, end: int, *path: bytes) -> Iterator[tuple[int, int]]:
    """The payload (start, end) of every atom at `path` below start..end."""
    for kind, child_start, child_end in _children(data, start, end):
        if kind == path[0]:
            if len(path) == 1:
                yield child_start, child_end
            else:
                yield from _inside(data, child_start, child_end, *path[1:])


def video_codec(data: bytes, moov: tuple[int, int]) -> str:
    """The codec of the first video track ('avc1'), or '' when the file holds no video."""
    for trak_start, trak_end in _inside(data, *moov, b"trak"):
        handlers = [bytes(data[s + 8:s + 12])
                    for s, _ in _inside(data, trak_start, trak_end, b"mdia", b"hdlr")]
        entries = [bytes(data[s + 12:s + 16]) for s, _ in
                   _inside(data, trak_start, trak_end, b"mdia", b"minf", b"stbl", b"stsd")]
        if b"vide" in handlers and entries and entries[0] in VIDEO_CODECS:
            return entries[0].decode("latin-1")
    return ""


def drop_chapters(path: Path) -> int:
    """Blank the file's own chapters in place, and say how many atoms were blanked: the
    QuickTime chapter track (and the reference that names it) and Nero's 'chpl' list become
    'free' atoms of the same size, which every reader skips. Nothing moves, so no offset changes.

    Why: a published copy must not list chapters the feed does not (an export's stale 'Intro'
    past the end), and mutagen cannot write M4A chapters, so the copy carries none."""
    with path.open("r+b") as handle, mmap.mmap(handle.fileno(), 0) as data:
        atoms, _ = top_level_atoms(cast(bytes, data))
        blanks: list[int] = []
        for kind, offset, size in atoms:
            if kind == b"moov":
                blanks += _chapter_atoms(cast(bytes, data), offset + 8, offset + size)
        for at in blanks:
            data[at + 4:at + 8] = b"free"
        data.flush()
    return len(blanks)


def _chapter_atoms(data: bytes, start: int, end: int) -> list[int]:
    """Where the chapter atoms inside a movie start: each 'chap' reference (its whole 'tref' when
    it holds nothing else), the tracks it names, and 'udta/chpl'."""
    blanks: list[int] = []
    chapter_ids: set[int] = set()
    traks = [(at, payload, trak_end) for kind, at, payload, trak_end in _atoms(data, start, end)
             if kind == b"trak"]
    for _, payload, trak_end in traks:
        for kind, at, tref, tref_end in _atoms(data, payload, trak_end):
            if kind != b"tref":
                continue
            refs = list(_atoms(data, tref, tref_end))
            chaps = [ref for ref in refs if ref[0] == b"chap"]
            for _, _, ids, ids_end in chaps:
                chapter_ids |= {struct.unpack_from(">I", data, i)[0] for i in range(ids, ids_end - 3, 4)}
            blanks += [at] if chaps and len(chaps) == len(refs) else [ref[1] for ref in chaps]
    for at, payload, trak_end in traks:
        if _track_id(data, payload, trak_end) in chapter_ids:
            blanks.append(at)
    for udta, udta_end in _inside(data, start, end, b"udta"):
        blanks += [at for kind, at, _, _ in _atoms(data, udta, udta_end) if kind == b"chpl"]
    return blanks


def _track_id(data: bytes, start: int, end: int) -> int | None:
    """A track's ID, from its 'tkhd' (after 8 or 16 bytes of dates, by the header's version)."""
    for tkhd, _ in _inside(data, start, end, b"tkhd"):
        return int(struct.unpack_from(">I", data, tkhd + (20 if data[tkhd] == 1 else 12))[0])
    return None


def read_m4a(path: Path, data: bytes) -> Mp4Audio:
    atoms, junk = top_level_atoms(data)
    moov = next(((offset + 8, offset + size) for kind, offset, size in atoms if kind == b"moov"), None)
    if moov is None:
        raise MediaError("has no movie header ('moov' atom): it was cut short, or the program that "
                         "wrote it stopped before the end", CUT_FIX)
    if any(kind == b"moof" for kind, _, _ in atoms):
        raise MediaError("is a fragmented MP4 (the kind made for streaming): its header states no length, so "
                         "podcast apps show no duration and cannot seek in it", _rewrite(path, "-codec copy "
                         "-movflags +faststart", path.suffix))
    video = video_codec(data, moov)
    if video:
        raise MediaError(f"is a video (its first video track is '{video}'); an audio episode must hold "
                         "sound only", _rewrite(path, "-vn -codec:a copy", ".m4a"))
    try:
        info = cast(MP4Info, MP4(path).info)  # mutagen's FileType declares `info = None`
    except mutagen.MutagenError as exc:
        raise MediaError(f"cannot be read as M4A ({exc})", CUT_FIX) from exc
    codec = str(getattr(info, "codec", "") or "")
    if codec.lower() in MP3_IN_MP4:
        raise MediaError("holds MP3 audio inside an MP4 box, which many podcast apps cannot play",
                         _rewrite(path, "-codec:a copy", ".mp3"))
    if not codec.startswith("mp4a.40"):
        raise MediaError(f"holds {codec or 'no'} audio; podcast apps expect AAC in an M4A file",
                         "export the episode as MP3, or as AAC (M4A)")
    if not info.length:
        raise MediaError("holds no audio (its length is 0)", "export the episode again")
    return Mp4Audio(float(info.length), codec, junk)


def _rewrite(path: Path, options: str, suffix: str) -> str:
    """The ffmpeg line that copies the audio into a file apps play (nothing is re-encoded)."""
    return (f"rewrite it without re-encoding: ffmpeg -i '{path.name}' {options} '{path.stem}-fixed{suffix}', "
            "then point 'Audio:' at the new file")
