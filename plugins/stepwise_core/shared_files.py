"""A file an item owns is neither moved nor published early by another item's link.

- `{attach}` moves a file into the linking item's folder (Pelican changes its address).
  A file something else uses too (an episode's transcript or audio, a picture two posts
  show, PODCAST_IMAGE) would then be missing where the others link it, and the podcast
  feed's transcript would 404: refused, with the fix ({static} leaves it where it is).
- A file named in a field of a scheduled or draft item (an episode's Audio, Transcript)
  is that item's: a published item that links it would publish it before its day
  (unpublished.py holds back only what no published item uses). Refused, naming the day.
  Pictures are left out: a picture is often shared, and shows nothing early.
"""

from __future__ import annotations

import datetime
from typing import Any

from .errors import ContentIssue
from .links import Link, link_issue, static_target
from .sources import shown_path
from .unpublished import UNPUBLISHED, WRITTEN, items_in, named_paths, references

PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg")
FIX_ATTACH = "write '{{static}}{path}' instead: the file then stays where everything else links it"


def shared_file_problems(generators: list[Any], links: dict[int, list[Link]]) -> list[ContentIssue]:
    context = generators[0].context
    statics = context.get("static_content", {})
    by_output = {s.get_url_setting("save_as"): source for source, s in statics.items()}
    written, waiting = items_in(generators, WRITTEN), items_in(generators, UNPUBLISHED)
    uses = {id(item): references(item, links[id(item)], by_output) for item in [*written, *waiting]}
    site = named_paths(generators[0].settings.values())
    owners = _unpublished_owners(waiting, set(statics))
    owned_here = set().union(*(named_paths(i.metadata.values()) for i in written))
    issues = []
    for item in written:
        for link in links[id(item)]:
            found = static_target(item, link, by_output)
            if found is None or found[1] not in statics:
                continue
            how, path = found
            if how == "attach":
                others = [o for o in [*written, *waiting] if o is not item and path in uses[id(o)]]
                user = _name(others[0]) if others else "the site's settings" if path in site else None
                if user:
                    issues.append(link_issue(item, link, f"moves it into this page's folder, but {user} "
                                             "uses it too, and would link it where it no longer is",
                                             FIX_ATTACH.format(path="/" + path)))
                    continue
            if path in owners and path not in owned_here:
                issues.append(_early(item, link, owners[path]))
    return issues


def _unpublished_owners(waiting: list[Any], statics: set[str]) -> dict[str, Any]:
    """Non-picture static files named in a field of a draft or scheduled item, by path."""
    owners: dict[str, Any] = {}
    for item in waiting:
        for path in named_paths(item.metadata.values()) & statics:
            if not path.lower().endswith(PICTURES):
                owners.setdefault(path, item)
    return owners


def _early(item: Any, link: Link, owner: Any) -> ContentIssue:
    when = _going_out(owner)
    if when:
        return link_issue(item, link, f"belongs to {_name(owner)}, scheduled for {when}: linking it "
                          "now would publish it before that day",
                          f"remove the link until then, or date this item on or after {when}")
    return link_issue(item, link, f"belongs to the draft {_name(owner)}: linking it would publish "
                      "it before the draft is", "remove the link until the draft is published")


def _going_out(item: Any) -> str:
    """The date a scheduled item goes out ('' for a draft by Status: draft)."""
    date = getattr(item, "date", None)
    if str(item.metadata.get("status", "")).lower() == "draft" or not isinstance(date, datetime.datetime):
        return ""
    return date.strftime("%Y-%m-%d %H:%M")


def _name(item: Any) -> str:
    return f"{str(getattr(item, 'title', ''))!r} ({shown_path(item.source_path, item.settings)})"
