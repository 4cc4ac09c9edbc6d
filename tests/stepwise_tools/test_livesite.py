"""The live preview's site in memory: a body edit re-renders only what it touches, and
output/ then holds exactly what a full build of the same sources writes, file for file.

The builder process (stepwise_tools.liveworker) is driven as the dev server drives it, over a
real corpus; after each edit its output/ is compared with a cold build in another process.
"""

from __future__ import annotations

import json
import os
import select
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.make_corpus import make_corpus
from stepwise_tools.liveworker import Worker, start_worker
from tests.conftest import ROOT, run_build
from tests.stepwise.treecheck import tree_digest
from tests.stepwise_speed.test_fast_paths import tree

POST, EPISODE = "posts/bench-post-0004.md", "episodes/bench-episode-0002.md"


class Events:
    """The worker's events, read line by line with a deadline."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.buffer = b""

    def next(self, seconds: float = 300.0) -> dict[str, Any]:
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.worker.events], [], [], seconds)
            assert ready, "the live worker said nothing in time"
            chunk = os.read(self.worker.events, 65536)
            assert chunk, "the live worker stopped"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def until(self, kind: str) -> list[dict[str, Any]]:
        seen = [self.next()]
        while seen[-1]["event"] != kind:
            seen.append(self.next())
        return seen


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Worker, Events, Path, Path]]:
    root = tmp_path_factory.mktemp("live")
    content, output = make_corpus(root / "content", 12, 5), root / "output"
    worker = start_worker(["-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "--content", str(content),
                           "-e", f"CACHE_PATH={json.dumps(str(root / 'cache'))}"], cwd=ROOT)
    events = Events(worker)
    first = events.next()
    assert first == {"event": "built", "ok": True, "problems": []}
    try:
        yield worker, events, content, output
    finally:
        worker.stop()


def same_as_a_cold_build(content: Path, output: Path, name: str) -> None:
    cold = run_build(content, output.parent / f"cold-{name}", extra=(
        f"CACHE_PATH={json.dumps(str(output.parent / f'cache-{name}'))}",))
    assert cold.ok, cold.stderr
    assert tree(output) == tree(cold.output)


def settle(worker: Worker, events: Events) -> None:
    """After a body edit's reload: the feeds written again, then the search index."""
    assert events.next() == {"event": "updated"}
    worker.send(wait="index")
    events.until("indexed")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_body_edit_is_rendered_alone_and_ends_as_a_full_build(live: Any) -> None:
    worker, events, content, output = live
    post = content / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nA new closing line: kookaburra.\n",
                    encoding="utf-8")
    worker.send(changed=[str(post)])
    reload = events.next()
    assert reload == {"event": "reload", "urls": ["posts/bench-post-0004/"], "how": "body"}
    assert "kookaburra" in (output / "posts" / "bench-post-0004" / "index.html").read_text(encoding="utf-8")
    settle(worker, events)
    same_as_a_cold_build(content, output, "body")


def test_an_episode_s_show_notes_reach_the_podcast_feed(live: Any) -> None:
    worker, events, content, output = live
    episode = content / EPISODE
    edit(episode, "\n\n", "\n\nA word for the show notes: quandong.\n\n")
    worker.send(changed=[str(episode)])
    assert events.next()["how"] == "body"
    settle(worker, events)
    assert "quandong" in (output / "feeds" / "podcast.xml").read_text(encoding="utf-8")
    same_as_a_cold_build(content, output, "episode")


def test_a_title_edit_rebuilds_the_site_previewing_the_page_first(live: Any) -> None:
    worker, events, content, output = live
    post = content / POST
    title = next(line for line in post.read_text(encoding="utf-8").splitlines() if line.startswith("Title:"))
    edit(post, title, "Title: A title the listings must show too")
    worker.send(changed=[str(post)])
    seen = events.until("built")
    assert seen[0]["event"] == "reload" and seen[0]["how"] == "preview"
    assert "posts/bench-post-0004/" in seen[0]["urls"]  # and files edited since the cache
    assert seen[-1] == {"event": "built", "ok": True, "problems": []}
    archives = (output / "archives" / "index.html").read_text(encoding="utf-8")
    assert "A title the listings must show too" in archives
    same_as_a_cold_build(content, output, "title")


def test_a_broken_edit_is_named_and_leaves_output_alone(live: Any) -> None:
    worker, events, content, output = live
    post = content / POST
    before, good = tree_digest(output), post.read_text(encoding="utf-8")
    post.write_text(good + "\n<script>alert(1)</script>\n", encoding="utf-8")
    worker.send(changed=[str(post)])
    built = events.until("built")[-1]
    assert built["ok"] is False
    assert any("bench-post-0004.md" in problem and "<script>" in problem for problem in built["problems"])
    assert tree_digest(output) == before
    post.write_text(good + "\nFixed, and one more word: bilby.\n", encoding="utf-8")
    worker.send(changed=[str(post)])
    # After a failed build, only a full build can say whether every problem is gone (the
    # page in memory is the last good one, but other files may still be broken).
    seen = events.until("built")
    assert seen[-1] == {"event": "built", "ok": True, "problems": []}
    assert all(event.get("how") != "body" for event in seen)
    same_as_a_cold_build(content, output, "fixed")


def test_a_body_edit_whose_page_logs_a_warning_is_left_to_a_full_build(live: Any) -> None:
    """A picture linked with {filename} warns (a missing file is an error, refused before any
    page is written): the full build says so."""
    worker, events, content, output = live
    post = content / POST
    link = "\nSee [the picture]({filename}/images/bench-01.png).\n"
    post.write_text(post.read_text(encoding="utf-8") + link, encoding="utf-8")
    worker.send(changed=[str(post)])
    seen = events.until("built")
    assert all(event.get("how") != "body" for event in seen)
    same_as_a_cold_build(content, output, "warned")
