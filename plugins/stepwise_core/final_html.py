"""The body once Pelican has resolved its links, judged again before anything is written.

The reader judges the HTML Markdown made and publishes its own serialisation of the tree
it judged. Pelican then rewrites every {filename}, {static} and {attach} link by regex,
inserting the linked item's address as it is, and for a file name with an entity in it
decodes the whole address first; any other plugin or setting (Typogrify) may change the
body too. So what is published could hold a quote, a '<', an element the reader never
saw. Here each body, as Pelican will publish it under each address (pages, blog feeds,
podcast feed), must be exactly, character for character, the serialisation of the tree
a browser builds from it, and that tree must pass the policy: then what is written is
what was judged. Anything else refuses the body. A body the reader judged (its digest
is in the metadata) that no link changed is not parsed again; Pelican keeps the resolved
text (get_content is memoized), so the pages and feeds reuse the work, and verdicts are
kept between builds by digest. What the reader already refused in a body is not reported
again (its links resolved, an <img> without alt is still the same <img>): only what is new.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from pelican.contents import Content, Static

from . import protocols
from .body_policy import SourceText, located_issues
from .errors import ContentIssue, report
from .html_policy import Refusal, judge
from .notes import left_aside
from .protocols import Generator
from .settings import policy_off
from .sources import shown_path
from .work import do_each

# Verdicts on resolved bodies, by digest of the body and its site URLs: kept between builds
# (stepwise_speed.settings: STEPWISE_PERSISTENT_CACHES), so a warm build judges only what changed.
VERDICTS_KEY = "stepwise_resolved_verdicts"

JUDGED_KEY = "_stepwise_judged"  # metadata: the digest of the body the reader published
REFUSED_KEY = "_stepwise_refused"  # metadata: what the reader's policy refused, one per element


def judged_digest(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


def not_as_judged(resolved: str, judged: str) -> Refusal:
    """The refusal for a resolved body that is not the serialisation of its own tree."""
    at = next((i for i, (a, b) in enumerate(zip(resolved, judged, strict=False)) if a != b),
              min(len(resolved), len(judged)))
    near = resolved[max(0, at - 40):at + 40].replace("\n", " ")
    return Refusal(
        f"once Pelican resolved its links, the body no longer reads as the HTML that was checked "
        f"(near {near!r})",
        "link to other posts and files by their plain path ({filename}other-post.md, "
        "{static}/images/x.jpg), with no entities, quotes or '<' in the address; check the Url: and "
        "Save_as: of the file it links to",
        (r"[{|](filename|static|attach)[}|]",))


def site_addresses(settings: dict[str, Any]) -> tuple[str, ...]:
    """The site URLs Pelican resolves links against: pages, blog feeds, the podcast feed."""
    pages = settings.get("SITEURL") or ""
    feeds = settings.get("FEED_DOMAIN") or pages
    public = settings.get("PUBLIC_URL") or feeds
    return tuple(dict.fromkeys((pages, feeds, public)))


def resolved_bodies(item: protocols.Content, site_urls: tuple[str, ...]) -> dict[bytes, str]:
    """`item`'s body as published under each site URL, by verdict key; a body that is what
    the reader judged and published, unchanged, needs no second verdict and is left out."""
    raw = item._content or ""
    judged = item.metadata.get(JUDGED_KEY) == judged_digest(raw)
    absolute = tuple(url for url in site_urls if url)
    bodies: dict[bytes, str] = {}
    for siteurl in site_urls:
        resolved = item.get_content(siteurl)
        if not (judged and resolved == raw):
            bodies[verdict_key(resolved, absolute)] = resolved
    return bodies


def verdict_key(resolved: str, site_urls: tuple[str, ...]) -> bytes:
    return hashlib.blake2b("\0".join((resolved, *site_urls)).encode(), digest_size=16).digest()


def judge_all(settings: dict[str, Any], bodies: dict[bytes, str],
              site_urls: tuple[str, ...]) -> dict[bytes, tuple[Refusal, ...]]:
    """A verdict for each body (work.do_each: the speed plugin judges half in a second process)."""
    keys = list(bodies)
    return dict(zip(keys, do_each(settings, lambda key: judge_published(bodies[key], site_urls), keys),
                    strict=True))


def judge_published(resolved: str, site_urls: tuple[str, ...]) -> tuple[Refusal, ...]:
    """Refusals for a body about to be published: the policy's, or that it is not exactly the
    serialisation of the tree it was judged as (then the text would publish something else)."""
    verdict = judge(resolved, site_urls)
    if not verdict.ok:
        return tuple(verdict.refusals)
    if verdict.html != resolved:
        return (not_as_judged(resolved, verdict.html),)
    return ()


def check_resolved_bodies(generators: list[Generator]) -> None:
    """all_generators_finalized (before cache.seal keeps the verdicts, and stop_on_errors):
    report what linking made unsafe."""
    if not generators or policy_off(generators[0].settings):
        return
    context = generators[0].context
    site_urls = site_addresses(context)
    absolute = tuple(url for url in site_urls if url)
    items = {id(item): item for item in context.get("generated_content", {}).values()
             if isinstance(item, Content) and not isinstance(item, Static) and not left_aside(item)}
    bodies = {id(item): resolved_bodies(item, site_urls) for item in items.values()}
    known = context.get(VERDICTS_KEY) or {}
    verdicts = {key: known[key] for each in bodies.values() for key in each if key in known}
    verdicts |= judge_all(generators[0].settings, {key: resolved for each in bodies.values()
                                                   for key, resolved in each.items() if key not in verdicts},
                          absolute)
    for item in items.values():
        refusals = new_refusals(item, bodies[id(item)], verdicts)
        if refusals:
            for issue in _located(shown_path(item.source_path, context), item.source_path, refusals):
                report(context, issue)
    context[VERDICTS_KEY] = verdicts  # only this build's, so the cache never grows stale


def passes_now(item: protocols.Content, context: dict[str, Any]) -> bool:
    """Whether `item`, as Pelican now publishes it under each address, passes with nothing new
    refused: a page written early (stepwise_speed's preview) is one this check would let
    through. Its verdicts join the build's known ones, so check_resolved_bodies reuses them."""
    if policy_off(item.settings):
        return True
    site_urls = site_addresses(context)
    absolute = tuple(url for url in site_urls if url)
    known = context.get(VERDICTS_KEY)
    if known is None:
        known = context[VERDICTS_KEY] = {}
    bodies = resolved_bodies(item, site_urls)
    known |= {key: judge_published(resolved, absolute)
              for key, resolved in bodies.items() if key not in known}
    return not new_refusals(item, bodies, known)


def new_refusals(item: protocols.Content, keys: Iterable[bytes],
                 verdicts: dict[bytes, tuple[Refusal, ...]]) -> list[Refusal]:
    """What the verdicts on `item`'s bodies refuse that its reader did not report already; the
    same problem under each address, once."""
    reported = item.metadata.get(REFUSED_KEY, ())
    return list(dict.fromkeys(refusal for key in keys for refusal in _new(verdicts[key], reported)))


def _new(refusals: tuple[Refusal, ...], reported: tuple[str, ...]) -> list[Refusal]:
    """The refusals the reader did not report already (the same kind, as many times)."""
    left = Counter(reported)
    new = []
    for refusal in refusals:
        if left[refusal.what]:
            left[refusal.what] -= 1
        else:
            new.append(refusal)
    return new


def _located(shown: str, source_path: str, refusals: list[Refusal]) -> list[ContentIssue]:
    try:
        with open(source_path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError:
        return [ContentIssue(shown, "body", refusal.what, refusal.fix) for refusal in refusals]
    return located_issues(shown, refusals, SourceText(source))
