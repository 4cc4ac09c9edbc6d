"""JSON-LD (schema.org) for articles, episodes, people and the podcast series.

Built as dicts and serialised with json.dumps, then made safe for a
`<script type="application/ld+json">` element: json.dumps leaves `<`, `>` and `&`
alone, so an author's `</script>` would end the element; they become \\u escapes,
which JSON parsers read back as the same characters.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from stepwise_core.protocols import Article
from stepwise_core.settings import public_url

SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: dict[str, Any]) -> Markup:
    """`data` as JSON that cannot break out of a script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def _text(value: Any) -> str:
    """Metadata is plain text (templates escape it), so keep it as written, spaces tidied."""
    return " ".join(str(value or "").split())


def _absolute(settings: dict[str, Any], url: str) -> str:
    """An absolute URL for a site path (percent-encoded: artwork may be 'media/Our show.jpg');
    absolute URLs pass through."""
    if "://" in url:
        return url
    return f"{public_url(settings)}/{quote(url.lstrip('/'), safe='/')}"


def _iso_duration(seconds: Any) -> str | None:
    try:
        total = int(float(seconds))
    except (TypeError, ValueError):
        return None
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S" if hours else f"PT{minutes}M{secs}S"


def organisation(settings: dict[str, Any]) -> dict[str, Any]:
    return {"@type": "Organization", "name": settings.get("SITENAME", ""), "url": public_url(settings) + "/"}


def person(settings: dict[str, Any], name: str, url: str = "", profile: Any = None) -> dict[str, Any]:
    """A schema.org Person; `profile` is a people.yaml entry when there is one."""
    data: dict[str, Any] = {"@type": "Person", "name": name}
    if url:
        data["url"] = _absolute(settings, url)
    if profile is not None:
        if getattr(profile, "bio", ""):
            data["description"] = _text(profile.bio)
        if getattr(profile, "role", ""):
            data["jobTitle"] = profile.role
        if getattr(profile, "url", ""):
            data["sameAs"] = [profile.url]
    return data


def series(settings: dict[str, Any]) -> dict[str, Any]:
    """The podcast as a PodcastSeries (feed and episodes index from the settings)."""
    data: dict[str, Any] = {
        "@type": "PodcastSeries",
        "name": settings.get("PODCAST_TITLE") or settings.get("SITENAME", ""),
        "url": _absolute(settings, settings.get("PODCAST_EPISODES_URL", "episodes/")),
        "description": _text(settings.get("PODCAST_DESCRIPTION") or settings.get("SITESUBTITLE")),
        "publisher": organisation(settings),
    }
    if settings.get("PODCAST_IMAGE"):
        data["image"] = _absolute(settings, settings["PODCAST_IMAGE"])
    if settings.get("PODCAST_FEED_PATH"):
        # Once the feed has moved (PODCAST_NEW_FEED_URL), the new address is the one to follow.
        moved = settings.get("PODCAST_NEW_FEED_URL")
        data["webFeed"] = moved or _absolute(settings, settings["PODCAST_FEED_PATH"])
    return data


def _authors(settings: dict[str, Any], item: Any, people: dict[str, Any]) -> list[dict[str, Any]]:
    return [person(settings, a.name, a.url, people.get(a.name)) for a in getattr(item, "authors", []) or []]


def _episode_fields(settings: dict[str, Any], item: Any, people: dict[str, Any]) -> dict[str, Any]:
    """PodcastEpisode extras from `article.episode` (plugins/podcast's Episode)."""
    episode = getattr(item, "episode", None)
    data: dict[str, Any] = {"partOfSeries": series(settings)}
    if episode is None:
        return data
    if episode.number is not None:
        data["episodeNumber"] = episode.number
    if episode.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    duration = _iso_duration(episode.duration)
    data["associatedMedia"] = {"@type": "AudioObject", "contentUrl": _absolute(settings, episode.audio_url),
                               "encodingFormat": episode.mime, **({"duration": duration} if duration else {})}
    if duration:
        data["timeRequired"] = duration
    if getattr(episode, "image_url", ""):
        data["image"] = _absolute(settings, episode.image_url)
    hosts = [person(settings, h.name, "", h) for h in getattr(episode, "hosts", ())]
    if hosts:
        data["author"] = hosts
    guests = [person(settings, g.name, g.url, g.person) for g in getattr(episode, "guests", ())]
    if guests:
        data["actor"] = guests
    return data


def article(settings: dict[str, Any], item: Article, people: dict[str, Any] | None = None) -> dict[str, Any]:
    """BlogPosting for a post, PodcastEpisode for an episode."""
    people = people or {}
    is_episode = getattr(item, "kind", "post") == "episode"
    url = _absolute(settings, item.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode" if is_episode else "BlogPosting",
        "url": url,
        "mainEntityOfPage": url,
        "name" if is_episode else "headline": str(item.title),
        "description": _text(getattr(item, "summary", "")),
        "datePublished": item.date.isoformat(),
        "dateModified": getattr(item, "modified", item.date).isoformat(),
        "inLanguage": getattr(item, "lang", None) or settings.get("DEFAULT_LANG", "en"),
        "publisher": organisation(settings),
    }
    authors = _authors(settings, item, people)
    if authors:
        data["author"] = authors
    tags = [t.name for t in getattr(item, "tags", None) or []]
    if tags:
        data["keywords"] = tags
    if is_episode:
        data.update(_episode_fields(settings, item, people))
    picture = getattr(item, "social_image", None)
    if picture is not None:  # the item's own Image: comes before an episode's artwork
        data["image"] = {"@type": "ImageObject", "url": _absolute(settings, picture.path),
                         "width": picture.width, "height": picture.height, "caption": picture.alt}
    return data


def website(settings: dict[str, Any]) -> dict[str, Any]:
    """The site itself, with its search page as a SearchAction, and the podcast."""
    base = public_url(settings) + "/"
    return {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": settings.get("SITENAME", ""), "url": base,
             "description": _text(settings.get("SITESUBTITLE")),
             "potentialAction": {"@type": "SearchAction",
                                 "target": f"{base}search/?q={{search_term_string}}",
                                 "query-input": "required name=search_term_string"}},
            series(settings),
        ],
    }
