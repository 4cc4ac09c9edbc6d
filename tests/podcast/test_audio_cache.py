"""Each audio file is read once: the probe's verdict is kept by the file's content, between
builds too (STEPWISE_PERSISTENT_CACHES), so a rebuild walks no frames it has walked before."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path

from podcast.media import PROBE_VERSION, AudioInfo
from tests.conftest import CONTENT, run_build

AUDIO = CONTENT / "media" / "002-small-wins-count.mp3"


def test_a_rebuild_takes_audio_facts_from_the_cache(tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert run_build(CONTENT, output).ok
    [stored] = tmp_path.glob(".stepwise-cache-*/podcast_media_cache.pickle")
    cache = pickle.loads(stored.read_bytes())
    key = f"audio:{PROBE_VERSION}:{hashlib.sha256(AUDIO.read_bytes()).hexdigest()}:.mp3"
    assert isinstance(cache[key], AudioInfo) and cache[key].duration == 26
    # Mark the cached verdict: if the next build probed the file again, the mark would vanish.
    cache[key] = dataclasses.replace(cache[key], duration=4321)
    stored.write_bytes(pickle.dumps(cache))
    again = run_build(CONTENT, output)
    assert again.ok, again.stderr
    assert "<itunes:duration>4321</itunes:duration>" in again.page("feeds/podcast.xml")
