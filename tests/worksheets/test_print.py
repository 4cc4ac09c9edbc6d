"""Print is a document: answers of any length print in full, ruled lines only where there is
no text, a question's prompt never sits alone at the foot of a page, and no page but the
last is less than half full. Read back from Chromium's own PDF, as text and as images."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
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


# Shapes a reader made: every kind of question, long answers, list lines of a sentence or two.
S = "#ws-strengths-and-hobbies"
EVERY_KIND = "/worksheets/strengths-and-hobbies/"
SENTENCE = ("Wren{n:02d} on Tuesday I got up before the alarm and made tea without the usual dread; "
            "it was small, but it mattered. ")


# Each field gets text of the length asked for, each sentence tagged Wren00, Wren01, ...
FIELDS = ".worksheet :is(textarea, input.line)"   # list lines were one-line inputs once: fill either
FILL_TEXTAREAS = """([fields, lengths, sentence]) => document.querySelectorAll(fields).forEach((el, i) => {
    const tag = (k) => sentence.replace('{n:02d}', String((i * 13 + k) % 100).padStart(2, '0'));
    el.value = Array.from({length: Math.ceil(lengths[i] / sentence.length) + 1}, (_, k) => tag(k))
        .join('').slice(0, lengths[i]);
    el.dispatchEvent(new Event('input', {bubbles: true}));
})"""
KINDS = ("els => els.map((e) => (e.hasAttribute('data-other') ? 'other'"
         " : e.classList.contains('line') ? 'line' : 'text'))")


def fill_lengths(page: Any, length: Callable[[str, int], int]) -> None:
    """Fill every field with length(kind, index) characters ('text', 'line' or 'other')."""
    kinds = page.eval_on_selector_all(FIELDS, KINDS)
    page.evaluate(FILL_TEXTAREAS, [FIELDS, [length(kind, i) for i, kind in enumerate(kinds)], SENTENCE])


def fill_shape(page: Any, texts: int, lines: int, *, ticks: int = 10, other: int = 0,
               rating: int | None = 7) -> None:
    """Every answer `texts` characters long, every list line `lines`, boxes ticked, scales rated."""
    fill_lengths(page, lambda kind, _i: {"text": texts, "line": lines, "other": other or lines}[kind])
    for box in page.locator(".checklist input").all()[:ticks]:
        box.check()
    if rating is not None:
        for scale in page.locator(".worksheet .scale").all():
            scale.locator(f"input[value='{rating}']").check()


def assert_a_document(page: Any, printed: Printed) -> None:
    assert lonely_prompts(printed, header_lines(page)) == []
    assert min(half_full(printed), default=1) >= 0.5, half_full(printed)
    assert words_on_rules(printed, ANSWER_WORD) == []


# A reader's answer with an emoji and right-to-left words in it (they wrap differently).
MIXED_SCRIPT = ("On Tuesday I was up before the alarm and made tea without the usual dread. 😊 Small, "
                "but it mattered. שלום עליכם — مرحبا بالعالم. ") * 30


def test_long_answers_to_every_kind_of_question_keep_each_prompt_with_its_answer(
        new_page: NewPage, ws_url: str, tmp_path: Path) -> None:
    """About 1,500 characters an answer, 150 a list line, every box ticked: "3. Hobbies and
    pastimes" once ended page 2 alone in an empty box, its lists on page 3, page 2 half empty.
    Where a prompt falls depends on every line before it, so the answers grow in steps until
    the prompt has been at every height of the foot of page 2."""
    page = opened(new_page, ws_url + EVERY_KIND)
    fill_shape(page, 0, 0)                                    # boxes ticked, scales rated
    problems = {}
    for length in range(1400, 1721, 40):
        page.evaluate("""([fields, text, length]) => document.querySelectorAll(fields).forEach((el, i) => {
            el.value = el.matches('.line') ? `line ${i} `.padEnd(150, 'abc def ghi ') + ` Wren${i}`
                : `${text.slice(0, length)} Wren${i}`;
            el.dispatchEvent(new Event('input', {bubbles: true}));
        })""", [FIELDS, MIXED_SCRIPT, length])
        printed = print_to_paper(page, tmp_path, f"printed-{length}")
        hobbies = next(i for i, text in enumerate(printed.texts) if "3. Hobbies and pastimes" in text)
        found = [*lonely_prompts(printed, header_lines(page)),
                 *(f"a page {f:.0%} full" for f in half_full(printed) if f < 0.5)]
        if "Things I enjoy now" not in printed.texts[hobbies]:
            found.append(f"page {hobbies + 1}: the prompt of question 3 without its lists")
        if found:
            problems[length] = found
    assert problems == {}


def test_a_short_question_stays_on_page_one_when_a_long_one_follows(new_page: NewPage, ws_url: str,
                                                                    tmp_path: Path) -> None:
    """Two boxes, 200 characters of "Something else", 2,500 in question 2: question 1 once went
    to page 2, leaving page 1 half empty."""
    page = opened(new_page, ws_url + EVERY_KIND)
    fill_shape(page, 2500, 0, ticks=2, other=200, rating=None)
    printed = print_to_paper(page, tmp_path)
    assert "1. Which of these sound like you" in printed.texts[0]
    assert_a_document(page, printed)


MIXES = {   # a seeded mix of answer lengths per worksheet: (worksheet, seed)
    f"{sheet}-{seed}": (sheet, seed)
    for sheet in ("strengths-and-hobbies", "less-of-more-of", "noticing-progress") for seed in range(3)}


@pytest.mark.parametrize("mix", list(MIXES))
def test_any_mix_of_answer_lengths_prints_as_a_document(new_page: NewPage, ws_url: str, tmp_path: Path,
                                                        mix: str) -> None:
    sheet, seed = MIXES[mix]
    rng = random.Random(seed)
    page = opened(new_page, ws_url + f"/worksheets/{sheet}/")
    choices = (0, 0, 40, 120, 300, 900, 1800, 3200)
    fill_lengths(page, lambda kind, _i: min(rng.choice(choices), 400 if kind != "text" else 10_000))
    printed = print_to_paper(page, tmp_path)
    assert_a_document(page, printed)


def test_the_footer_prints_short_and_whole(new_page: NewPage, ws_url: str, tmp_path: Path) -> None:
    import pelicanconf

    page = opened(new_page, ws_url + POST)
    page.fill(f"{P}-whats-better", answer(60, "f"))
    printed = print_to_paper(page, tmp_path)
    note = " ".join(pelicanconf.NOT_THERAPY_NOTE.split()[:6])
    footer = [i for i, text in enumerate(printed.texts) if note in " ".join(text.split())]
    assert footer, "the not-therapy note is on paper"
    last = " ".join(printed.texts[footer[-1]].split())
    assert pelicanconf.PRACTICE_CONTACT["email"] in last and "London N1 0AA" in last   # not split
    assert "Posts feed" not in printed.text and "Made without trackers" not in printed.text


def test_without_javascript_every_answer_prints_whole(new_page: NewPage, ws_url: str,
                                                     tmp_path: Path) -> None:
    """No script, no copies: what Chromium prints of the fields themselves. A list line once
    printed as far as its box went ("Less time scrolling on my phone in b")."""
    page = new_page(java_script_enabled=False)
    page.goto(ws_url + "/worksheets/less-of-more-of/")
    less = "Less time scrolling on my phone in bed after midnight"
    more = "More walks with Sam at the weekend, even short ones, " * 3 + "Wrenz99"
    page.fill("#ws-less-of-more-of-less-more-1-1", less)
    page.fill("#ws-less-of-more-of-less-more-2-1", more)
    page.focus("#ws-less-of-more-of-less-more-2-1")           # the field in use
    printed = print_to_paper(page, tmp_path)
    middle = printed.pages[0].width / 2                        # two columns: read each on its own
    left, right = ([w for w in printed.words[0] if (w.left < middle) == side] for side in (True, False))
    assert less in " ".join(w.text for w in sorted(left, key=lambda w: (round(w.top), w.left)))
    assert more in " ".join(w.text for w in sorted(right, key=lambda w: (round(w.top), w.left)))
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "none"


def overlapping(printed: Printed) -> list[str]:
    """Words printed over other words: two boxes of text that cover each other."""
    found = []
    for number, words in enumerate(printed.words, start=1):
        boxes = sorted(words, key=lambda w: w.top)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b.top >= a.bottom - 2:
                    break
                if b.left < a.right - 2 and a.left < b.right - 2:
                    found.append(f"page {number}: {a.text!r} over {b.text!r}")
    return found


def paragraphs(words: int) -> str:
    """A long answer as a reader types it: paragraphs of 60 words, Wren0001, Wren0002, ..."""
    tagged = [f"Wren{n:04d}" if n % 6 == 0 else "something" for n in range(1, words + 1)]
    return "\n\n".join(" ".join(tagged[i:i + 60]) for i in range(0, words, 60))


@pytest.mark.parametrize("words", [800, 1200, 5200])
def test_without_javascript_a_long_answer_never_prints_over_the_rest(new_page: NewPage, ws_url: str,
                                                                     tmp_path: Path, words: int) -> None:
    """JS off, 1,200 words in question 1: question 2's prompt and answer printed on top of the
    end of answer 1 (at 5,200 words over every later question and the footer; at 800 the
    first pages held the header, the prompt alone and its help alone). A field prints only
    as one piece: it is cut cleanly at the foot of its page, and the page says so."""
    page = new_page(java_script_enabled=False)
    page.goto(ws_url + SHEET)
    page.fill(f"{P}-whats-better", paragraphs(words))
    page.fill(f"{P}-better-day", "Wrenz01 the kettle, and the light on the stairs")
    page.focus(f"{P}-whats-better")
    page.keyboard.press("Control+End")                    # the caret at the end, as after typing
    printed = print_to_paper(page, tmp_path)
    assert overlapping(printed) == []
    assert lonely_prompts(printed, header_lines(page)) == []
    flat = " ".join(printed.text.split())
    for prompt in header_lines(page):
        assert prompt in flat, prompt
    assert "Wrenz01 the kettle" in flat
    first = next(i for i, text in enumerate(printed.texts) if "what has been even slightly better" in text)
    assert "Wren0006" in printed.texts[first], "the answer starts on the page of its prompt"
    assert "turn JavaScript on" in flat


HEBREW = re.compile(r"[\u0590-\u05ff]")
RTL_ANSWER = "שלום עליכם, היה שבוע טוב יותר. Wrenr01"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_right_to_left_answer_shows_and_prints_right_to_left(new_page: NewPage, ws_url: str,
                                                               tmp_path: Path, javascript: bool) -> None:
    """Hebrew typed in an answer stayed left-aligned, its full stop at the wrong end, on
    screen and on paper."""
    page = new_page(java_script_enabled=javascript)
    page.goto(ws_url + SHEET)
    if javascript:
        page.wait_for_selector(".worksheet.has-print-copies", state="attached")
    page.fill(f"{P}-whats-better", RTL_ANSWER)
    page.fill(f"{P}-one-point-higher-1", RTL_ANSWER)
    page.fill(f"{P}-better-day", "An answer in English. Wrenl01")
    directions = page.eval_on_selector_all(
        ".worksheet textarea",
        "els => els.filter((e) => e.value).map((e) => [e.id, getComputedStyle(e).direction])")
    assert sorted(d for _, d in directions) == ["ltr", "rtl", "rtl"], directions
    printed = print_to_paper(page, tmp_path)
    middle = printed.pages[0].width / 2
    words = [w for page_words in printed.words for w in page_words]
    rtl = [w for w in words if HEBREW.search(w.text)]
    assert len(rtl) >= 10 and all(w.left > middle for w in rtl), [(w.text, w.left) for w in rtl]
    assert all(w.left < middle for w in words if w.text.startswith("Wrenl01"))
