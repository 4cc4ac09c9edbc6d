"""Print is a document: answers of any length print in full, ruled lines only where there is
no text, a question's prompt never sits alone at the foot of a page, and no page but the
last is less than half full. Read back from Chromium's own PDF, as text and as images."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.worksheets.helpers import POST, SHEET, NewPage, P, on_two_corners, opened
from tests.worksheets.printed import Printed, fullness, ink_below, print_to_paper, rule_rows, words_on_rules

pytestmark = pytest.mark.browser
LONG_FORM = "/worksheets/long-form/"
L = "#ws-long-form"
ANSWER_WORD = re.compile(r"Wren\d+")   # one in every line of every test answer


def answer(lines: int, tag: str = "") -> str:
    return "\n".join(f"Wren{tag}{n:02d} wrote this line of a longer answer, as it came."
                     for n in range(1, lines + 1))


def half_full(printed: Printed) -> list[float]:
    """How full each page but the last is: every one must be at least half."""
    return [round(fullness(image), 2) for image in printed.pages[:-1]]


def header_lines(page: Any) -> list[str]:
    """The text of every prompt and help line, which must never end a page on its own."""
    return [re.sub(r"\s+", " ", t).strip() for t in
            page.eval_on_selector_all("fieldset[data-question] legend, .question-help",
                                      "els => els.map((e) => e.textContent)")]


def lonely_prompts(printed: Printed, headers: list[str]) -> list[str]:
    """Pages (but the last) that end with a prompt or its help and nothing of its answer under
    it: the lowest line of text is part of one, and no ink (text, rules, boxes) follows it."""
    lonely = []
    pages = zip(printed.pages[:-1], printed.words[:-1], strict=True)
    for number, (image, words) in enumerate(pages, start=1):
        if not words:
            continue
        bottom = max(w.bottom for w in words)
        line = " ".join(w.text for w in sorted((w for w in words if abs(w.bottom - bottom) < 3),
                                               key=lambda w: w.left))
        if any(line in header for header in headers) and not ink_below(image, bottom + 4):
            lonely.append(f"page {number}: {line!r}")
    return lonely


@on_two_corners
def test_answers_of_any_length_print_in_full_with_no_rule_through_them(new_page: NewPage, ws_url: str,
                                                                         tmp_path: Path, device: str) -> None:
    page = opened(new_page, ws_url + SHEET, device)
    page.fill(f"{P}-whats-better", answer(70, "a"))          # longer than a page
    page.fill(f"{P}-better-day", answer(3, "b"))
    page.fill(f"{P}-one-point-higher-1", "Wrenc01 " + "a long list line that wraps " * 8 + "Wrenc02")
    printed = print_to_paper(page, tmp_path)
    text = printed.text
    for tag, lines in (("a", 70), ("b", 3)):
        for n in range(1, lines + 1):
            assert f"Wren{tag}{n:02d} wrote this line" in text, (tag, n)
    assert "Wrenc01" in text and "Wrenc02" in text
    assert "Save on this device" not in text and "Download as" not in text
    assert words_on_rules(printed, ANSWER_WORD) == []
    # The blank list lines still carry rules for handwriting, and the check sees them.
    assert any(rule_rows(image) for image in printed.pages)
    assert min(half_full(printed), default=1) >= 0.5, half_full(printed)


def test_a_blank_worksheet_prints_rules_for_handwriting(new_page: NewPage, ws_url: str,
                                                        tmp_path: Path) -> None:
    page = opened(new_page, ws_url + SHEET)
    printed = print_to_paper(page, tmp_path)
    rows = rule_rows(printed.pages[0])
    assert len(rows) >= 6, "the first answer's ruled lines are missing"
    assert min(half_full(printed), default=1) >= 0.5, half_full(printed)


LENGTHS = {   # lines per answer of the long-form worksheet: prompts land at every height
    "mixed": (3, 17, 25, 9, 40, 2, 14, 30),
    "growing": (1, 5, 9, 13, 17, 21, 25, 29),
    "shifted": (11, 0, 36, 6, 0, 22, 4, 19),
}


@pytest.mark.parametrize("lengths", LENGTHS.values(), ids=LENGTHS.keys())
def test_no_prompt_ends_a_page_and_no_page_is_left_half_empty(new_page: NewPage, ws_url: str, tmp_path: Path,
                                                              lengths: tuple[int, ...]) -> None:
    page = opened(new_page, ws_url + LONG_FORM)
    for number, lines in enumerate(lengths, start=1):
        if lines:
            page.fill(f"{L}-look-{number}", answer(lines, str(number)))
    printed = print_to_paper(page, tmp_path)
    assert lonely_prompts(printed, header_lines(page)) == []
    assert min(half_full(printed), default=1) >= 0.5, half_full(printed)
    assert words_on_rules(printed, ANSWER_WORD) == []
    for number, lines in enumerate(lengths, start=1):
        assert all(f"Wren{number}{n:02d} wrote" in printed.text for n in range(1, lines + 1)), number


@on_two_corners
@pytest.mark.parametrize("path", [POST, SHEET, LONG_FORM])
def test_blank_pages_print_at_least_half_full(new_page: NewPage, ws_url: str, tmp_path: Path, path: str,
                                              device: str) -> None:
    page = opened(new_page, ws_url + path, device)
    printed = print_to_paper(page, tmp_path)
    assert lonely_prompts(printed, header_lines(page)) == []
    assert min(half_full(printed), default=1) >= 0.5, half_full(printed)


def test_the_post_prints_as_one_document_with_its_worksheet(new_page: NewPage, ws_url: str,
                                                            tmp_path: Path) -> None:
    page = opened(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", answer(15, "d"))
    page.fill(f"{P}-better-day", answer(15, "e"))
    printed = print_to_paper(page, tmp_path)
    assert "Progress is not a straight line" in printed.texts[0]
    assert "Worksheet: Noticing progress" in printed.text
    assert lonely_prompts(printed, header_lines(page)) == []
    assert min(half_full(printed), default=1) >= 0.5, half_full(printed)
    assert words_on_rules(printed, ANSWER_WORD) == []
