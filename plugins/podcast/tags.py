"""The tags inside a published audio file: what apps show when they read the file itself.

Many apps (and every music player a listener copies a file into) read the title, show,
artwork and chapters from the file, not the feed. The published copy of an MP3 carries
ID3v2.4 frames; an M4A carries the iTunes atoms mutagen writes. mutagen renders them;
the choices here are which frames, in what form.

Deterministic on purpose: nothing reads the clock, mutagen writes frames in a fixed order,
and padding is fixed (none), so the same episode gives the same bytes in every build.

Chapters: ID3 CHAP/CTOC frames (ID3v2 Chapter Frame Addendum 1.0), the same titles, start
times and links as the chapters JSON. M4A chapters are not written: mutagen reads Nero
`chpl` chapters but cannot write them (nor QuickTime chapter tracks); the feed's chapters
JSON and the episode page carry them for M4A, and the copy's own chapters (an export's
'Intro' that no longer fits) are blanked (`mp4.drop_chapters`), so no app shows stale ones.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    CTOC,
    ID3,
    TALB,
    TCON,
    TCOP,
    TDES,
    TDRC,
    TGID,
    TIT2,
    TPE1,
    TPOS,
    TRCK,
    WFED,
    WOAF,
    WXXX,
    CTOCFlags,
    PictureType,
)
from mutagen.mp4 import MP4, MP4Cover, MP4Tags

UTF8 = 3  # ID3 text encoding byte: UTF-8 (ID3v2.4)
NO_OFFSET = 0xFFFFFFFF  # CHAP: "use the times, not byte offsets"
# ffmpeg (ffprobe, VLC, mpv and the players built on it) misreads the size of a frame inside an
# ID3v2.4 chapter once it reaches 128 bytes, and drops the chapter: a title frame is its encoding
# byte, the UTF-8 title and a terminator, so a title of 126 bytes or more would be lost; a link
# frame likewise (its link then stays on the page and in the chapters JSON alone).
CHAPTER_TITLE_BYTES = 125
GENRE = "Podcast"
ART_MIMES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


@dataclass(frozen=True)
class ChapterMark:
    start: float  # seconds
    end: float
    title: str
    url: str = ""


@dataclass(frozen=True)
class TagFacts:
    """Everything a published file says about its episode (plain text only)."""

    title: str
    show: str
    author: str
    date: str  # UTC, 'YYYY-MM-DDTHH:MM:SS' (ID3v2.4 timestamp)
    page_url: str
    feed_url: str
    guid: str
    description: str = ""
    copyright: str = ""
    number: int | None = None
    season: int | None = None
    artwork: str = ""  # absolute path of a JPEG or PNG, "" for none
    artwork_hash: str = ""  # its content hash: new artwork, new tags
    chapters: tuple[ChapterMark, ...] = ()

    def digest(self) -> str:
        """Changes whenever any fact in the tags would change."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def _artwork(facts: TagFacts) -> tuple[bytes, str] | None:
    if not facts.artwork:
        return None
    path = Path(facts.artwork)
    return path.read_bytes(), ART_MIMES.get(path.suffix.lower(), "image/jpeg")


def id3_tag(facts: TagFacts) -> bytes:
    """The complete ID3v2.4 tag (header and frames) that starts the published MP3."""
    tag = ID3()
    for frame in _text_frames(facts):
        tag.add(frame)
    art = _artwork(facts)
    if art:
        tag.add(APIC(encoding=UTF8, mime=art[1], type=PictureType.COVER_FRONT, desc="", data=art[0]))
    # mutagen writes a tag's frames ordered by size, which scatters the chapters; ffmpeg (and
    # the players built on it) list CHAP frames in file order, ignoring CTOC. So the chapters
    # are saved one frame at a time and joined in time order after the other frames.
    body = _saved(tag)[HEADER:] + b"".join(_one_frame(frame) for frame in _chapter_frames(facts.chapters))
    return b"ID3\x04\x00\x00" + _syncsafe(len(body)) + body


HEADER = 10  # an ID3v2 header: 'ID3', version, flags, size


def _saved(tag: ID3) -> bytes:
    """The ID3v2.4 tag as mutagen writes it, with no padding (the same bytes every build)."""
    buffer = io.BytesIO()
    tag.save(buffer, v2_version=4, v1=0, padding=lambda _info: 0)
    return buffer.getvalue()


def _one_frame(frame: object) -> bytes:
    """One frame's bytes, as mutagen writes it."""
    tag = ID3()
    tag.add(frame)
    return _saved(tag)[HEADER:]


def _syncsafe(size: int) -> bytes:
    """An ID3v2 size: 28 bits in four bytes of seven (by hand: mutagen has no public writer)."""
    return bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))


def _text_frames(facts: TagFacts) -> list[object]:
    frames: list[object] = [
        TIT2(encoding=UTF8, text=facts.title), TALB(encoding=UTF8, text=facts.show),
        TPE1(encoding=UTF8, text=facts.author), TCON(encoding=UTF8, text=GENRE),
        TDRC(encoding=UTF8, text=facts.date), TGID(encoding=UTF8, text=facts.guid),
        WOAF(url=facts.page_url), WFED(url=facts.feed_url),
    ]
    if facts.number is not None:
        frames.append(TRCK(encoding=UTF8, text=str(facts.number)))
    if facts.season is not None:
        frames.append(TPOS(encoding=UTF8, text=str(facts.season)))
    if facts.description:
        frames.append(TDES(encoding=UTF8, text=facts.description))
    if facts.copyright:
        frames.append(TCOP(encoding=UTF8, text=facts.copyright))
    return frames


def _chapter_frames(chapters: tuple[ChapterMark, ...]) -> list[object]:
    """The table of contents, then each chapter in time order."""
    if not chapters:
        return []
    ids = [f"chp{index}" for index in range(len(chapters))]
    frames: list[object] = [CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                                 child_element_ids=ids, sub_frames=[TIT2(encoding=UTF8, text="Chapters")])]
    for element_id, chapter in zip(ids, chapters, strict=True):
        sub: list[object] = [TIT2(encoding=UTF8, text=chapter_tag_title(chapter.title))]
        if chapter.url and len(chapter.url.encode()) <= CHAPTER_TITLE_BYTES:
            sub.append(WXXX(encoding=UTF8, desc="", url=chapter.url))
        frames.append(CHAP(element_id=element_id, start_time=round(chapter.start * 1000),
                           end_time=round(chapter.end * 1000), start_offset=NO_OFFSET, end_offset=NO_OFFSET,
                           sub_frames=sub))
    return frames


def chapter_tag_title(title: str) -> str:
    """The title as the file carries it: whole when every player can read it, else shortened
    with an ellipsis, on a character boundary. The page and chapters JSON keep the whole title:
    a podcaster would rather every app show a shortened chapter than some show none."""
    if len(title.encode()) <= CHAPTER_TITLE_BYTES:
        return title
    room = CHAPTER_TITLE_BYTES - len("\u2026".encode())
    return title.encode()[:room].decode("utf-8", "ignore").rstrip() + "\u2026"


def tag_m4a(path: Path, facts: TagFacts) -> None:
    """Replace an M4A copy's tags with the episode's (iTunes atoms), in place."""
    audio = MP4(path)
    if audio.tags is None:
        audio.add_tags()
    tags: MP4Tags | None = audio.tags  # mutagen's FileType declares `tags = None`
    assert tags is not None
    tags.clear()
    tags.update({"\xa9nam": [facts.title], "\xa9alb": [facts.show], "\xa9ART": [facts.author],
                 "aART": [facts.author], "\xa9gen": [GENRE], "\xa9day": [facts.date],
                 "purl": [facts.page_url], "egid": [facts.guid], "pcst": True})
    if facts.number is not None:
        tags["trkn"] = [(facts.number, 0)]
    if facts.season is not None:
        tags["disk"] = [(facts.season, 0)]
    if facts.description:
        tags["desc"] = [facts.description]
    if facts.copyright:
        tags["cprt"] = [facts.copyright]
    art = _artwork(facts)
    if art:
        kind = MP4Cover.FORMAT_PNG if art[1] == "image/png" else MP4Cover.FORMAT_JPEG
        tags["covr"] = [MP4Cover(art[0], imageformat=kind)]
    audio.save(padding=lambda _info: 0)
