"""Notes on items this build does not publish (drafts, scheduled): what is left to do.

A warning fails `invoke check` and `invoke publish`, which would let one post in progress
stop every other post from going out. What an unpublished item still lacks is printed as
a note instead (the build shows no log below warnings), and is a warning again on the
day the item is published.
"""

from __future__ import annotations

import sys

from .protocols import Article, Content


def is_draft(item: Content) -> bool:
    """Status: draft, as the author wrote it (Pelican also files a future date as a draft)."""
    return str(item.metadata.get("status", "published")).strip().lower() == "draft"


def note_unpublished(shown: str, item: Article, left: list[str]) -> None:
    """One line on standard error: which item, why it is not published, what is left."""
    if not left:
        return
    what = "is a draft" if is_draft(item) else f"is scheduled for {item.date:%Y-%m-%d %H:%M}"
    then = "" if is_draft(item) else " (on that day the publish refuses it unless it is fixed)"
    print(f"note: {shown} {what}; before it goes out: {'; '.join(left)}. This does not stop "
          f"anything else from being published{then}.", file=sys.stderr)
