"""What our code reads of Pelican's objects, as Protocols: Pelican ships no type information,
so without these every article, generator and writer would be `Any` and mypy would check
nothing about them.

Each Protocol names only the fields the core, the plugins and the tools read or set, with
the type Pelican 4.12 gives them; Pelican's own classes satisfy them without knowing.
Pelican turns every metadata line into an attribute, and our plugins attach their own
typed objects (`article.episode`, `article.worksheet`, `article.discovery`): a plugin that
reads or sets its own attribute declares it in a Protocol of its own that extends Article
(or Content), and names the generator whose items it works on by it:
`ArticlesGenerator[EpisodeArticle]`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

# The site's settings as a reader of them takes them (Pelican's is a plain dict).
Settings = Mapping[str, Any]


class StaticFile(Protocol):
    """pelican.contents.Static: a file copied from content/ as it is."""

    source_path: str
    relative_source_path: str  # from content/
    relative_dir: str  # the folder of relative_source_path
    save_as: str


class Content(StaticFile, Protocol):
    """pelican.contents.Content: a post, episode or page, read from Markdown."""

    metadata: dict[str, Any]  # the fields as the reader gave them
    settings: dict[str, Any]
    slug: str
    title: str
    url: str
    status: str  # published, draft or hidden
    template: str
    summary: str  # plain text (the stepwise plugin cuts one from the body where none is given)
    _content: str  # the body as converted, before {filename} links are resolved

    def get_content(self, siteurl: str) -> str: ...

    def get_static_links(self) -> set[str]: ...  # {static} and {attach} targets, from content/


class Article(Content, Protocol):
    """pelican.contents.Article: a post or an episode (pages have no date or category)."""

    date: dt.datetime
    category: Any  # pelican.urlwrappers.Category


class Pelican(Protocol):
    """pelican.Pelican: what initialized, get_generators, get_writer and finalized hand over."""

    settings: dict[str, Any]
    output_path: str


class Readers(Protocol):
    """pelican.readers.Readers, as readers_init hands it over."""

    settings: dict[str, Any]
    reader_classes: dict[str, type]  # file extension -> reader class


class Reader(Protocol):
    """pelican.readers.BaseReader: the sender of stepwise_core.signals.file_read."""

    settings: dict[str, Any]


class Generator(Protocol):
    """pelican.generators.Generator: what every generator signal hands a receiver."""

    settings: dict[str, Any]
    context: dict[str, Any]  # shared by every generator of the build
    path: str  # the content folder
    env: Any  # its jinja2 Environment


ArticleT = TypeVar("ArticleT", bound=Article)
ContentT = TypeVar("ContentT", bound=Content)


class ArticlesGenerator(Generator, Protocol[ArticleT]):
    """pelican.generators.ArticlesGenerator, whose articles carry what ArticleT says."""

    articles: list[ArticleT]  # published, newest first
    drafts: list[ArticleT]
    hidden_articles: list[ArticleT]


class PagesGenerator(Generator, Protocol[ContentT]):
    pages: list[ContentT]


class StaticGenerator(Generator, Protocol):
    staticfiles: list[StaticFile]


class Writer(Protocol):
    """pelican.writers.Writer, as the generators' generate_output calls it."""

    output_path: str
    settings: dict[str, Any]

    def write_file(self, name: str, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None: ...

    def write_feed(self, elements: list[Any], context: dict[str, Any], path: str | None = None,
                   *args: Any, **kwargs: Any) -> Any: ...
