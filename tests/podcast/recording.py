"""A real-sized recording through every step: made by ffmpeg (20 minutes of stereo tones and
noise at 128 kbps, never committed), scaffolded by `invoke new-episode`, built, tagged and
published to an S3-compatible server. The test (test_real_recording.py) and the benchmark
(bench/audio.py) both walk these steps."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.podcast import encoders
from tests.podcast.s3server import S3, publish

MINUTES = 20
# Two tones under pink noise, one in each channel: real stereo that a meter can measure.
RECORDING = ("sine=frequency=220:duration={d}[a];sine=frequency=330:duration={d}[b];"
             "anoisesrc=d={d}:a=0.08:c=pink,asplit[n1][n2];[a][n1]amix=inputs=2[l];[b][n2]amix=inputs=2[r];"
             "[l][r]join=inputs=2:channel_layout=stereo,volume=1.6")
TITLE = "A long conversation about small steps"
SLUG = "a-long-conversation-about-small-steps"


def make_recording(folder: Path, minutes: int = MINUTES) -> Path:
    target = folder / "recording.mp3"
    encoders.run(encoders.tool("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i",
                 RECORDING.format(d=minutes * 60), "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "128k",
                 str(target))
    return target


def new_episode(content: Path, audio: Path) -> subprocess.CompletedProcess[str]:
    argv = [str(Path(sys.executable).with_name("invoke")), "new-episode", TITLE, "--audio", str(audio),
            "--content", str(content), "--date", "2026-10-29T09:00"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def ready_to_publish(episode: Path) -> None:
    """What an author does after new-episode: their own words, a transcript, published."""
    replaced = {"Summary:": "Summary: A long talk about noticing small steps, recorded in one sitting.",
                "Status:": "Status: published\nTranscript: transcripts/000-welcome-to-stepwise.vtt\n"
                           "Chapters: 00:00 Hello; 05:00 Small steps; 12:30 What to try"}
    lines = [next((new for start, new in replaced.items() if line.startswith(start)), line)
             for line in episode.read_text(encoding="utf-8").splitlines()]
    head, _, _ = "\n".join(lines).partition("\n\n")
    episode.write_text(f"{head}\n\nWe talk for twenty minutes about small steps and how to see them.\n",
                       encoding="utf-8")


@dataclass
class Steps:
    """Each step's wall time and what the build did to audio files (work.json)."""

    seconds: dict[str, float] = field(default_factory=dict)
    work: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    outputs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)

    def timed(self, name: str, step: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = step()
        self.seconds[name] = time.perf_counter() - start
        return result


def walk_through(tmp: Path, content: Path, audio: Path, s3: S3) -> Steps:
    """new-episode, a cold publish (build, tag, upload), then one with nothing changed."""
    steps = Steps()
    made = steps.timed("new-episode (probe and sound report)", lambda: new_episode(content, audio))
    steps.outputs["new-episode"] = made
    ready_to_publish(next((content / "episodes").glob(f"*-{SLUG}.md")))
    output = tmp / "output"
    for name in ("first publish (build, tag, upload)", "publish again, nothing changed"):
        done = steps.timed(name, lambda: publish(content, output, s3))
        assert done.returncode == 0, done.stderr
        steps.outputs[name] = done
        [work] = tmp.glob(".stepwise-cache-*/podcast-audio/work.json")
        steps.work[name] = json.loads(work.read_text(encoding="utf-8"))
    return steps
