"""The podcast RSS feed, made with feedgen plus our Podcasting 2.0 extension.

Deterministic on purpose: lastBuildDate is the newest episode's date, items
are in a fixed order, and nothing reads the clock, so an unchanged site gives
byte-identical feeds (Apple's crawler relies on ETag/Last-Modified).
"""

from __future__ import annotations

import html
from typing import Any

from feedgen.feed import FeedGenerator
from feedgen.util import formatRFC2822
from lxml import etree

from stepwise_core.feed_text import html_safe_text, text_feedparser_reads_as_typed
from stepwise_core.protocols import Content
from stepwise_core.root_links import rebased
from stepwise_core.settings import public_url

from . import pc20
from .licenses import read_license
from .model import Episode, EpisodeArticle
from .settings import absolute, category_pair, feed_url, listed, plugin_settings

GENERATOR = "Stepwise (Pelican and python-feedgen)"


def one_line(text: str) -> str:
    """A summary as the author typed it, spaces tidied. Summaries are plain text everywhere
    (a missing one is cut from the body as text: stepwise.plugin.plain_summary)."""
    return " ".join(str(text or "").split())


def description_html(summary: str) -> str:
    """The summary as <description> needs it: HTML, since Apple, feedparser and most apps read
    it as HTML, so the text is escaped once for HTML (and once more, by feedgen, for XML) and
    '<5', '<3' and a typed '&amp;' arrive as typed. itunes:summary carries the same summary as
    plain text, which podcastparser (gPodder) and feedparser prefer when it is there; feedparser
    reads text that looks like markup there as HTML (feed_text.text_feedparser_reads_as_typed)."""
    return html.escape(summary, quote=False)


def build_feed(articles: list[EpisodeArticle], settings: dict[str, Any], *, address: str = "",
               moved_to: str = "") -> str:
    """The feed XML for these published episode articles (any order in, newest first out).

    `address` is where this copy is served (default: the feed URL); `moved_to`, when set,
    names the feed's new address in itunes:new-feed-url (a copy kept at an old address).
    """
    ps = plugin_settings(settings)
    if moved_to:
        ps = {**ps, "PODCAST_NEW_FEED_URL": moved_to}
    items = sorted(articles, key=lambda a: (a.date, a.episode.guid), reverse=True)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    pc20.register(fg)
    _channel(fg, ps, settings, items, address or feed_url(settings))
    for article in items:
        _item(fg.add_entry(order="append"), article, ps, settings)
    xml = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return (xml if items else _without_build_date(xml)).decode("utf-8")


def _without_build_date(xml: bytes) -> bytes:
    """feedgen always stamps lastBuildDate with now(); with no episode to date it by, drop it."""
    root = etree.fromstring(xml)
    for node in root.findall("channel/lastBuildDate"):
        channel = node.getparent()
        if channel is not None:  # always: it was found under channel/
            channel.remove(node)
    return etree.tostring(root, pretty_print=True, encoding="UTF-8", xml_declaration=True)


def _channel(fg: FeedGenerator, ps: dict[str, Any], settings: dict[str, Any], items: list[EpisodeArticle],
             address: str) -> None:
    site = public_url(settings) + "/"
    fg.title(ps["PODCAST_TITLE"] or settings["SITENAME"])
    fg.description(ps["PODCAST_DESCRIPTION"] or settings.get("SITESUBTITLE") or settings["SITENAME"])
    fg.language(ps["PODCAST_LANGUAGE"])
    # feedgen takes the RSS <link> from the last link() call: self first, the website last.
    fg.link(href=address, rel="self", type="application/rss+xml")
    fg.link(href=site, rel="alternate")
    if ps["PODCAST_WEBSUB_HUB"]:
        fg.websub.hub(ps["PODCAST_WEBSUB_HUB"])
    fg.generator(GENERATOR)
    if ps["PODCAST_COPYRIGHT"]:
        fg.copyright(ps["PODCAST_COPYRIGHT"])
    if items:
        fg.lastBuildDate(items[0].date)
        fg.pubDate(items[0].date)
    image = absolute(settings, ps["PODCAST_IMAGE"]) if ps["PODCAST_IMAGE"] else ""
    if image:
        fg.image(url=image, title=ps["PODCAST_TITLE"] or settings["SITENAME"], link=site)
    _itunes_channel(fg, ps, image)
    _pc20_channel(fg, ps, settings, items)


def _itunes_channel(fg: FeedGenerator, ps: dict[str, Any], image: str) -> None:
    it = fg.podcast
    it.itunes_author(ps["PODCAST_AUTHOR"])
    category, sub = category_pair(ps["PODCAST_CATEGORY"])
    if sub:
        it.itunes_category(category, sub)
    else:
        it.itunes_category(category)
    if image:
        it.itunes_image(image)
    if ps["PODCAST_OWNER_EMAIL"]:
        it.itunes_owner(name=ps["PODCAST_OWNER_NAME"] or ps["PODCAST_AUTHOR"],
                        email=ps["PODCAST_OWNER_EMAIL"])
    it.itunes_type(ps["PODCAST_TYPE"])
    if ps["PODCAST_NEW_FEED_URL"]:
        it.itunes_new_feed_url(ps["PODCAST_NEW_FEED_URL"])
    if ps["PODCAST_COMPLETE"] is True:  # only "yes" means anything to Apple
        it.itunes_complete(True)
    if ps["PODCAST_BLOCK"] is True:
        it.itunes_block(True)
    fg.itunes_current.explicit(bool(ps["PODCAST_EXPLICIT"]))


def _pc20_channel(fg: FeedGenerator, ps: dict[str, Any], settings: dict[str, Any],
                  items: list[EpisodeArticle]) -> None:
    pc = fg.pc20
    if ps["PODCAST_GUID"]:
        pc.guid(ps["PODCAST_GUID"])
    pc.locked(bool(ps["PODCAST_LOCKED"]), owner=ps["PODCAST_OWNER_EMAIL"])
    pc.medium("podcast")
    if ps["PODCAST_FUNDING"]:
        pc.funding(ps["PODCAST_FUNDING"]["url"], ps["PODCAST_FUNDING"].get("text", "Support the show"))
    if ps["PODCAST_LICENSE"]:  # checked by channel.py: the build stops before writing a bad one
        licence = read_license(ps["PODCAST_LICENSE"])
        pc.license(licence.name, licence.url)
    for name in listed(ps["PODCAST_HOSTS"]):
        pc.person(name, role="host")
    for article in reversed(items):  # oldest first: trailers in the order they were made
        ep: Episode = article.episode
        if ep.is_trailer:
            pc.trailer(article.title, url=ep.audio_url, pubdate=formatRFC2822(article.date),
                       length=ep.length, mime=ep.mime, season=ep.season)


def _item(fe: Any, article: EpisodeArticle, ps: dict[str, Any], settings: dict[str, Any]) -> None:
    ep: Episode = article.episode
    page = absolute(settings, article.url)
    # Plain text, read as HTML by feedparser: what HTML would take as markup is encoded.
    fe.title(html_safe_text(" ".join(article.title.split())))
    fe.link(href=page)
    fe.guid(ep.guid, permalink=False)
    fe.pubDate(article.date)
    summary = one_line(getattr(article, "summary", "")) or one_line(article.title)
    fe.description(description_html(summary))
    fe.content(_show_notes(article, public_url(settings)), type="CDATA")
    fe.enclosure(ep.audio_url, str(ep.length), ep.mime)
    it = fe.podcast
    it.itunes_summary(text_feedparser_reads_as_typed(summary))  # plain text that feedparser may read as HTML
    it.itunes_duration(ep.duration)
    it.itunes_episode_type(ep.episode_type)
    if ep.number is not None:
        it.itunes_episode(ep.number)
    if ep.season is not None:
        it.itunes_season(ep.season)
    if ep.image_url:
        it.itunes_image(ep.image_url)
    if ep.block:
        it.itunes_block(True)
    fe.itunes_current.explicit(ep.explicit)
    _pc20_item(fe.pc20, ep, episode_language(article, ps), settings)


def episode_language(article: Content, ps: dict[str, Any]) -> str:
    """The episode's own 'Lang:' (a French episode of an English show), else the show's."""
    return str(article.metadata.get("lang") or ps["PODCAST_LANGUAGE"])


def _pc20_item(pc: Any, ep: Episode, language: str, settings: dict[str, Any]) -> None:
    for transcript in ep.transcripts:
        pc.transcript(transcript.url, transcript.mime, language=language,
                      captions=transcript.mime in {"text/vtt", "application/x-subrip"})
    if ep.chapters_path:
        pc.chapters(absolute(settings, ep.chapters_path))
    if ep.season is not None:
        pc.season(ep.season)
    if ep.number is not None:
        pc.episode(ep.number)
    if ep.guests or ep.hosts:
        # An item's person list replaces the channel's, so the host is restated.
        for host in ep.hosts:
            pc.person(host.name, role="host")
        for guest in ep.guests:
            pc.person(guest.name, role="guest", href=absolute(settings, guest.url))
    if ep.license:
        pc.license(ep.license, ep.license_url)
    if ep.funding_url:
        pc.funding(ep.funding_url, "Support the show")


def _show_notes(article: Content, site: str) -> str:
    """Show notes as HTML with absolute links, plus the worksheet the worksheets plugin attaches."""
    notes = rebased(article.get_content(site), site)  # '/about/' too: an app has no page to resolve it
    extra = getattr(article, "worksheet_feed_html", "")
    if isinstance(extra, str) and extra:
        notes = f"{notes}\n{extra}"
    return notes.replace("]]>", "]]&gt;")  # the one sequence a CDATA section cannot hold
