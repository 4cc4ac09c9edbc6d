"""The sound report: loudness and true peak as ffmpeg's own meter reads them, advice in a
podcaster's words, printed by `invoke check` without failing it, fatal only when asked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from podcast.settings import DEFAULTS
from podcast.sound import Sound, advice, measure
from tests.conftest import CONTENT, ROOT, run_build
from tests.podcast import encoders

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
