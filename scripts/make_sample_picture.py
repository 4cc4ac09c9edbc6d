"""Draw the sample post's picture (content/images/a-path-of-small-steps.jpg).

1200 x 630, the shape link previews (Open Graph) show best. The design is original:
a path of stepping stones rising towards a low sun, in the theme's colours.
Usage: .venv/bin/python scripts/make_sample_picture.py [output path]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 630
SKY, GROUND = (251, 250, 246), (214, 229, 220)
STONE, SUN = (27, 94, 79), (255, 226, 138)
OUT = Path(__file__).resolve().parent.parent / "content" / "images" / "a-path-of-small-steps.jpg"


def draw(out: Path) -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), SKY)
    pen = ImageDraw.Draw(image)
    pen.ellipse((840, 90, 1020, 270), fill=SUN)
    pen.rectangle((0, 400, WIDTH, HEIGHT), fill=GROUND)
    for step in range(5):  # stones that grow nearer and higher, left to right
        left, width = 120 + step * 200, 120 + step * 12
        top = 520 - step * 60
        pen.rounded_rectangle((left, top, left + width, top + 44), radius=18, fill=STONE)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, quality=82, optimize=True)


if __name__ == "__main__":
    draw(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
