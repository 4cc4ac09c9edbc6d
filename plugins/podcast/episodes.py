"""Turning episode articles into Episodes, and the checks that span episodes.

Duplicate GUIDs and duplicate episode numbers can only be seen with every
episode in hand, so they are checked here, over drafts too: a draft that
reuses a published GUID would clash the day it is published.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pelican.urlwrappers import Author, Category

from stepwise_core.errors import ContentIssue
from stepwise_core.notes import note_unpublished
from stepwise_core.people import PEOPLE_UNREADABLE
from stepwise_core.protocols import Article, ArticlesGenerator, Content
from stepwise_core.rules import kind_of
from stepwise_core.sources import shown_path

from .lastfeed import last_feed
from .model import Episode, EpisodeArticle, build_episode
from .release import with_published_copies
from .rules import ReadContext
from .settings import absolute, listed, plugin_settings

CACHE_KEY = "podcast_media_cache"
AUDIO_FILES_KEY = "podcast_audio_files"  # every local episode audio file: never copied as it is
PUBLISHED_KEY = "podcast_published"  # episode articles with a tagged copy to publish
WORK_KEY = "podcast_work"  # what this build did to audio files (media.note), for tests and bench/


def episode_articles(generator: ArticlesGenerator[EpisodeArticle]) -> list[EpisodeArticle]:
    """Every episode the articles generator read: published, hidden and drafts."""
    lists = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
             "drafts_translations")
    items = [a for name in lists for a in getattr(generator, name, None) or []]
    return [a for a in items if kind_of(a.relative_source_path) == "episode"]


def place(article: EpisodeArticle, settings: dict[str, Any]) -> None:
    """Episode template, category, URL and (when none is given) the hosts as authors."""
    ps = plugin_settings(settings)
    article.template = "episode"
    article.category = Category(ps["PODCAST_CATEGORY_NAME"], settings)
    if article.status != "draft":  # drafts stay under DRAFT_URL until published
        article.override_url = ps["PODCAST_EPISODE_URL"].format(slug=article.slug)
        article.override_save_as = article.override_url + "index.html"
    hosts = listed(ps["PODCAST_HOSTS"])
    if "author" not in article.metadata and "authors" not in article.metadata and hosts:
        article.authors = [Author(name, settings) for name in hosts]
        article.author = article.authors[0]


def is_public(article: Article, now: dt.datetime) -> bool:
    """In the feed and listings: published, and its date has come."""
    return article.status == "published" and article.date <= now


@dataclass(frozen=True)
class GuestListing:
    person: Any
    url: str
    episodes: tuple[EpisodeArticle, ...]  # newest first


def attach(articles: list[EpisodeArticle], context: dict[str, Any], settings: dict[str, Any]
           ) -> list[ContentIssue]:
    """Build article.episode for each article; return every issue found."""
    people = context.get("people") or {}
    work = context.setdefault(WORK_KEY, {})
    ctx = ReadContext(settings, Path(settings["PATH"]).resolve(), people,
                      people_known=not context.get(PEOPLE_UNREADABLE), work=work,
                      last_feed=last_feed(settings, [absolute(settings, a.url) for a in articles]))
    cache = context.setdefault(CACHE_KEY, {})
    now = dt.datetime.now(dt.UTC)
    ps = plugin_settings(settings)
    issues: list[ContentIssue] = []
    built: list[EpisodeArticle] = []
    for article in articles:
        shown = shown_path(article.source_path, settings)
        episode, found = build_episode(article, ctx, shown, cache)
        public = is_public(article, now)
        if not public:  # a draft's or scheduled episode's warnings wait for its day (stepwise_core.notes)
            note_unpublished(shown, article, [f"{i.field}: {i.problem}" for i in found if not i.is_error])
            found = [i for i in found if i.is_error]
        issues.extend(found)
        if episode is None:
            continue
        chapters = ps["PODCAST_EPISODE_URL"].format(slug=article.slug) + "chapters.json"
        article.episode = replace(episode, public=public,
                                  chapters_path=chapters if episode.chapters and public else "")
        built.append(article)
    with_published_copies(built, settings, cache, work)
    return issues + duplicates(built, settings)


def duplicates(articles: list[EpisodeArticle], settings: dict[str, Any]) -> list[ContentIssue]:
    """Two episodes with one GUID, one number twice in a season, or one audio file: name both."""
    by_guid: dict[str, list[EpisodeArticle]] = defaultdict(list)
    by_number: dict[tuple[int | None, int], list[EpisodeArticle]] = defaultdict(list)
    by_audio: dict[str, list[EpisodeArticle]] = defaultdict(list)
    for article in articles:
        ep: Episode = article.episode
        by_guid[ep.guid].append(article)
        if ep.number is not None:
            by_number[(ep.season, ep.number)].append(article)
        if ep.public:  # apps ignore an enclosure URL they have seen before
            by_audio[ep.audio_url].append(article)
    issues = []
    for url, group in sorted(by_audio.items()):
        issues += _clash(group, settings, "Audio", f"{url} is also the audio of",
                         "give each episode its own audio file (apps skip a file they have seen)")
    for guid, group in sorted(by_guid.items()):
        issues += _clash(group, settings, "Guid", f"{guid!r} is also the Guid of",
                         "give each episode its own Guid; keep the one the published episode had")
    for (season, number), group in sorted(by_number.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
        where = f"season {season}" if season else "the show"
        issues += _clash(group, settings, "Episode", f"number {number} in {where} is also used by",
                         "give each episode in a season its own number")
    return issues


def _clash(group: Sequence[Content], settings: dict[str, Any], field: str, problem: str, fix: str
           ) -> list[ContentIssue]:
    if len(group) < 2:
        return []
    paths = sorted(shown_path(a.source_path, settings) for a in group)
    sources = {shown_path(a.source_path, settings): a.source_path for a in group}
    return [ContentIssue(path, field, f"{problem} {', '.join(p for p in paths if p != path)}", fix)
            .located(sources[path]) for path in paths]


def public_episodes(articles: list[EpisodeArticle]) -> list[EpisodeArticle]:
    """Published, dated, valid episodes, newest first: the feed and the listings."""
    ready = [a for a in articles if isinstance(getattr(a, "episode", None), Episode) and a.episode.public]
    return sorted(ready, key=lambda a: (a.date, a.episode.guid), reverse=True)


def guest_listings(articles: list[EpisodeArticle]) -> list[GuestListing]:
    """Each guest of a public episode, with their episodes, by name."""
    by_name: dict[str, list[EpisodeArticle]] = defaultdict(list)
    guests: dict[str, Any] = {}
    for article in articles:
        for guest in article.episode.guests:
            by_name[guest.name].append(article)
            guests[guest.name] = guest
    return [GuestListing(guests[n].person, guests[n].url, tuple(by_name[n])) for n in sorted(by_name)]
