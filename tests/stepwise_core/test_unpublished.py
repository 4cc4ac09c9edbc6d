"""Nothing early, nothing hidden.

- A scheduled episode's audio and transcripts, and a draft post's image, are not copied
  into the site before their item is published (Pelican copies every static file); a file
  a published item or a setting uses is.
- `Status: hidden` items are reachable by their address only: no sitemap entry, no feed
  item, no search index entry, a robots noindex, and no worksheet page of their own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import CONTENT, ROOT, BuildResult, run_build

SCHEDULED = "episodes/002-small-wins-count.md"
DRAFT_POST = """\
Title: A draft with a picture
Date: 2026-01-05 09:00
Author: Jo Whitfield
Summary: Not yet.
Status: draft

![A photo only this draft shows]({static}/images/draft-only.png)
![The podcast's artwork, which the site uses anyway]({static}/media/stepwise-podcast-1400.jpg)
"""
HIDDEN = ("posts/when-the-thoughts-get-heavy.md", "pages/privacy.md",
          "episodes/001-noticing-what-has-moved.md")


def set_line(path: Path, key: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:") or not line.strip())
    if lines[index].startswith(f"{key}:"):
        lines[index] = f"{key}: {value}"
    else:
        lines.insert(index, f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("unpublished")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    set_line(content / SCHEDULED, "Date", "2099-10-22 09:00")
    (content / "images").mkdir(exist_ok=True)
    shutil.copy(ROOT / "theme" / "static" / "icons" / "icon-192.png", content / "images" / "draft-only.png")
    (content / "posts" / "draft-with-a-picture.md").write_text(DRAFT_POST, encoding="utf-8")
    for name in HIDDEN:
        set_line(content / name, "Status", "hidden")
    result = run_build(content, root / "output")
    assert result.ok, result.stderr
    return result


def test_a_scheduled_episodes_audio_and_transcripts_are_not_published_early(site: BuildResult) -> None:
    for held in ("media/002-small-wins-count.mp3", "transcripts/002-small-wins-count.vtt",
                 "transcripts/002-small-wins-count.srt", "episodes/small-wins-count/chapters.json"):
        assert not (site.output / held).exists(), held
    assert (site.output / "media" / "003-when-a-week-feels-like-a-step-back.mp3").is_file()


def test_a_drafts_image_is_not_published_but_a_file_the_site_uses_is(site: BuildResult) -> None:
    assert not (site.output / "images" / "draft-only.png").exists()
    assert (site.output / "media" / "stepwise-podcast-1400.jpg").is_file()  # PODCAST_IMAGE


def test_the_held_files_are_published_once_their_item_is(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    set_line(content / SCHEDULED, "Date", "2026-10-22 09:00")  # its date has passed
    result = run_build(content, tmp_path / "output")
    assert result.ok, result.stderr
    assert (result.output / "media" / "002-small-wins-count.mp3").is_file()
    assert (result.output / "transcripts" / "002-small-wins-count.vtt").is_file()


def hidden_pages(site: BuildResult) -> list[Path]:
    return [site.output / "posts" / "when-the-thoughts-get-heavy" / "index.html",
            site.output / "privacy" / "index.html",
            site.output / "episodes" / "noticing-what-has-moved" / "index.html"]


def test_hidden_items_are_reachable_but_say_noindex(site: BuildResult) -> None:
    for page in hidden_pages(site):
        text = page.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in text, page
        assert 'data-pagefind-ignore="all"' in text, page
    assert '<meta name="robots"' not in site.page("posts/progress-is-not-a-straight-line/index.html")


def test_hidden_items_are_not_in_the_sitemap_or_any_feed(site: BuildResult) -> None:
    sitemap = site.page("sitemap.xml")
    feeds = "".join(site.page(f"feeds/{name}") for name in ("posts.atom.xml", "posts.rss.xml", "podcast.xml"))
    for slug in ("when-the-thoughts-get-heavy", "privacy/", "noticing-what-has-moved"):
        assert slug not in sitemap, slug
        assert slug not in feeds, slug
    assert "progress-is-not-a-straight-line" in sitemap and "progress-is-not-a-straight-line" in feeds


def test_hidden_items_are_not_in_the_search_index(site: BuildResult) -> None:
    entry = json.loads(site.page("pagefind/pagefind-entry.json"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    listed = [p for kind in ("posts", "episodes", "worksheets")
              for p in (site.output / kind).glob("*/index.html")]
    assert indexed == len(listed) - 2  # the hidden post and episode are written, not indexed


def test_a_hidden_posts_worksheet_has_no_page_and_is_not_listed(site: BuildResult) -> None:
    assert not (site.output / "worksheets" / "post-when-the-thoughts-get-heavy").exists()
    index = etree.HTML(site.page("worksheets/index.html").encode())
    assert not index.xpath("//a[contains(@href, 'post-when-the-thoughts-get-heavy')]")


def test_a_draft_or_scheduled_item_with_its_own_save_as_is_not_written(tmp_path: Path) -> None:
    """Red team, session 7: a Save_as line took a draft post, a draft page and a post dated
    next year to their addresses at once (and into the sitemap)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    secret = "not for readers yet"
    (content / "posts" / "draft-with-an-address.md").write_text(
        DRAFT_POST.replace("Not yet.", secret) + "\n" + secret + "\n", encoding="utf-8")
    for path, address in [(content / "posts" / "draft-with-an-address.md", "posts/rt-draft/"),
                          (content / SCHEDULED, "episodes/rt-scheduled/"),
                          (content / "pages" / "privacy.md", "rt-draft-page/")]:
        set_line(path, "Save_as", address + "index.html")
        set_line(path, "Url", address)
    set_line(content / SCHEDULED, "Date", "2099-10-22 09:00")
    set_line(content / "pages" / "privacy.md", "Status", "draft")
    result = run_build(content, tmp_path / "output")
    assert result.ok, result.stderr
    for address in ("posts/rt-draft/", "episodes/rt-scheduled/", "rt-draft-page/"):
        assert not (result.output / address).exists(), address
    written = [p for p in result.output.rglob("*.html") if secret in p.read_text(encoding="utf-8")]
    assert written == []
    sitemap = (result.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "rt-draft" not in sitemap and "rt-scheduled" not in sitemap
