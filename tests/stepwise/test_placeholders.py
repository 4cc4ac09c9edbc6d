"""No scaffold placeholder ships: a published post or episode that still holds one builds with a
warning, and `invoke check` (and so `publish`) refuses it until the author has replaced them. A
draft or a scheduled item only gets a note: one post in progress never blocks the others."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown

import pelicanconf
from podcast.scaffold import new_episode
from stepwise.placeholders import (
    EPISODE_BODY,
    EPISODE_SUMMARY,
    MARKDOWN_HINT,
    POST_BODY,
    POST_SUMMARY,
    STATUS_HINT,
    placeholders_in,
)
from stepwise.scaffold import new_post
from tests.podcast.encoders import lame
from tests.stepwise.project import invoke, make_project

WHEN = ("--date", "2026-12-01T09:00")
WHEN_DT = dt.datetime(2026, 12, 1, 9, 0)


def test_check_refuses_a_fresh_episode_scaffold_until_its_placeholders_are_replaced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    audio = lame(tmp_path, "recording.mp3", "-b", "48")
    made = invoke(project, "new-episode", "Kind words for hard weeks", "--audio", str(audio), *WHEN)
    assert made.returncode == 0, made.stderr
    episode = project / "content" / "episodes" / "004-kind-words-for-hard-weeks.md"
    shown = "content/episodes/004-kind-words-for-hard-weeks.md"

    draft = invoke(project, "check")  # a draft: noted, not refused
    assert draft.returncode == 0, draft.stderr
    assert (f"note: {shown} is a draft; before it goes out: replace the scaffold's placeholder text "
            "(Body and Summary). This does not stop anything else from being published.") in draft.stderr
    assert f"note: {shown} is a draft; before it goes out: Transcript: is missing" in draft.stderr
    text = episode.read_text(encoding="utf-8")
    episode.write_text(text.replace("Status: draft", "Status: published", 1), encoding="utf-8")
    refused = invoke(project, "check")
    assert refused.returncode != 0
    still = "still holds the scaffold's placeholder"
    assert f"{shown}:12: Summary: {still} {EPISODE_SUMMARY!r}" in refused.stderr
    assert f"{shown}:15: Body: {still} {EPISODE_BODY!r}" in refused.stderr
    built = invoke(project, "build")  # a preview build only warns
    assert built.returncode == 0 and "Summary: still holds the scaffold's placeholder" in built.stderr

    text = episode.read_text(encoding="utf-8")
    text = text.replace(EPISODE_SUMMARY, "Amara on the kind words that help in a hard week.")
    text = text.replace(EPISODE_BODY, "What we talk about, and a worksheet to try.")  # the hint stays
    transcript = "Transcript: transcripts/000-welcome-to-stepwise.vtt"
    text = text.replace("Status: published", f"{transcript}\nStatus: published", 1)
    episode.write_text(text, encoding="utf-8")
    hint = invoke(project, "check")
    assert hint.returncode != 0
    assert f"{shown}:16: Body: {still} {MARKDOWN_HINT!r}. Fix: delete the hint about Markdown" in hint.stderr
    episode.write_text(text.replace(f" {MARKDOWN_HINT}", ""), encoding="utf-8")
    passed = invoke(project, "check")
    assert passed.returncode == 0, passed.stderr


def test_check_refuses_a_fresh_post_scaffold_until_its_placeholders_are_replaced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    made = invoke(project, "new-post", "Small kindnesses", "--author", "Priya Natarajan", *WHEN)
    assert made.returncode == 0, made.stderr
    post = project / "content" / "posts" / "small-kindnesses.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Status: draft", "Status: published", 1),
                    encoding="utf-8")
    refused = invoke(project, "check")
    assert refused.returncode != 0
    for field, text in (("Summary", POST_SUMMARY), ("Body", POST_BODY), ("Body", STATUS_HINT)):
        assert f"{field}: still holds the scaffold's placeholder {text!r}" in refused.stderr
    body = f"{POST_BODY} {MARKDOWN_HINT}\n\n{STATUS_HINT}\n"
    text = post.read_text(encoding="utf-8").replace(POST_SUMMARY, "What small kindnesses change.")
    post.write_text(text.replace(body, "A few words about small kindnesses.\n"), encoding="utf-8")
    passed = invoke(project, "check")
    assert passed.returncode == 0, passed.stderr


def test_placeholders_are_found_in_rendered_text_with_curly_quotes() -> None:
    html = "<p>Change &lsquo;Status: draft&rsquo; to &lsquo;Status: published&rsquo; when it is ready.</p>"
    assert [p.text for p in placeholders_in("", html)] == [STATUS_HINT]
    assert placeholders_in("A summary of my own.", "<p>Notes of my own.</p>") == []


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def test_every_sentence_a_scaffold_writes_is_a_placeholder_on_its_own(tmp_path: Path) -> None:
    """Whatever the author keeps of a scaffold, one sentence is enough to be refused."""
    audio = lame(tmp_path, "recording.mp3", "-b", "48")
    written = [new_post(tmp_path / "content", "Small kindnesses", author="Priya Natarajan", when=WHEN_DT),
               new_episode(tmp_path / "content", "Kind words", audio, when=WHEN_DT, tell=lambda _m: None)]
    convert = markdown.Markdown(**pelicanconf.MARKDOWN).convert
    for path in written:
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        summary = next(line for line in head.splitlines() if line.startswith("Summary: "))[9:]
        sentences = _sentences(body)
        assert len(sentences) >= 2, sentences
        for sentence in sentences:
            assert placeholders_in("", convert(sentence)), f"{path.name}: {sentence!r} would ship"
        for sentence in _sentences(summary):
            assert placeholders_in(sentence, ""), f"{path.name}: {sentence!r} would ship"


def test_a_draft_or_scheduled_scaffold_is_noted_and_never_blocks_publishing(tmp_path: Path) -> None:
    """The daily workflow: a post in progress, another scheduled, and the site still goes out."""
    project = make_project(tmp_path / "project")
    for title, date in (("Work in progress", "2026-01-05T09:00"), ("Next month", "2099-01-05T09:00")):
        made = invoke(project, "new-post", title, "--author", "Priya Natarajan", "--date", date)
        assert made.returncode == 0, made.stderr
    scheduled = project / "content" / "posts" / "next-month.md"
    text = scheduled.read_text(encoding="utf-8")
    scheduled.write_text(text.replace("Status: draft", "Status: published", 1), encoding="utf-8")
    checked = invoke(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert ("note: content/posts/work-in-progress.md is a draft; before it goes out: replace the "
            "scaffold's placeholder text (Body and Summary)") in checked.stderr
    assert ("note: content/posts/next-month.md is scheduled for 2099-01-05 09:00; before it goes out: "
            "replace the scaffold's placeholder text (Body and Summary). This does not stop anything "
            "else from being published (on that day the publish refuses it unless it is fixed).") \
        in checked.stderr
    site = tmp_path / "published"
    published = invoke(project, "publish", "--dest", str(site))
    assert published.returncode == 0, published.stderr
    assert (site / "posts" / "the-relationship-is-the-therapy" / "index.html").is_file()
    assert not list(site.rglob("*work-in-progress*")) and not list(site.rglob("*next-month*"))
