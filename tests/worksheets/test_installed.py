"""The worksheets plugin installed from its wheel into a fresh environment, in a site made as
pelican-quickstart makes one, with the default theme and this plugin alone (tests/installed.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html

from tests.installed import (
    assert_from_the_wheel,
    environment_with,
    listed_plugins,
    pelican_build,
    quickstart_settings,
    write,
)

pytestmark = pytest.mark.slow
installed = environment_with("worksheets")

SETTINGS = """PLUGINS = ["worksheets"]
WORKSHEETS_DEFAULT = "weekly-check-in"
# The README's way to show a post's worksheet with a theme that knows nothing of worksheets
THEME_TEMPLATES_OVERRIDES = ["templates"]
RELATIVE_URLS = True  # the quickstart's own suggestion: every address depends on the page's depth
"""
ARTICLE_OVERRIDE = """{% extends "!theme/article.html" %}
{% block content %}{{ super() }}{% include "partials/worksheet_section.html" ignore missing %}{% endblock %}
"""
CHECK_IN = """title: Weekly check-in
intro: Five minutes to look back at the week.
minutes: 5
questions:
  - id: went-well
    kind: reflect
    prompt: What went well, even a <b>little</b>?
  - id: energy
    kind: scale
    prompt: How was your energy?
    low: Very low
    high: Plenty
"""
FIRST_POST = """Title: Our first walk
Date: 2026-11-02 10:00
Category: Notes

We walked to the river and back, slower than last week.
"""
OWN_QUESTIONS = """Title: Seeds in March
Date: 2026-11-09 10:00
Category: Notes

We sowed the seeds too early, and that was fine.

```worksheet
title: Before the next sowing
questions:
  - What would you do the same way?
```
"""

PRIVACY = """Title: Privacy

What you write in a worksheet stays in your browser.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    quickstart_settings(tmp_path, SETTINGS)
    write(tmp_path, {"templates/article.html": ARTICLE_OVERRIDE,
                     "content/worksheets/weekly-check-in.yaml": CHECK_IN,
                     "content/our-first-walk.md": FIRST_POST, "content/seeds-in-march.md": OWN_QUESTIONS,
                     "content/pages/privacy.md": PRIVACY})
    return tmp_path


def test_the_plugin_comes_from_the_wheel_not_from_this_checkout(installed: Path) -> None:
    assert_from_the_wheel(installed, "pelican.plugins.worksheets", "stepwise_core")
    assert "pelican.plugins.worksheets" in listed_plugins(installed)


def test_a_quickstart_site_gets_its_worksheet_pages_and_a_worksheet_under_each_post(
        installed: Path, site: Path) -> None:
    done = pelican_build(installed, site, "--fatal", "errors")
    assert done.returncode == 0, done.stdout + done.stderr
    out = site / "output"
    sheet = html.parse(out / "worksheets" / "weekly-check-in" / "index.html")
    form = sheet.xpath("//div[@role='form'][@data-worksheet='weekly-check-in']")
    assert len(form) == 1
    assert [f.get("data-kind") for f in form[0].xpath(".//fieldset")] == ["reflect", "scale"]
    assert len(form[0].xpath(".//input[@type='radio']")) == 11
    # What an author wrote is text, even in a site whose templates do not autoescape
    prompt = form[0].xpath(".//fieldset[1]//span[@data-prompt]")[0]
    assert prompt.text_content() == "What went well, even a <b>little</b>?" and not prompt.xpath(".//b")
    # Under the post (the default worksheet), by the override the README shows
    post = html.parse(out / "our-first-walk.html")
    assert post.xpath("//section[@class='worksheet-section']//div[@data-worksheet='weekly-check-in']")
    # A post's own questions: taken out of its text, on its page and a page of their own
    seeds = (out / "seeds-in-march.html").read_text(encoding="utf-8")
    assert "```" not in seeds and "Before the next sowing" in seeds
    assert (out / "worksheets" / "post-seeds-in-march" / "index.html").is_file()
    # The form is rendered once per worksheet, yet its privacy link works from every page's depth
    for page in ("our-first-walk.html", "worksheets/weekly-check-in/index.html"):
        (href,) = html.parse(out / page).xpath("//details[@data-where]//a/@href")
        assert ((out / page).parent / href).resolve() == (out / "pages" / "privacy.html").resolve(), page
    index = html.parse(out / "worksheets" / "index.html")
    assert {a.text for a in index.xpath("//ul[@class='worksheet-list']//a")} == {
        "Weekly check-in", "Before the next sowing"}


def test_a_broken_worksheet_is_an_error_naming_file_and_field(installed: Path, site: Path) -> None:
    broken = site / "content" / "worksheets" / "weekly-check-in.yaml"
    broken.write_text(CHECK_IN.replace("kind: scale", "kind: slider"), encoding="utf-8")
    shutil.rmtree(site / "output", ignore_errors=True)
    done = pelican_build(installed, site, "--fatal", "errors")
    assert done.returncode != 0
    said = " ".join((done.stdout + done.stderr).split())
    assert "weekly-check-in.yaml" in said and "slider" in said
