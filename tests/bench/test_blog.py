"""The second benchmark corpus, a Pelican blog moved in (bench/make_blog.py).

It is deterministic, it is valid content for this site (built strictly) and for plain
Pelican with the benchmark's baseline settings, and on it the two-process build writes
the bytes of one process, and reports a warning repeated past Pelican's log limit as
Pelican's own logger does (issue 17: that blog crashed the two-process writer with
FilteredMessage).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.make_blog import make_blog
from tests.conftest import ROOT, run_build
from tests.stepwise_speed.test_fast_paths import probe, tree

POSTS = 14


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_blog(tmp_path_factory.mktemp("blog") / "content", POSTS)


def test_same_arguments_give_the_same_bytes(blog: Path, tmp_path: Path) -> None:
    again = make_blog(tmp_path / "again", POSTS)
    assert tree(blog) == tree(again)
    assert len(list((blog / "posts").rglob("*.md"))) == POSTS
    assert not (blog / "episodes").exists()
    text = "".join(p.read_text(encoding="utf-8") for p in (blog / "posts").rglob("*.md"))
    for shape in ("| :---", "```python", "[^1]:", "\n:   ", "*[HTML]:", "[ref1]: ", "![", "{filename}"):
        assert shape in text, shape
    assert "Worksheet" not in text  # a post without one gets the site's default


def test_the_blog_builds_strictly_here_and_with_plain_pelican(blog: Path, tmp_path: Path) -> None:
    result = run_build(blog, tmp_path / "out", strict=True, extra=(f'CACHE_PATH="{tmp_path / "cache"}"',))
    assert result.ok, result.stderr
    page = (tmp_path / "out" / "posts" / "blog-post-0003" / "index.html").read_text(encoding="utf-8")
    shapes = ("<table>", "<dl>", "<abbr", 'class="footnote"', "<pre><code", '<img alt="', 'class="worksheet')
    for element in shapes:
        assert element in page, element
    plain = subprocess.run(
        [sys.executable, "-m", "pelican", str(blog), "-o", str(tmp_path / "plain"),
         "-s", str(ROOT / "bench" / "plain_pelicanconf.py")],
        cwd=ROOT, capture_output=True, encoding="utf-8", timeout=600, check=False)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "WARNING" not in plain.stdout + plain.stderr and "ERROR" not in plain.stdout + plain.stderr
    assert (tmp_path / "plain" / "blog-post-0003.html").is_file()


def test_two_processes_give_the_bytes_of_one(blog: Path, tmp_path: Path) -> None:
    one, _ = probe(blog, tmp_path / "one" / "out", "STEPWISE_WORKERS=1", "LOAD_CONTENT_CACHE=false",
                   strict=True)
    two, report = probe(blog, tmp_path / "two" / "out", "STEPWISE_WORKERS=2",
                        "STEPWISE_PARALLEL_MIN_FILES=1", "LOAD_CONTENT_CACHE=false", strict=True)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert report["taken"] >= POSTS and report["child_rendered"] >= POSTS // 2 - 1
    assert tree(tmp_path / "one" / "out") == tree(tmp_path / "two" / "out")


def test_links_to_moved_pages_warn_as_often_with_two_processes_as_with_one(tmp_path: Path) -> None:
    """Every post links a page that is not there: more problems than Pelican's limit of five.

    Since issue 14 these are errors the reader names before anything renders, so no child
    process renders; a warning past the limit inside the child is the next test's."""
    content = make_blog(tmp_path / "content", POSTS)
    for number, post in enumerate(sorted((content / "posts").rglob("*.md"))):
        with post.open("a", encoding="utf-8") as fh:
            fh.write(f"\nSee [a page that moved]({{filename}}/posts/moved-{number}.md).\n")
    one, _ = probe(content, tmp_path / "one" / "out", "STEPWISE_WORKERS=1", "LOAD_CONTENT_CACHE=false",
                   env=WIDE)
    two, _ = probe(content, tmp_path / "two" / "out", "STEPWISE_WORKERS=2",
                        "STEPWISE_PARALLEL_MIN_FILES=1", "LOAD_CONTENT_CACHE=false", env=WIDE)
    assert one.returncode == two.returncode, one.stderr + two.stderr
    assert "Traceback" not in one.stderr + two.stderr
    assert len(moved_lines(one)) == len(moved_lines(two)) >= 4  # Pelican names four, then a group line
    if one.returncode == 0:
        assert tree(tmp_path / "one" / "out") == tree(tmp_path / "two" / "out")


# issue-13b's test-only plugin: on every article page written (so in the second process for
# half of them) one warning with the same text and one in a limit_msg group.
REPEAT_PLUGIN = ROOT / "tests" / "stepwise_speed" / "plugins" / "repeat_test"


@pytest.mark.skipif(not REPEAT_PLUGIN.is_dir(), reason="needs issue-13b (its repeat_test plugin and fix)")
def test_a_warning_past_the_log_limit_in_the_second_process_is_reported_not_a_crash(
        blog: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    plugins = [*pelicanconf.PLUGINS[:-1], "repeat_test", pelicanconf.PLUGINS[-1]]
    paths = [str(ROOT / p) for p in pelicanconf.PLUGIN_PATHS] + [str(REPEAT_PLUGIN.parent)]
    extra = (f"PLUGINS={json.dumps(plugins)}", f"PLUGIN_PATHS={json.dumps(paths)}",
             "LOAD_CONTENT_CACHE=false", "STEPWISE_PARALLEL_MIN_FILES=1")
    env = {**WIDE, "STEPWISE_TEST_REPEAT": "1"}
    one, _ = probe(blog, tmp_path / "one" / "out", *extra, "STEPWISE_WORKERS=1", env=env)
    two, report = probe(blog, tmp_path / "two" / "out", *extra, "STEPWISE_WORKERS=2", env=env)
    assert "FilteredMessage" not in two.stderr and "Traceback" not in two.stderr, two.stderr
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert report["child_rendered"] >= 6  # past the limit of five in the second process alone
    assert tree(tmp_path / "one" / "out") == tree(tmp_path / "two" / "out")
    said = [line for line in two.stderr.splitlines() if "repeat_test:" in line]
    assert len(said) == len([line for line in one.stderr.splitlines() if "repeat_test:" in line]) == 6


WIDE = {"COLUMNS": "400"}  # one message a line


def moved_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (done.stdout + done.stderr).splitlines() if "moved-" in line]
