"""Make the sample episodes' audio (and episode 2's transcripts) with espeak-ng and sox.

The words are original. Each file is a few seconds of mono 24 kbps MP3, small
enough to commit. Each episode gets a WebVTT transcript (episode 2 an SRT too)
whose cue times are measured from the spoken segments, so it stays in step.
Needs: apt-get install -y espeak-ng sox libsox-fmt-mp3
Usage: .venv/bin/python scripts/make_sample_audio.py
"""

from __future__ import annotations

import subprocess
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "content" / "media"
TRANSCRIPTS = ROOT / "content" / "transcripts"
VOICES = {"Amara Okafor": "en-gb+f3", "Dana Reyes": "en-us+f2", "Jo Whitfield": "en-gb-x-rp+m3"}

EPISODES: dict[str, list[tuple[str, str]]] = {
    "000-welcome-to-stepwise": [
        ("Amara Okafor", "This is Stepwise, a short podcast from a small therapy practice. "
                         "Each episode looks at one small step, and how to notice it."),
    ],
    "001-noticing-what-has-moved": [
        ("Amara Okafor", "Welcome to Stepwise. Today: noticing what has moved, however little. "
                         "Write down one thing that went a bit better this week."),
    ],
    "002-small-wins-count": [
        ("Amara Okafor", "Welcome back. With me is Dana Reyes, a family therapist."),
        ("Dana Reyes", "Thanks, Amara. I love a small win. It is proof that change is already happening."),
        ("Amara Okafor", "So how would someone notice one?"),
        ("Dana Reyes", "Ask yourself: on a scale from nought to ten, where are you today? "
                       "Then, what would one point higher look like?"),
        ("Amara Okafor", "The worksheet for this episode asks exactly that. Thank you, Dana."),
    ],
    "003-when-a-week-feels-like-a-step-back": [
        ("Amara Okafor", "Some weeks feel like a step back. Jo Whitfield joins me."),
        ("Jo Whitfield", "A hard week does not erase the good ones. Be as kind to yourself as to a friend."),
    ],
}


def run(*argv: str) -> None:
    subprocess.run(argv, check=True)


def seconds(path: Path) -> float:
    return float(subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True,
                                text=True).stdout)


def stamp(value: float, sep: str = ".") -> str:
    whole = int(value)
    millis = round((value - whole) * 1000)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}{sep}{millis:03d}"


def make(name: str, lines: list[tuple[str, str]], work: Path) -> list[tuple[float, float, str, str]]:
    parts, cues, clock = [], [], 0.0
    for index, (speaker, text) in enumerate(lines):
        wav = work / f"{name}-{index}.wav"
        run("espeak-ng", "-v", VOICES[speaker], "-s", "165", "-w", str(wav), text)
        padded = work / f"{name}-{index}-p.wav"
        run("sox", str(wav), "-r", "22050", "-c", "1", str(padded), "pad", "0", "0.4")
        length = seconds(padded)
        cues.append((clock, clock + length, speaker, text))
        clock += length
        parts.append(str(padded))
    run("sox", *parts, "-C", "24", str(MEDIA / f"{name}.mp3"))
    return cues


def write_transcripts(name: str, cues: list[tuple[float, float, str, str]], *, srt: bool) -> None:
    vtt = ["WEBVTT", ""]
    srt_lines = []
    for number, (start, end, speaker, text) in enumerate(cues, start=1):
        # Podcasting 2.0 advice: cue lines of 65 characters or fewer.
        vtt += [f"{stamp(start)} --> {stamp(end)}", *textwrap.wrap(f"<v {speaker}>{text}", 65), ""]
        srt_lines += [str(number), f"{stamp(start, ',')} --> {stamp(end, ',')}",
                *textwrap.wrap(f"{speaker}: {text}", 65), ""]
    (TRANSCRIPTS / f"{name}.vtt").write_text("\n".join(vtt), encoding="utf-8")
    if srt:
        (TRANSCRIPTS / f"{name}.srt").write_text("\n".join(srt_lines), encoding="utf-8")


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    TRANSCRIPTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, lines in EPISODES.items():
            cues = make(name, lines, Path(tmp))
            write_transcripts(name, cues, srt=name.startswith("002-"))
            print(f"{name}.mp3: {cues[-1][1]:.1f} s, {(MEDIA / f'{name}.mp3').stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
