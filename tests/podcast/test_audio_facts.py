"""Exact audio facts from files made by real encoders, checked against ffprobe's decoded length.

Every mode an author's editor may produce: CBR (LAME's Info header), VBR with a Xing
and LAME header, VBR without any header (only a frame-by-frame walk gets it right),
VBR with a VBRI header, ffmpeg's own MP3 (ID3v2 tag, 'Lavc' header), MPEG-2 and
MPEG-2.5 layer III, AAC in M4A (moov first and last). Then files whose name lies
about their type, and files that are cut short or damaged.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import mutagen
import pytest

from podcast.media import MediaError, probe_audio
from tests.podcast.encoders import (
    SECONDS,
    decoded_seconds,
    ffmpeg,
    lame,
    run,
    source_wav,
    tool,
    with_vbri_header,
)

Maker = Callable[[Path], Path]
MODES: dict[str, Maker] = {
    "cbr-lame-info-header": lambda d: lame(d, "cbr.mp3", "-b", "64"),
    "cbr-without-header": lambda d: lame(d, "cbr-t.mp3", "-b", "64", "-t"),
    "vbr-xing-lame-header": lambda d: lame(d, "vbr.mp3", "-V", "5"),
    "vbr-without-header": lambda d: lame(d, "vbr-t.mp3", "-V", "5", "-t"),
    "vbr-vbri-header": lambda d: with_vbri_header(lame(d, "vbr-t2.mp3", "-V", "5", "-t"), d / "vbri.mp3"),
    "vbr-ffmpeg-id3v2-lavc-header": lambda d: ffmpeg(d, "ff.mp3", "-c:a", "libmp3lame", "-q:a", "5",
                                                     "-metadata", "title=Small steps"),
    "cbr-id3v1-and-id3v2-tags": lambda d: lame(d, "tagged.mp3", "-b", "48", "--add-id3v2", "--tt",
                                               "Small steps", "--ta", "Stepwise"),
    "mpeg2-layer3-22khz": lambda d: lame(d, "mpeg2.mp3", "-V", "7", "--resample", "22.05"),
    "mpeg25-layer3-8khz": lambda d: lame(d, "mpeg25.mp3", "-V", "7", "--resample", "8"),
    "mpeg2-without-header": lambda d: lame(d, "mpeg2-t.mp3", "-V", "7", "--resample", "16", "-t"),
    "aac-m4a-faststart": lambda d: ffmpeg(d, "fast.m4a", "-c:a", "aac", "-b:a", "48k",
                                          "-movflags", "+faststart"),
    "aac-m4a-moov-at-end": lambda d: ffmpeg(d, "end.m4a", "-c:a", "aac", "-b:a", "48k"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("encoded")


@pytest.mark.parametrize("mode", sorted(MODES))
def test_duration_is_the_decoded_length(mode: str, folder: Path) -> None:
    path = MODES[mode](folder)
    info = probe_audio(path, cache={})
    decoded = decoded_seconds(path)
    assert abs(decoded - SECONDS) < 0.2, f"fixture {mode}: ffprobe decodes {decoded} s"
    assert abs(info.seconds - decoded) < 0.5, (mode, info.seconds, decoded)
    assert info.duration == round(info.seconds)
    assert info.length == path.stat().st_size
    assert info.mime == ("audio/x-m4a" if path.suffix == ".m4a" else "audio/mpeg")


def test_a_headerless_vbr_file_fools_an_estimate_but_not_the_frame_walk(folder: Path) -> None:
    path = MODES["vbr-without-header"](folder)
    estimate = mutagen.File(path).info.length  # from the first frame's bitrate
    assert abs(estimate - SECONDS) > 1, "the fixture must be a real trap for estimating readers"
    assert abs(probe_audio(path).seconds - SECONDS) < 0.5


def test_a_headerless_vbr_file_is_a_warning_with_a_fix_that_works(folder: Path) -> None:
    path = MODES["vbr-without-header"](folder)
    [(problem, fix)] = probe_audio(path).notes
    assert "without a Xing or VBRI header" in problem and "ffmpeg -i IN.mp3 -codec copy OUT.mp3" in fix
    fixed = folder / "fixed.mp3"
    run(tool("ffmpeg"), "-v", "error", "-y", "-i", str(path), "-codec", "copy", str(fixed))
    assert probe_audio(fixed).notes == ()
    assert abs(probe_audio(fixed).seconds - decoded_seconds(path)) < 0.5


@pytest.mark.parametrize("mode", ["cbr-lame-info-header", "vbr-ffmpeg-id3v2-lavc-header",
                                  "mpeg2-layer3-22khz", "aac-m4a-faststart"])
def test_clean_files_have_no_notes(mode: str, folder: Path) -> None:
    assert probe_audio(MODES[mode](folder)).notes == ()


# --- the name says one thing, the bytes another -------------------------------------------

def _renamed(maker: Maker, name: str) -> Maker:
    def make(d: Path) -> Path:
        target = d / name
        shutil.copy(maker(d), target)
        return target
    return make


MISNAMED: dict[str, tuple[Maker, str, str]] = {
    "wav-named-mp3": (_renamed(source_wav, "wav.mp3"), "is a WAV file (uncompressed audio), not MP3",
                      "ffmpeg -i 'wav.mp3' -codec:a libmp3lame"),
    "flac-named-mp3": (lambda d: ffmpeg(d, "flac.mp3", "-c:a", "flac", "-f", "flac"),
                       "is a FLAC file (lossless audio), not MP3", "export it from your editor as MP3"),
    "ogg-named-mp3": (lambda d: ffmpeg(d, "ogg.mp3", "-c:a", "libvorbis", "-f", "ogg"),
                      "is an Ogg Vorbis file, not MP3", "convert it"),
    "m4a-named-mp3": (_renamed(MODES["aac-m4a-faststart"], "m4a.mp3"),
                      "is an MPEG-4 audio (M4A) file named '.mp3'", "rename it to 'm4a.m4a'"),
    "mp3-named-m4a": (_renamed(MODES["cbr-lame-info-header"], "mp3.m4a"),
                      "is an MP3 file named '.m4a'", "rename it to 'mp3.mp3'"),
    "mp2-named-mp3": (lambda d: ffmpeg(d, "mp2.mp3", "-c:a", "mp2", "-b:a", "64k", "-f", "mp2"),
                      "is MPEG layer II audio (MP2), not MP3 as its name says; podcast apps need MP3 or "
                      "M4A", "libmp3lame"),
    "adts-aac-named-m4a": (lambda d: ffmpeg(d, "adts.m4a", "-c:a", "aac", "-f", "adts"),
                           "is AAC audio in an ADTS stream", "ffmpeg -i 'adts.m4a' -c copy 'adts-fixed.m4a'"),
}


@pytest.mark.parametrize("name", ["book.m4b", "audio-only.mp4"])
def test_m4a_audio_under_another_mp4_name_is_renamed_not_exported_again(name: str, folder: Path) -> None:
    """Red team, session 8: '.m4b' and audio-only '.mp4' got 'export the episode again as MP3',
    though the same bytes named '.m4a' are accepted (the README's file table publishes them)."""
    path = folder / name
    shutil.copy(MODES["aac-m4a-faststart"](folder), path)
    with pytest.raises(MediaError) as caught:
        probe_audio(path)
    stem = name.rsplit(".", 1)[0]
    assert caught.value.problem.startswith(f"is M4A audio named '.{name.rsplit('.', 1)[1]}'")
    assert caught.value.fix.startswith(f"rename it to '{stem}.m4a' (the same audio: nothing to export again)")
    renamed = path.rename(folder / f"{stem}.m4a")
    assert probe_audio(renamed).mime == "audio/x-m4a"


def test_a_video_named_mp4_still_gets_the_command_that_keeps_its_sound(folder: Path) -> None:
    path = folder / "talk.mp4"
    shutil.copy(_video(folder), path)
    with pytest.raises(MediaError) as caught:
        probe_audio(path)
    assert "is a video" in caught.value.problem and "-vn -codec:a copy 'talk-fixed.m4a'" in caught.value.fix


@pytest.mark.parametrize("case", sorted(MISNAMED))
def test_the_type_is_what_the_bytes_are(case: str, folder: Path) -> None:
    maker, problem, fix = MISNAMED[case]
    with pytest.raises(MediaError) as caught:
        probe_audio(maker(folder))
    assert problem in caught.value.problem
    assert fix in caught.value.fix
    assert caught.value.problem.count("not MP3") <= 1


def _prefixed(prefix: bytes, name: str) -> Maker:
    def make(d: Path) -> Path:
        target = d / name
        target.write_bytes(prefix + MODES["cbr-lame-info-header"](d).read_bytes())
        return target
    return make


def _video(d: Path) -> Path:
    target = d / "video.m4a"
    run(tool("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=9:size=160x120:rate=5",
        "-i", str(source_wav(d)), "-c:v", "libx264", "-c:a", "aac", "-b:a", "48k", "-shortest", str(target))
    return target


# Files players may cope with but podcast apps do not, each refused with an ffmpeg line that
# rewrites it without re-encoding: (maker, the problem, what the fixed file's name ends with).
REWRITTEN: dict[str, tuple[Maker, str, str]] = {
    "junk-before-the-first-frame": (_prefixed(bytes(range(200)) * 5, "junk-first.mp3"),
                                    "starts with 1,000 bytes that are not audio before its first MP3 frame",
                                    "-fixed.mp3"),
    "a-text-line-before-the-first-frame": (_prefixed(b"Exported by my recorder v1.2\n", "text-first.mp3"),
                                           "starts with 29 bytes that are not audio", "-fixed.mp3"),
    "mp3-wrapped-in-wav": (lambda d: ffmpeg(d, "wrapped.mp3", "-c:a", "libmp3lame", "-b:a", "64k",
                                            "-f", "wav"),
                           "is MP3 audio wrapped in a WAV file (RIFF), which podcast apps cannot play",
                           "-fixed.mp3"),
    "fragmented-m4a": (lambda d: ffmpeg(d, "frag.m4a", "-c:a", "aac", "-b:a", "48k", "-movflags",
                                        "frag_keyframe+empty_moov"),
                       "is a fragmented MP4 (the kind made for streaming): its header states no length",
                       "-fixed.m4a"),
    "mp3-in-an-mp4-box": (lambda d: ffmpeg(d, "mp3in.m4a", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp4"),
                          "holds MP3 audio inside an MP4 box, which many podcast apps cannot play",
                          "-fixed.mp3"),
    "adts-aac": (lambda d: ffmpeg(d, "stream.aac", "-c:a", "aac", "-b:a", "48k"),
                 "is AAC audio in an ADTS stream (a bare .aac file)", "stream.m4a"),  # red team, session 8
    "adts-aac-named-mp3": (lambda d: ffmpeg(d, "stream.mp3", "-c:a", "aac", "-b:a", "48k", "-f", "adts"),
                           "is AAC audio in an ADTS stream (a bare .aac file)", "stream.m4a"),
    "video-named-m4a": (_video, "is a video (its first video track is 'avc1'); an audio episode must hold "
                                "sound only", "-fixed.m4a"),
}


@pytest.mark.parametrize("case", sorted(REWRITTEN))
def test_a_file_apps_cannot_take_is_refused_with_a_fix_that_works(case: str, folder: Path) -> None:
    maker, problem, fixed_name = REWRITTEN[case]
    path = maker(folder)
    assert decoded_seconds(path) > SECONDS - 0.5, "ffmpeg plays the fixture: it is not simply broken"
    with pytest.raises(MediaError) as caught:
        probe_audio(path)
    assert problem in caught.value.problem
    command = re.search(r"ffmpeg .*?'(?=, then)", caught.value.fix)
    assert command, caught.value.fix
    argv = [arg for arg in shlex.split(command.group()) if arg]
    assert argv[-1].endswith(fixed_name)
    done = subprocess.run([tool("ffmpeg"), "-v", "error", "-y", *argv[1:]], cwd=folder, capture_output=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    fixed = probe_audio(folder / argv[-1])  # what the fix made is accepted, whole and as long
    assert fixed.notes == () and abs(fixed.seconds - decoded_seconds(path)) < 0.5


# --- cut short or damaged --------------------------------------------------------------

def _cut(maker: Maker, size: int) -> Maker:
    def make(d: Path) -> Path:
        source = maker(d)
        target = d / f"cut-{size}-{source.name}"
        target.write_bytes(source.read_bytes()[:size])
        return target
    return make


def _garbage(maker: Maker, at: int) -> Maker:
    def make(d: Path) -> Path:
        data = maker(d).read_bytes()
        target = d / f"garbage-{at}.mp3"
        target.write_bytes(data[:at] + bytes(range(256)) * 4 + data[at:])
        return target
    return make


def _exact_cut(maker: Maker, frames: int) -> Maker:
    """Cut at a frame boundary: only a summary header can tell that frames are missing."""
    def make(d: Path) -> Path:
        from podcast.mpeg import id3v2_end, parse_header
        data = maker(d).read_bytes()
        position = id3v2_end(data)
        for _ in range(frames + 1):  # the summary frame, then `frames` audio frames
            position += parse_header(int.from_bytes(data[position:position + 4], "big")).length
        target = d / f"exact-{frames}.mp3"
        target.write_bytes(data[:position])
        return target
    return make


def _plus(maker: Maker, d: Path, extra: int) -> Path:
    """A frame-boundary cut, then the first `extra` bytes of the next frame's header."""
    whole = MODES["cbr-without-header"](d).read_bytes()
    cut = maker(d)
    target = d / f"plus-{extra}-{cut.name}"
    target.write_bytes(whole[:cut.stat().st_size + extra])
    return target


def _joined(d: Path) -> Path:
    one = MODES["vbr-xing-lame-header"](d).read_bytes()
    target = d / "joined.mp3"
    target.write_bytes(one + MODES["vbr-without-header"](d).read_bytes())
    return target


def _joined_at_two_rates(d: Path) -> Path:
    """`cat A.mp3 B.mp3` where A was made at 48 kHz: ffprobe and Chromium read past the join."""
    first = lame(d, "a48.mp3", "-t", "-b", "64", "--resample", "48").read_bytes()
    target = d / "joined-rates.mp3"
    target.write_bytes(first + MODES["cbr-lame-info-header"](d).read_bytes())
    return target


def _overwritten(d: Path) -> Path:
    """5,000 bytes of a CBR file overwritten in place: the length stays, frames are lost."""
    data = MODES["cbr-lame-info-header"](d).read_bytes()
    target = d / "overwritten.mp3"
    target.write_bytes(data[:30_000] + bytes(range(250)) * 20 + data[35_000:])
    return target


BROKEN: dict[str, tuple[Maker, str]] = {
    "4000-bytes-of-a-cbr-file": (_cut(MODES["cbr-lame-info-header"], 4000),
                                 "is cut short: its Info header says 0:09 of audio"),
    "vbr-cut-mid-frame": (_cut(MODES["vbr-xing-lame-header"], 30_001), "is cut short: its Xing header says"),
    "vbr-cut-at-a-frame-boundary": (_exact_cut(MODES["vbr-xing-lame-header"], 100),
                                    "but the file holds 0:02 (100 frames)"),
    "vbri-cut": (_cut(MODES["vbr-vbri-header"], 30_001), "is cut short: its VBRI header says"),
    "headerless-cut-mid-frame": (_cut(MODES["vbr-without-header"], 30_001),
                                 "is cut off: its last frame, at 0:0"),
    "headerless-cut-inside-a-header": (lambda d: _plus(_exact_cut(MODES["cbr-without-header"], 99), d, 2),
                                       "has 2 of its"),
    "garbage-in-the-middle": (_garbage(MODES["vbr-xing-lame-header"], 30_000),
                              "is damaged: 1,024 bytes that are not audio in 1 place at 0:0"),
    "garbage-in-a-headerless-file": (_garbage(MODES["vbr-without-header"], 20_000),
                                     "is damaged: 1,024 bytes that are not audio"),
    "m4a-cut-faststart": (_cut(MODES["aac-m4a-faststart"], 20_000), "is cut short: its 'mdat' atom"),
    "m4a-cut-moov-at-end": (_cut(MODES["aac-m4a-moov-at-end"], 20_000), "is cut short: its 'mdat' atom"),
    "two-files-joined": (_joined, "but its Xing header says 0:09"),
    "joined-at-two-sample-rates": (_joined_at_two_rates, "is two recordings joined: at 0:09 (byte 72,192) "
                                   "the audio changes from 48,000 Hz to 44,100 Hz"),
    "overwritten-in-place": (_overwritten, "bytes that are not audio in 1 place at 0:03 (byte 30,"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_cut_or_damaged_file_is_refused(case: str, folder: Path) -> None:
    maker, problem = BROKEN[case]
    path = maker(folder)
    with pytest.raises(MediaError) as caught:
        probe_audio(path)
    assert problem in caught.value.problem
    assert "again" in caught.value.fix


def test_damage_is_reported_where_it_is_not_as_a_cut(folder: Path) -> None:
    with pytest.raises(MediaError) as caught:
        probe_audio(_overwritten(folder))
    assert re.fullmatch(r"is damaged: \d,\d{3} bytes that are not audio in 1 place at 0:03 \(byte 30,\d{3}\)",
                        caught.value.problem), caught.value.problem  # not "is cut short"


def test_a_cut_of_one_frame_shows_two_different_lengths(folder: Path) -> None:
    from podcast.mpeg import walk

    whole = MODES["cbr-lame-info-header"](folder)
    frames = walk(whole.read_bytes(), 0, whole.stat().st_size).frames
    with pytest.raises(MediaError) as caught:
        probe_audio(_exact_cut(MODES["cbr-lame-info-header"], frames - 1)(folder))
    said, holds = re.search(r"says (\S+) of audio .* holds (\S+) \(", caught.value.problem).groups()
    assert said != holds, caught.value.problem  # not "says 0:09 ... holds 0:09"


@pytest.mark.parametrize(("mode", "what"), [("cbr-lame-info-header", "neither audio nor a tag"),
                                            ("aac-m4a-faststart", "not part of the M4A")])
def test_trailing_junk_is_a_warning_not_an_error(folder: Path, mode: str, what: str) -> None:
    source = MODES[mode](folder)
    path = folder / f"junk-at-end{source.suffix}"
    path.write_bytes(source.read_bytes() + b"Hello, some text added at the end.\n")
    [(problem, fix)] = probe_audio(path).notes
    assert problem == f"ends with 35 bytes that are {what} (players skip them)"
    assert fix == "export the episode again, or trim the file's end"


def test_a_refusal_is_cached_by_content_like_a_result(folder: Path) -> None:
    path = BROKEN["vbr-cut-mid-frame"][0](folder)
    cache: dict = {}
    for _ in range(2):
        with pytest.raises(MediaError, match="is cut short"):
            probe_audio(path, cache)
    assert len([key for key in cache if key.startswith("audio:")]) == 1  # one verdict (and the file's digest)


def test_ffprobe_agrees_the_fixtures_are_broken(folder: Path) -> None:
    """The broken fixtures are really broken: ffmpeg's decoder reports it too."""
    path = BROKEN["garbage-in-the-middle"][0](folder)
    done = subprocess.run([tool("ffmpeg"), "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, encoding="utf-8", timeout=60)
    assert done.stderr.strip(), "ffmpeg decoded the damaged file without a complaint"
