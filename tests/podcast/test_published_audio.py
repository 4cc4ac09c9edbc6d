"""The audio a listener downloads carries its episode: ID3v2.4 tags and chapters in each
published MP3 (iTunes atoms in an M4A), read back with mutagen and ffprobe; the author's
file is never changed; two builds give the same bytes; the feed announces the copy's size."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from podcast.tags import CHAPTER_TITLE_BYTES, chapter_tag_title
from tests.conftest import CONTENT, ROOT, BuildResult, run_build
from tests.podcast import encoders
from tests.podcast.conftest import EVIL_TITLE, _image, episode_text

LINK = "https://stepwise.example/worksheets/noticing-progress/"
LONG_CHAPTER = ("Why the smallest change you noticed this week deserves a moment of your attention, "
                "and how to write it down before it fades – élan")  # 133 bytes: ffmpeg would drop it
LONG_LINK = LINK + "?from=the-chapter-about-noticing-the-smallest-change-of-the-week-and-writing-it-down"
WINS = "media/002-small-wins-count.mp3"
SHOW_ART = CONTENT / "media" / "stepwise-podcast-1400.jpg"
# What an export left in the M4A (ffmpeg -map_chapters; 'Main' runs past the 9 s end), and what
# the episode says.
STALE_CHAPTERS = (("Intro", 0, 5), ("Main", 5, 50))
M4A_CHAPTERS = "00:00 Hello; 00:04 Middle part; 00:07 Goodbye"


def _content(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    wins = content / "episodes" / "002-small-wins-count.md"
    wins.write_text(wins.read_text(encoding="utf-8").replace(
        "00:12 A scaling question", f"00:12 A scaling question <{LINK}>; 00:16 {LONG_CHAPTER} <{LONG_LINK}>"),
        encoding="utf-8")
    media = content / "media"
    shutil.copy(encoders.with_chapters(tmp, "aac.m4a", STALE_CHAPTERS, "-c:a", "aac", "-b:a", "64k"),
                media / "m4a-episode.m4a")
    art = _image(media / "m4a-art.jpg", (1400, 1400))
    (content / "episodes" / "905-m4a.md").write_text(episode_text(
        "in-m4a", "m4a-guid-0001", number=5, Title=EVIL_TITLE, Audio="media/m4a-episode.m4a",
        Episode_Image=art, Episode_Image_Alt="A white square", Chapters=M4A_CHAPTERS), encoding="utf-8")
    shutil.copy(media / "000-welcome-to-stepwise.mp3", media / "draft-only.mp3")
    (content / "episodes" / "906-draft.md").write_text(episode_text(
        "draft-only", "draft-only-guid", number=6, Audio="media/draft-only.mp3", Status="draft"),
        encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult, Path]:
    """The site with chapter links, an M4A episode with its own artwork and a draft, built twice
    from scratch (each build with its own cache)."""
    tmp = tmp_path_factory.mktemp("tagged")
    content = _content(tmp)
    first, second = run_build(content, tmp / "one" / "output"), run_build(content, tmp / "two" / "output")
    assert first.ok, first.stderr
    assert second.ok, second.stderr
    return first, second, content


def feed(result: BuildResult) -> str:
    return result.page("feeds/podcast.xml")


def test_an_mp3_carries_its_episode_in_id3v24(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    result = tagged[0]
    tags = ID3(result.output / WINS)
    assert tags.version == (2, 4, 0)
    text = {key: str(tags[key]) for key in ("TIT2", "TALB", "TPE1", "TRCK", "TPOS", "TCON", "TGID")}
    assert text == {"TIT2": "Small wins count", "TALB": "Stepwise", "TPE1": "Stepwise Practice",
                    "TRCK": "2", "TPOS": "1", "TCON": "Podcast",
                    "TGID": "a15ceb8f-1197-43dd-8c69-d8e8b8409985"}
    assert str(tags["TDRC"]).replace(" ", "T") == "2026-10-22T08:00:00"  # 09:00 in London, in UTC
    assert tags["WOAF"].url == "https://stepwise.example/episodes/small-wins-count/"
    assert tags["WFED"].url == "https://stepwise.example/feeds/podcast.xml"
    assert str(tags["TDES"]).startswith("Family therapist Dana Reyes on small wins")
    [art] = tags.getall("APIC")
    assert art.data == SHOW_ART.read_bytes() and art.mime == "image/jpeg" and art.type == 3


def test_chapters_in_the_file_match_the_chapters_json(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    result = tagged[0]
    document = json.loads(result.page("episodes/small-wins-count/chapters.json"))
    want = [(c["startTime"], c["title"], c.get("url", "")) for c in document["chapters"]]
    assert (12, "A scaling question", LINK) in want and (16, LONG_CHAPTER, LONG_LINK) in want
    want = [(start, chapter_tag_title(title), url if len(url) <= CHAPTER_TITLE_BYTES else "")
            for start, title, url in want]  # the file's copy: ffmpeg would drop the chapter
    tags = ID3(result.output / WINS)
    [toc] = tags.getall("CTOC")
    chapters = [tags[f"CHAP:{child}"] for child in toc.child_element_ids]
    found = [(c.start_time / 1000, str(c.sub_frames["TIT2"]),
              c.sub_frames.getall("WXXX")[0].url if c.sub_frames.getall("WXXX") else "") for c in chapters]
    assert found == want
    ends = [c.end_time for c in chapters]
    assert ends[:-1] == [c.start_time for c in chapters[1:]]
    probed = _ffprobe_chapters(result.output / WINS)
    assert [(round(float(c["start_time"])), c["tags"]["title"]) for c in probed] == [w[:2] for w in want]
    assert abs(float(probed[-1]["end_time"]) - encoders.decoded_seconds(result.output / WINS)) < 0.05


def test_a_long_chapter_title_is_shortened_in_the_file_alone(
        tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    """ffmpeg drops a chapter whose title takes 126 bytes or more: the file carries a shortened
    copy, which every player shows; the page and chapters JSON keep the whole title."""
    result = tagged[0]
    assert len(LONG_CHAPTER.encode()) > CHAPTER_TITLE_BYTES
    titles = [c["tags"]["title"] for c in _ffprobe_chapters(result.output / WINS)]
    assert len(titles) == len(json.loads(result.page("episodes/small-wins-count/chapters.json"))["chapters"])
    [short] = [t for t in titles if t.startswith("Why the smallest change")]
    assert short.endswith("\u2026") and len(short.encode()) <= CHAPTER_TITLE_BYTES
    assert LONG_CHAPTER.startswith(short.removesuffix("\u2026"))
    assert LONG_CHAPTER in result.page("episodes/small-wins-count/index.html")


def _ffprobe_chapters(path: Path) -> list[dict]:
    done = subprocess.run([encoders.tool("ffprobe"), "-v", "error", "-show_chapters", "-of", "json",
                           str(path)], capture_output=True, encoding="utf-8", check=True, timeout=60)
    return json.loads(done.stdout)["chapters"]  # as ffmpeg lists them: in the file's order


def test_the_authors_file_is_untouched_and_the_audio_is_the_same(
        tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    result, _, content = tagged
    source = content / WINS
    assert hashlib.sha256(source.read_bytes()).digest() == hashlib.sha256(
        (CONTENT / WINS).read_bytes()).digest()
    published = result.output / WINS
    assert published.read_bytes() != source.read_bytes()
    assert abs(encoders.decoded_seconds(published) - encoders.decoded_seconds(source)) < 0.001
    assert "<itunes:duration>26</itunes:duration>" in feed(result)


def test_the_feed_announces_the_published_size(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    result = tagged[0]
    for path in sorted((result.output / "media").glob("*.m*")):
        url = f"https://stepwise.example/media/{path.name}"
        assert f'url="{url}" length="{path.stat().st_size}"' in feed(result), path.name


def test_two_builds_give_the_same_bytes(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    first, second, _ = tagged
    names = sorted(p.name for p in (first.output / "media").glob("*.m*"))
    assert names == sorted(p.name for p in (second.output / "media").glob("*.m*"))
    assert "m4a-episode.m4a" in names
    for name in names:
        assert (first.output / "media" / name).read_bytes() == (second.output / "media" / name).read_bytes()
    assert feed(first) == feed(second)


def test_an_m4a_carries_the_atoms_mutagen_writes(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    result, _, content = tagged
    tags = MP4(result.output / "media" / "m4a-episode.m4a").tags
    assert tags is not None
    assert tags["\xa9nam"] == [EVIL_TITLE]  # plain text, exactly as written: no markup, no escaping
    assert tags["\xa9alb"] == ["Stepwise"] and tags["trkn"] == [(5, 0)] and tags["disk"] == [(7, 0)]
    assert tags["purl"] == ["https://stepwise.example/episodes/in-m4a/"] and tags["egid"] == ["m4a-guid-0001"]
    assert bytes(tags["covr"][0]) == (content / "media" / "m4a-art.jpg").read_bytes()
    assert MP4(content / "media" / "m4a-episode.m4a").tags is None or "\xa9nam" not in MP4(
        content / "media" / "m4a-episode.m4a").tags  # the source keeps what it had
    assert abs(MP4(result.output / "media" / "m4a-episode.m4a").info.length - encoders.SECONDS) < 0.1


def test_an_m4a_loses_its_own_stale_chapters(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    """mutagen cannot write M4A chapters, so the copy carries none rather than the export's
    own (Intro, Main past the end), which ffmpeg-based players and Apple's would show."""
    result, _, content = tagged
    assert [c["tags"]["title"] for c in _ffprobe_chapters(content / "media" / "m4a-episode.m4a")] == [
        "Intro", "Main"]  # the source keeps them: the fixture is what the red team made
    published = result.output / "media" / "m4a-episode.m4a"
    assert _ffprobe_chapters(published) == []
    assert not MP4(published).chapters
    document = json.loads(result.page("episodes/in-m4a/chapters.json"))
    assert [c["title"] for c in document["chapters"]] == ["Hello", "Middle part", "Goodbye"]
    assert abs(encoders.decoded_seconds(published) - encoders.decoded_seconds(
        content / "media" / "m4a-episode.m4a")) < 0.001  # every audio frame still plays


def test_a_drafts_audio_is_not_published(tagged: tuple[BuildResult, BuildResult, Path]) -> None:
    result = tagged[0]
    assert not (result.output / "media" / "draft-only.mp3").exists()
    assert "draft-only" not in feed(result)


def test_a_rebuild_tags_nothing_again(tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert run_build(CONTENT, output).ok
    [work] = tmp_path.glob(".stepwise-cache-*/podcast-audio/work.json")
    assert len(json.loads(work.read_text(encoding="utf-8"))["tagged"]) == 4
    again = run_build(CONTENT, output)
    assert again.ok, again.stderr
    assert json.loads(work.read_text(encoding="utf-8")) == {}  # nothing hashed, probed, tagged or measured
    assert (output / WINS).stat().st_nlink == 2  # a link to the copy made by the first build, not a new copy
    published = run_build(CONTENT, output, settings=ROOT / "publishconf.py")  # what `invoke publish` builds
    assert published.ok, published.stderr
    assert json.loads(work.read_text(encoding="utf-8")) == {}  # other settings, the same audio work kept
