"""`make serve` / `invoke livereload`: watch the sources, keep the builder busy, reload browsers.

Usage (what `invoke livereload` runs, with the project's folders):
    python -m stepwise_tools.livepreview [-s pelicanconf.py] [-o output] [--content DIR]
                                   [--host 127.0.0.1] [--port 8000] [-e KEY=JSON ...]

Three parts, one asyncio loop: watchfiles (Pelican's own watcher) reports saved files;
the builder process (liveworker.py, the site in memory) is told about them and answers
with events; the web server (devserver.py) passes reloads to every open page. A change
to plugin code or to the settings file starts a new builder, since the running one has
the old code imported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.iostream import PipeIOStream
from watchfiles import Change, DefaultFilter, awatch

from stepwise_core import preview_undo

from .devserver import Hub, addresses, application, listen
from .liveworker import Worker, start_worker

STEP_MS = 20  # watchfiles waits this long for more changes before it reports a batch
CRASH_LOOP_SECONDS = 5.0  # a builder that dies this soon is not started again until a save
Say = Callable[[str], None]


def say_now(text: str) -> None:
    """Print at once, also into a file or a pipe (`make serve | tee`), in order with the builder's."""
    print(text, flush=True)


AGAIN = "make serve PORT={port} (or .venv/bin/invoke livereload --port {port})"


@dataclass
class LivePreview:
    """One live preview: the builder's arguments, what to watch, where to serve."""

    argv: list[str]  # for stepwise_tools.liveworker: -s SETTINGS -o OUTPUT [...]
    root: Path  # the project: plugins/ and the settings file live here
    output: Path
    watched: list[Path]
    settings_file: Path
    say: Say = say_now
    hub: Hub = field(default_factory=Hub)
    worker: Worker | None = None
    previewed: bool = False  # the running build showed a page early
    started: float = 0.0

    def restarts_builder(self, path: Path) -> bool:
        """Plugin code or the settings: the builder process must start again."""
        plugin_code = path.suffix == ".py" and path.is_relative_to(self.root / "plugins")
        return path == self.settings_file or plugin_code

    async def run(self, host: str, port: int) -> None:
        listen(application(self.output, self.hub), host, port, AGAIN)
        self.say("Building the site…")
        self.start_builder()
        urls = "\n  ".join(addresses(host, port))
        self.say(f"Live preview (reloads on every save; Ctrl-C to stop):\n  {urls}")
        if host in {"0.0.0.0", "::"}:
            self.say("Anyone on this network can open it while it runs.")
        await asyncio.gather(self.watch_sources(), self.watch_settings())

    def start_builder(self) -> None:
        if self.worker is not None:
            self.worker.stop(at_once=True)
        self.worker = start_worker(self.argv, self.root)
        self.started = time.monotonic()
        asyncio.get_running_loop().create_task(self.read_events(self.worker))

    async def read_events(self, worker: Worker) -> None:
        stream = PipeIOStream(os.dup(worker.events))  # its own descriptor: Worker.stop closes the other
        try:
            while True:
                line = await stream.read_until(b"\n")
                self.on_event(json.loads(line))
        except Exception:  # the builder ended: restarted or stopped by us, or it crashed
            pass
        finally:
            stream.close()
        if worker is not self.worker:
            return  # replaced or stopped by us
        worker.stop(at_once=True)
        self.worker = None
        if time.monotonic() - worker.born < CRASH_LOOP_SECONDS:  # it cannot even start
            self.say("The builder stopped as it started (see above); save a fix to try again")
        else:
            self.say("The builder stopped unexpectedly (see above); starting it again")
            self.start_builder()

    def on_event(self, event: dict[str, Any]) -> None:
        seconds = time.monotonic() - self.started
        if event["event"] == "reload":
            # While the last build is broken, every page reloads: each shows the problems again.
            self.hub.send("reload", None if self.hub.problems else event["urls"])
            self.previewed = event.get("how") == "preview"
            if event.get("how") == "body":
                self.say(f"Updated {', '.join('/' + u for u in event['urls'])} in {seconds:.2f} s")
        elif event["event"] == "built":
            self.on_built(event, seconds)
        elif event["event"] == "indexed":
            self.say("Search index updated")

    def on_built(self, event: dict[str, Any], seconds: float) -> None:
        previewed, self.previewed = self.previewed, False
        if event["ok"]:
            self.hub.set_problems([])
            self.hub.send("reload", None)
            self.say(f"Built in {seconds:.2f} s")
            return
        self.hub.set_problems(event["problems"])
        if previewed:  # the page it showed early was put back (preview_undo.py)
            self.hub.send("reload", None)
        self.say(f"The build failed with {len(event['problems'])} problem(s); the preview shows "
                 "the last good build:\n  " + "\n  ".join(event["problems"]))

    def changed(self, changes: set[tuple[Change, str]]) -> None:
        paths = sorted({Path(path) for _, path in changes})
        if any(self.restarts_builder(path) for path in paths):
            self.say("Plugin code or settings changed: starting the builder again")
            self.start_builder()
            return
        if self.worker is None:  # it stopped on an error: this save may be the fix
            self.start_builder()
            return
        self.started = time.monotonic()
        try:
            self.worker.send(changed=[str(path) for path in paths])
        except OSError:  # it died just now; read_events restarts it
            self.say("The builder is not running; save again once it has started")

    async def watch_sources(self) -> None:
        async for changes in awatch(*self.watched, step=STEP_MS, watch_filter=DefaultFilter()):
            self.changed(changes)

    async def watch_settings(self) -> None:
        """The settings file, by its folder (editors save by replacing the file)."""
        def only_settings(_change: Change, path: str) -> bool:
            return Path(path) == self.settings_file
        async for changes in awatch(self.settings_file.parent, step=STEP_MS, recursive=False,
                                    watch_filter=only_settings):
            self.changed(changes)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop(at_once=True)
            self.worker = None
        preview_undo.undo(self.output)  # a build stopped after its preview: the last good pages


def serve_live(preview: LivePreview, host: str, port: int) -> None:
    """Run until Ctrl-C."""
    try:
        asyncio.run(preview.run(host, port))
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        sys.stdout.flush()


def serve_folder(folder: Path, host: str, port: int, *, say: Say = say_now, what: str = "",
                 again: str = "--port {port}") -> None:
    """Serve a built folder as a host would (ranges, 404.html), without rebuilds."""
    async def run() -> None:
        listen(application(folder), host, port, again)
        say(f"Serving {what or str(folder) + '/'} (Ctrl-C to stop):\n  " + "\n  ".join(addresses(host, port)))
        await asyncio.Event().wait()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="stepwise-livepreview", description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("-e", "--extra", nargs="*", default=[], action="extend", metavar="KEY=JSON")
    args = parser.parse_args(argv)
    settings, output = Path(args.settings).resolve(), Path(args.output).resolve()
    root = settings.parent
    worker_argv = ["-s", str(settings), "-o", str(output)]
    watched = [root / "theme", root / "plugins"]
    if args.content:
        worker_argv += ["--content", str(Path(args.content).resolve())]
        watched.insert(0, Path(args.content).resolve())
    else:
        watched.insert(0, root / "content")
    if args.extra:
        worker_argv += ["-e", *args.extra]
    preview = LivePreview(argv=worker_argv, root=root, output=output, settings_file=settings,
                          watched=[path for path in watched if path.is_dir()])
    serve_live(preview, args.host, args.port)


if __name__ == "__main__":
    main()
