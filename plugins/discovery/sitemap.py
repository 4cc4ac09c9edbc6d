"""sitemap.xml and the robots.txt Sitemap line, from the pages actually written.

Why not the pelican-sitemap package: it builds absolute URLs from SITEURL, which
is empty in development (ours are from PUBLIC_URL), writes XML by string
formatting, and never sees pages other plugins write (worksheets, guests). Walking
the finished output catches every page; each page's own meta tags say whether it
is indexable and when it last changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from stepwise_core.outputs import rewrite
from stepwise_core.settings import public_url

from .settings import plugin_settings

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
TIME_PROPERTIES = ("article:modified_time", "article:published_time")


def page_url(base: str, relative: str) -> str:
    """The public URL of an output file: /posts/x/index.html -> {base}/posts/x/, percent-encoded
    ('images/A path.jpg' is images/A%20path.jpg; an escape already written stays one)."""
    path = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    return f"{base}/{quote(path, safe='/%')}"


def _page_facts(path: Path, parser: etree.HTMLParser) -> tuple[bool, str | None]:
    """(indexable, last modified date) from the page's robots and article:*_time meta.

    Only the head is parsed, and only its <meta> elements are looked at: the facts
    live there, and this runs for every page of the site, at the end of the build."""
    with path.open(encoding="utf-8", errors="replace") as handle:  # a copied file may be any bytes
        head = handle.read(16_384).split("</head>", 1)[0]
    meta = etree.fromstring(head + "</head>", parser).iter("meta")
    robots, times = [], {}
    for element in meta:
        if element.get("name") == "robots":
            robots.append(element.get("content") or "")
        elif ((kind := element.get("property")) in TIME_PROPERTIES and kind not in times
              and (content := element.get("content")) is not None):
            times[kind] = content
    time = times.get("article:modified_time", times.get("article:published_time"))
    return "noindex" not in " ".join(robots).lower(), (time[:10] if time is not None else None)


def sitemap_entries(output: Path, base: str, exclude: tuple[str, ...]) -> Iterator[tuple[str, str | None]]:
    """(loc, lastmod) for every indexable HTML page, sorted so builds are reproducible."""
    parser = etree.HTMLParser()
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith(exclude):
            continue
        indexable, lastmod = _page_facts(path, parser)
        if indexable:
            yield page_url(base, relative), lastmod


def write_sitemap(target: Path, entries: Iterator[tuple[str, str | None]]) -> int:
    """Write the urlset; return how many URLs it holds."""
    urlset = etree.Element(f"{{{NS}}}urlset", nsmap={None: NS})
    count = 0
    for loc, lastmod in entries:
        url = etree.SubElement(urlset, f"{{{NS}}}url")
        etree.SubElement(url, f"{{{NS}}}loc").text = loc
        if lastmod:
            etree.SubElement(url, f"{{{NS}}}lastmod").text = lastmod
        count += 1
    target.write_bytes(etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    return count


def add_sitemap_line(robots: Path, sitemap_url: str) -> None:
    """Point robots.txt at the sitemap; create a permissive robots.txt if the site has none."""
    text = robots.read_text(encoding="utf-8") if robots.exists() else "User-agent: *\nAllow: /\n"
    lines = [line for line in text.splitlines() if not line.lower().startswith("sitemap:")]
    rewrite(robots, "\n".join([*lines, f"Sitemap: {sitemap_url}"]) + "\n")  # it may be content/'s, linked


def write_all(output: Path, settings: dict[str, Any]) -> int:
    """sitemap.xml plus the robots.txt line; returns the URL count."""
    options = plugin_settings(settings)
    base = public_url(settings)
    count = write_sitemap(output / options["SITEMAP_SAVE_AS"],
                          sitemap_entries(output, base, tuple(options["SITEMAP_EXCLUDE"])))
    add_sitemap_line(output / options["ROBOTS_SAVE_AS"], f"{base}/{options['SITEMAP_SAVE_AS']}")
    return count
