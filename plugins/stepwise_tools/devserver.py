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
import contextlib
import errno
import html
import json
import mimetypes
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado import web

LIVE_SCRIPT = Path(__file__).with_name("live.js")
SCRIPT_URL, EVENTS_URL = "/_stepwise/live.js", "/_stepwise/events"
SCRIPT_TAG = f'<script type="module" src="{SCRIPT_URL}"></script>'.encode()
NO_STORE = "no-store"  # every reload shows what was just written
# What the live preview shows before any build has succeeded (a first build with a problem):
# the reload script puts the problems over it, and the page reloads once the build works.
NOT_BUILT_YET = (b'<!doctype html><html lang="en"><meta charset="utf-8"><title>Not built yet</title>'
                 b'<meta name="viewport" content="width=device-width, initial-scale=1">'
                 b"<body><h1>The site is not built yet</h1><p>This page reloads when the build "
                 b"works. Its problems, if it has any, show below and in the terminal.</p></body></html>")
PAGE_SUFFIXES = frozenset({"", ".html", ".htm"})  # addresses a reader opens as a page
TYPES = {".webmanifest": "application/manifest+json", ".vtt": "text/vtt", ".srt": "application/x-subrip",
         ".wasm": "application/wasm", ".pagefind": "application/octet-stream", ".m4a": "audio/mp4"}


@dataclass
class Hub:
    """The browsers listening for reloads: one queue of (event, data) per open page, and
    the problems of the last build, for every page that opens (or reloads) until it is fixed."""

    queues: set[asyncio.Queue[tuple[str, str]]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def send(self, event: str, data: Any) -> None:
        for queue in list(self.queues):
            queue.put_nowait((event, json.dumps(data)))

    def set_problems(self, problems: list[str]) -> None:
        self.problems = list(problems)
        if problems:
            self.send("problems", problems)


# The site's CSP as a page's <meta>; a worksheet page's says connect-src 'none'.
CSP_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.IGNORECASE)
CONNECT_SRC = re.compile(r"connect-src[^;]*")


def with_live_script(page: bytes, events_url: str = "") -> bytes:
    """The page with the reload script as the last element of its body; with `events_url`
    (this server's absolute address of its events), a CSP that lets the script reach it."""
    if events_url:
        page = CSP_META.sub(lambda m: m[1] + _connecting(m[2].decode(), events_url).encode() + m[3], page, 1)
    at = page.rfind(b"</body>")
    return page + SCRIPT_TAG if at < 0 else page[:at] + SCRIPT_TAG + page[at:]


def _connecting(escaped_policy: str, events_url: str) -> str:
    """A page's policy that also allows the reload events. A worksheet page allows no
    connection at all ('none', worksheets/generator.py): it gets the events address alone,
    so the preview tells nothing of what the built page allows besides."""
    policy = html.unescape(escaped_policy)
    found = CONNECT_SRC.search(policy)
    if found is None or "'self'" in found[0].split():
        return escaped_policy  # no connect-src (default-src decides) or 'self' already
    sources = [s for s in found[0].split()[1:] if s != "'none'"]
    allowed = " ".join(["connect-src", *sources, events_url])
    return html.escape(policy[:found.start()] + allowed + policy[found.end():])


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
            self._html = with_live_script(raw, self.events_url()) if self.live else raw
        return self._html

    def events_url(self) -> str:
        """The events' address as this page was asked for (a phone asks by the LAN address);
        'self' for an IPv6 address, which a CSP source cannot name."""
        if self.request.host.startswith("["):
            return "'self'"
        return f"{self.request.protocol}://{self.request.host}{EVENTS_URL}"

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
        if status_code != 404 or not (missing.is_file() or self.live):
            super().write_error(status_code, **kwargs)
            return
        if Path(self.request.path).suffix not in PAGE_SUFFIXES:
            # A missing stylesheet or script gets an empty 404 of its own type: a browser
            # reports it missing, where the HTML page (or any other type) would also be
            # refused as the wrong type under the site's nosniff.
            kind, _ = mimetypes.guess_type(self.request.path)
            self.set_header("Content-Type", kind or "application/octet-stream")
            self.finish()
            return
        raw = missing.read_bytes() if missing.is_file() else NOT_BUILT_YET
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", NO_STORE)
        self.finish(with_live_script(raw, self.events_url()) if self.live else raw)


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
            if self.hub.problems:  # a page opened or reloaded while the build is broken
                self.write(f"event: problems\ndata: {json.dumps(self.hub.problems)}\n\n")
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
    found = {"127.0.0.1", *lan_addresses()}
    local = sorted(a for a in found if a.startswith("127."))
    return [f"http://{a}:{port}/" for a in local + sorted(found - set(local))]


def lan_addresses() -> set[str]:
    """This machine's IPv4 addresses on its networks, the ones a phone beside it can open.

    The host name often resolves to 127.0.1.1 alone (Debian, Ubuntu), so the address of
    the default route is asked for too: connecting a UDP socket sends nothing, it only
    picks the address the system would send from (192.0.2.1 is a documentation address).
    """
    found = set()
    with contextlib.suppress(OSError):
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(sockaddr[0]))
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        found.add(str(probe.getsockname()[0]))
    return {a for a in found if not a.startswith(("127.", "0."))}


def listen(app: web.Application, host: str, port: int, again: str = "--port {port}") -> None:
    """Bind, or stop with a message that says what to do when the port is taken.

    `again`: how the author asks for another port with the command they ran."""
    try:
        app.listen(port, address=host or None)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise SystemExit(f"Cannot serve on {host}:{port}: {exc.strerror}. Fix: choose another "
                             "address with --host (127.0.0.1: this machine alone; 0.0.0.0: the network)"
                             ) from exc
        free = free_port_after(port)
        raise SystemExit(f"Port {port} is already in use: another preview (or program) is serving on it. "
                         f"Fix: stop it (Ctrl-C in its window), or use another port: "
                         f"{again.format(port=free)}") from exc


def free_port_after(port: int) -> int:
    """The first port above `port` that nothing listens on now (to suggest it)."""
    for candidate in range(port + 1, min(port + 100, 65535)):
        with socket.socket() as probe:
            try:
                probe.bind(("", candidate))
            except OSError:
                continue
            return candidate
    return port + 1
