"""What a build does with each episode's local audio besides reading its facts: the tagged
copy that is published (published.py, tags.py) and the sound report (sound.py).

Both are keyed by the audio's content (and the tagged facts), kept between builds, so a
rebuild with no audio change tags and measures nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from stepwise_core.buildstate import build_state
from stepwise_core.errors import ContentIssue
from stepwise_core.notes import note_unpublished
from stepwise_core.protocols import Article
from stepwise_core.work import do_each

from . import sound as sound_tools
from .bucket import MediaFile, MediaPlan
from .feed import one_line
from .media import Work, file_digest, note
from .model import Episode, EpisodeArticle
from .published import PublishedAudio, copy_key, remember_copy, store_dir, tagged_copy
from .settings import absolute, advertised_feed_url, plugin_settings
from .tags import ChapterMark, TagFacts

# In the build state's plugins (stepwise_core.buildstate): the sound report's rows, for
# `invoke check` to print, and what `invoke publish --media` uploads.
SOUND_REPORT_KEY = "podcast.sound_report"
MEDIA_PLAN_KEY = "podcast.media_plan"


def writes_drafts(settings: dict[str, Any]) -> bool:
    """A build that writes draft pages (invoke preview-drafts) publishes their audio beside them."""
    return bool(settings.get("DRAFT_SAVE_AS"))


def needs_copy(ep: Episode, settings: dict[str, Any]) -> bool:
    return bool(ep.audio_file) and (ep.public or writes_drafts(settings))


def tag_facts(article: Article, ep: Episode, settings: dict[str, Any], cache: dict[str, Any]) -> TagFacts:
    ps = plugin_settings(settings)
    content = Path(settings["PATH"]).resolve()
    art = content / (ep.image_path or ps["PODCAST_IMAGE"]) if (ep.image_path or ps["PODCAST_IMAGE"]) else None
    art = art if art is not None and art.is_file() else None
    starts = [c.start for c in ep.chapters]
    ends = [*starts[1:], ep.seconds or float(ep.duration)] if starts else []
    return TagFacts(
        title=" ".join(article.title.split()), show=ps["PODCAST_TITLE"] or settings["SITENAME"],
        author=ps["PODCAST_AUTHOR"] or settings.get("AUTHOR", ""),
        date=article.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        page_url=absolute(settings, article.url), feed_url=advertised_feed_url(settings), guid=ep.guid,
        description=one_line(getattr(article, "summary", "")), copyright=ps["PODCAST_COPYRIGHT"],
        number=ep.number, season=ep.season, artwork=str(art) if art else "",
        artwork_hash=file_digest(art, cache) if art else "",
        chapters=tuple(ChapterMark(c.start, end, c.title, c.url)
                       for c, end in zip(ep.chapters, ends, strict=True)),
    )


class CopyJob(NamedTuple):
    """One tagged copy to make: everything tagged_copy needs, worked out here."""
    article: EpisodeArticle
    source: Path
    key: str
    facts: TagFacts
    known: PublishedAudio | None


def with_published_copies(articles: list[EpisodeArticle], settings: dict[str, Any], cache: dict[str, Any],
                          work: Work | None) -> None:
    """Give each episode that needs one its tagged copy; the enclosure length becomes the copy's
    size. The copies are independent, so another plugin may make them in two processes."""
    store, jobs = store_dir(settings), []
    for article in articles:
        ep: Episode = article.episode
        if needs_copy(ep, settings):
            source = Path(ep.audio_file)
            facts = tag_facts(article, ep, settings, cache)
            key = copy_key(source, file_digest(source, cache, work), facts)
            jobs.append(CopyJob(article, source, key, facts, cache.get(f"published:{key}")))
    made = do_each(settings, lambda job: tagged_copy(job.source, job.key, job.facts, store, job.known), jobs)
    for job, (copy, fresh) in zip(jobs, made, strict=True):
        remember_copy(copy, fresh, job.source, job.key, cache=cache, work=work)
        job.article.episode = replace(job.article.episode, published=copy, length=copy.length)


def media_plan(articles: list[EpisodeArticle], settings: dict[str, Any]) -> MediaPlan:
    """The bucket's part of a publish: public episodes' tagged copies; the names of the rest."""
    store = store_dir(settings)
    episodes = sorted((a.episode for a in articles if isinstance(getattr(a, "episode", None), Episode)
                       and a.episode.audio_file), key=lambda ep: ep.source)
    public = tuple(MediaFile(ep.audio_key, store / ep.published.name, ep.published.length,
                             ep.published.sha256, ep.published.md5, ep.mime, ep.source, ep.audio_url)
                   for ep in episodes if ep.public and ep.published is not None)
    hidden = tuple((ep.audio_key, ep.source) for ep in episodes if not ep.public)
    return MediaPlan(public, hidden)


def sound_report(articles: list[EpisodeArticle], settings: dict[str, Any], cache: dict[str, Any],
                 work: Work | None) -> tuple[list[sound_tools.SoundRow], list[ContentIssue]]:
    """Every local episode's sound, measured once per file content; errors only when fatal."""
    ps = plugin_settings(settings)
    mode, targets = ps["PODCAST_SOUND_CHECK"], ps["PODCAST_LOUDNESS_TARGETS"]
    episodes = sorted((a for a in articles if isinstance(getattr(a, "episode", None), Episode)
                       and a.episode.audio_file), key=lambda a: a.episode.source)
    if mode == "off" or not episodes or (mode == "advice" and not ps["PODCAST_SOUND_REPORT"]):
        return [], []  # advice is read only where the report is printed (`invoke check`)
    missing = sound_tools.tools_missing()
    rows, issues = [], []
    for article in episodes:
        ep: Episode = article.episode
        row = _measured(ep, targets, cache, work, missing)
        rows.append(row)
        if mode == "fatal" and ep.public:
            issues += _fatal(ep, row, article.source_path)
        elif mode == "fatal":  # a draft's or scheduled episode's sound waits for its day, as a note
            left = _fatal(ep, row, article.source_path)
            note_unpublished(ep.source, article, [f"Audio: {issue.problem}" for issue in left])
    return rows, issues


def _measured(ep: Episode, targets: dict[str, float], cache: dict[str, Any], work: Work | None,
              missing: str) -> sound_tools.SoundRow:
    audio = f"media/{ep.audio_key}"
    if missing:
        return sound_tools.SoundRow(ep.source, audio, None, problem=f"{missing}; {sound_tools.INSTALL}")
    source = Path(ep.audio_file)
    key = f"sound:{sound_tools.SOUND_VERSION}:{file_digest(source, cache, work)}"
    if key not in cache:
        note(work, "measured", source)
        try:
            cache[key] = sound_tools.measure(source)
        except ValueError as exc:
            cache[key] = str(exc)
    found = cache[key]
    if isinstance(found, str):
        return sound_tools.SoundRow(ep.source, audio, None, problem=found)
    return sound_tools.SoundRow(ep.source, audio, found, tuple(sound_tools.advice(found, targets)))


def _fatal(ep: Episode, row: sound_tools.SoundRow, source_path: str) -> list[ContentIssue]:
    if row.sound is None:
        return [ContentIssue(ep.source, "Audio", f"{row.audio!r} has no sound report: {row.problem}",
                             "PODCAST_SOUND_CHECK is 'fatal': " + sound_tools.INSTALL).located(source_path)]
    return [ContentIssue(ep.source, "Audio", f"{row.audio!r} {problem}", fix).located(source_path)
            for problem, fix in row.advice]


def sound_report_text(settings: dict[str, Any]) -> str:
    """The report a build left in its settings, as `invoke check` prints it."""
    ps = plugin_settings(settings)
    rows = build_state(settings).plugins.get(SOUND_REPORT_KEY) or []
    return sound_tools.format_report(rows, ps["PODCAST_LOUDNESS_TARGETS"])


def check_media(settings: dict[str, Any], *, upload: bool) -> str:
    """Before the site goes out: with audio on PODCAST_MEDIA_URL, upload it (`upload`) and make
    sure every enclosure is in the bucket. The reason not to publish, or ""."""
    ps = plugin_settings(settings)
    if not ps["PODCAST_MEDIA_URL"]:
        return ("--media uploads to the bucket at PODCAST_MEDIA_URL, which is not set; without it "
                "the audio is published with the site") if upload else ""
    from .bucket import publish_media

    plan = build_state(settings).plugins.get(MEDIA_PLAN_KEY) or MediaPlan()
    return publish_media(plan, ps["PODCAST_MEDIA_CACHE_CONTROL"], ps["PODCAST_MEDIA_URL"], upload=upload)
