"""The benchmark corpus is deterministic and is valid content for this site."""

from __future__ import annotations

import mutagen

from bench.make_corpus import make_corpus
from tests.conftest import run_build
from tests.stepwise_speed.test_fast_paths import tree


def test_same_arguments_give_the_same_bytes(tmp_path) -> None:
    first = make_corpus(tmp_path / "a", 6, 4)
    second = make_corpus(tmp_path / "b", 6, 4)
    assert tree(first) == tree(second)
    assert len(list((first / "posts").glob("*.md"))) == 6
    assert len(list((first / "episodes").glob("*.md"))) == 4


def test_corpus_builds_strictly_with_real_audio(tmp_path) -> None:
    content = make_corpus(tmp_path / "content", 6, 4)
    audio = mutagen.File(content / "media" / "bench-episode-0002.mp3")
    assert audio is not None and 12 <= audio.info.length <= 19
    result = run_build(content, tmp_path / "out", strict=True,
                       extra=(f'CACHE_PATH="{tmp_path / "cache"}"',))
    assert result.ok, result.stderr
    assert (tmp_path / "out" / "episodes" / "bench-episode-0004" / "index.html").is_file()
    assert "bench-episode-0004" in (tmp_path / "out" / "feeds" / "podcast.xml").read_text(encoding="utf-8")
