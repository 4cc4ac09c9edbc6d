"""Checks of the show's own settings (artwork, category, GUID...), as content issues.

A bad PODCAST_* value is reported like a bad episode field, naming the
settings file and the setting, so the author sees every problem in one run.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from stepwise.errors import WARNING, ContentIssue

from .media import artwork_problems
from .rules import ReadContext, local_file
from .settings import APPLE_CATEGORIES, category_pair, plugin_settings

SETTINGS_FILE = "pelicanconf.py"


def channel_issues(settings: dict[str, Any], people: dict[str, Any], cache: dict[str, Any]
                   ) -> list[ContentIssue]:
    ps = plugin_settings(settings)
    issues = [*_artwork(ps, settings, people, cache), *_category(ps), *_guid(ps), *_text_limits(ps),
              *_directories(ps)]
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


def _directories(ps: dict[str, Any]) -> list[ContentIssue]:
    issues = []
    for index, entry in enumerate(ps["PODCAST_DIRECTORIES"] or [], start=1):
        url = str(entry.get("url", "")) if isinstance(entry, dict) else ""
        if not isinstance(entry, dict) or not entry.get("name") or (url and not url.startswith("https://")):
            issues.append(_issue(f"PODCAST_DIRECTORIES[{index}]", f"{entry!r} is not a directory link",
                                 "write {'name': 'Apple Podcasts', 'url': 'https://...'}"))
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
