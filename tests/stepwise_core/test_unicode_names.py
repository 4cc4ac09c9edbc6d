"""A link typed with composed accents (NFC) finds a file whose name has decomposed ones (NFD,
as macOS writes them), and the other way round: the two names look identical."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from tests.conftest import CONTENT, BuildResult

POST = "Title: {title}\nDate: 2025-01-01\nAuthor: Amara Okafor\nSummary: x\n\n{body}\n"


def test_links_find_files_whichever_way_their_accents_are_written(site_copy: Path, build: object) -> None:
    nfd, nfc = unicodedata.normalize("NFD", "café"), unicodedata.normalize("NFC", "café")
    assert nfd != nfc
    (site_copy / "posts" / f"{nfd}-notes.md").write_text(
        POST.format(title="Notes from the cafe", body="Saved on a Mac."), encoding="utf-8")
    shutil.copy(CONTENT / "images" / "a-path-of-small-steps.jpg", site_copy / "images" / f"{nfc}-steps.jpg")
    (site_copy / "posts" / "links-with-accents.md").write_text(POST.format(
        title="Links with accents",
        body=f"Read [the notes]({{filename}}{nfc}-notes.md).\n\n"
             f"![Steps]({{static}}/images/{nfd}-steps.jpg)"), encoding="utf-8")
    result: BuildResult = build(site_copy, strict=True)  # type: ignore[operator]
    assert result.ok, result.stderr
    page = result.page("posts/links-with-accents/index.html")
    assert 'href="/posts/notes-from-the-cafe/"' in page
    assert "{static}" not in page and "{filename}" not in page
