"""The live preview's builder process: one LiveSite, driven by JSON lines.

The dev server (devserver.py) starts it and writes one command per line on its standard
input; it answers with one event per line on the file descriptor given as --events-fd
(standard output is Pelican's, for the author to read):

- `{"changed": ["/abs/path", ...]}` -> `{"event": "reload", "urls": [...], "how": "body"}`
  as soon as the edited pages are written, then `{"event": "updated"}` once the feeds
  are written again; or, when more than a body changed, `{"event": "reload", ..., "how":
  "preview"}` from the full build's preview, then `{"event": "built", "ok": ..., "problems":
  [...]}`; `{"event": "unchanged"}` when nothing saved can change the site (an editor's
  temporary file); `{"event": "indexed"}` whenever a fresh search index was swapped in;
- `{"wait": "index"}` -> `{"event": "indexed"}` once no indexer runs (tests use it).

A separate process, so that the server's threads never share a process with the fork()s
of a build (parallel.py, render.py), and so that a change of plugin code or settings can
be met by starting a new one.

Usage: python -m stepwise.liveworker -s pelicanconf.py -o output [--content DIR]
       [-e KEY=JSON ...] --events-fd N
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .build import _parse_overrides
from .errors import ContentIssue
from .livesite import LiveSite, Outcome

POLL_SECONDS = 0.1  # how often a running search indexer is checked for between commands


class Events:
    """One JSON object per line on the events pipe."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def send(self, event: str, **fields: Any) -> None:
        self.stream.write(json.dumps({"event": event, **fields}) + "\n")
        self.stream.flush()


def _built(events: Events, outcome: Outcome) -> None:
    events.send("built", ok=outcome.ok, problems=[f"{p.severity}: {p}" for p in outcome.problems])


def _build(site: LiveSite) -> Outcome:
    """A full build; one that crashed (a syntax error in the settings, say) is a problem to
    show over the page, and this process waits for the save that fixes it."""
    try:
        return site.build()
    except Exception as exc:
        traceback.print_exc()
        return Outcome(problems=[crash_issue(exc, Path(site.settings_file))], rebuilt=True)


def crash_issue(exc: BaseException, settings_file: Path) -> ContentIssue:
    """The file and line a crash points at: the settings file's own line when it is there."""
    if isinstance(exc, SyntaxError) and exc.filename:
        where, line, what = exc.filename, exc.lineno, f"{type(exc).__name__}: {exc.msg}"
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == settings_file]
        where, line = (frames[-1].filename, frames[-1].lineno) if frames else ("(build)", None)
        what = f"{type(exc).__name__}: {exc}"
    shown = os.path.relpath(where, settings_file.parent) if where != "(build)" else where
    return ContentIssue(shown, "Python", what, "correct it and save: the preview builds again "
                        "(the full error is in the terminal)", line=line)


def serve(site: LiveSite, events: Events, commands: TextIO) -> None:
    """Build once, then answer commands until the server closes standard input."""
    _built(events, _build(site))
    while True:
        ready, _, _ = select.select([commands], [], [], POLL_SECONDS)
        if not ready:
            if site.indexer is not None and site.indexing_done():
                events.send("indexed")
            continue
        line = commands.readline()
        if not line:
            site.stop_indexing()
            return
        command = json.loads(line)
        if command.get("wait") == "index":
            site.wait_for_index()
            events.send("indexed")
        elif "changed" in command:
            _apply(site, events, [Path(p) for p in command["changed"]])


def _apply(site: LiveSite, events: Events, paths: list[Path]) -> None:
    try:
        outcome = site.apply(paths)
    except Exception:  # a bug, not bad content (that is reported as problems): say so, build
        traceback.print_exc()
        outcome = _build(site)
    if outcome.rebuilt:
        _built(events, outcome)
        return
    if not outcome.urls:
        events.send("unchanged")  # nothing the site shows was saved (an editor's temporary file)
        return
    events.send("reload", urls=outcome.urls, how="body")
    site.follow_up()
    events.send("updated")


PLUGINS = Path(__file__).resolve().parent.parent


@dataclass
class Worker:
    """A running builder process, seen from the process that started it."""

    process: subprocess.Popen[str]
    events: int  # the read end of the events pipe
    born: float = field(default_factory=time.monotonic)

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def stop(self, *, at_once: bool = False) -> None:
        """End the worker: when its input ends (after the build it is running), or at once."""
        if at_once:
            self.process.terminate()  # a build it leaves half done is never swapped in
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.events >= 0:
            os.close(self.events)
            self.events = -1


def start_worker(argv: list[str], cwd: Path, **popen: Any) -> Worker:
    """Start `python -m stepwise.liveworker ARGV` with plugins/ importable; read its events
    from `Worker.events` (one JSON object per line)."""
    reader, writer = os.pipe()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(PLUGINS), str(cwd), *filter(None, [os.environ.get("PYTHONPATH")])])}
    process = subprocess.Popen(
        [sys.executable, "-m", "stepwise.liveworker", *argv, "--events-fd", str(writer)],
        cwd=cwd, env=env, stdin=subprocess.PIPE, pass_fds=(writer,), encoding="utf-8", **popen)
    os.close(writer)
    return Worker(process, reader)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stepwise-liveworker", description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("-e", "--extra", nargs="*", default=[], action="extend", metavar="KEY=JSON")
    parser.add_argument("--events-fd", type=int, required=True)
    args = parser.parse_args(argv)
    overrides = _parse_overrides(args.extra)
    if args.content:
        overrides["PATH"] = str(Path(args.content).resolve())
    events = Events(os.fdopen(args.events_fd, "w", encoding="utf-8"))
    site = LiveSite(args.settings, Path(args.output), overrides)
    site.on_preview = lambda urls: events.send("reload", urls=urls, how="preview")
    serve(site, events, sys.stdin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
