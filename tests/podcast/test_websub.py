"""New episodes reach apps at once: with a WebSub hub configured, the feed names it and
`invoke publish` tells it after a successful upload (a real local hub records the request)."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import feedparser
import podcastparser

from tests.conftest import CONTENT, run_build
from tests.stepwise.project import invoke, make_project

FEED = "https://stepwise.example/feeds/podcast.xml"


@dataclass
class Hub:
    url: str
    status: int
    watched: Path  # the uploaded feed: the hub must be told only once it is there
    requests: list[dict] = field(default_factory=list)


@contextmanager
def local_hub(watched: Path, status: int = 204) -> Iterator[Hub]:
    """A WebSub hub on 127.0.0.1 that records each request and answers `status`."""
    hub = Hub("", status, watched)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("ascii")
            hub.requests.append({"path": self.path, "type": self.headers.get("Content-Type"),
                                 "form": parse_qs(body), "feed_uploaded": hub.watched.is_file()})
            self.send_response(hub.status)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}/hub"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def with_hub(project: Path, hub: str) -> None:
    with (project / "publishconf.py").open("a", encoding="utf-8") as handle:
        handle.write(f"\nPODCAST_WEBSUB_HUB = {hub!r}\n")


def test_publish_tells_the_hub_after_the_upload(tmp_path: Path) -> None:
    project, dest = make_project(tmp_path / "project"), tmp_path / "www"
    with local_hub(dest / "feeds" / "podcast.xml") as hub:
        with_hub(project, hub.url)
        done = invoke(project, "publish", "--dest", str(dest))
    assert done.returncode == 0, done.stdout + done.stderr
    [request] = hub.requests
    assert request["path"] == "/hub" and request["type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {"hub.mode": ["publish"], "hub.url": [FEED]}
    assert request["feed_uploaded"]
    assert f'<atom:link rel="hub" href="{hub.url}"/>' in (dest / "feeds" / "podcast.xml").read_text("utf-8")
    assert f"Told the WebSub hub {hub.url}" in done.stdout


def test_a_hub_that_refuses_is_reported_and_the_site_stays_published(tmp_path: Path) -> None:
    project, dest = make_project(tmp_path / "project"), tmp_path / "www"
    with local_hub(dest / "feeds" / "podcast.xml", status=500) as hub:
        with_hub(project, hub.url)
        done = invoke(project, "publish", "--dest", str(dest))
    assert done.returncode != 0
    assert "The site is published, but the WebSub hub" in done.stderr and "500" in done.stderr
    assert (dest / "index.html").is_file() and len(hub.requests) == 1


def test_no_hub_is_told_when_the_build_fails(tmp_path: Path) -> None:
    project, dest = make_project(tmp_path / "project"), tmp_path / "www"
    episode = project / "content" / "episodes" / "003-when-a-week-feels-like-a-step-back.md"
    episode.write_text(episode.read_text("utf-8").replace("Transcript: ", "X-Transcript: "), "utf-8")
    with local_hub(dest / "feeds" / "podcast.xml") as hub:
        with_hub(project, hub.url)
        done = invoke(project, "publish", "--dest", str(dest))
    assert done.returncode != 0 and not hub.requests and not dest.exists()


def test_the_feed_declares_the_hub_beside_its_own_address(tmp_path: Path) -> None:
    hub = "https://pubsubhubbub.appspot.com/"
    result = run_build(CONTENT, tmp_path / "output", extra=(f'PODCAST_WEBSUB_HUB="{hub}"',))
    assert result.ok, result.stderr
    data = (result.output / "feeds" / "podcast.xml").read_bytes()
    links = {link["rel"]: link["href"] for link in feedparser.parse(data).feed.links}
    assert links["hub"] == hub and links["self"] == FEED
    assert podcastparser.parse(FEED, io.BytesIO(data))["episodes"]
