"""The sound report: how loud each episode is, and whether it sits where podcast apps expect.

Integrated loudness (LUFS) and true peak (dBTP) are measured by ITU-R BS.1770 / EBU R 128
with ffmpeg's own `ebur128` meter, run inside PyAV (ffmpeg's libraries in a PyPI wheel):
the file is decoded once, MP3 or AAC, with no system binary, and the numbers are the ones
a podcaster's own `ffmpeg ... loudnorm` command works with. PyAV is not needed to build
the site (requirements-podcast.txt, installed by `make check`); without it the report says
how to get it. Results are cached by the file's content, so each file is measured once.

The targets are advice, not a gate (PODCAST_SOUND_CHECK = "fatal" makes them one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SOUND_VERSION = 2  # part of the cache key: bump when what a measurement finds changes
SILENCE = -70.0  # LUFS: BS.1770's absolute gate; a file with nothing above it has no sound at all
INSTALL = "install the sound tools: make check (or .venv/bin/pip install -r requirements-podcast.txt)"


@dataclass(frozen=True)
class Sound:
    loudness: float  # integrated, LUFS
    true_peak: float  # dBTP
    bitrate: int  # bit/s
    sample_rate: int  # Hz
    channels: int
    codec: str = "mp3"  # 'mp3' or 'aac': the fix command re-encodes to the same kind of file

    @property
    def layout(self) -> str:
        return {1: "mono", 2: "stereo"}.get(self.channels, f"{self.channels} channels")


@dataclass(frozen=True)
class SoundRow:
    """One line of the report: an episode, what was measured, and advice when off target."""

    source: str  # the episode file, as problems name it
    audio: str  # the audio's site path
    sound: Sound | None
    advice: tuple[tuple[str, str], ...] = ()  # (problem, what to do)
    problem: str = ""  # why it could not be measured


def tools_missing() -> str:
    """Why the sound report cannot run here ("" when it can)."""
    try:
        import av  # noqa: F401
    except ImportError:
        return "the sound tools (PyAV) are not installed"
    return ""


def measure(path: Path) -> Sound:
    """Decode the file once through ffmpeg's ebur128 meter; ValueError if it cannot be decoded."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            meter = _Meter(stream)
            for frame in container.decode(stream):
                meter.push(frame)
            meter.push(None)
            rate, channels, codec = stream.rate, stream.channels, stream.codec_context.name
            bitrate = stream.bit_rate or container.bit_rate or 0
    except (av.FFmpegError, IndexError) as exc:
        raise ValueError(f"cannot be decoded to measure its loudness ({exc})") from exc
    return Sound(meter.loudness, meter.true_peak, int(bitrate), int(rate), int(channels), str(codec))


class _Meter:
    """ffmpeg's ebur128 filter in a PyAV graph; its running results ride on each frame."""

    def __init__(self, stream: Any) -> None:
        import av

        self.graph = av.filter.Graph()
        source = self.graph.add_abuffer(template=stream)
        meter = self.graph.add("ebur128", "peak=true:metadata=1")
        sink = self.graph.add("abuffersink")
        source.link_to(meter)
        meter.link_to(sink)
        self.graph.configure()
        self.results: dict[str, str] = {}

    def push(self, frame: Any) -> None:
        import av

        self.graph.push(frame)
        while True:
            try:
                out = self.graph.pull()
            except (av.BlockingIOError, av.EOFError):
                return
            if "lavfi.r128.I" in out.metadata:
                self.results = dict(out.metadata)

    @property
    def loudness(self) -> float:
        return float(self.results.get("lavfi.r128.I", "-inf"))

    @property
    def true_peak(self) -> float:
        linear = float(self.results.get("lavfi.r128.true_peak", "0"))
        return 20 * math.log10(linear) if linear > 0 else float("-inf")


def target_for(sound: Sound, targets: dict[str, float]) -> float:
    return targets["mono"] if sound.channels == 1 else targets["stereo"]


def advice(sound: Sound, targets: dict[str, float]) -> list[tuple[str, str]]:
    """What is off target, in a podcaster's words, with the command that fixes it."""
    aim, tolerance, ceiling = target_for(sound, targets), targets["tolerance"], targets["true_peak"]
    command = loudnorm_command(aim, ceiling, sound.bitrate, sound.codec)
    fix = (f"normalise it to {aim:g} LUFS in your editor (Audacity: Effect > Volume and Compression > "
           f"Loudness Normalization), or run: {command}")
    found = []
    if not sound.loudness > SILENCE:  # -inf and NaN are silent too
        return [("has no sound: nothing in it reaches the quietest level a loudness meter counts "
                 f"({SILENCE:g} LUFS), which usually means a bad export (a muted track, the wrong "
                 "file, an empty mixdown)", "export the episode again from your editor, listen to the "
                 "exported file, and copy it in again")]
    if sound.loudness < aim - tolerance:
        found.append((f"is quiet: {sound.loudness:.1f} LUFS where podcast apps expect about {aim:g} for "
                      f"{sound.layout}; listeners turn it up, and the next show in their queue will "
                      "sound much louder", fix))
    elif sound.loudness > aim + tolerance:
        found.append((f"is loud: {sound.loudness:.1f} LUFS where podcast apps expect about {aim:g} for "
                      f"{sound.layout}; apps that even out loudness will turn it down, and it may tire "
                      "listeners", fix))
    if sound.true_peak > ceiling:
        found.append((f"peaks at {sound.true_peak:.1f} dBTP, above {ceiling:g}: the loudest moments may "
                      "crackle (clip) once an app or a phone converts the file", "lower the peaks with "
                      f"a limiter set to {ceiling - 0.5:g} dBTP, or the loudnorm command: {command}"))
    return found


def loudnorm_command(aim: float, ceiling: float, bitrate: int, codec: str = "mp3") -> str:
    """ffmpeg's loudnorm at the target, a little under the peak ceiling, at the file's own bitrate,
    into the same kind of file (an M4A stays AAC in an M4A)."""
    kbps = max(32, round(bitrate / 1000)) if bitrate else 128
    encoder, suffix = ("aac", "m4a") if codec == "aac" else ("libmp3lame", "mp3")
    return (f"ffmpeg -i IN.{suffix} -af loudnorm=I={aim:g}:TP={ceiling - 0.5:g}:LRA=11 "
            f"-codec:a {encoder} -b:a {kbps}k OUT.{suffix}")


def describe(sound: Sound) -> str:
    """'-16.2 LUFS, true peak -1.4 dBTP, 128 kbps, 44.1 kHz, stereo'"""
    return (f"{sound.loudness:.1f} LUFS, true peak {sound.true_peak:.1f} dBTP, "
            f"{round(sound.bitrate / 1000)} kbps, {sound.sample_rate / 1000:g} kHz, {sound.layout}")


def format_report(rows: list[SoundRow], targets: dict[str, float]) -> str:
    """The report `invoke check` and `new-episode` print."""
    if not rows:
        return ""
    problems = {row.problem for row in rows}
    if all(row.sound is None for row in rows) and len(problems) == 1:  # e.g. PyAV not installed
        return f"Sound report: not made: {problems.pop()}."
    lines = [f"Sound report (targets: about {targets['stereo']:g} LUFS stereo, {targets['mono']:g} "
             f"LUFS mono, true peak under {targets['true_peak']:g} dBTP; advice, not a rule):"]
    for row in rows:
        if row.sound is None:
            lines.append(f"  {row.audio}: not measured: {row.problem}")
            continue
        verdict = "on target" if not row.advice else "see below"
        lines.append(f"  {row.audio}: {describe(row.sound)}: {verdict}")
        for problem, fix in row.advice:
            lines.append(f"    - {problem}.\n      What to do: {fix}")
    return "\n".join(lines)
