"""`invoke preview-drafts`: an index of drafts and scheduled items, and a label on each one.

A real build never writes a draft or a scheduled item (pelicanconf.py), so nothing here
runs in one: all of it waits for STEPWISE_DRAFTS_PREVIEW, which only preview-drafts
sets. Then every draft and every item dated after the build gets `preview_label`
("Draft: not published", "Scheduled for 5 January 2099, 09:00"), which the theme shows
at the top of its page, and /drafts/ lists them all, so the author finds each one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from pelican.generators import Generator

from stepwise_core import protocols
from stepwise_core.notes import DRAFTS_PREVIEW
from stepwise_core.protocols import Content, Writer

SETTING = DRAFTS_PREVIEW
INDEX = "drafts/index.html"
DRAFT_LABEL = "Draft: not published"
SCHEDULED_LABEL = "Scheduled for {date:%-d %B %Y, %H:%M}"


def label(item: Content, now: dt.datetime) -> str | None:
    """What the preview says at the top of an item's page; None for a published one."""
    if getattr(item, "status", "") == "draft":
        return DRAFT_LABEL
    date = getattr(item, "date", None)
    if isinstance(date, dt.datetime) and date > now:
        return SCHEDULED_LABEL.format(date=date)
    return None


def _items(generators: list[protocols.Generator]) -> list[Any]:
    found: list[Any] = []
    for generator in generators:
        for attribute in ("articles", "drafts", "pages", "draft_pages"):
            found += getattr(generator, attribute, []) or []
    return found


def mark_previewed(generators: list[protocols.Generator]) -> None:
    """all_generators_finalized: label drafts and scheduled items (in a drafts preview only)."""
    if not generators or not generators[0].settings.get(SETTING):
        return
    settings = generators[0].settings
    now = dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    for item in _items(generators):
        item.preview_label = label(item, now)


class DraftsIndexGenerator(Generator):
    """Writes /drafts/: every draft and scheduled item of the preview, with its file."""

    def generate_context(self) -> None:
        """Nothing to read: the items come from the other generators."""

    def generate_output(self, writer: Writer) -> None:
        if not self.settings.get(SETTING):
            return
        items = [*self.context.get("articles", []), *self.context.get("drafts", []),
                 *self.context.get("pages", []), *self.context.get("draft_pages", [])]
        drafts = [i for i in items if getattr(i, "preview_label", None) == DRAFT_LABEL]
        scheduled = sorted((i for i in items if (getattr(i, "preview_label", None) or "").startswith(
            "Scheduled")), key=lambda i: i.date)
        writer.write_file(INDEX, self.get_template("drafts"), self.context, drafts=drafts,
                          scheduled=scheduled, url="drafts/",
                          relative_urls=self.settings.get("RELATIVE_URLS", False))
