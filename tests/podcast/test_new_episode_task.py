"""`invoke new-episode` from the command line, into a copy of content/."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import mutagen

from tests.conftest import CONTENT, ROOT
from tests.podcast.conftest import header

INVOKE = Path(sys.executable).with_name("invoke")


def new_episode(content: Path, title: str, audio: Path) -> subprocess.CompletedProcess[str]:
    argv = [str(INVOKE), "new-episode", title, "--audio", str(audio), "--content", str(content),
            "--date", "2026-12-01T09:00"]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=120)


def test_new_episode_scaffolds_the_next_number_guid_and_audio_facts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    audio = tmp_path / "recording.mp3"
    shutil.copy(CONTENT / "media" / "000-welcome-to-stepwise.mp3", audio)
    done = new_episode(content, "Kind words for hard weeks", audio)
    assert done.returncode == 0, done.stderr
    made = content / "episodes" / "004-kind-words-for-hard-weeks.md"
    meta = header(made)
    assert meta["title"] == "Kind words for hard weeks" and meta["slug"] == "kind-words-for-hard-weeks"
    assert meta["episode"] == "4" and meta["status"] == "draft" and meta["date"] == "2026-12-01 09:00"
    assert uuid.UUID(meta["guid"]).version == 4
    assert meta["audio"] == "media/recording.mp3"
    copied = content / "media" / "recording.mp3"
    assert copied.read_bytes() == audio.read_bytes()
    assert int(meta["audio-length"]) == audio.stat().st_size
    seconds = round(mutagen.File(audio).info.length)
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", meta["duration"])
    h, m, s = map(int, meta["duration"].split(":"))
    assert h * 3600 + m * 60 + s == seconds

    again = new_episode(content, "Another one", copied)  # audio already in content/: not copied again
    assert again.returncode == 0, again.stderr
    second = header(content / "episodes" / "005-another-one.md")
    assert second["audio"] == "media/recording.mp3" and second["guid"] != meta["guid"]


def test_new_episode_refuses_a_file_that_is_not_audio(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    fake = tmp_path / "notes.mp3"
    fake.write_text("not audio", encoding="utf-8")
    done = new_episode(content, "Broken", fake)
    assert done.returncode != 0
    assert "notes.mp3" in done.stderr + done.stdout
    assert not list((content / "episodes").glob("004-*.md"))
