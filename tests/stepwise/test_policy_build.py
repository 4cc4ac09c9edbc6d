"""The README's promises about a post's HTML and files, in real builds.

- a body may hold the HTML of the table (details, tables, footnotes, abbreviations…), and pages
  and feeds publish it;
- comments are allowed and published nowhere;
- the policy's off switch exists for tests only: it warns, `--strict` (invoke check, publish)
  refuses it, and a production build (SITEURL set) refuses it outright;
- the README's table of files names exactly the types the build publishes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from stepwise.static_files import FILE_TYPES
from tests.conftest import BuildResult, run_build
from tests.stepwise.test_html_policy import readme_section

POST = "posts/progress-is-not-a-straight-line.md"
ANCHOR = "People often ask me"
ALLOWED = """<details><summary>What we mean by progress</summary>

Small, real changes.

</details>

<!-- editor: check the figures with Amara before this goes out -->

| Week | Rating |
|:-----|-------:|
| 1 | 3 |

Progress[^1] in <abbr title="cognitive behavioural therapy">CBT</abbr> is often slow.
<del datetime="2026-01-01">Old line</del> <ins cite="/about/">New line</ins> <kbd>Ctrl</kbd>

[^1]: Not a straight line.

"""


def build_with(content: Path, text: str, tmp_path: Path, *extra: str, strict: bool = False) -> BuildResult:
    post = content / POST
    post.write_text(post.read_text(encoding="utf-8").replace(ANCHOR, text + ANCHOR, 1), encoding="utf-8")
    return run_build(content, tmp_path / "output", strict=strict, extra=extra)


def test_allowed_html_is_published_and_comments_are_not(site_copy: Path, tmp_path: Path) -> None:
    result = build_with(site_copy, ALLOWED, tmp_path)
    assert result.ok, result.stderr
    page = result.page("posts/progress-is-not-a-straight-line/index.html")
    for markup in ("<details><summary>What we mean by progress</summary>", '<th style="text-align: left;">',
                   '<abbr title="cognitive behavioural therapy">CBT</abbr>', '<del datetime="2026-01-01">',
                   '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>', "<kbd>Ctrl</kbd>"):
        assert markup in page, markup
    feeds = [result.page(f"feeds/{name}") for name in ("posts.atom.xml", "posts.rss.xml")]
    assert all("What we mean by progress" in feed for feed in feeds)
    for text in (page, *feeds):
        assert "editor: check the figures" not in text
    assert "editor: check the figures" not in result.stderr


def test_the_off_switch_is_for_tests_only(site_copy: Path, tmp_path: Path) -> None:
    payload = '<p onclick="go()">Tap</p>\n\n'
    result = build_with(site_copy, payload, tmp_path, "STEPWISE_UNSAFE_NO_POLICY=true")
    assert result.ok, result.stderr
    assert "warning: pelicanconf.py: STEPWISE_UNSAFE_NO_POLICY: is on" in result.stderr
    assert 'onclick="go()"' in result.page("posts/progress-is-not-a-straight-line/index.html")
    strict = run_build(site_copy, tmp_path / "strict", strict=True, extra=("STEPWISE_UNSAFE_NO_POLICY=true",))
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()
    production = run_build(site_copy, tmp_path / "production",
                           extra=("STEPWISE_UNSAFE_NO_POLICY=true", 'SITEURL="https://stepwise.example"'))
    assert production.returncode == 1
    assert "error: pelicanconf.py: STEPWISE_UNSAFE_NO_POLICY: is on" in production.stderr
    refused = run_build(site_copy, tmp_path / "policy-on")
    assert refused.returncode == 1 and 'has an event handler onclick="…" on <p>' in refused.stderr


def test_the_readme_table_of_files_is_what_the_build_publishes() -> None:
    section = readme_section()
    table = section[section.index("| type"):].split("\n\n", 1)[0]
    listed = set(re.findall(r"`\.([a-z0-9]+)`", table))
    assert listed == {ext for kind in FILE_TYPES for ext in kind.extensions}


def test_a_link_that_resolves_into_markup_is_refused_cold_and_warm(site_copy: Path, tmp_path: Path) -> None:
    """Pelican unescapes an entity-encoded {filename} link and inserts it as it is: the body is
    judged again once links are resolved, and a warm build (verdicts kept) refuses it too."""
    case = Path(__file__).parent.parent / "corpus" / "policy" / "link-resolved-into-a-handler"
    shutil.copytree(case / "files", site_copy, dirs_exist_ok=True)
    payload = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))["edit"][0]["with"]
    expected = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))["expect"]
    post = site_copy / POST
    post.write_text(post.read_text(encoding="utf-8").replace(ANCHOR, payload, 1), encoding="utf-8")
    for _ in range(2):
        result = run_build(site_copy, tmp_path / "output")
        assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert list(tmp_path.glob(".stepwise-cache-*/stepwise_resolved_verdicts.pickle"))
