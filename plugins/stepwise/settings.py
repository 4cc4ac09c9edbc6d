"""Defaults for the stepwise plugin's settings, and the rules every site setting must meet.

pelicanconf.py may override any default. A bad setting is reported like bad
content (file, setting, problem, fix) and fails the build: a site without
crisis lines, or with a feed address podcast apps cannot reach, must not ship.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from .errors import ContentIssue
from .limits import LIMITS
from .settings_source import setting_source

DEFAULTS: dict[str, Any] = {
    # Every limit on an input (sizes, counts, ranges): limits.py, one table.
    **{setting: row.default for setting, row in LIMITS.items()},
    # Fields a theme reads from a post's header beyond Stepwise's own (rules.py): listed here,
    # they are known fields instead of misspellings.
    "STEPWISE_THEME_FIELDS": [],
    # How settings problems name their file; the build runner sets the real one.
    "STEPWISE_SETTINGS_FILE": "pelicanconf.py",
    "PEOPLE_FILE": "people.yaml",
    "CRISIS_RESOURCES": [],
    "CRISIS_NOTE": "",
    "NOT_THERAPY_NOTE": "",
    # The practice's email, phone, address and booking link (theme: partials/contact.html).
    "PRACTICE_CONTACT": {},
    "PRACTICE_CONTACT_PAGE": "about",
    # Performance (parallel.py, render.py): processes that convert Markdown and render article
    # pages, and the fewest files or pages worth starting them for (~0.1 s to start).
    "STEPWISE_WORKERS": min(2, os.cpu_count() or 1),
    "STEPWISE_PARALLEL_MIN_FILES": 40,
    # Performance (preview.py): render the few changed posts into output/ before the rest.
    "STEPWISE_PREVIEW_FIRST": False,
    # Performance (cache.py): build-context dicts keyed by file content, kept between builds.
    "STEPWISE_PERSISTENT_CACHES": ["podcast_media_cache", "stepwise_resolved_verdicts"],
    # TESTS ONLY (tests/stepwise/test_policy_proof.py): publish bodies, static files and
    # non-Markdown sources unchecked, to prove in a browser that each refused payload
    # would run. A build with it on warns (so `invoke check` and publish refuse it), and
    # a production build (SITEURL set) refuses it outright.
    "STEPWISE_UNSAFE_NO_POLICY": False,
}


def plugin_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: defaults, overridden by the site's."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}


SettingCheck = Callable[[Any], "str | None"]
ABSOLUTE_URL = re.compile(r"https://[a-z0-9.-]+(:\d+)?(/[^\s]*[^/\s])?", re.IGNORECASE)
CRISIS_HREF = re.compile(r"(tel|sms|mailto):\S+|https://\S+")


def _public_url(value: Any) -> str | None:
    if not isinstance(value, str) or not ABSOLUTE_URL.fullmatch(value):
        return f"{value!r} is not an https:// address without a trailing slash"
    return None


def _site_url(value: Any) -> str | None:
    return None if value == "" else _public_url(value)


def _crisis_resources(value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not value:
        return "is empty"
    for number, line in enumerate(value, start=1):
        if not isinstance(line, dict):
            return f"entry {number} is not a dict with name, action and href"
        missing = [key for key in ("name", "action", "href") if not str(line.get(key) or "").strip()]
        if missing:
            return f"entry {number} has no {', '.join(missing)}"
        if not CRISIS_HREF.fullmatch(str(line["href"])):
            return f"entry {number} has href {line['href']!r}, which is not tel:, sms:, mailto: or https:"
    return None


CONTACT_PARTS: dict[str, tuple[re.Pattern[str], str]] = {
    "email": (re.compile(r"[^@\s<>\"'()\\,;:]+@[a-z0-9-]+(\.[a-z0-9-]+)+", re.IGNORECASE),
              "an email address such as hello@example.org"),
    "phone": (re.compile(r"\+?[0-9][0-9 -]{4,24}[0-9]"),
              "a number as dialled: digits, spaces, - and a leading +"),
    "address": (re.compile(r"\S.*", re.DOTALL), "text, one line per line of the address"),
    "booking_url": (re.compile(r"https://[a-z0-9.-]+(:\d+)?(/[^\s\"'<>]*)?", re.IGNORECASE),
                    "an https:// address"),
}


def _practice_contact(value: Any) -> str | None:
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        return f"must be a dict with any of {', '.join(CONTACT_PARTS)}"
    for key, part in value.items():
        if key not in CONTACT_PARTS:
            return f"has {key!r}; use only {', '.join(CONTACT_PARTS)}"
        pattern, meaning = CONTACT_PARTS[key]
        if not isinstance(part, str) or not pattern.fullmatch(part.strip()):
            return f"{key} is {part!r}, which is not {meaning}"
    return None


def _non_empty_text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "is empty"


def _strict_csp(value: Any) -> str | None:
    text = str(value or "")
    if "script-src 'self'" not in text:
        return "does not limit scripts to the site's own files (script-src 'self')"
    if "unsafe-inline" in text or "unsafe-eval'" in text.replace("wasm-unsafe-eval'", ""):
        return "allows inline or eval'd scripts"
    return None


def _positive_int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else f"{value!r} is not a positive whole number"


def _names(value: Any) -> str | None:
    ok = isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value)
    return None if ok else f"{value!r} is not a list of field names"


# setting -> (check, how to fix it)
SETTING_RULES: dict[str, tuple[SettingCheck, str]] = {
    "PUBLIC_URL": (_public_url, "set it to the site's public address, e.g. 'https://stepwise.example'"),
    "SITEURL": (_site_url, "leave it '' while developing; publishconf.py sets it to PUBLIC_URL"),
    "CRISIS_RESOURCES": (_crisis_resources, "list at least one crisis line as "
                         "{'name': …, 'detail': …, 'action': 'Call 116 123', 'href': 'tel:116123'}"),
    "CRISIS_NOTE": (_non_empty_text, "say in one sentence that the site is not an emergency service"),
    "NOT_THERAPY_NOTE": (_non_empty_text, "say in one sentence that the site does not replace therapy"),
    "PRACTICE_CONTACT": (_practice_contact, "write PRACTICE_CONTACT = {'email': 'hello@example.org', "
                         "'phone': '+44 20 7946 0123', 'address': 'Line 1\\nLine 2', "
                         "'booking_url': 'https://…'}, leaving out any part you do not have"),
    "CONTENT_SECURITY_POLICY": (_strict_csp, "keep \"script-src 'self'\" and never add 'unsafe-inline'"),
    **{setting: (_positive_int, f"use a whole number, e.g. {row.default}")
       for setting, row in LIMITS.items()},
    "STEPWISE_THEME_FIELDS": (_names, "list field names as authors write them, e.g. ['Subtitle']"),
}


def settings_problems(settings: dict[str, Any]) -> Iterator[ContentIssue]:
    """Every setting that breaks a rule, as an issue naming the settings file."""
    merged = {**DEFAULTS, **settings}
    shown = merged["STEPWISE_SETTINGS_FILE"]
    for key, (check, fix) in SETTING_RULES.items():
        problem = check(merged.get(key))
        if problem:
            yield ContentIssue(setting_source(merged, key, shown), key, problem, fix)
    if merged["STEPWISE_UNSAFE_NO_POLICY"]:
        yield ContentIssue(shown, "STEPWISE_UNSAFE_NO_POLICY",
                           "is on: bodies, static files and non-Markdown sources are published unchecked",
                           "remove it: it exists only for the tests that prove the policy is needed",
                           severity="error" if merged.get("SITEURL") else "warning")


def policy_off(settings: dict[str, Any]) -> bool:
    """Whether the HTML and file policy is switched off (tests only, see DEFAULTS)."""
    return bool(settings.get("STEPWISE_UNSAFE_NO_POLICY"))
