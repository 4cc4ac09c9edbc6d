"""Sites built once for the podcast tests.

* `built_site` (tests/conftest.py): the real content.
* `variant_site`: the real content with one episode renamed (file, title, slug),
  one draft, one scheduled for 2099, and one made by `new-episode`.
* `broken_site`: the real content plus one bad episode per failure case; every
  problem is reported in one build, so one build serves every bad-case test.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PIL import Image

from podcast import scaffold
from tests.conftest import CONTENT, BuildResult, run_build

EPISODES = CONTENT / "episodes"
EVIL_TITLE = 'Tricky "quotes" & <b>tags</b> ]]>'
EVIL_CHAPTER = "</script><script>alert(1)</script>"
EVIL_ALT = 'Two chairs "by" a window & <img src=x onerror=alert(1)>'
APPLE_ID = "1234567890"
SPOTIFY = "https://open.spotify.com/show/4rOoJ6Egrf8K2IrywzwOMk"
VARIANT_SETTINGS = (
    'PODCAST_FUNDING={"url": "https://stepwise.example/support/", "text": "Support the show"}',
    'PODCAST_LICENSE="CC-BY-NC-ND-4.0"',
    'PODCAST_NEW_FEED_URL="https://stepwise.example/feeds/podcast.xml"',
    f'PODCAST_APPLE_ID="{APPLE_ID}"',
    f'PODCAST_DIRECTORIES=[{{"name": "Spotify", "url": "{SPOTIFY}"}}]',
)
RENAMED_FROM = "001-noticing-what-has-moved.md"


def header(path: Path) -> dict[str, str]:
    """An episode file's metadata lines, as the author wrote them."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def episode_text(slug: str, guid: str | None, *, number: int, **overrides: str | None) -> str:
    """A small valid episode; keyword arguments replace or add header lines (None drops one)."""
    fields: dict[str, str | None] = {
        "Title": f"Test episode {slug}", "Date": "2026-09-01 09:00", "Episode": str(number),
        "Season": "7", "Audio": "media/001-noticing-what-has-moved.mp3", "Guid": guid, "Slug": slug,
        "Summary": "A test episode.",
    }
    fields.update({key.replace("_", "-"): value for key, value in overrides.items()})
    head = "".join(f"{key}: {value}\n" for key, value in fields.items() if value is not None)
    return f"{head}\nShow notes for {slug}.\n"


def _copy(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    return content


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    tmp = tmp_path_factory.mktemp("variant")
    content = _copy(tmp)
    old = content / "episodes" / RENAMED_FROM
    text = old.read_text(encoding="utf-8")
    text = text.replace("Title: Noticing what has moved", "Title: What moved this week")
    text = text.replace("Slug: noticing-what-has-moved", "Slug: what-moved-this-week")
    old.unlink()
    (content / "episodes" / "901-what-moved-this-week.md").write_text(text, encoding="utf-8")
    (content / "episodes" / "902-draft.md").write_text(episode_text(
        "a-draft", "draft-guid-0001", number=1, Status="draft"), encoding="utf-8")
    (content / "episodes" / "903-later.md").write_text(episode_text(
        "later", "scheduled-guid-0001", number=2, Date="2099-01-01 09:00"), encoding="utf-8")
    media = content / "media"
    shutil.copy(media / "003-when-a-week-feels-like-a-step-back.mp3", media / "evil.mp3")
    (content / "episodes" / "904-evil.md").write_text(episode_text(
        "evil", "evil-guid-0001", number=3, Title=EVIL_TITLE, Audio="media/evil.mp3",
        Chapters=f"00:00 {EVIL_CHAPTER}; 00:05 Fine",
        Episode_Image=_image(media / "evil-art.jpg", (1400, 1400)), Episode_Image_Alt=EVIL_ALT),
        encoding="utf-8")
    outside = tmp / "made-elsewhere.mp3"  # the scaffold copies it into content/media/
    shutil.copy(CONTENT / "media" / "002-small-wins-count.mp3", outside)
    made = scaffold.new_episode(content, "Made by the scaffold", outside,  # season 7's next: 4
                                when=dt.datetime(2026, 11, 20, 9, 0), tell=lambda _message: None)
    made.write_text(made.read_text(encoding="utf-8").replace("Status: draft", "Status: published"),
                    encoding="utf-8")
    result = run_build(content, tmp / "output", extra=VARIANT_SETTINGS)
    assert result.ok, result.stderr
    return result


def _image(path: Path, size: tuple[int, int], mode: str = "RGB", fmt: str = "JPEG") -> str:
    Image.new(mode, size, "white" if mode != "CMYK" else (0, 0, 0, 0)).save(path, fmt)
    return f"media/{path.name}"


def _bad_files(content: Path) -> dict[str, str]:
    """One bad episode per failure case; returns case -> the path the error must name."""
    media = content / "media"
    guid_in_use = header(EPISODES / "002-small-wins-count.md")["guid"]
    cases: dict[str, dict[str, str | None]] = {
        "bad-missing-guid": {"Guid": None},
        "bad-duplicate-guid": {"Guid": guid_in_use},
        "bad-duplicate-number": {"Season": "1", "Episode": "2"},
        "bad-missing-audio": {"Audio": "media/not-there.mp3"},
        "bad-remote-audio": {"Audio": "https://cdn.example.org/ep.mp3"},
        "bad-duration": {"Duration": "ten minutes"},
        "bad-outside": {"Audio": "../../etc/passwd"},
        "bad-art-wide": {"Episode-Image": _image(media / "wide.jpg", (1600, 1400))},
        "bad-art-small": {"Episode-Image": _image(media / "small.jpg", (1000, 1000))},
        "bad-art-gif": {"Episode-Image": _image(media / "art.gif", (1400, 1400), "P", "GIF")},
        "bad-art-cmyk": {"Episode-Image": _image(media / "cmyk.jpg", (1400, 1400), "CMYK")},
        "bad-serial-unnumbered": {"Episode": None},
    }
    written = {}
    for number, (stem, changes) in enumerate(sorted(cases.items()), start=50):
        fields = {"Guid": f"{stem}-guid", **changes}
        text = episode_text(stem, fields.pop("Guid"), number=number, **fields)  # type: ignore[arg-type]
        (content / "episodes" / f"{stem}.md").write_text(text, encoding="utf-8")
        written[stem] = f"content/episodes/{stem}.md"
    return written


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("broken")
    content = _copy(tmp)
    files = _bad_files(content)
    _image(content / "media" / "channel-wide.png", (1500, 1400), fmt="PNG")
    result = run_build(content, tmp / "output",
                       extra=('PODCAST_IMAGE="media/channel-wide.png"', 'PODCAST_TYPE="serial"'))
    return result, files


MEDIA_URL = "https://media.stepwise.example/podcast"


def external_media(tmp: Path) -> tuple[Path, Path]:
    """A copy of content/ whose audio lives in a media folder outside it: (content, media folder)."""
    content = _copy(tmp)
    media = tmp / "media-dir"
    media.mkdir()
    for audio in sorted((content / "media").glob("*.mp3")):
        shutil.move(audio, media / audio.name)
    return content, media


@pytest.fixture(scope="session")
def external_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real content with its audio in PODCAST_MEDIA_DIR, served from PODCAST_MEDIA_URL."""
    tmp = tmp_path_factory.mktemp("external")
    content, media = external_media(tmp)
    result = run_build(content, tmp / "output", strict=True, extra=(
        f'PODCAST_MEDIA_DIR="{media}"', f'PODCAST_MEDIA_URL="{MEDIA_URL}"'))
    assert result.ok, result.stderr
    return result
