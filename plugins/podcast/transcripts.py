"""Transcripts: WebVTT and SRT files, linked in the feed and shown on the page.

webvtt-py parses both formats; speaker names come from VTT <v> voice spans (an
SRT line written as 'Name: words' is read the same way, a common convention).
"""

from __future__ import annotations

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
