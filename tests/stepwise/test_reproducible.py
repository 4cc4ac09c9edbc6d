"""Reproducible output: the same input gives a byte-identical output/ tree, Pagefind's index included.

The two builds read two copies of content/ in different folders with different file
times, in two processes (so different hash seeds and set orders): anything that
leaks a path, a build time or an iteration order shows up as a difference.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import CONTENT, run_build
from tests.stepwise.treecheck import tree_digest


def copy_with_new_times(target: Path, stamp: int) -> Path:
    shutil.copytree(CONTENT, target, symlinks=True)
    for path in target.rglob("*"):
        os.utime(path, (stamp, stamp), follow_symlinks=False)
    return target


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    content = copy_with_new_times(tmp_path / "a" / "content", 1_700_000_000)
    first = run_build(content, tmp_path / "a" / "out")
    assert first.ok, first.stderr
    one = tree_digest(first.output, with_mtimes=False)
    assert any(name.startswith("pagefind/") for name in one)  # the search index is part of the tree
    second = run_build(copy_with_new_times(tmp_path / "bb" / "content", 1_800_000_000),
                       tmp_path / "bb" / "out")
    warm = run_build(content, first.output)  # same sources and output: Pelican's content cache is used
    for other in (second, warm):
        assert other.ok, other.stderr
        two = tree_digest(other.output, with_mtimes=False)
        assert sorted(one) == sorted(two)
        assert [name for name in one if one[name] != two[name]] == []


def test_no_build_folder_leaks_into_the_output(tmp_path: Path) -> None:
    result = run_build(copy_with_new_times(tmp_path / "content", 1_700_000_000), tmp_path / "out")
    assert result.ok, result.stderr
    leaks = [str(p.relative_to(result.output)) for p in result.output.rglob("*")
             if p.is_file() and str(tmp_path).encode() in p.read_bytes()]
    assert leaks == []
