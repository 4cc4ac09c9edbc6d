"""The ```worksheet block: taken out of the text, its YAML handed to the plugin."""

from __future__ import annotations

from pathlib import Path

import markdown

from worksheets.inline import INLINE_KEY, blocks_in_file, near_misses_of, note_near_misses

POST = """\
Title: A post
Worksheet: gratitude

Some text.

```worksheet
questions:
  - What felt easier?
```

More text.

```python
print("an ordinary code block stays")
```
"""


def convert(text: str) -> tuple[str, dict]:
    md = markdown.Markdown(extensions=["markdown.extensions.meta", "markdown.extensions.extra",
                                       "worksheets.inline"])
    html = md.convert(text)
    return html, md.Meta  # type: ignore[attr-defined]


def test_the_block_leaves_the_text_and_reaches_the_metadata() -> None:
    html, meta = convert(POST)
    assert "What felt easier" not in html
    assert "worksheet" not in html
    assert "<p>More text.</p>" in html
    assert "print(&quot;an ordinary code block stays&quot;)" in html
    assert meta[INLINE_KEY] == ["questions:\n  - What felt easier?"]
    assert meta["worksheet"] == ["gratitude"]


def test_tilde_fences_work_too() -> None:
    html, meta = convert(POST.replace("```worksheet", "~~~worksheet").replace("```\n\nMore", "~~~\n\nMore"))
    assert "What felt easier" not in html
    assert meta[INLINE_KEY] == ["questions:\n  - What felt easier?"]


def test_a_post_without_a_block_is_untouched() -> None:
    html, meta = convert("Title: x\n\nJust text.\n")
    assert html == "<p>Just text.</p>"
    assert INLINE_KEY not in meta


def test_the_file_scan_finds_the_line_and_counts_blocks(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(POST + "\n```worksheet\nquestions: [x]\n```\n", encoding="utf-8")
    assert blocks_in_file(path) == (6, 2)


def test_near_misses_are_found_where_the_file_is_read_or_else_from_the_file(tmp_path: Path) -> None:
    """Our reader hands the source to file_read (no second read of every post); a site without
    it (the plugin installed alone) still hears of a misspelt fence, from the file."""
    path = tmp_path / "post.md"
    source = POST + "\n```Worksheet\nquestions: [x]\n```\n"
    path.write_text(source, encoding="utf-8")
    line = source.splitlines().index("```Worksheet") + 1
    metadata: dict[str, object] = {}
    note_near_misses(None, "<p>Some text.</p>", metadata, source)
    path.unlink()  # what was noted is used: the file is not read again
    assert near_misses_of(path, metadata) == [(line, "```Worksheet")]
    path.write_text(source, encoding="utf-8")
    assert near_misses_of(path, {}) == [(line, "```Worksheet")]
