"""Filters that every HTML page passes through between its template and the disk.

A plugin that must change finished pages (discovery's responsive images) registers
a filter in the context; stepwise's writers apply it to the rendered text. Doing it
on Pelican's content_written signal instead meant reading every page back from disk
and writing half of them a second time, on each build (bench/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.contents import Article
from pelican.writers import Writer

from .protocols import Content
from .protocols import Writer as WriterLike

# A page's HTML and the folder the writer writes into -> the HTML to write.
PageFilter = Callable[[str, Path], str]

# The filters, in the context every page is rendered with (a tuple, applied in order).
FILTERS_KEY = "_STEPWISE_PAGE_FILTERS"


def add_page_filter(context: dict[str, Any], page_filter: PageFilter) -> None:
    context[FILTERS_KEY] = (*context.get(FILTERS_KEY, ()), page_filter)


class FilteredTemplate:
    """A Jinja template whose render() output goes through the page filters.

    Pelican's writer only calls render() on the template it is given, for each page
    (and for each page of a paginated listing)."""

    def __init__(self, template: Any, filters: tuple[PageFilter, ...], output: Path) -> None:
        self.template = template
        self.filters = filters
        self.output = output

    def render(self, *args: Any, **kwargs: Any) -> str:
        html = self.template.render(*args, **kwargs)
        for page_filter in self.filters:
            html = page_filter(html, self.output)
        return html


def filtered(name: str, template: Any, context: dict[str, Any], output: str | Path) -> Any:
    """The template to hand Pelican's writer for the page `name` (an HTML page or listing:
    other files it writes, feeds and JSON, are left alone) of `context`."""
    filters = context.get(FILTERS_KEY, ())
    if not filters or not str(name).endswith(".html"):
        return template
    return FilteredTemplate(template, filters, Path(output))


class FilteringWriter(Writer):
    """Pelican's writer, with every HTML page through the page filters: the stepwise
    plugin's writer, and the base of the speed plugin's."""

    def write_file(self, name: Any, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None:
        super().write_file(name, filtered(name, template, context, self.output_path), context,
                           *args, **kwargs)


def write_item(writer: WriterLike, env: Any, context: dict[str, Any], item: Content, relative: bool) -> None:
    """One post's or page's page, by the same call as ArticlesGenerator.generate_articles /
    PagesGenerator.generate_output (the live preview and preview first render one alone)."""
    template = env.get_template(f"{item.template}.html")
    extra = ({"article": item, "category": getattr(item, "category", None), "blog": True}
             if isinstance(item, Article) else {"page": item})
    writer.write_file(item.save_as, template, context, relative_urls=relative,
                      override_output=hasattr(item, "override_save_as"), url=item.url, **extra)
