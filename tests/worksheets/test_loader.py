"""Worksheet files: good ones load into typed objects; each bad one is named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CONTENT
from worksheets.kinds import KINDS
from worksheets.loader import load_library, parse_worksheet

GOOD = """\
title: Small steps
intro: A short one.
minutes: 5
questions:
  - Plain text becomes a free-text question.
  - id: hope
    kind: scale
    prompt: How hopeful do you feel?
    low: Not at all
    high: Very
  - id: less-more
    kind: columns
    prompt: Less or more
    columns: [Less of, More of]
  - id: things
    kind: list
    prompt: Three things
    rows: 3
  - id: ticks
    kind: checklist
    prompt: Tick any
    items: [Walking, Music]
    other: true
"""


def messages(raw: str) -> list[str]:
    worksheet, issues = parse_worksheet(raw, "bad", "content/worksheets/bad.yaml")
    assert worksheet is None
    return [str(issue) for issue in issues]


def test_a_good_worksheet_loads_every_kind() -> None:
    worksheet, issues = parse_worksheet(GOOD, "small-steps", "content/worksheets/small-steps.yaml")
    assert issues == []
    assert worksheet is not None
    assert [q.kind for q in worksheet.questions] == ["reflect", "scale", "columns", "list", "checklist"]
    assert worksheet.questions[0].id == "q1"
    assert worksheet.questions[1].low == "Not at all"
    assert worksheet.questions[2].columns == ("Less of", "More of")
    assert worksheet.questions[4].other is True
    assert {q.kind for q in worksheet.questions} == set(KINDS)


def test_the_sites_own_worksheets_all_load() -> None:
    loaded = load_library(CONTENT / "worksheets", "content/worksheets")
    library = loaded.worksheets
    assert loaded.issues == [] and loaded.broken == set()
    assert {"noticing-progress", "less-of-more-of", "strengths-and-hobbies", "gratitude",
            "weighing-a-belief"} <= set(library)
    for worksheet in library.values():
        assert worksheet.intro and worksheet.minutes and len(worksheet.questions) >= 3


BAD_CASES = {
    "unknown kind": (GOOD.replace("kind: list", "kind: slider"),
                     "content/worksheets/bad.yaml:16: questions[4].kind: 'slider' is not a question kind"),
    "duplicate id": (GOOD.replace("id: things", "id: hope"),
                     "content/worksheets/bad.yaml:15: questions[4].id: 'hope' is used twice"),
    "malformed yaml": ("title: x\nquestions:\n  - id: a\n   kind: reflect\n",
                       "content/worksheets/bad.yaml:4: file: is not valid YAML"),
    "scale without low": (GOOD.replace("    low: Not at all\n", ""),
                          "content/worksheets/bad.yaml:6: questions[2].low: is missing"),
    "scale without high": (GOOD.replace("    high: Very\n", ""),
                           "content/worksheets/bad.yaml:6: questions[2].high: is missing"),
    "columns without columns": (GOOD.replace("    columns: [Less of, More of]\n", ""),
                                "content/worksheets/bad.yaml:11: questions[3].columns: is missing"),
    "minutes not a number": (GOOD.replace("minutes: 5", "minutes: ten"),
                             "content/worksheets/bad.yaml:3: minutes: must be a whole number, not text"),
    "rows not a number": (GOOD.replace("rows: 3", "rows: three"),
                          "content/worksheets/bad.yaml:18: questions[4].rows: must be a whole number"),
    "items not a list": (GOOD.replace("items: [Walking, Music]", "items: Walking"),
                         "content/worksheets/bad.yaml:22: questions[5].items: must be a list"),
    "other not true/false": (GOOD.replace("other: true", "other: maybe"),
                             "content/worksheets/bad.yaml:23: questions[5].other: must be true or false"),
    "prompt not text": (GOOD.replace("prompt: Three things", "prompt: [a, b]"),
                        "content/worksheets/bad.yaml:17: questions[4].prompt: must be text, not a list"),
    "missing title": (GOOD.replace("title: Small steps\n", ""),
                      "content/worksheets/bad.yaml:1: title: is missing"),
    "no questions": ("title: x\nquestions: []\n",
                     "content/worksheets/bad.yaml:2: questions: must be a list with at least one question"),
    "unknown field": (GOOD.replace("    other: true", "    colour: red"),
                      "content/worksheets/bad.yaml:23: questions[5].colour: is not a field here"),
    "missing kind": (GOOD.replace("    kind: list\n", ""),
                     "questions[4].kind: is missing"),
    "bad id": (GOOD.replace("id: hope", "id: Hope Now"),
               "questions[2].id: 'Hope Now' may use only a-z, 0-9 and single hyphens"),
    "not a mapping": ("- just\n- a list\n", "content/worksheets/bad.yaml:1: file: must be a mapping"),
    "repeated key": (GOOD.replace("minutes: 5", "minutes: 5\nminutes: 6"),
                     "content/worksheets/bad.yaml:4: minutes: is written twice"),
}


@pytest.mark.parametrize("raw, expected", BAD_CASES.values(), ids=BAD_CASES.keys())
def test_each_bad_worksheet_is_reported_with_file_line_and_field(raw: str, expected: str) -> None:
    found = messages(raw)
    assert any(expected in message for message in found), found
    assert all("Fix: " in message for message in found)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    raw = GOOD.replace("kind: list", "kind: slider").replace("    low: Not at all\n", "")
    found = messages(raw)
    assert any("questions[4].kind" in m for m in found)
    assert any("questions[2].low" in m for m in found)


def test_library_names_files_and_rejects_bad_file_names(tmp_path: Path) -> None:
    (tmp_path / "Good One.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    loaded = load_library(tmp_path, "content/worksheets")
    found = [str(i) for i in loaded.issues]
    assert loaded.worksheets == {}
    assert loaded.broken == {"broken", "latin1"}
    assert any(m.startswith("content/worksheets/Good One.yaml: file name:") for m in found), found
    assert any(m.startswith("content/worksheets/broken.yaml:") and "not valid YAML" in m for m in found)
    assert any(m.startswith("content/worksheets/latin1.yaml:1: file: is not UTF-8 text: ") for m in found)


def test_yaml_tags_cannot_build_python_objects() -> None:
    found = messages("title: !!python/object/apply:os.system ['true']\nquestions: [a]\n")
    assert any("uses the tag 'tag:yaml.org,2002:python/object/apply:os.system'" in m for m in found), found


def test_one_question_with_three_problems_names_all_three() -> None:
    """rt4 finding 21: an unknown kind hid the empty prompt, and a missing low hid a repeated id."""
    raw = GOOD.replace("kind: list\n    prompt: Three things", "kind: listing\n    prompt:").replace(
        "id: ticks", "id: hope").replace("    low: Not at all\n", "")
    assert [m.split(". Fix:")[0] for m in messages(raw)] == [
        "content/worksheets/bad.yaml:6: questions[2].low: is missing",
        "content/worksheets/bad.yaml:15: questions[4].kind: 'listing' is not a question kind",
        "content/worksheets/bad.yaml:16: questions[4].prompt: is empty",
        "content/worksheets/bad.yaml:18: questions[5].id: 'hope' is used twice (also questions[2])"]


def test_a_comment_as_the_whole_value_is_one_problem_on_its_own_line() -> None:
    raw = ("title: x\nquestions:\n  - Fine\n  - #1 thing you noticed?\n"
           "  - id: a\n    kind: reflect\n    prompt: #2\n")
    assert [m.split(": YAML")[0] for m in messages(raw)] == [
        "content/worksheets/bad.yaml:4: file: has only '#1 thing you noticed?' as its value",
        "content/worksheets/bad.yaml:7: file: has only '#2' as its value"]
