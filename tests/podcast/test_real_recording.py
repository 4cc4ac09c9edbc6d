"""A 20-minute stereo MP3 at 128 kbps through new-episode, the build, tagging and publishing;
a second publish with no audio change hashes, probes, tags, measures and uploads nothing."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from tests.conftest import CONTENT
from tests.podcast import recording
from tests.podcast.s3server import S3, s3  # noqa: F401 (the fixture)
from tests.podcast.test_media_bucket import enclosures


def test_a_real_recording_goes_through_every_step(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    audio = recording.make_recording(tmp_path)
    steps = recording.walk_through(tmp_path, content, audio, s3)

    made = steps.outputs["new-episode"].stdout
    assert "Sound report" in made and "128 kbps, 44.1 kHz, stereo" in made

    episode = next((content / "episodes").glob(f"*-{recording.SLUG}.md"))
    copied = f"{episode.stem}.mp3"  # new-episode names the copy after the episode file
    assert (content / "media" / copied).is_file()
    first, again = steps.work.values()
    assert all(copied in first[what] for what in ("hashed", "probed", "tagged"))
    assert "measured" not in first  # only `invoke check` prints the sound report: it measures
    assert again == {}, again  # nothing hashed, probed or tagged again
    summaries = [next(line for line in steps.outputs[name].stdout.splitlines() if line.startswith("Audio:"))
                 for name in steps.outputs if name != "new-episode"]
    assert summaries == ["Audio: 5 uploaded, 0 unchanged, 0 removed (drafts or scheduled)",
                         "Audio: 0 uploaded, 5 unchanged, 0 removed (drafts or scheduled)"]

    url = f"{s3.media_url}/{copied}"
    length = enclosures(tmp_path / "output")[url]
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=30) as answer:
        assert int(answer.headers["Content-Length"]) == length
    published = tmp_path / "published.mp3"
    with urllib.request.urlopen(url, timeout=60) as answer, published.open("wb") as out:
        shutil.copyfileobj(answer, out)
    assert published.stat().st_size == length
    tags = ID3(published)
    assert str(tags["TIT2"]) == recording.TITLE and str(tags["TRCK"]) == "4"
    assert [str(tags[f"CHAP:{c}"].sub_frames["TIT2"]) for c in tags.getall("CTOC")[0].child_element_ids] == [
        "Hello", "Small steps", "What to try"]
    assert abs(MP3(published).info.length - MP3(audio).info.length) < 0.001
    assert abs(MP3(published).info.length - recording.MINUTES * 60) < 0.1
    assert f"<itunes:duration>{recording.MINUTES * 60}</itunes:duration>" in (
        tmp_path / "output" / "feeds" / "podcast.xml").read_text(encoding="utf-8")
