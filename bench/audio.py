"""What each step costs for a real-sized recording, and what a rebuild costs when no audio changed.

A 20-minute stereo MP3 at 128 kbps (made by ffmpeg: tones and noise) goes through
`invoke new-episode` (which measures loudness), a first publish (build: probe, tag; upload to
moto's S3 server) and a second publish with nothing changed. Prints each step's wall time
and what the build did to audio files (work.json): the second publish must do nothing.

Usage: .venv/bin/python bench/audio.py   (needs make setup-test: ffmpeg, PyAV, moto)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from tests.conftest import CONTENT  # noqa: E402
from tests.podcast import recording  # noqa: E402
from tests.podcast.s3server import running_server  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, running_server() as s3:
        tmp = Path(folder)
        content = tmp / "content"
        shutil.copytree(CONTENT, content)
        start = time.perf_counter()
        audio = recording.make_recording(tmp)
        size = audio.stat().st_size
        print(f"recording: {recording.MINUTES} min stereo, 128 kbps, {size / 1e6:.1f} MB "
              f"(made in {time.perf_counter() - start:.1f} s, not counted)\n")
        steps = recording.walk_through(tmp, content, audio, s3)
        print("| step | wall time | audio work done by the build |\n| --- | --- | --- |")
        for name, seconds in steps.seconds.items():
            work = steps.work.get(name)
            done = "; ".join(f"{what}: {len(names)}" for what, names in sorted((work or {}).items()))
            shown = (done or "nothing") if work is not None else "(not a build)"
            print(f"| {name} | {seconds:.2f} s | {shown} |")
        for name, done in steps.outputs.items():
            summary = [line for line in done.stdout.splitlines() if line.startswith("Audio:")]
            if summary:
                print(f"\n{name}: {summary[0]}")


if __name__ == "__main__":
    main()
