"""The podcast plugin's parts on their own: GUID rule, chapters, transcripts,
media probing and artwork checks (real files, no site build)."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from PIL import Image, ImageFilter

import pelicanconf
from podcast import rules
from podcast.channel import channel_issues
from podcast.chapters import Chapter, chapters_json, chapters_line, parse_chapters
from podcast.feed import build_feed
from podcast.licenses import License, read_license
from podcast.media import MediaError, artwork_problems, probe_audio
from podcast.settings import DEFAULTS, feed_url, podcast_guid_for
from podcast.transcripts import TranscriptError, cues_of, read_ahead, read_cues
from podcast.whereis import Misplaced
from tests.conftest import CONTENT

LIMITS = {key: DEFAULTS[key] for key in ("PODCAST_ART_MIN_PX", "PODCAST_ART_MAX_PX", "PODCAST_ART_MAX_BYTES")}


@pytest.mark.parametrize(("url", "guid"), [
    ("https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ("http://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
    ("https://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
])
def test_podcast_guid_matches_the_spec_vectors(url: str, guid: str) -> None:
    assert podcast_guid_for(url) == guid


@pytest.mark.parametrize("guid", [
    "3f1e0c2a-9b7d-4c1e-8f2a-5d6b7c8e9f01",  # a random uuid4, as Podlove and other hosts give a show
    "9b024349-ccf0-5f69-a609-6b82873eab3c",  # a UUIDv5 of another feed address: the show moved
])
def test_a_show_keeps_any_uuid_it_already_has(guid: str) -> None:
    """podcast:guid never changes, even when the feed moves (Podcasting 2.0): no problem at all,
    not even a warning (which would stop `invoke check` and publish for ever)."""
    settings = {"PATH": str(CONTENT), "FEED_DOMAIN": pelicanconf.FEED_DOMAIN, "PODCAST_GUID": guid}
    assert [i for i in channel_issues(settings, None, {}) if i.field == "PODCAST_GUID"] == []


def test_pinned_show_guid_matches_the_rule_for_the_configured_feed() -> None:
    settings = {"FEED_DOMAIN": pelicanconf.FEED_DOMAIN, "PODCAST_FEED_PATH": pelicanconf.PODCAST_FEED_PATH}
    assert feed_url(settings) == "https://stepwise.example/feeds/podcast.xml"
    assert podcast_guid_for(feed_url(settings)) == pelicanconf.PODCAST_GUID


def test_chapters_parse_and_become_spec_json() -> None:
    chapters = parse_chapters("00:00 Welcome; 03:15 What counts & why; 1:02:03.5 The end")
    assert chapters == [Chapter(0, "Welcome"), Chapter(195, "What counts & why"), Chapter(3723.5, "The end")]
    text = chapters_json(chapters, title='A "quoted" title', podcast_name="Stepwise")
    assert '"startTime": 3723.5' in text and '\\"quoted\\"' in text


@pytest.mark.parametrize(("text", "problem"), [
    ("03:15 Later; 00:00 Earlier", "must go up"),
    ("3 minutes Welcome", "is not a time"),
    ("00:75 Welcome", "more than 59"),
    ("00:00", "needs a time and a title"),
    (" ; ", "lists no chapters"),
])
def test_bad_chapters_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_chapters(text)


def test_a_files_own_chapters_become_a_line_the_parser_reads_back() -> None:
    found = ((0.0, "Welcome"), (4.5, "Why; and <https://x.example/>"), (4.5, "Same time"), (3723.25, ""))
    line = chapters_line(found)
    assert line == "00:00 Welcome; 00:04.5 Why, and (https://x.example/); 1:02:03.25 Chapter 3"
    assert [(c.start, c.title) for c in parse_chapters(line)] == [
        (0, "Welcome"), (4.5, "Why, and (https://x.example/)"), (3723.25, "Chapter 3")]


def test_vtt_voices_become_speakers() -> None:
    cues = read_cues(CONTENT / "transcripts" / "002-small-wins-count.vtt")
    assert cues[0].speaker == "Amara Okafor" and cues[1].speaker == "Dana Reyes"
    assert cues[1].start == pytest.approx(4.214) and "<v" not in cues[1].text


def test_srt_reads_the_same_cues_as_vtt() -> None:
    vtt = read_cues(CONTENT / "transcripts" / "002-small-wins-count.vtt")
    srt = read_cues(CONTENT / "transcripts" / "002-small-wins-count.srt")
    assert [(c.start, c.speaker, c.text) for c in srt] == [(c.start, c.speaker, c.text) for c in vtt]


def test_a_broken_transcript_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("not a transcript\n", encoding="utf-8")
    with pytest.raises(TranscriptError):
        read_cues(bad)


def test_audio_probe_reads_size_duration_and_a_real_mime_type() -> None:
    path = CONTENT / "media" / "002-small-wins-count.mp3"
    info = probe_audio(path, cache={})
    assert info.length == path.stat().st_size
    assert info.mime == "audio/mpeg"  # not mutagen's 'audio/mp3'
    assert 20 < info.duration < 40


def test_non_audio_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "episode.mp3"
    fake.write_bytes(b"this is not audio" * 100)
    with pytest.raises(MediaError):
        probe_audio(fake)
    with pytest.raises(MediaError, match=r"\.wav"):
        probe_audio(tmp_path / "episode.wav")


def test_show_artwork_passes_apples_rules() -> None:
    assert artwork_problems(CONTENT / pelicanconf.PODCAST_IMAGE, LIMITS) == []


@pytest.mark.parametrize(("image", "problem"), [
    (((1400, 1500), "RGB", "JPEG", "a.jpg"), "must be square"),
    (((3200, 3200), "RGB", "PNG", "a.png"), "between 1400 and 3000"),
    (((1400, 1400), "RGBA", "PNG", "a.png"), "must be RGB"),
    (((1400, 1400), "RGB", "JPEG", "a.jpeg"), "named '.jpeg'"),
    (((1400, 1400), "RGB", "WEBP", "a.webp"), "must be JPEG or PNG"),
])
def test_artwork_problems(tmp_path: Path, image: tuple[tuple[int, int], str, str, str], problem: str) -> None:
    size, mode, fmt, name = image
    path = tmp_path / name
    Image.new(mode, size).save(path, fmt)
    found = artwork_problems(path, LIMITS)
    assert any(problem in p for p, _fix in found), found


def test_artwork_too_many_bytes_is_fixed_by_saving_smaller_not_by_a_pixel_size(tmp_path: Path) -> None:
    path = tmp_path / "art.jpg"  # 3000 px, grainy like a photo: square, RGB, in range, and 2.9 MB
    grain = Image.effect_noise((3000, 3000), 60).convert("RGB")
    shade = Image.linear_gradient("L").resize((3000, 3000)).convert("RGB")
    Image.blend(shade, grain, 0.5).filter(ImageFilter.GaussianBlur(1)).save(path, "JPEG", quality=95)
    [(problem, fix)] = artwork_problems(path, LIMITS)
    assert problem == f"is {path.stat().st_size:,} bytes; artwork must be at most 512,000 bytes"
    assert "quality 80 to 85" in fix and "square" not in fix
    Image.open(path).resize((1400, 1400)).save(path, "JPEG", quality=85)  # what the fix says
    assert artwork_problems(path, LIMITS) == []


def test_a_feed_with_no_episodes_yet_is_valid_and_undated() -> None:
    settings = {"SITENAME": "Stepwise", "FEED_DOMAIN": "https://stepwise.example",
                "PODCAST_TITLE": "Stepwise", "PODCAST_IMAGE": "media/art.jpg",
                "PODCAST_GUID": podcast_guid_for("stepwise.example/x")}
    first, second = build_feed([], settings), build_feed([], settings)
    assert first == second
    parsed = feedparser.parse(first.encode())
    assert parsed.bozo == 0 and parsed.entries == []
    assert "lastBuildDate" not in first and "<itunes:explicit>false</itunes:explicit>" in first


def test_transcripts_read_ahead_are_used_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    """Parsed where the episode is read (stepwise's file_read); the model takes the result
    only for the same bytes, so an episode served from the content cache whose transcript
    changed since is parsed again, and a broken file gives the same error either way."""
    content = tmp_path / "content"
    (content / "transcripts").mkdir(parents=True)
    good, bad = content / "transcripts" / "a.vtt", content / "transcripts" / "b.vtt"
    good.write_bytes((CONTENT / "transcripts" / "002-small-wins-count.vtt").read_bytes())
    bad.write_text("not a transcript\n", encoding="utf-8")
    ahead = read_ahead("{static}/transcripts/a.vtt, transcripts/b.vtt, https://x.example/c.vtt, "
                       "../outside.vtt", content.resolve())
    assert sorted(Path(p).name for p in ahead) == ["a.vtt", "b.vtt"]
    assert cues_of(good.resolve(), ahead) == tuple(read_cues(good))
    with pytest.raises(TranscriptError) as from_ahead:
        cues_of(bad.resolve(), ahead)
    with pytest.raises(TranscriptError) as direct:
        read_cues(bad)
    assert str(from_ahead.value) == str(direct.value)
    good.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Sam>Changed since.\n", encoding="utf-8")
    assert [c.text for c in cues_of(good.resolve(), ahead)] == ["Changed since."]


@pytest.mark.parametrize(("written", "name", "url"), [
    ("CC-BY-NC-ND-4.0", "CC-BY-NC-ND-4.0", ""),
    ("cc-by-4.0", "CC-BY-4.0", ""),  # as the SPDX list spells it
    ("MIT", "MIT", ""),
    ("Our licence v1 https://stepwise.example/licence/", "Our licence v1", "https://stepwise.example/licence/"),
    ("CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0",
     "https://creativecommons.org/licenses/by/4.0/"),
])
def test_a_licence_is_an_spdx_identifier_or_a_name_and_an_address(written: str, name: str, url: str) -> None:
    assert read_license(written) == License(name, url)


@pytest.mark.parametrize(("written", "problem"), [
    ("all rights reserved", "is not an SPDX licence identifier, and a licence of your own needs the address"),
    ("MIT OR CC0-1.0", "is not an SPDX licence identifier"),  # the tag names one licence
    ("https://stepwise.example/licence/", "names no licence"),
    ("Ours http://stepwise.example/licence/", "is not an https:// address"),
    ("Ours https://stepwise.example/our licence/", "has a space in it"),
])
def test_a_licence_apps_cannot_use_is_refused(written: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        read_license(written)


def test_a_disk_that_ignores_capitals_does_not_hide_a_wrong_audio_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Mac finds 'media/Episode.mp3' for 'Audio: media/episode.mp3' and the preview plays; the
    web server does not. Simulated here: the lookup succeeds as it would on such a disk."""
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "Episode.mp3").write_bytes(b"audio")
    ctx = rules.ReadContext(settings={"STATIC_PATHS": ["media"]}, content_root=tmp_path, people={})
    monkeypatch.setattr(rules, "local_file", lambda value, _ctx: rules.LocalFile(
        tmp_path / "media" / "Episode.mp3", value))
    with pytest.raises(Misplaced) as refused:
        rules.audio_in_content("media/episode.mp3", ctx)
    assert "'media/episode.mp3' differs in capitals from the file's name, content/media/Episode.mp3" in str(
        refused.value)
    assert refused.value.fix == "write 'Audio: media/Episode.mp3'"
    assert rules.audio_in_content("media/Episode.mp3", ctx).path.name == "Episode.mp3"
