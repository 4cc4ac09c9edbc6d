"""Question kinds are one table (plugins/worksheets/kinds.py): adding a row is all a new kind
made of an existing shape needs. Proven on a site whose settings register made-up kinds: the
form draws them, the script keeps and restores their answers (and the rating's history), the
downloads and the feeds carry them. And each shape the table names is drawn by the template,
kept by every part of the script and described in the feed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import html

from tests.browser import serve
from tests.conftest import CONTENT, ROOT, BuildResult, run_build
from tests.worksheets.conftest import write_post
from tests.worksheets.helpers import NewPage, download, ready, stored
from worksheets.feed import ANSWER_HINTS
from worksheets.kinds import KINDS, SHAPES, Kind

# The table is reached through a lower-case name: Pelican takes every upper-case name of a
# settings file as a setting.
SETTINGS = f"""\
from pelicanconf import *  # noqa: F403
from worksheets import kinds
from worksheets.kinds import Field, Kind, text, text_list

THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
kinds.KINDS["weather"] = Kind("weather", "the inner weather, 0 to 10", "rating",
                              {{"low": Field(text, "low: Stormy"), "high": Field(text, "high: Clear")}}, {{}})
kinds.KINDS["next-steps"] = Kind("next-steps", "two small steps", "lines", {{}}, {{}}, rows=2)
kinds.KINDS["comforts"] = Kind("comforts", "comforts to tick", "choices",
                               {{"items": Field(text_list(1, 9), "items: [Tea, A walk]")}}, {{}})
"""

BLOCK = """\
```worksheet
title: Inner weather
questions:
  - id: weather-now
    kind: weather
    prompt: What is the weather like inside you today?
    low: Stormy
    high: Clear skies
  - id: steps
    kind: next-steps
    prompt: Which two small steps could you take this week?
  - id: comforts
    kind: comforts
    prompt: What comforted you?
    items: [A cup of tea, A slow walk]
```
"""
SLUG = "inner-weather"
ROOT_SELECTOR = ".worksheet[data-storage-key]"


@pytest.fixture(scope="module")
def made_up(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = tmp_path_factory.mktemp("kinds")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    write_post(content, SLUG, block=BLOCK)
    settings = root / "kindsconf.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    result = run_build(content, root / "output", settings=settings)
    assert result.ok, result.stdout + result.stderr
    return result


def fieldset(page: html.HtmlElement, kind: str) -> html.HtmlElement:
    (found,) = page.xpath(f"//fieldset[@data-kind='{kind}']")
    return found


def test_the_form_draws_a_made_up_kind_by_its_shape(made_up: BuildResult) -> None:
    page = html.fromstring(made_up.page(f"posts/{SLUG}/index.html"))
    weather = fieldset(page, "weather")
    assert weather.get("data-shape") == "rating"
    assert (weather.get("data-low"), weather.get("data-high")) == ("Stormy", "Clear skies")
    assert len(weather.xpath(".//input[@type='radio']")) == 11 and weather.xpath(".//*[@data-history]")
    assert len(fieldset(page, "next-steps").xpath(".//textarea[contains(@class, 'line')]")) == 2  # its row's
    boxes = fieldset(page, "comforts").xpath(".//input[@type='checkbox']/@value")
    assert boxes == ["A cup of tea", "A slow walk"]


def test_the_feeds_describe_a_made_up_kind_by_its_shape(made_up: BuildResult) -> None:
    parsed = feedparser.parse((made_up.output / "feeds" / "posts.atom.xml").read_bytes())
    (entry,) = [e for e in parsed.entries if e.link.rstrip("/").endswith(SLUG)]
    items = [li.text_content() for li in html.fromstring(entry.content[0].value).xpath("//li")]
    assert items == ["What is the weather like inside you today? (0 = Stormy, 10 = Clear skies)",
                     "Which two small steps could you take this week?",
                     "What comforted you? (A cup of tea, A slow walk)"]


@pytest.mark.browser
def test_the_script_keeps_and_restores_a_made_up_kind(made_up: BuildResult, new_page: NewPage) -> None:
    with serve(made_up.output) as url:
        page = new_page()
        page.goto(f"{url}/posts/{SLUG}/")
        keeps_and_restores(page)


def keeps_and_restores(page: Any) -> None:
    """Saving on: each made-up kind's answer is stored as its shape's, and comes back on reload."""
    ready(page)
    sheet = page.locator(ROOT_SELECTOR)
    key = sheet.get_attribute("data-storage-key")
    page.locator("[data-save]").check()
    page.locator("fieldset[data-kind=weather] input[value='7']").check()
    lines = page.locator("fieldset[data-kind=next-steps] textarea")
    lines.nth(0).fill("Call my sister")
    lines.nth(1).fill("An early night")
    page.locator("fieldset[data-kind=comforts] input[value='A slow walk']").check()
    record = stored(page, key)
    assert record["answers"] == {"weather-now": 7, "steps": ["Call my sister", "An early night"],
                                 "comforts": {"checked": ["A slow walk"], "other": ""}}
    assert [r["value"] for r in record["ratings"]["weather-now"]] == [7]   # a rating keeps its day
    page.reload()
    ready(page)
    assert page.locator("fieldset[data-kind=weather] input[value='7']").is_checked()
    assert lines.nth(1).input_value() == "An early night"
    assert page.locator("fieldset[data-kind=comforts] input[value='A slow walk']").is_checked()
    assert "Saved rating: 7" in page.locator("fieldset[data-kind=weather] [data-history]").text_content()
    exported = json.loads(download(page, "json"))
    assert [q["kind"] for q in exported["questions"]] == ["weather", "next-steps", "comforts"]
    assert "**7** out of 10" in download(page, "markdown")
    assert not page.console_errors


# --- every shape is handled everywhere -------------------------------------------------------

JS = ROOT / "theme" / "static" / "js" / "worksheet"
# The tables of the script that hold one entry per shape: file -> the table's name.
SHAPE_TABLES = {"answers.js": "SHAPES", "files.js": "MARKDOWN", "importer.js": "READ", "merge.js": "COMBINE"}


def table_keys(path: Path, name: str) -> set[str]:
    """The keys of `const NAME = { key: …, }` in a script, written two spaces in."""
    body = re.search(rf"^const {name} = \{{\n(.*?)^\}};", path.read_text(encoding="utf-8"), re.M | re.S)
    assert body, f"{path.name}: no table {name}"
    return set(re.findall(r"^  '?([\w-]+)'?:", body.group(1), re.M))


@pytest.mark.parametrize(("script", "table"), SHAPE_TABLES.items())
def test_every_shape_has_its_entry_in_each_table_of_the_script(script: str, table: str) -> None:
    assert table_keys(JS / script, table) == set(SHAPES)


def test_every_kind_is_made_of_a_known_shape() -> None:
    assert {kind.shape for kind in KINDS.values()} <= set(SHAPES)
    assert set(ANSWER_HINTS) <= set(SHAPES)


def test_every_shape_is_drawn_by_the_form() -> None:
    form_template = ROOT / "plugins" / "worksheets" / "templates" / "partials" / "worksheet_form.html"
    form = form_template.read_text(encoding="utf-8")
    assert set(re.findall(r"q\.shape == '(\w+)'", form)) == set(SHAPES)


CLASS = re.compile(r'\bclass="[^"]*"')  # a style's name (class="scale") is not a kind


def test_no_kind_is_named_in_the_theme_or_its_scripts() -> None:
    """The theme reads a question's shape, never its kind: no kind's name stands there as a
    literal (a kind named as its shape is, `columns`, is the shape's name there)."""
    names = set(KINDS) - set(SHAPES)
    theme = ROOT / "theme"
    files = [*(theme / "templates").rglob("*.html"), *(theme / "static" / "js").rglob("*.js")]
    texts = {path.name: CLASS.sub("", path.read_text(encoding="utf-8")) for path in files}
    found = [f"{file}: {name}" for file, text in texts.items() for name in names
             if re.search(rf"""['"]{name}['"]""", text)]
    assert found == []


def test_the_feed_names_no_kind() -> None:
    feed = (ROOT / "plugins" / "worksheets" / "feed.py").read_text(encoding="utf-8")
    assert not any(f'"{name}"' in feed for name in KINDS if name not in SHAPES)
    assert "question.kind" not in feed


def test_a_kind_of_an_unknown_shape_is_refused_where_it_is_made() -> None:
    with pytest.raises(ValueError, match="kind 'stars' has shape 'stars'; use one of: text, rating"):
        Kind("stars", "five stars", "stars", {}, {})


def test_the_readme_lists_every_kind_and_the_fields_it_takes() -> None:
    """The README's table of kinds is the table's words for authors: no kind more or less, each
    with its required fields and (in brackets) its optional ones."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|$", readme, re.MULTILINE))
    assert set(rows) == set(KINDS)
    for name, needs in rows.items():
        kind = KINDS[name]
        assert all(re.search(rf"(?<!\()`{field}[`:]", needs) for field in kind.required), name
        assert all(re.search(rf"\(`{field}[`:]", needs) for field in kind.optional), name
