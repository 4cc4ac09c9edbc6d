"""stepwise_speed: the optional speed plugin. Leave it out of PLUGINS and the site is the
same, byte for byte (tests/stepwise_speed/test_optional.py), only built more slowly.

At start-up it checks that Pelican and Python-Markdown are the versions its fast paths
were proven on (internals.py); on any other version it stands aside with one warning.
Otherwise it puts in its reader and writer (through the build state, which the
stepwise plugin hands Pelican), its Markdown extensions (in place of toc and smarty),
its content-cache guard, the Markdown pool, the card cache and frozen URLs.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals

from stepwise_core.buildstate import build_state
from stepwise_core.errors import NOTICE
from stepwise_core.protocols import Generator, Pelican
from stepwise_core.signals import build_stopping, splitting_work

from . import cache, forking, fragments, internals, parallel, render, templates
from .preview import PreviewWriter, preview_before_checks
from .reader import FastMarkdownReader
from .settings import plugin_settings

log = logging.getLogger(__name__)

# `invoke canary` sets it in the environment, for the builds its tests start.
UNPROVEN_ENV = "STEPWISE_SPEED_UNPROVEN"
ON = "stepwise_speed.on"  # in the build state's plugins: the fast paths run in this build
# Python-Markdown's extensions -> their exact, faster forms (None: added, not replaced).
FAST_EXTENSIONS = {"markdown.extensions.toc": "stepwise_speed.fasttoc",
                   "markdown.extensions.smarty": "stepwise_speed.fastsmarty",
                   None: "stepwise_speed.fastinline"}


def fast_markdown(markdown: dict[str, Any]) -> dict[str, Any]:
    """The MARKDOWN setting with each extension swapped for its fast form, options and order kept."""
    swap = {slow: fast for slow, fast in FAST_EXTENSIONS.items() if slow}
    configs = {swap.get(name, name): options
               for name, options in markdown.get("extension_configs", {}).items()}
    extensions = [swap.get(name, name) if isinstance(name, str) else name
                  for name in markdown.get("extensions", [])]
    if FAST_EXTENSIONS[None] not in configs:
        configs[FAST_EXTENSIONS[None]] = {}
    return {**markdown, "extension_configs": configs, "extensions": extensions}


def stand_aside_because(found: dict[str, str], settings: dict[str, Any]) -> str | None:
    """Why the fast paths must not run with these package versions; None when they may."""
    other = internals.unproven(found)
    forced = plugin_settings(settings)["STEPWISE_SPEED_UNPROVEN"] or os.environ.get(UNPROVEN_ENV) == "1"
    if not other or forced:
        return None
    named = ", ".join(f"{name} {version}" for name, version in sorted(other.items()))
    proven = ", ".join(f"{name} {version}" for name, version in sorted(internals.PROVEN_ON.items()))
    return (f"{named} is not what its fast paths were proven on ({proven}); building without them "
            "(the same site, more slowly). `invoke canary` says which fast path still holds")


def start(pelican: Pelican, found: dict[str, str] | None = None) -> None:
    """initialized: check the versions, then put the fast paths in (or stand aside)."""
    settings = pelican.settings
    reason = stand_aside_because(internals.installed() if found is None else found, settings)
    if reason:
        log.warning("stepwise_speed: %s", reason, extra={NOTICE: True})
        return
    state = build_state(settings)
    state.plugins[ON] = True
    settings["MARKDOWN"] = fast_markdown(settings.get("MARKDOWN", {}))
    state.reader_class = FastMarkdownReader
    workers = plugin_settings(settings)["STEPWISE_WORKERS"]
    state.writer_class = render.RenderingWriter if workers > 1 else PreviewWriter
    cache.guard(pelican)


def on(settings: dict[str, Any]) -> bool:
    return bool(build_state(settings).plugins.get(ON))


# The receivers: each acts only in a build where the fast paths are on.

def load_caches(generator: Generator) -> None:
    """article_generator_init: restore content-keyed plugin caches (cache.py)."""
    if on(generator.settings):
        cache.load_context_caches(generator)


def start_pool(pelican: Pelican) -> None:
    """get_generators: start converting Markdown in a pool (parallel.py)."""
    if on(pelican.settings):
        parallel.start(pelican)


def after_reading(generators: list[Generator]) -> None:
    """all_generators_finalized: the pool ends, the cache is sealed, URLs are frozen."""
    if not generators or not on(generators[0].settings):
        return
    parallel.stop_after_reading(generators)
    cache.seal(generators)
    render.freeze_urls(generators)


def preview_early(generators: list[Generator]) -> None:
    """all_generators_finalized, after after_reading: an edited page before the site-wide
    checks (preview.py)."""
    if generators and on(generators[0].settings):
        preview_before_checks(generators)


def keep_late_caches(pelican: Pelican) -> None:
    """finalized: keep the content-keyed caches once more, with what the last plugins added
    (the stepwise plugin's verdicts on resolved bodies come after after_reading)."""
    if on(pelican.settings):
        cache.keep_context_caches(pelican.settings)


def keep_caches_when_stopped(settings: dict[str, Any]) -> None:
    """build_stopping: the same for a build the checks stopped, which never reaches
    finalized (the warm build after the fix then judges only what changed)."""
    if on(settings):
        cache.keep_context_caches(settings)


def split_work(settings: dict[str, Any], work: Any, items: list[Any]) -> list[Any] | None:
    """splitting_work: a batch in two processes (forking.py): the resolved bodies' judgement,
    the podcast's tagged audio copies."""
    if not on(settings) or not forking.worth_two(settings, len(items)):
        return None
    return forking.each_in_two(work, items)


def add_card_cache(generator: Generator) -> None:
    """generator_init: each card rendered once (fragments.py)."""
    if on(generator.settings):
        fragments.add_card_cache(generator)


def share_templates(generator: Generator) -> None:
    """generator_init: every generator's environment shares the build's compiled templates."""
    if on(generator.settings):
        templates.share_compiled_templates(generator)


def register() -> None:
    signals.initialized.connect(start)
    signals.article_generator_init.connect(load_caches)
    signals.get_generators.connect(start_pool)
    signals.generator_init.connect(add_card_cache)
    signals.generator_init.connect(share_templates)
    signals.all_generators_finalized.connect(after_reading)
    signals.all_generators_finalized.connect(preview_early)
    signals.article_writer_finalized.connect(render.flush_after_articles)
    splitting_work.connect(split_work)
    signals.finalized.connect(keep_late_caches)
    build_stopping.connect(keep_caches_when_stopped)
