"""Checks of the show's own settings (artwork, category, GUID...), as content issues.

A bad PODCAST_* value is reported like a bad episode field, naming the
settings file and the setting, so the author sees every problem in one run.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stepwise.errors import WARNING, ContentIssue

from .media import artwork_problems
from .rules import ReadContext, local_file
from .settings import APPLE_CATEGORIES, category_pair, plugin_settings
from .subscribe import APPS_BY_KEY, directory_problem

SETTINGS_FILE = "pelicanconf.py"


def channel_issues(settings: dict[str, Any], people: dict[str, Any], cache: dict[str, Any]
                   ) -> list[ContentIssue]:
    ps = plugin_settings(settings)
    issues = [*_artwork(ps, settings, people, cache), *_category(ps), *_guid(ps), *_text_limits(ps),
              *_directories(ps, settings), *_subscribe_apps(ps), *_switches(ps), *_feed_moves(ps, settings)]
    if not str(ps["PODCAST_TITLE"]).strip():
        issues.append(_issue("PODCAST_TITLE", "is empty", "name the show, e.g. PODCAST_TITLE = 'Stepwise'"))
    if ps["PODCAST_TYPE"] not in ("episodic", "serial"):
        issues.append(_issue("PODCAST_TYPE", f"{ps['PODCAST_TYPE']!r} is not episodic or serial",
                             "use 'episodic' (newest first) or 'serial' (in order)"))
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z]{2,3})?", str(ps["PODCAST_LANGUAGE"])):
        issues.append(_issue("PODCAST_LANGUAGE", f"{ps['PODCAST_LANGUAGE']!r} is not a language code",
                             "use an ISO 639 code such as 'en-gb'"))
    if not isinstance(ps["PODCAST_EXPLICIT"], bool):
        issues.append(_issue("PODCAST_EXPLICIT", "must be True or False", "write PODCAST_EXPLICIT = False"))
    unknown = [n for n in ps["PODCAST_HOSTS"] if n not in people]
    if unknown:
        names = ", ".join(map(repr, unknown))
        issues.append(_issue("PODCAST_HOSTS", f"{names} is not in content/people.yaml",
                             "add the host to content/people.yaml, or fix the spelling"))
    if not ps["PODCAST_OWNER_EMAIL"]:
        issues.append(_issue("PODCAST_OWNER_EMAIL", "is empty", "set the owner's e-mail; podcast "
                             "directories use it to verify the show", severity=WARNING))
    return issues


def _issue(field: str, problem: str, fix: str, severity: str = "error") -> ContentIssue:
    return ContentIssue(SETTINGS_FILE, field, problem, fix, severity=severity)


def _artwork(ps: dict[str, Any], settings: dict[str, Any], people: dict[str, Any],
             cache: dict[str, Any]) -> list[ContentIssue]:
    if not ps["PODCAST_IMAGE"]:
        return [_issue("PODCAST_IMAGE", "is empty", "point it at a square JPEG or PNG under content/media/")]
    ctx = ReadContext(settings, Path(settings["PATH"]).resolve(), people)
    try:
        image = local_file(ps["PODCAST_IMAGE"], ctx)
    except ValueError as exc:
        return [_issue("PODCAST_IMAGE", str(exc), "point it at a file under content/media/")]
    fix = "export a square RGB JPEG or PNG, 1400 to 3000 px a side, and give it a new file name"
    return [_issue("PODCAST_IMAGE", f"{image.site_path!r} {problem}", fix)
            for problem in artwork_problems(image.path, ps, cache)]


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
    for index, entry in enumerate(ps["PODCAST_DIRECTORIES"] or [], start=1):
        problem = directory_problem(entry, settings)
        if problem:
            issues.append(_issue(f"PODCAST_DIRECTORIES[{index}]", problem,
                                 "write {'name': 'Spotify', 'url': 'https://open.spotify.com/show/...'}: "
                                 "the show's page on that directory, once it is listed there"))
    return issues


def _subscribe_apps(ps: dict[str, Any]) -> list[ContentIssue]:
    chosen = ps["PODCAST_SUBSCRIBE_APPS"]
    unknown = [] if chosen is None else [key for key in chosen if key not in APPS_BY_KEY]
    if isinstance(chosen, str) or unknown:
        return [_issue("PODCAST_SUBSCRIBE_APPS", f"{unknown or chosen!r} is not a list of known apps",
                       f"use some of {', '.join(APPS_BY_KEY)}, or None for all")]
    return []


def _switches(ps: dict[str, Any]) -> list[ContentIssue]:
    issues = [_issue(key, "must be True or False", f"write {key} = False")
              for key in ("PODCAST_COMPLETE", "PODCAST_BLOCK") if not isinstance(ps[key], bool)]
    hub = str(ps["PODCAST_WEBSUB_HUB"])
    if hub and not _hub_address(hub):
        issues.append(_issue("PODCAST_WEBSUB_HUB", f"{hub!r} is not an https:// address",
                             "use the hub's https address, e.g. 'https://pubsubhubbub.appspot.com/'"))
    return issues


def _hub_address(url: str) -> bool:
    """https, or plain http on this machine (a test hub)."""
    parts = urlsplit(url)
    return (parts.scheme == "https" and bool(parts.hostname)) or (
        parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"})


def _feed_moves(ps: dict[str, Any], settings: dict[str, Any]) -> list[ContentIssue]:
    issues = []
    new = str(ps["PODCAST_NEW_FEED_URL"])
    if new and not new.startswith("https://"):
        issues.append(_issue("PODCAST_NEW_FEED_URL", f"{new!r} is not an https:// address",
                             "write the full address of the feed's new home"))
    current = ps["PODCAST_FEED_PATH"].strip("/")
    for path in ps["PODCAST_PREVIOUS_FEED_PATHS"] or []:
        text = str(path).strip("/")
        feedlike = text.endswith((".xml", ".rss"))  # a static host serves those as feeds
        if not text or ".." in text.split("/") or "://" in text or text == current or not feedlike:
            issues.append(_issue("PODCAST_PREVIOUS_FEED_PATHS", f"{path!r} is not an old feed path on "
                                 "this site", "list where the feed used to be, e.g. 'feed.xml' "
                                 f"(the feed is now at {current!r})"))
    return issues


def _category(ps: dict[str, Any]) -> list[ContentIssue]:
    value = ps["PODCAST_CATEGORY"]
    category, sub = category_pair(value)
    if category not in APPLE_CATEGORIES or (sub and sub not in APPLE_CATEGORIES[category]):
        return [_issue("PODCAST_CATEGORY", f"{value!r} is not in Apple's category list",
                       "pick a category and subcategory from Apple's list, e.g. "
                       "('Health & Fitness', 'Mental Health')")]
    return []


def _guid(ps: dict[str, Any]) -> list[ContentIssue]:
    try:
        ok = uuid.UUID(str(ps["PODCAST_GUID"])).version == 5
    except ValueError:
        ok = False
    if ok:
        return []
    return [_issue("PODCAST_GUID", f"{ps['PODCAST_GUID']!r} is not a UUIDv5",
                   "compute it once with podcast.settings.podcast_guid_for(feed URL) and paste it; "
                   "never change it afterwards")]
