"""No built page makes the browser contact another host: no CDN, font, embed or tracker.

Readers of a therapy practice's site must not be disclosed to third parties. This reads
what each page and each stylesheet, script and manifest would fetch; the browser tests
also record every request a page really makes (tests/site/test_accessibility.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import BuildResult
from tests.site.sitecheck import html_pages, is_other_host, read_page

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
JS_IMPORT = re.compile(r"""(?:\bimport\s*\(?|\bfrom|\bfetch\s*\(|importScripts\s*\()\s*['"`]([^'"`]+)""")


def foreign_in_page(path: Path) -> list[str]:
    return [url for url in read_page(path).resources if is_other_host(url)]


def foreign_in_asset(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        urls = [a or b for a, b in CSS_URL.findall(text)]
    elif path.suffix == ".js":
        urls = JS_IMPORT.findall(text)
    else:  # a web app manifest: its icons and start URL
        data = json.loads(text)
        urls = [icon.get("src", "") for icon in data.get("icons", [])] + [data.get("start_url", "")]
    return [url for url in urls if is_other_host(url)]


def test_the_check_catches_each_kind_of_reference(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<link rel="stylesheet" href="https://cdn.example/x.css">'
                    '<script src="//cdn.example/x.js"></script><img src="/ok.png" alt="" '
                    'srcset="/ok.png 1x, https://img.example/a.png 2x"><iframe src="https://e.example/"></iframe>'
                    '<audio src="http://m.example/a.mp3"></audio><link rel="icon" href="https://i.example/f.ico">',
                    encoding="utf-8")
    assert len(foreign_in_page(page)) == 6
    css = tmp_path / "a.css"
    css.write_text("@import 'https://fonts.example/f.css'; a { background: url(/ok.png) } "
                   "b { background: url('https://t.example/p.gif') }", encoding="utf-8")
    assert len(foreign_in_asset(css)) == 2
    js = tmp_path / "a.js"
    js.write_text("import x from 'https://cdn.example/m.js'; fetch(`https://t.example/`); import('./ok.js')",
                  encoding="utf-8")
    assert len(foreign_in_asset(js)) == 2
    manifest = tmp_path / "m.webmanifest"
    manifest.write_text('{"start_url": "/", "icons": [{"src": "https://i.example/a.png"}]}', encoding="utf-8")
    assert foreign_in_asset(manifest) == ["https://i.example/a.png"]


def test_no_page_references_another_host(built_site: BuildResult) -> None:
    pages = html_pages(built_site.output)
    found = {p.relative_to(built_site.output).as_posix(): foreign_in_page(p) for p in pages}
    assert not {page: urls for page, urls in found.items() if urls}


def test_no_stylesheet_script_or_manifest_fetches_from_another_host(built_site: BuildResult) -> None:
    assets = [p for pattern in ("*.css", "*.js", "*.webmanifest") for p in built_site.output.rglob(pattern)]
    assert any(p.suffix == ".webmanifest" for p in assets), "the web app manifest is missing"
    found = {p.relative_to(built_site.output).as_posix(): foreign_in_asset(p) for p in assets}
    assert not {asset: urls for asset, urls in found.items() if urls}
