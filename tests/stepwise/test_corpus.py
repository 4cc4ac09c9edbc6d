"""The bad-input corpus (tests/corpus/): every case fails with its exact messages and leaves output/ alone.

Table-driven, in the golden-pair style of podcastparser's tests: a case is a folder
of files plus the messages it must produce (see tests/corpus/README.md).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CONTENT, ROOT, BuildResult, run_build
from tests.stepwise.treecheck import tree_digest

CORPUS = ROOT / "tests" / "corpus"
CASES = sorted(path.parent for path in CORPUS.glob("*/*/case.yaml"))
# A message may offer a new random id (a Guid for an episode): a case writes it as <uuid>.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
# Areas whose cases may still give message fragments (`expect`) rather than exact lines.
FRAGMENT_AREAS = frozenset({"policy", "static"})


def load_case(folder: Path) -> dict[str, Any]:
    case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    expect = case.get("expect", [])
    case["expect"] = [expect] if isinstance(expect, str) else list(expect)
    case["problems"] = list(case.get("problems", []))
    return case


def apply_case(folder: Path, case: dict[str, Any], content: Path) -> None:
    """Turn a copy of the real content into the case's broken content."""
    if (folder / "files").is_dir():
        shutil.copytree(folder / "files", content, symlinks=True, dirs_exist_ok=True)
    for edit in case.get("edit", []):
        target = content / edit["file"]
        if edit.get("delete"):
            shutil.rmtree(target) if target.is_dir() and not target.is_symlink() else target.unlink()
            continue
        text = target.read_text(encoding="utf-8")
        assert edit["replace"] in text, f"{folder.name}: {edit['replace']!r} is not in {edit['file']}"
        target.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
    for spec in case.get("generate", []):
        head = spec.get("head", "").encode("utf-8")
        body = spec["repeat"].encode("utf-8") * (spec["size"] // len(spec["repeat"]) + 1)
        (content / spec["file"]).write_bytes(head + body[: max(0, spec["size"] - len(head))])
    for spec in case.get("copies", []):  # the same file many times: {file: posts/p{n}.md, text: …, count: 60}
        for number in range(1, spec["count"] + 1):
            text = spec["text"].format(n=number)
            (content / spec["file"].format(n=number)).write_text(text, encoding="utf-8")


def unmatched(expected: list[str], printed: list[str]) -> list[str]:
    """The expected lines that no printed line matches (each printed line matches once)."""
    left, missing = list(printed), []
    for line in expected:
        pattern = re.compile(re.escape(line).replace(re.escape("<uuid>"), UUID.pattern))
        found = next((p for p in left if pattern.fullmatch(p)), None)
        if found is None:
            missing.append(line)
        else:
            left.remove(found)
    return missing


def problem_lines(stderr: str) -> list[str]:
    """The problems a build printed, one per line, as `error: …` or `warning: …`."""
    return [line[2:] for line in stderr.splitlines() if line.startswith(("  error: ", "  warning: "))]


@pytest.fixture(scope="session")
def good_output(built_site: BuildResult) -> Path:
    """The real site, built once per session; each case starts from a copy of it."""
    return built_site.output


def build_case(folder: Path, tmp_path: Path, good_output: Path) -> tuple[BuildResult, dict[str, str]]:
    case = load_case(folder)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    apply_case(folder, case, content)
    output = tmp_path / "output"
    shutil.copytree(good_output, output)
    before = tree_digest(output)
    extra = tuple(f"{key}={json.dumps(value)}" for key, value in case.get("settings", {}).items())
    return run_build(content, output, strict=case.get("strict", False), extra=extra), before


def test_the_corpus_is_large_and_covers_every_area() -> None:
    areas = {folder.parent.name for folder in CASES}
    assert len(CASES) >= 150
    assert {"posts", "pages", "people", "settings", "episodes", "worksheets", "policy", "static", "yaml",
            "outputs", "links", "metadata", "limits", "faults"} <= areas


@pytest.mark.parametrize("folder", [c for c in CASES if c.parent.name not in FRAGMENT_AREAS],
                         ids=lambda c: f"{c.parent.name}/{c.name}")
def test_each_case_names_its_exact_messages(folder: Path) -> None:
    """A case pins whole lines (file, line, field, problem and fix), not fragments of them."""
    case = load_case(folder)
    assert case["problems"] and not case["expect"], f"{folder}: give `problems`, the exact lines"


@pytest.mark.parametrize("folder", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_case_fails_with_its_message_and_leaves_output_alone(folder: Path, tmp_path: Path,
                                                             good_output: Path) -> None:
    result, before = build_case(folder, tmp_path, good_output)
    case = load_case(folder)
    assert result.returncode == 1, result.stdout + result.stderr
    for fragment in case["expect"]:
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"
    printed = problem_lines(result.stderr)
    if case["problems"]:
        missing = unmatched(case["problems"], printed)
        assert not missing, f"not printed: {missing}\nprinted:\n" + "\n".join(printed)
        assert len(printed) == case.get("count", len(case["problems"])), "\n".join(printed)
    assert "Traceback" not in result.stderr, result.stderr
    assert tree_digest(result.output) == before
    assert [p.name for p in tmp_path.glob(".output.*")] == [".output.lock"]  # no staging folder left
