"""The local web server: the built site as a web host serves it, plus live reload for `make serve`.

What a host does and Python's http.server does not: byte ranges (a podcast player seeks
to a chapter with them), the site's own 404.html for a missing path, the right types for
.webmanifest, .vtt and .wasm, and `--host` to open the preview on a phone on the same
network. Tornado's StaticFileHandler does the serving, ranges included.

Live reload under the site's own Content-Security-Policy (script-src 'self', no inline
script): every HTML page is served with one more element, `<script type="module"
src="/_stepwise/live.js">`, a file of this server's own origin; it listens to `/_stepwise/events`
(Server-Sent Events, connect-src 'self') and reloads the page when the builder
(liveworker.py) says that page, or the whole site, changed; when a build fails it shows
the problems over the page. The files in output/ are never changed: only what is served.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado import web

LIVE_SCRIPT = Path(__file__).with_name("live.js")
SCRIPT_URL, EVENTS_URL = "/_stepwise/live.js", "/_stepwise/events"
SCRIPT_TAG = f'<script type="module" src="{SCRIPT_URL}"></script>'.encode()
NO_STORE = "no-store"  # every reload shows what was just written
TYPES = {".webmanifest": "application/manifest+json", ".vtt": "text/vtt", ".srt": "application/x-subrip",
         ".wasm": "application/wasm", ".pagefind": "application/octet-stream", ".m4a": "audio/mp4"}


@dataclass
class Hub:
    """The browsers listening for reloads: one queue of (event, data) per open page."""

    queues: set[asyncio.Queue[tuple[str, str]]] = field(default_factory=set)

    def send(self, event: str, data: Any) -> None:
        for queue in list(self.queues):
            queue.put_nowait((event, json.dumps(data)))


def with_live_script(html: bytes) -> bytes:
    """The page with the reload script as the last element of its body."""
    at = html.rfind(b"</body>")
    return html + SCRIPT_TAG if at < 0 else html[:at] + SCRIPT_TAG + html[at:]


class SiteFiles(web.StaticFileHandler):
    """output/ with index.html for folders, the site's 404.html, and no caching."""

    def initialize(self, path: str, default_filename: str | None = None, live: bool = False) -> None:
        super().initialize(path, default_filename)
        self.live = live

    def set_default_headers(self) -> None:
        # A file is only what its type says: no browser runs a transcript or a text file as a
        # script, whatever it holds (README, Publishing: send this header from your host too).
        self.set_header("X-Content-Type-Options", "nosniff")

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", NO_STORE)

    def compute_etag(self) -> str | None:
        return None  # nothing is cached, so nothing is revalidated

    def get_content_type(self) -> str:
        kind = super().get_content_type()
        textual = kind.startswith("text/") or kind.endswith(("json", "javascript", "xml"))
        return f"{kind}; charset=UTF-8" if textual and "charset" not in kind else kind

    def _page(self) -> bytes | None:
        """The HTML being served, with the reload script when live; None for any other file."""
        if not str(self.absolute_path).endswith(".html"):
            return None
        if getattr(self, "_html", None) is None:
            raw = Path(self.absolute_path).read_bytes()
            self._html = with_live_script(raw) if self.live else raw
        return self._html

    def get_content_size(self) -> int:
        page = self._page()
        return len(page) if page is not None else super().get_content_size()

    def get_content(self, abspath: str, start: int | None = None, end: int | None = None) -> Any:  # type: ignore[override]
        page = self._page()
        if page is not None:
            return page[start:end]
        return web.StaticFileHandler.get_content(abspath, start, end)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        missing = Path(self.root) / "404.html"
        if status_code != 404 or not missing.is_file():
            super().write_error(status_code, **kwargs)
            return
        raw = missing.read_bytes()
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", NO_STORE)
        self.finish(with_live_script(raw) if self.live else raw)


class LiveScript(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=UTF-8")
        self.set_header("Cache-Control", NO_STORE)
        self.finish(LIVE_SCRIPT.read_bytes())


class Events(web.RequestHandler):
    """Server-Sent Events: `reload` (data: the changed URLs, or null for all) and `problems`."""

    def initialize(self, hub: Hub) -> None:
        self.hub = hub
        self.queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

    async def get(self) -> None:
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", NO_STORE)
        self.hub.queues.add(self.queue)
        try:
            self.write(": listening\n\n")
            await self.flush()
            while True:
                event, data = await self.queue.get()
                if event == "closed":
                    return
                self.write(f"event: {event}\ndata: {data}\n\n")
                await self.flush()
        except Exception:  # the page went away (tornado's StreamClosedError)
            return
        finally:
            self.hub.queues.discard(self.queue)

    def on_connection_close(self) -> None:
        self.queue.put_nowait(("closed", ""))


def application(output: Path, hub: Hub | None = None) -> web.Application:
    """The site in `output`; with a hub, live: pages carry the reload script."""
    for suffix, kind in TYPES.items():
        mimetypes.add_type(kind, suffix)
    files = {"path": str(output), "default_filename": "index.html", "live": hub is not None}
    routes: list[Any] = [(r"/(.*)", SiteFiles, files)]
    if hub is not None:
        routes[:0] = [(SCRIPT_URL, LiveScript), (EVENTS_URL, Events, {"hub": hub})]
    return web.Application(routes, log_function=lambda _handler: None)


def addresses(host: str, port: int) -> list[str]:
    """The URLs to open: this machine's own, and for 0.0.0.0 or :: each address others can reach."""
    if host not in {"0.0.0.0", "::", ""}:
        shown = f"[{host}]" if ":" in host else host
        return [f"http://{shown}:{port}/"]
    found = {"127.0.0.1"}
    try:
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(sockaddr[0]))
    except OSError:
        pass
    local = sorted(a for a in found if a.startswith("127."))
    return [f"http://{a}:{port}/" for a in local + sorted(found - set(local))]


def listen(app: web.Application, host: str, port: int) -> None:
    """Bind, or stop with a message that says what to do when the port is taken."""
    try:
        app.listen(port, address=host or None)
    except OSError as exc:
        raise SystemExit(f"Cannot serve on {host}:{port} ({exc.strerror}); "
                         f"choose another port with --port {port + 1}") from exc
