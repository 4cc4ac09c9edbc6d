"""A link finds its file whichever way the name's accents are encoded.

"é" can be one code point (NFC, what keyboards type) or two, "e" and a combining accent
(NFD, what macOS file systems and some archive tools write). The two look identical,
but Pelican looks a {filename} or {static} target up by its exact text, so a link typed
`{filename}café.md` missed a file saved as `café.md` in NFD, with a message naming
an identical-looking file. Each non-ASCII source path gets its other form as a second
key of the context's lookup tables: either form of the link finds the one file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

TABLES = ("generated_content", "static_content")


def add_other_forms(generator: Any) -> None:
    """article_/page_/static_generator_finalized: both forms of every non-ASCII source path.

    Pelican makes a static item of any {static} target, there or not: such a stand-in under
    the other form gives way to the file that is there."""
    root = Path(generator.settings["PATH"])
    for name in TABLES:
        table = generator.context.get(name)
        if not table:
            continue
        for path, item in [(p, i) for p, i in table.items() if not p.isascii()]:
            if not (root / path).is_file():
                continue
            for form in {unicodedata.normalize("NFC", path), unicodedata.normalize("NFD", path)} - {path}:
                there = table.get(form)
                if there is None or not (root / form).is_file():
                    table[form] = item
