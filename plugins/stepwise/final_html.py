"""The body once Pelican has resolved its links, judged again before anything is written.

The reader judges the HTML Markdown made; Pelican then rewrites every {filename},
{static} and {attach} link by regex, inserting the linked item's address as it is.
An address (a `URL:` override, a file name, an entity-encoded link that Pelican
unescapes) can carry a quote or a `<`, and so a handler or an element the reader
never saw. So each body that linking changed is judged again as a browser would
parse it, for each address it is published under (pages, blog feeds, podcast feed);
Pelican keeps the resolved text (get_content is memoized), so this costs one parse
per changed body, and the pages and feeds reuse the work.

It also holds the page filters downstream to the markup the policy saw: the
published body's every `<` must start a tag (the reader's serialisation escapes
the others), so a filter that finds <img> tags by pattern cannot meet one hidden
inside an attribute value (discovery's responsive images rely on this).
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Content, Static

from .body_policy import line_of
from .errors import ContentIssue, report
from .html_policy import Refusal, judge
from .settings import policy_off
from .sources import shown_path

LINKS_CHANGED_MARKUP = Refusal(
    "has a {filename}, {static} or {attach} link whose address, once resolved, puts a '<' in the page",
    "link to the file by its plain path (e.g. {filename}other-post.md), without entities or quotes")


def site_addresses(settings: dict[str, Any]) -> tuple[str, ...]:
    """The site URLs Pelican resolves links against: pages, blog feeds, the podcast feed."""
    pages = settings.get("SITEURL") or ""
    feeds = settings.get("FEED_DOMAIN") or pages
    public = settings.get("PUBLIC_URL") or feeds
    return tuple(dict.fromkeys((pages, feeds, public)))


def resolved_problems(item: Content, site_urls: tuple[str, ...]) -> list[Refusal]:
    """What the policy refuses in `item`'s body as published under each site URL."""
    raw = item._content or ""
    if "{" not in raw and "|" not in raw:  # no link Pelican could rewrite (its regex needs one)
        return []
    found: list[Refusal] = []
    for siteurl in site_urls:
        resolved = item.get_content(siteurl)
        if resolved == raw:
            continue
        verdict = judge(resolved, tuple(url for url in site_urls if url))
        found += verdict.refusals
        if verdict.ok and resolved.count("<") != verdict.html.count("<"):
            found.append(LINKS_CHANGED_MARKUP)
    return list(dict.fromkeys(found))


def check_resolved_bodies(generators: list[Any]) -> None:
    """all_generators_finalized (before stop_on_errors): report what linking made unsafe."""
    if not generators or policy_off(generators[0].settings):
        return
    context = generators[0].context
    site_urls = site_addresses(context)
    items = {id(item): item for item in context.get("generated_content", {}).values()
             if isinstance(item, Content) and not isinstance(item, Static)}
    for item in items.values():
        for refusal in resolved_problems(item, site_urls):
            shown = shown_path(item.source_path, context)
            report(context, ContentIssue(shown, "body", refusal.what, refusal.fix,
                                         line=_source_line(item.source_path, refusal)))


def _source_line(source_path: str, refusal: Refusal) -> int | None:
    try:
        with open(source_path, encoding="utf-8") as handle:
            return line_of(handle.read(), (*refusal.needles, r"[{|](filename|static|attach)[}|]"))
    except OSError:
        return None
