"""Audio off the repository: read from PODCAST_MEDIA_DIR, served from PODCAST_MEDIA_URL, and
published to an S3-compatible bucket (moto's server, started by the test) by checksum."""

from __future__ import annotations

import io
import json
import re
import shutil
import urllib.request
from pathlib import Path

import feedparser
import podcastparser
from lxml import etree

from tests.conftest import BuildResult
from tests.podcast.conftest import MEDIA_URL, episode_text, external_media
from tests.podcast.s3server import BUCKET, S3, publish, s3  # noqa: F401 (the fixture)

FEED = "feeds/podcast.xml"
AUDIO = ("000-welcome-to-stepwise.mp3", "001-noticing-what-has-moved.mp3", "002-small-wins-count.mp3",
         "003-when-a-week-feels-like-a-step-back.mp3")


def enclosures(output: Path) -> dict[str, int]:
    root = etree.parse(str(output / FEED)).getroot()
    return {e.get("url"): int(e.get("length")) for e in root.iter("enclosure")}


def test_the_site_carries_no_audio_and_points_at_the_media_host(external_site: BuildResult) -> None:
    output = external_site.output
    assert not list(output.rglob("*.mp3")) and not list(output.rglob("*.m4a"))
    assert set(enclosures(output)) == {f"{MEDIA_URL}/{name}" for name in AUDIO}
    page = external_site.page("episodes/small-wins-count/index.html")
    assert f'controls preload="none" src="{MEDIA_URL}/002-small-wins-count.mp3"' in page  # the player
    assert f'href="{MEDIA_URL}/002-small-wins-count.mp3#t=12.0"' in page  # a chapter link
    assert 'href="/transcripts/002-small-wins-count.vtt"' in page  # transcripts stay on the site
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    [media_src] = [d.strip() for d in policy.split(";") if d.strip().startswith("media-src")]
    assert media_src == "media-src https://media.stepwise.example"


def test_the_feed_with_external_media_reads_in_both_parsers(external_site: BuildResult) -> None:
    data = (external_site.output / FEED).read_bytes()
    parsed = podcastparser.parse("https://stepwise.example/feeds/podcast.xml", io.BytesIO(data))
    found = {e["enclosures"][0]["url"]: e["enclosures"][0]["file_size"] for e in parsed["episodes"]}
    assert found == enclosures(external_site.output)
    fp = feedparser.parse(data)
    assert fp.bozo == 0 and {e.enclosures[0].href for e in fp.entries} == set(found)


def _site(tmp: Path) -> tuple[Path, Path]:
    content, media = external_media(tmp)
    shutil.copy(media / AUDIO[0], media / "draft.mp3")
    (content / "episodes" / "906-draft.md").write_text(episode_text(
        "not-yet", "not-yet-guid", number=9, Audio="media/draft.mp3", Status="draft",
        Transcript="transcripts/000-welcome-to-stepwise.vtt"), encoding="utf-8")
    return content, media


def _summary(stdout: str) -> str:
    [line] = [line for line in stdout.splitlines() if line.startswith("Audio: ")]
    return line


def test_publish_uploads_changes_only_and_every_enclosure_answers(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    first = publish(content, output, s3, media_dir=media)
    assert first.returncode == 0, first.stderr
    assert _summary(first.stdout) == "Audio: 4 uploaded, 0 unchanged, 0 removed (drafts or scheduled)"
    objects = s3.objects()
    assert sorted(objects) == sorted(AUDIO)  # the draft's audio is not in the bucket
    for head in objects.values():
        assert head["ContentType"] == "audio/mpeg" and head["CacheControl"] == "public, max-age=31536000"
    for url, length in enclosures(output).items():  # what a podcast app gets, without credentials
        assert url.startswith(s3.media_url)
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as answer:
            assert answer.status == 200 and int(answer.headers["Content-Length"]) == length, url
    stamps = {key: head["LastModified"] for key, head in objects.items()}

    again = publish(content, output, s3, media_dir=media)
    assert again.returncode == 0, again.stderr
    assert _summary(again.stdout) == "Audio: 0 uploaded, 4 unchanged, 0 removed (drafts or scheduled)"
    assert {key: head["LastModified"] for key, head in s3.objects().items()} == stamps
    [work] = tmp_path.glob(".stepwise-cache-*/podcast-audio/work.json")
    assert json.loads(work.read_text(encoding="utf-8")) == {}  # nothing hashed, probed, tagged, measured

    episode = content / "episodes" / "002-small-wins-count.md"
    episode.write_text(episode.read_text(encoding="utf-8").replace(
        "Title: Small wins count", "Title: Small wins still count"), encoding="utf-8")
    retitled = publish(content, output, s3, media_dir=media)
    assert retitled.returncode == 0, retitled.stderr
    assert _summary(retitled.stdout) == "Audio: 1 uploaded, 3 unchanged, 0 removed (drafts or scheduled)"
    assert "Uploading 002-small-wins-count.mp3" in retitled.stdout
    [store] = tmp_path.glob(".stepwise-cache-*/podcast-audio")
    assert len(list(store.glob("*.mp3"))) == 4  # the copy with the old title is gone


def test_publish_refuses_while_an_enclosure_is_missing(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    assert publish(content, output, s3, media_dir=media).returncode == 0
    s3.client().delete_object(Bucket=BUCKET, Key=AUDIO[2])
    refused = publish(content, output, s3, media_dir=media, upload=False)
    assert refused.returncode != 0
    assert "The site would be published now." not in refused.stdout
    assert (f"content/episodes/002-small-wins-count.md: its audio {AUDIO[2]} is not in the bucket {BUCKET}"
            in refused.stderr)
    assert "invoke publish --media" in refused.stderr
    mended = publish(content, output, s3, media_dir=media)
    assert mended.returncode == 0 and _summary(mended.stdout).startswith("Audio: 1 uploaded, 3 unchanged")


def test_publish_refuses_an_older_copy_of_the_same_size(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    """A title changed by one letter keeps the tagged copy's size: without --media the bucket
    still holds the old tags, which apps would show, so the site does not go out."""
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    assert publish(content, output, s3, media_dir=media).returncode == 0
    before = s3.objects()[AUDIO[2]]["ContentLength"]
    episode = content / "episodes" / "002-small-wins-count.md"
    episode.write_text(episode.read_text(encoding="utf-8").replace(
        "Title: Small wins count", "Title: Small wins Count"), encoding="utf-8")
    refused = publish(content, output, s3, media_dir=media, upload=False)
    assert _announced(output, AUDIO[2]) == before  # the premise: the new copy has the old one's size
    assert refused.returncode != 0
    assert (f"content/episodes/002-small-wins-count.md: its audio {AUDIO[2]} in the bucket {BUCKET} is an "
            "older copy" in refused.stderr), refused.stderr
    mended = publish(content, output, s3, media_dir=media)
    assert mended.returncode == 0 and _summary(mended.stdout).startswith("Audio: 1 uploaded, 3 unchanged")


def _announced(output: Path, name: str) -> int:
    [length] = [length for url, length in enclosures(output).items() if url.endswith(f"/{name}")]
    return length


def test_a_taken_back_episode_leaves_the_bucket(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    assert publish(content, output, s3, media_dir=media).returncode == 0
    episode = content / "episodes" / "003-when-a-week-feels-like-a-step-back.md"
    episode.write_text(episode.read_text(encoding="utf-8").replace("Date: 2026-11-05", "Date: 2099-11-05"),
                       encoding="utf-8")  # scheduled again, for later
    later = publish(content, output, s3, media_dir=media)
    assert later.returncode == 0, later.stderr
    assert AUDIO[3] not in s3.objects()
    assert _summary(later.stdout).endswith("1 removed (drafts or scheduled)")


def test_a_prefix_without_its_slash_is_a_folder_and_every_enclosure_answers(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    """STEPWISE_S3_PREFIX=podcast (no '/') with PODCAST_MEDIA_URL at the bucket's podcast/ folder:
    the audio goes into that folder, where the feed's addresses point."""
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    done = publish(content, output, s3, media_dir=media, env={"STEPWISE_S3_PREFIX": "podcast"},
                   media_url=f"{s3.media_url}/podcast")
    assert done.returncode == 0, done.stderr
    assert sorted(s3.objects()) == sorted(f"podcast/{name}" for name in AUDIO)
    for url, length in enclosures(output).items():
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as answer:
            assert answer.status == 200 and int(answer.headers["Content-Length"]) == length, url


def test_publish_refuses_when_the_prefix_and_the_media_address_disagree(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    """No prefix, but PODCAST_MEDIA_URL names a podcast/ folder: the files land at the bucket's
    top, every enclosure would 404, and the site must not go out."""
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    refused = publish(content, output, s3, media_dir=media, media_url=f"{s3.media_url}/podcast")
    assert refused.returncode != 0
    assert "The site would be published now." not in refused.stdout
    assert (f"content/episodes/002-small-wins-count.md: its enclosure {s3.media_url}/podcast/{AUDIO[2]} "
            "answers 404" in refused.stderr), refused.stderr
    assert "STEPWISE_S3_PREFIX (now 'none') must name the same folder" in refused.stderr


def test_publish_refuses_an_enclosure_the_bucket_does_not_serve(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    """The bucket holds the file under the key the feed names, but the address does not answer
    (here: a private object): an app would get no audio, so the site does not go out."""
    content, media = _site(tmp_path)
    output = tmp_path / "output"
    refused = publish(content, output, s3, media_dir=media, env={"STEPWISE_S3_ACL": ""})
    assert refused.returncode != 0
    assert "The site would be published now." not in refused.stdout
    assert f"its enclosure {s3.media_url}/{AUDIO[2]} answers 403" in refused.stderr, refused.stderr


def test_an_endpoint_without_its_scheme_is_named_with_the_fix(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    content, media = _site(tmp_path)
    bare = s3.endpoint.removeprefix("http://")
    refused = publish(content, tmp_path / "output", s3, media_dir=media, env={"STEPWISE_S3_ENDPOINT": bare})
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr, refused.stderr
    assert f"STEPWISE_S3_ENDPOINT is '{bare}'" in refused.stderr
    assert f"STEPWISE_S3_ENDPOINT=https://{bare}" in refused.stderr
