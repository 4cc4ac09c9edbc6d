"""Each bad episode fails the build with a message naming its file and field.

One build holds every bad case (the build reports all problems at once), and
each test looks for its own message in that build's output.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CONTENT, BuildResult, run_build
from tests.podcast.conftest import episode_text

Broken = tuple[BuildResult, dict[str, str]]


def lines_for(broken: Broken, case: str, field: str) -> list[str]:
    result, files = broken
    pattern = re.compile(rf"error: {re.escape(files[case])}(:\d+)?: {re.escape(field)}: ")
    return [line for line in result.stderr.splitlines() if pattern.search(line)]


def test_the_broken_site_fails_and_writes_nothing(broken_site: Broken) -> None:
    result, _ = broken_site
    assert result.returncode == 1
    assert not result.output.exists()


def test_missing_guid_says_how_to_add_one(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-missing-guid", "Guid")
    assert "is missing" in line
    assert re.search(r"'Guid: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}'", line)


def test_duplicate_guid_names_both_files(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-duplicate-guid", "Guid")
    assert "content/episodes/002-small-wins-count.md" in line
    result, _ = broken_site
    assert re.search(r"error: content/episodes/002-small-wins-count\.md:\d+: Guid: .*bad-duplicate-guid",
                     result.stderr)


def test_duplicate_episode_number_in_a_season(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-duplicate-number", "Episode")
    assert "number 2 in season 1" in line and "002-small-wins-count.md" in line


def test_missing_audio_file(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-missing-audio", "Audio")
    assert "'media/not-there.mp3' does not exist" in line


@pytest.mark.parametrize("field", ["Audio-Length", "Duration"])
def test_remote_audio_must_state_length_and_duration(broken_site: Broken, field: str) -> None:
    [line] = lines_for(broken_site, "bad-remote-audio", field)
    assert "remote audio file must state" in line


def test_bad_duration(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-duration", "Duration")
    assert "'ten minutes' is not a time" in line and "00:12:34" in line


def test_media_path_outside_content_is_refused(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-outside", "Audio")
    assert "points outside content/" in line


@pytest.mark.parametrize(("case", "problem"), [
    ("bad-art-wide", "is 1600x1400 px; artwork must be square"),
    ("bad-art-small", "between 1400 and 3000 px"),
    ("bad-art-gif", "is a GIF image; podcast artwork must be JPEG or PNG"),
    ("bad-art-cmyk", "uses the CMYK colour mode; artwork must be RGB"),
])
def test_bad_episode_artwork(broken_site: Broken, case: str, problem: str) -> None:
    lines = lines_for(broken_site, case, "Episode-Image")
    assert any(problem in line for line in lines), lines


def test_bad_show_artwork_names_the_setting(broken_site: Broken) -> None:
    result, _ = broken_site
    assert re.search(r"error: pelicanconf\.py: PODCAST_IMAGE: 'media/channel-wide\.png' is 1500x1400 px; "
                     r"artwork must be square", result.stderr), result.stderr


def test_errors_carry_the_line_of_the_field(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-duration", "Duration")
    assert re.search(r"bad-duration\.md:9: Duration", line)


def test_a_serial_show_numbers_every_episode(broken_site: Broken) -> None:
    [line] = lines_for(broken_site, "bad-serial-unnumbered", "Episode")
    assert "serial show" in line


def test_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    source = content / "episodes" / "002-small-wins-count.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Audio-Length: 77741", "Audio-Length: 5"),
                      encoding="utf-8")
    (content / "episodes" / "warn-remote.md").write_text(episode_text(
        "warn-remote", "warn-remote-guid", number=60, Title="Episode 60: numbered",
        Audio="https://cdn.example.org/stream?id=60", Audio_Length="1000", Duration="00:01:00",
        Audio_Type="audio/mpeg"), encoding="utf-8")
    result = run_build(content, tmp_path / "output", strict=True)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.strip().startswith("warning:")]
    expected = [
        "content/episodes/002-small-wins-count.md:7: Audio-Length: says 5 bytes but the file has 77741",
        "content/episodes/warn-remote.md:1: Title: 'Episode 60: numbered' starts with an episode number",
        "content/episodes/warn-remote.md:5: Audio: https://cdn.example.org/stream?id=60 does not end in .mp3",
        "content/episodes/warn-remote.md: Transcript: is missing",
    ]
    for text in expected:
        assert any(text in line for line in warnings), (text, warnings)


def test_bad_show_settings_are_reported_by_name(tmp_path: Path) -> None:
    extra = ('PODCAST_CATEGORY=["Health & Fitness", "Therapy"]', 'PODCAST_EXPLICIT="no"',
             'PODCAST_GUID="not-a-uuid"', 'PODCAST_LANGUAGE="English"', f'PODCAST_DESCRIPTION="{"x" * 4001}"',
             'PODCAST_DIRECTORIES=[{"name": "Spotify", "url": "http://insecure.example"}]',
             'PODCAST_HOSTS=["Nobody Known"]')
    result = run_build(CONTENT, tmp_path / "output", extra=extra)
    assert result.returncode == 1
    for setting in ("PODCAST_CATEGORY", "PODCAST_EXPLICIT", "PODCAST_GUID", "PODCAST_LANGUAGE",
                    "PODCAST_DESCRIPTION", "PODCAST_DIRECTORIES[1]", "PODCAST_HOSTS"):
        assert f"error: pelicanconf.py: {setting}: " in result.stderr, setting
