"""Text files content/ may publish: each must be what its name says, and none may read as a script.

A text file is served as text/plain, text/vtt, application/x-subrip or JSON, and Chromium
runs any of those as a classic script from `<script src>` unless the host sends
`X-Content-Type-Options: nosniff`. So a transcript written to be JavaScript as well
(`WEBVTT\n\n= 1; fetch(…) /*` is both) would be a script on the site's own origin. Each
kind is held to a rule under which the file cannot compile as a script, whatever else
it holds (the reason is given with each rule); the Content-Security-Policy, which only
lets the theme's folder hold scripts where the site's address is known, is the other
line of defence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

Problem = tuple[str, str]  # (what is wrong, how to fix it)

# A cue's timing line: WebVTT's `00:01.000 --> 00:04.000 settings`, SubRip's `00:00:01,000 --> …`.
_VTT_TIME, _SRT_TIME = r"(\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}", r"\d{2,}:[0-5]\d:[0-5]\d[,.]\d{3}"
VTT_TIMING = re.compile(rf"{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}([ \t].*)?")
SRT_TIMING = re.compile(rf"{_SRT_TIME}[ \t]+-->[ \t]+{_SRT_TIME}([ \t].*)?")
VTT_HEADER = re.compile(r"WEBVTT([ \t][^\n]*)?")
# What could carry a JavaScript tokenizer from one line past the next: a block comment, a
# template literal, a backslash line continuation.
SPANS_LINES = re.compile(r"/\*|`|\\")


def _lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def vtt_problem(text: str, _path: Path) -> Problem | None:
    """WebVTT: the header, then at least one cue; before the first cue's timing line nothing that
    spans lines in JavaScript. Why that is enough: a script is compiled whole before it runs,
    every line before the timing line ends where a JavaScript line ends, so the timing line is
    read as code, and `00:00.000 -->` puts `--` after a number: an early SyntaxError, always."""
    lines = _lines(text)
    if not VTT_HEADER.fullmatch(lines[0]):
        return ("is not WebVTT: its first line must be WEBVTT",
                "export the transcript again as WebVTT (.vtt), or give a SubRip file the name .srt")
    first = next((n for n, line in enumerate(lines) if "-->" in line), None)
    if first is None or not VTT_TIMING.match(lines[first].strip()):
        return ("is not WebVTT: it has no cue with a timing line such as 00:00:01.000 --> 00:00:04.000",
                "export the transcript again as WebVTT (.vtt)")
    return _nothing_spans_lines(lines[:first], "its first cue")


def srt_problem(text: str, _path: Path) -> Problem | None:
    """SubRip: numbered cues, each a number line, then a timing line. The first cue alone makes
    the file a SyntaxError as a script: `1` then `00:00:00,000 -->` (a number, then ':')."""
    lines = _lines(text)
    start = next((n for n, line in enumerate(lines) if line.strip()), None)
    if (start is None or not lines[start].strip().isdigit() or start + 1 >= len(lines)
            or not SRT_TIMING.fullmatch(lines[start + 1].strip())):
        return ("is not SubRip: it must start with a cue number, then a timing line such as "
                "00:00:01,000 --> 00:00:04,000",
                "export the transcript again as SubRip (.srt), or give a WebVTT file the name .vtt")
    return None


def json_problem(text: str, _path: Path) -> Problem | None:
    """JSON, strictly (no NaN or Infinity): as a script it is a SyntaxError (an object) or an
    expression that calls and assigns nothing."""
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")
    try:
        json.loads(text.lstrip("\ufeff"), parse_constant=refuse)
    except ValueError as exc:
        return (f"is not JSON ({exc})", "check it with a JSON validator, or remove it")
    return None


def robots_problem(text: str, path: Path) -> Problem | None:
    """Plain text only as robots.txt (the one .txt the site publishes), starting as robots files
    do: with a '#' comment or 'User-agent:'. As a script either is a SyntaxError at once: '#'
    outside a class, or `User - agent :` (an expression followed by ':')."""
    if path.name != "robots.txt":
        return ("is a plain-text (.txt) file, which the site does not publish (robots.txt aside): a "
                "browser can be made to run one as a script on the site",
                "save a transcript as WebVTT (.vtt) or SubRip (.srt), which transcription tools export; "
                "put words for readers in a post or page; otherwise remove the file")
    first = next((line.strip() for line in _lines(text) if line.strip()), "")
    if first.startswith("#") and not text.lstrip("\ufeff").startswith("#!"):
        return None
    if re.match(r"User-agent[ \t]*:", first, re.IGNORECASE):
        return None
    return ("does not start as a robots.txt does: with a '# comment' line or 'User-agent: *'",
            "start it with 'User-agent: *' (or a '#' comment line)")


def _nothing_spans_lines(lines: list[str], before: str) -> Problem | None:
    for number, line in enumerate(lines, start=1):
        found = SPANS_LINES.search(line)
        if found:
            return (f"has {found.group()!r} on line {number}, before {before}: a transcript never needs it "
                    "there, and it would let the file read as JavaScript",
                    "remove it from the header or note before the first cue")
    return None


# name's extension -> its rule. Any other extension is not a text file the site publishes.
TEXT_RULES: dict[str, Callable[[str, Path], Problem | None]] = {
    "vtt": vtt_problem, "srt": srt_problem, "json": json_problem, "txt": robots_problem,
}
