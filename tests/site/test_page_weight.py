"""The page-weight budget, measured from the built files: a post page with its worksheet,
HTML plus the CSS and JavaScript it loads, stays under 60 KB uncompressed; images carry
their size and are never much larger than they are shown."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from tests.conftest import ROOT, BuildResult
from tests.site.sitecheck import read_page, site_url_of, target_file

BUDGET_BYTES = 60 * 1000
# A static import, as written or minified (`import{a}from'./a.js'`); not import('./lazy.js').
STATIC_IMPORT = re.compile(r"""(?:^|[;\s}])import\s*(?:[^'"(]*?\bfrom\s*)?['"]([^'"]+)['"]""", re.MULTILINE)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r"""([a-z-]+)\s*=\s*"([^"]*)\"""", re.IGNORECASE)


def _code_files(output: Path, page: Path) -> set[Path]:
    """The stylesheets and scripts a page loads, following static JS imports."""
    base = site_url_of(output, page)
    todo = [u for u in read_page(page).resources if u.endswith((".css", ".js"))]
    found: set[Path] = set()
    while todo:
        url = todo.pop()
        path = target_file(output, url if url.startswith("/") else base + url)
        assert path is not None, f"{page}: {url} is missing"
        if path in found:
            continue
        found.add(path)
        if path.suffix == ".js":
            folder = site_url_of(output, path.parent / "index.html")
            todo += [i if i.startswith("/") else folder + i.removeprefix("./")
                     for i in STATIC_IMPORT.findall(path.read_text(encoding="utf-8"))]
    return found


def page_weight(output: Path, page: Path) -> int:
    return page.stat().st_size + sum(f.stat().st_size for f in _code_files(output, page))


def test_weight_counts_html_css_and_imported_js(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "p.html").write_text('<link rel="stylesheet" href="/s.css"><script type="module" '
                                     'src="/js/a.js"></script>', encoding="utf-8")
    (tmp_path / "s.css").write_text("a{}" * 10, encoding="utf-8")
    js = tmp_path / "js"
    (js / "a.js").write_text("import { b } from './b.js';\nimport('./lazy.js');\n", encoding="utf-8")
    (js / "b.js").write_text("import{c}from'./c.js';export const b=1;", encoding="utf-8")  # minified
    (tmp_path / "js" / "c.js").write_text("export const c = 1;" * 5, encoding="utf-8")
    (tmp_path / "js" / "lazy.js").write_text("export const lazy = 1;", encoding="utf-8")
    total = sum(p.stat().st_size for p in tmp_path.rglob("*.*") if p.name != "lazy.js")
    assert page_weight(tmp_path, tmp_path / "p.html") == total


def test_a_post_page_with_its_worksheet_is_under_budget(built_site: BuildResult) -> None:
    posts = sorted((built_site.output / "posts").glob("*/index.html"))
    assert posts
    with_worksheet = [p for p in posts if "data-storage-key=" in p.read_text(encoding="utf-8")]
    assert with_worksheet == posts, "every post page carries its worksheet form"
    weights = {p.parent.name: page_weight(built_site.output, p) for p in with_worksheet}
    heaviest = max(weights, key=weights.get)  # type: ignore[arg-type]
    assert weights[heaviest] < BUDGET_BYTES, f"{heaviest}: {weights[heaviest]:,} bytes"


def test_the_readme_states_the_weight_measured(built_site: BuildResult) -> None:
    """README, Performance: 'a post page with its CSS and JS | 53.9 KiB (55.2 KB; …) | < 60 KB'.
    The figure is the heaviest post page's, to half a kilobyte: update it when the page changes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = re.search(r"^\| a post page with its CSS and JS \| ([\d.]+) KiB \(([\d.]+) KB;.*\| < (\d+) KB \|$",
                    readme, re.MULTILINE)
    assert row, "the README's page-weight row"
    kib, kb, budget = float(row[1]), float(row[2]), int(row[3])
    posts = (built_site.output / "posts").glob("*/index.html")
    heaviest = max(page_weight(built_site.output, p) for p in posts)
    assert budget * 1000 == BUDGET_BYTES
    measured = f"measured {heaviest:,} bytes"
    assert abs(heaviest / 1000 - kb) <= 0.5 and abs(heaviest / 1024 - kib) <= 0.5, measured


def image_problems(output: Path) -> list[str]:
    """Images without width/height, or local files over twice their shown width with no srcset."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        for tag in IMG.findall(page.read_text(encoding="utf-8")):
            attrs = {k.lower(): v for k, v in ATTR.findall(tag)}
            where = f"{page.relative_to(output)}: {attrs.get('src')}"
            if not (attrs.get("width", "").isdigit() and attrs.get("height", "").isdigit()):
                problems.append(f"{where} has no width/height")
                continue
            src = attrs.get("src", "")
            path = target_file(output, src) if src.startswith("/") else None
            if path and path.suffix.lower() in {".png", ".jpg", ".jpeg", ".webp"} and "srcset" not in attrs:
                with Image.open(path) as image:
                    if image.width > 2 * int(attrs["width"]):
                        problems.append(f"{where} is {image.width}px wide, shown at {attrs['width']}px")
    return problems


def test_the_image_check_finds_missing_sizes_and_oversized_files(tmp_path: Path) -> None:
    Image.new("RGB", (1200, 600)).save(tmp_path / "big.png")
    sized = '<img src="/big.png" width="300" height="150" alt=""'
    (tmp_path / "p.html").write_text(f'<img src="/big.png" alt="">{sized}>{sized} srcset="/big.png 1200w" '
                                     'sizes="300px">', encoding="utf-8")
    assert len(image_problems(tmp_path)) == 2


def test_every_image_states_its_size_and_is_not_oversized(built_site: BuildResult) -> None:
    """width/height stop layout shifts; a file over twice its shown width needs a srcset."""
    problems = image_problems(built_site.output)
    assert not problems, "\n".join(problems)
