"""File names no address can hold as they are ('Kind words #4.mp3'), plain-text summaries and
WebVTT text, through a real build: every address a page or the feed gives for the audio, the
artwork, the transcript and the chapters is percent-encoded and leads to the file (checked
against output/ and with podcastparser and feedparser), Chromium plays the episode, the feed's
description is the summary as typed, and the transcript on the page reads as it sounds. The
published copy's tags carry the same addresses, and with the audio on PODCAST_MEDIA_URL (an
S3-compatible bucket) every address there is encoded and answers too."""

from __future__ import annotations

import io
import json
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import feedparser
import lxml.html
import podcastparser
import pytest
from lxml import etree
from mutagen.id3 import ID3
from PIL import Image

from tests.conftest import CONTENT, BuildResult, run_build
from tests.podcast.encoders import lame, source_wav
from tests.podcast.s3server import S3, publish, s3  # noqa: F401 (the fixture)
from tests.podcast.test_player_browser import serve_ranges
from tests.podcast.test_podcast_pages import Tags

SITE = "https://stepwise.example"
AUDIO, ART, VTT = "Kind words #4.mp3", "Our art #1.jpg", "Kind words #4.vtt"
ENCODED = "Kind%20words%20%234.mp3"
LINK = "https://stepwise.example/worksheets/"  # a chapter's link: in the chapters JSON and the tags
SUMMARY = ("For parents of children aged <5 and teens >13: what helps. Also: how to write &amp; in "
           "HTML, and why a <3 matters.")
CUES = """WEBVTT

00:00:00.000 --> 00:00:04.000
<v Amara Okafor>Welcome back to Q&amp;A &lt;3 night.

00:00:04.000 --> 00:00:09.000
<v Amara Okafor>Is it <i>really</i> that simple?</v> <v Dana Reyes>Sometimes, yes &amp; no.
"""
EPISODE = f"""Title: Kind words
Date: 2026-11-20 09:00
Episode: 9
Season: 1
Audio: media/{AUDIO}
Guid: kind-words-guid-0001
Slug: kind-words
Transcript: transcripts/{VTT}
Chapters: 00:00 Welcome; 01:01.2 The last word <{LINK}>
Episode-Image: media/{ART}
Episode-Image-Alt: A hand-written note on a kitchen table
License: Stepwise listening licence 1 https://stepwise.example/licence/
Summary: {SUMMARY}

Notes of our own.
"""
PAGE = "episodes/kind-words/index.html"


def _content(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    source_wav(tmp, seconds=61.3)  # 61.3 s: a chapter at 1:01.2 is inside it
    shutil.copy(lame(tmp, "recording.mp3", "-b", "32"), content / "media" / AUDIO)
    Image.new("RGB", (1400, 1400), "seashell").save(content / "media" / ART, "JPEG")
    (content / "transcripts" / VTT).write_text(CUES, encoding="utf-8")
    (content / "episodes" / "009-kind-words.md").write_text(EPISODE, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    tmp = tmp_path_factory.mktemp("addresses")
    result = run_build(_content(tmp), tmp / "output")
    assert result.ok, result.stderr
    return result


def local_file(result: BuildResult, address: str) -> Path:
    """The file in output/ that an address (absolute, or root-relative) is served from."""
    parts = urlsplit(address)
    assert parts.scheme in ("", "https") and not parts.fragment and " " not in address, address
    assert parts.netloc in ("", "stepwise.example"), address
    path = result.output / unquote(parts.path).lstrip("/")
    assert path.is_file(), f"{address} leads to no file"
    return path


def item(result: BuildResult) -> etree._Element:
    root = etree.fromstring((result.output / "feeds" / "podcast.xml").read_bytes())
    [found] = [i for i in root.iter("item") if i.findtext("guid") == "kind-words-guid-0001"]
    return found


def test_every_address_in_the_feed_leads_to_its_file(site: BuildResult) -> None:
    data = (site.output / "feeds" / "podcast.xml").read_bytes()
    parsed = podcastparser.parse(f"{SITE}/feeds/podcast.xml", io.BytesIO(data))
    [episode] = [e for e in parsed["episodes"] if e["guid"] == "kind-words-guid-0001"]
    [enclosure] = episode["enclosures"]
    assert enclosure["url"] == f"{SITE}/media/{ENCODED}"
    assert local_file(site, enclosure["url"]).stat().st_size == enclosure["file_size"]
    addresses = [element.get(name) for element in item(site).iter() for name in ("url", "href")
                 if (element.get(name) or "").endswith((".mp3", ".jpg", ".vtt", ".json"))]
    assert len(addresses) >= 4, addresses  # enclosure, itunes:image, podcast:transcript, podcast:chapters
    for address in addresses:
        local_file(site, address)
    assert f"{SITE}/media/Our%20art%20%231.jpg" in addresses
    assert f"{SITE}/transcripts/Kind%20words%20%234.vtt" in addresses


def test_every_address_on_the_page_leads_to_its_file(site: BuildResult) -> None:
    html = site.page(PAGE)
    tags = Tags(html)
    [audio] = tags.find("audio")
    hrefs = [a["href"] for a in tags.find("a") if a.get("href") and "Kind%20words" in a["href"]]
    assert len(hrefs) >= 6, hrefs  # fallback link, download link, 2 chapters, 3 cues, transcript
    [og_audio] = tags.find("meta", property="og:audio")
    [og_image] = tags.find("meta", property="og:image")
    [img] = [img for img in tags.find("img") if "episode-art" in (img.get("class") or "")]
    art = [img["src"], *(part.split()[0] for part in (img.get("srcset") or "").split(","))]
    assert len(art) == 3, img  # a 1400 px picture shown at 120: 1x and 2x copies, as for any name
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    for address in [audio["src"], *hrefs, og_audio["content"], og_image["content"], *art,
                    ld["associatedMedia"]["contentUrl"], ld["image"]]:
        local_file(site, address.split("#t=")[0])
    assert audio["src"] == f"/media/{ENCODED}"
    assert ld["associatedMedia"]["contentUrl"] == f"{SITE}/media/{ENCODED}"


def test_the_feed_description_is_the_summary_exactly_as_typed(site: BuildResult) -> None:
    """Apps read <description> as HTML (Apple, feedparser) or as text when it has no tag
    (podcastparser): each must come back to the typed summary."""
    data = (site.output / "feeds" / "podcast.xml").read_bytes()
    parsed = podcastparser.parse(f"{SITE}/feeds/podcast.xml", io.BytesIO(data))
    [episode] = [e for e in parsed["episodes"] if e["guid"] == "kind-words-guid-0001"]
    assert episode["description"] == SUMMARY
    [entry] = [e for e in feedparser.parse(data).entries if e.id == "kind-words-guid-0001"]
    shown = (lxml.html.fromstring(entry.summary).text_content() if entry.summary_detail.type == "text/html"
             else entry.summary)  # what an app shows: HTML rendered, or text as it is
    assert shown == SUMMARY
    description = item(site).findtext("description")  # for apps that read only <description>
    assert lxml.html.fromstring(description).text_content() == SUMMARY


def test_the_transcript_on_the_page_reads_as_it_sounds(site: BuildResult) -> None:
    html = site.page(PAGE)
    cues = re.findall(r'<strong class="speaker">([^<]*)</strong>\s*<span class="cue-text">([^<]*)</span>'
                      r'|<span class="cue-text">([^<]*)</span>', html)
    shown = [(speaker, text or alone) for speaker, text, alone in cues]
    assert shown == [("Amara Okafor:", "Welcome back to Q&amp;A &lt;3 night."),
                     ("", "Is it really that simple?"),
                     ("Dana Reyes:", "Sometimes, yes &amp; no.")]  # escaped once, for HTML


def test_a_chapter_in_the_last_second_is_inside_the_audio(site: BuildResult) -> None:
    chapters = json.loads((site.output / "episodes" / "kind-words" / "chapters.json").read_text("utf-8"))
    assert [c["startTime"] for c in chapters["chapters"]] == [0, 61.2]
    assert [c.get("url") for c in chapters["chapters"]] == [None, LINK]


def assert_tags_match_the_episode(tags: ID3, site: str, chapters: dict[str, Any], art: bytes) -> None:
    """The published file's URL frames, artwork and chapters say what the feed and the
    chapters JSON say, every address usable as it is."""
    assert tags["WOAF"].url == f"{site}/episodes/kind-words/"
    assert tags["WFED"].url == f"{site}/feeds/podcast.xml"
    assert tags.getall("APIC")[0].data == art  # the episode's own artwork, 'Our art #1.jpg'
    marks = [tags[f"CHAP:{c}"] for c in tags.getall("CTOC")[0].child_element_ids]
    assert [(m.start_time / 1000, str(m.sub_frames["TIT2"])) for m in marks] == [
        (c["startTime"], c["title"]) for c in chapters["chapters"]]
    links = [next((w.url for w in m.sub_frames.getall("WXXX")), None) for m in marks]
    assert links == [c.get("url") for c in chapters["chapters"]]
    for url in (tags["WOAF"].url, tags["WFED"].url, *filter(None, links)):
        assert " " not in url and urlsplit(url).scheme in ("https", "http"), url


def test_the_published_file_carries_the_same_addresses_and_chapters(site: BuildResult) -> None:
    [enclosure] = item(site).iter("enclosure")
    copy = local_file(site, enclosure.get("url"))
    assert copy.stat().st_size == int(enclosure.get("length"))
    [image] = item(site).iter("{http://www.itunes.com/dtds/podcast-1.0.dtd}image")
    chapters = json.loads((site.output / "episodes" / "kind-words" / "chapters.json").read_text("utf-8"))
    assert_tags_match_the_episode(ID3(copy), SITE, chapters, local_file(site, image.get("href")).read_bytes())


@pytest.fixture
def ranged(site: BuildResult) -> Iterator[str]:
    with serve_ranges(site.output) as url:
        yield url


@pytest.mark.browser
def test_chromium_plays_the_episode_and_shows_its_artwork(ranged: str, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{ranged}/{PAGE}")
    page.evaluate("() => { const a = document.getElementById('episode-audio'); a.muted = true; a.play(); }")
    page.wait_for_function("() => document.getElementById('episode-audio').currentTime > 0.5")
    facts = page.evaluate("""() => { const a = document.getElementById('episode-audio');
        const art = document.querySelector('img.episode-art');
        return {error: a.error && a.error.code, duration: a.duration, art: art.naturalWidth}; }""")
    assert facts["error"] is None and abs(facts["duration"] - 61.3) < 0.5 and facts["art"] > 0, facts
    page.click("a[data-seek='61.2']")  # the last chapter, 0.1 s before the end
    page.wait_for_function("() => document.getElementById('episode-audio').currentTime >= 61.2")
    assert not page.console_errors and not page.foreign_requests


def test_a_licence_of_our_own_goes_out_with_the_address_of_its_text(site: BuildResult) -> None:
    [licence] = item(site).findall("{https://podcastindex.org/namespace/1.0}license")
    assert (licence.text, licence.get("url")) == ("Stepwise listening licence 1", "https://stepwise.example/licence/")


def test_on_the_media_host_every_address_is_encoded_and_answers(s3: S3, tmp_path: Path) -> None:  # noqa: F811
    """The same episode with its audio on PODCAST_MEDIA_URL, published to an S3-compatible
    bucket: the object keeps the file's name, every address for it is encoded once, and what
    a listener's app downloads is the tagged copy the feed announces."""
    content = _content(tmp_path)
    output = tmp_path / "output"
    done = publish(content, output, s3)
    assert done.returncode == 0, done.stderr
    assert AUDIO in s3.objects() and not list(output.rglob("*.mp3"))
    url = f"{s3.media_url}/{ENCODED}"
    [enclosure] = item(BuildResult(0, "", "", output)).iter("enclosure")
    assert enclosure.get("url") == url
    downloaded = tmp_path / "downloaded.mp3"
    with urllib.request.urlopen(url, timeout=30) as answer, downloaded.open("wb") as out:
        shutil.copyfileobj(answer, out)
    assert downloaded.stat().st_size == int(enclosure.get("length"))
    page = (output / PAGE).read_text(encoding="utf-8")
    tags = Tags(page)
    [audio] = tags.find("audio")
    assert audio["src"] == url
    seeks = [a["href"] for a in tags.find("a") if a.get("data-seek")]
    assert seeks and all(href.startswith(f"{url}#t=") for href in seeks), seeks
    assert f'href="{SITE}/transcripts/{quote(VTT)}"' in page  # transcripts stay on the site, encoded
    assert (output / "transcripts" / VTT).is_file()
    chapters = json.loads((output / "episodes" / "kind-words" / "chapters.json").read_text("utf-8"))
    art = (content / "media" / ART).read_bytes()
    assert_tags_match_the_episode(ID3(downloaded), SITE, chapters, art)
