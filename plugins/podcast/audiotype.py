"""What an audio file really is, read from its bytes, whatever its name says.

A WAV renamed to .mp3 plays on a desktop and fails in podcast apps, so the
enclosure type must come from the content. The signatures are the formats'
own magic numbers; a table this small is clearer than a dependency (mutagen's
own detection weighs the file name too, which is the very thing not to trust).
"""

from __future__ import annotations

from dataclasses import dataclass

from .mpeg import chain_at, id3v2_end, stream_start

# The formats podcast apps accept, with the extension and MIME type that name them.
MP3, M4A = "MP3", "M4A"
ADTS = "ADTS"  # AAC frames with no container: wrapped in an M4A as they are, nothing re-encoded
ACCEPTED = {MP3: (".mp3", "audio/mpeg"), M4A: (".m4a", "audio/x-m4a")}
WAVE_MP3, WAVE_MPEG = 0x0055, 0x0050  # WAVE format tags (RFC 2361)
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"iso5", b"dash", b"M4V "}


@dataclass(frozen=True)
class Kind:
    name: str  # "MP3", "WAV", ...
    description: str  # for messages: "a WAV file (uncompressed audio)"
    junk: int = 0  # bytes that are not audio before the first frame (players skip them)
    wrapped: bool = False  # MP3 inside another container: copying the audio out fixes it

    @property
    def accepted(self) -> bool:
        return self.name in ACCEPTED

    @property
    def suffix(self) -> str:
        return ACCEPTED[self.name][0] if self.accepted else ""

    @property
    def mime(self) -> str:
        return ACCEPTED[self.name][1] if self.accepted else ""


# (offset, magic, kind) for formats recognised by a fixed signature.
SIGNATURES: tuple[tuple[int, bytes, Kind], ...] = (
    (0, b"fLaC", Kind("FLAC", "a FLAC file (lossless audio)")),
    (0, b"\x1aE\xdf\xa3", Kind("WebM", "a WebM/Matroska file")),
    (0, b"#!AMR", Kind("AMR", "an AMR voice recording")),
    (0, b"\xff\xd8\xff", Kind("JPEG", "a JPEG image")),
    (0, b"\x89PNG", Kind("PNG", "a PNG image")),
    (0, b"%PDF", Kind("PDF", "a PDF document")),
)


def identify(data: bytes) -> Kind | None:
    """The file's real format, or None when no audio format starts like this."""
    head = bytes(data[:16])
    kind = _container(head, data)
    if kind is None:
        kind = next((k for offset, magic, k in SIGNATURES if head[offset:offset + len(magic)] == magic), None)
    return kind or _mpeg_or_adts(data)


def _container(head: bytes, data: bytes) -> Kind | None:
    """Formats that say what they are in a chunk or box header."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return _wave(data)
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return Kind("AIFF", "an AIFF file (uncompressed audio)")
    if head[:4] == b"OggS":
        first_page = bytes(data[:128])
        codec = "Opus " if b"OpusHead" in first_page else "Vorbis " if b"vorbis" in first_page else ""
        return Kind("Ogg", f"an Ogg {codec}file")
    if head[4:8] == b"ftyp":
        if head[8:12] in MP4_AUDIO_BRANDS:
            return Kind(M4A, "an MPEG-4 audio (M4A) file")
        return Kind("QuickTime", "a QuickTime or 3GP movie")
    return None


def _wave(data: bytes) -> Kind:
    """A RIFF/WAVE file by what its 'fmt ' chunk holds: PCM, or MPEG audio in a WAV wrapper
    (format 0x55 is MP3, 0x50 MPEG layer I/II), which some recorders and converters write."""
    position, end = 12, min(len(data), 1 << 16)
    while position + 10 <= end:
        chunk, size = bytes(data[position:position + 4]), int.from_bytes(data[position + 4:position + 8],
                                                                          "little")
        if chunk == b"fmt ":
            tag = int.from_bytes(data[position + 8:position + 10], "little")
            if tag == WAVE_MP3:
                return Kind("WAV", "MP3 audio wrapped in a WAV file (RIFF)", wrapped=True)
            if tag == WAVE_MPEG:
                return Kind("WAV", "MPEG layer II audio (MP2) wrapped in a WAV file (RIFF)")
            break
        position += 8 + size + (size & 1)
    return Kind("WAV", "a WAV file (uncompressed audio)")


def _mpeg_or_adts(data: bytes) -> Kind | None:
    """MPEG audio frames or raw AAC, possibly behind ID3v2 tags."""
    start = id3v2_end(data)
    head = bytes(data[start:start + 2])
    if len(head) == 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return Kind(ADTS, "AAC audio in an ADTS stream (a bare .aac file), not in an M4A file")
    position = start
    while position < min(len(data), start + 65536) and data[position] == 0:
        position += 1  # padding some taggers leave after the tag
    frame = chain_at(data, position, len(data)) if position < len(data) else None
    junk = 0
    if frame is None:  # bytes that are not audio first? players skip them until frames chain
        found = stream_start(data, start, len(data))
        if found is None:
            return None
        frame, junk = chain_at(data, found, len(data)), found - start
        assert frame is not None
    if frame.layer == "III":
        return Kind(MP3, "an MP3 file", junk)
    number = "2" if frame.layer == "II" else "1"
    return Kind(f"MP{number}", f"MPEG layer {frame.layer} audio (MP{number})", junk)
