"""A site published at a sub-path (a GitHub Pages project site) works there: every link,
asset, feed, sitemap entry and the search.

The project is published as an author would (`invoke publish` to a folder) with
PUBLIC_URL set to https://someone.github.io/stepwise; a test server serves that folder
under /stepwise/ only (anything else is a 404, as on github.io), and a crawler follows
every link of every page from the home page, mapping the public address to the server.
A root-relative link ("/posts/...") resolves outside /stepwise/ and is reported.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser import _QuietHandler, serve
from tests.stepwise.project import invoke, make_project

PUBLIC = "https://someone.github.io/stepwise/"
PREFIX = "/stepwise/"
SKIPPED_SCHEMES = {"mailto", "tel", "sms", "data"}
XML_URL = re.compile(r"https?://[^\s\"'<>&]+")
ROOT_LINKS_POST = """Title: Links from the root
Date: 2025-01-01
Author: Amara Okafor
Summary: Root-relative links in a body.

Read [about us](/about/) or try [a worksheet](/worksheets/noticing-progress/).

![A path of stepping stones](/images/a-path-of-small-steps.jpg)

<img src="/images/a-path-of-small-steps.jpg" srcset="/images/a-path-of-small-steps.jpg 2x" alt="Steps">
"""
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


class _UnderPrefix(_QuietHandler):
    """Serves the folder at /stepwise/ only, as GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + path[len(PREFIX):])


def serve_under_prefix(folder: Path) -> AbstractContextManager[str]:
    return serve(folder, _UnderPrefix)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sub-path")
    project = make_project(root / "project")
    settings = project / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    assert 'PUBLIC_URL = "https://stepwise.example"' in text
    settings.write_text(text.replace('PUBLIC_URL = "https://stepwise.example"',
                                     f'PUBLIC_URL = "{PUBLIC.rstrip("/")}"'), encoding="utf-8")
    # Root-relative links an author may write in a body lead inside the sub-path too.
    (project / "content" / "posts" / "links-from-the-root.md").write_text(ROOT_LINKS_POST, encoding="utf-8")
    done = invoke(project, "publish", "--dest", str(root / "www"))
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "www"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("href", "src", "action", "poster", "data-pagefind"):
            if values.get(name):
                self.urls.append(values[name])
        for name in ("srcset",):
            self.urls += [part.split()[0] for part in values.get(name, "").split(",") if part.strip()]
        if tag == "meta" and values.get("property") in {"og:url", "og:image", "og:audio"}:
            self.urls.append(values.get("content", ""))


def links_in(url: str, body: bytes, kind: str) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    if kind == "html":
        parser = _Links()
        parser.feed(text)
        return parser.urls
    if kind == "css":
        return CSS_URL.findall(text)
    if kind == "manifest":
        data = json.loads(text)
        return [data["start_url"], data["scope"], *(icon["src"] for icon in data["icons"])]
    if kind == "other":
        return []  # audio and images: their tags name the site (the feed, the episode page), not links
    return XML_URL.findall(text)  # feeds, sitemap, robots.txt: absolute URLs only


def kind_of(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    if "html" in content_type:
        return "html"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".webmanifest"):
        return "manifest"
    if path.endswith((".xml", ".txt")):
        return "text"
    return "other"


def crawl(local: str) -> tuple[set[str], list[str]]:
    """Every public URL reached from the home page, robots.txt and the feeds, and the problems."""
    seen: set[str] = set()
    problems: list[str] = []
    queue = [PUBLIC, urljoin(PUBLIC, "robots.txt"), urljoin(PUBLIC, "404.html")]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(local + urlsplit(url).path, timeout=10) as response:
                body, content_type = response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            problems.append(f"{url}: HTTP {error.code}")
            continue
        kind = kind_of(url, content_type)
        base = url if not url.endswith("404.html") else urljoin(PUBLIC, "no/such/page/")
        for link in links_in(url, body, kind):
            if link.startswith("#"):
                continue  # this page itself
            target = urldefrag(urljoin(base, link.strip()))[0]
            scheme, host = urlsplit(target).scheme, urlsplit(target).netloc
            if scheme in SKIPPED_SCHEMES or host != urlsplit(PUBLIC).netloc:
                continue  # another site (a directory listing the podcast) or a phone number
            if not urlsplit(target).path.startswith(PREFIX):
                problems.append(f"{url}: {link!r} leaves {PREFIX} ({target})")
            elif scheme in {"http", "https"} and target not in seen:
                queue.append(target)  # an app's own scheme (podcast://) is checked, not fetched
    return seen, problems


def test_every_link_asset_feed_and_sitemap_entry_works_under_the_sub_path(published: Path) -> None:
    with serve_under_prefix(published) as local:
        seen, problems = crawl(local)
    assert problems == []
    reached = {urlsplit(url).path for url in seen}
    pages = {PREFIX + p.relative_to(published).as_posix().removesuffix("index.html")
             for p in published.rglob("*.html") if "pagefind" not in p.parts}
    assert pages - reached == set()  # the crawl saw every page, so the check covered them all
    for feed in ("feeds/posts.atom.xml", "feeds/posts.rss.xml", "feeds/podcast.xml", "sitemap.xml"):
        assert PREFIX + feed in reached, feed


def test_no_page_or_feed_holds_a_root_relative_link(published: Path) -> None:
    """The same rule read from the files: a sub-path site has no href="/..." anywhere."""
    root_relative = re.compile(r"""(?:href|src|action|data-pagefind)\s*=\s*(?:["']|&quot;|&#34;)/(?!/)""")
    found = {p.relative_to(published).as_posix(): len(root_relative.findall(p.read_text(encoding="utf-8")))
             for p in [*published.rglob("*.html"), *published.rglob("*.xml")] if "pagefind" not in p.parts}
    assert {path: count for path, count in found.items() if count} == {}


@pytest.mark.browser
def test_search_works_under_the_sub_path(published: Path, new_page: Callable[..., Any]) -> None:
    with serve_under_prefix(published) as local:
        page = new_page()
        host = urlsplit(PUBLIC).netloc

        def from_local(route: Any) -> None:
            try:
                route.fulfill(response=route.fetch(url=local + urlsplit(route.request.url).path))
            except PlaywrightError:  # the page was closed while this request was on its way
                with suppress(PlaywrightError):
                    route.abort()
        page.route(f"https://{host}/**", from_local)
        page.goto(urljoin(PUBLIC, "search/?q=fortnightly"))
        page.wait_for_selector("#search-results a", timeout=15_000)
        first = page.locator("#search-results a").first
        expect(first).to_have_attribute("href", f"{PREFIX}posts/the-relationship-is-the-therapy/")
        first.click()
        expect(page.locator("h1")).to_have_text("The relationship is the therapy")
        assert page.url == urljoin(PUBLIC, "posts/the-relationship-is-the-therapy/")
        page.wait_for_load_state("load")
        errors = list(page.console_errors)
        foreign = [url for url in page.foreign_requests if not url.startswith(f"https://{host}/")]
        page.close()  # before the server below goes away
    assert errors == []
    assert foreign == []


RUN_AS_SCRIPT = """(url) => new Promise((done) => {
  const script = document.createElement('script');
  script.src = url;
  script.onload = () => done('ran');
  script.onerror = () => done('refused');
  document.head.append(script);
})"""


@pytest.mark.browser
def test_in_production_only_the_theme_and_search_folders_hold_scripts(published: Path,
                                                                      new_page: Callable[..., Any]) -> None:
    """The published CSP names the folders of the site's scripts (issue 13): a file uploaded to
    content/, even served without nosniff (as this server does), can never be a script here."""
    with serve_under_prefix(published) as local:
        page = new_page()

        def from_local(route: Any) -> None:
            route.fulfill(response=route.fetch(url=local + urlsplit(route.request.url).path))
        page.route(f"https://{urlsplit(PUBLIC).netloc}/**", from_local)
        page.goto(urljoin(PUBLIC, "posts/the-relationship-is-the-therapy/"))
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert f"script-src 'wasm-unsafe-eval' {PUBLIC}theme/ {PUBLIC}pagefind/;" in policy
        assert page.evaluate(RUN_AS_SCRIPT, urljoin(PUBLIC, "robots.txt")) == "refused"
        assert page.evaluate(RUN_AS_SCRIPT, urljoin(PUBLIC, "theme/js/copy.js")) == "ran"
        page.close()
