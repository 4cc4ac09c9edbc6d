"""`invoke new-episode`: a new episode file with the next number, a fresh GUID,
and the audio's real size and duration.

The GUID is made here, once, and written into the file: it must never be
derived from anything an author may later change (title, slug, file name).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from pathlib import Path

from stepwise.placeholders import EPISODE_BODY, EPISODE_SUMMARY, MARKDOWN_HINT
from stepwise.scaffold import slug_for

from .media import MediaError, clock, probe_audio

EPISODE_TEMPLATE = f"""\
Title: {{title}}
Date: {{date}}
Episode: {{number}}
Season: {{season}}
Episode-Type: full
Audio: {{audio}}
Audio-Length: {{length}}
Duration: {{duration}}
Guid: {{guid}}
Slug: {{slug}}
Explicit: false
Summary: {EPISODE_SUMMARY}
Status: draft

{EPISODE_BODY} {MARKDOWN_HINT}
"""
HINTS = """\
Optional header lines you can add to {path}:
  Guests: a name from content/people.yaml (several: separate them with commas)
  Transcript: transcripts/{stem}.vtt  (and .srt, comma-separated)
  Chapters: 00:00 Welcome; 03:15 Next topic
  Worksheet: a worksheet from content/worksheets/
Replace the Summary and the show notes: `invoke check` and `invoke publish` refuse the
placeholders. Change 'Status: draft' to 'Status: published' when it is ready. Never change the Guid.
"""
NUMBER = re.compile(r"^Episode:\s*(\d+)\s*$", re.MULTILINE | re.IGNORECASE)


def next_number(episodes: Path) -> int:
    """One more than the highest 'Episode:' number in content/episodes/."""
    numbers = [int(m.group(1)) for path in sorted(episodes.glob("*.md"))
               for m in NUMBER.finditer(path.read_text(encoding="utf-8", errors="replace"))]
    return max(numbers, default=0) + 1


def place_audio(content: Path, audio: Path) -> Path:
    """The audio inside content/media/, copied there if it lives elsewhere."""
    source = audio.resolve()
    if source.is_relative_to(content.resolve()):
        return source
    target = content / "media" / audio.name
    if target.exists():
        raise SystemExit(f"{target} already exists; rename the audio file or pass that one")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target.resolve()


def new_episode(content: Path, title: str, audio: Path, *, when: dt.datetime, season: int = 1) -> Path:
    """Write a draft episode; refuse to overwrite one, or to use unreadable audio."""
    if not title.strip():
        raise SystemExit('Give the episode a title: invoke new-episode "My title" --audio file.mp3')
    if not audio.is_file():
        raise SystemExit(f"{audio} is not a file")
    try:
        info = probe_audio(audio)
    except MediaError as exc:
        raise SystemExit(f"{audio}: {exc.problem}. Fix: {exc.fix}") from exc
    episodes = content / "episodes"
    number = next_number(episodes)
    slug = slug_for(title)
    path = episodes / f"{number:03d}-{slug}.md"
    if path.exists():
        raise SystemExit(f"{path} already exists; choose another title")
    placed = place_audio(content, audio)
    episodes.mkdir(parents=True, exist_ok=True)
    path.write_text(EPISODE_TEMPLATE.format(
        title=title.strip(), date=when.strftime("%Y-%m-%d %H:%M"), number=number, season=season,
        audio=placed.relative_to(content.resolve()).as_posix(), length=info.length,
        duration=_hms(info.duration), guid=uuid.uuid4(), slug=slug), encoding="utf-8")
    return path


def _hms(seconds: int) -> str:
    text = clock(seconds)
    return text if text.count(":") == 2 else f"00:{int(seconds) // 60:02d}:{int(seconds) % 60:02d}"
