"""The speed plugin is optional: leave it out of PLUGINS, or run a Pelican or Markdown it was
not proven on, and the site is the same, byte for byte, with one warning and no failure.

The bench corpus here is large enough for every fast path to run (the Markdown pool and
the two-process render start at STEPWISE_PARALLEL_MIN_FILES, lowered to 1); the sample
site is the project's own. The version check is fed a fake installed Pelican (a
dist-info folder first on the path), so the real build runs as it would after an upgrade.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pelicanconf
from bench.make_corpus import make_corpus
from stepwise_speed import internals, pelicanlog
from stepwise_speed.plugin import fast_markdown, stand_aside_because
from tests.conftest import CONTENT, ROOT, run_build, with_test_plugins
from tests.stepwise.treecheck import tree_digest

WITHOUT_SPEED = "PLUGINS=" + str([p for p in pelicanconf.PLUGINS if p != "stepwise_speed"]).replace("'", '"')
EVERY_FAST_PATH = ("STEPWISE_WORKERS=2", "STEPWISE_PARALLEL_MIN_FILES=1")


def both_ways(content: Path, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    fast = run_build(content, tmp_path / "fast", extra=EVERY_FAST_PATH)
    plain = run_build(content, tmp_path / "plain", extra=(WITHOUT_SPEED,))
    assert fast.ok, fast.stderr
    assert plain.ok, plain.stderr
    return tree_digest(fast.output, with_mtimes=False), tree_digest(plain.output, with_mtimes=False)


def test_the_sample_site_is_the_same_without_the_speed_plugin(tmp_path: Path) -> None:
    fast, plain = both_ways(CONTENT, tmp_path)
    assert fast == plain


def test_bodies_changed_after_reading_are_refused_the_same_without_the_speed_plugin(tmp_path: Path) -> None:
    # The resolved bodies are judged in two processes (splitting_work, stepwise_speed/forking.py): the same
    # refusals, for every article, whichever process judged it.
    late = {"STEPWISE_TEST_LATE_BODY": "1"}
    plugins = with_test_plugins("late_body_test")
    without = [p for p in json.loads(plugins[0].split("=", 1)[1]) if p != "stepwise_speed"]
    fast = run_build(CONTENT, tmp_path / "fast", extra=(*EVERY_FAST_PATH, *plugins), env=late)
    plain = run_build(CONTENT, tmp_path / "plain", extra=(f"PLUGINS={json.dumps(without)}", plugins[1]),
                      env=late)
    assert not fast.ok and not plain.ok
    problems = [line for line in fast.stderr.splitlines() if "body:" in line]
    assert len(problems) == 2 * len(list((CONTENT / "posts").glob("*.md"))) + 2 * len(
        list((CONTENT / "episodes").glob("*.md"))), fast.stderr
    assert problems == [line for line in plain.stderr.splitlines() if "body:" in line]


def test_a_bench_corpus_is_the_same_without_the_speed_plugin(tmp_path: Path) -> None:
    content = make_corpus(tmp_path / "content", 40, 12)
    fast, plain = both_ways(content, tmp_path)
    assert len(fast) > 300
    assert fast == plain


def fake_installed(folder: Path, name: str, version: str) -> Path:
    """A dist-info folder that importlib.metadata finds before the real one."""
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                                   encoding="utf-8")
    return folder


def test_on_an_unproven_pelican_the_build_stands_aside_with_one_warning(tmp_path: Path) -> None:
    fake = fake_installed(tmp_path / "fake", "pelican", "99.0")
    output = tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT / "plugins"), str(ROOT)])}
    argv = [sys.executable, "-m", "stepwise_tools.build", "-s", str(ROOT / "pelicanconf.py"), "-o",
            str(output), "--content", str(CONTENT), "--strict"]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr  # even `invoke check` passes: the site is fine
    warnings = [line for line in done.stderr.splitlines() if "stepwise_speed:" in line]
    assert len(warnings) == 1, done.stderr
    assert "pelican 99.0" in warnings[0] and "pelican 4.12.0" in warnings[0]
    plain = run_build(CONTENT, tmp_path / "plain", extra=(WITHOUT_SPEED,))
    assert tree_digest(output, with_mtimes=False) == tree_digest(plain.output, with_mtimes=False)


@pytest.mark.parametrize("found", [{"pelican": "4.12.1", "markdown": "3.11.3"},
                                   {"pelican": "4.12.0", "markdown": "3.12"}])
def test_any_other_version_is_a_reason_to_stand_aside(found: dict[str, str]) -> None:
    assert stand_aside_because(found, {}) is not None
    assert stand_aside_because(found, {"STEPWISE_SPEED_UNPROVEN": True}) is None  # the canary's switch
    assert stand_aside_because(dict(internals.PROVEN_ON), {}) is None


def test_the_proven_versions_are_the_pinned_ones_and_nothing_has_drifted() -> None:
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    for name, version in internals.PROVEN_ON.items():
        assert f"{name}=={version}" in pins
    assert internals.unproven(internals.installed()) == {}
    assert [internal.name for internal in internals.drifted()] == []


def test_every_log_message_the_runner_matches_is_fingerprinted() -> None:
    """pelicanlog.py's templates are Pelican's private wording: each is in the fence, once."""
    fenced = [message for _, messages, _ in internals._LOG_MESSAGES for message in messages]
    matched = {*pelicanlog.REPORTED_BY_STEPWISE, pelicanlog.UNREADABLE, pelicanlog.MISSING_FIELD,
               pelicanlog.UNRESOLVED_LINK, pelicanlog.UNRESOLVED_LINKS, pelicanlog.ATTACH_FALLBACK,
               *pelicanlog.ATTACH_REASONS}
    assert sorted(fenced) == sorted(matched)


def test_a_changed_internal_is_named() -> None:
    """drifted() compares what each internal is now with its fingerprint: fake a changed one."""
    changed = internals.Internal("x", "y.py", "a fast path", lambda: "changed", internals.digest("before"))
    kept = internals.Internal("z", "y.py", "another", lambda: "same", internals.digest("same"))
    assert internals.drifted((changed, kept)) == [changed]


def test_the_fast_extensions_replace_the_stock_ones_in_place() -> None:
    markdown = fast_markdown(pelicanconf.MARKDOWN)
    names = list(markdown["extension_configs"])
    stock = list(pelicanconf.MARKDOWN["extension_configs"])
    assert names[:len(stock)] == [n.replace("markdown.extensions.toc", "stepwise_speed.fasttoc").replace(
        "markdown.extensions.smarty", "stepwise_speed.fastsmarty") for n in stock]
    assert names[-1] == "stepwise_speed.fastinline"
    assert markdown["extension_configs"]["stepwise_speed.fasttoc"] == {"permalink": False}
    assert "markdown.extensions.toc" in pelicanconf.MARKDOWN["extension_configs"]  # left as it was
