"""A full rebuild in the live preview shows the edited page before the build ends (preview
first), and the build still finishes into exactly the site a cold build makes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench.make_corpus import make_corpus
from stepwise.livepreview import LivePreview
from stepwise.liveworker import start_worker
from tests.bench.test_fast_paths import tree
from tests.conftest import ROOT, run_build
from tests.stepwise.test_livesite import Events

GATE_PLUGINS = ROOT / "tests" / "stepwise" / "plugins"
EDITED = "posts/bench-post-0004"


def with_gate_plugin() -> list[str]:
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    plugins = [*pelicanconf.PLUGINS, "gate_test"]
    paths = [str(ROOT / p) for p in pelicanconf.PLUGIN_PATHS] + [str(GATE_PLUGINS)]
    return [f"PLUGINS={json.dumps(plugins)}", f"PLUGIN_PATHS={json.dumps(paths)}"]


def test_the_edited_page_is_live_before_the_build_ends(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    content, output, gate = tmp_path / "content", tmp_path / "output", tmp_path / "gate"
    make_corpus(content, 12, 5)
    monkeypatch.setenv("STEPWISE_TEST_GATE", str(gate))
    gate.touch()  # the first build runs through
    worker = start_worker(["-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "--content", str(content),
                           "-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}", *with_gate_plugin()],
                          cwd=ROOT)
    events = Events(worker)
    try:
        assert events.next() == {"event": "built", "ok": True, "problems": []}
        gate.unlink()
        source = content / f"{EDITED}.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Title:", "Title: Quokka:", 1), encoding="utf-8")  # not a body edit
        worker.send(changed=[str(source)])
        previewed = events.next()  # while the build is held at its end, behind the gate
        try:
            assert previewed == {"event": "reload", "urls": [f"{EDITED}/"], "how": "preview"}
            assert "Quokka:" in (output / EDITED / "index.html").read_text(encoding="utf-8")
            assert "Quokka:" not in (output / "archives" / "index.html").read_text(encoding="utf-8")
        finally:
            gate.touch()
        assert events.next() == {"event": "built", "ok": True, "problems": []}
    finally:
        worker.stop()
    cold = run_build(content, tmp_path / "cold", extra=(f"CACHE_PATH={json.dumps(str(tmp_path / 'c2'))}",))
    assert cold.ok, cold.stderr
    assert tree(output) == tree(cold.output)  # the same bytes, file by file
    assert not (tmp_path / ".output.building").exists()


def test_a_page_previewed_by_a_build_that_failed_or_was_stopped_is_put_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview shows an edited page before its build ends; a build that then fails, or
    is stopped (Ctrl-C, a new builder), must not leave that page in output/ under its new title."""
    content, output = tmp_path / "content", tmp_path / "output"
    gate, fail = tmp_path / "gate", tmp_path / "fail"
    make_corpus(content, 12, 5)
    monkeypatch.setenv("STEPWISE_TEST_GATE", str(gate))
    monkeypatch.setenv("STEPWISE_TEST_FAIL_AT_END", str(fail))
    gate.touch()
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "--content", str(content),
            "-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}", *with_gate_plugin()]
    preview = LivePreview(argv=argv, root=ROOT, output=output, watched=[content],
                          settings_file=ROOT / "pelicanconf.py", worker=start_worker(argv, cwd=ROOT))
    page = output / EDITED / "index.html"
    source = content / f"{EDITED}.md"
    original, good = source.read_text(encoding="utf-8"), b""
    try:
        assert preview.worker is not None
        events = Events(preview.worker)
        assert events.next()["ok"] is True
        good = page.read_bytes()
        fail.touch()  # this build fails at its end, after its preview
        source.write_text(original.replace("Title:", "Title: Quokka:", 1), encoding="utf-8")
        preview.worker.send(changed=[str(source)])
        assert events.next()["how"] == "preview"
        assert events.next()["ok"] is False
        assert page.read_bytes() == good
        fail.unlink()
        gate.unlink()  # the next build holds at its end: it is stopped there
        source.write_text(original.replace("Title:", "Title: Numbat:", 1), encoding="utf-8")
        preview.worker.send(changed=[str(source)])
        assert events.next()["how"] == "preview"
        assert b"Numbat:" in page.read_bytes()
    finally:
        gate.touch()
        preview.stop()  # as Ctrl-C stops `make serve`
    assert page.read_bytes() == good
    # The journal is gone (a staging folder a stopped build leaves is the runner's to remove
    # at the next build, build.py).
    assert not (tmp_path / ".output.preview-undo").exists()
