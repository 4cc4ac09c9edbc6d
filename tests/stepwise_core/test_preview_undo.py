"""preview_undo: a failed or stopped build puts output/ back as it was, and a journal left
behind never touches an output/ it does not describe (red team, session 6)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from stepwise_core.preview_undo import LISTING, journal_of, keep_original, undo, writes_inside
from tests.stepwise.treecheck import tree_digest


def site(folder: Path) -> Path:
    (folder / "posts" / "a").mkdir(parents=True)
    (folder / "posts" / "a" / "index.html").write_text("<p>a, as built</p>", encoding="utf-8")
    (folder / "index.html").write_text("<p>home</p>", encoding="utf-8")
    return folder


def test_undo_puts_back_what_a_preview_replaced_and_removes_what_it_added(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    before = tree_digest(output)
    keep_original(output, "posts/a/index.html")
    (output / "posts" / "a" / "index.html").write_text("<p>a, previewed</p>", encoding="utf-8")
    keep_original(output, "posts/b/index.html")
    (output / "posts" / "b").mkdir()
    (output / "posts" / "b" / "index.html").write_text("<p>b, new</p>", encoding="utf-8")
    assert undo(output)
    assert tree_digest(output) == before
    assert not journal_of(output).exists()


def test_a_journal_left_behind_after_a_new_site_was_swapped_in_is_dropped(tmp_path: Path) -> None:
    """Killed while the old site was being removed, after the swap: the journal describes the
    old output/, and applied to the new one it would delete its new pages."""
    output = site(tmp_path / "output")
    keep_original(output, "posts/a/index.html")
    os.rename(output, tmp_path / "old")  # the swap: another folder is output/ now
    new = site(output)
    (new / "posts" / "new").mkdir()
    (new / "posts" / "new" / "index.html").write_text("<p>a new post</p>", encoding="utf-8")
    (new / "posts" / "a" / "index.html").write_text("<p>a, as rebuilt</p>", encoding="utf-8")
    built = tree_digest(new)
    assert not undo(output)
    assert tree_digest(new) == built
    assert not journal_of(output).exists()


def test_a_journal_from_before_folders_were_recorded_is_still_applied(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    before = tree_digest(output)
    keep_original(output, "posts/a/index.html")
    listing = journal_of(output) / LISTING
    listing.write_text(json.dumps(json.loads(listing.read_text(encoding="utf-8"))["files"]), encoding="utf-8")
    (output / "posts" / "a" / "index.html").write_text("<p>a, previewed</p>", encoding="utf-8")
    assert undo(output)
    assert tree_digest(output) == before


def test_a_path_through_a_symbolic_link_is_not_inside(tmp_path: Path) -> None:
    output = site(tmp_path / "output")
    (tmp_path / "elsewhere").mkdir()
    (output / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (output / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    assert writes_inside(output, "posts/a/index.html")
    assert writes_inside(output, "posts/new/index.html")  # not there yet: fine
    assert not writes_inside(output, "linked/index.html")
    assert not writes_inside(output, "dangling.html")
    os.link(output / "index.html", tmp_path / "an-authors-file.html")  # STATIC_CREATE_LINKS
    assert not writes_inside(output, "index.html")
