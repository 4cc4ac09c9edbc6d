"""Page filters: what stepwise's writers apply to each page between its template and the disk."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from pelican.settings import read_settings

from stepwise_core.pages import FilteringWriter, add_page_filter, filtered


def test_filters_run_in_the_order_they_were_added_and_see_the_output_folder(tmp_path: Path) -> None:
    context: dict = {}
    add_page_filter(context, lambda html, output: html.replace("a", "b") + f"|{output.name}")
    add_page_filter(context, lambda html, output: html.upper())
    template = Environment().from_string("a{{ x }}")
    assert filtered("p.html", template, context, tmp_path).render(x="a") == f"BB|{tmp_path.name.upper()}"
    assert filtered("p.html", template, {}, tmp_path) is template  # no filters: Pelican's own template
    assert filtered("feed.xml", template, context, tmp_path) is template  # not a page


def test_the_writer_writes_every_page_of_a_listing_filtered(tmp_path: Path) -> None:
    settings = read_settings(override={"PAGINATED_TEMPLATES": {"list": 1}, "DEFAULT_PAGINATION": 1,
                                       "PATH": str(tmp_path)})
    context: dict = {}
    add_page_filter(context, lambda html, output: html.replace("item", "ITEM"))
    template = Environment().from_string("{% for x in articles_page.object_list %}item {{ x }}{% endfor %}")
    writer = FilteringWriter(str(tmp_path), settings=settings)
    writer.write_file("list.html", template, context, paginated={"articles": ["1", "2"]},
                      template_name="list", url="list.html")
    assert (tmp_path / "list.html").read_text(encoding="utf-8") == "ITEM 1"
    assert (tmp_path / "list2.html").read_text(encoding="utf-8") == "ITEM 2"
