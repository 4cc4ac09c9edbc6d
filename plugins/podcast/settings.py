"""Defaults for the podcast plugin's settings; pelicanconf.py may override any.

One place for every PODCAST_* default, so templates, the feed and the checks
agree on what an unset value means.
"""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from stepwise_core.settings import public_url, settings_with

# The Podcasting 2.0 namespace UUID for podcast:guid (docs/tags/guid.md).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

DEFAULTS: dict[str, Any] = {
    "PODCAST_TITLE": "",
    "PODCAST_DESCRIPTION": "",
    "PODCAST_AUTHOR": "",
    "PODCAST_OWNER_NAME": "",
    "PODCAST_OWNER_EMAIL": "",
    "PODCAST_LANGUAGE": "en",  # an ISO 639 code, e.g. "en-gb"
    # (category, subcategory) from Apple's list, e.g. ("Arts", "Books"); Apple only reads the
    # first. No default: the build asks for one, as every directory does.
    "PODCAST_CATEGORY": "",
    "PODCAST_EXPLICIT": False,
    "PODCAST_TYPE": "episodic",
    "PODCAST_IMAGE": "",  # a file under content/, e.g. media/artwork.jpg
    "PODCAST_IMAGE_ALT": "",
    "PODCAST_GUID": "",  # pinned: the show's UUID from its old host, else the UUIDv5 of the feed URL
    "PODCAST_LOCKED": True,
    "PODCAST_FUNDING": None,  # {"url": "https://...", "text": "Support the show"}
    "PODCAST_LICENSE": "",  # an SPDX-style id, e.g. CC-BY-NC-ND-4.0
    "PODCAST_COPYRIGHT": "",
    # itunes:new-feed-url once the feed moves: the old site's build names the new address, and the
    # new site's names itself (Apple's tag list asks for the tag in the new feed too).
    "PODCAST_NEW_FEED_URL": "",
    # Paths on this site where the feed used to be: each keeps a copy of the feed that names the
    # current address in itunes:new-feed-url (a static host cannot answer with a 301).
    "PODCAST_PREVIOUS_FEED_PATHS": [],
    "PODCAST_COMPLETE": False,  # itunes:complete: the show will publish no more episodes
    "PODCAST_BLOCK": False,  # itunes:block at channel level: hide the whole show from Apple Podcasts
    # A WebSub hub (e.g. "https://pubsubhubbub.appspot.com/"): declared in the feed, and
    # notified by `invoke publish` after each upload, so apps hear of a new episode at once.
    "PODCAST_WEBSUB_HUB": "",
    "PODCAST_HOSTS": [],  # names from content/people.yaml (PEOPLE_FILE)
    # The subscribe box: app links built from the feed URL (keys of podcast.subscribe.APPS;
    # None = every app with a documented subscribe link), and directory pages once listed.
    "PODCAST_SUBSCRIBE_APPS": None,
    "PODCAST_APPLE_ID": "",  # the digits of the show's Apple Podcasts URL (.../id1234567890)
    "PODCAST_DIRECTORIES": [],  # other directories: [{"name": "Spotify", "url": "https://open.spotify.com/show/..."}]
    "PODCAST_FEED_PATH": "feeds/podcast.xml",
    "PODCAST_CATEGORY_NAME": "Episodes",
    "PODCAST_EPISODE_URL": "episodes/{slug}/",
    "PODCAST_EPISODES_URL": "episodes/",
    "PODCAST_GUEST_URL": "guests/{slug}/",
    # Where the audio lives and is served from (README: "Where your audio lives").
    # A folder outside the repository that 'Audio: media/<file>' names instead of content/media/
    # ("" = content/media/): recordings stay out of git.
    "PODCAST_MEDIA_DIR": "",
    # Where apps and players fetch the audio: a CDN or an S3-compatible bucket's public address,
    # e.g. "https://media.example.org/podcast" ("" = the site itself, copied into output/).
    # `invoke publish --media` uploads to it; the page's CSP media-src names this host alone.
    "PODCAST_MEDIA_URL": "",
    "PODCAST_MEDIA_CACHE_CONTROL": "public, max-age=31536000",  # a year: audio rarely changes
    # The sound report (loudness, true peak): "advice" (reported by `invoke check`, never fails
    # it), "fatal" (a file off target fails the build), or "off". Needs requirements-podcast.txt.
    "PODCAST_SOUND_CHECK": "advice",
    # Measure the sound in this build although PODCAST_SOUND_CHECK is "advice": `invoke check`
    # sets it to print the report; other builds leave the measuring (seconds a long episode) out.
    "PODCAST_SOUND_REPORT": False,
    # Common podcast targets (Apple, Spotify, AES TD1008): integrated loudness in LUFS by channel
    # count, the tolerance either side in LU, and the highest true peak in dBTP.
    "PODCAST_LOUDNESS_TARGETS": {"stereo": -16.0, "mono": -19.0, "tolerance": 1.0, "true_peak": -1.0},
    # Artwork limits (Apple): square, 1400-3000 px, JPEG or PNG, RGB.
    "PODCAST_ART_MIN_PX": 1400,
    "PODCAST_ART_MAX_PX": 3000,
    "PODCAST_ART_MAX_BYTES": 512_000,
}

# Apple Podcasts categories (2019 list, as in w3c/feedvalidator itunes.py).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition",
                         "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
             "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
               "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
               "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


plugin_settings = settings_with(DEFAULTS)  # the plugin's settings: defaults, overridden by the site's




def url_path(path: str) -> str:
    """A site path as it goes into a URL: every segment percent-encoded.

    The one place a file name becomes part of an address (media, artwork, transcripts,
    chapters), so 'media/Kind words #4.mp3' is fetched as that file: a raw '#' starts a
    fragment and a raw space is refused by browsers and podcast apps.
    """
    return quote(path.lstrip("/"), safe="/")


def absolute(settings: dict[str, Any], path: str) -> str:
    """An absolute URL for a site path ('media/x.mp3'); https URLs pass through."""
    if path.startswith(("https://", "http://")):
        return path
    return f"{public_url(settings)}/{url_path(path)}"


def media_key(site_path: str) -> str:
    """An audio file's name in the media folder and the bucket: 'media/x.mp3' -> 'x.mp3'."""
    return site_path.removeprefix("media/")


def media_address(settings: dict[str, Any], site_path: str) -> tuple[str, str]:
    """(absolute URL, site path for pages) of a local audio file: on PODCAST_MEDIA_URL when set
    (the site path is then '': the site does not serve it), else on the site itself."""
    base = str(settings.get("PODCAST_MEDIA_URL") or "").rstrip("/")
    if base:
        return f"{base}/{url_path(media_key(site_path))}", ""
    return absolute(settings, site_path), site_path


def media_origin(settings: dict[str, Any]) -> str:
    """'https://media.example.org' for PODCAST_MEDIA_URL (what the CSP's media-src names)."""
    parts = urlsplit(str(settings.get("PODCAST_MEDIA_URL") or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def feed_url(settings: dict[str, Any]) -> str:
    return absolute(settings, plugin_settings(settings)["PODCAST_FEED_PATH"])


def advertised_feed_url(settings: dict[str, Any]) -> str:
    """The address to give listeners: the new one once the feed has moved (PODCAST_NEW_FEED_URL),
    so nobody subscribes to the old address the day after the move."""
    return str(plugin_settings(settings)["PODCAST_NEW_FEED_URL"] or "") or feed_url(settings)


def listed(value: Any) -> list[Any]:
    """A list setting's items; [] for anything else (channel.py reports it once, not per letter)."""
    return list(value) if isinstance(value, list | tuple) else []


def podcast_guid_for(url: str) -> str:
    """The Podcasting 2.0 show GUID: UUIDv5 of the feed URL without scheme or trailing slashes."""
    parts = urlsplit(url)
    seed = re.sub(r"/+\Z", "", "".join([parts.netloc, parts.path, parts.query, parts.fragment]))
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, seed))


def category_pair(value: Any) -> tuple[str, str]:
    """PODCAST_CATEGORY as (category, subcategory); a bare string has no subcategory."""
    if isinstance(value, str):
        return value, ""
    category, sub, *_ = [*(str(v) for v in value), "", ""]
    return category, sub
