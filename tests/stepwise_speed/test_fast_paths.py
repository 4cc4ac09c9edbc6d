"""The fast paths give the same site as the plain path (no timing here; see bench/).

- the Markdown pool (parallel.py) against one process;
- a warm content cache (cache.py) against a cold build, with warnings still reported
  and the cache not trusted after people.yaml changed;
- preview first (preview.py): the edited post is in output/ before the swap, and the
  final output/ is exactly a cold build of the same content.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.make_corpus import make_corpus
from tests.conftest import ROOT, with_test_plugins

PROBE = Path(__file__).with_name("build_probe.py")
EDITED = "posts/bench-post-0004.md"
EDITED_PAGE = "posts/bench-post-0004/index.html"


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def probe(content: Path, output: Path, *extra: str, strict: bool = False,
          env: dict[str, str] | None = None,
          preexec: Callable[[], None] | None = None) -> tuple[subprocess.CompletedProcess[str], dict]:
    """One build in a fresh process; returns the process and the probe's report."""
    report = output.with_suffix(".json")
    argv = [sys.executable, str(PROBE), str(report), "-s", str(ROOT / "pelicanconf.py"),
            "-o", str(output), "--content", str(content),
            "-e", f'CACHE_PATH="{output.parent / "cache"}"', *extra]
    if strict:
        argv.insert(3, "--strict")
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=600,
                          env={**os.environ, **(env or {})}, preexec_fn=preexec)
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return done, data


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "content", 12, 5)


def test_two_processes_give_the_bytes_of_one(corpus: Path, tmp_path: Path) -> None:
    """(Warnings logged while pages are rendered: tests/stepwise/test_render.py.)"""
    content = tmp_path / "content"
    make_corpus(content, 12, 5)
    one, one_report = probe(content, tmp_path / "one" / "out", "STEPWISE_WORKERS=1",
                            "LOAD_CONTENT_CACHE=false")
    two, two_report = probe(content, tmp_path / "two" / "out", "STEPWISE_WORKERS=2",
                            "STEPWISE_PARALLEL_MIN_FILES=1", "LOAD_CONTENT_CACHE=false")
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert one_report["taken"] == one_report["child_rendered"] == 0
    assert two_report["taken"] >= 17  # 12 posts + 5 episodes were read by the pool
    # the pool was given the files in the order Pelican asks for them (its get_files set's
    # order, which changes from run to run with the string hashes), so none waits on the last
    assert two_report["requested"] == two_report["planned"]
    assert two_report["child_rendered"] >= 8  # every second article page, in the child
    assert tree(tmp_path / "one" / "out") == tree(tmp_path / "two" / "out")


def test_search_starts_once_every_page_it_indexes_is_written(corpus: Path, tmp_path: Path) -> None:
    """Pagefind starts when the article pages are announced: by then every post, episode and
    worksheet page is final on disk, and no listing page is written yet (it overlaps them)."""
    done, report = probe(corpus, tmp_path / "out", "STEPWISE_PARALLEL_MIN_FILES=1",
                         "LOAD_CONTENT_CACHE=false")
    assert done.returncode == 0, done.stderr
    announced = report["announced"]
    assert announced["indexer_started"] and not announced["root_index"]
    final = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").glob("*/*/index.html")
                   if p.parts[-3] in {"posts", "episodes", "worksheets"})
    assert len(final) >= 17 and set(final) <= set(announced["pages"])
    for page in final:  # not rewritten after Pagefind read it
        assert (tmp_path / "out" / page).stat().st_mtime_ns <= report["announced_at_ns"]


def test_pool_leaves_a_broken_file_to_the_main_process(corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "content"
    make_corpus(broken, 12, 5)
    post = broken / "posts" / "bench-post-0003.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Date: ", "Date: 2026-02-30 ", 1),
                    encoding="utf-8")
    done, report = probe(broken, tmp_path / "out", "STEPWISE_WORKERS=2", "STEPWISE_PARALLEL_MIN_FILES=1",
                         "LOAD_CONTENT_CACHE=false")
    assert done.returncode == 1
    assert done.stderr.count("posts/bench-post-0003.md:2: Date:") == 1, done.stderr
    assert report["taken"] >= 16


def test_warm_cache_gives_the_cold_site_and_still_warns(tmp_path: Path) -> None:
    content = make_corpus(tmp_path / "content", 12, 5)
    post = content / "posts" / "bench-post-0002.md"
    post.write_text("\n".join(line for line in post.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("Summary:")) + "\n", encoding="utf-8")
    cold, _ = probe(content, tmp_path / "out")
    cold_tree = tree(tmp_path / "out")
    warm, _ = probe(content, tmp_path / "out")
    assert cold.returncode == warm.returncode == 0, warm.stderr
    assert tree(tmp_path / "out") == cold_tree
    for run in (cold, warm):  # the warning is read from the cache, not lost with it
        assert "posts/bench-post-0002.md: Summary: is missing" in run.stdout + run.stderr
    strict, _ = probe(content, tmp_path / "strict", strict=True)
    assert strict.returncode == 1 and "Summary: is missing" in strict.stderr


def test_cache_is_not_trusted_after_people_change(tmp_path: Path) -> None:
    content = make_corpus(tmp_path / "content", 12, 5)
    first, _ = probe(content, tmp_path / "out")
    assert first.returncode == 0, first.stderr
    people = content / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("- name: Bench Author B\n", "- name: Bench Author Renamed\n"),
                      encoding="utf-8")
    again, _ = probe(content, tmp_path / "out")
    assert again.returncode == 1
    assert "Author: 'Bench Author B' (did you mean" in again.stderr
    assert "is not in content/people.yaml" in again.stderr


def test_preview_shows_the_edit_before_the_swap_and_ends_exact(tmp_path: Path) -> None:
    content = make_corpus(tmp_path / "content", 12, 5)
    warmup, _ = probe(content, tmp_path / "out")
    assert warmup.returncode == 0, warmup.stderr
    with (content / EDITED).open("a", encoding="utf-8") as fh:
        fh.write("\nA line added by the preview test.\n")
    env = {"PROBE_PAGE": EDITED_PAGE, "PROBE_MARK": "A line added by the preview test."}
    plain, plain_report = probe(content, tmp_path / "out", env=env)
    assert plain.returncode == 0 and plain_report["live_page_had_mark"] is False
    with (content / EDITED).open("a", encoding="utf-8") as fh:
        fh.write("\nA second line, previewed.\n")
    env["PROBE_MARK"] = "A second line, previewed."
    preview, report = probe(content, tmp_path / "out", "STEPWISE_PREVIEW_FIRST=true", env=env)
    assert preview.returncode == 0, preview.stderr
    assert report["live_page_had_mark"] is True
    assert report["previewed_at_ns"] < report["checks_began_at_ns"]  # it waits for no site-wide check
    cold, _ = probe(content, tmp_path / "cold" / "out", "LOAD_CONTENT_CACHE=false")
    assert cold.returncode == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "cold" / "out")
    assert report["live_page_text"] == (tmp_path / "out" / EDITED_PAGE).read_text(encoding="utf-8")


def previewed_edit(tmp_path: Path, line: str, *extra: str, header: str = "",
                   env: dict[str, str] | None = None,
                   before_build: Callable[[Path], None] | None = None,
                   ) -> tuple[subprocess.CompletedProcess[str], dict, dict]:
    """A warm build, then `line` added to one post (and `header` lines to its header) and a
    preview-first build: (the second build, its probe report, output/ before it)."""
    content = make_corpus(tmp_path / "content", 12, 5)
    warmup, _ = probe(content, tmp_path / "out", *extra)
    assert warmup.returncode == 0, warmup.stderr
    if before_build:
        before_build(tmp_path / "out")
    before = tree(tmp_path / "out")
    post = content / EDITED
    post.write_text(post.read_text(encoding="utf-8").replace("Title:", f"{header}Title:", 1) + f"\n{line}\n",
                    encoding="utf-8")
    done, report = probe(content, tmp_path / "out", "STEPWISE_PREVIEW_FIRST=true", *extra, env=env)
    return done, report, before


def test_a_page_that_fails_only_the_site_wide_checks_is_previewed_then_put_back(tmp_path: Path) -> None:
    done, report, before = previewed_edit(tmp_path, "A [link to nowhere]({filename}no-such-post.md).")
    assert done.returncode == 1
    assert "no-such-post.md" in done.stderr
    assert report["previewed_at_ns"] < report["checks_began_at_ns"]  # shown while being checked...
    assert tree(tmp_path / "out") == before  # ...and put back when the checks stopped the build


def test_a_body_the_policy_refuses_once_resolved_is_never_previewed(tmp_path: Path) -> None:
    """Another plugin adds a script to every body once it is read: only the judgement of the
    resolved bodies sees it, and the preview, which comes before that check, must see it too."""
    plugins = with_test_plugins("late_body_test")
    done, report, before = previewed_edit(tmp_path, "An edit to preview.", *plugins,
                                          env={"STEPWISE_TEST_LATE_BODY": "1"})
    assert done.returncode == 1
    assert "contains a <script> element" in done.stderr, done.stderr
    assert "previewed_at_ns" not in report  # nothing it refused was ever in output/
    assert tree(tmp_path / "out") == before


@pytest.mark.parametrize(("header", "problem"), [
    ("Save_as: index.html\nUrl: ./\n", "index.html"),  # it would stand in for the home page
    ("Save_as: posts/bench-post-0003/index.html\nUrl: posts/bench-post-0003/\n", "bench-post-0003"),
    ("Template: drafts\n", "drafts")])  # the page that lists every draft, at a post's address
def test_a_page_with_a_taken_address_or_a_wrong_template_is_never_previewed(
        tmp_path: Path, header: str, problem: str) -> None:
    done, report, before = previewed_edit(tmp_path, "An edit to preview.", header=header)
    assert done.returncode == 1 and problem in done.stderr, done.stderr
    assert "previewed_at_ns" not in report
    assert tree(tmp_path / "out") == before


def test_a_preview_never_writes_through_a_symbolic_link_out_of_output(tmp_path: Path) -> None:
    """A full build writes into a fresh folder; the preview writes into the author's output/."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("not the site's", encoding="utf-8")

    def link_the_post_folder_outside(output: Path) -> None:
        page = output / EDITED_PAGE
        shutil.rmtree(page.parent)
        page.parent.symlink_to(outside, target_is_directory=True)
    done, report, _ = previewed_edit(tmp_path, "An edit to preview.",
                                     before_build=link_the_post_folder_outside)
    assert done.returncode == 0, done.stderr
    assert "previewed_at_ns" not in report
    assert (outside / "index.html").read_text(encoding="utf-8") == "not the site's"


def test_a_preview_whose_copy_of_a_page_cannot_be_kept_puts_back_the_whole_page(tmp_path: Path) -> None:
    """Files may not grow past 24 KiB (as a full disk would stop them): the copy of the page the
    preview replaces cannot be made, and the page must not come back cut short."""
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (24 * 1024, resource.RLIM_INFINITY))
    content = make_corpus(tmp_path / "content", 12, 5)
    warmup, _ = probe(content, tmp_path / "out")
    assert warmup.returncode == 0, warmup.stderr
    assert (tmp_path / "out" / EDITED_PAGE).stat().st_size > 24 * 1024  # else nothing is tested
    before = tree(tmp_path / "out")
    with (content / EDITED).open("a", encoding="utf-8") as fh:
        fh.write("\nAn edit to preview.\n")
    done, _ = probe(content, tmp_path / "out", "STEPWISE_PREVIEW_FIRST=true", preexec=small_files)
    assert done.returncode != 0
    assert tree(tmp_path / "out") == before
