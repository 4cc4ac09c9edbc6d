"""podcast: episodes as Pelican articles, a feed every podcast app accepts, and
episode, index and guest pages.

Receivers are module-level (blinker holds them weakly); per-build state lives
in the build context, never in this module.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from pelican import signals

from stepwise_core.buildstate import build_state
from stepwise_core.errors import report
from stepwise_core.outputs import FOLDER, Claim, claim_outputs, folder_of, normal
from stepwise_core.people import share_people
from stepwise_core.protocols import ArticlesGenerator, Generator, Pelican, Reader, StaticGenerator
from stepwise_core.signals import file_read
from stepwise_core.sources import shown_path
from stepwise_core.templates import add_plugin_templates

from .channel import output_path_problem
from .episodes import (
    AUDIO_FILES_KEY,
    CACHE_KEY,
    PUBLISHED_KEY,
    WORK_KEY,
    attach,
    episode_articles,
    guest_listings,
    place,
    public_episodes,
)
from .generator import PodcastGenerator
from .model import Episode, EpisodeArticle
from .published import prune, store_dir
from .release import MEDIA_PLAN_KEY, SOUND_REPORT_KEY, media_plan, sound_report
from .settings import advertised_feed_url, media_origin, plugin_settings, url_path
from .subscribe import subscribe_box
from .transcripts import READ_AHEAD_KEY, read_ahead

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"


def place_episodes(generator: ArticlesGenerator[EpisodeArticle]) -> None:
    """Before taxonomies are built: episode template, category and URL."""
    for article in episode_articles(generator):
        place(article, generator.settings)


def read_transcripts_ahead(reader: Reader, content: str, metadata: dict[str, Any], source: str) -> None:
    """stepwise's file_read: parse an episode's transcripts where its Markdown is read (a
    worker, in parallel), not in the one busy process between reading and rendering."""
    if "transcript" in metadata:
        metadata[READ_AHEAD_KEY] = read_ahead(metadata["transcript"],
                                              Path(reader.settings["PATH"]).resolve())


PEOPLE_FIELDS = ("guests", "hosts", "host")  # the episode fields that name entries of people.yaml


def _names_people(article: EpisodeArticle) -> bool:
    return any(field in article.metadata for field in PEOPLE_FIELDS)


def attach_episodes(generator: ArticlesGenerator[EpisodeArticle]) -> None:
    """Read every episode's metadata once into article.episode; report every problem."""
    # Idempotent: guests and hosts are checked against people.yaml. A site whose episodes
    # name nobody needs no such file; one that names people hears once that it is missing
    # (not once per name that it is unknown).
    articles = episode_articles(generator)
    share_people(generator, required=any(_names_people(article) for article in articles))
    context = generator.context
    for issue in attach(articles, context, generator.settings):
        report(context, issue)
    rows, issues = sound_report(articles, generator.settings, context[CACHE_KEY], context[WORK_KEY])
    state = build_state(generator.settings).plugins
    state[SOUND_REPORT_KEY] = rows  # `invoke check` prints them (tasks.py)
    state[MEDIA_PLAN_KEY] = media_plan(articles, generator.settings)  # publish --media
    for issue in issues:
        report(context, issue)
    built = [a for a in articles if isinstance(getattr(a, "episode", None), Episode)]
    context[AUDIO_FILES_KEY] = {Path(a.episode.audio_file) for a in built if a.episode.audio_file}
    context[PUBLISHED_KEY] = [a for a in built if a.episode.published is not None]
    public = public_episodes(articles)
    context["podcast_episodes"] = public
    context["podcast_latest"] = public[0] if public else None
    context["podcast_guests"] = guest_listings(public)
    context["podcast_feed_url"] = advertised_feed_url(generator.settings)
    context["podcast_subscribe"] = subscribe_box(generator.settings)
    log.debug("podcast: %d episode(s), %d in the feed", len(articles), len(public))


def keep_audio_out_of_static(generator: StaticGenerator) -> None:
    """static_generator_finalized: episode audio is never copied as it is. A public episode's
    tagged copy is written by the podcast generator (or lives on PODCAST_MEDIA_URL); a draft's
    or a scheduled episode's audio is not published at all."""
    audio = generator.context.get(AUDIO_FILES_KEY) or set()
    if audio:
        generator.staticfiles[:] = [s for s in generator.staticfiles
                                    if Path(generator.path, s.relative_source_path).resolve() not in audio]


def write_work(generators: list[Generator]) -> None:
    """all_generators_finalized: what this build did to audio files, kept beside the published
    copies, so tests and the benchmark can see that an unchanged file was not hashed, probed,
    tagged or measured again; copies no episode uses any more are removed."""
    context = generators[0].context if generators else {}
    if WORK_KEY not in context:
        return
    folder = store_dir(generators[0].settings)
    folder.mkdir(parents=True, exist_ok=True)
    prune(folder, {a.episode.published.name for a in context.get(PUBLISHED_KEY, [])})
    (folder / "work.json").write_text(json.dumps(context[WORK_KEY], indent=1, sort_keys=True),
                                      encoding="utf-8")


def add_generator(_pelican: Any) -> type:
    return PodcastGenerator


def add_templates(generator: Generator) -> None:
    """generator_init: the plugin's own templates (episode, episodes, guest pages and their
    partials), below the theme's, so a theme overrides any of them by name."""
    add_plugin_templates(generator, TEMPLATES, "podcast")


def expose_settings(pelican: Pelican) -> None:
    """Fill PODCAST_* defaults into the settings, so templates see every key, and give
    templates `url_path` (a site path as a URL: the show's artwork by its file name); audio on
    PODCAST_MEDIA_URL puts that host, alone, in the CSP's media-src."""
    for key, value in plugin_settings(pelican.settings).items():
        pelican.settings.setdefault(key, value)
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), "url_path": url_path}
    origin = media_origin(pelican.settings)
    if origin and pelican.settings.get("CONTENT_SECURITY_POLICY"):
        pelican.settings["CONTENT_SECURITY_POLICY"] = with_media_src(
            pelican.settings["CONTENT_SECURITY_POLICY"], origin)


def with_media_src(policy: str, origin: str) -> str:
    """The policy with its media-src directive naming `origin` alone (added if missing)."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    kept = [d for d in directives if d.split()[0].lower() != "media-src"]
    return "; ".join([*kept, f"media-src {origin}"])


def claim_files(generators: list[Generator]) -> list[Claim]:
    """stepwise's claim_outputs: the feed, /episodes/, guest pages, chapter files and the
    tagged copies of the audio (written here, not copied as static files)."""
    settings = generators[0].settings
    options = plugin_settings(settings)
    feed = options["PODCAST_FEED_PATH"]
    # A feed path the settings check refuses (a leading '/') is named there, once.
    claims = [Claim(feed, "the podcast feed")] if not output_path_problem(feed) else []
    claims.append(Claim(f"{options['PODCAST_EPISODES_URL']}index.html", "the episodes page"))
    guests = folder_of(options["PODCAST_GUEST_URL"])
    claims += [Claim(guests, "the guest pages", FOLDER)] if guests else []
    for listing in generators[0].context.get("podcast_guests", []):
        claims.append(Claim(f"{listing.url}index.html", f"the guest page of {listing.person.name!r}"))
    for article in generators[0].context.get("podcast_episodes", []):
        if article.episode.chapters_path:
            claims.append(Claim(article.episode.chapters_path, f"the chapters of {article.title!r}"))
    for article in generators[0].context.get(PUBLISHED_KEY, []):
        ep = article.episode
        if ep.audio_path:  # named as the author's file, which the address comes from
            owner = shown_path(ep.audio_file, settings)
            claims.append(Claim(normal(ep.audio_path), owner, source=ep.audio_file))
    return claims


def register() -> None:
    signals.initialized.connect(expose_settings)
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_templates)
    signals.static_generator_finalized.connect(keep_audio_out_of_static)
    signals.all_generators_finalized.connect(write_work)
    signals.article_generator_pretaxonomy.connect(place_episodes)
    signals.article_generator_finalized.connect(attach_episodes)
    file_read.connect(read_transcripts_ahead)
    claim_outputs.connect(claim_files)
