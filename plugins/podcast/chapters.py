"""Chapters: written once in metadata, published as Podcasting 2.0 JSON chapters.

`Chapters: 00:00 Welcome; 03:15 What counts as progress` is easier to keep in
step with the audio than a separate JSON file; the JSON (application/json+chapters,
spec v1.2) is generated from it, and the page links each chapter to its time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .addresses import https_problem
from .timing import clock

# 'Title <https://...>': a link after a title. Whatever the brackets at the end hold is taken
# as a link and judged by the one rule for addresses, so '<http://...>' is refused, and so is a
# site link ('</worksheets/x/>', '<{filename}/...>'), which would otherwise end up in the title.
# A title that holds '<' or '>' itself ('</script><script>...') is plain text, shown as typed.
LINK = re.compile(r"^(?P<title>[^<>]*?)\s*<(?P<url>[^<>]*)>$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?$")
JSON_TYPE = "application/json+chapters"
# 'Welcome, 3:15 Next topic': a time after a comma (or '|') that starts another chapter.
TIME_AFTER_SEPARATOR = re.compile(r"[,|]\s*((?:\d+:)?\d{1,2}:\d{2}(?:\.\d{1,3})?)\s+\S")


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds
    title: str
    url: str = ""  # a page about this chapter: 'Title <https://...>' (as in Podlove simple chapters)

    @property
    def clock(self) -> str:
        return clock(self.start)


def parse_time(text: str) -> float:
    """'03:15', '1:02:03' or '00:00:04.5' -> seconds; ValueError if it is not a time."""
    match = TIME.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time like 03:15 or 1:02:03")
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        raise ValueError(f"{text!r} has more than 59 minutes or seconds")
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return value + (float(f"0.{fraction}") if fraction else 0.0)


def parse_chapters(text: str) -> list[Chapter]:
    """Parse 'MM:SS Title; MM:SS Title <https://link>'; ValueError naming the first bad part."""
    chapters = []
    for part in (p.strip() for p in str(text).split(";")):
        if not part:
            continue
        stamp, _, title = part.partition(" ")
        if not title.strip():
            raise ValueError(f"{part!r} needs a time and a title, e.g. '03:15 What counts'")
        if inner := TIME_AFTER_SEPARATOR.search(title):
            raise ValueError(f"{part!r} has a time inside its title ({inner.group(1)}), so it would be "
                             "one chapter: separate chapters with ';'")
        chapters.append(_chapter(parse_time(stamp), title.strip(), part))
    if not chapters:
        raise ValueError("lists no chapters")
    starts = [c.start for c in chapters]
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        raise ValueError("chapter times must go up, each later than the one before")
    return chapters


def _chapter(start: float, title: str, part: str) -> Chapter:
    match = LINK.match(title)
    if not match:
        return Chapter(start, title)
    if not match.group("title"):
        raise ValueError(f"{part!r} needs a title before its link, as '03:15 Title <https://...>'")
    url = match.group("url")
    if not SCHEME.match(url):
        raise ValueError(f"{part!r}: its link {url!r} is not a whole address; podcast apps open a "
                         "chapter's link on its own, away from this site, so it must be the page's full "
                         "https:// address")
    if problem := https_problem(url):
        raise ValueError(f"{part!r}: its link {url!r} {problem}")
    return Chapter(start, match.group("title"), url)


def chapters_line(found: tuple[tuple[float, str], ...]) -> str:
    """A file's own chapters (start in seconds, title) as a 'Chapters:' value that
    parse_chapters reads back: what an author pastes when the editor's export carries chapters
    the episode file does not. A title loses what the line would read as markup (';', '<', '>')."""
    parts: list[str] = []
    last = -1.0
    for at, title in found:
        start = round(max(at, 0.0), 3)
        if start <= last:
            continue  # times must go up: a second chapter at the same time adds nothing a player shows
        plain = " ".join(title.replace(";", ",").replace("<", "(").replace(">", ")").split())
        parts.append(f"{_stamp(start)} {plain or f'Chapter {len(parts) + 1}'}")
        last = start
    return "; ".join(parts)


def _stamp(seconds: float) -> str:
    """'00:20', '1:02:03' or '00:04.5': a time parse_time reads (hours once past 59 minutes)."""
    whole, millis = divmod(round(seconds * 1000), 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{text}.{millis:03d}".rstrip("0") if millis else text


def chapters_json(chapters: list[Chapter], *, title: str, podcast_name: str) -> str:
    """The chapters file, spec v1.2; json.dumps escapes whatever the author wrote."""
    document = {
        "version": "1.2.0",
        "title": title,
        "podcastName": podcast_name,
        "chapters": [{"startTime": _number(c.start), "title": c.title, **({"url": c.url} if c.url else {})}
                     for c in chapters],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
