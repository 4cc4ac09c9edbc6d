"""Audio made by real encoders (Debian's ffmpeg and lame), and its decoded length by ffprobe.

Nothing is committed: each test session encodes a few seconds of tone and noise in
every mode the build must measure. `make test` installs ffmpeg and lame
(scripts/install-system-deps.sh).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

SECONDS = 9
# Loud noise, then a near-silent tone, in turns: a VBR encoder's bitrate swings with it.
SOURCE_FILTER = ("sine=frequency=330:duration={d}[t];anoisesrc=d={d}:a=0.4:c=pink[n];"
                 "[t][n]amix=inputs=2,volume=enable='lt(mod(t,3),1.5)':volume=0.01")


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: run `make setup-test` (scripts/install-system-deps.sh installs it)"
    return found


def run(*argv: str) -> None:
    done = subprocess.run(argv, capture_output=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr


def source_wav(folder: Path, rate: int = 44100, seconds: float = SECONDS) -> Path:
    target = folder / f"source-{rate}.wav"
    if not target.exists():
        run(tool("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", SOURCE_FILTER.format(d=seconds),
            "-ac", "1", "-ar", str(rate), str(target))
    return target


def lame(folder: Path, name: str, *options: str, rate: int = 44100) -> Path:
    target = folder / name
    run(tool("lame"), "--quiet", *options, str(source_wav(folder, rate)), str(target))
    return target


def ffmpeg(folder: Path, name: str, *options: str) -> Path:
    target = folder / name
    run(tool("ffmpeg"), "-v", "error", "-y", "-i", str(source_wav(folder)), *options, str(target))
    return target


def with_chapters(folder: Path, name: str, chapters: tuple[tuple[str, float, float], ...],
                  *options: str) -> Path:
    """Encoded audio carrying its own chapters (title, start, end in seconds), as an editor's
    export does: ffmpeg writes ID3 CHAP frames into an MP3, a chapter track and 'chpl' into an M4A."""
    listing = folder / f"{name}.chapters.txt"
    listing.write_text(";FFMETADATA1\n" + "".join(
        f"[CHAPTER]\nTIMEBASE=1/1000\nSTART={round(start * 1000)}\nEND={round(end * 1000)}\ntitle={title}\n"
        for title, start, end in chapters), encoding="utf-8")
    return ffmpeg(folder, name, "-i", str(listing), "-map", "0", "-map_chapters", "1", *options)


def decoded_seconds(path: Path) -> float:
    """The length a player gets: every frame decoded by ffprobe, samples summed."""
    done = subprocess.run([tool("ffprobe"), "-v", "error", "-select_streams", "a:0", "-show_entries",
                           "frame=nb_samples:stream=sample_rate", "-of", "json", str(path)],
                          capture_output=True, encoding="utf-8", timeout=120, check=True)
    report = json.loads(done.stdout)
    rate = int(report["streams"][0]["sample_rate"])
    return sum(int(frame["nb_samples"]) for frame in report["frames"]) / rate


def with_vbri_header(headerless: Path, target: Path) -> Path:
    """A VBRI summary frame (Fraunhofer's) in front of lame's header-less VBR frames.

    No Debian encoder writes VBRI, so the test writes the frame itself, by the layout
    Fraunhofer's encoder uses: a silent MPEG-1 layer III frame with 'VBRI' 32 bytes after
    its header, then version, delay, quality, byte count and frame count.
    """
    frames = headerless.read_bytes()
    count = count_frames(frames)
    header = bytes([0xFF, 0xFB, 0x10, 0xC0])  # MPEG-1 layer III, 32 kbit/s, 44.1 kHz, mono: 104 bytes
    body = bytearray(104 - 4)
    body[32:58] = b"VBRI" + struct.pack(">HHHIIHHHH", 1, 576, 75, len(frames) + 104, count, 0, 1, 2, 0)
    target.write_bytes(header + bytes(body) + frames)
    return target


def count_frames(data: bytes) -> int:
    """Frames of a plain MPEG-1 layer III stream, counted the simple way (for building fixtures)."""
    rates = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    position, count = 0, 0
    while position + 4 <= len(data):
        word = struct.unpack_from(">I", data, position)[0]
        assert word >> 21 == 0x7FF, f"not a frame at {position}"
        position += 144 * rates[(word >> 12) & 15] * 1000 // 44100 + ((word >> 9) & 1)
        count += 1
    return count
