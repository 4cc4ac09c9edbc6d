"""No scaffold placeholder ships: a fresh `new-post` or `new-episode` file builds with a warning,
and `invoke check` (and so `publish`) refuses it until the author has replaced the placeholders."""

from __future__ import annotations

from pathlib import Path

from stepwise.placeholders import (
    EPISODE_BODY,
    EPISODE_SUMMARY,
    MARKDOWN_HINT,
    POST_BODY,
    POST_SUMMARY,
    STATUS_HINT,
    placeholders_in,
)
from tests.podcast.encoders import lame
from tests.stepwise.project import invoke, make_project

WHEN = ("--date", "2026-12-01T09:00")


def test_check_refuses_a_fresh_episode_scaffold_until_its_placeholders_are_replaced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    audio = lame(tmp_path, "recording.mp3", "-b", "48")
    made = invoke(project, "new-episode", "Kind words for hard weeks", "--audio", str(audio), *WHEN)
    assert made.returncode == 0, made.stderr
    episode = project / "content" / "episodes" / "004-kind-words-for-hard-weeks.md"
    shown = "content/episodes/004-kind-words-for-hard-weeks.md"

    refused = invoke(project, "check")
    assert refused.returncode != 0
    still = "still holds the scaffold's placeholder"
    assert f"{shown}:12: Summary: {still} {EPISODE_SUMMARY!r}" in refused.stderr
    assert f"{shown}:15: Body: {still} {EPISODE_BODY!r}" in refused.stderr
    built = invoke(project, "build")  # a preview build only warns
    assert built.returncode == 0 and "Summary: still holds the scaffold's placeholder" in built.stderr

    text = episode.read_text(encoding="utf-8")
    text = text.replace(EPISODE_SUMMARY, "Amara on the kind words that help in a hard week.")
    text = text.replace(f"{EPISODE_BODY} {MARKDOWN_HINT}", "What we talk about, and a worksheet to try.")
    text = text.replace("Status: draft", "Transcript: transcripts/000-welcome-to-stepwise.vtt\nStatus: draft")
    episode.write_text(text, encoding="utf-8")
    passed = invoke(project, "check")
    assert passed.returncode == 0, passed.stderr


def test_check_refuses_a_fresh_post_scaffold_until_its_placeholders_are_replaced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    made = invoke(project, "new-post", "Small kindnesses", "--author", "Priya Natarajan", *WHEN)
    assert made.returncode == 0, made.stderr
    post = project / "content" / "posts" / "small-kindnesses.md"
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
