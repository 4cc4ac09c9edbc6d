"""The sound report: loudness and true peak as ffmpeg's own meter reads them, advice in a
podcaster's words, printed by `invoke check` without failing it, fatal only when asked."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from podcast.settings import DEFAULTS
from podcast.sound import Sound, advice, measure
from tests.conftest import CONTENT, ROOT, run_build
from tests.podcast import encoders
from tests.podcast.conftest import episode_text

TARGETS = DEFAULTS["PODCAST_LOUDNESS_TARGETS"]


def ffmpeg_meter(path: Path) -> tuple[float, float]:
    """Integrated loudness and true peak from the ffmpeg command line's ebur128 summary."""
    done = subprocess.run([encoders.tool("ffmpeg"), "-hide_banner", "-nostats", "-i", str(path), "-af",
                           "ebur128=peak=true", "-f", "null", "-"], capture_output=True, encoding="utf-8",
                          timeout=120, check=True)
    summary = done.stderr.rsplit("Summary:", 1)[1]
    loudness = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))  # type: ignore[union-attr]
    return loudness, peak


@pytest.mark.parametrize(("name", "options"), [("loud.mp3", ("-ac", "2", "-af", "volume=6",
                                                               "-c:a", "libmp3lame", "-b:a", "128k")),
                                              ("quiet.m4a", ("-ac", "1", "-c:a", "aac", "-b:a", "64k"))])
def test_measures_as_ffmpeg_does(tmp_path: Path, name: str, options: tuple[str, ...]) -> None:
    path = encoders.ffmpeg(tmp_path, name, *options)
    sound = measure(path)
    loudness, peak = ffmpeg_meter(path)
    assert abs(sound.loudness - loudness) < 0.1 and abs(sound.true_peak - peak) < 0.1
    assert sound.channels == (2 if name.endswith(".mp3") else 1) and sound.sample_rate == 44100


def test_advice_says_what_is_off_and_what_to_do() -> None:
    quiet = advice(Sound(-23.0, -6.0, 64000, 44100, 1), TARGETS)
    assert [problem.split(":")[0] for problem, _ in quiet] == ["is quiet"]
    assert "about -19 for mono" in quiet[0][0] and "loudnorm=I=-19:TP=-1.5" in quiet[0][1]
    assert "-b:a 64k" in quiet[0][1]
    loud_and_peaky = advice(Sound(-12.5, -0.2, 128000, 44100, 2), TARGETS)
    assert [problem.split(":")[0] for problem, _ in loud_and_peaky] == [
        "is loud", "peaks at -0.2 dBTP, above -1"]
    assert "a limiter set to -1.5 dBTP" in loud_and_peaky[1][1]
    assert advice(Sound(-16.4, -1.8, 128000, 44100, 2), TARGETS) == []


def test_an_m4a_is_told_an_aac_command_that_works(tmp_path: Path) -> None:
    path = encoders.ffmpeg(tmp_path, "quiet.m4a", "-ac", "1", "-af", "volume=-16dB", "-c:a", "aac",
                           "-b:a", "64k")
    sound = measure(path)
    (problem, fix), *_ = advice(sound, TARGETS)
    assert problem.startswith("is quiet") and sound.codec == "aac"
    [command] = re.findall(r"ffmpeg -i .*", fix)
    assert "libmp3lame" not in command and ".mp3" not in command
    argv = command.replace("IN.m4a", str(path)).replace("OUT.m4a", str(tmp_path / "out.m4a")).split()
    encoders.run(encoders.tool("ffmpeg"), "-v", "error", "-y", *argv[1:])  # the command as printed
    fixed = measure(tmp_path / "out.m4a")
    assert fixed.codec == "aac" and abs(fixed.loudness - -19) < abs(sound.loudness - -19)


def test_a_silent_file_is_a_bad_export_not_a_quiet_one(tmp_path: Path) -> None:
    path = tmp_path / "silent.mp3"
    encoders.run(encoders.tool("ffmpeg"), "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono",
                 "-t", "5", "-c:a", "libmp3lame", "-b:a", "64k", str(path))
    [(problem, fix)] = advice(measure(path), TARGETS)
    assert problem.startswith("has no sound") and "bad export" in problem
    assert "export the episode again" in fix
    assert "normalise" not in problem + fix and "loudnorm" not in fix


def test_check_prints_the_report_and_still_passes(tmp_path: Path) -> None:
    done = subprocess.run([str(Path(sys.executable).with_name("invoke")), "check", "--output",
                           str(tmp_path / "output")], cwd=ROOT, capture_output=True, encoding="utf-8",
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Sound report (targets: about -16 LUFS stereo, -19 LUFS mono" in done.stdout
    for audio in sorted((CONTENT / "media").glob("*.mp3")):
        [line] = [line for line in done.stdout.splitlines() if line.startswith(f"  media/{audio.name}: ")]
        assert re.search(r"-?\d+\.\d LUFS, true peak -?\d+\.\d dBTP, 24 kbps, 22.05 kHz, mono", line)


def test_fatal_makes_an_off_target_file_fail_the_build(tmp_path: Path) -> None:
    done = run_build(CONTENT, tmp_path / "output", extra=('PODCAST_SOUND_CHECK="fatal"',))
    assert not done.ok
    assert re.search(r"content/episodes/003-when-a-week-feels-like-a-step-back\.md:\d+: Audio: "
                     r"'media/003-when-a-week-feels-like-a-step-back\.mp3' peaks at -0\.\d dBTP", done.stderr)
    assert not (tmp_path / "output").exists()


def test_fatal_leaves_a_drafts_and_a_scheduled_episodes_sound_to_a_note(tmp_path: Path) -> None:
    """An unpublished episode's sound is for its day: a note that never stops the site. (The
    samples are a little quiet and one peaks near 0 dBTP: loose targets let them pass here.)"""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    encoders.run(encoders.tool("ffmpeg"), "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono",
                 "-t", "5", "-c:a", "libmp3lame", "-b:a", "64k", str(content / "media" / "silent.mp3"))
    unpublished = ((8, "not-yet", {"Status": "draft"}), (9, "later", {"Date": "2099-01-01 09:00"}))
    for number, slug, extra in unpublished:
        (content / "episodes" / f"90{number}-{slug}.md").write_text(episode_text(
            slug, f"{slug}-guid", number=number, Audio="media/silent.mp3",
            Transcript="transcripts/000-welcome-to-stepwise.vtt", **extra), encoding="utf-8")
    loose = '{"stereo": -16, "mono": -19, "tolerance": 3, "true_peak": 0}'
    done = run_build(content, tmp_path / "output", strict=True,
                     extra=('PODCAST_SOUND_CHECK="fatal"', f"PODCAST_LOUDNESS_TARGETS={loose}"))
    assert done.ok, done.stderr
    assert ("note: content/episodes/908-not-yet.md is a draft; before it goes out: "
            "Audio: 'media/silent.mp3' has no sound" in done.stderr)
    assert "note: content/episodes/909-later.md is scheduled for 2099-01-01 09:00; before it goes out: " \
           "Audio: 'media/silent.mp3' has no sound" in done.stderr
    public = content / "episodes" / "909-later.md"
    public.write_text(public.read_text(encoding="utf-8").replace("2099-01-01", "2026-01-01"),
                      encoding="utf-8")
    refused = run_build(content, tmp_path / "output", strict=True,
                        extra=('PODCAST_SOUND_CHECK="fatal"', f"PODCAST_LOUDNESS_TARGETS={loose}"))
    assert not refused.ok
    assert re.search(r"content/episodes/909-later\.md:\d+: Audio: 'media/silent\.mp3' has no sound",
                     refused.stderr)


def test_without_the_sound_tools_the_report_says_how_to_get_them() -> None:
    code = ("import sys; sys.modules['av'] = None\n"  # as if PyAV were not installed
            "from pathlib import Path\n"
            "from podcast.scaffold import sound_report_for\n"
            "print(sound_report_for(Path('content/media/002-small-wins-count.mp3'), {}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, encoding="utf-8",
                          timeout=60, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "Sound report: not made: the sound tools (PyAV) are not installed; install the sound tools: "
        "make check (or .venv/bin/pip install -r requirements-podcast.txt).")
