"""The published copy of an episode's audio: the author's file with the episode's tags.

The author's file is never changed. The copy lives in a store beside the build's cache,
named by a digest of the audio's content and of every tagged fact, so it is made once and
reused by every build until the audio or a fact changes; a build links it into output/
(or `invoke publish --media` uploads it). An MP3 copy is written in one pass: the new tag,
then the source's frames (its own ID3v2/ID3v1/APE tags left out), streamed in blocks while
its SHA-256 and MD5 (for the upload's checksums) are computed, so a 60 MB file is read
once and never held in memory. An M4A is copied, its own chapters blanked, then tagged in
place by mutagen.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .mp4 import drop_chapters
from .mpeg import id3v2_end, tags_start
from .tags import TagFacts, id3_tag, tag_m4a

TAG_VERSION = 4  # part of the key: bump when what goes into the tags changes
STORE = "podcast-audio"
BLOCK = 1 << 20


@dataclass(frozen=True)
class PublishedAudio:
    name: str  # file name in the store
    length: int  # bytes: the enclosure length
    sha256: str
    md5: str


def store_dir(settings: dict[str, Any]) -> Path:
    """Where published copies are kept: the build's own cache folder (per site and output)."""
    return Path(settings["CACHE_PATH"]) / STORE


def copy_key(source: Path, source_hash: str, facts: TagFacts) -> str:
    """The copy's name in the store: the audio's content, its kind and every tagged fact."""
    text = f"{TAG_VERSION}:{source_hash}:{source.suffix.lower()}:{facts.digest()}"
    return hashlib.sha256(text.encode()).hexdigest()


def tagged_copy(source: Path, key: str, facts: TagFacts, store: Path,
                known: PublishedAudio | None) -> tuple[PublishedAudio, bool]:
    """The copy (`known`, if it is still in the store whole) and whether it was made now. It
    changes no state but the store's files, so either of two processes may run it."""
    suffix = source.suffix.lower()
    target = store / f"{key[:32]}{suffix}"
    if isinstance(known, PublishedAudio) and target.is_file() and target.stat().st_size == known.length:
        return known, False
    store.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # one per process
    if suffix == ".m4a":
        shutil.copyfile(source, partial)
        drop_chapters(partial)  # the file's own chapters: the copy carries none (see tags.py)
        tag_m4a(partial, facts)
        sha, md5 = _digests(partial)
    else:
        sha, md5 = _write_mp3(source, id3_tag(facts), partial)
    os.replace(partial, target)
    return PublishedAudio(target.name, target.stat().st_size, sha, md5), True


def remember_copy(made: PublishedAudio, fresh: bool, source: Path, key: str, *, cache: dict[str, Any],
                  work: dict[str, list[str]] | None) -> None:
    """What the build keeps of a copy: the cache entry, and the work it did (tests read it)."""
    cache[f"published:{key}"] = made
    if fresh and work is not None:
        work.setdefault("tagged", []).append(source.name)


def _write_mp3(source: Path, tag: bytes, target: Path) -> tuple[str, str]:
    sha, md5 = hashlib.sha256(tag), hashlib.md5(tag, usedforsecurity=False)
    with source.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data, \
            target.open("wb") as out:
        start = id3v2_end(data)
        end = tags_start(data, start)
        out.write(tag)
        for at in range(start, end, BLOCK):
            block = data[at:min(end, at + BLOCK)]
            sha.update(block)
            md5.update(block)
            out.write(block)
    return sha.hexdigest(), md5.hexdigest()


def _digests(path: Path) -> tuple[str, str]:
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        _feed(handle, sha, md5)
    return sha.hexdigest(), md5.hexdigest()


def _feed(handle: BinaryIO, *digests: Any) -> None:
    for block in iter(lambda: handle.read(BLOCK), b""):
        for digest in digests:
            digest.update(block)


def place(store_file: Path, target: Path) -> None:
    """Put a published copy into output/: a hard link (no copy of 60 MB), or a copy across disks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(store_file, target)
    except OSError:
        shutil.copyfile(store_file, target)
    os.chmod(target, 0o644)


def prune(store: Path, keep: set[str]) -> None:
    """Remove copies no episode uses any more (an old title's tags): the store holds one copy of
    each episode's audio, not one per edit."""
    for path in store.glob("*.m*"):
        if path.suffix in (".mp3", ".m4a") and path.name not in keep:
            path.unlink(missing_ok=True)
