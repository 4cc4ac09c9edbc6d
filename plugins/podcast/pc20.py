"""Our feedgen extensions: the Podcasting 2.0 `podcast:` namespace, and Apple's
current `itunes:explicit` values.

feedgen 1.0.0 has no `podcast:` namespace and only accepts 'yes'/'no'/'clean'
for itunes:explicit, where Apple and PSP-1 now require 'true'/'false'. Both are
added here as feedgen extensions (the seam feedgen provides), so the feed is
still built by feedgen and lxml, never by string templates. The Podcasting 2.0
extension is registered as `fg.pc20`, because `fg.podcast` is feedgen's own
iTunes extension; its XML prefix is still `podcast`.
"""

from __future__ import annotations

from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

PC20_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"
TRANSCRIPT_TYPES = {"text/vtt", "application/x-subrip", "text/html", "text/plain", "application/json"}
CHAPTERS_TYPE = "application/json+chapters"

Node = tuple[str, str, str | None, tuple[tuple[str, str], ...]]


class _Nodes:
    """Elements queued by the typed setters below, appended in the order set."""

    def __init__(self) -> None:
        self._nodes: list[Node] = []

    def _add(self, tag: str, text: str | None = None, ns: str = PC20_NS, **attrs: Any) -> None:
        pairs = tuple((k.replace("_", "-"), str(v)) for k, v in attrs.items() if v not in (None, ""))
        self._nodes.append((ns, tag, text, pairs))

    def _emit(self, parent: Any) -> None:
        for ns, tag, text, attrs in self._nodes:
            element = etree.SubElement(parent, f"{{{ns}}}{tag}")
            for key, value in attrs:
                element.set(key, value)
            if text is not None:
                element.text = text

    def person(self, name: str, *, role: str = "host", group: str = "cast", href: str = "",
               img: str = "") -> None:
        self._add("person", name, role=role, group=group, href=href, img=img)

    def funding(self, url: str, text: str) -> None:
        self._add("funding", text, url=url)

    def license(self, identifier: str, url: str = "") -> None:
        self._add("license", identifier, url=url)


class Pc20Extension(BaseExtension, _Nodes):
    """Channel-level podcast: tags; also declares the namespace for the items."""

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PC20_NS}

    def extend_rss(self, feed: Any) -> Any:
        self._emit(feed[0])
        return feed

    def extend_atom(self, feed: Any) -> Any:
        return feed

    def guid(self, value: str) -> None:
        self._add("guid", value)

    def locked(self, locked: bool, owner: str = "") -> None:
        self._add("locked", "yes" if locked else "no", owner=owner)

    def medium(self, value: str = "podcast") -> None:
        self._add("medium", value)

    def trailer(self, title: str, *, url: str, pubdate: str, length: int, mime: str,
                season: int | None = None) -> None:
        self._add("trailer", title, pubdate=pubdate, url=url, length=length, type=mime, season=season)


class Pc20EntryExtension(BaseEntryExtension, _Nodes):
    """Item-level podcast: tags."""

    def extend_rss(self, item: Any) -> Any:
        self._emit(item)
        return item

    def extend_atom(self, entry: Any) -> Any:
        return entry

    def transcript(self, url: str, mime: str, *, language: str = "", captions: bool = False) -> None:
        if mime not in TRANSCRIPT_TYPES:
            raise ValueError(f"{mime!r} is not a podcast:transcript type")
        self._add("transcript", url=url, type=mime, language=language, rel="captions" if captions else "")

    def chapters(self, url: str) -> None:
        self._add("chapters", url=url, type=CHAPTERS_TYPE)

    def season(self, number: int, name: str = "") -> None:
        self._add("season", str(number), name=name)

    def episode(self, number: int | float, display: str = "") -> None:
        self._add("episode", str(number), display=display)


class _Explicit:
    """itunes:explicit as 'true'/'false' (feedgen only knows the legacy words)."""

    def __init__(self) -> None:
        self._value: bool | None = None

    def explicit(self, value: bool) -> None:
        self._value = bool(value)

    def _emit(self, parent: Any) -> None:
        if self._value is not None:
            etree.SubElement(parent, f"{{{ITUNES_NS}}}explicit").text = "true" if self._value else "false"


class ItunesExplicitExtension(BaseExtension, _Explicit):
    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, feed: Any) -> Any:
        self._emit(feed[0])
        return feed


class ItunesExplicitEntryExtension(BaseEntryExtension, _Explicit):
    def extend_rss(self, item: Any) -> Any:
        self._emit(item)
        return item


class _NoEntry(BaseEntryExtension):
    def extend_rss(self, item: Any) -> Any:
        return item


class HubExtension(BaseExtension):
    """WebSub: <atom:link rel="hub">, which feedgen does not write in RSS (only rel="self")."""

    def __init__(self) -> None:
        self._hub = ""

    def hub(self, url: str) -> None:
        self._hub = url

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}

    def extend_rss(self, feed: Any) -> Any:
        if self._hub:
            channel = feed[0]
            link = etree.Element(f"{{{ATOM_NS}}}link", rel="hub", href=self._hub)
            own = channel.find(f"{{{ATOM_NS}}}link")  # beside rel="self", where apps look
            channel.insert(list(channel).index(own) + 1 if own is not None else len(channel), link)
        return feed


def register(fg: Any) -> None:
    """Add our extensions to a FeedGenerator (after feedgen's own 'podcast')."""
    fg.register_extension("pc20", Pc20Extension, Pc20EntryExtension, atom=False)
    fg.register_extension("itunes_current", ItunesExplicitExtension, ItunesExplicitEntryExtension,
                          atom=False)
    fg.register_extension("websub", HubExtension, _NoEntry, atom=False)
