"""The search plugin: a Pagefind failure fails the build and leaves output/ alone."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CONTENT, run_build


def test_a_failed_index_fails_the_build_and_names_pagefind(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "keep.html").write_text("last good site", encoding="utf-8")
    result = run_build(CONTENT, output, extra=('SEARCH_GLOB="nothing/*.html"',))
    assert not result.ok
    assert "search: Pagefind failed (exit 1)" in result.stderr
    assert [p.name for p in output.iterdir()] == ["keep.html"]
