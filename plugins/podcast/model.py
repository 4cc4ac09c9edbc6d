"""The Episode: an article's podcast metadata, read and checked once.

Templates and the feed read `article.episode`, never raw metadata strings, so
a value is parsed in one place and every problem is found in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

from stepwise_core.errors import WARNING, ContentIssue
from stepwise_core.protocols import Article, Content

from .chapters import Chapter, chapters_line
from .media import (
    AUDIO_TYPES,
    AudioInfo,
    MediaError,
    artwork_problems,
    human_size,
    probe_audio,
    spoken_duration,
)
from .rules import (
    FIELDS,
    EpisodeField,
    LocalFile,
    ReadContext,
    Remote,
    changed_guid_fix,
    label,
    missing_guid_fix,
)
from .settings import absolute, listed, media_address, media_key, plugin_settings, url_path
from .timing import clock, clocks
from .transcripts import READ_AHEAD_KEY, Cue, TranscriptError, cues_of, transcript_type
from .whereis import Misplaced

NUMBERED_TITLE = re.compile(r"^\s*(episode|ep\.?|#)\s*\d+", re.IGNORECASE)


@dataclass(frozen=True)
class AudioSource:
    url: str  # absolute, for the enclosure
    path: str  # site path of a local file the site serves, "" when remote or on PODCAST_MEDIA_URL
    info: AudioInfo
    file: str = ""  # absolute path of a local file
    key: str = ""  # its name in the media folder and the bucket ('x.mp3')


@dataclass(frozen=True)
class Guest:
    person: Any  # stepwise_core.people.Person
    url: str  # site path of the guest page, e.g. guests/dana-reyes/

    @property
    def name(self) -> str:
        return self.person.name


@dataclass(frozen=True)
class Transcript:
    url: str  # absolute, for the feed
    href: str  # site path as a URL path (percent-encoded), or the remote URL, for the page
    mime: str
    remote: bool


@dataclass(frozen=True)
class Episode:
    """Everything the page and the feed need about one episode."""

    guid: str
    audio_url: str  # absolute, for the enclosure
    audio_path: str  # site path (media/x.mp3) when the site serves it, "" when remote or on PODCAST_MEDIA_URL
    length: int
    duration: int
    mime: str
    number: int | None = None
    season: int | None = None
    episode_type: str = "full"
    explicit: bool = False
    block: bool = False
    hosts: tuple[Any, ...] = ()
    guests: tuple[Guest, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    transcripts: tuple[Transcript, ...] = ()
    cues: tuple[Cue, ...] = ()
    image_url: str = ""  # absolute, for the feed; "" when the episode has no artwork of its own
    image_path: str = ""  # site path of the same file, for the page
    image_alt: str = ""
    license: str = ""  # an SPDX identifier, or the short name of a licence of the show's own
    license_url: str = ""  # the full text of a licence of the show's own ("" for SPDX ones)
    funding_url: str = ""
    chapters_path: str = ""  # site path of the chapters JSON, when there are chapters
    public: bool = True  # published and not scheduled for later: in the feed and listings
    audio_file: str = field(default="", compare=False)  # the author's local file, "" when remote
    audio_key: str = ""  # the local file's name in the media folder and bucket ('x.mp3')
    published: Any = field(default=None, compare=False)  # published.PublishedAudio: the tagged copy
    seconds: float = field(default=0.0, compare=False)  # exact length, 0 when stated (remote)
    source: str = field(default="", compare=False)

    def audio_href(self, siteurl: str = "") -> str:
        """Where a page links the audio: root-relative (or SITEURL) for local files."""
        return f"{siteurl}/{url_path(self.audio_path)}" if self.audio_path else self.audio_url

    def image_href(self, siteurl: str = "") -> str:
        """Where a page shows the episode's own artwork ("" when it has none)."""
        return f"{siteurl}/{url_path(self.image_path)}" if self.image_path else ""

    @property
    def is_trailer(self) -> bool:
        return self.episode_type == "trailer"

    @property
    def clock(self) -> str:
        return clock(self.duration)

    @property
    def spoken_duration(self) -> str:
        return spoken_duration(self.duration)

    @property
    def size(self) -> str:
        return human_size(self.length)

    @property
    def format(self) -> str:
        return {"audio/mpeg": "MP3", "audio/x-m4a": "M4A"}.get(self.mime, self.mime)

    @property
    def iso_duration(self) -> str:
        return f"PT{self.duration}S"


class EpisodeArticle(Article, Protocol):
    """An episode's article: `episode` set by attach_episodes; the address and authors set
    (never read) by episodes.place, except a draft's address and an author of its own."""

    override_url: str
    override_save_as: str
    author: Any  # pelican.urlwrappers.Author
    authors: list[Any]
    episode: Episode


class EpisodeBuilder:
    """Reads one article's metadata through the rules table, collecting every issue."""

    def __init__(self, article: Content, ctx: ReadContext, shown: str, cache: dict[str, Any]) -> None:
        self.article = article
        self.ctx = ctx
        self.shown = shown
        self.cache = cache
        self.issues: list[ContentIssue] = []
        self.values: dict[str, Any] = {}

    def issue(self, field_name: str, problem: str, fix: str, severity: str = "error") -> None:
        self.issues.append(ContentIssue(self.shown, field_name, problem, fix, severity=severity)
                           .located(self.article.source_path))

    def read_fields(self) -> None:
        metadata = self.article.metadata
        for rule in FIELDS:
            raw = metadata.get(rule.field)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if rule.required:
                    self.issue(rule.label, "is missing", self._missing_fix(rule))
                continue
            try:
                self.values[rule.field] = rule.read(_text(raw), self.ctx)
            except ValueError as exc:
                self.issue(rule.label, str(exc), exc.fix if isinstance(exc, Misplaced) else rule.fix)

    def _known_guid(self) -> str:
        """The Guid the last good feed gave this episode (by its page, else its audio), or ""."""
        page = absolute(self.ctx.settings, self.article.url)
        return self.ctx.last_feed.guid_of(page, _text(self.article.metadata.get("audio", "")))

    def _missing_fix(self, rule: EpisodeField) -> str:
        return missing_guid_fix(self._known_guid()) if rule.field == "guid" else rule.fix

    def _check_guid_kept(self) -> None:
        """A published episode's Guid changed. An error, not a warning: a warned build would
        publish the new Guid, and the next build, comparing with that, would find nothing."""
        guid, known = self.values.get("guid"), self._known_guid()
        if guid is not None and known and guid != known:
            self.issue("Guid", f"{guid!r} is not the Guid your feed already gives this episode "
                       f"({known!r})", changed_guid_fix(known))

    def build(self) -> Episode | None:
        self.read_fields()
        audio = self._audio()
        # The exact length for checks (a rounded one would refuse a chapter at 1:01.2 of 61.3 s);
        # a remote file's is stated in whole seconds, so it gets the second it may have lost.
        seconds = (audio.info.seconds or audio.info.duration + 1) if audio is not None else 0.0
        transcripts, cues = self._transcripts(seconds)
        image = self._image()
        if seconds:
            self._check_chapters(seconds)
        self._check_numbering()
        ready = audio is not None and not any(i.is_error for i in self.issues)
        episode = self._episode(audio, transcripts, cues, image) if audio is not None and ready else None
        self._check_guid_kept()  # after: the episode still takes part in the checks across episodes
        return episode

    def _check_numbering(self) -> None:
        """Apple: numbers go in Episode/Season, not the title; a serial show numbers every episode."""
        title = str(self.article.metadata.get("title", ""))
        if NUMBERED_TITLE.match(title):
            self.issue("Title", f"{title!r} starts with an episode number", "remove the number from the "
                       "title; 'Episode:' and 'Season:' carry it", severity=WARNING)
        serial = plugin_settings(self.ctx.settings)["PODCAST_TYPE"] == "serial"
        kind = self.values.get("episode-type", "full")
        if serial and kind != "trailer" and "episode" not in self.article.metadata:
            self.issue("Episode", "is missing; a serial show (PODCAST_TYPE) numbers every episode",
                       "add 'Episode: <number>'")

    def _check_chapters(self, seconds: float) -> None:
        chapters = self.values.get("chapters", ())
        if chapters and chapters[-1].start >= seconds:
            starts, ends = clocks(chapters[-1].start, seconds)
            self.issue("Chapters", f"the last chapter starts at {starts}, after the audio ends ({ends})",
                       "fix the chapter times")

    def _episode(self, audio: AudioSource, transcripts: tuple[Transcript, ...],
                 cues: tuple[Cue, ...], image: LocalFile | None) -> Episode:
        v, settings = self.values, plugin_settings(self.ctx.settings)
        info = audio.info
        guest_url = settings["PODCAST_GUEST_URL"]
        hosts = v.get("hosts") or v.get("host") or tuple(
            self.ctx.people[n] for n in listed(settings["PODCAST_HOSTS"]) if n in self.ctx.people)
        return Episode(
            guid=v["guid"], audio_url=audio.url, audio_path=audio.path, length=info.length,
            audio_file=audio.file, audio_key=audio.key, seconds=info.seconds,
            duration=info.duration, mime=info.mime,
            number=v.get("episode"), season=v.get("season"), episode_type=v.get("episode-type", "full"),
            explicit=v.get("explicit", bool(settings["PODCAST_EXPLICIT"])), block=v.get("block", False),
            hosts=hosts,
            guests=tuple(Guest(p, guest_url.format(slug=p.slug)) for p in v.get("guests", ())),
            chapters=v.get("chapters", ()), transcripts=transcripts, cues=cues,
            image_url=absolute(self.ctx.settings, image.site_path) if image else "",
            image_path=image.site_path if image else "", image_alt=v.get("episode-image-alt", ""),
            license=v["license"].name if "license" in v else "",
            license_url=v["license"].url if "license" in v else "", funding_url=v.get("funding", ""),
            source=self.shown,
        )

    def _audio(self) -> AudioSource | None:
        audio = self.values.get("audio")
        if isinstance(audio, Remote):
            return self._remote_audio(audio)
        if isinstance(audio, LocalFile):
            return self._local_audio(audio)
        return None

    def _remote_audio(self, audio: Remote) -> AudioSource | None:
        v = self.values
        for name, what in (("audio-length", "the file's size in bytes"), ("duration", "its length")):
            if name not in v and name not in self.article.metadata:
                self.issue(label(name), "is missing; a remote audio file must state " + what,
                           f"add '{label(name)}:' (apps need it; the build cannot read a remote file)")
        suffix = PurePosixPath(urlsplit(audio.url).path).suffix.lower()
        if suffix not in AUDIO_TYPES:
            self.issue("Audio", f"{audio.url} does not end in .mp3 or .m4a", "use the file's own address; "
                       "Apple lists an episode by the extension of its audio URL", severity=WARNING)
        mime = v.get("audio-type") or AUDIO_TYPES.get(suffix)
        if mime is None and "audio-type" not in self.article.metadata:
            self.issue("Audio-Type", "is missing and the address does not end in .mp3 or .m4a",
                       "add 'Audio-Type: audio/mpeg' or 'Audio-Type: audio/x-m4a'")
        if "audio-length" not in v or "duration" not in v or mime is None:
            return None
        return AudioSource(audio.url, "", AudioInfo(v["audio-length"], v["duration"], mime))

    def _local_audio(self, audio: LocalFile) -> AudioSource | None:
        try:
            info = probe_audio(audio.path, self.cache, self.ctx.work)
        except MediaError as exc:
            self.issue("Audio", f"{audio.site_path!r} {exc.problem}", exc.fix)
            return None
        for problem, fix in info.notes:
            self.issue("Audio", f"{audio.site_path!r} {problem}", fix, severity=WARNING)
        if info.chapters and "chapters" not in self.article.metadata:
            self.issue("Chapters", f"is missing, but {audio.site_path!r} has {len(info.chapters)} chapters "
                       "of its own, which the published file leaves out: apps show only the chapters the "
                       "episode lists",
                       f"add this line to the episode: 'Chapters: {chapters_line(info.chapters)}'",
                       severity=WARNING)
        stated = self.values.get("audio-length")
        if stated is not None and stated != info.length:
            self.issue("Audio-Length", f"says {stated} bytes but the file has {info.length}",
                       f"write 'Audio-Length: {info.length}' or remove the line (the build reads the file)",
                       severity=WARNING)
        stated = self.values.get("duration")
        if stated is not None and abs(stated - info.duration) > 2:
            self.issue("Duration", f"says {clock(stated)} but the file lasts {clock(info.duration)}",
                       f"write 'Duration: {clock(info.duration)}' or remove the line", severity=WARNING)
        url, page_path = media_address(self.ctx.settings, audio.site_path)
        return AudioSource(url, page_path, info, str(audio.path), media_key(audio.site_path))

    def _transcripts(self, seconds: float) -> tuple[tuple[Transcript, ...], tuple[Cue, ...]]:
        if "transcript" not in self.article.metadata:
            self.issue("Transcript", "is missing: listeners who cannot hear the episode have no way in",
                       "add 'Transcript: transcripts/<file>.vtt' (WebVTT, with <v Name> speaker tags)",
                       severity=WARNING)
        items: list[Transcript] = []
        cues: tuple[Cue, ...] = ()
        for item in self.values.get("transcript", ()):
            if isinstance(item, Remote):
                items.append(Transcript(item.url, item.url, transcript_type(item.url) or "", True))
                continue
            try:
                found = cues_of(item.path, self.article.metadata.get(READ_AHEAD_KEY, {}))
            except TranscriptError as exc:
                self.issue("Transcript", f"{item.site_path!r} {exc}", exc.fix)
                continue
            if self._starts_after_the_end(item, found, seconds):
                continue
            cues = cues or found  # the first readable file is shown on the page
            items.append(Transcript(absolute(self.ctx.settings, item.site_path), url_path(item.site_path),
                                    transcript_type(item.site_path) or "", False))
        return tuple(items), cues

    def _starts_after_the_end(self, item: LocalFile, cues: tuple[Cue, ...], seconds: float) -> bool:
        """A cue after the audio ends: most often the transcript of another episode."""
        late = next((cue for cue in cues if seconds and cue.start >= seconds), None)
        if late is not None:
            starts, ends = clocks(late.start, seconds)
            self.issue("Transcript", f"{item.site_path!r} has a cue at {starts}, after the audio ends "
                       f"({ends}), so it looks like the transcript of another episode",
                       "point 'Transcript:' at this episode's transcript, or correct the cue times")
        return late is not None

    def _image(self) -> LocalFile | None:
        image = self.values.get("episode-image")
        if not isinstance(image, LocalFile):
            return None
        limits = plugin_settings(self.ctx.settings)
        for problem, fix in artwork_problems(image.path, limits, self.cache):
            self.issue("Episode-Image", f"{image.site_path!r} {problem}", fix)
        if "episode-image-alt" not in self.values and "episode-image-alt" not in self.article.metadata:
            self.issue("Episode-Image-Alt", "is missing: the episode page shows the artwork, and readers "
                       "who cannot see it need its words", "add 'Episode-Image-Alt: ' and a short "
                       "description of the picture")
        return image


def _text(raw: Any) -> str:
    """Pelican gives a list when a field is repeated; join it back."""
    return ", ".join(map(str, raw)) if isinstance(raw, list) else str(raw)


def build_episode(article: Content, ctx: ReadContext, shown: str,
                  cache: dict[str, Any]) -> tuple[Episode | None, list[ContentIssue]]:
    builder = EpisodeBuilder(article, ctx, shown, cache)
    episode = builder.build()
    return episode, builder.issues

