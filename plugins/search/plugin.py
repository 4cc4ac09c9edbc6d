"""search: run Pagefind over the finished pages, so every build has a search index.

Pagefind indexes posts, episodes and worksheets (SEARCH_GLOB). It starts as soon as
all of those are written, and works while Pelican renders the listing pages, copies
static files and writes the sitemap: the worksheets plugin writes its pages first,
and the stepwise writer announces when the article pages are done (without the
writer's announcement, as in a one-process build, it starts once the articles
generator has written everything). No page it reads changes after that: each page is
final when written (responsive images are applied as it is written). From then on
Pagefind is the build's longest chain, so the build lowers its own CPU priority
(SEARCH_YIELD_NICENESS) and fills the gaps Pagefind leaves.

`finalized` waits for it, on the staging folder the build runner swaps in, so a
failed index fails the build like any content error and a half-indexed site is never
swapped in. Pagefind writes `pagefind/` beside the pages; the theme's /search/ page
loads `pagefind/pagefind.js` from the site itself.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from pelican import signals

from stepwise_core.buildstate import NotData, build_state
from stepwise_core.helpers import track
from stepwise_core.outputs import FOLDER, Claim, claim_outputs
from stepwise_core.protocols import Generator, Pelican, Writer
from stepwise_core.signals import article_pages_written

from .settings import plugin_settings

log = logging.getLogger(__name__)

# This build's indexer, in its build state (stepwise_core.buildstate), under this name.
STATE_KEY = "search.indexer"
INSTALL = "install it with `pip install 'pagefind[bin]'`"


@dataclass
class Indexer(NotData):
    site: Path
    process: subprocess.Popen[str] | None
    problem: str = ""


def pagefind_program() -> list[str]:
    """The pagefind[bin] executable itself, as `python -m pagefind` would choose it.

    `python -m pagefind` starts an interpreter only to exec that file: ~40 ms more on the
    build's last chain. Where pagefind would look elsewhere first (PAGEFIND_BINARY_PATH, the
    extended build), or pagefind_bin cannot name its file, pagefind's own entry point decides.
    """
    wrapper = [sys.executable, "-m", "pagefind"]
    if os.environ.get("PAGEFIND_BINARY_PATH") is not None or find_spec("pagefind_bin_extended"):
        return wrapper
    try:
        from pagefind_bin import get_executable
        return [str(get_executable().absolute())]
    except (ImportError, OSError):  # FileNotFoundError: a broken install, which the wrapper names
        return wrapper


def pagefind_command(site: Path, settings: dict[str, Any]) -> list[str]:
    options = plugin_settings(settings)
    return [*pagefind_program(), "--site", str(site), "--silent",
            "--glob", options["SEARCH_GLOB"],
            "--root-selector", options["SEARCH_ROOT_SELECTOR"],
            "--exclude-selectors", options["SEARCH_EXCLUDE_SELECTORS"],
            "--force-language", options["SEARCH_LANGUAGE"]]


def start_indexing(settings: dict[str, Any], site: Path) -> None:
    """Start Pagefind on the pages written so far (once per build)."""
    parts = build_state(settings).plugins
    if parts.get(STATE_KEY) is not None:
        return
    try:
        process = subprocess.Popen(pagefind_command(site, settings), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, encoding="utf-8", errors="replace")
    except OSError as exc:
        parts[STATE_KEY] = Indexer(site, None, f"Pagefind could not run ({exc}); {INSTALL}")
        return
    track(settings, process)
    parts[STATE_KEY] = Indexer(site, process)
    log.debug("search: Pagefind started on %s", site)
    yield_to_indexer(plugin_settings(settings)["SEARCH_YIELD_NICENESS"])


def yield_to_indexer(niceness: int) -> None:
    """Let Pagefind have the CPU first: it is the build's critical path from here on."""
    if niceness > 0:
        try:
            os.nice(niceness)
        except OSError as exc:  # a platform without nice, or a sandbox that refuses it
            log.debug("search: could not lower the build's priority (%s)", exc)


def when_articles_written(writer: Writer) -> None:
    """stepwise's article_pages_written: posts and episodes are on disk (worksheets were first)."""
    start_indexing(writer.settings, Path(writer.output_path))


def when_articles_generator_done(generator: Generator, writer: Writer) -> None:
    """article_writer_finalized: the one-process build's point of no more indexed pages."""
    start_indexing(generator.settings, Path(writer.output_path))


def finish_index(pelican: Pelican) -> None:
    """finalized: wait for Pagefind; a failure is a build error naming the cause."""
    settings = pelican.settings
    start_indexing(settings, Path(pelican.output_path))  # no article was written: start now
    indexer: Indexer = build_state(settings).plugins.pop(STATE_KEY)
    if indexer.process is None:
        log.error("search: %s", indexer.problem)
        return
    timeout = plugin_settings(settings)["SEARCH_TIMEOUT_SECONDS"]
    try:
        output, _ = indexer.process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        indexer.process.kill()
        indexer.process.communicate()
        log.error("search: Pagefind did not finish in %s s (SEARCH_TIMEOUT_SECONDS)", timeout)
        return
    if indexer.process.returncode != 0 or not (indexer.site / "pagefind" / "pagefind.js").exists():
        log.error("search: Pagefind failed (exit %s): %s", indexer.process.returncode,
                  (output or "").strip()[-2000:])


def claim_index(_generators: list[Any]) -> list[Claim]:
    """stepwise's claim_outputs: Pagefind writes the whole pagefind/ folder."""
    return [Claim("pagefind/", "the search index", FOLDER)]


def register() -> None:
    article_pages_written.connect(when_articles_written)
    signals.article_writer_finalized.connect(when_articles_generator_done)
    signals.finalized.connect(finish_index)
    claim_outputs.connect(claim_index)
