"""Plain-text pastes: which indented blocks read as pasted prose, and which bullets are named.

The build's messages, with code that must not be named beside them, are the corpus case
posts/plain-text-paste; these pin the rule's edges the README states."""

from __future__ import annotations

import pytest

from stepwise_core.plain_paste import BULLETS, bulleted_lines, indented_prose, reads_as_prose


@pytest.mark.parametrize("block", [
    ["\tI noticed this week that I was calmer in the mornings."],
    ["    Underneath the question is usually another one: why don't I feel better", "    every week?"],
    ["    \u201cIt was a good week,\u201d she said, \u201cbetter than the last.\u201d"],
])
def test_sentences_read_as_prose(block: list[str]) -> None:
    assert reads_as_prose(block)


@pytest.mark.parametrize("block", [
    ["    pip install pelican markdown typogrify"],  # no sentence end
    ["    print(answers.get(week).strip()) or fail.now()."],  # a sentence end, but few words
    ["    for item in items { total = total + item; }."],  # what code is written with
    ["    Three small steps."],  # fewer than four words
])
def test_commands_and_code_do_not(block: list[str]) -> None:
    assert not reads_as_prose(block)


def test_the_readme_s_bullets_are_each_named_on_their_line() -> None:
    for bullet in "•●◦▪":
        assert bullet in BULLETS
        lines = ["Three things:", f"{bullet} one", f"  {bullet} two", "- three"]
        assert bulleted_lines(lines, bullet) == [2, 3]


def test_an_indented_paragraph_inside_a_list_or_after_a_fence_is_left_alone() -> None:
    lines = ["- An item", "", "    Its second paragraph, as Markdown writes one for the item.", "",
             "A paragraph.", "", "    This one is pasted prose and shows as code, wrongly.", ""]
    assert indented_prose(lines, "    ") == [7]
    assert indented_prose(lines, "\t") == []


def test_a_line_of_bullets_alone_is_a_break_between_sections_not_a_slip() -> None:
    lines = ["The end of one part.", "", "• • •", "", "●●●", "", "• and a real slip"]
    assert bulleted_lines(lines, "•") == [7]
    assert bulleted_lines(lines, "●") == []
