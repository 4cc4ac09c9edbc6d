"""A test-only plugin: do Pelican's real objects have every field our Protocols say they have?

With STEPWISE_TEST_PROTOCOLS set to a file path, each signal's objects are checked against
the Protocol our code reads them through (stepwise_core.protocols, and the plugins' own for
the attributes they attach, once they are attached), and one JSON line per check is
appended: the Protocol, the object's class, and the members it lacks.
"""

from __future__ import annotations

import json
import os
from typing import Any, Generic, Protocol

from pelican import signals

from discovery.plugin import DiscoveredArticle, PageWithImage
from podcast.model import EpisodeArticle
from stepwise.plugin import KindedArticle
from stepwise_core import protocols
from stepwise_core.signals import file_read
from worksheets.model import WorksheetArticle


def members(protocol: type) -> set[str]:
    """The fields and methods a Protocol declares, its bases' included (Python 3.11 has no
    typing.get_protocol_members)."""
    names: set[str] = set()
    for klass in protocol.__mro__:
        if klass in (object, Protocol, Generic) or not getattr(klass, "_is_protocol", False):
            continue
        names |= set(vars(klass).get("__annotations__", {}))
        names |= {name for name, value in vars(klass).items() if callable(value) and not name.startswith("_")}
    return names


def check(protocol: type, *objects: Any) -> None:
    path = os.environ.get("STEPWISE_TEST_PROTOCOLS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for item in objects:
            missing = sorted(name for name in members(protocol) if not hasattr(item, name))
            out.write(json.dumps({"protocol": protocol.__name__, "class": type(item).__name__,
                                  "missing": missing, "what": str(getattr(item, "source_path", ""))}) + "\n")


def on_pelican(pelican: Any) -> None:
    check(protocols.Pelican, pelican)


def on_readers(readers: Any) -> None:
    check(protocols.Readers, readers)


def on_file_read(reader: Any, content: str, metadata: dict[str, Any], source: str) -> None:
    check(protocols.Reader, reader)


def on_articles(generator: Any) -> None:
    check(protocols.ArticlesGenerator, generator)
    check(protocols.Article, *generator.articles, *generator.drafts, *generator.hidden_articles)


def on_pages(generator: Any) -> None:
    check(protocols.PagesGenerator, generator)
    check(protocols.Content, *generator.pages)


def on_static(generator: Any) -> None:
    check(protocols.StaticGenerator, generator)
    check(protocols.StaticFile, *generator.staticfiles)


def on_all(generators: list[Any]) -> None:
    """Every plugin's receivers have run: the attributes they attach are there."""
    for generator in generators:
        check(protocols.Generator, generator)
        articles = [*getattr(generator, "articles", []), *getattr(generator, "hidden_articles", [])]
        check(KindedArticle, *articles, *getattr(generator, "drafts", []))
        check(WorksheetArticle, *articles, *getattr(generator, "drafts", []))
        check(DiscoveredArticle, *articles)
        check(PageWithImage, *getattr(generator, "pages", []))
        check(EpisodeArticle, *[a for a in articles if getattr(a, "kind", "") == "episode"])


def on_writer(_generator: Any, writer: Any) -> None:
    check(protocols.Writer, writer)


def register() -> None:
    signals.initialized.connect(on_pelican)
    signals.readers_init.connect(on_readers)
    file_read.connect(on_file_read)
    signals.article_generator_finalized.connect(on_articles)
    signals.page_generator_finalized.connect(on_pages)
    signals.static_generator_finalized.connect(on_static)
    signals.all_generators_finalized.connect(on_all)
    signals.article_writer_finalized.connect(on_writer)
