"""Readers of a built site for the tests: every page's links, ids and resources.

Hand-written on html.parser (stdlib) on purpose: it reads ~100 pages in a quarter
of a second, resolves root-relative links against the output folder the way the
web server will, and checks #fragments, which linkchecker only warns about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that make the browser fetch something (other hosts are forbidden here).
RESOURCE_ATTRS = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("audio", "src"), ("video", "src"), ("video", "poster"), ("track", "src"), ("iframe", "src"),
    ("embed", "src"), ("object", "data"), ("input", "src"), ("image", "href"), ("use", "href"),
}
RESOURCE_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload",
                      "modulepreload", "prefetch", "mask-icon"}


@dataclass
class Page:
    """What one HTML file links to, fetches and defines."""

    path: Path
    links: list[str] = field(default_factory=list)      # href/src anywhere (navigation + resources)
    resources: list[str] = field(default_factory=list)  # URLs the browser loads by itself
    ids: set[str] = field(default_factory=set)


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.page.ids.add(values[key])
        for name in ("href", "src", "poster", "data", "action"):
            if name in values and not (tag == "link" and "canonical" in values.get("rel", "")):
                self.page.links.append(values[name])
        for name, value in values.items():
            if (tag, name) in RESOURCE_ATTRS:
                self.page.resources += [part.split()[0] for part in value.split(",") if part.strip()]
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & RESOURCE_LINK_RELS:
            self.page.resources.append(values.get("href", ""))
        if tag == "form" and values.get("action"):
            self.page.resources.append(values["action"])


def read_page(path: Path) -> Page:
    page = Page(path)
    parser = _PageParser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def html_pages(output: Path) -> list[Path]:
    """Every HTML page a reader can reach (Pagefind's own files excluded)."""
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts)


def site_url_of(output: Path, path: Path) -> str:
    """The root-relative URL that serves `path`: posts/x/index.html -> /posts/x/."""
    relative = path.relative_to(output).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def target_file(output: Path, url_path: str) -> Path | None:
    """The file a root-relative path serves, as http.server would (dir -> index.html)."""
    candidate = output / unquote(url_path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def is_other_host(url: str) -> bool:
    """Whether fetching `url` would contact another host (scheme-relative counts)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in {"", "data", "blob"}


def broken_links(output: Path) -> list[str]:
    """Every internal link or #fragment in the built site that leads nowhere."""
    pages = {p: read_page(p) for p in html_pages(output)}
    problems = []
    for path, page in pages.items():
        base = site_url_of(output, path)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link:
                continue  # external (mailto:, tel:, https:) or empty
            absolute = urlsplit(urljoin(base, link))
            target = path if not parts.path else target_file(output, absolute.path)
            where = path.relative_to(output).as_posix()
            if target is None:
                problems.append(f"{where}: {link!r} points to a missing file")
                continue
            if absolute.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read_page(target).ids
                if unquote(absolute.fragment) not in ids:
                    problems.append(f"{where}: {link!r} points to a missing anchor")
    return problems
