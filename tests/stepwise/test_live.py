"""The live preview returns as soon as the edited page is in output/, and the build still
finishes into exactly the site a cold build makes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.make_corpus import make_corpus
from stepwise.live import LiveBuilds
from tests.bench.test_fast_paths import tree
from tests.conftest import ROOT

GATE_PLUGINS = ROOT / "tests" / "stepwise" / "plugins"
EDITED = "posts/bench-post-0004"


def with_gate_plugin() -> list[str]:
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    plugins = [*pelicanconf.PLUGINS, "gate_test"]
    paths = [str(ROOT / p) for p in pelicanconf.PLUGIN_PATHS] + [str(GATE_PLUGINS)]
    return [f"PLUGINS={plugins!r}".replace("'", '"'), f"PLUGIN_PATHS={paths!r}".replace("'", '"')]


def test_the_edited_page_is_live_before_the_build_ends(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    content, output, gate = tmp_path / "content", tmp_path / "output", tmp_path / "gate"
    make_corpus(content, 12, 5)
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "--content", str(content),
            "-e", f'CACHE_PATH="{tmp_path / "cache"}"', *with_gate_plugin()]
    monkeypatch.setenv("STEPWISE_TEST_GATE", str(gate))
    builds = LiveBuilds(argv, cwd=ROOT)
    gate.touch()  # the first build runs through
    builds.rebuild()
    assert builds.wait() == 0
    gate.unlink()

    with (content / f"{EDITED}.md").open("a", encoding="utf-8") as source:
        source.write("\nA line the reader should see at once: quokka.\n")
    builds.rebuild()  # returns although the build is held at its end, behind the gate
    try:
        assert builds.running is not None and builds.running.poll() is None
        assert "quokka" in (output / EDITED / "index.html").read_text(encoding="utf-8")
    finally:
        gate.touch()
    assert builds.wait() == 0

    cold = tmp_path / "cold"
    cold_builds = LiveBuilds([*argv[:3], str(cold), *argv[4:6], "-e", f'CACHE_PATH="{tmp_path / "c2"}"'],
                             cwd=ROOT)
    cold_builds.rebuild()
    assert cold_builds.wait() == 0
    assert tree(output) == tree(cold)  # the same bytes, file by file
    assert not os.path.exists(tmp_path / "output.building")
