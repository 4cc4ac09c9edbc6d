"""The worksheet as a small HTML block for feed items (blog feeds and the podcast feed).

Podcast apps and feed readers show HTML without our CSS or script, so this is
plain: title, questions as a numbered list, and a link to the printable page.
Every author-written string is escaped here (markupsafe), once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .model import Question, Worksheet

# What a feed reader, without the form, needs to know to answer: per shape (kinds.SHAPES), the
# words in brackets after the prompt; a shape missing here needs none.
ANSWER_HINTS: dict[str, Callable[[Question], str]] = {
    "rating": lambda q: f"0 = {q.low}, 10 = {q.high}",
    "columns": lambda q: " / ".join(q.columns),
    "choices": lambda q: ", ".join(q.items),
}


def _question_html(question: Question) -> Markup:
    line = escape(question.prompt)
    hint = ANSWER_HINTS.get(question.shape)
    if hint:
        line += Markup(" <em>(%s)</em>") % hint(question)
    return Markup("<li>%s</li>") % line


def feed_html(worksheet: Worksheet, page_url: str) -> str:
    """The HTML appended to an item's content: questions plus an absolute link."""
    items = Markup("").join(_question_html(q) for q in worksheet.questions)
    return str(Markup(
        '<section class="worksheet"><h2>Worksheet: %s</h2>%s<ol>%s</ol>'
        '<p>About %s minutes. <a href="%s">Fill it in or print it</a>. '
        "Your answers stay on your device; it does not replace therapy.</p></section>"
    ) % (worksheet.title, Markup("<p>%s</p>") % worksheet.intro if worksheet.intro else "",
         items, worksheet.minutes, page_url))




def append_to_feed_items(feed: Any, articles: list[Any]) -> None:
    """Add each article's worksheet block to its item in a feed Pelican's Writer built."""
    by_path = {"/" + a.url.lstrip("/"): a for a in articles if getattr(a, "worksheet_feed_html", "")}
    for item in getattr(feed, "items", []):
        article = by_path.get(urlsplit(item.get("link", "")).path)
        if article is None:
            continue
        key = "content" if item.get("content") else "description"
        item[key] = (item.get(key) or "") + article.worksheet_feed_html
