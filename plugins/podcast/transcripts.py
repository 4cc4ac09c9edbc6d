"""Transcripts: WebVTT and SRT files, linked in the feed and shown on the page.

webvtt-py parses both formats and gives each cue's raw text; the cue text of a VTT
file is read here by the WebVTT rules (webvtt-py strips tags but leaves character
references such as &amp; as they are): tags are markup, <v Name> names who speaks,
and references are decoded once, so the page, which escapes once, shows what the
listener hears. An SRT line written as 'Name: words' names the speaker too (a common
convention); SRT has no escapes, so its text is taken as written, tags removed.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

import webvtt
from webvtt.errors import MalformedFileError

from .chapters import parse_time
from .timing import clock

TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}
SRT_SPEAKER = re.compile(r"^([A-Z][\w.' -]{0,40}):\s+(.+)$", re.DOTALL)
CUE_TOKEN = re.compile(r"<[^>]*(?:>|$)|[^<]+")  # a tag (to its '>' or the end), or text
VOICE = re.compile(r"<v(?:\.[^\s>]+)*[ \t\n]+([^>]*)>?$")
# The tags WebVTT knows (with classes, an annotation, or a timestamp); anything else after a
# '<' is still read as a tag and hidden, which is never what the author meant.
CUE_TAG = re.compile(r"</?(?:c|i|b|u|ruby|rt|v|lang)(?:[.\s][^>]*)?>|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    speaker: str
    text: str

    @property
    def clock(self) -> str:
        return clock(self.start)


READ_FIX = "check the file in a text editor; it must start with WEBVTT (or be numbered SRT cues)"
TAG_FIX = "write &lt; for a '<' that is part of the words (and &amp; for '&'), as WebVTT requires"


class TranscriptError(ValueError):
    """A transcript file that cannot be read; the message says why, `fix` what to do."""

    def __init__(self, problem: str, fix: str = READ_FIX) -> None:
        super().__init__(problem)
        self.fix = fix


@dataclass(frozen=True)
class Unreadable:
    """A read-ahead's verdict on a file that cannot be read (kept, and pickled, like cues)."""

    problem: str
    fix: str


def transcript_type(path: str) -> str | None:
    return TYPES.get(Path(path.split("?", maxsplit=1)[0]).suffix.lower())


def read_cues(path: Path) -> list[Cue]:
    """The cues of a .vtt or .srt file, in order; TranscriptError if malformed."""
    suffix = path.suffix.lower()
    try:
        captions = webvtt.read(str(path)) if suffix == ".vtt" else webvtt.from_srt(str(path))
    except (MalformedFileError, UnicodeDecodeError, ValueError) as exc:
        raise TranscriptError(f"cannot be read as {suffix[1:].upper()} ({exc})") from exc
    cues = [cue for caption in captions.captions for cue in _cues(caption, from_srt=suffix == ".srt")]
    if not cues:
        raise TranscriptError("has no cues")
    return cues


def _cues(caption: webvtt.Caption, *, from_srt: bool) -> list[Cue]:
    """One Cue per speaker's turn in the caption (a VTT cue may hold two voices)."""
    start, end = parse_time(caption.start), parse_time(caption.end)
    if not from_srt:
        try:
            turns = vtt_turns(caption.raw_text)
        except ValueError as exc:
            raise TranscriptError(f"has {exc} in the cue at {clock(start)}, which WebVTT reads as a "
                                  "tag, so players hide it", TAG_FIX) from exc
        return [Cue(start, end, speaker, text) for speaker, text in turns]
    text, speaker = " ".join(caption.text.split()), ""
    if match := SRT_SPEAKER.match(text):
        speaker, text = match.group(1).strip(), match.group(2)
    return [Cue(start, end, speaker, text)] if text else []


def vtt_turns(raw: str) -> list[tuple[str, str]]:
    """A WebVTT cue's text as (speaker, words) turns, read by the WebVTT cue text rules.

    A tag runs to its '>' (or to the end of the cue) and is markup, never words: <i>, <b>,
    <c.loud>, <ruby>, <00:00:05.000>. <v Name> names who speaks until </v> or the next
    voice. Character references are decoded (WebVTT requires &amp; for '&' and &lt; for '<').
    """
    turns: list[tuple[str, str]] = []
    speaker = ""
    for token in CUE_TOKEN.findall(raw):
        if token.startswith("<") and not CUE_TAG.fullmatch(token):
            raise ValueError(repr(token))
        if token.startswith("<"):
            voice = VOICE.match(token)
            speaker = " ".join(html.unescape(voice.group(1)).split()) if voice else (
                "" if token.startswith("</v") else speaker)
            continue
        if turns and turns[-1][0] == speaker:
            turns[-1] = (speaker, turns[-1][1] + html.unescape(token))
        else:
            turns.append((speaker, html.unescape(token)))
    return [(who, " ".join(text.split())) for who, text in turns if text.strip()]


# Transcripts parsed where their episode's Markdown is read (a worker, in parallel), in the
# episode's metadata: {absolute path: (SHA-256 of the file, cues or why it cannot be read)}.
READ_AHEAD_KEY = "_podcast_transcript_cues"
ReadAhead = dict[str, tuple[str, "tuple[Cue, ...] | Unreadable"]]


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
            result: tuple[Cue, ...] | Unreadable = tuple(read_cues(path))
        except TranscriptError as exc:
            result = Unreadable(str(exc), exc.fix)
        found[str(path)] = (digest(path), result)
    return found


def cues_of(path: Path, ahead: ReadAhead) -> tuple[Cue, ...]:
    """The file's cues, from the read-ahead when it parsed this very file; TranscriptError if bad."""
    known = ahead.get(str(path))
    if known is None or known[0] != digest(path):
        return tuple(read_cues(path))
    if isinstance(known[1], Unreadable):
        raise TranscriptError(known[1].problem, known[1].fix)
    return known[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
