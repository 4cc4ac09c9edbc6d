"""Old addresses keep working: rename a post and an episode, list the old slugs in
`Previous-Slugs:`, and each old URL leads to the new page (meta refresh, canonical link,
a plain link), passes the site's CSP in Chromium, and stays out of the sitemap and the
search index. An old address never replaces a live page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from tests.conftest import CONTENT, BuildResult, run_build
from tests.podcast.test_podcast_pages import Tags

POST = ("posts/weighing-the-evidence-for-a-belief.md", "weighing-the-evidence-for-a-belief",
        "putting-a-belief-on-trial", "posts/")
EPISODE = ("episodes/002-small-wins-count.md", "small-wins-count", "small-wins", "episodes/")
PAGE = ("pages/about.md", "about", "about-us", "")
CASES = {"post": POST, "episode": EPISODE, "page": PAGE}


def rename(content: Path, file: str, old: str, new: str, extra: str = "") -> None:
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert f"Slug: {old}\n" in text
    path.write_text(text.replace(f"Slug: {old}\n", f"Slug: {new}\nPrevious-Slugs: {old}{extra}\n"), "utf-8")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    tmp = tmp_path_factory.mktemp("renamed")
    content = tmp / "content"
    shutil.copytree(CONTENT, content)
    rename(content, POST[0], POST[1], POST[2])
    rename(content, EPISODE[0], EPISODE[1], EPISODE[2], extra=", tiny-wins")
    rename(content, PAGE[0], PAGE[1], PAGE[2])
    result = run_build(content, tmp / "output")
    assert result.ok, result.stderr
    return result


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_old_address_leads_to_the_new_page(renamed: BuildResult, built_site: BuildResult,
                                               case: tuple[str, str, str, str]) -> None:
    _file, old, new, folder = case
    assert (built_site.output / f"{folder}{old}" / "index.html").is_file()  # where readers bookmarked it
    assert (renamed.output / f"{folder}{new}" / "index.html").is_file()
    page = Tags(renamed.page(f"{folder}{old}/index.html"))
    [refresh] = page.find("meta", http_equiv="refresh")
    assert refresh["content"] == f"0; url=/{folder}{new}/"
    [canonical] = page.find("link", rel="canonical")
    assert canonical["href"] == f"https://stepwise.example/{folder}{new}/"
    assert page.find("a", href=f"/{folder}{new}/")
    assert page.find("meta", name="robots", content="noindex")
    assert not page.find("main")  # the search index reads only <main>


def test_every_listed_old_slug_gets_a_page(renamed: BuildResult) -> None:
    assert (renamed.output / "episodes" / "tiny-wins" / "index.html").is_file()


def test_redirect_pages_stay_out_of_the_sitemap_and_the_search_index(renamed: BuildResult,
                                                                     built_site: BuildResult) -> None:
    sitemap = (renamed.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/posts/putting-a-belief-on-trial/" in sitemap
    assert "/posts/weighing-the-evidence-for-a-belief/" not in sitemap and "tiny-wins" not in sitemap

    def pages(result: BuildResult) -> int:
        entry = json.loads((result.output / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    assert pages(renamed) == pages(built_site)


def test_the_episode_keeps_its_guid_and_the_feed_names_the_new_page(renamed: BuildResult) -> None:
    feed = renamed.page("feeds/podcast.xml")
    assert "<guid isPermaLink=\"false\">a15ceb8f-1197-43dd-8c69-d8e8b8409985</guid>" in feed
    assert "https://stepwise.example/episodes/small-wins/" in feed
    assert "https://stepwise.example/episodes/small-wins-count/" not in feed


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_browser_lands_on_the_new_page_under_the_csp(renamed: BuildResult, new_page: Any,
                                                        case: tuple[str, str, str, str]) -> None:
    from tests.browser import serve

    _file, old, new, folder = case

    with serve(renamed.output) as url:
        page = new_page()
        page.goto(f"{url}/{folder}{old}/")
        page.wait_for_url(f"{url}/{folder}{new}/")
        assert page.locator("h1").first.text_content()
        assert not page.console_errors and not page.foreign_requests


@pytest.mark.parametrize(("edit", "message"), [
    ("weighing-the-evidence-for-a-belief", "'weighing-the-evidence-for-a-belief' would replace "
     "posts/weighing-the-evidence-for-a-belief/index.html, the page of "
     "content/posts/weighing-the-evidence-for-a-belief.md"),
    ("Not A Slug", "'Not A Slug' is not a slug"),
    ("progress-is-not-a-straight-line", "'progress-is-not-a-straight-line' is the current slug"),
])
def test_an_old_slug_that_cannot_work_is_an_error(tmp_path: Path, edit: str, message: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    post = content / "posts" / "progress-is-not-a-straight-line.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("\nSummary:", f"\nPrevious-Slugs: {edit}\nSummary:", 1), encoding="utf-8")
    result = run_build(content, tmp_path / "output")
    assert result.returncode == 1
    assert f"content/posts/progress-is-not-a-straight-line.md:7: Previous-Slugs: {message}" in result.stderr


def test_an_old_page_address_cannot_replace_a_listing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    about = content / "pages" / "about.md"
    text = about.read_text("utf-8").replace("Slug: about\n", "Slug: about\nPrevious-Slugs: archives\n")
    about.write_text(text, "utf-8")
    result = run_build(content, tmp_path / "output")
    assert result.returncode == 1
    assert ("content/pages/about.md:3: Previous-Slugs: 'archives' would replace archives/index.html, the "
            "archives page") in result.stderr


def test_two_items_cannot_claim_one_old_address(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for name in ("progress-is-not-a-straight-line", "the-relationship-is-the-therapy"):
        post = content / "posts" / f"{name}.md"
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("\nSummary:", "\nPrevious-Slugs: an-old-name\nSummary:", 1), "utf-8")
    result = run_build(content, tmp_path / "output")
    assert result.returncode == 1
    assert ("the-relationship-is-the-therapy.md:7: Previous-Slugs: 'an-old-name' is also a previous slug of "
            "content/posts/progress-is-not-a-straight-line.md") in result.stderr


def test_redirect_pages_are_valid_html(renamed: BuildResult) -> None:
    from tests.site.test_html_valid import VNU

    java = shutil.which("java")
    assert java and VNU.exists(), "run `make setup-test` (java and vnu-jar)"
    pages = [str(renamed.output / f"{folder}{old}" / "index.html") for _f, old, _n, folder in CASES.values()]
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", *pages], capture_output=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_redirect_page_carries_the_crisis_lines_and_the_not_therapy_note(
        renamed: BuildResult, case: tuple[str, str, str, str]) -> None:
    """A browser that blocks instant redirects shows the page itself: help must be on it."""
    import pelicanconf

    _file, old, _new, folder = case
    page = html.fromstring(renamed.page(f"{folder}{old}/index.html"))
    text = " ".join(page.text_content().split())
    for line in pelicanconf.CRISIS_RESOURCES:
        assert page.xpath(f"//a[@href='{line['href']}']"), line["name"]
        assert line["action"] in text and line["detail"] in text
    assert page.xpath("//a[@href='#crisis-help']") and page.xpath("//*[@id='crisis-help']")
    assert pelicanconf.NOT_THERAPY_NOTE in text


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_redirect_page_held_back_by_the_browser_passes_axe(renamed: BuildResult, new_page: Any,
                                                              scheme: str) -> None:
    """What a reader sees when the browser does not follow the refresh at once."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser import serve

    _file, old, _new, folder = POST
    with serve(renamed.output) as url:
        page = new_page(color_scheme=scheme)

        def held_back(route: Any) -> None:
            response = route.fetch()
            held = re.sub(r"<script[^>]*>.*?</script>", "", response.text(), flags=re.DOTALL)
            held = held.replace('http-equiv="refresh"', 'data-held="refresh"')   # neither sends it on
            route.fulfill(response=response, body=held)
        page.route(f"{url}/{folder}{old}/", held_back)
        page.goto(f"{url}/{folder}{old}/")
        assert page.url == f"{url}/{folder}{old}/"
        assert page.locator(".crisis-strip a").count() == 4 and page.locator("#crisis-help").is_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_the_part_after_hash_survives_the_redirect(renamed: BuildResult, new_page: Any) -> None:
    """/episodes/old/#subscribe lands on #subscribe (a same-origin script, under the CSP); without
    JavaScript the meta refresh still lands on the page."""
    from tests.browser import serve

    with serve(renamed.output) as url:
        page = new_page()
        page.goto(f"{url}/episodes/small-wins-count/#subscribe")
        page.wait_for_url(f"{url}/episodes/small-wins/#subscribe")
        assert page.evaluate("location.hash") == "#subscribe"
        assert not page.console_errors and not page.foreign_requests
        plain = new_page(java_script_enabled=False)
        plain.goto(f"{url}/episodes/small-wins-count/#subscribe")
        plain.wait_for_url(f"{url}/episodes/small-wins/**")
        assert plain.locator("#subscribe").count() == 1
