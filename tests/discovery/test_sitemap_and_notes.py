"""sitemap.xml and robots.txt from finished pages; the safe-messaging signal."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from discovery import notes
from discovery.settings import DEFAULTS
from discovery.sitemap import add_sitemap_line, sitemap_entries, write_sitemap
from tests.conftest import CONTENT, run_build

HEAD = '<!doctype html><html><head>{}</head><body><img src="/x.png" alt=""></body></html>'


def test_sitemap_skips_noindex_and_excluded_pages_and_reads_lastmod(tmp_path: Path) -> None:
    (tmp_path / "posts" / "a").mkdir(parents=True)
    (tmp_path / "posts" / "a" / "index.html").write_text(HEAD.format(
        '<meta property="article:published_time" content="2026-01-02T09:00:00+00:00">'), encoding="utf-8")
    (tmp_path / "search.html").write_text(HEAD.format('<meta name="robots" content="noindex, follow">'),
                                          encoding="utf-8")
    (tmp_path / "404.html").write_text(HEAD.format(""), encoding="utf-8")
    (tmp_path / "index.html").write_text(HEAD.format(""), encoding="utf-8")
    entries = list(sitemap_entries(tmp_path, "https://s.example", ("404.html",)))
    assert entries == [("https://s.example/", None), ("https://s.example/posts/a/", "2026-01-02")]
    assert write_sitemap(tmp_path / "sitemap.xml", iter(entries)) == 2
    root = etree.parse(str(tmp_path / "sitemap.xml")).getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"


def test_robots_gets_exactly_one_sitemap_line(tmp_path: Path) -> None:
    robots = tmp_path / "robots.txt"
    add_sitemap_line(robots, "https://s.example/sitemap.xml")
    assert robots.read_text(encoding="utf-8") == "User-agent: *\nAllow: /\nSitemap: https://s.example/sitemap.xml\n"
    robots.write_text("User-agent: *\nDisallow: /x/\nSitemap: https://old.example/sitemap.xml\n",
                      encoding="utf-8")
    add_sitemap_line(robots, "https://s.example/sitemap.xml")
    assert robots.read_text(encoding="utf-8").splitlines() == [
        "User-agent: *", "Disallow: /x/", "Sitemap: https://s.example/sitemap.xml"]


def test_safe_messaging_words_and_choices() -> None:
    pattern = DEFAULTS["SAFE_MESSAGING_PATTERN"]
    assert notes.mentions(pattern, "<p>thoughts of <em>suicide</em></p>")
    assert notes.mentions(pattern, "", "mentions self-harm")
    assert notes.mentions(pattern, "Suicidal feelings")
    assert not notes.mentions(pattern, "<p>a harmless selfie</p>", "grief")
    # however it was typed or pasted: a soft hyphen, a zero-width space, Word's dashes, a no-break space
    for typed in ("sui&shy;cide", "sui\u00adcidal", "sui\u200bcide", "self\u2010harm", "self\u2011harm",
                  "self\u2013harm", "self\u00a0harm", "kill\u00a0myself"):
        assert notes.mentions(pattern, f"<p>{typed}</p>"), typed
    assert notes.safe_messaging_choice({"safe-messaging": "Yes"}) is True
    assert notes.safe_messaging_choice({"safe-messaging": "no"}) is False
    assert notes.safe_messaging_choice({}) is None
    assert notes.safe_messaging_choice({"safe-messaging": "maybe"}) == "maybe"


def test_the_body_is_searched_where_it_is_read_unless_typogrify_changes_it(tmp_path: Path) -> None:
    """The read-time answer (stepwise's file_read, cached with the file) is the one used; with
    TYPOGRIFY on, or for a file read before this existed, the body is searched again."""
    from types import SimpleNamespace

    from discovery.plugin import MENTIONS_KEY, _body_mentions, note_mentions

    pattern = DEFAULTS["SAFE_MESSAGING_PATTERN"]
    metadata: dict = {}
    note_mentions(SimpleNamespace(settings={}), "<p>thoughts of <em>self-harm</em></p>", metadata, source="")
    assert metadata == {MENTIONS_KEY: True}
    item = SimpleNamespace(_content="<p>an ordinary week</p>", **{MENTIONS_KEY: True})
    plain, typogrify = SimpleNamespace(settings={}), SimpleNamespace(settings={"TYPOGRIFY": True})
    assert _body_mentions(plain, item, pattern) is True  # what was found when the file was read
    assert _body_mentions(typogrify, item, pattern) is False  # the body as the page will show it
    assert _body_mentions(plain, SimpleNamespace(_content="<p>suicidal</p>"), pattern) is True


def test_a_site_whose_static_files_are_linked_leaves_the_authors_files_alone(tmp_path: Path) -> None:
    """STATIC_CREATE_LINKS: output/robots.txt is a hard link to content/extra/robots.txt, and
    adding the Sitemap line into it would have changed the author's file (red team, session 6)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    robots = content / "extra" / "robots.txt"
    written = robots.read_bytes()
    built = run_build(content, tmp_path / "output", extra=("STATIC_CREATE_LINKS=true",))
    assert built.ok, built.stderr
    assert robots.read_bytes() == written
    assert "Sitemap: " in built.page("robots.txt")
