"""`invoke new-episode`: a new episode file with the next number, a fresh GUID
(or the one an episode moved in from another host already has: `--guid`),
and the audio's real size and duration (and its chapters, when the editor's export has some:
the published file carries only those the episode lists).

The GUID is made here, once, and written into the file: it must never be
derived from anything an author may later change (title, slug, file name).
"""

from __future__ import annotations

import datetime as dt
import filecmp
import re
import shlex
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stepwise_core.placeholders import EPISODE_BODY, EPISODE_SUMMARY, MARKDOWN_HINT
from stepwise_core.slugs import chosen_slug, date_field, refuse_taken_slug

from .chapters import chapters_line
from .media import MediaError, probe_audio
from .rules import ReadContext, media_dir, read_guid
from .settings import plugin_settings
from .sound import INSTALL, SoundRow, advice, format_report, measure, tools_missing
from .timing import clock

EPISODE_TEMPLATE = f"""\
Title: {{title}}
Date: {{date}}
Episode: {{number}}
Season: {{season}}
Episode-Type: full
Audio: {{audio}}
Audio-Length: {{length}}
Duration: {{duration}}
{{chapters}}Guid: {{guid}}
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
QUOTED_NAME = re.compile(r"'([^'/]+)'")  # a file name as the audio checks quote it
OUTPUTS = (".mp3", ".m4a")  # what the fixes' ffmpeg lines write, beside the recording
HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
PREFIX = re.compile(r"^(\d+)-")


@dataclass(frozen=True)
class Numbering:
    season: int
    episode: int
    prefix: int  # the file name's NNN-: one more than any file's, so no two names share one


def _header(path: Path) -> dict[str, str]:
    """An episode file's header lines (up to the first blank line), keys in lower case."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            break
        if match := HEADER_LINE.match(line):
            fields.setdefault(match.group(1).lower(), match.group(2).strip())
    return fields


def _whole(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def numbering(episodes: Path, season: int | None = None, episode: int | None = None) -> Numbering:
    """The next episode's season, number and file prefix.

    Season: the one asked for, else the latest (the highest 'Season:' written), else 1.
    Number: the one asked for (refused when that season has it), else one more than that
    season's highest, so season 2's first episode is 1 whatever season 1 reached.
    """
    if (season is not None and season < 1) or (episode is not None and episode < 1):
        raise SystemExit("--season and --episode are whole numbers from 1, e.g. --season 2 --episode 1")
    taken: dict[tuple[int, int], str] = {}
    seasons: list[int] = []
    prefixes: list[int] = []
    for path in sorted(episodes.glob("*.md")):
        fields = _header(path)
        if match := PREFIX.match(path.name):
            prefixes.append(int(match.group(1)))
        written = _whole(fields.get("season"))
        if written:
            seasons.append(written)
        if number := _whole(fields.get("episode")):
            taken.setdefault((written or 1, number), path.name)
    season = season or max(seasons, default=1)
    highest = max((n for s, n in taken if s == season), default=0)
    if episode is not None and (season, episode) in taken:
        raise SystemExit(f"Season {season} already has episode {episode}: {taken[(season, episode)]}. "
                         f"Fix: leave out --episode for the next free number ({highest + 1}), "
                         "or choose another")
    return Numbering(season, episode or highest + 1, max(prefixes, default=0) + 1)


def place_audio(folder: Path, audio: Path, name: str, *, home: Path | None = None) -> Path:
    """The audio where the build reads it: left in place inside `home` (content/, or the media
    folder itself when unset), else copied to `folder`/`name` (content/media/ or PODCAST_MEDIA_DIR)."""
    source = audio.resolve()
    if source.is_relative_to((home or folder).resolve()):
        return source
    target = folder / name
    if target.exists() and filecmp.cmp(source, target, shallow=False):
        return target.resolve()  # copied by an earlier try whose episode file was removed
    if target.exists():
        raise SystemExit(f"{target} already exists; rename the audio file or pass that one")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target.resolve()


def new_episode(content: Path, title: str, audio: Path, *, when: dt.datetime, season: int | None = None,
                episode: int | None = None, slug: str = "", tell: Callable[[str], Any] = print,
                settings: dict[str, Any] | None = None, guid: str = "") -> Path:
    """Write a draft episode; refuse to overwrite one, or to use unreadable audio.

    Audio from elsewhere is copied to content/media/ (or PODCAST_MEDIA_DIR, outside the
    repository) under the episode file's own name (004-kind-words.mp3): whatever the recording
    was called ('Kind words #4.mp3'), the copy's name needs no escaping in any address, and
    `tell` says where it went.
    """
    if not title.strip():
        raise SystemExit('Give the episode a title: invoke new-episode "My title" --audio file.mp3')
    if not audio.is_file():
        raise SystemExit(f"{audio} is not a file")
    try:
        info = probe_audio(audio)
    except MediaError as exc:
        raise SystemExit(f"{audio}: {exc.problem}. Fix: {runnable_fix(exc.fix, audio)}") from exc
    episodes = content / "episodes"
    slug = chosen_slug(title, slug, command="new-episode")
    refuse_taken_slug(content, slug, title, command="new-episode")
    guid = chosen_guid(content, guid, settings or {})
    numbers = numbering(episodes, season, episode)
    path = episodes / f"{numbers.prefix:03d}-{slug}.md"
    outside = media_dir(settings or {})
    folder = outside or content / "media"
    placed = place_audio(folder, audio, f"{path.stem}{audio.suffix.lower()}", home=outside or content)
    if placed != audio.resolve():
        tell(f"Copied {audio} to {placed}")
    episodes.mkdir(parents=True, exist_ok=True)
    path.write_text(EPISODE_TEMPLATE.format(
        title=title.strip(), date=date_field(when), number=numbers.episode,
        season=numbers.season, audio=_audio_line(content, folder, placed), length=info.length,
        duration=_hms(info.duration), chapters=_chapters_line(info.chapters), guid=guid,
        slug=slug), encoding="utf-8")
    return path


def chosen_guid(content: Path, guid: str, settings: dict[str, Any]) -> str:
    """`--guid`: an episode moved in keeps the id its old feed gave it (apps know it by that
    id; a new one makes every subscriber's app download it again), read as the build reads
    'Guid:' and refused when another episode has it; without it, a new random id."""
    if not guid:
        return str(uuid.uuid4())
    try:
        kept = read_guid(guid, ReadContext(settings, content, {}))
    except ValueError as exc:
        raise SystemExit(f"--guid {exc}. Fix: pass the episode's <guid> from the old feed, exactly as "
                         "it is written there") from exc
    for path in sorted((content / "episodes").glob("*.md")):
        if _header(path).get("guid") == kept:
            raise SystemExit(f"--guid {kept!r} is already the Guid of {path.name}. Fix: give each "
                             "episode the <guid> its own item has in the old feed")
    return kept


def runnable_fix(fix: str, audio: Path) -> str:
    """The fix with each file it names as a path, quoted for the shell: the build names a file
    beside the others in content/media/, but new-episode's recording may be anywhere
    ('/tmp/x/my ép.wav'), and the command must run from wherever the author is."""
    def full(match: re.Match[str]) -> str:
        name = match.group(1)
        ours = name == audio.name or (name.startswith(audio.stem) and Path(name).suffix in OUTPUTS)
        return shlex.quote(str(audio.with_name(name))) if ours else match.group(0)
    return QUOTED_NAME.sub(full, fix)


def _chapters_line(found: tuple[tuple[float, str], ...]) -> str:
    """The recording's own chapters as the episode's line ('' for none): the published copy
    carries only the chapters the episode lists."""
    return f"Chapters: {chapters_line(found)}\n" if found else ""


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
