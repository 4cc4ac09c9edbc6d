"""Checks of the show's own settings (artwork, category, GUID...), as content issues.

A bad PODCAST_* value is reported like a bad episode field, naming the
settings file and the setting, so the author sees every problem in one run.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stepwise_core.errors import WARNING, ContentIssue
from stepwise_core.rules import unknown_people
from stepwise_core.settings import settings_file

from .addresses import email_problem, https_problem
from .licenses import FIX as LICENSE_FIX
from .licenses import read_license
from .media import artwork_problems
from .rules import ReadContext, local_file, media_dir
from .settings import APPLE_CATEGORIES, category_pair, feed_url, listed, plugin_settings, podcast_guid_for
from .subscribe import APPS_BY_KEY, directory_problem

# Settings that must be lists, with an example for the message (one error, not one per letter).
LIST_SETTINGS: dict[str, str] = {
    "PODCAST_HOSTS": "['Sam Rivera']",
    "PODCAST_PREVIOUS_FEED_PATHS": "['feeds/podcast.xml']",
    "PODCAST_SUBSCRIBE_APPS": "['apple-podcasts', 'overcast'] (or None for every app)",
    "PODCAST_DIRECTORIES": "[{'name': 'Spotify', 'url': 'https://open.spotify.com/show/...'}]",
}
NULLABLE = {"PODCAST_SUBSCRIBE_APPS"}
# A UUID as podcast:guid writes it: 36 characters, 8-4-4-4-12 hexadecimal digits.
UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
LISTED_TWICE = "an earlier entry of PODCAST_PREVIOUS_FEED_PATHS"


def channel_issues(settings: dict[str, Any], people: dict[str, Any] | None, cache: dict[str, Any]
                   ) -> list[ContentIssue]:
    """Every problem with the show's settings; `people` is None when people.yaml failed as a whole."""
    ps = plugin_settings(settings)
    issues = [*_lists(ps), *_artwork(ps, settings, people, cache), *_category(ps), *_guid(ps, settings),
              *_text_limits(ps), *_directories(ps, settings), *_subscribe_apps(ps), *_switches(ps),
              *_feed_paths(ps, settings), *_addresses(ps), *_license(ps), *_media(ps, settings)]
    if not str(ps["PODCAST_TITLE"]).strip():
        issues.append(_issue("PODCAST_TITLE", "is empty", "name the show, e.g. PODCAST_TITLE = 'Tea Break'"))
    if ps["PODCAST_TYPE"] not in ("episodic", "serial"):
        issues.append(_issue("PODCAST_TYPE", f"{ps['PODCAST_TYPE']!r} is not episodic or serial",
                             "use 'episodic' (newest first) or 'serial' (in order)"))
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z]{2,3})?", str(ps["PODCAST_LANGUAGE"])):
        issues.append(_issue("PODCAST_LANGUAGE", f"{ps['PODCAST_LANGUAGE']!r} is not a language code",
                             "use an ISO 639 code such as 'en-gb'"))
    if not isinstance(ps["PODCAST_EXPLICIT"], bool):
        issues.append(_issue("PODCAST_EXPLICIT", "must be True or False", "write PODCAST_EXPLICIT = False"))
    unknown = unknown_people(listed(ps["PODCAST_HOSTS"]), people) if people is not None else None
    if unknown:
        issues.append(_issue("PODCAST_HOSTS", unknown,
                             "add the host to content/people.yaml, or fix the spelling"))
    email = ps["PODCAST_OWNER_EMAIL"]
    if not email:
        issues.append(_issue("PODCAST_OWNER_EMAIL", "is empty", "set the owner's e-mail; podcast "
                             "directories use it to verify the show", severity=WARNING))
    elif problem := email_problem(email):
        issues.append(_issue("PODCAST_OWNER_EMAIL", f"{email!r} {problem}", "write the address podcast "
                             "directories send their verification code to, e.g. 'hello@example.org'"))
    shown = settings_file(settings)  # every channel problem is a setting, in the file the runner read
    return [replace(issue, path=shown) for issue in issues]


def _lists(ps: dict[str, Any]) -> list[ContentIssue]:
    """One error for a list setting given as one value (a string would be read letter by letter)."""
    issues = []
    for key, example in LIST_SETTINGS.items():
        value = ps[key]
        if isinstance(value, list | tuple) or (key in NULLABLE and value is None):
            continue
        fix = (f"put it in brackets: {key} = [{value!r}]" if isinstance(value, str | dict)
               else f"write {key} = {example.split(' (')[0]}")
        issues.append(_issue(key, f"must be a list, e.g. {example}; it is {value!r}", fix))
    return issues


def _issue(field: str, problem: str, fix: str, severity: str = "error") -> ContentIssue:
    return ContentIssue("", field, problem, fix, severity=severity)


def _artwork(ps: dict[str, Any], settings: dict[str, Any], people: dict[str, Any] | None,
             cache: dict[str, Any]) -> list[ContentIssue]:
    if not ps["PODCAST_IMAGE"]:
        return [_issue("PODCAST_IMAGE", "is empty", "point it at a square JPEG or PNG under content/media/")]
    ctx = ReadContext(settings, Path(settings["PATH"]).resolve(), people or {})
    try:
        image = local_file(ps["PODCAST_IMAGE"], ctx)
    except ValueError as exc:
        return [_issue("PODCAST_IMAGE", str(exc), "point it at a file under content/media/")]
    renamed = " (and give it a new file name: apps keep artwork by its address)"
    return [_issue("PODCAST_IMAGE", f"{image.site_path!r} {problem}", fix + renamed)
            for problem, fix in artwork_problems(image.path, ps, cache)]


def _text_limits(ps: dict[str, Any]) -> list[ContentIssue]:
    """Apple: description up to 4000 bytes; PSP-1: other text up to 255 characters."""
    issues = []
    size = len(str(ps["PODCAST_DESCRIPTION"]).encode("utf-8"))
    if size > 4000:
        issues.append(_issue("PODCAST_DESCRIPTION", f"is {size} bytes; Apple allows 4000",
                             "shorten the description"))
    for key in ("PODCAST_TITLE", "PODCAST_AUTHOR", "PODCAST_OWNER_NAME", "PODCAST_COPYRIGHT"):
        if len(str(ps[key])) > 255:
            issues.append(_issue(key, f"is {len(str(ps[key]))} characters; the limit is 255", "shorten it"))
    return issues


def _directories(ps: dict[str, Any], settings: dict[str, Any]) -> list[ContentIssue]:
    issues = []
    apple = str(ps["PODCAST_APPLE_ID"]).removeprefix("id")
    if apple and not apple.isdigit():
        issues.append(_issue("PODCAST_APPLE_ID", f"{ps['PODCAST_APPLE_ID']!r} is not an Apple Podcasts ID",
                             "copy the digits after 'id' in the show's Apple Podcasts address"))
    for index, entry in enumerate(listed(ps["PODCAST_DIRECTORIES"]), start=1):
        problem = directory_problem(entry, settings)
        if problem:
            issues.append(_issue(f"PODCAST_DIRECTORIES[{index}]", problem,
                                 "write {'name': 'Spotify', 'url': 'https://open.spotify.com/show/...'}: "
                                 "the show's page on that directory, once it is listed there"))
    return issues


def _subscribe_apps(ps: dict[str, Any]) -> list[ContentIssue]:
    unknown = [key for key in listed(ps["PODCAST_SUBSCRIBE_APPS"]) if key not in APPS_BY_KEY]
    if unknown:
        return [_issue("PODCAST_SUBSCRIBE_APPS", f"{', '.join(map(repr, unknown))} is not a known app",
                       f"use some of {', '.join(APPS_BY_KEY)}, or None for all")]
    return []


def _switches(ps: dict[str, Any]) -> list[ContentIssue]:
    issues = [_issue(key, "must be True or False", f"write {key} = False")
              for key in ("PODCAST_COMPLETE", "PODCAST_BLOCK", "PODCAST_SOUND_REPORT")
              if not isinstance(ps[key], bool)]
    hub = str(ps["PODCAST_WEBSUB_HUB"])
    if hub and (problem := _fetch_problem(hub)):
        issues.append(_issue("PODCAST_WEBSUB_HUB", f"{hub!r} {problem}",
                             "use the hub's https address, e.g. 'https://pubsubhubbub.appspot.com/'"))
    return issues


def _fetch_problem(url: str) -> str:
    """https, or plain http on this machine (a test hub or bucket)."""
    try:
        local = urlsplit(url).scheme == "http" and urlsplit(url).hostname in {"127.0.0.1", "localhost", "::1"}
    except ValueError:
        local = False
    return "" if local else https_problem(url)


def _addresses(ps: dict[str, Any]) -> list[ContentIssue]:
    """Addresses that go into the feed as written: they must be usable https addresses."""
    issues = []
    new = str(ps["PODCAST_NEW_FEED_URL"] or "")
    if new and (problem := https_problem(new)):
        issues.append(_issue("PODCAST_NEW_FEED_URL", f"{new!r} {problem}",
                             "write the full https:// address of the feed's new home"))
    funding = ps["PODCAST_FUNDING"]
    if funding is not None:
        url = funding.get("url", "") if isinstance(funding, dict) else ""
        problem = https_problem(url) if url else "has no 'url'"
        if problem or not isinstance(funding, dict):
            shown = f"{url!r} {problem}" if url else f"{funding!r} is not a support link"
            issues.append(_issue("PODCAST_FUNDING", shown, "write {'url': 'https://...', 'text': "
                                 "'Support the show'} (the page where listeners can support the show)"))
    return issues


def _license(ps: dict[str, Any]) -> list[ContentIssue]:
    if not ps["PODCAST_LICENSE"]:
        return []
    try:
        read_license(ps["PODCAST_LICENSE"])
    except ValueError as exc:
        return [_issue("PODCAST_LICENSE", str(exc), LICENSE_FIX)]
    return []


def output_path_problem(path: Any) -> str:
    """Why a PODCAST_FEED_PATH-like value is not a feed's path inside output/ ('' when it is one)."""
    text = str(path) if isinstance(path, str) else ""
    if not text.strip():
        return f"{path!r} is not a path such as 'feeds/podcast.xml'"
    if text.startswith("/"):
        return f"{text!r} starts with '/'; it is a path inside the site, written without it"
    if ".." in text.split("/") or ":" in text or "\\" in text:
        return f"{text!r} points outside the site"
    if not text.endswith((".xml", ".rss")):  # a static host serves those as feeds
        return f"{text!r} does not end in .xml or .rss, so static hosts would not serve it as a feed"
    return ""


def _owned_paths(settings: dict[str, Any]) -> dict[str, str]:
    """Output paths other parts of the site write, as settings name them (FEED_ATOM, POSTS_FEED_RSS,
    SITEMAP_SAVE_AS...) -> the setting. Only fixed paths: '{slug}' patterns are other folders."""
    owned: dict[str, str] = {}
    for key, value in sorted(settings.items()):
        if key.startswith("PODCAST_") or not isinstance(value, str) or not value or "{" in value:
            continue
        if key.endswith(("FEED_ATOM", "FEED_RSS", "_SAVE_AS")):
            owned.setdefault(posixpath.normpath(value), key)
    return owned


def _feed_paths(ps: dict[str, Any], settings: dict[str, Any]) -> list[ContentIssue]:
    """The feed's path and its old paths: inside output/, a feed's name, and nobody else's file."""
    owned = _owned_paths(settings)
    current = ps["PODCAST_FEED_PATH"]
    issues = [_issue("PODCAST_FEED_PATH", problem, f"write PODCAST_FEED_PATH = "
                     f"{str(current).strip('/') or 'feeds/podcast.xml'!r}")
              for problem in [output_path_problem(current)] if problem]
    if not issues and (key := owned.get(posixpath.normpath(current))):
        issues.append(_issue("PODCAST_FEED_PATH", f"{current!r} is where the site writes {key}",
                             "give the podcast feed a path of its own, e.g. 'feeds/podcast.xml'"))
    if not issues:
        owned[posixpath.normpath(current)] = "the podcast feed itself (PODCAST_FEED_PATH)"
    fix = ("list only paths where the podcast feed used to be and nothing else is written now, e.g. "
           f"'feed.xml' (the feed is now at {str(current)!r})")
    for path in listed(ps["PODCAST_PREVIOUS_FEED_PATHS"]):
        problem = output_path_problem(path)
        if not problem and (owner := owned.get(posixpath.normpath(path))):
            problem = (f"{path!r} is listed twice" if owner == LISTED_TWICE else f"{path!r} is where the "
                       f"site writes {owner}; an old copy of the feed there would replace it")
        if problem:
            issues.append(_issue("PODCAST_PREVIOUS_FEED_PATHS", problem, fix))
        else:
            owned[posixpath.normpath(path)] = LISTED_TWICE
    return issues


def _media(ps: dict[str, Any], settings: dict[str, Any]) -> list[ContentIssue]:
    """Where audio lives and is served from; how the sound report runs."""
    issues = []
    url = str(ps["PODCAST_MEDIA_URL"])
    problem = _fetch_problem(url) if url else ""
    if url and not problem and (urlsplit(url).query or urlsplit(url).fragment):
        problem = "has a '?' or '#' part, which a folder's address cannot hold"
    if problem:
        issues.append(_issue("PODCAST_MEDIA_URL", f"{url!r} {problem}",
                             "write the public address of the bucket or CDN folder that serves the "
                             "audio, e.g. 'https://media.example.org/podcast'"))
    folder = media_dir(settings)
    content = Path(settings["PATH"]).resolve()
    if folder is not None and not folder.is_dir():
        issues.append(_issue("PODCAST_MEDIA_DIR", f"{str(folder)!r} is not a folder on this computer",
                             "point it at the folder that holds the episodes' audio, outside the "
                             "repository"))
    elif folder is not None and folder.is_relative_to(content):
        issues.append(_issue("PODCAST_MEDIA_DIR", f"{str(folder)!r} is inside content/, so the site would "
                             "copy its audio as it is and git would keep it", "move the folder outside the "
                             "repository, e.g. ~/Podcast/media"))
    if ps["PODCAST_SOUND_CHECK"] not in ("advice", "fatal", "off"):
        issues.append(_issue("PODCAST_SOUND_CHECK",
                             f"{ps['PODCAST_SOUND_CHECK']!r} is not advice, fatal or off",
                             "write PODCAST_SOUND_CHECK = 'advice' (report only) or 'fatal'"))
    targets = ps["PODCAST_LOUDNESS_TARGETS"]
    keys = ("stereo", "mono", "tolerance", "true_peak")
    if not isinstance(targets, dict) or any(not isinstance(targets.get(k), int | float) for k in keys):
        issues.append(_issue("PODCAST_LOUDNESS_TARGETS", "needs numbers for stereo, mono, tolerance and "
                             "true_peak",
                             "write {'stereo': -16, 'mono': -19, 'tolerance': 1, 'true_peak': -1}"))
    return issues


def _category(ps: dict[str, Any]) -> list[ContentIssue]:
    value = ps["PODCAST_CATEGORY"]
    category, sub = category_pair(value)
    if category not in APPLE_CATEGORIES or (sub and sub not in APPLE_CATEGORIES[category]):
        return [_issue("PODCAST_CATEGORY", f"{value!r} is not in Apple's category list",
                       "pick a category and subcategory from Apple's list, e.g. "
                       "('Health & Fitness', 'Mental Health')")]
    return []


def _guid(ps: dict[str, Any], settings: dict[str, Any]) -> list[ContentIssue]:
    """The id apps know the show by (podcast:guid) never changes, even when the feed moves:
    any UUID the show already has is kept (a show moved in from Podlove has a random one);
    a show without one is given the UUIDv5 of its feed address to paste once."""
    value = str(ps["PODCAST_GUID"] or "").strip()
    if UUID_TEXT.fullmatch(value):
        return []
    fix = (f"write PODCAST_GUID = '{podcast_guid_for(feed_url(settings))}' (made from the feed "
           "address) and never change it; a show moved in from another host keeps the "
           "<podcast:guid> its old feed has")
    return [_issue("PODCAST_GUID", f"{value!r} is not a UUID" if value else "is not set", fix)]
