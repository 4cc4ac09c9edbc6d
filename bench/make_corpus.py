"""Generate a deterministic benchmark corpus that is valid content for THIS site.

The same arguments give byte-identical files, so two machines (or two rounds)
time the same work. The corpus starts from the project's own non-article
content (people.yaml, pages, worksheets, media, images), so every `Author:`,
`Guests:` and `Worksheet:` it writes names something that exists, then adds:

- posts with headings, lists, block quotes, emphasis, external and intrasite
  links, and images (small PNGs generated here);
- episodes with show notes, a timestamped list, chapters, a WebVTT transcript,
  guests, a persisted Guid (UUIDv5 of the episode number, never of a title) and
  its own short silent MP3 file, generated here (about 15 kB each).

Usage: python bench/make_corpus.py --size M --out bench/work/M/content
"""

from __future__ import annotations

import argparse
import random
import shutil
import struct
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"S": (100, 50), "M": (1_000, 500), "L": (3_000, 1_000)}
GUID_NAMESPACE = uuid.UUID("6d1f4c2e-8a55-4f0b-9a3e-5b1c0de5e7a1")  # bench episodes only
AUDIO_SECONDS = 12  # the shortest episode; chapters and transcript cues fit in it
IMAGES = 12

WORDS = [
    "small", "step", "notice", "change", "week", "feeling", "morning", "walk", "friend",
    "habit", "worry", "sleep", "kind", "honest", "question", "answer", "session", "therapist",
    "listen", "quiet", "breath", "body", "moment", "pattern", "plan", "rest", "progress",
    "setback", "evening", "letter", "list", "reason", "gentle", "steady", "work", "family",
    "story", "choice", "value", "hope", "courage", "patience", "routine", "trust", "doubt",
    "evidence", "belief", "strength", "hobby", "thanks", "garden", "kitchen", "bus", "window",
    "notebook", "calendar", "minute", "hour", "season", "river", "coast", "path",
]
VERBS = [
    "notice", "try", "write", "name", "return", "keep", "share", "ask", "rest", "plan", "carry",
    "wait", "count", "open",
]
PUNCTUATED = ["don't", "it's", "I'm", "you're", "can't", '"enough"', "-- often --", "the '90s"]
TOPICS = [
    "anxiety", "low-mood", "sleep", "grief", "relationships", "work", "parenting", "self-care",
    "progress", "milestones", "gratitude", "strengths", "hobbies", "cbt", "beliefs", "evidence",
    "solution-focused", "scaling", "worry", "routine", "exercise", "loneliness", "family",
    "couples", "boundaries", "change", "habits", "journaling", "mindfulness", "breathing",
    "panic", "stress", "burnout", "confidence", "shame", "anger", "loss", "transitions",
    "students", "carers", "men", "women", "young-people", "older-adults", "neurodiversity",
    "trauma", "safety", "hope", "values", "compassion", "therapy", "first-session",
    "waiting-lists", "peer-support", "medication", "body", "food", "rest", "seasons",
    "winter", "holidays", "money", "moving", "identity", "friendship",
]
CATEGORIES = ["Guest posts", "Practice notes", "Tools", "Stories", "Research in plain words",
              "Questions we get", "Families", "Work and rest"]
EXTERNAL = ["https://www.nhs.uk/mental-health/", "https://www.mind.org.uk/",
            "https://www.samaritans.org/", "https://www.bacp.co.uk/"]


@dataclass(frozen=True)
class Site:
    """The names the generated files may refer to."""

    authors: list[str]
    guests: list[str]
    worksheets: list[str]


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words[rng.randrange(len(words))] = rng.choice(VERBS)
    if rng.random() < 0.3:  # real prose has apostrophes, quotes and dashes (smarty's work)
        words[rng.randrange(len(words))] = rng.choice(PUNCTUATED)
    if rng.random() < 0.25:
        i = rng.randrange(len(words))
        words[i] = rng.choice([f"*{words[i]}*", f"**{words[i]}**"])
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))).capitalize()


def post_body(rng: random.Random, index: int, slugs: list[str]) -> str:
    parts = [paragraph(rng, 5)]
    for section in range(rng.randint(5, 8)):
        parts.append(f"## {title(rng)}")
        parts.append(paragraph(rng, rng.randint(4, 7)))
        if section % 2 == 0:
            parts.append("\n".join(f"- {sentence(rng, 4, 9)}" for _ in range(rng.randint(3, 5))))
        else:
            parts.append("\n".join(f"{n}. {sentence(rng, 4, 9)}" for n in range(1, rng.randint(3, 5))))
        parts.append(f"### {title(rng)}")
        parts.append(paragraph(rng, rng.randint(3, 6)))
        if rng.random() < 0.4:
            parts.append("> " + sentence(rng))
    link = f"[{rng.choice(VERBS)} more]({rng.choice(EXTERNAL)})"
    parts.append(f"{paragraph(rng, 3)} See {link} for help near you.")
    if index > 0:
        earlier = slugs[rng.randrange(index)]
        parts.append(f"An earlier post, [{earlier.replace('-', ' ')}]({{filename}}/posts/{earlier}.md), "
                     f"{sentence(rng).lower()}")
    for _ in range(rng.randint(1, 3)):
        image = rng.randrange(IMAGES)
        parts.append(f"![A calm picture, number {image}]({{static}}/images/bench-{image:02d}.png)")
        parts.append(paragraph(rng, 3))
    return "\n\n".join(parts) + "\n"


def write_posts(out: Path, count: int, site: Site, rng: random.Random) -> list[str]:
    slugs = [f"bench-post-{i:04d}" for i in range(count)]
    folder = out / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    for i, slug in enumerate(slugs):
        tags = ", ".join(sorted(set(rng.sample(TOPICS, rng.randint(1, 4)))))
        header = [
            f"Title: {title(rng)} ({i})",
            f"Date: {2016 + i * 9 // max(count, 1)}-{1 + i % 12:02d}-{1 + i % 28:02d} "
            f"{8 + i % 10:02d}:{i % 60:02d}",
            f"Author: {site.authors[i % len(site.authors)]}",
            f"Category: {CATEGORIES[i % len(CATEGORIES)]}",
            f"Tags: {tags}",
            f"Slug: {slug}",
            f"Summary: {sentence(rng, 10, 20)}",
        ]
        if site.worksheets and i % 3:
            header.append(f"Worksheet: {site.worksheets[i % len(site.worksheets)]}")
        text = "\n".join(header) + "\n\n" + post_body(rng, i, slugs)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return slugs


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def transcript(rng: random.Random, cues: int) -> str:
    lines = ["WEBVTT", ""]
    for n in range(cues):
        start, end = n, n + 1
        lines += [f"{clock(start)}.000 --> {clock(end)}.000", sentence(rng, 6, 12), ""]
    return "\n".join(lines)


def write_episodes(out: Path, count: int, site: Site, rng: random.Random, posts: list[str]) -> None:
    folder, scripts = out / "episodes", out / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    scripts.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        number = i + 1
        slug = f"bench-episode-{number:04d}"
        chapters = "; ".join(f"{clock(s)[3:]} {title(rng)}" for s in (0, 3, 6, 9))
        guests = ", ".join(sorted(set(rng.sample(site.guests, min(len(site.guests), rng.randint(1, 2))))))
        # Each episode its own file (podcast apps skip audio they have seen), 12-18 s long.
        (out / "media" / f"{slug}.mp3").write_bytes(silent_mp3(AUDIO_SECONDS + i % 7))
        (scripts / f"{slug}.vtt").write_text(transcript(rng, rng.randint(6, 11)), encoding="utf-8")
        header = [
            f"Title: {title(rng)} (episode {number})",
            f"Date: {2018 + i * 7 // max(count, 1)}-{1 + i % 12:02d}-{1 + i % 28:02d} 07:{i % 60:02d}",
            f"Episode: {number}",
            f"Season: {1 + i // 50}",
            "Episode-Type: full",
            f"Audio: media/{slug}.mp3",
            f"Guid: {uuid.uuid5(GUID_NAMESPACE, str(number))}",
            f"Guests: {guests}",
            f"Transcript: transcripts/{slug}.vtt",
            f"Chapters: {chapters}",
            "Explicit: false",
            f"Tags: {', '.join(sorted(set(rng.sample(TOPICS, 2))))}",
            f"Slug: {slug}",
            f"Summary: {sentence(rng, 10, 20)}",
        ]
        if site.worksheets:
            header.append(f"Worksheet: {site.worksheets[(i + 1) % len(site.worksheets)]}")
        notes = [paragraph(rng, 4), "## In this episode",
                 "\n".join(f"- {clock(2 * k)[3:]} {sentence(rng, 4, 8)}" for k in range(6)),
                 paragraph(rng, 5), "## Links",
                 f"- [{rng.choice(VERBS)} more]({rng.choice(EXTERNAL)})",
                 f"- Related post: [{posts[i % len(posts)]}]({{filename}}/posts/{posts[i % len(posts)]}.md)"]
        (folder / f"{slug}.md").write_text("\n".join(header) + "\n\n" + "\n\n".join(notes) + "\n",
                                           encoding="utf-8")


def silent_mp3(seconds: int) -> bytes:
    """MPEG-2 Layer III, 8 kbit/s, 16 kHz, mono frames of digital silence (~1 kB/s).

    Hand-written rather than encoded with a tool so the corpus needs nothing
    outside the standard library and is byte-identical everywhere: a frame with
    all-zero side information and main data decodes as silence.
    """
    header = bytes([0xFF, 0xF3, 0x18, 0xC4])  # sync, MPEG-2 L3 no CRC, 8k, 16 kHz, mono
    frame = header + bytes(72 * 8_000 // 16_000 - len(header))
    frames = round(seconds * 16_000 / 576)
    return frame * frames


def png(width: int, height: int, shade: int) -> bytes:
    """A small solid-colour PNG (zlib + struct: no image library needed to make one)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + bytes((shade, 180, 200 - shade // 2)) * width
    raw = zlib.compress(row * height, 9)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


FALLBACK_WORKSHEET = """title: Noticing progress
intro: A few minutes to notice what has moved, however little.
minutes: 10
questions:
  - id: better-day
    kind: reflect
    prompt: Picture an ordinary day when you feel a little better. What is different?
  - id: closeness
    kind: scale
    prompt: How close do you feel to the people who matter to you?
    low: Distant
    high: Close
"""


def fill_gaps(out: Path) -> None:
    """Only while the project's own samples are missing (an early checkout): the
    default worksheet and the show artwork the settings name, so the corpus builds."""
    sheets = out / "worksheets"
    sheets.mkdir(parents=True, exist_ok=True)
    if not any(sheets.glob("*.yaml")):
        (sheets / "noticing-progress.yaml").write_text(FALLBACK_WORKSHEET, encoding="utf-8")
    art = out / "media" / "stepwise-podcast-1400.jpg"
    if not art.exists():
        from PIL import Image

        art.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (1400, 1400), (40, 110, 120)).save(art, "JPEG", quality=60)


def people_entries(names: list[str], role: str) -> str:
    return "".join(f"- name: {name}\n  role: {role}\n  bio: >-\n    {name} is a generated "
                   f"benchmark person who writes and talks about small steps.\n" for name in names)


def copy_base(out: Path) -> None:
    """The project's own non-article content, so settings and names resolve."""
    source = ROOT / "content"
    for item in sorted(source.iterdir()):
        if item.name in {"posts", "episodes"}:
            continue
        target = out / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)


def existing_people(out: Path) -> list[str]:
    path = out / "people.yaml"
    if not path.exists():
        return []
    return [line[len("- name: "):].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("- name: ")]


def make_site(out: Path) -> Site:
    copy_base(out)
    fill_gaps(out)
    real = existing_people(out)
    authors = [f"Bench Author {chr(65 + i)}" for i in range(8)]
    guests = [f"Bench Guest {chr(65 + i)}" for i in range(16)]
    people = out / "people.yaml"
    prefix = people.read_text(encoding="utf-8") if people.exists() else ""
    people.write_text(prefix + people_entries(authors, "Guest writer")
                      + people_entries(guests, "Podcast guest"), encoding="utf-8")
    worksheets = sorted(p.stem for p in (out / "worksheets").glob("*.yaml"))
    (out / "media").mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(parents=True, exist_ok=True)
    for n in range(IMAGES):
        (out / "images" / f"bench-{n:02d}.png").write_bytes(png(64, 36, 20 * n))
    return Site(authors=real[:2] + authors, guests=guests, worksheets=worksheets)


def make_corpus(out: Path, posts: int, episodes: int, seed: int = 1234) -> Path:
    """Write the corpus into `out` (emptied first); return it."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    site = make_site(out)
    slugs = write_posts(out, posts, site, rng)
    write_episodes(out, episodes, site, rng, slugs)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--posts", type=int, help="override the size's post count")
    parser.add_argument("--episodes", type=int, help="override the size's episode count")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args(argv)
    posts, episodes = SIZES[args.size]
    out = make_corpus(args.out, args.posts or posts, args.episodes or episodes, args.seed)
    print(f"corpus: {args.posts or posts} posts, {args.episodes or episodes} episodes in {out}")


if __name__ == "__main__":
    main()
