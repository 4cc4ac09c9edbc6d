"""`invoke new-episode` from the command line, into a copy of content/."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import mutagen
import pytest

from podcast import scaffold
from podcast.scaffold import numbering
from stepwise_core.rules import SLUG
from tests.conftest import CONTENT, ROOT, run_build
from tests.podcast.conftest import header
from tests.podcast.encoders import source_wav, tool, with_chapters

INVOKE = Path(sys.executable).with_name("invoke")


def new_episode(content: Path, title: str, audio: Path, *options: str) -> subprocess.CompletedProcess[str]:
    argv = [str(INVOKE), "new-episode", title, "--audio", str(audio), "--content", str(content),
            "--date", "2026-12-01T09:00", *options]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=120)


def content_and_recording(tmp_path: Path, name: str = "recording.mp3") -> tuple[Path, Path]:
    """A copy of content/, and a recording outside it called `name`."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    audio = tmp_path / name
    shutil.copy(CONTENT / "media" / "000-welcome-to-stepwise.mp3", audio)
    return content, audio


def test_new_episode_scaffolds_the_next_number_guid_and_audio_facts(tmp_path: Path) -> None:
    content, audio = content_and_recording(tmp_path)
    done = new_episode(content, "Kind words for hard weeks", audio)
    assert done.returncode == 0, done.stderr
    made = content / "episodes" / "004-kind-words-for-hard-weeks.md"
    meta = header(made)
    assert meta["title"] == "Kind words for hard weeks" and meta["slug"] == "kind-words-for-hard-weeks"
    assert meta["episode"] == "4" and meta["status"] == "draft"
    assert meta["date"] == "2026-12-01T09:00+00:00"  # in the site's zone (GMT in December), with its offset
    assert uuid.UUID(meta["guid"]).version == 4
    assert meta["audio"] == "media/004-kind-words-for-hard-weeks.mp3"  # named after the episode file
    copied = content / "media" / "004-kind-words-for-hard-weeks.mp3"
    assert copied.read_bytes() == audio.read_bytes()
    assert f"Copied {audio} to {copied}" in done.stdout
    assert int(meta["audio-length"]) == audio.stat().st_size
    seconds = round(mutagen.File(audio).info.length)
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", meta["duration"])
    h, m, s = map(int, meta["duration"].split(":"))
    assert h * 3600 + m * 60 + s == seconds

    again = new_episode(content, "Another one", copied)  # audio already in content/: not copied again
    assert again.returncode == 0, again.stderr
    second = header(content / "episodes" / "005-another-one.md")
    assert second["audio"] == meta["audio"] and second["guid"] != meta["guid"]
    assert "Copied" not in again.stdout


def test_new_episode_refuses_a_file_that_is_not_audio(tmp_path: Path) -> None:
    content, _audio = content_and_recording(tmp_path)
    fake = tmp_path / "notes.mp3"
    fake.write_text("not audio", encoding="utf-8")
    done = new_episode(content, "Broken", fake)
    assert done.returncode != 0
    assert "notes.mp3" in done.stderr + done.stdout
    assert not list((content / "episodes").glob("004-*.md"))


def test_audio_whose_name_an_address_cannot_hold_is_copied_under_the_episodes_name(tmp_path: Path) -> None:
    content, audio = content_and_recording(tmp_path, "Kind words #4.mp3")  # '#' ends an address
    done = new_episode(content, "Kind words", audio)
    assert done.returncode == 0, done.stderr
    assert header(content / "episodes" / "004-kind-words.md")["audio"] == "media/004-kind-words.mp3"
    assert f"Copied {audio} to {content / 'media' / '004-kind-words.mp3'}" in done.stdout
    assert audio.is_file() and not (content / "media" / audio.name).exists()


def test_with_a_media_folder_the_recording_is_copied_there_under_the_episodes_name(tmp_path: Path) -> None:
    """PODCAST_MEDIA_DIR: the copy goes to that folder (out of the repository), named after the
    episode; a recording already in it stays where it is."""
    content, audio = content_and_recording(tmp_path, "Kind words #4.mp3")
    media = tmp_path / "media-dir"
    media.mkdir()
    told: list[str] = []
    settings = {"PODCAST_MEDIA_DIR": str(media)}
    made = scaffold.new_episode(content, "Kind words", audio, when=dt.datetime(2026, 12, 1, 9, 0),
                                settings=settings, tell=told.append)
    copied = media / f"{made.stem}.mp3"
    assert header(made)["audio"] == f"media/{copied.name}" and copied.read_bytes() == audio.read_bytes()
    assert told == [f"Copied {audio} to {copied.resolve()}"]
    assert not (content / "media" / copied.name).exists()
    again = scaffold.new_episode(content, "Kind words, again", copied, when=dt.datetime(2026, 12, 2, 9, 0),
                                 settings=settings, tell=told.append)
    assert header(again)["audio"] == f"media/{copied.name}" and len(told) == 1  # not copied twice


def _season(content: Path, stem: str, season: int, number: int) -> None:
    path = content / "episodes" / f"{stem}.md"
    text = re.sub(r"(?m)^Season: \d+$", f"Season: {season}", path.read_text(encoding="utf-8"))
    path.write_text(re.sub(r"(?m)^Episode: \d+$", f"Episode: {number}", text), encoding="utf-8")


def test_numbers_follow_the_latest_season_and_file_names_never_collide(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _season(content, "003-when-a-week-feels-like-a-step-back", 2, 1)  # season 2 has begun
    audio = CONTENT / "media" / "000-welcome-to-stepwise.mp3"
    made = [new_episode(content, "Second of season two", audio),
            new_episode(content, "A new season", audio, "--season", "3"),
            new_episode(content, "Back to season one", audio, "--season", "1", "--episode", "9")]
    assert [m.returncode for m in made] == [0, 0, 0], [m.stderr for m in made]
    facts = [(p.name, header(p)["season"], header(p)["episode"])
             for p in sorted((content / "episodes").glob("00[4-6]-*.md"))]
    assert facts == [("004-second-of-season-two.md", "2", "2"), ("005-a-new-season.md", "3", "1"),
                     ("006-back-to-season-one.md", "1", "9")]
    prefixes = [p.name[:4] for p in (content / "episodes").glob("*.md")]
    assert len(prefixes) == len(set(prefixes))

    taken = new_episode(content, "Twice", audio, "--season", "2", "--episode", "2")
    assert taken.returncode != 0
    assert ("Season 2 already has episode 2: 004-second-of-season-two.md. Fix: leave out --episode for the "
            "next free number (3), or choose another") in taken.stderr + taken.stdout
    assert not list((content / "episodes").glob("007-*.md"))
    built = run_build(content, tmp_path / "output")  # drafts are read too: every number is unique
    assert built.ok, built.stderr


def test_a_title_with_underscores_gives_a_slug_the_build_accepts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    done = new_episode(content, "Test VBR_v5_noxing.mp3", CONTENT / "media" / "000-welcome-to-stepwise.mp3")
    assert done.returncode == 0, done.stderr
    [made] = (content / "episodes").glob("004-*.md")
    assert header(made)["slug"] == "test-vbr-v5-noxingmp3" and SLUG.fullmatch(header(made)["slug"])
    built = run_build(content, tmp_path / "output")
    assert built.ok, built.stderr


def test_a_title_that_gives_no_slug_is_refused_with_a_fix(tmp_path: Path) -> None:
    content, audio = content_and_recording(tmp_path, "q.mp3")
    refused = new_episode(content, "???", audio)
    assert refused.returncode != 0
    assert ("The title '???' has no letter or digit to make the page's address (its slug) from. Fix: add a "
            'word to the title, or choose the address: invoke new-episode "???" --slug kind-words') \
        in refused.stderr + refused.stdout
    assert not list((content / "episodes").glob("004*")) and not list((content / "media").glob("004*"))
    chosen = new_episode(content, "???", audio, "--slug", "questions-we-ask")
    assert chosen.returncode == 0, chosen.stderr
    assert header(content / "episodes" / "004-questions-we-ask.md")["slug"] == "questions-we-ask"
    bad = new_episode(content, "Fine title", audio, "--slug", "Not_A_Slug")
    assert bad.returncode != 0 and "--slug 'Not_A_Slug' is not an address the build accepts" in bad.stderr


def test_a_second_try_after_removing_the_episode_file_reuses_its_copy(tmp_path: Path) -> None:
    content, audio = content_and_recording(tmp_path, "take one.mp3")
    assert new_episode(content, "Kind words", audio).returncode == 0
    (content / "episodes" / "004-kind-words.md").unlink()  # the author starts again
    again = new_episode(content, "Kind words", audio)
    assert again.returncode == 0, again.stderr
    assert header(content / "episodes" / "004-kind-words.md")["audio"] == "media/004-kind-words.mp3"
    other = tmp_path / "take two.mp3"  # different bytes under the name a copy already has
    shutil.copy(CONTENT / "media" / "001-noticing-what-has-moved.mp3", other)
    (content / "episodes" / "004-kind-words.md").unlink()
    refused = new_episode(content, "Kind words", other)
    assert refused.returncode != 0 and "004-kind-words.mp3 already exists" in refused.stderr


def test_season_and_episode_are_whole_numbers_from_one(tmp_path: Path) -> None:
    for wrong in ({"season": -1}, {"episode": -2}):
        with pytest.raises(SystemExit, match="--season and --episode are whole numbers from 1"):
            numbering(CONTENT / "episodes", **wrong)


def test_the_same_title_twice_is_refused_before_a_second_file_is_written(tmp_path: Path) -> None:
    """New-author test, session 7: the second run wrote 005- with 004-'s slug, and the two drafts
    stopped the whole site."""
    content, audio = content_and_recording(tmp_path)
    assert new_episode(content, "Kind words for hard weeks", audio).returncode == 0
    again = new_episode(content, "Kind words for hard weeks", audio)
    assert again.returncode != 0
    assert ("content/episodes/004-kind-words-for-hard-weeks.md already has the address "
            "'kind-words-for-hard-weeks' (its slug)") in again.stderr
    written = sorted(p.name for p in (content / "episodes").glob("00[45]-*.md"))
    assert written == ["004-kind-words-for-hard-weeks.md"]


def test_a_wav_recording_is_refused_with_the_command_that_converts_it(tmp_path: Path) -> None:
    """New-author test, session 7: a WAV got 'export the episode again', though the README
    promises the command that converts it. The command printed is run, and its MP3 is taken."""
    content, _ = content_and_recording(tmp_path)
    wav = source_wav(tmp_path)
    refused = new_episode(content, "Kind words for hard weeks", wav)
    assert refused.returncode != 0
    command = f"ffmpeg -i {wav} -codec:a libmp3lame -q:a 4 {wav.with_suffix('.mp3')}"
    assert f"Fix: convert it: export it from your editor as MP3, or run: {command}" in refused.stderr
    subprocess.run([tool("ffmpeg"), "-v", "error", *shlex.split(command)[1:]], cwd=ROOT, check=True)
    done = new_episode(content, "Kind words for hard weeks", tmp_path / f"{wav.stem}.mp3")
    assert done.returncode == 0, done.stderr


def test_guid_keeps_the_id_an_episode_moved_in_already_has(tmp_path: Path) -> None:
    """A show moved in: each episode keeps the <guid> its old host's feed gave it (Podlove and
    WordPress hosts write ids that are no UUID), or every subscriber's app downloads it again."""
    content, audio = content_and_recording(tmp_path)
    kept = "podlove-2019-03-01t12:00:00+00:00-0a1b2c3d"
    done = new_episode(content, "Kind words for hard weeks", audio, "--guid", kept)
    assert done.returncode == 0, done.stderr
    assert header(content / "episodes" / "004-kind-words-for-hard-weeks.md")["guid"] == kept


@pytest.mark.parametrize(("guid", "said"), [
    ("two words", "--guid 'two words' is not a usable id (no spaces, at most 255 characters). Fix: pass the "
                  "episode's <guid> from the old feed, exactly as it is written there"),
    ("x" * 256, "is not a usable id (no spaces, at most 255 characters)"),
    ("a15ceb8f-1197-43dd-8c69-d8e8b8409985", "--guid 'a15ceb8f-1197-43dd-8c69-d8e8b8409985' is already the "
                                             "Guid of 002-small-wins-count.md. Fix: give each episode the "
                                             "<guid> its own item has in the old feed"),
])
def test_guid_is_refused_as_the_build_refuses_it_and_nothing_is_written(tmp_path: Path, guid: str,
                                                                        said: str) -> None:
    content, audio = content_and_recording(tmp_path)
    before = sorted((content / "episodes").iterdir()) + sorted((content / "media").iterdir())
    refused = new_episode(content, "Kind words for hard weeks", audio, "--guid", guid)
    assert refused.returncode != 0 and said in refused.stderr, refused.stderr
    assert sorted((content / "episodes").iterdir()) + sorted((content / "media").iterdir()) == before


@pytest.mark.parametrize("codec", [("-c:a", "libmp3lame", "-q:a", "6"), ("-c:a", "aac", "-b:a", "48k")],
                         ids=["mp3", "m4a"])
def test_the_recordings_own_chapters_are_written_as_the_chapters_line(tmp_path: Path, codec: tuple[str, ...]
                                                                       ) -> None:
    """Red team, session 8: an export's chapters (ID3 CHAP, M4A 'chpl') were dropped without a
    word; the published copy carries only the 'Chapters:' line, so new-episode writes it."""
    content, _ = content_and_recording(tmp_path)
    suffix = ".mp3" if "libmp3lame" in codec else ".m4a"
    audio = with_chapters(tmp_path, f"edit{suffix}", (("Hello", 0, 4.5), ("Middle part", 4.5, 9)), *codec)
    done = new_episode(content, "Kind words for hard weeks", audio)
    assert done.returncode == 0, done.stderr
    made = content / "episodes" / "004-kind-words-for-hard-weeks.md"
    assert header(made)["chapters"] == "00:00 Hello; 00:04.5 Middle part"
    built = run_build(content, tmp_path / "output")
    assert built.ok, built.stderr
    assert "Chapters:" not in built.stderr  # no warning: the line is there


def test_a_fix_names_the_recording_by_the_path_given(tmp_path: Path) -> None:
    """Red team, session 8: '--audio "/tmp/x/my ép.wav"' printed an ffmpeg line with the bare
    file name, which runs nowhere but in that folder. The line printed runs from anywhere."""
    content, _ = content_and_recording(tmp_path)
    folder = tmp_path / "x"
    folder.mkdir()
    wav = source_wav(tmp_path).rename(folder / "my ép.wav")
    refused = new_episode(content, "Kind words for hard weeks", wav)
    assert refused.returncode != 0
    command = re.search(r"run: (ffmpeg .*)$", refused.stderr.strip())
    assert command, refused.stderr
    assert command.group(1) == f"ffmpeg -i '{wav}' -codec:a libmp3lame -q:a 4 '{folder / 'my ép.mp3'}'"
    subprocess.run([tool("ffmpeg"), "-v", "error", *shlex.split(command.group(1))[1:]], cwd=ROOT, check=True)
    done = new_episode(content, "Kind words for hard weeks", folder / "my ép.mp3")
    assert done.returncode == 0, done.stderr
