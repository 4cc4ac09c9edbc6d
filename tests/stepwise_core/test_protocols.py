"""The Protocols mypy checks our code against (stepwise_core.protocols, and each plugin's own
for what it attaches) describe Pelican's real objects: a build of the sample site with a
test-only plugin (tests/stepwise_core/plugins/protocol_probe) finds every member each one
declares on every object handed to our receivers. A field named there that Pelican does not
set would let mypy pass code that fails at run time."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CONTENT, run_build, with_test_plugins

CHECKED = {"Pelican", "Readers", "Reader", "Generator", "ArticlesGenerator", "PagesGenerator",
           "StaticGenerator", "Writer", "Content", "Article", "StaticFile", "KindedArticle",
           "WorksheetArticle", "DiscoveredArticle", "PageWithImage", "EpisodeArticle"}


def test_pelicans_objects_have_every_field_the_protocols_declare(tmp_path: Path) -> None:
    record = tmp_path / "protocols.jsonl"
    done = run_build(CONTENT, tmp_path / "output", extra=with_test_plugins("protocol_probe"),
                     env={"STEPWISE_TEST_PROTOCOLS": str(record)})
    assert done.ok, done.stderr
    checks = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert [c for c in checks if c["missing"]] == []
    assert {c["protocol"] for c in checks} == CHECKED
    episodes = [c for c in checks if c["protocol"] == "EpisodeArticle"]
    assert len(episodes) >= 3 and all("/episodes/" in c["what"] for c in episodes)
