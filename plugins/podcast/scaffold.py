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
from typing import Any

from stepwise.placeholders import EPISODE_BODY, EPISODE_SUMMARY, MARKDOWN_HINT
from stepwise.scaffold import slug_for

from .media import MediaError, clock, probe_audio
from .rules import media_dir
from .settings import plugin_settings
from .sound import INSTALL, SoundRow, advice, format_report, measure, tools_missing

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


def place_audio(folder: Path, audio: Path) -> Path:
    """The audio inside the media folder (content/media/ or PODCAST_MEDIA_DIR), copied there if
    it lives elsewhere."""
    source = audio.resolve()
    if source.is_relative_to(folder.resolve()):
        return source
    target = folder / audio.name
    if target.exists():
        raise SystemExit(f"{target} already exists; rename the audio file or pass that one")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target.resolve()


def new_episode(content: Path, title: str, audio: Path, *, when: dt.datetime, season: int = 1,
                settings: dict[str, Any] | None = None) -> Path:
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
    folder = media_dir(settings or {}) or content / "media"
    placed = place_audio(folder, audio)
    episodes.mkdir(parents=True, exist_ok=True)
    path.write_text(EPISODE_TEMPLATE.format(
        title=title.strip(), date=when.strftime("%Y-%m-%d %H:%M"), number=number, season=season,
        audio=_audio_line(content, folder, placed), length=info.length,
        duration=_hms(info.duration), guid=uuid.uuid4(), slug=slug), encoding="utf-8")
    return path


def _audio_line(content: Path, folder: Path, placed: Path) -> str:
    """'media/x.mp3': under the media folder; another folder of content/ keeps its own path."""
    if placed.is_relative_to(folder.resolve()):
        return f"media/{placed.relative_to(folder.resolve()).as_posix()}"
    return placed.relative_to(content.resolve()).as_posix()


def sound_report_for(audio: Path, settings: dict[str, Any]) -> str:
    """The sound report of one file, for `new-episode` (and the reason when it cannot be made)."""
    ps = plugin_settings(settings)
    targets = ps["PODCAST_LOUDNESS_TARGETS"]
    if ps["PODCAST_SOUND_CHECK"] == "off":
        return ""
    missing = tools_missing()
    if missing:
        return format_report([SoundRow("", audio.name, None, problem=f"{missing}; {INSTALL}")], targets)
    try:
        found = measure(audio)
    except ValueError as exc:
        return format_report([SoundRow("", audio.name, None, problem=str(exc))], targets)
    return format_report([SoundRow("", audio.name, found, tuple(advice(found, targets)))], targets)


def _hms(seconds: int) -> str:
    text = clock(seconds)
    return text if text.count(":") == 2 else f"00:{int(seconds) // 60:02d}:{int(seconds) % 60:02d}"
