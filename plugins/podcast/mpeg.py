"""Walk an MP3 frame by frame: its exact length, and proof that it is whole.

Written by hand because no maintained library does this without decoding.
mutagen reads the Xing/Info or VBRI summary frame when there is one, but for a
variable-bitrate file without one it estimates from the first frame's bitrate
(3.3 s for a 12 s test file), and it never checks that the frames a summary
promises are all there, so a cut-off copy passes as whole. ffprobe's quick
duration is an estimate too. Every MPEG audio frame header gives the frame's own
length, so walking them reads four bytes a frame (about 38 frames a second of
audio) and decodes nothing; the result is cached by content hash.

Layout of a file: ID3v2 tags at the start (with their own size), then frames, the
first of which may be a summary frame (silent, not counted as audio), then ID3v1,
APEv2 or Lyrics3 tags at the end.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from .media_errors import MediaError
from .timing import clock, clocks

# Bitrates in kbit/s by index (0 = free format, 15 = invalid), by (MPEG-1?, layer).
BITRATES = {
    (True, "I"): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, "II"): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, "III"): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, "I"): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, "II"): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, "III"): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
# Sample rates by the header's version bits (3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5).
SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
VERSIONS = {3: "MPEG-1", 2: "MPEG-2", 0: "MPEG-2.5"}
LAYERS = {1: "III", 2: "II", 3: "I"}
SYNC = 0xFFE00000
# Bits that stay the same in every frame of one stream: sync, version, layer, sample rate.
STREAM_BITS = 0xFFFE0C00
ENCODER_DELAY_KEY = 529  # what decoders add to the encoder delay they skip (LAME, ffmpeg)

_word = struct.Struct(">I").unpack_from


@dataclass(frozen=True)
class Frame:
    length: int  # bytes, header included
    samples: int
    sample_rate: int
    bitrate_index: int
    layer: str
    version: str


@dataclass(frozen=True)
class Summary:
    """The Xing/Info or VBRI frame an encoder writes first: what the file should hold."""

    kind: str  # "Xing", "Info" (LAME's name for it in a CBR file) or "VBRI"
    frames: int | None  # audio frames, the summary frame not counted
    trim: int = 0  # encoder delay + padding in samples (LAME tag), which players skip


@dataclass(frozen=True)
class MpegAudio:
    frames: int  # audio frames, the summary frame not counted
    samples: int  # decoded samples per channel, after the encoder's delay and padding
    sample_rate: int
    version: str
    summary: str  # the summary frame's kind, "" when there is none
    variable_bitrate: bool
    trailing_junk: int  # bytes after the last frame that are neither audio nor a tag

    @property
    def seconds(self) -> float:
        return self.samples / self.sample_rate


def parse_header(word: int) -> Frame | None:
    """A frame header's facts, or None when these four bytes are not a layer I-III header."""
    if word & SYNC != SYNC:
        return None
    version_bits, layer_bits = (word >> 19) & 3, (word >> 17) & 3
    bitrate_index, rate_index, padding = (word >> 12) & 15, (word >> 10) & 3, (word >> 9) & 1
    if version_bits == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None  # reserved values, or free format (no length in the header)
    rate = SAMPLE_RATES[version_bits][rate_index]
    layer = LAYERS[layer_bits]
    mpeg1 = version_bits == 3
    bits_per_second = BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    if layer == "I":  # only named in messages, never accepted
        samples, length = 384, (12 * bits_per_second // rate + padding) * 4
    else:
        samples = 576 if layer == "III" and not mpeg1 else 1152
        length = samples // 8 * bits_per_second // rate + padding
    return Frame(length, samples, rate, bitrate_index, layer, VERSIONS[version_bits])


def id3v2_end(data: Sequence[int] | bytes | mmap.mmap, start: int = 0) -> int:
    """Where audio may begin: after every ID3v2 tag at `start` (their size fields say how long)."""
    position = start
    while data[position:position + 3] == b"ID3" and len(data) >= position + 10:
        size = 0
        for byte in data[position + 6:position + 10]:
            size = (size << 7) | (byte & 0x7F)
        footer = 10 if data[position + 5] & 0x10 else 0
        position += 10 + size + footer
    return position


def tags_start(data: bytes | mmap.mmap, start: int) -> int:
    """Where the audio ends: before ID3v1, Lyrics3v2 and APEv2 tags at the end of the file."""
    end = len(data)
    for _ in range(3):  # the three may come in any order
        if end - 128 >= start and data[end - 128:end - 125] == b"TAG":
            end -= 128
            if end - 227 >= start and data[end - 227:end - 223] == b"TAG+":
                end -= 227
        elif end - 32 >= start and data[end - 32:end - 24] == b"APETAGEX":
            size, flags = struct.unpack_from("<I4xI", data, end - 20)
            end -= size + (32 if flags & 0x80000000 else 0)
        elif end - 15 >= start and data[end - 9:end] == b"LYRICS200" and data[end - 15:end - 9].isdigit():
            end -= int(data[end - 15:end - 9]) + 15
        else:
            break
    return max(start, end)


def chain_at(data: bytes, position: int, end: int, count: int = 3) -> Frame | None:
    """The frame at `position` if the next frames of the same stream follow it (or the file ends)."""
    first = _frame_at(data, position, end)
    if first is None:
        return None
    stream = _word(data, position)[0] & STREAM_BITS
    at = position + first.length
    for seen in range(1, count):
        if at >= end:  # a file of one or two frames; a cut second frame is the walk's to report
            return first if at == end or seen > 1 else None
        word = _word(data, at)[0] if at + 4 <= end else 0
        frame = parse_header(word)
        if frame is None or word & STREAM_BITS != stream:
            return None
        at += frame.length
    return first


def _frame_at(data: bytes, position: int, end: int) -> Frame | None:
    return parse_header(_word(data, position)[0]) if position + 4 <= end else None


def stream_start(data: bytes, start: int, end: int, limit: int = 1 << 20) -> int | None:
    """Where frames first chain within `limit` bytes of `start`, whatever comes before them
    (players skip bytes that are not audio until frames follow one another); None if nowhere."""
    at = data.find(b"\xff", start, min(end, start + limit))
    while at != -1:
        if chain_at(data, at, end) is not None:
            return at
        at = data.find(b"\xff", at + 1, min(end, start + limit))
    return None


def first_frame(data: bytes, start: int, end: int, limit: int = 65536) -> int | None:
    """Where the first real frame is: at `start`, or after zero padding a tagger left."""
    position = start
    while position < min(end, start + limit):
        if chain_at(data, position, end) is not None:
            return position
        if data[position] != 0:
            return None  # not padding: the file is something else, or damaged at its start
        position += 1
    return None


def read_summary(data: bytes, position: int, frame: Frame) -> Summary | None:
    """The Xing/Info or VBRI frame at `position`, if that is what the first frame is."""
    mono = (_word(data, position)[0] >> 6) & 3 == 3
    side = (17 if mono else 32) if frame.version == "MPEG-1" else (9 if mono else 17)
    xing = position + 4 + side
    tag = bytes(data[xing:xing + 4])
    if tag in (b"Xing", b"Info"):
        flags = _word(data, xing + 4)[0]
        frames = _word(data, xing + 8)[0] if flags & 1 else None
        after = xing + 8 + 4 * bool(flags & 1) + 4 * bool(flags & 2) + 100 * bool(flags & 4) \
            + 4 * bool(flags & 8)
        return Summary(tag.decode(), frames, _lame_trim(data, after))
    if bytes(data[position + 36:position + 40]) == b"VBRI":
        return Summary("VBRI", _word(data, position + 50)[0])
    return None


def _lame_trim(data: bytes, at: int) -> int:
    """Encoder delay + padding from the LAME tag (LAME, and ffmpeg's 'Lavc' copy of it)."""
    if bytes(data[at:at + 4]) not in (b"LAME", b"Lavc", b"Lavf", b"L3.9", b"GOGO"):
        return 0
    packed = data[at + 21:at + 24]
    if len(packed) < 3:
        return 0
    delay, padding = (packed[0] << 4) | (packed[1] >> 4), ((packed[1] & 15) << 8) | packed[2]
    return delay + padding


def _junk_end(data: bytes, position: int, end: int, stream: int) -> int:
    """After bytes that are not audio at `position`: where the frames pick up again (or end)."""
    at = data.find(b"\xff", position + 1, end)
    while at != -1:
        if chain_at(data, at, end) is not None and _word(data, at)[0] & STREAM_BITS == stream:
            return at
        at = data.find(b"\xff", at + 1, end)
    return end


@dataclass
class _Walk:
    """What a walk over the frames found, before it is judged."""

    frames: int = 0  # every frame, the summary frame too
    bitrates: set[int] = field(default_factory=set)
    junk: list[tuple[int, int, int]] = field(default_factory=list)  # (offset, size, frames before)
    cut: tuple[int, int] | None = None  # (bytes there, bytes needed) of a cut-off last frame
    switch: tuple[int, Frame] | None = None  # (offset, first frame) of another stream joined on


def walk(data: bytes, start: int, end: int) -> MpegAudio:
    """Every frame from `start` to `end`; MediaError if the file is cut short or damaged."""
    frame = chain_at(data, start, end)
    if frame is None:
        raise MediaError("has no MP3 audio where it should start", "export the episode again as MP3")
    summary = read_summary(data, start, frame)
    found = _frames(data, start, end, frame)
    audio_frames = found.frames - (1 if summary else 0)
    if found.switch:
        raise _joined(found.frames, frame, *found.switch)
    trailing = found.junk[-1][1] if found.junk and sum(found.junk[-1][:2]) == end else 0
    damage = found.junk[:-1] if trailing else found.junk
    if damage:  # before the frame count: bytes written over frames lose frames too
        raise _damaged(damage, frame)
    if summary and summary.frames is not None and summary.frames != audio_frames:
        raise _wrong_count(summary, audio_frames, frame)
    if found.cut:
        raise _cut_off(found.frames, frame, *found.cut)
    samples = max(0, audio_frames * frame.samples - (summary.trim if summary else 0))
    return MpegAudio(audio_frames, samples, frame.sample_rate, frame.version,
                     summary.kind if summary else "", len(found.bitrates) > 1, trailing)


def _header_start(data: bytes, position: int, end: int, start: int) -> bool:
    """The last 1-3 bytes begin a frame header like the first frame's (sync, version, layer)."""
    tail = bytes(data[position:min(end, position + 2)])
    return tail == bytes(data[start:start + len(tail)])


def _frames(data: bytes, start: int, end: int, first: Frame) -> _Walk:
    """The walk itself: four bytes a frame from `first` (at `start`); the hot loop of a probe."""
    stream = _word(data, start)[0] & STREAM_BITS
    found, position = _Walk(), start
    known: dict[int, Frame | None] = {}
    while position < end:
        if position + 4 > end and _header_start(data, position, end, start):
            found.cut = (end - position, first.length)  # cut in a header
            break
        word = _word(data, position)[0] if position + 4 <= end else 0
        current = known[word] if word in known else known.setdefault(word, parse_header(word))
        if current is not None and word & STREAM_BITS != stream and chain_at(data, position, end):
            found.switch = (position, current)  # frames of another kind follow one another here
            break
        if current is None or word & STREAM_BITS != stream:
            resume = _junk_end(data, position, end, stream)
            found.junk.append((position, resume - position, found.frames))
            position = resume
        elif position + current.length > end:
            found.cut = (end - position, current.length)
            break
        else:
            position += current.length
            found.frames += 1
            found.bitrates.add(current.bitrate_index)
    return found


def _seconds(frames: int, frame: Frame) -> float:
    return frames * frame.samples / frame.sample_rate


def _clock(frames: int, frame: Frame) -> str:
    return clock(_seconds(frames, frame))


def _kind(frame: Frame) -> str:
    return f"{frame.version} layer {frame.layer}"


def _joined(frames: int, first: Frame, offset: int, other: Frame) -> MediaError:
    """Frames of another sample rate (or MPEG version or layer) after the first stream's."""
    if (first.version, first.layer) == (other.version, other.layer):
        change = f"from {first.sample_rate:,} Hz to {other.sample_rate:,} Hz"
    else:
        change = (f"from {_kind(first)} at {first.sample_rate:,} Hz to {_kind(other)} at "
                  f"{other.sample_rate:,} Hz")
    return MediaError(f"is two recordings joined: at {_clock(frames, first)} (byte {offset:,}) the audio "
                      f"changes {change}, which players cannot follow (they stop or stumble there, and "
                      "show the wrong length)", "export it again as one file from your editor")


def _cut_off(frames: int, frame: Frame, have: int, need: int) -> MediaError:
    return MediaError(f"is cut off: its last frame, at {_clock(frames, frame)}, has {have} of its "
                      f"{need} bytes", "copy or export the file again from the original recording; "
                      "this copy is incomplete")


def _wrong_count(summary: Summary, audio_frames: int, frame: Frame) -> MediaError:
    said, found = clocks(_seconds(summary.frames or 0, frame), _seconds(audio_frames, frame))
    if audio_frames < (summary.frames or 0):
        return MediaError(f"is cut short: its {summary.kind} header says {said} of audio "
                          f"({summary.frames} frames) but the file holds {found} ({audio_frames} frames)",
                          "copy or export the file again from the original recording; this copy "
                          "is incomplete")
    return MediaError(f"holds {found} of audio ({audio_frames} frames) but its {summary.kind} header "
                      f"says {said} ({summary.frames} frames), so players show the wrong length "
                      "(were two files joined?)", "export the episode again as one MP3 from your editor")


def _damaged(junk: list[tuple[int, int, int]], frame: Frame) -> MediaError:
    offset, _size, frames = junk[0]
    total = sum(j[1] for j in junk)
    where = f"{len(junk)} places, the first" if len(junk) > 1 else "1 place"
    return MediaError(f"is damaged: {total:,} bytes that are not audio in {where} at "
                      f"{_clock(frames, frame)} (byte {offset:,})",
                      "copy or export the file again from the original recording")
