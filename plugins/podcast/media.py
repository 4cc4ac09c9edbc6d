"""Facts about media files, read from the files themselves.

Size, duration and MIME type come from the audio's bytes, never from what an
author typed or what the file is called: the enclosure length is the real byte
count, the type is what the content is (a WAV named .mp3 is refused), an MP3's
length comes from walking its frames (mpeg.py), an M4A's from its movie header
(mutagen), and a file cut short or damaged is refused. Artwork is checked
against Apple's rules with Pillow. Results are cached by content hash (and kept
between builds, STEPWISE_PERSISTENT_CACHES), so a file is probed once.
"""

from __future__ import annotations

import hashlib
import mmap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from PIL import Image, UnidentifiedImageError

from stepwise_core.static_files import RECORDING_EXTENSIONS

from .audiotype import ACCEPTED, ADTS, M4A, MP3, Kind, identify
from .media_errors import MediaError
from .mp4 import read_m4a
from .mpeg import first_frame, id3v2_end, tags_start, walk

# RSS enclosure types by extension (Apple's supported audio types); the content must agree.
AUDIO_TYPES = dict(ACCEPTED.values())
# Pillow format -> the file extensions Apple and feedgen accept for it.
ART_FORMATS = {"JPEG": (".jpg",), "PNG": (".png",)}
Work = dict[str, list[str]]  # what a build did to which files: "hashed", "probed", "tagged"...
PROBE_VERSION = 4  # part of the cache key: bump when what a probe finds changes
ART_VERSION = 2  # the same for artwork checks
HEADERLESS_VBR = ("is variable-bitrate MP3 without a Xing or VBRI header, so players guess its "
                  "length from the first frame (the build measured it exactly, but apps and browsers "
                  "will show a different length and seek to the wrong place)")
HEADERLESS_FIX = ("add the header without re-encoding: ffmpeg -i IN.mp3 -codec copy OUT.mp3 "
                  "(or export with LAME, which writes one)")


@dataclass(frozen=True)
class AudioInfo:
    length: int  # bytes
    duration: int  # whole seconds, as Apple recommends
    mime: str
    seconds: float = 0.0  # exact, for checks; 0 when stated by the author (remote files)
    notes: tuple[tuple[str, str], ...] = ()  # (problem, fix): worth a warning, not fatal
    chapters: tuple[tuple[float, str], ...] = ()  # the file's own (start, title): ID3 CHAP, M4A 'chpl'


@dataclass(frozen=True)
class _Refused:
    """A probe's verdict on an unusable file, cached like a result."""

    problem: str
    fix: str


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path, cache: dict[str, Any] | None = None, work: Work | None = None) -> str:
    """The file's SHA-256, remembered by path, size, mtime and inode (as git's index does), so an
    unchanged 60 MB recording is not read again to learn that it is unchanged."""
    stat = path.stat()
    key = f"sha256:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"
    if cache is not None and key in cache:
        return cache[key]
    digest = content_hash(path)
    if cache is not None:
        cache[key] = digest
    note(work, "hashed", path)
    return digest


def note(work: Work | None, what: str, path: Path) -> None:
    """Record work a build really did (tests and the benchmark read it: nothing done twice)."""
    if work is not None:
        work.setdefault(what, []).append(path.name)


def _cached(cache: dict[str, Any] | None, key: str, compute: Callable[[], Any]) -> Any:
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


# What a recorder or an editor saves that podcast apps do not play: converted with one command.
RECORDINGS = frozenset(f".{extension}" for extension in RECORDING_EXTENSIONS)


def probe_audio(path: Path, cache: dict[str, Any] | None = None, work: Work | None = None) -> AudioInfo:
    """Size, exact duration and real MIME type of a local audio file; MediaError if unusable."""
    suffix = path.suffix.lower()
    if suffix not in AUDIO_TYPES:
        raise _unaccepted_name(path)
    if path.stat().st_size == 0:
        raise MediaError("is empty (0 bytes)", "export the episode again as MP3")
    key = f"audio:{PROBE_VERSION}:{file_digest(path, cache, work)}:{suffix}"
    verdict = cache.get(key) if cache is not None else None
    if verdict is None:
        note(work, "probed", path)
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            verdict = _verdict(path, data)
        if cache is not None:
            cache[key] = verdict
    if isinstance(verdict, _Refused):
        raise MediaError(verdict.problem, verdict.fix)
    return verdict


def _verdict(path: Path, data: Any) -> AudioInfo | _Refused:
    try:
        return _read_audio(path, data)
    except MediaError as exc:
        return _Refused(exc.problem, exc.fix)


def _read_audio(path: Path, data: Any) -> AudioInfo:
    kind = identify(data)
    _check_kind(path, kind)
    assert kind is not None
    notes: list[tuple[str, str]] = []
    seconds = _mp3_seconds(data, notes) if kind.name == MP3 else _m4a_seconds(path, data, notes)
    return AudioInfo(length=len(data), duration=max(1, round(seconds)), mime=kind.mime,
                     seconds=seconds, notes=tuple(notes), chapters=own_chapters(path, kind.name))


def own_chapters(path: Path, kind: str) -> tuple[tuple[float, str], ...]:
    """The chapters an editor's export wrote into the file, in time order: the published copy
    carries the episode's 'Chapters:' instead, so the author is shown these to copy across.
    mutagen reads ID3 CHAP frames and an M4A's Nero 'chpl' list (not its chapter track)."""
    try:
        if kind == MP3:
            frames = sorted(ID3(path).getall("CHAP"), key=lambda chap: chap.start_time)
            return tuple((chap.start_time / 1000, " ".join(map(str, chap.sub_frames.getall("TIT2"))))
                         for chap in frames)
        return tuple((chapter.start, chapter.title) for chapter in MP4(path).chapters or ())
    except mutagen.MutagenError:
        return ()  # no tag at all: no chapters


def _unaccepted_name(path: Path) -> MediaError:
    """A name podcast apps do not take, with the fix its bytes call for: an M4A named '.m4b' or
    '.mp4' is renamed, a bare AAC stream wrapped, a recording converted."""
    suffix = path.suffix.lower()
    kind = None
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            data: Any = mapped  # read as bytes, as _verdict does
            kind = identify(data)
            if kind is not None and kind.name == M4A:
                read_m4a(path, data)  # a video, or a cut copy, says so with its own fix
    if kind is not None and kind.name == ADTS:
        return adts_error(path)
    if kind is not None and kind.name == M4A:
        return MediaError(f"is M4A audio named '{path.suffix}', which podcast apps do not take by that name",
                          f"rename it to '{path.stem}.m4a' (the same audio: nothing to export again) and "
                          "change the 'Audio:' line")
    fix = (f"convert it: export it from your editor as MP3, or run: ffmpeg -i '{path.name}' -codec:a "
           f"libmp3lame -q:a 4 '{path.stem}.mp3'" if suffix in RECORDINGS else MediaError.DEFAULT_FIX)
    return MediaError(f"'{path.suffix}' files are not accepted by podcast apps; use .mp3 or .m4a", fix)


def adts_error(path: Path) -> MediaError:
    """Bare AAC (ADTS, what '.aac' files hold): the same audio in an M4A is one copy away."""
    target = f"{path.stem}-fixed.m4a" if path.suffix.lower() == ".m4a" else f"{path.stem}.m4a"
    return MediaError("is AAC audio in an ADTS stream (a bare .aac file), which podcast apps do not "
                      "take as it is; in an M4A file they do",
                      f"put it in an M4A without re-encoding: ffmpeg -i '{path.name}' -c copy '{target}', "
                      "then point 'Audio:' at the new file")


def _check_kind(path: Path, kind: Kind | None) -> None:
    """The bytes must be MP3 or M4A, from the first byte, and the name must say which."""
    named = path.suffix.lower()
    if kind is None:
        raise MediaError("is not audio that podcast apps can play (no MP3 or M4A audio in it)",
                         "export the episode from your editor as MP3")
    if kind.name == ADTS:
        raise adts_error(path)
    if kind.wrapped:
        raise MediaError(f"is {kind.description}, which podcast apps cannot play",
                         f"take the MP3 out without re-encoding: ffmpeg -i '{path.name}' -codec:a copy "
                         f"'{path.stem}-fixed.mp3', then point 'Audio:' at the new file")
    if not kind.accepted:
        raise MediaError(f"is {kind.description}, not {named[1:].upper()} as its name says; podcast "
                         "apps need MP3 or M4A", "convert it: export it from your editor as MP3, or "
                         f"run: ffmpeg -i '{path.name}' -codec:a libmp3lame -q:a 4 '{path.stem}-fixed.mp3'"
                         ", then point 'Audio:' at the new file")
    if kind.suffix != named:
        raise MediaError(f"is {kind.description} named '{path.suffix}'; apps are told the type by the "
                         "name", f"rename it to '{path.stem}{kind.suffix}' and change the 'Audio:' line")
    if kind.junk:
        raise MediaError(f"starts with {kind.junk:,} bytes that are not audio before its first "
                         f"{kind.name} frame; some players skip them, others refuse the file or "
                         "misread its length", "rewrite it without them (nothing is re-encoded): ffmpeg "
                         f"-i '{path.name}' -codec copy '{path.stem}-fixed{named}', then point 'Audio:' "
                         "at the new file")


def _mp3_seconds(data: Any, notes: list[tuple[str, str]]) -> float:
    start = id3v2_end(data)
    end = tags_start(data, start)
    first = first_frame(data, start, end)
    if first is None:
        raise MediaError("is damaged at its start: no MP3 frame follows its tags",
                         "copy or export the file again from the original recording")
    audio = walk(data, first, end)
    if audio.variable_bitrate and not audio.summary:
        notes.append((HEADERLESS_VBR, HEADERLESS_FIX))
    if audio.trailing_junk:
        notes.append(_trailing(audio.trailing_junk, "neither audio nor a tag"))
    return audio.seconds


def _m4a_seconds(path: Path, data: Any, notes: list[tuple[str, str]]) -> float:
    audio = read_m4a(path, data)
    if audio.trailing_junk:
        notes.append(_trailing(audio.trailing_junk, "not part of the M4A"))
    return audio.seconds


def _trailing(size: int, what: str) -> tuple[str, str]:
    """Bytes after the audio: players skip them, so a warning (MP3 and M4A alike)."""
    return (f"ends with {size:,} bytes that are {what} (players skip them)",
            "export the episode again, or trim the file's end")


def artwork_problems(path: Path, limits: dict[str, int], cache: dict[str, Any] | None = None
                     ) -> list[tuple[str, str]]:
    """Every way the artwork breaks Apple's rules, each with its fix (empty when it is fine)."""
    key = f"art:{ART_VERSION}:{file_digest(path, cache)}:{path.suffix.lower()}:{sorted(limits.items())}"
    return _cached(cache, key, lambda: _check_art(path, limits))


def _check_art(path: Path, limits: dict[str, int]) -> list[tuple[str, str]]:
    low, high = limits["PODCAST_ART_MIN_PX"], limits["PODCAST_ART_MAX_PX"]
    export = f"export a square RGB JPEG or PNG, {low} to {high} px a side"
    try:
        with Image.open(path) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (UnidentifiedImageError, OSError) as exc:
        return [(f"cannot be read as an image ({exc})", export)]
    problems = []
    if fmt not in ART_FORMATS:
        problems.append((f"is a {fmt} image; podcast artwork must be JPEG or PNG", export))
    elif path.suffix.lower() not in ART_FORMATS[fmt]:
        problems.append((f"is a {fmt} image named '{path.suffix}'", f"name it '{path.stem}"
                         f"{ART_FORMATS[fmt][0]}' (the extension must match the type)"))
    if mode != "RGB":
        problems.append((f"uses the {mode} colour mode; artwork must be RGB (no alpha, not CMYK)", export))
    if width != height:
        problems.append((f"is {width}x{height} px; artwork must be square", export))
    if not low <= max(width, height) <= high or not low <= min(width, height) <= high:
        problems.append((f"is {width}x{height} px; artwork must be between {low} and {high} px a side",
                         export))
    size, most = path.stat().st_size, limits["PODCAST_ART_MAX_BYTES"]
    if size > most:
        problems.append((f"is {size:,} bytes; artwork must be at most {most:,} bytes",
                         f"save it again smaller: {low} px a side as a JPEG at quality 80 to 85 is "
                         "usually well under the limit, and looks the same in every app"))
    return problems


def human_size(length: int) -> str:
    """'48 KB', '3.2 MB': for the download link."""
    if length < 1000 * 1000:
        return f"{max(1, round(length / 1000))} KB"
    return f"{length / 1_000_000:.1f} MB"


def spoken_duration(seconds: int) -> str:
    """'12 min 5 s': a duration for people, not players."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs else ""]
    return " ".join(p for p in parts if p) or "0 s"
