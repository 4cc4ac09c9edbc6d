"""Ways to subscribe: the feed address, app links built from it, and directory pages.

Only links that cannot lead to a missing page are offered: an app's documented
subscribe-by-URL link (built from the feed URL, so it always names this show), or a
directory page the practice configured once the show is listed there (Apple
Podcasts by its ID, any other by its https URL). Custom schemes (pktc://...) do
nothing where the app is not installed, so the box always shows the plain feed
address with a copy button first; the app links come after it, never alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from .addresses import https_problem
from .settings import advertised_feed_url, listed, plugin_settings, public_url

PLATFORM_LINKS = "https://github.com/nathangathright/podcast-platform-links/blob/main/schemes.md"
PODLOVE_CLIENTS = ("https://github.com/podlove/podlove-subscribe-button/blob/master/src/coffee/"
                   "clients.coffee")


@dataclass(frozen=True)
class App:
    """A podcast app that opens a feed from a link. `template` takes {feed} (the whole feed URL,
    percent-encoded for a query), {bare} (the URL without its scheme) and {title}."""

    key: str
    name: str
    platforms: str
    template: str
    documented: tuple[str, ...]  # where the link is documented

    def link(self, feed: str, title: str) -> str:
        bare = feed.split("://", 1)[-1]
        return self.template.format(feed=quote(feed, safe=""), bare=quote(bare, safe="/:?=&%~-._"),
                                    title=quote(title, safe=""))


APPS: tuple[App, ...] = (
    App("apple-podcasts", "Apple Podcasts", "iPhone, iPad, Mac", "podcast://{bare}", (PLATFORM_LINKS,)),
    App("antennapod", "AntennaPod", "Android",
        "https://antennapod.org/deeplink/subscribe?url={feed}&title={title}",
        ("https://antennapod.org/documentation/podcasters-hosters/add-on-antennapod",)),
    App("overcast", "Overcast", "iPhone, iPad", "overcast://x-callback-url/add?url={feed}",
        (PLATFORM_LINKS, PODLOVE_CLIENTS)),
    App("pocket-casts", "Pocket Casts", "iPhone, Android", "pktc://subscribe/{bare}",
        (PLATFORM_LINKS, PODLOVE_CLIENTS)),
    App("podcast-addict", "Podcast Addict", "Android", "podcastaddict://{bare}",
        (PLATFORM_LINKS, PODLOVE_CLIENTS)),
    App("gpodder", "gPodder", "Linux, Windows, Mac", "gpodder://{bare}", (PLATFORM_LINKS, PODLOVE_CLIENTS)),
)
APPS_BY_KEY = {app.key: app for app in APPS}
APPLE_PAGE = "https://podcasts.apple.com/podcast/id{id}"


@dataclass(frozen=True)
class Link:
    name: str
    href: str
    note: str = ""  # the platforms an app runs on


@dataclass(frozen=True)
class Subscribe:
    """What the subscribe box shows (the template's `podcast_subscribe`)."""

    feed_url: str
    apps: tuple[Link, ...]
    directories: tuple[Link, ...]


def subscribe_box(settings: dict[str, Any]) -> Subscribe:
    ps = plugin_settings(settings)
    feed, title = advertised_feed_url(settings), ps["PODCAST_TITLE"] or settings.get("SITENAME", "")
    apps = tuple(Link(APPS_BY_KEY[key].name, APPS_BY_KEY[key].link(feed, title), APPS_BY_KEY[key].platforms)
                 for key in app_keys(ps) if key in APPS_BY_KEY)
    return Subscribe(feed, apps, directory_links(ps))


def app_keys(ps: dict[str, Any]) -> tuple[str, ...]:
    chosen = ps["PODCAST_SUBSCRIBE_APPS"]
    return tuple(APPS_BY_KEY) if chosen is None else tuple(listed(chosen))


def directory_links(ps: dict[str, Any]) -> tuple[Link, ...]:
    """Apple Podcasts from PODCAST_APPLE_ID, then PODCAST_DIRECTORIES, as configured."""
    apple = str(ps["PODCAST_APPLE_ID"]).removeprefix("id")
    links = [Link("Apple Podcasts", APPLE_PAGE.format(id=apple))] if apple.isdigit() else []
    links += [Link(str(entry["name"]), str(entry["url"])) for entry in listed(ps["PODCAST_DIRECTORIES"])
              if isinstance(entry, dict) and entry.get("name") and entry.get("url")]
    return tuple(links)


def directory_problem(entry: Any, settings: dict[str, Any]) -> str:
    """Why a PODCAST_DIRECTORIES entry is not a directory page ('' when it is one)."""
    if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
        return f"{entry!r} is not a directory link"
    url = str(entry["url"])
    if problem := https_problem(url):
        return f"{url!r} {problem}"
    host = urlsplit(url).hostname or ""
    if host == (urlsplit(public_url(settings)).hostname or ""):
        return (f"{url!r} is on this site; a directory link is the show's page on the directory "
                "(this site's own pages are linked already)")
    return ""
