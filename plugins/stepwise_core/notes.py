"""Notes on items this build does not publish (drafts, scheduled): what is left to do.

A warning fails `invoke check` and `invoke publish`, which would let one post in progress
stop every other post from going out. What an unpublished item still lacks is printed as
a note instead (the build shows no log below warnings), and is a warning again on the
day the item is published.
"""

from __future__ import annotations

import sys

from .protocols import Content, Settings

# Set by `invoke preview-drafts` alone: drafts are built, and their problems are errors again.
DRAFTS_PREVIEW = "STEPWISE_DRAFTS_PREVIEW"


def drafts_previewed(settings: Settings) -> bool:
    return bool(settings.get(DRAFTS_PREVIEW))


def left_aside(item: Content) -> bool:
    """A draft (Status: draft) in a real build: its problems are notes, they stop nothing."""
    return is_draft(item) and not drafts_previewed(item.settings)


def is_draft(item: Content) -> bool:
    """Status: draft, as the author wrote it (Pelican also files a future date as a draft)."""
    return str(item.metadata.get("status", "published")).strip().lower() == "draft"


def note_unpublished(shown: str, item: Content, left: list[str]) -> None:
    """One line on standard error: which item, why it is not published, what is left."""
    if not left:
        return
    when = getattr(item, "date", None)  # a page may have none
    draft = is_draft(item) or when is None
    what = "is a draft" if draft else f"is scheduled for {when:%Y-%m-%d %H:%M}"
    then = "" if draft else " (on that day the publish refuses it unless it is fixed)"
    print(f"note: {shown} {what}; before it goes out: {'; '.join(left)}. This does not stop "
          f"anything else from being published{then}.", file=sys.stderr)
