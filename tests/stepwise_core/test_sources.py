"""The source scan: its byte-level pre-check agrees with the text rule it stands for, and it
skips what Pelican's IGNORE_FILES skips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stepwise_core.rules import CONTROL_CHARACTERS
from stepwise_core.sources import ignore_patterns, ignored, may_hold_control_characters, source_tree_problems


def test_the_byte_check_agrees_with_the_text_rule_for_every_code_point() -> None:
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be written as UTF-8
            continue
        for text in (chr(code), f"a{chr(code)}b", f"\u00a9{chr(code)}"):
            assert may_hold_control_characters(text.encode()) == bool(CONTROL_CHARACTERS.search(text)), code


def test_invalid_utf8_is_not_a_control_character() -> None:
    assert not may_hold_control_characters(b"caf\xe9 \xc2 \xef\xbf")  # decodes to U+FFFD


def test_ignore_patterns_match_names_as_pelican_matches_them() -> None:
    patterns = ignore_patterns({"IGNORE_FILES": ["**/.*"]})
    assert patterns == ["**/.*", ".*"]
    assert ignored(Path("posts/.#post.md"), patterns)
    assert ignored(Path("._post.md"), patterns)
    assert ignored(Path(".drafts/post.md"), patterns)
    assert not ignored(Path("posts/post.md"), patterns)


def test_editor_leftovers_are_skipped_and_the_site_builds(site_copy: Path, build: Any) -> None:
    """Emacs' lock file is a dangling link, a Mac's ._ file starts with NUL bytes: Pelican's
    IGNORE_FILES is meant to skip both, and the build does (rt4 finding 17)."""
    (site_copy / "posts" / ".#progress-is-not-a-straight-line.md").symlink_to("amara@laptop.4242:1700000000")
    mac_leftover = site_copy / "posts" / "._progress-is-not-a-straight-line.md"
    mac_leftover.write_bytes(b"\x00\x05\x16\x07\x00\x02Mac OS X")
    assert source_tree_problems({"PATH": str(site_copy), "IGNORE_FILES": ["**/.*"]}) == []
    result = build(site_copy)
    assert result.ok, result.stderr
    assert not list(result.output.rglob("._*")) and not list(result.output.rglob(".#*"))


def test_pelicans_other_markdown_endings_are_read_as_posts(site_copy: Path, build: Any) -> None:
    """The README: '.markdown', '.mkd' and '.mdown' are read too (only '.md' was tested)."""
    source = (site_copy / "posts" / "progress-is-not-a-straight-line.md").read_text(encoding="utf-8")
    for ending in ("markdown", "mkd", "mdown"):
        slug = f"written-as-{ending}"
        text = source.replace("Slug: progress-is-not-a-straight-line", f"Slug: {slug}")
        (site_copy / "posts" / f"{slug}.{ending}").write_text(text, encoding="utf-8")
    result = build(site_copy)
    assert result.ok, result.stderr
    for ending in ("markdown", "mkd", "mdown"):
        assert (result.output / "posts" / f"written-as-{ending}" / "index.html").is_file(), ending
