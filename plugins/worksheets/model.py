"""Typed worksheets and questions, as templates, feeds and the script read them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .kinds import KINDS


@dataclass(frozen=True)
class Question:
    """One question; which optional fields matter depends on `kind` (see kinds.py)."""

    id: str
    kind: str
    prompt: str
    help: str = ""
    low: str = ""        # scale: label of 0 (the worst end)
    high: str = ""       # scale: label of 10 (the best end)
    rows: int = 0        # lines to write on (0: the kind's default, row_count)
    columns: tuple[str, ...] = ()
    items: tuple[str, ...] = ()   # checklist
    other: bool = False           # checklist: add a "something else" line

    @property
    def shape(self) -> str:
        """What the answer is made of (data-shape in the markup, read by worksheet.js)."""
        return KINDS[self.kind].shape

    @property
    def row_count(self) -> int:
        """Lines to write on: the question's own `rows`, else its kind's."""
        return self.rows or KINDS[self.kind].rows


@dataclass(frozen=True)
class Worksheet:
    """A resolved worksheet: from content/worksheets/*.yaml or written inside a post."""

    slug: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    minutes: int = 5
    source: str = ""          # file the author edits, as shown in messages
    inline: bool = False      # written inside one post or episode
    url: str = ""             # page URL, relative to SITEURL
    save_as: str = ""
    storage_key: str = ""
    published: bool = True    # False for a draft's own worksheet: no page is written
    used_by: list = field(default_factory=list, compare=False, hash=False)  # published articles
    rendered: dict = field(default_factory=dict, compare=False, hash=False)  # form HTML, per build

    @property
    def used_with(self) -> str:
        """How many posts and episodes carry it, in words: "6 posts and episodes", "1 episode"."""
        count = len(self.used_by)
        episodes = sum(getattr(article, "kind", "post") == "episode" for article in self.used_by)
        if 0 < episodes < count:
            return f"{count} posts and episodes"
        noun = "episode" if episodes else "post"
        return f"{count} {noun}{'' if count == 1 else 's'}"
