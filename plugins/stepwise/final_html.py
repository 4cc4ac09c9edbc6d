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

import hashlib
from typing import Any

from pelican.contents import Content, Static

from .body_policy import line_of
from .errors import ContentIssue, report
from .html_policy import Refusal, judge
from .settings import policy_off
from .sources import shown_path

# Verdicts on resolved bodies, by digest of the body and its site URLs: kept between builds
# (settings.DEFAULTS["STEPWISE_PERSISTENT_CACHES"]), so a warm build judges only what changed.
VERDICTS_KEY = "stepwise_resolved_verdicts"

LINKS_CHANGED_MARKUP = Refusal(
    "has a {filename}, {static} or {attach} link whose address, once resolved, puts a '<' in the page",
    "link to the file by its plain path (e.g. {filename}other-post.md), without entities or quotes")


def site_addresses(settings: dict[str, Any]) -> tuple[str, ...]:
    """The site URLs Pelican resolves links against: pages, blog feeds, the podcast feed."""
    pages = settings.get("SITEURL") or ""
    feeds = settings.get("FEED_DOMAIN") or pages
    public = settings.get("PUBLIC_URL") or feeds
    return tuple(dict.fromkeys((pages, feeds, public)))


def resolved_problems(item: Content, site_urls: tuple[str, ...],
                      known: dict[bytes, tuple[Refusal, ...]] | None = None,
                      used: dict[bytes, tuple[Refusal, ...]] | None = None) -> list[Refusal]:
    """What the policy refuses in `item`'s body as published under each site URL.

    `known`: verdicts of earlier builds by digest; `used` receives this build's."""
    raw = item._content or ""
    if "{" not in raw and "|" not in raw:  # no link Pelican could rewrite (its regex needs one)
        return []
    found: list[Refusal] = []
    absolute = tuple(url for url in site_urls if url)
    for siteurl in site_urls:
        resolved = item.get_content(siteurl)
        if resolved == raw:
            continue
        key = hashlib.blake2b("\0".join((resolved, *absolute)).encode(), digest_size=16).digest()
        verdict = (known or {}).get(key)
        if verdict is None:
            verdict = _judge_resolved(resolved, absolute)
        if used is not None:
            used[key] = verdict
        found += verdict
    return list(dict.fromkeys(found))


def _judge_resolved(resolved: str, site_urls: tuple[str, ...]) -> tuple[Refusal, ...]:
    verdict = judge(resolved, site_urls)
    if verdict.ok and resolved.count("<") != verdict.html.count("<"):
        return (LINKS_CHANGED_MARKUP,)
    return tuple(verdict.refusals)


def check_resolved_bodies(generators: list[Any]) -> None:
    """all_generators_finalized (before cache.seal keeps the verdicts, and stop_on_errors):
    report what linking made unsafe."""
    if not generators or policy_off(generators[0].settings):
        return
    context = generators[0].context
    site_urls = site_addresses(context)
    items = {id(item): item for item in context.get("generated_content", {}).values()
             if isinstance(item, Content) and not isinstance(item, Static)}
    known, used = context.get(VERDICTS_KEY) or {}, {}
    for item in items.values():
        for refusal in resolved_problems(item, site_urls, known, used):
            shown = shown_path(item.source_path, context)
            report(context, ContentIssue(shown, "body", refusal.what, refusal.fix,
                                         line=_source_line(item.source_path, refusal)))
    context[VERDICTS_KEY] = used  # only this build's, so the cache never grows stale


def _source_line(source_path: str, refusal: Refusal) -> int | None:
    try:
        with open(source_path, encoding="utf-8") as handle:
            return line_of(handle.read(), (*refusal.needles, r"[{|](filename|static|attach)[}|]"))
    except OSError:
        return None
