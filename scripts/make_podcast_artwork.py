"""Draw the podcast's show artwork (content/media/stepwise-podcast-1400.jpg).

Apple wants a square RGB JPEG or PNG of 1400-3000 px. The design is original:
three rising steps and the show's name. Run it again only to change the art,
and give the file a new name when you do (apps cache artwork by URL).
Usage: .venv/bin/python scripts/make_podcast_artwork.py [output path]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1400
BACKGROUND = (27, 94, 79)  # the theme's accent green
STEP = (251, 250, 246)
SUN = (255, 226, 138)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
OUT = Path(__file__).resolve().parent.parent / "content" / "media" / "stepwise-podcast-1400.jpg"


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:  # no DejaVu: Pillow's own scalable font
        return ImageFont.load_default(size=size)


def draw() -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.ellipse((250, 740, 430, 920), fill=SUN)
    for i in range(3):  # three steps rising to the right
        left = 210 + i * 330
        top = 1010 - i * 190
        pen.rectangle((left, top, left + 330, 1190), fill=STEP)
    pen.text((210, 230), "Stepwise", font=font(190), fill=STEP)
    pen.text((216, 470), "small steps, noticed", font=font(74), fill=SUN)
    return image


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    draw().save(out, "JPEG", quality=85, optimize=True)
    print(f"Wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
