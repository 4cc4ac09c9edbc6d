"""The episode metadata rules, as one table.

Each row names a metadata field, how to read it into a typed value, and how an
author fixes a bad value. model.py applies the table; nothing else decides what
an episode may say. A reader raises ValueError with the problem in words.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stepwise_core.limits import over
from stepwise_core.rule import Rule
from stepwise_core.rules import unknown_people

from .addresses import https_problem
from .chapters import Chapter, parse_chapters, parse_time
from .lastfeed import LastFeed
from .licenses import FIX as LICENSE_FIX
from .licenses import License, read_license
from .media import AUDIO_TYPES
from .transcripts import transcript_type
from .whereis import MEDIA, elsewhere, spelling_problem, unpublished

TRUE_WORDS = {"true": True, "yes": True, "false": False, "no": False}
EPISODE_TYPES = ("full", "trailer", "bonus")


@dataclass(frozen=True)
class ReadContext:
    """What readers need besides the value: settings, the content folder, the people."""

    settings: dict[str, Any]
    content_root: Path
    people: dict[str, Any]
    people_known: bool = True  # False when people.yaml failed as a whole (named once, there)
    work: dict[str, list[str]] | None = None  # what the build really did (media.note)
    last_feed: LastFeed = field(default_factory=LastFeed)  # the Guids apps already know (lastfeed.py)


@dataclass(frozen=True)
class LocalFile:
    path: Path  # absolute, inside content/
    site_path: str  # where the site serves it, e.g. media/001.mp3


@dataclass(frozen=True)
class Remote:
    url: str


Reader = Callable[[str, ReadContext], Any]


def read_guid(value: str, _ctx: ReadContext) -> str:
    text = value.strip()
    if not text or re.search(r"\s", text) or len(text) > 255:
        raise ValueError(f"{value!r} is not a usable id (no spaces, at most 255 characters)")
    return text


def read_positive_int(value: str, _ctx: ReadContext) -> int:
    text = value.strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{value!r} is not a whole number of 1 or more")
    return int(text)


def within(read: Reader, setting: str, opening: Callable[[int], str]) -> Reader:
    """`read`, then refuse a number above its limit (stepwise_core.limits: one table of limits)."""
    def bounded(value: str, ctx: ReadContext) -> int:
        number = read(value, ctx)
        problem = over(ctx.settings, setting, number, opening(number))
        if problem:
            raise ValueError(problem)
        return number
    return bounded



def read_episode_type(value: str, _ctx: ReadContext) -> str:
    text = value.strip().lower()
    if text not in EPISODE_TYPES:
        raise ValueError(f"{value!r} is not one of {', '.join(EPISODE_TYPES)}")
    return text


def read_duration(value: str, _ctx: ReadContext) -> int:
    text = value.strip()
    seconds = float(text) if text.isdigit() else parse_time(text)
    if seconds < 1:
        raise ValueError(f"{value!r} is shorter than one second")
    return round(seconds)


def read_bool(value: str, _ctx: ReadContext) -> bool:
    word = value.strip().lower()
    if word not in TRUE_WORDS:
        raise ValueError(f"{value!r} is not true or false")
    return TRUE_WORDS[word]


def read_audio_type(value: str, _ctx: ReadContext) -> str:
    text = value.strip()
    if text not in AUDIO_TYPES.values():
        raise ValueError(f"{value!r} is not one of {', '.join(sorted(set(AUDIO_TYPES.values())))}")
    return text


def read_people(value: str, ctx: ReadContext) -> tuple[Any, ...]:
    names = [n.strip() for n in str(value).split(",") if n.strip()]
    problem = unknown_people(names, ctx.people)
    if problem and ctx.people_known:
        raise ValueError(problem)
    return tuple(ctx.people[n] for n in names if n in ctx.people)


def read_https(value: str, _ctx: ReadContext) -> str:
    text = value.strip()
    if problem := https_problem(text):
        raise ValueError(f"{value!r} {problem}")
    return text


def read_alt(value: str, _ctx: ReadContext) -> str:
    text = " ".join(str(value).split())
    if not text or len(text) > 250:
        raise ValueError("must be 1 to 250 characters")
    return text


def local_file(value: str, ctx: ReadContext) -> LocalFile:
    """A file under content/ that the site copies as-is; refuse anything outside it."""
    text = value.strip().removeprefix("{static}").lstrip("/")
    target = (ctx.content_root / text).resolve()
    if not text or not target.is_relative_to(ctx.content_root):
        raise ValueError(f"{value!r} points outside content/")
    site_path = target.relative_to(ctx.content_root).as_posix()
    if not target.is_file():
        raise ValueError(f"{site_path!r} does not exist under content/")
    static = [str(p).strip("/") for p in ctx.settings.get("STATIC_PATHS", [])]
    if not any(site_path == s or site_path.startswith(f"{s}/") for s in static):
        folder = site_path.split("/")[0] if "/" in site_path else ""
        add = f": add {folder!r} to STATIC_PATHS" if folder else ""
        raise ValueError(f"{site_path!r} is not in a folder the site publishes "
                         f"(STATIC_PATHS: {', '.join(static) or 'none'}){add}")
    return LocalFile(target, site_path)


def read_media(value: str, ctx: ReadContext) -> LocalFile | Remote:
    text = value.strip()
    if text.startswith(("https://", "http://")):
        return Remote(read_https(text, ctx))
    return local_file(text, ctx)


def media_dir(settings: dict[str, Any]) -> Path | None:
    """PODCAST_MEDIA_DIR as an absolute folder, or None when audio lives under content/."""
    folder = str(settings.get("PODCAST_MEDIA_DIR") or "")
    return Path(folder).expanduser().resolve() if folder else None


def read_audio(value: str, ctx: ReadContext) -> LocalFile | Remote:
    """'media/<file>' in PODCAST_MEDIA_DIR when it is set, else under content/; or an https URL."""
    folder = media_dir(ctx.settings)
    text = value.strip()
    if text.startswith(("https://", "http://")):
        return read_media(text, ctx)
    if folder is None:
        return audio_in_content(text, ctx)
    name = text.removeprefix("{static}").lstrip("/").removeprefix("media/")
    target = (folder / name).resolve()
    if not name or not target.is_relative_to(folder):
        raise ValueError(f"{value!r} points outside the media folder ({folder})")
    if not target.is_file():
        raise ValueError(f"{name!r} is not in the media folder {folder} (PODCAST_MEDIA_DIR)")
    return LocalFile(target, f"media/{target.relative_to(folder).as_posix()}")


def audio_in_content(text: str, ctx: ReadContext) -> LocalFile:
    """The audio file under content/, named exactly; when the line does not lead to it, the
    message names the file the author sees (whereis.py) and the one line that finds it."""
    root = ctx.content_root
    try:
        found = local_file(text, ctx)
    except ValueError:
        relative = text.removeprefix("{static}").lstrip("/")
        target = (root / relative).resolve()
        if relative and target.is_relative_to(root):
            site_path = target.relative_to(root).as_posix()
            there = target.is_file()
            # A file in a folder the site does not publish moves to media/, when the site publishes
            # that (another site's settings may not: then the message names STATIC_PATHS).
            published = MEDIA in {str(p).strip("/") for p in ctx.settings.get("STATIC_PATHS", [])}
            problem = spelling_problem(root, site_path, "Audio") or (
                (unpublished(site_path, "Audio") if published else None) if there
                else elsewhere(root, site_path, "Audio"))
            if problem is not None:
                raise problem from None
        raise
    if problem := spelling_problem(root, found.site_path, "Audio"):  # a disk that ignores capitals
        raise problem
    return found


def read_transcripts(value: str, ctx: ReadContext) -> tuple[LocalFile | Remote, ...]:
    items = [read_media(part, ctx) for part in str(value).split(",") if part.strip()]
    for item in items:
        name = item.url if isinstance(item, Remote) else item.site_path
        if transcript_type(name) is None:
            raise ValueError(f"{name!r} is not a .vtt or .srt file")
    return tuple(items)


def read_licence(value: str, _ctx: ReadContext) -> License:
    return read_license(value)


def read_chapters(value: str, ctx: ReadContext) -> tuple[Chapter, ...]:
    chapters = tuple(parse_chapters(value))
    problem = over(ctx.settings, "STEPWISE_MAX_CHAPTERS", len(chapters), f"lists {len(chapters)} chapters")
    if problem:
        raise ValueError(problem)
    return chapters


@dataclass(frozen=True)
class EpisodeField(Rule[Reader]):
    """A row of FIELDS (stepwise_core.rule.Rule): `field` is the metadata key, lower case, as
    Pelican gives it; `check` reads its text into the episode's value, or raises ValueError."""

    @property
    def read(self) -> Reader:
        return self.check

    def __post_init__(self) -> None:  # written as authors write it unless given
        if not self.label:
            object.__setattr__(self, "label", label(self.field))


def label(field: str) -> str:
    """A metadata key as authors write it: 'episode-type' -> 'Episode-Type'."""
    return "-".join(part.capitalize() for part in field.split("-"))


def missing_guid_fix(known: str = "") -> str:
    """A published episode gets back the Guid apps know it by; only a new one gets a new id."""
    if known:
        return (f"add the line 'Guid: {known}' (the one your feed already has: a new one would make "
                "every subscriber's app download the episode again)")
    return (f"add the line 'Guid: {uuid.uuid4()}' (a new random id: paste it once and never "
            "change it, or every listener downloads the episode again)")


def changed_guid_fix(known: str) -> str:
    """Put the known Guid back; a change on purpose goes through a build without the old feed."""
    return (f"put back 'Guid: {known}' (a new one would make every subscriber's app download the "
            "episode again); to change it on purpose, run '.venv/bin/invoke clean' and build again")


FIELDS: tuple[EpisodeField, ...] = (
    EpisodeField("guid", read_guid, "paste a new id, e.g. from: python -c 'import uuid; print(uuid.uuid4())'",
                 required=True),
    EpisodeField("audio", read_audio,
                 "write 'Audio: media/<file>.mp3' (a file in content/media/) or an https:// address",
                 required=True),
    EpisodeField("episode", within(read_positive_int, "STEPWISE_MAX_EPISODE_NUMBER",
                                   lambda n: f"{n:,} is not a plausible episode number"),
                 "write the episode number, e.g. 'Episode: 12'"),
    EpisodeField("season", within(read_positive_int, "STEPWISE_MAX_SEASON",
                                  lambda n: f"{n:,} is not a plausible season number"),
                 "write the season number, e.g. 'Season: 1'"),
    EpisodeField("episode-type", read_episode_type, "write 'Episode-Type: full', 'trailer' or 'bonus'"),
    EpisodeField("audio-length", within(read_positive_int, "STEPWISE_MAX_AUDIO_BYTES",
                                        lambda n: f"{n:,} bytes is larger than a plausible episode file"),
                 "write the file's size in bytes, e.g. 'Audio-Length: 4812345'"),
    EpisodeField("duration", within(read_duration, "STEPWISE_MAX_DURATION_SECONDS",
                                    lambda n: f"{n:,} seconds is longer than a plausible episode"),
                 "write the length as 'Duration: 00:12:34' or a number of seconds"),
    EpisodeField("audio-type", read_audio_type, "write 'Audio-Type: audio/mpeg' (MP3) or 'audio/x-m4a'"),
    EpisodeField("guests", read_people, "use names from content/people.yaml, separated by commas, "
                                        "or add the person there"),
    EpisodeField("hosts", read_people, "use names from content/people.yaml, separated by commas"),
    EpisodeField("host", read_people, "use names from content/people.yaml, separated by commas"),
    EpisodeField("transcript", read_transcripts,
                 "write 'Transcript: transcripts/<file>.vtt' (several: separate them with commas)"),
    EpisodeField("chapters", read_chapters, "write 'Chapters: 00:00 Welcome; 03:15 Next topic' "
                                            "(a link after a title: '03:15 Title <https://...>') "
                                            "with times in order"),
    EpisodeField("explicit", read_bool, "write 'Explicit: false' or 'Explicit: true'"),
    EpisodeField("block", read_bool, "write 'Block: true' to hide the episode from podcast apps"),
    EpisodeField("episode-image", local_file, "point at a square JPEG or PNG under content/media/"),
    EpisodeField("episode-image-alt", read_alt, "describe the artwork in a sentence, e.g. "
                                                "'Episode-Image-Alt: Two chairs by a window'"),
    EpisodeField("license", read_licence, LICENSE_FIX),
    EpisodeField("funding", read_https, "write the https:// address of the support page"),
)
