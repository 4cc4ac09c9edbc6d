"""YAML that cannot hang or surprise (stepwise_core.safeyaml): every YAML an author writes is read by it.

The two classic attacks run in a subprocess with a timeout, never a timed assert: an alias
inside its own anchor (a graph with a cycle: any walk over it followed it forever, and
the build hung) and an exponential alias bomb (a few hundred bytes for a billion nodes).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from stepwise_core.safeyaml import safe_load
from tests.conftest import ROOT, run_build
from tests.stepwise.test_corpus import problem_lines

SELF_REFERENCE = "- &me\n  name: Loop\n  bio: *me\n"
BOMB = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] +
                 [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
                  for p, c in zip("abcdefgh", "bcdefghi", strict=True)])
ATTACKS = {"self-reference": SELF_REFERENCE, "bomb": BOMB}
SECONDS = 30  # far more than a few: a hang is forever, a refusal takes milliseconds


@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_safe_load_refuses_each_attack_at_once(text: str) -> None:
    script = ("import json, sys\nfrom stepwise_core.safeyaml import safe_load\n"
              "data, problems = safe_load(sys.stdin.read(), {})\n"
              "print(json.dumps([data, [p.problem for p in problems]]))\n")
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True,
                          encoding="utf-8", timeout=SECONDS, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT / "plugins")})
    data, problems = json.loads(done.stdout)
    assert data is None
    assert problems in (["defines the anchor '&me'"], ["defines the anchor '&a'"])


@pytest.mark.parametrize("where", ["people.yaml", "worksheets/attack.yaml"])
@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_build_fails_within_seconds_naming_the_file(site_copy, tmp_path, where: str, text: str) -> None:
    (site_copy / where).write_text(text, encoding="utf-8")
    result = run_build(site_copy, tmp_path / "output", timeout=SECONDS)
    assert result.returncode == 1
    anchor = "me" if text == SELF_REFERENCE else "a"
    field = "people" if where == "people.yaml" else "file"
    expected = (f"error: content/{where}:1: {field}: defines the anchor '&{anchor}'. Fix: write the value "
                "out in full: YAML anchors and aliases (& and *) are not accepted here")
    assert expected in problem_lines(result.stderr)


def test_the_old_reader_of_this_yaml_really_does_not_come_back() -> None:
    """The attack is real: PyYAML's own compose-and-walk, as the build used it, never ends."""
    script = ("import yaml\nnodes = [yaml.compose(open(0).read())]\n"
              "while nodes:\n    node = nodes.pop()\n"
              "    if isinstance(node, yaml.SequenceNode): nodes.extend(node.value)\n"
              "    elif isinstance(node, yaml.MappingNode):\n"
              "        nodes.extend(v for pair in node.value for v in pair)\n")
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", script], input=SELF_REFERENCE, capture_output=True,
                       encoding="utf-8", timeout=5)


@pytest.mark.parametrize(("text", "problem"), [
    ("a: 1\na: 2\n", "is written twice (lines 1 and 2)"),
    ("a: {b: 1, b: 2}\n", "is written twice (lines 1 and 1)"),
    ("<<: {a: 1}\n", "uses a merge key ('<<')"),
    ("a: !!python/name:os.system x\n", "uses the tag 'tag:yaml.org,2002:python/name:os.system'"),
    ("a: ! x\n", "uses the tag '!'"),
    ("? [a]\n: b\n", "has a list or mapping where a name belongs (before a ':')"),
    ("a: 1\n---\nb: 2\n", "holds a second YAML document (a second '---')"),
    ("a: [\n", "is not valid YAML (expected the node content, but found '<stream end>')"),
    ("- " * 30 + "x\n",
     "is nested more than 20 levels deep; the limit is 20, set by STEPWISE_MAX_YAML_DEPTH in pelicanconf.py"),
])
def test_each_surprise_is_refused_with_its_line(text: str, problem: str) -> None:
    from stepwise_core.safeyaml import safe_load

    data, problems = safe_load(text, {})
    assert data is None
    assert [p.problem for p in problems] == [problem]
    assert problems[0].line is not None


def test_plain_yaml_loads_as_before() -> None:
    from stepwise_core.safeyaml import safe_load

    text = "title: Small steps\nquestions:\n  - id: a\n    kind: reflect\n    prompt: 'Quoted: yes'\n"
    data, problems = safe_load(text, {})
    assert problems == []
    question = {"id": "a", "kind": "reflect", "prompt": "Quoted: yes"}
    assert data == {"title": "Small steps", "questions": [question]}


def test_slips_come_out_together_and_the_data_may_be_read_past_them() -> None:
    """A comment that cuts a value and a key written twice leave the text readable: both are
    reported in one build, and a caller that asks gets the data beside them (rt4 finding 21)."""
    from stepwise_core.safeyaml import safe_load

    text = "title: Checking in #3\nminutes: 5\nminutes: 6\nquestions: [a]\n"
    data, problems = safe_load(text, {})
    assert data is None
    assert [(p.line, p.problem) for p in problems] == [
        (1, "has '#3' after 'Checking in': YAML reads ' #' as the start of a comment and drops it, "
            "so only 'Checking in' is read"),
        (3, "is written twice (lines 2 and 3)")]
    data, again = safe_load(text, {}, past_slips=True)
    assert again == problems and data == {"title": "Checking in", "minutes": 6, "questions": ["a"]}
    data, problems = safe_load("a: 1 #x\nb: &anchor 2\n", {}, past_slips=True)
    assert data is None and [p.slip for p in problems] == [True, False]  # unsafe: never loaded


@pytest.mark.parametrize(("line", "fix"), [
    ("prompt: Before: what was it like?", "prompt: 'Before: what was it like?'"),
    ("  - id: x\n    low: It's a: mess", "low: 'It''s a: mess'"),
])
def test_a_second_colon_in_a_value_says_to_quote_it(line: str, fix: str) -> None:
    from stepwise_core.safeyaml import safe_load

    _, problems = safe_load(line + "\n", {})
    assert [p.fix for p in problems] == [f"put the value in quotes: {fix}"]
    assert problems[0].problem.startswith(f"has a second ': ' in {line.splitlines()[-1].strip()!r}")


def test_a_value_that_is_all_comment_is_a_slip_only_where_no_value_may_be_empty() -> None:
    from stepwise_core.safeyaml import safe_load

    text = "- name: Sam\n  website: # none yet\n"
    assert safe_load(text, {}) == ([{"name": "Sam", "website": None}], [])
    data, problems = safe_load(text, {}, text_only=True)
    assert data is None and [(p.line, p.slip) for p in problems] == [(2, True)]


@pytest.mark.parametrize(("text", "fix"), [
    ("title: ‘Checking in #3’\n", "type straight quotes (' or \") instead of the curly ones (‘ ’ or “ ”), "
                                  "which YAML reads as part of the text"),
    ("- name: Lee\n  bio: “Lee: a writer”\n",
     "type straight quotes instead of the curly ones: bio: 'Lee: a writer'"),
])
def test_curly_quotes_are_named_as_not_quotes(text: str, fix: str) -> None:
    """New-author test, session 7: the author did quote, with a word processor's quotes, and was
    told to put the text in quotes."""
    _, problems = safe_load(text, {})
    assert [problem.fix for problem in problems] == [fix]
