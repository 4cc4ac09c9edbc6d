"""Defaults for the stepwise plugin's settings, and the rules every site setting must meet.

pelicanconf.py may override any default. A bad setting is reported like bad
content (file, setting, problem, fix) and fails the build: a site without
crisis lines, or with a feed address podcast apps cannot reach, must not ship.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from .errors import ContentIssue
from .limits import LIMITS
from .protocols import Settings
from .rule import Rule
from .settings_source import DEFAULT_SETTINGS_FILE, SETTINGS_FILE, setting_source, settings_file

DEFAULTS: dict[str, Any] = {
    # Every limit on an input (sizes, counts, ranges, what Markdown may cost): limits.py.
    **{setting: row.default for setting, row in LIMITS.items()},
    # Fields a theme reads from a post's header beyond Stepwise's own (rules.py): listed here,
    # they are known fields instead of misspellings.
    "STEPWISE_THEME_FIELDS": [],
    # How settings problems name their file; the build runner sets the real one.
    SETTINGS_FILE: DEFAULT_SETTINGS_FILE,
    "PEOPLE_FILE": "people.yaml",
    "CRISIS_RESOURCES": [],
    "CRISIS_NOTE": "",
    "NOT_THERAPY_NOTE": "",
    # The practice's email, phone, address and booking link (theme: partials/contact.html).
    "PRACTICE_CONTACT": {},
    "PRACTICE_CONTACT_PAGE": "about",
    # TESTS ONLY (tests/stepwise/test_policy_proof.py): publish bodies, static files and
    # non-Markdown sources unchecked, to prove in a browser that each refused payload
    # would run. A build with it on warns (so `invoke check` and publish refuse it), and
    # a production build (SITEURL set) refuses it outright.
    "STEPWISE_UNSAFE_NO_POLICY": False,
}


SettingsReader = Callable[[Settings], dict[str, Any]]


def settings_with(defaults: dict[str, Any]) -> SettingsReader:
    """A plugin's `plugin_settings`: its defaults, each overridden by the site's setting.

    Every plugin keeps its defaults in one module of its own and reads them through this,
    so a default is never repeated at the place that reads it.
    """
    def plugin_settings(settings: Settings) -> dict[str, Any]:
        return {key: settings.get(key, default) for key, default in defaults.items()}
    return plugin_settings


plugin_settings = settings_with(DEFAULTS)


def public_url(settings: dict[str, Any]) -> str:
    """The site's absolute address without a trailing slash, for every link that leaves the
    site (canonical links, sitemaps, feeds, the podcast's enclosures, worksheet links).

    FEED_DOMAIN first, as Pelican's own feeds use it (pelicanconf.py sets it to PUBLIC_URL),
    then PUBLIC_URL, then SITEURL; empty when none is set.
    """
    base = settings.get("FEED_DOMAIN") or settings.get("PUBLIC_URL") or settings.get("SITEURL") or ""
    return str(base).rstrip("/")


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


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _time_zone(value: Any) -> str | None:
    """Pelican reads TIMEZONE for every dated file: a wrong one failed each with a traceback."""
    if value is None:
        return None  # Pelican's default (UTC) applies
    if isinstance(value, str) and value in _time_zones():
        return None
    close = difflib.get_close_matches(str(value), sorted(_time_zones()), n=1, cutoff=0.7)
    meant = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{value!r} is not a time zone{meant}"


def _non_empty_text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "is empty"


# Directives that decide what runs, where a page may send readers' answers, and what a <base>
# may do: each must name only the site itself ('none' where nothing is needed).
CSP_SELF_ONLY = {
    "default-src": {"'self'", "'none'"},
    "script-src": {"'self'", "'wasm-unsafe-eval'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'", "'none'"},
    "form-action": {"'self'", "'none'"},
}
CSP_UNSAFE = re.compile(r"'unsafe-(inline|eval|hashes)'|'strict-dynamic'|'nonce-|'sha(256|384|512)-", re.I)


def parse_csp(policy: str) -> dict[str, list[str]]:
    """A policy's directives -> their sources (names lower-cased; the first of a repeated one
    counts, as in browsers)."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), tokens[1:])
    return directives


def _strict_csp(value: Any) -> str | None:
    directives = parse_csp(str(value or ""))
    unsafe = CSP_UNSAFE.search(str(value or ""))
    if unsafe:
        return f"allows inline or eval'd scripts or styles ({unsafe.group()}…)"
    for name, allowed in CSP_SELF_ONLY.items():
        if name not in directives:
            return f"has no {name} (it must say what it allows: {' or '.join(sorted(allowed))})"
        others = [source for source in directives[name] if source.lower() not in allowed]
        if others or not directives[name]:
            return (f"lets {name} name {' '.join(others) or 'nothing'}: only {' and '.join(sorted(allowed))} "
                    "may stand there (a scheme such as https: or data:, or another host, would let scripts "
                    "or forms reach other sites)")
    if "'self'" not in directives["script-src"]:
        return "does not let the site's own scripts run (script-src 'self')"
    return None


def scripts_from_folders(settings: dict[str, Any]) -> str:
    """The policy with script-src 'self' narrowed to the folders that hold the site's scripts
    (the theme's, Pagefind's), once the site's address is known (SITEURL: a production build):
    a file uploaded to content/ can then never be a script, whatever it holds or is served as.
    A policy cannot name a path of 'self', so a build without SITEURL keeps 'self'."""
    policy, folders = str(settings.get("CONTENT_SECURITY_POLICY") or ""), script_folders(settings)
    if not folders or not policy:
        return policy
    return _with_script_sources(policy, lambda sources: [
        *(s for s in sources if s.lower() != "'self'" and s not in folders), *folders])


def script_folders(settings: dict[str, Any]) -> list[str]:
    """The absolute folders the site's scripts come from; none without SITEURL."""
    site = str(settings.get("SITEURL") or "").rstrip("/")
    if not site:
        return []
    return [f"{site}/{folder}/" for folder in (settings.get("THEME_STATIC_DIR") or "theme", *SCRIPT_FOLDERS)]


def _with_script_sources(policy: str, change: Callable[[list[str]], list[str]]) -> str:
    parts = []
    for part in policy.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() == "script-src":
            lead = part[:len(part) - len(part.lstrip())]
            parts.append(lead + " ".join([tokens[0], *change(tokens[1:])]))
        else:
            parts.append(part)
    return ";".join(parts)


def _as_written(settings: dict[str, Any]) -> str:
    """The policy as pelicanconf.py wrote it: a script-src narrowed by this build reads 'self' again."""
    folders = script_folders(settings)

    def unnarrowed(sources: list[str]) -> list[str]:
        kept = [source for source in sources if source not in folders]
        return [*kept, "'self'"] if len(kept) < len(sources) else kept
    return _with_script_sources(str(settings.get("CONTENT_SECURITY_POLICY") or ""), unnarrowed)


SCRIPT_FOLDERS = ("pagefind",)  # besides THEME_STATIC_DIR: the search index's own scripts


def _positive_int(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else f"{value!r} is not a positive whole number"


def _names(value: Any) -> str | None:
    ok = isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value)
    return None if ok else f"{value!r} is not a list of field names"


SETTING_RULES: tuple[Rule[SettingCheck], ...] = (
    Rule("PUBLIC_URL", _public_url, "set it to the site's public address, e.g. 'https://stepwise.example'"),
    Rule("SITEURL", _site_url, "leave it '' while developing; publishconf.py sets it to PUBLIC_URL"),
    Rule("CRISIS_RESOURCES", _crisis_resources, "list at least one crisis line as "
         "{'name': …, 'detail': …, 'action': 'Call 116 123', 'href': 'tel:116123'}"),
    Rule("CRISIS_NOTE", _non_empty_text, "say in one sentence that the site is not an emergency service"),
    Rule("NOT_THERAPY_NOTE", _non_empty_text, "say in one sentence that the site does not replace therapy"),
    Rule("PRACTICE_CONTACT", _practice_contact, "write PRACTICE_CONTACT = {'email': 'hello@example.org', "
         "'phone': '+44 20 7946 0123', 'address': 'Line 1\\nLine 2', "
         "'booking_url': 'https://…'}, leaving out any part you do not have"),
    Rule("CONTENT_SECURITY_POLICY", _strict_csp, "keep \"default-src 'self'; script-src 'self' "
         "'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action "
         "'self'\" as they are, and never add 'unsafe-inline'"),
    *(Rule[SettingCheck](setting, _positive_int, f"use a whole number, e.g. {row.default}")
      for setting, row in LIMITS.items()),
    Rule("STEPWISE_THEME_FIELDS", _names, "list field names as authors write them, e.g. ['Subtitle']"),
    Rule("TIMEZONE", _time_zone, "write a name from the time zone database, e.g. 'Europe/London' or 'UTC'"),
)
# Settings Pelican reads for every content file: a wrong one would fail each file in turn, so
# its problem stops the build before any file is read (one error, naming the setting).
READ_FOR_EVERY_FILE = frozenset({"TIMEZONE"})


def settings_problems(settings: dict[str, Any]) -> Iterator[ContentIssue]:
    """Every setting that breaks a rule, as an issue naming the settings file."""
    merged = {**DEFAULTS, **settings}
    shown = settings_file(merged)
    merged["CONTENT_SECURITY_POLICY"] = _as_written(merged)
    for rule in SETTING_RULES:
        problem = rule.check(merged.get(rule.field))
        if problem:
            yield ContentIssue(setting_source(merged, rule.field, shown), rule.field, problem, rule.fix)
    if merged["STEPWISE_UNSAFE_NO_POLICY"]:
        yield ContentIssue(shown, "STEPWISE_UNSAFE_NO_POLICY",
                           "is on: bodies, static files and non-Markdown sources are published unchecked",
                           "remove it: it exists only for the tests that prove the policy is needed",
                           severity="error" if merged.get("SITEURL") else "warning")


def policy_off(settings: dict[str, Any]) -> bool:
    """Whether the HTML and file policy is switched off (tests only, see DEFAULTS)."""
    return bool(settings.get("STEPWISE_UNSAFE_NO_POLICY"))
