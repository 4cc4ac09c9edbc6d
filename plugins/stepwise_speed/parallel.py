"""Read Markdown sources in a small process pool while Pelican's generators run.

Markdown conversion is more than half of a cold build (profile in
bench/RESULTS.md) and each file converts independently, so on a 2-core machine
two worker processes read the files while the main process builds the site's
context. The main process's reader then takes each finished result instead of
converting again (`take`, called from StepwiseMarkdownReader.read).

Why the result is identical to a sequential build: a worker runs the very same
reader class (forked after every plugin registered, so the same settings,
Markdown extensions and people registry) on the same bytes, and hands back the
same (content, metadata). Objects that point at the settings (Author, Tag,
Category) are re-attached to the main process's settings on arrival. A file
whose read logged anything or failed is NOT taken: the main process reads it
again, so every warning and error is reported exactly as without the pool.
Files that Pelican's content cache will serve are not converted at all.
"""

from __future__ import annotations

import fnmatch
import gc
import io
import logging
import multiprocessing
import os
import pickle
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import Any

from pelican.cache import FileStampDataCacher
from pelican.readers import Readers

from stepwise_core.buildstate import NotData, build_state
from stepwise_core.markdown_limits import BodyTooSlow
from stepwise_core.protocols import Generator, Pelican
from stepwise_core.reader import StepwiseMarkdownReader

from .settings import plugin_settings

log = logging.getLogger(__name__)

# Where one build's pool lives: in its state (buildstate.py), under this name.
STATE_KEY = "stepwise_speed.pool"
SETTINGS_ID = "stepwise-settings"
WAIT_SECONDS = 1.0  # how often a wait for a worker's chunk checks that the workers live
# The build's own handlers (stepwise_tools/build.py raises SystemExit on SIGTERM) are for
# the main process. A worker that inherited them lost Pool.terminate()'s SIGTERM when it
# came before the forked worker had run (CPython clears the signals its handlers caught
# then) and waited forever for a task, with the main process waiting for it: a build hung
# for 10 minutes in CI.
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


@dataclass
class PoolState(NotData):
    """The pool of one build and the results that arrived and were not taken yet."""

    pool: Pool
    pending: Any  # multiprocessing's IMapUnorderedIterator: next(timeout=...)
    wanted: set[str]
    workers: list[Any] = field(default_factory=list)  # the pool's processes, to notice one dying
    ready: dict[str, tuple[str, dict[str, Any]] | BodyTooSlow | None] = field(default_factory=dict)


# --- which files -----------------------------------------------------------

def _markdown_extensions(settings: dict[str, Any]) -> tuple[str, ...]:
    return tuple(StepwiseMarkdownReader.file_extensions)


def source_files(settings: dict[str, Any]) -> list[str]:
    """Absolute paths of the Markdown files the generators will read, in the order they read them.

    Generator.get_files returns a set, and the articles and pages generators read in
    that set's order, which follows this process's string hashes. The same paths added
    in the same walk order make a set with the same order, so the pool converts files
    in the order the main process asks for them, and the main process works alongside
    the pool instead of waiting for a file in its last chunk. A mismatch costs time,
    never a wrong result: a file converted here that Pelican does not read is wasted work.
    """
    base, markdown = settings["PATH"], _markdown_extensions(settings)
    readable = tuple(Readers(settings).extensions)
    ordered: dict[str, None] = {}
    for kind in ("ARTICLE", "PAGE"):
        walked = _walk_like_get_files(settings, settings.get(f"{kind}_PATHS", []),
                                      settings.get(f"{kind}_EXCLUDES", []), readable)
        ordered.update((os.path.abspath(os.path.join(base, rel)), None) for rel in walked
                       if os.path.splitext(rel)[1][1:] in markdown)
    return list(ordered)


def _walk_like_get_files(settings: dict[str, Any], paths: list[str], excludes: list[str],
                         extensions: tuple[str, ...]) -> set[str]:
    """Pelican's Generator.get_files (4.12), step for step, for its set's iteration order."""
    base, ignores = settings["PATH"], settings.get("IGNORE_FILES", [])
    excluded: dict[str, set[str]] = {}
    for exclude in excludes:
        parent, name = os.path.split(os.path.join(base, exclude))
        excluded.setdefault(parent, set()).add(name)

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, i) for i in ignores)

    def readable(name: str) -> bool:  # Generator._include_path
        return not ignored(name) and os.path.splitext(name)[1][1:] in extensions

    files: set[str] = set()
    for path in paths:
        root = os.path.join(base, path) if path else base
        if not os.path.isdir(root):
            if os.path.exists(root) and readable(os.path.basename(path)):
                files.add(path)
            continue
        for dirpath, dirs, names in os.walk(root, topdown=True, followlinks=True):
            dirs[:] = [d for d in dirs if d not in excluded.get(dirpath, ()) and not ignored(d)]
            reldir = os.path.relpath(dirpath, base)
            files.update(os.path.join(reldir, f) for f in names if readable(f))
    return files


def not_cached(settings: dict[str, Any], paths: list[str]) -> list[str]:
    """The files Pelican's reader-level content cache will not serve this build."""
    if not (settings.get("LOAD_CONTENT_CACHE") and settings.get("CACHE_CONTENT")
            and settings.get("CONTENT_CACHING_LAYER") == "reader"):
        return paths
    caches = [FileStampDataCacher(settings, f"{name}-Readers", False, True)
              for name in ("ArticlesGenerator", "PagesGenerator")]
    return [p for p in paths if all(c.get_cached_data(p) is None for c in caches)]


# --- the worker side (a forked process) -------------------------------------

class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _read_quietly(reader: Any, path: str,
                  recorder: _Recorder) -> tuple[str, dict[str, Any]] | BodyTooSlow | None:
    """The reader's result (or its refusal for outrunning the time budget), or None if reading
    logged anything or failed."""
    before = recorder.count
    try:
        result = reader.read(path)
    except BodyTooSlow as slow:  # handed over as it is: converting it again would take as long
        return slow
    except Exception:  # the main process reads it again and reports it properly
        return None
    return None if recorder.count != before else result


def _convert_chunk(paths: list[str]) -> bytes:
    """Worker: read a chunk of files; pickle with the settings left out (see _Pickler)."""
    settings = _WORKER["settings"]
    reader = _WORKER["reader"]
    out = io.BytesIO()
    results = {path: _read_quietly(reader, path, _WORKER["recorder"]) for path in paths}
    _Pickler(out, settings).dump(results)
    return out.getvalue()


# The worker's reader, made once per worker by the pool initializer. It lives in
# the worker process only; the main process never touches this dict.
_WORKER: dict[str, Any] = {}


def _init_worker(settings: dict[str, Any]) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # Pool.terminate() ends it at once
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held since the fork (_stop_signals_held)
    root = logging.getLogger()
    for handler in list(root.handlers):  # the main process reports; workers stay silent
        root.removeHandler(handler)
    recorder = _Recorder()
    root.addHandler(recorder)
    # A worker the pool starts to replace one that died is forked from the build as it is now,
    # pool and all: it must convert its chunk, not wait for the pool's results as the build does.
    build_state(settings).plugins.pop(STATE_KEY, None)
    readers = Readers(settings)  # fires readers_init, so plugins swap in their reader
    reader = next(r for ext, r in readers.readers.items() if ext in _markdown_extensions(settings))
    _WORKER.update(settings=settings, reader=reader, recorder=recorder)


class _Pickler(pickle.Pickler):
    """Author/Tag/Category hold the settings dict: send a reference, not a copy."""

    def __init__(self, file: io.BytesIO, settings: dict[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._settings = settings

    def persistent_id(self, obj: Any) -> str | None:
        return SETTINGS_ID if obj is self._settings else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, settings: dict[str, Any]) -> None:
        super().__init__(io.BytesIO(data))
        self._settings = settings

    def persistent_load(self, pid: Any) -> Any:
        if pid == SETTINGS_ID:
            return self._settings
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


# --- the main process side --------------------------------------------------

def _chunks(paths: list[str], workers: int) -> list[list[str]]:
    """Small enough to balance the workers, large enough to keep overhead low."""
    size = max(4, min(32, len(paths) // (workers * 8) or 1))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT while the workers are forked: a worker (its mask is inherited)
    takes them only once _init_worker set its own handlers; the main process gets any that
    arrived meanwhile when the block ends. The pool's threads, started here, keep them held,
    so these signals always reach the main thread."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def start(pelican: Pelican) -> None:
    """Start converting this build's uncached Markdown files (get_generators signal).

    get_generators fires after every plugin registered and after Pelican copied
    the settings into the template context, and before any generator reads.
    """
    settings = pelican.settings
    options = plugin_settings(settings)
    workers = int(options["STEPWISE_WORKERS"])
    paths = not_cached(settings, source_files(settings))
    if settings.get("LOAD_CONTENT_CACHE"):
        build_state(settings).changed_sources = paths  # what changed since the cached build (preview.py)
    if workers < 2 or len(paths) < options["STEPWISE_PARALLEL_MIN_FILES"]:
        return  # a pool costs more than it saves for a handful of files
    gc.freeze()  # as in render.py: the workers share the heap without copying it
    with _stop_signals_held():
        pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (settings,))
    gc.unfreeze()
    # The workers, named before any has work: one killed on its first file could otherwise be
    # reaped, and left out, before the list is made, and its lost chunk waited for for ever.
    started = multiprocessing.active_children()
    pending = pool.imap_unordered(_convert_chunk, _chunks(paths, workers))
    build_state(settings).plugins[STATE_KEY] = PoolState(pool=pool, pending=pending, wanted=set(paths),
                                                         workers=started)
    log.debug("stepwise: converting %d Markdown files in %d processes", len(paths), workers)


def take(settings: dict[str, Any], source_path: str) -> tuple[str, dict[str, Any]] | BodyTooSlow | None:
    """A worker's (content, metadata) for this file (or its refusal for being too slow to
    read), or None to read it here."""
    state: PoolState | None = build_state(settings).plugins.get(STATE_KEY)
    path = os.path.abspath(source_path)
    if state is None or path not in state.wanted:
        return None
    state.wanted.discard(path)
    while path not in state.ready:
        chunk = _next_chunk(state)
        if chunk is None:  # all done, or a worker died: the rest is read here
            if _died(state):
                stop(settings)
            return None
        state.ready.update(_Unpickler(chunk, settings).load())
    result = state.ready.pop(path)
    if not state.wanted:
        stop(settings)
    return result


def _next_chunk(state: PoolState) -> bytes | None:
    """The next finished chunk; None when there is none left or a worker died.

    multiprocessing.Pool replaces a worker that dies (killed, out of memory) but loses
    the chunk it held, so waiting without a limit would hang the build for good."""
    while True:
        try:
            return state.pending.next(timeout=WAIT_SECONDS)
        except StopIteration:
            return None
        except multiprocessing.TimeoutError:
            if _died(state):
                log.info("stepwise: a Markdown reading process died; the rest is read here")
                return None


def _died(state: PoolState) -> bool:
    return any(process.exitcode not in (None, 0) for process in state.workers)


def stop(settings: dict[str, Any]) -> None:
    """Shut the pool down (all taken, or the generators are done)."""
    state: PoolState | None = build_state(settings).plugins.pop(STATE_KEY, None)
    if state is not None:
        state.pool.terminate()
        state.pool.join()


def stop_after_reading(generators: list[Generator]) -> None:
    """all_generators_finalized: nothing reads Markdown after this point."""
    if generators:
        stop(generators[0].settings)
