"""Generate the second benchmark corpus: an ordinary Pelican blog moved into this site.

The first corpus (make_corpus.py) is shaped like this practice's own writing, which the
fast paths were tuned on. This one is shaped like a blog that lived elsewhere and was
moved in: long paragraphs, many inline and reference links, tables, footnotes, fenced
code blocks, definition lists, abbreviations, inline code, autolinks and images with alt
text; posts in year folders, ordinary tags and categories; no episodes and no worksheet
blocks (a post without one gets the site's default worksheet, so none is needed).

It is valid content for this site (a test builds it strictly) and for plain Pelican with
bench/plain_pelicanconf.py. The same arguments give byte-identical files.

Usage: python bench/make_blog.py --size M --out bench/work/blog-M/content
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

if __package__:  # imported as bench.make_blog (the tests)
    from .make_corpus import IMAGES, VERBS, WORDS, make_site, sentence, title
else:  # run as a script, or from bench/run.py
    from make_corpus import IMAGES, VERBS, WORDS, make_site, sentence, title

SIZES = {"S": 100, "M": 1_000, "L": 3_000}
TAGS = [
    "python", "pelican", "markdown", "static-sites", "hosting", "git", "shell", "testing",
    "writing", "reading", "notes", "tools", "books", "travel", "cooking", "photography",
    "cycling", "gardening", "music", "linux", "privacy", "email", "backups", "keyboards",
    "productivity", "habits", "learning", "teaching", "community", "open-source",
]
CATEGORIES = ["Notes", "Essays", "How-to", "Reviews", "Links", "Projects"]
SITES = ["https://docs.python.org/3/", "https://getpelican.com/", "https://www.gnu.org/",
         "https://en.wikipedia.org/wiki/Static_web_page", "https://www.w3.org/TR/html52/",
         "https://daringfireball.net/projects/markdown/", "https://www.debian.org/",
         "https://developer.mozilla.org/en-US/docs/Web/HTML"]
ABBREVIATIONS = {"HTML": "HyperText Markup Language", "CSS": "Cascading Style Sheets",
                 "RSS": "Really Simple Syndication", "CLI": "command-line interface"}
CODE = [
    ("python", ["def {w}(items):", "    \"\"\"Return the {v} ones.\"\"\"",
                "    return [i for i in items if i.{w}]", "", "print({w}([1, 2, 3]))"]),
    ("shell", ["$ pelican content -o output -s pelicanconf.py", "$ ls output/{w}/",
               "index.html  feed.xml"]),
    ("", ["{w} = {v}", "[section]", "key = 'value' # a comment"]),
]


def linked_sentence(rng: random.Random, refs: list[str]) -> str:
    """A sentence with an inline link, a reference link, inline code or an autolink."""
    words = sentence(rng, 10, 20).rstrip(".").split(" ")
    spot = rng.randrange(1, len(words))
    pick = rng.random()
    if pick < 0.35:
        words[spot] = f"[{words[spot]}]({rng.choice(SITES)} \"{title(rng)}\")"
    elif pick < 0.7:
        ref = rng.choice(refs)
        words[spot] = f"[{words[spot]} {rng.choice(WORDS)}][{ref}]"
    elif pick < 0.9:
        words[spot] = f"`{rng.choice(WORDS)}_{rng.choice(VERBS)}()`"
    else:
        words[spot] = f"<{rng.choice(SITES)}>"
    return " ".join(words) + "."


def long_paragraph(rng: random.Random, refs: list[str]) -> str:
    parts = [linked_sentence(rng, refs) if rng.random() < 0.45 else sentence(rng, 12, 24)
             for _ in range(rng.randint(7, 12))]
    return " ".join(parts)


def table(rng: random.Random) -> str:
    columns = rng.randint(3, 4)
    head = [title(rng).split(" ")[0] for _ in range(columns)]
    rows = ["| " + " | ".join(head) + " |",
            "| " + " | ".join([":---", *(["---:"] * (columns - 2)), ":---:"]) + " |"]
    for _ in range(rng.randint(3, 6)):
        cells = [f"*{rng.choice(WORDS)}*", *(str(rng.randint(1, 999)) for _ in range(columns - 2)),
                 f"`{rng.choice(WORDS)}`"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def code_block(rng: random.Random) -> str:
    language, lines = rng.choice(CODE)
    text = "\n".join(line.format(w=rng.choice(WORDS), v=rng.choice(VERBS)) for line in lines)
    return f"```{language}\n{text}\n```"


def definitions(rng: random.Random) -> str:
    return "\n\n".join(f"{rng.choice(WORDS).capitalize()}\n:   {sentence(rng, 8, 14)}"
                       for _ in range(rng.randint(2, 3)))


def alt(rng: random.Random) -> str:
    """Alt text as authors write it: plain words, no Markdown."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize()


def post_body(rng: random.Random, index: int, earlier: list[str]) -> str:
    refs = [f"ref{n}" for n in range(1, 5)]
    notes = rng.randint(1, 3)
    parts = [long_paragraph(rng, refs) + "[^1]"]
    for section in range(rng.randint(3, 5)):
        parts.append(f"## {title(rng)}")
        parts.append(long_paragraph(rng, refs))
        extra = (table, code_block, definitions)[(index + section) % 3](rng)
        parts.append(extra)
        if section == 1 and notes > 1:
            parts.append(long_paragraph(rng, refs) + "[^2]")
        if rng.random() < 0.5:
            parts.append("\n".join(f"- {linked_sentence(rng, refs)}" for _ in range(rng.randint(3, 5))))
        image = rng.randrange(IMAGES)
        if section % 2 == 0:
            parts.append(f"![{alt(rng)}]({{static}}/images/bench-{image:02d}.png)")
    parts.append("The HTML and CSS of this page are plain; its RSS feed is too. " + sentence(rng))
    if earlier:
        older = earlier[rng.randrange(len(earlier))]
        parts.append(f"I wrote about this [before]({{filename}}/posts/{older}.md) too.")
    parts.append("\n".join(f"[^{n}]: {sentence(rng, 8, 16)}" for n in range(1, min(notes, 2) + 1)))
    parts.append("\n".join(f"[{ref}]: {rng.choice(SITES)}" for ref in refs))
    parts.append("\n".join(f"*[{short}]: {long}" for short, long in ABBREVIATIONS.items()))
    return "\n\n".join(parts) + "\n"


def write_posts(out: Path, count: int, authors: list[str], rng: random.Random) -> None:
    written: list[str] = []
    for i in range(count):
        year = 2012 + i * 12 // max(count, 1)
        slug = f"blog-post-{i:04d}"
        folder = out / "posts" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        header = [
            f"Title: {title(rng)} ({i})",
            f"Date: {year}-{1 + i % 12:02d}-{1 + i % 28:02d} {8 + i % 12:02d}:{i % 60:02d}",
            f"Author: {authors[i % len(authors)]}",
            f"Category: {CATEGORIES[i % len(CATEGORIES)]}",
            f"Tags: {', '.join(sorted(set(rng.sample(TAGS, rng.randint(2, 5)))))}",
            f"Slug: {slug}",
            f"Summary: {sentence(rng, 10, 20)}",
        ]
        text = "\n".join(header) + "\n\n" + post_body(rng, i, written[-50:])
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        written.append(f"{year}/{slug}")


def make_blog(out: Path, posts: int, seed: int = 4321) -> Path:
    """Write the blog into `out` (emptied first); return it."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    site = make_site(out)  # the site's people, pages, worksheets; guest writers; images
    for folder in ("posts", "episodes"):  # the site's own articles are not the blog's
        shutil.rmtree(out / folder, ignore_errors=True)
    write_posts(out, posts, site.authors, random.Random(seed))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--posts", type=int, help="override the size's post count")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=4321)
    args = parser.parse_args(argv)
    out = make_blog(args.out, args.posts or SIZES[args.size], args.seed)
    print(f"blog: {args.posts or SIZES[args.size]} posts in {out}")


if __name__ == "__main__":
    main()
