"""A page printed by Chromium (page.pdf), read back as a reader would see the paper: its text
per page (pdftotext), where each word sits (pdftotext -bbox) and each page as an image
(pdftoppm), to measure how full a page is and where ruled lines are drawn."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import html
from PIL import Image

DPI = 100
MARGIN_MM = 15            # main.css: @page { margin: 15mm }
RULE_INK = range(90, 216)  # the grey of ruled lines and borders (#888, #666), anti-aliased
RULE_RUN = 0.25            # a rule is a grey run across at least this share of the text column


@dataclass(frozen=True)
class Word:
    text: str
    top: float     # in pixels of the page image
    bottom: float
    left: float
    right: float


@dataclass
class Printed:
    pages: list[Image.Image]
    words: list[list[Word]]
    texts: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def print_to_paper(page: Any, folder: Path, name: str = "printed") -> Printed:
    """Print `page` to A4 as Chromium does for a reader, and read the paper back."""
    page.emulate_media(media="print")
    pdf = folder / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.emulate_media(media="screen")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(folder / name)], check=True)
    images = [Image.open(p).convert("L") for p in sorted(folder.glob(f"{name}-*.png"), key=_page_number)]
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, encoding="utf-8",
                          check=True).stdout
    tree = html.fromstring(bbox.encode(), parser=html.HTMLParser(encoding="utf-8"))  # Hebrew stays Hebrew
    words = [[_word(w) for w in p.iter("word")] for p in tree.iter("page")]
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, encoding="utf-8", check=True).stdout
             for n in range(1, len(images) + 1)]
    return Printed(images, words, texts)


def _page_number(path: Path) -> int:
    return int(re.search(r"-(\d+)\.png$", path.name).group(1))


def _word(element: Any) -> Word:
    scale = DPI / 72  # PDF points to image pixels
    top, bottom, left, right = (float(element.get(name)) * scale for name in ("ymin", "ymax", "xmin", "xmax"))
    return Word(element.text_content(), top, bottom, left, right)


def _margin(image: Image.Image) -> int:
    return round(MARGIN_MM / 25.4 * DPI)


def fullness(image: Image.Image) -> float:
    """How far down the printable area the lowest ink reaches (0 = empty, 1 = full)."""
    margin = _margin(image)
    inked = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    if inked is None:
        return 0.0
    return (inked[3] - margin) / (image.height - 2 * margin)


def ink_below(image: Image.Image, top: float) -> bool:
    """Whether anything is printed between `top` (pixels) and the foot of the printable area,
    the side borders of a question that runs on to the next page apart."""
    inset = _margin(image) + DPI // 2   # half an inch in: inside the question's border
    area = image.crop((inset, round(top), image.width - inset, image.height - _margin(image)))
    return area.point(lambda v: 255 if v < 200 else 0).getbbox() is not None


def rule_rows(image: Image.Image) -> set[int]:
    """Rows of the image crossed by a ruled line (or a border) over the text column."""
    margin = _margin(image)
    column = image.crop((margin, 0, image.width - margin, image.height))
    grey = column.point(lambda v: 255 if v in RULE_INK else 0).tobytes()
    width = column.width
    rows = set()
    for y in range(margin, image.height - margin):
        runs = re.findall(rb"\xff+", grey[y * width:(y + 1) * width])
        if max(map(len, runs), default=0) >= RULE_RUN * width:
            rows.add(y)
    return rows


def words_on_rules(printed: Printed, wanted: re.Pattern[str]) -> list[str]:
    """Every word matching `wanted` that a ruled line runs through."""
    crossed = []
    for image, words in zip(printed.pages, printed.words, strict=True):
        rules = rule_rows(image)
        for word in words:
            if wanted.fullmatch(word.text) and any(round(word.top) + 1 <= y <= round(word.bottom) - 1
                                                   for y in rules):
                crossed.append(word.text)
    return crossed
