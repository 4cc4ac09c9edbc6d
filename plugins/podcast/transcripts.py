"""Transcripts: WebVTT and SRT files, linked in the feed and shown on the page.

webvtt-py parses both formats; speaker names come from VTT <v> voice spans (an
SRT line written as 'Name: words' is read the same way, a common convention).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import webvtt
from webvtt.errors import MalformedFileError

from .chapters import parse_time
from .media import clock

TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}
SRT_SPEAKER = re.compile(r"^([A-Z][\w.' -]{0,40}):\s+(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    speaker: str
    text: str

    @property
    def clock(self) -> str:
        return clock(self.start)


class TranscriptError(ValueError):
    """A transcript file that cannot be read; the message says why."""


def transcript_type(path: str) -> str | None:
    return TYPES.get(Path(path.split("?", maxsplit=1)[0]).suffix.lower())


def read_cues(path: Path) -> list[Cue]:
    """The cues of a .vtt or .srt file, in order; TranscriptError if malformed."""
    suffix = path.suffix.lower()
    try:
        captions = webvtt.read(str(path)) if suffix == ".vtt" else webvtt.from_srt(str(path))
    except (MalformedFileError, UnicodeDecodeError, ValueError) as exc:
        raise TranscriptError(f"cannot be read as {suffix[1:].upper()} ({exc})") from exc
    cues = [_cue(caption, from_srt=suffix == ".srt") for caption in captions]
    if not cues:
        raise TranscriptError("has no cues")
    return cues


def _cue(caption: webvtt.Caption, *, from_srt: bool) -> Cue:
    text = " ".join(caption.text.split())
    speaker = caption.voice or ""
    if from_srt and not speaker and (match := SRT_SPEAKER.match(text)):
        speaker, text = match.group(1), match.group(2)
    return Cue(parse_time(caption.start), parse_time(caption.end), speaker.strip(), text)


# Transcripts parsed where their episode's Markdown is read (a worker, in parallel), in the
# episode's metadata: {absolute path: (SHA-256 of the file, cues or the error message)}.
READ_AHEAD_KEY = "_podcast_transcript_cues"
ReadAhead = dict[str, tuple[str, "tuple[Cue, ...] | str"]]


def read_ahead(value: str, content_root: Path) -> ReadAhead:
    """Parse the local .vtt/.srt files a 'Transcript:' value names, as far as they can be.

    Only an optimisation: a file not found here, or changed since (its digest differs, e.g.
    when the episode came from Pelican's content cache), is parsed again by the model.
    """
    found: ReadAhead = {}
    for part in str(value).split(","):
        text = part.strip().removeprefix("{static}").lstrip("/")
        if not text or text.startswith(("https:", "http:")):
            continue
        path = (content_root / text).resolve()
        if path.suffix.lower() not in TYPES or not path.is_relative_to(content_root) or not path.is_file():
            continue
        try:
            result: tuple[Cue, ...] | str = tuple(read_cues(path))
        except TranscriptError as exc:
            result = str(exc)
        found[str(path)] = (digest(path), result)
    return found


def cues_of(path: Path, ahead: ReadAhead) -> tuple[Cue, ...]:
    """The file's cues, from the read-ahead when it parsed this very file; TranscriptError if bad."""
    known = ahead.get(str(path))
    if known is None or known[0] != digest(path):
        return tuple(read_cues(path))
    if isinstance(known[1], str):
        raise TranscriptError(known[1])
    return known[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
