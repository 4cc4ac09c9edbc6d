"""Where an episode's audio really is, when the 'Audio:' line does not lead to it.

An author sees a file in a folder and writes its name; the build looks the name up byte for
byte from content/. The two disagree in ways the author cannot see: the file sits beside the
episode (`Audio: beside.mp3`), the line starts with `content/`, the name's accents are stored
as a letter plus a separate mark (macOS copies, zips and rsync write 'e' + U+0301; a keyboard
types 'é'), or its capitals differ (a Mac's disk ignores them, the web server does not). Each
gets a message that names the file found and one fix: the line to write, or the file's move.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

MEDIA = "media"  # where the rule table tells authors to keep audio (content/media/)


class Misplaced(ValueError):
    """A file the line does not lead to as written, with the one fix that does."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.fix = fix


def loose(name: str) -> str:
    """A name as a person reads it: accents composed one way, capitals ignored."""
    return unicodedata.normalize("NFC", name).casefold()


def on_disk(root: Path, relative: str) -> str | None:
    """The path under `root` that `relative` names once accents and capitals are read loosely
    (exact parts first), as the disk spells it; None when there is none."""
    folder: Path = root
    found: list[str] = []
    for part in relative.split("/"):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return None
        match = part if part in names else next((n for n in names if loose(n) == loose(part)), None)
        if match is None:
            return None
        folder, found = folder / match, [*found, match]
    return "/".join(found)


def spelling_problem(root: Path, relative: str, field: str) -> Misplaced | None:
    """The line names an existing file, but not byte for byte: say how the names differ."""
    real = on_disk(root, relative)
    if real is None or real == relative or not (root / real).is_file():
        return None
    if unicodedata.normalize("NFC", real) == unicodedata.normalize("NFC", relative):
        plain = _plain(relative)
        return Misplaced(f"{relative!r} is not the file's name byte for byte: content/{real} stores its "
                         "accents as a letter followed by a separate accent mark (as copies from a Mac "
                         "often do), which looks the same but a web server would not find",
                         f"rename the file to {plain.rsplit('/', 1)[-1]!r} and write '{field}: {plain}'")
    return Misplaced(f"{relative!r} differs in capitals from the file's name, content/{real}; web servers "
                     "treat capitals as different letters, so the episode would have no audio once "
                     "published, even where your computer finds the file",
                     f"write '{field}: {real}'")


def elsewhere(root: Path, relative: str, field: str) -> Misplaced | None:
    """A file of the line's name somewhere else under content/: name it and say where it goes."""
    wanted = loose(relative.rsplit("/", 1)[-1])
    found = sorted(path.relative_to(root).as_posix() for path in _files(root) if loose(path.name) == wanted)
    if not found:
        return None
    there = found[0]
    more = f" (and {len(found) - 1} more of that name)" if len(found) > 1 else ""
    problem = (f"{relative!r} is read from content/ (content/{relative}), where there is no such file; "
               f"the file is at content/{there}{more}")
    if there.startswith(f"{MEDIA}/"):
        return Misplaced(problem, f"write '{field}: {there}' (the path inside content/, without 'content/')")
    return Misplaced(problem, _move_fix(there, field))


def unpublished(relative: str, field: str) -> Misplaced:
    """The file is there, in a folder whose files the site does not copy as they are."""
    folder = relative.rpartition("/")[0]
    where = f"content/{folder}/" if folder else "content/ itself"
    return Misplaced(f"{relative!r} is in {where}, where the site does not publish audio",
                     _move_fix(relative, field))


def _move_fix(relative: str, field: str) -> str:
    """The one fix for a file outside content/media/: move it there, and the line to write."""
    name = relative.rsplit("/", 1)[-1]
    return f"move it to content/{MEDIA}/ and write '{field}: {MEDIA}/{name}'"


def _files(root: Path) -> list[Path]:
    """Every file under content/ (a wrong line is rare: this walk runs only for one)."""
    return [Path(folder) / name for folder, _, names in os.walk(root) for name in names]


def _plain(relative: str) -> str:
    """The path without accents ('ép.mp3' -> 'ep.mp3'): a name every disk stores one way."""
    decomposed = unicodedata.normalize("NFD", relative)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
