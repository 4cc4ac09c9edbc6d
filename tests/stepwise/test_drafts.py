"""Drafts and scheduled items are never published: not as pages, nor in listings, feeds, sitemap or search.

Policy (pelicanconf.py): WITH_FUTURE_DATES=False makes a future-dated item a draft,
and DRAFT_SAVE_AS/DRAFT_PAGE_SAVE_AS are empty, so Pelican never writes drafts at
all. Nothing that reads the output folder (Pagefind, the sitemap, rsync) can see
one. Once its date has passed, a scheduled item is published by the next build.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import podcastparser
import pytest
from lxml import html

from tests.conftest import BuildResult, run_build
from tests.stepwise.project import invoke, make_project
from tests.stepwise.treecheck import tree_digest

DRAFT_POST = """\
Title: Zanzibar draft post
Date: 2026-01-05 09:00
Author: Jo Whitfield
Tags: zanzibar-draft-tag
Slug: zanzibar-draft
Summary: Quokkadraft words that must never be published.
Status: draft

Quokkadraft body.
"""
DRAFT_PAGE = """\
Title: Zanzibar draft page
Slug: zanzibar-page
Status: draft

Quokkadraftpage body.
"""
SCHEDULED_POST = """\
Title: Zanzibar scheduled post
Date: 2099-01-05 09:00
Author: Jo Whitfield
Tags: zanzibar-future-tag
Slug: zanzibar-scheduled
Summary: Quokkafuture words, published in 2099.

Quokkafuture body.
"""
DUE_POST = """\
Title: Zanzibar due post
Date: {yesterday}
Author: Jo Whitfield
Slug: zanzibar-due
Summary: Quokkadue words, scheduled for yesterday and so published today.

Quokkadue body.
"""
SCHEDULED_PAGE = """\
Title: Zanzibar scheduled page
Date: 2099-01-05 09:00
Slug: zanzibar-later-page

Quokkalaterpage body: a page dated in the future waits for its day, as a post does.
"""
SECRETS = ("zanzibar-later-page", "Quokkalaterpage",
           "zanzibar-draft", "Quokkadraft", "zanzibar-page", "Quokkadraftpage", "zanzibar-scheduled",
           "Quokkafuture", "zanzibar-future-tag", "Zanzibar scheduled", "Zanzibar draft")


def future_episode(episodes: Path) -> str | None:
    """A copy of a real episode, moved to 2099 (with a new Guid, number and slug)."""
    sources = sorted(episodes.glob("*.md"))
    if not sources:
        return None
    lines = []
    for line in sources[-1].read_text(encoding="utf-8").splitlines():
        key = line.partition(":")[0]
        replacements = {"Title": "Title: Zanzibar future episode", "Date": "Date: 2099-02-01 09:00",
                        "Slug": "Slug: zanzibar-future-episode", "Episode": "Episode: 99",
                        "Guid": "Guid: 6f0c5a8e-2a43-4a7e-9d55-0b6f3d6a9e99"}
        lines.append(replacements.get(key, line))
    (episodes / "099-zanzibar-future-episode.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "Zanzibar future episode"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    from tests.conftest import CONTENT

    root = tmp_path_factory.mktemp("drafts")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    posts = content / "posts"
    (posts / "zanzibar-draft.md").write_text(DRAFT_POST, encoding="utf-8")
    (posts / "zanzibar-scheduled.md").write_text(SCHEDULED_POST, encoding="utf-8")
    yesterday = (dt.datetime.now() - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    (posts / "zanzibar-due.md").write_text(DUE_POST.format(yesterday=yesterday), encoding="utf-8")
    (content / "pages" / "zanzibar-page.md").write_text(DRAFT_PAGE, encoding="utf-8")
    (content / "pages" / "zanzibar-later-page.md").write_text(SCHEDULED_PAGE, encoding="utf-8")
    future_episode(content / "episodes")
    result = run_build(content, root / "output", strict=True)
    assert result.ok, result.stderr
    return result


def label_of(page_html: str) -> str | None:
    """The preview's label at the top of an item's page (invoke preview-drafts only)."""
    found = html.fromstring(page_html).xpath("//article//p[@class='preview-label']/strong/text()")
    return found[0] if found else None


def test_a_real_build_never_carries_a_preview_label(site: BuildResult) -> None:
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix != ".css":  # the theme's stylesheet styles the label
            text = readable_bytes(path)
            assert b"preview-label" not in text and b"Draft: not published" not in text, path
            assert b"Scheduled for" not in text, path
    assert not (site.output / "drafts").exists()


def readable_bytes(path: Path) -> bytes:
    """A file's bytes, decompressed when gzip (Pagefind's index and fragments are)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    if path.suffix in {".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"}:
        try:
            return gzip.decompress(raw)
        except OSError:
            return raw
    return raw


def test_no_output_file_mentions_a_draft_or_scheduled_item(site: BuildResult) -> None:
    found = {}
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix != ".css":  # the theme's stylesheet styles the label
            text = readable_bytes(path)
            hits = [s for s in SECRETS if s.encode() in text]
            if hits:
                found[str(path.relative_to(site.output))] = hits
    assert found == {}


def test_drafts_are_not_written_anywhere(site: BuildResult) -> None:
    assert not (site.output / "drafts").exists()
    assert not (site.output / "posts" / "zanzibar-draft").exists()
    assert not (site.output / "posts" / "zanzibar-scheduled").exists()
    assert not (site.output / "zanzibar-page").exists()
    assert not (site.output / "tags" / "zanzibar-future-tag").exists()


def test_the_search_index_and_sitemap_exist_and_hold_the_due_post(site: BuildResult) -> None:
    """The negative tests above would pass on an empty site; prove these outputs are real."""
    sitemap = site.page("sitemap.xml")
    assert "/posts/zanzibar-due/" in sitemap
    fragments = [readable_bytes(p) for p in (site.output / "pagefind").rglob("*.pf_fragment")]
    assert fragments, "Pagefind wrote no fragments"
    assert any(b"Quokkadue" in fragment for fragment in fragments)


def test_a_scheduled_post_is_published_once_its_date_has_passed(site: BuildResult) -> None:
    assert "Quokkadue body" in site.page("posts/zanzibar-due/index.html")
    assert "Zanzibar due post" in site.page("feeds/posts.atom.xml")
    assert "Zanzibar due post" in site.page("index.html")


def test_the_podcast_feed_never_carries_a_future_pubdate(site: BuildResult) -> None:
    feed = site.output / "feeds" / "podcast.xml"
    if not feed.exists():
        pytest.fail("the podcast feed is missing")
    with feed.open("rb") as handle:
        parsed = podcastparser.parse("https://stepwise.example/feeds/podcast.xml", handle)
    now = dt.datetime.now(dt.UTC).timestamp()
    assert parsed["episodes"], "the feed has no episodes"
    assert all(episode["published"] <= now for episode in parsed["episodes"])
    assert "Zanzibar future episode" not in {episode["title"] for episode in parsed["episodes"]}


def test_invoke_preview_drafts_shows_drafts_in_their_own_folder_only(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "content" / "posts" / "zanzibar-draft.md").write_text(DRAFT_POST, encoding="utf-8")
    (project / "content" / "posts" / "zanzibar-scheduled.md").write_text(SCHEDULED_POST, encoding="utf-8")
    assert invoke(project, "build").returncode == 0
    published = tree_digest(project / "output")
    done = invoke(project, "preview-drafts", "--no-serve")
    assert done.returncode == 0, done.stderr
    preview = project / "drafts-preview"
    def page(*parts: str) -> str:
        return preview.joinpath(*parts, "index.html").read_text(encoding="utf-8")
    assert "Quokkadraft body" in page("drafts", "zanzibar-draft")
    assert "Quokkafuture body" in page("posts", "zanzibar-scheduled")
    labels = {path: label_of(page(*path)) for path in [("drafts", "zanzibar-draft"),
                                                        ("posts", "zanzibar-scheduled"),
                                                        ("posts", "the-relationship-is-the-therapy")]}
    assert labels == {("drafts", "zanzibar-draft"): "Draft: not published",
                      ("posts", "zanzibar-scheduled"): "Scheduled for 5 January 2099, 09:00",
                      ("posts", "the-relationship-is-the-therapy"): None}
    index = html.fromstring(page("drafts"))
    listed = {a.text_content(): a.get("href") for a in index.xpath("//main//li//a")}
    assert listed == {"Zanzibar draft post": "/drafts/zanzibar-draft/",
                      "Zanzibar scheduled post": "/posts/zanzibar-scheduled/"}
    assert index.xpath("//meta[@name='robots']/@content") == ["noindex"]
    home = html.fromstring(page())
    assert home.xpath("//a[@href='/drafts/']"), "the home page of the preview links the drafts"
    assert tree_digest(project / "output") == published  # the site that gets published is untouched
    refused = invoke(project, "preview-drafts", "--no-serve", "--output", "output")
    assert refused.returncode != 0
    assert tree_digest(project / "output") == published


WORK_IN_PROGRESS = """\
Title: Work in progress
Date: 2025-01-01
Author: Amara Okafor
Summary: A post still being written.
Status: draft

See [the next one]({filename}not-written-yet.md) and ![A chart]({static}/images/chart-to-come.png)
"""


def test_a_drafts_unfinished_links_are_a_note_for_check_and_errors_in_its_preview(tmp_path: Path) -> None:
    """One post in progress must not stop every other post from going out: its missing link and
    picture are a note in `invoke check`, and errors in preview-drafts, where it is built."""
    from tasks import DRAFT_PREVIEW
    from tests.conftest import CONTENT

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    (content / "posts" / "wip.md").write_text(WORK_IN_PROGRESS, encoding="utf-8")
    checked = run_build(content, tmp_path / "output", strict=True)
    assert checked.ok, checked.stderr
    assert ("note: content/posts/wip.md is a draft; before it goes out: line 7: links to "
            "'{filename}not-written-yet.md', which does not exist") in checked.stderr
    assert "shows the image '{static}/images/chart-to-come.png', which does not exist" in checked.stderr
    previewed = run_build(content, tmp_path / "preview", extra=DRAFT_PREVIEW)
    assert not previewed.ok
    assert "error: content/posts/wip.md:7: body: links to '{filename}not-written-yet.md'" in previewed.stderr


SCHEDULED_LINKING_A_DRAFT = """\
Title: Coming soon
Date: {date}
Author: Amara Okafor
Summary: A post that points at an episode still being edited.

Listen to [the next episode]({{filename}}../episodes/009-next-steps.md) first.
"""


def test_a_scheduled_post_may_link_a_draft_with_a_note_and_a_published_one_may_not(tmp_path: Path) -> None:
    """A scheduled post is not published until its day, and the draft it links may be published by
    then: a note that says so, not an error that stops every other post (migration test). From the
    post's day (a date in the past) the same link is an error again."""
    from tests.conftest import CONTENT

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    episode = (CONTENT / "episodes" / "001-noticing-what-has-moved.md").read_text(encoding="utf-8")
    draft = (episode.replace("Title: Noticing what has moved", "Title: Next steps")
             .replace("Slug: noticing-what-has-moved", "Slug: next-steps")
             .replace("Episode: 1\n", "Episode: 9\n")
             .replace("Guid: b9eda3e0-ce11-4ab8-b199-9fd88f53008d",
                      "Guid: 27e89a85-e387-46e8-9022-328e1a97a1b7")
             .replace("Date: 2026-10-08 09:00", "Date: 2026-10-08 09:00\nStatus: draft"))
    assert "Status: draft" in draft and "Episode: 9" in draft and "27e89a85" in draft
    (content / "episodes" / "009-next-steps.md").write_text(draft, encoding="utf-8")
    post = content / "posts" / "coming-soon.md"
    post.write_text(SCHEDULED_LINKING_A_DRAFT.format(date="2099-01-01 09:00"), encoding="utf-8")
    checked = run_build(content, tmp_path / "output", strict=True)
    assert checked.ok, checked.stderr
    assert ("note: content/posts/coming-soon.md is scheduled for 2099-01-01 09:00; before it goes out: "
            "line 6: links to '{filename}../episodes/009-next-steps.md', which is still a draft: publish it "
            "by then, or remove the link. This does not stop anything else from being published (on that "
            "day the publish refuses it unless it is fixed).") in checked.stderr
    post.write_text(SCHEDULED_LINKING_A_DRAFT.format(date="2026-01-01 09:00"), encoding="utf-8")
    published = run_build(content, tmp_path / "output", strict=True)
    assert not published.ok
    assert ("error: content/posts/coming-soon.md:6: body: links to "
            "'{filename}../episodes/009-next-steps.md', which is a draft or scheduled item: the link would "
            "lead nowhere until it is published. "
            "Fix: publish it first, or remove the link for now") in published.stderr
