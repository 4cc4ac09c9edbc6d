"""The scaffolds' placeholder texts, and the check that none of them ships.

`invoke new-post` and `invoke new-episode` write these sentences for the author to
replace. Each is written here once, so the scaffolds and the check cannot drift
apart. A published item that still holds one builds with a warning (a preview is
fine) and fails `invoke check` and `invoke publish`, which refuse every warning, so
"Show notes go here." never reaches a podcast app. A draft or a scheduled item is not
published by this build: its placeholders are a note, so one post in progress never
stops the others from going out (it is checked again on the day it is published).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from .errors import WARNING, ContentIssue, find_field_line, report
from .notes import note_unpublished
from .protocols import Article, ArticlesGenerator, Content, Generator
from .sources import shown_path

POST_SUMMARY = "One or two plain sentences that say what the reader will get from this post."
POST_BODY = "Write your post here."
EPISODE_SUMMARY = ("One or two plain sentences for podcast apps: what the listener will get from "
                   "this episode.")
EPISODE_BODY = "Show notes go here."
MARKDOWN_HINT = "Markdown works: ## for headings, - for lists, **bold**, *italic*."
STATUS_HINT = "Change 'Status: draft' to 'Status: published' when it is ready."


@dataclass(frozen=True)
class Placeholder:
    field: str  # as authors write it: 'Summary', or 'Body' for the text under the header
    text: str
    fix: str


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("Summary", POST_SUMMARY, "write one or two sentences of your own about this post"),
    Placeholder("Summary", EPISODE_SUMMARY, "write one or two sentences of your own: podcast apps "
                                            "show them under the episode's title"),
    Placeholder("Body", POST_BODY, "replace it with your post"),
    Placeholder("Body", EPISODE_BODY, "replace it with the episode's show notes"),
    Placeholder("Body", STATUS_HINT, "delete the reminder (and set the status when it is ready)"),
    Placeholder("Body", MARKDOWN_HINT, "delete the hint about Markdown: it is for you, not your readers"),
)
# Where the reader leaves what it found (indexes into PLACEHOLDERS).
FOUND_KEY = "_stepwise_placeholders"
WORD = re.compile(r"[^\W_]+")  # letters and digits: what a reader sees as words


def words(text: str) -> str:
    """Text reduced to its words, as ' a b c ': tags, Markdown marks, quotes and punctuation
    gone, entities read. A placeholder is found by its words because Markdown and SmartyPants
    change the rest: '**bold**, *italic*.' reaches the page as '<strong>bold</strong>, ...'."""
    found = WORD.findall(html.unescape(re.sub(r"<[^>]+>", " ", text)).lower())
    return f" {' '.join(found)} "


def placeholders_in(summary: str, body_html: str) -> list[Placeholder]:
    """The placeholders still in an item's summary and body."""
    texts = {"Summary": words(summary), "Body": words(body_html)}
    return [p for p in PLACEHOLDERS if words(p.text) in texts[p.field]]


def note_placeholders(_reader: Any, content: str, metadata: dict[str, Any], source: str) -> None:
    """file_read: look for placeholders where the file is converted (a worker, in parallel);
    the finding travels in the metadata, so a file served from the content cache keeps it."""
    found = placeholders_in(str(metadata.get("summary", "")), content)
    metadata[FOUND_KEY] = tuple(PLACEHOLDERS.index(p) for p in found)


def _line_of(path: str, text: str) -> int | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return next((number for number, line in enumerate(handle, start=1) if text in line), None)
    except OSError:
        return None


def issue_for(item: Content, placeholder: Placeholder, settings: dict[str, Any]) -> ContentIssue:
    source = item.source_path
    line = (find_field_line(source, "summary") if placeholder.field == "Summary"
            else _line_of(source, placeholder.text))
    return ContentIssue(shown_path(source, settings), placeholder.field,
                        f"still holds the scaffold's placeholder {placeholder.text!r}", placeholder.fix,
                        line=line, severity=WARNING)


def warn_placeholders(generator: ArticlesGenerator[Article]) -> None:
    """article_generator_finalized: a published post or episode with a placeholder is a
    warning (check and publish refuse it); a draft or scheduled one, a note."""
    published = ("articles", "translations", "hidden_articles", "hidden_translations")
    unpublished = ("drafts", "drafts_translations")  # Status: draft, or dated in the future
    for names, tell in ((published, _warn), (unpublished, _note)):
        for item in [a for name in names for a in getattr(generator, name, None) or []]:
            found = [PLACEHOLDERS[index] for index in item.metadata.get(FOUND_KEY, ())]
            if found:
                tell(generator, item, found)


def _warn(generator: Generator, item: Content, found: list[Placeholder]) -> None:
    for placeholder in found:
        report(generator.context, issue_for(item, placeholder, generator.settings))


def _note(generator: Generator, item: Article, found: list[Placeholder]) -> None:
    fields = " and ".join(sorted({p.field for p in found}))
    note_unpublished(shown_path(item.source_path, generator.settings), item,
                     [f"replace the scaffold's placeholder text ({fields})"])
