"""Facts about media files, read from the files themselves.

Size, duration and MIME type come from the audio (mutagen), never from what an
author typed, so the enclosure length is always the real byte count. Artwork is
checked against Apple's rules with Pillow. Results are cached by content hash in
a per-build dict, so a file is probed once per build however often it is used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
from PIL import Image, UnidentifiedImageError

# RSS enclosure types by extension. mutagen says 'audio/mp3', which is not a real
# MIME type, so the type comes from this table (Apple's supported audio types).
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a"}
# Pillow format -> the file extensions Apple and feedgen accept for it.
ART_FORMATS = {"JPEG": (".jpg",), "PNG": (".png",)}


@dataclass(frozen=True)
class AudioInfo:
    length: int  # bytes
    duration: int  # whole seconds, as Apple recommends
    mime: str


class MediaError(ValueError):
    """A media file that cannot be used; the message says what is wrong."""


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _cached(cache: dict[str, Any] | None, key: str, compute: Any) -> Any:
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def probe_audio(path: Path, cache: dict[str, Any] | None = None) -> AudioInfo:
    """Size, duration and MIME type of a local audio file; MediaError if unusable."""
    mime = AUDIO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise MediaError(f"'{path.suffix}' files are not accepted by podcast apps; use .mp3 or .m4a")
    key = f"audio:{content_hash(path)}:{mime}"
    return _cached(cache, key, lambda: _read_audio(path, mime))


def _read_audio(path: Path, mime: str) -> AudioInfo:
    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise MediaError(f"cannot be read as audio ({exc})") from exc
    if audio is None or not getattr(audio.info, "length", 0):
        raise MediaError("is not an audio file mutagen can read, or has no length")
    return AudioInfo(length=path.stat().st_size, duration=max(1, round(audio.info.length)),
                     mime=mime)


def artwork_problems(path: Path, limits: dict[str, int], cache: dict[str, Any] | None = None) -> list[str]:
    """Every way the artwork breaks Apple's rules (empty when it is fine)."""
    key = f"art:{content_hash(path)}:{path.suffix.lower()}:{sorted(limits.items())}"
    return _cached(cache, key, lambda: _check_art(path, limits))


def _check_art(path: Path, limits: dict[str, int]) -> list[str]:
    try:
        with Image.open(path) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (UnidentifiedImageError, OSError) as exc:
        return [f"cannot be read as an image ({exc})"]
    problems = []
    if fmt not in ART_FORMATS:
        problems.append(f"is a {fmt} image; podcast artwork must be JPEG or PNG")
    elif path.suffix.lower() not in ART_FORMATS[fmt]:
        problems.append(f"is a {fmt} image named '{path.suffix}'; name it "
                        f"'{ART_FORMATS[fmt][0]}' (the extension must match the type)")
    if mode != "RGB":
        problems.append(f"uses the {mode} colour mode; artwork must be RGB (no alpha, not CMYK)")
    if width != height:
        problems.append(f"is {width}x{height} px; artwork must be square")
    low, high = limits["PODCAST_ART_MIN_PX"], limits["PODCAST_ART_MAX_PX"]
    if not low <= max(width, height) <= high or not low <= min(width, height) <= high:
        problems.append(f"is {width}x{height} px; artwork must be between {low} and {high} px a side")
    size = path.stat().st_size
    if size > limits["PODCAST_ART_MAX_BYTES"]:
        problems.append(f"is {size:,} bytes; keep artwork under {limits['PODCAST_ART_MAX_BYTES']:,}")
    return problems


def human_size(length: int) -> str:
    """'48 KB', '3.2 MB': for the download link."""
    if length < 1000 * 1000:
        return f"{max(1, round(length / 1000))} KB"
    return f"{length / 1_000_000:.1f} MB"


def clock(seconds: float) -> str:
    """'3:15' or '1:02:03': how players show a time."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_duration(seconds: int) -> str:
    """'12 min 5 s': a duration for people, not players."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs else ""]
    return " ".join(p for p in parts if p) or "0 s"
