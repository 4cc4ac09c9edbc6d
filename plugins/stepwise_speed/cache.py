"""Make Pelican's content cache safe to leave on for every build.

Pelican's reader-level cache (CACHE_CONTENT + LOAD_CONTENT_CACHE, layer
"reader") skips the Markdown conversion of unchanged files while every plugin
signal still fires. Three gaps would make a cached build differ from a cold
one, and this module closes them:

- Staleness beyond the file: a cached post was validated against the
  people.yaml, settings and plugin code of its day. The cache is only trusted
  when a fingerprint of those inputs is unchanged (`guard`).
- Warnings: the reader is not called for a cached file, so its warnings (a
  missing summary) would vanish and `invoke check` would pass. The reader
  attaches them (and a file's errors) to the metadata (stepwise_core.reader.carry), which
  the cache stores, and the stepwise plugin reports them from the metadata on every build
  (`report_carried`).
- Sharing: one cache folder per (content, output) pair, so test builds of
  throw-away copies never overwrite the site's cache, nor race each other; for an
  output outside the project it sits beside that output (and goes away with it).

It also keeps plugins' in-build caches that are keyed by file content (the
podcast's media probes: STEPWISE_PERSISTENT_CACHES) from one build to the next,
under the same fingerprint, so unchanged audio is not probed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from stepwise_core.buildstate import build_state
from stepwise_core.protocols import Generator, Pelican

from .settings import plugin_settings

FINGERPRINT_FILE = "stepwise-inputs.sha256"
# In the build state's plugins (buildstate.py): this build's fingerprint, its plugin
# code's, whether the content-keyed caches may be loaded (same plugin code as last time),
# and the context seal saved (saved again at the end).
FINGERPRINT_KEY = "stepwise_speed.cache_fingerprint"
CODE_KEY = "stepwise_speed.code_fingerprint"
LOAD_KEY = "stepwise_speed.load_caches"
CONTEXT_KEY = "stepwise_speed.sealed_context"
CODE_FILE = "stepwise-code.sha256"
# Settings that change how a build runs, not what reading a file gives.
VOLATILE = {"OUTPUT_PATH", "CACHE_PATH", "LOAD_CONTENT_CACHE", "STEPWISE_LIVE_OUTPUT",
            "STEPWISE_PREVIEW_FIRST", "STEPWISE_WORKERS",
            "STEPWISE_PARALLEL_MIN_FILES",
            "PODCAST_SOUND_REPORT"}  # `invoke check` measures sound; `invoke build` then reads warm
PLUGINS_DIR = Path(__file__).resolve().parent.parent


def _inputs_fingerprint(settings: dict[str, Any]) -> str:
    """What reading a file depends on besides its bytes: settings, people, plugin code."""
    digest = hashlib.sha256()
    stable = {k: v for k, v in settings.items() if k not in VOLATILE and not k.startswith("_")}
    digest.update(json.dumps(stable, sort_keys=True, default=lambda o: type(o).__name__).encode())
    people = Path(settings["PATH"]) / settings.get("PEOPLE_FILE", "people.yaml")
    for path in [people, *sorted(PLUGINS_DIR.rglob("*.py"))]:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(PLUGINS_DIR.rglob("*.py")):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def guard(pelican: Pelican) -> None:
    """initialized: a cache folder per site, trusted only if its inputs are unchanged."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    build_state(settings).content_cache_guarded = True
    site = f"{os.path.abspath(settings['PATH'])}\n{os.path.abspath(settings['OUTPUT_PATH'])}"
    name = hashlib.sha256(site.encode()).hexdigest()[:16]
    cache, output_parent = Path(settings["CACHE_PATH"]), Path(settings["OUTPUT_PATH"]).resolve().parent
    # A build into a folder outside the project (a test's temporary folder) keeps its cache
    # beside that output, so it goes away with it instead of piling up under cache/.
    inside = output_parent.is_relative_to(cache.resolve().parent)
    folder = cache / name if inside else output_parent / f".stepwise-cache-{name}"
    settings["CACHE_PATH"] = str(folder)
    fingerprint = _inputs_fingerprint(settings)
    stamp = folder / FINGERPRINT_FILE
    trusted = stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint
    code = _code_fingerprint()
    code_stamp = folder / CODE_FILE
    state = build_state(settings).plugins
    state[CODE_KEY] = code
    # Content-keyed caches need the same code, not the same settings (see load_context_caches).
    state[LOAD_KEY] = bool(settings.get("LOAD_CONTENT_CACHE")) and code_stamp.exists() \
        and code_stamp.read_text(encoding="utf-8") == code
    if settings.get("LOAD_CONTENT_CACHE") and not trusted:
        settings["LOAD_CONTENT_CACHE"] = False  # rebuild the cache from scratch
    state[FINGERPRINT_KEY] = fingerprint


def seal(generators: list[Generator]) -> None:
    """all_generators_finalized: the readers saved their caches; record what they were made from."""
    settings = generators[0].settings if generators else {}
    fingerprint = build_state(settings).plugins.get(FINGERPRINT_KEY) if settings else None
    if fingerprint:
        folder = Path(settings["CACHE_PATH"])
        folder.mkdir(parents=True, exist_ok=True)
        _save_context_caches(generators[0].context, settings, folder)
        (folder / FINGERPRINT_FILE).write_text(fingerprint, encoding="utf-8")
        (folder / CODE_FILE).write_text(build_state(settings).plugins[CODE_KEY], encoding="utf-8")
        build_state(settings).plugins[CONTEXT_KEY] = generators[0].context


def keep_context_caches(settings: dict[str, Any]) -> None:
    """finalized: save the content-keyed caches again, with what receivers that ran after
    seal added (the stepwise plugin judges resolved bodies after this plugin's receivers)."""
    context = build_state(settings).plugins.pop(CONTEXT_KEY, None)
    if context is not None:
        _save_context_caches(context, settings, Path(settings["CACHE_PATH"]))


def load_context_caches(generator: Generator) -> None:
    """article_generator_init: restore content-keyed plugin caches when the cache is trusted."""
    settings = generator.settings
    # Keyed by file content (and every setting that changes the result), these stay valid when
    # other settings change, so `invoke build` and `invoke publish` (publishconf.py) share them;
    # never across a change of plugin code (a new policy or probe must judge again).
    state = build_state(settings).plugins
    if not (state.get(FINGERPRINT_KEY) and state.get(LOAD_KEY)):
        return
    for name in plugin_settings(settings)["STEPWISE_PERSISTENT_CACHES"]:
        try:
            data = pickle.loads((Path(settings["CACHE_PATH"]) / f"{name}.pickle").read_bytes())
        except Exception:  # missing, truncated or from older code: probe again
            continue
        if isinstance(data, dict):
            generator.context.setdefault(name, {}).update(data)


def _save_context_caches(context: dict[str, Any], settings: dict[str, Any], folder: Path) -> None:
    for name in plugin_settings(settings)["STEPWISE_PERSISTENT_CACHES"]:
        data = context.get(name)
        if not isinstance(data, dict):
            continue
        target = folder / f"{name}.pickle"
        try:
            target.with_suffix(".tmp").write_bytes(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError):
            continue
        os.replace(target.with_suffix(".tmp"), target)
