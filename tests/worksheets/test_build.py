"""The built site: a worksheet form on every post and episode, printable pages, the index,
feeds that carry the questions, escaping everywhere, and bad worksheets failing the build."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from tests.conftest import CONTENT, BuildResult
from tests.worksheets.conftest import EVIL_PROMPT, EVIL_TITLE, INLINE_BLOCK, write_post

PUBLIC = "https://stepwise.example"
# The worksheet: a named form landmark, not a <form> (nothing is submitted, and Pagefind
# skips what is inside a <form>).
SHEET = "//div[@role='form'][contains(@class,'worksheet')]"


def header(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head.splitlines())}


def published(folder: str) -> list[dict[str, str]]:
    now = dt.datetime.now()
    found = []
    for path in sorted((CONTENT / folder).glob("*.md")):
        meta = header(path)
        if meta.get("status", "published") == "draft":
            continue
        if dt.datetime.fromisoformat(meta["date"].replace(" ", "T")) > now:
            continue
        found.append(meta)
    return found


def entry_pages(site: BuildResult) -> dict[str, list[html.HtmlElement]]:
    """Built pages of posts and episodes, by kind (from the article's data-kind)."""
    pages: dict[str, list[html.HtmlElement]] = {"post": [], "episode": []}
    for path in sorted(site.output.rglob("index.html")):
        tree = html.fromstring(path.read_text(encoding="utf-8"))
        kinds = tree.xpath("//article[contains(@class,'entry')]/@data-kind")
        if kinds and kinds[0] in pages:
            tree.source_path = path  # type: ignore[attr-defined]
            pages[kinds[0]].append(tree)
    return pages


def label_of(form: html.HtmlElement, control: html.HtmlElement) -> list[html.HtmlElement]:
    """The labels of a control: by for=, or wrapped around it."""
    return form.xpath(f".//label[@for='{control.get('id')}']") + control.xpath("ancestor::label")


def check_form(form: html.HtmlElement) -> None:
    """Fieldset and legend per question, a label for every control, 11 labelled radios per scale,
    and nothing that could be submitted."""
    questions = form.xpath(".//fieldset[@data-question]")
    assert questions
    for fieldset in questions:
        assert fieldset.find("legend") is not None and fieldset.find("legend").text_content().strip()
        if fieldset.get("data-kind") == "scale":
            radios = fieldset.xpath(".//input[@type='radio']")
            assert [r.get("value") for r in radios] == [str(n) for n in range(11)]
            ends = [label_of(form, radios[n])[0].text_content() for n in (0, 10)]
            assert all(re.match(r"\d+, \S", end) for end in ends), ends
    for control in form.xpath(".//input | .//textarea"):
        labels = label_of(form, control)
        assert len(labels) == 1 and labels[0].text_content().strip(), control.get("id")
    text = form.text_content()
    assert re.search(r"About \d+ minutes", text)
    assert "does not replace therapy" in text
    assert not form.xpath("ancestor-or-self::form | .//form")  # Enter never sends answers anywhere
    heading = form.getroottree().xpath(f"//*[@id='{form.get('aria-labelledby')}']")
    assert len(heading) == 1 and heading[0].tag in {"h1", "h2"}
    assert all(c.get("autocomplete") == "off" for c in form.xpath(".//textarea | .//input[@type='text']"))
    # Boxes and radio buttons may not carry autocomplete: their form does, and sending it does nothing.
    for control in form.xpath(".//input[@type='checkbox' or @type='radio']"):
        owner = form.getroottree().xpath(f"//form[@id='{control.get('form')}']")
        assert len(owner) == 1 and owner[0].get("autocomplete") == "off", control.get("id")
        assert owner[0].get("method") == "dialog" and not len(owner[0]), control.get("id")


def test_every_post_and_episode_page_has_one_worksheet_form(built_site: BuildResult) -> None:
    pages = entry_pages(built_site)
    assert len(pages["post"]) == len(published("posts")) >= 4
    assert len(pages["episode"]) == len(published("episodes"))
    for tree in pages["post"] + pages["episode"]:
        forms = tree.xpath(SHEET)
        assert len(forms) == 1, tree.source_path
        check_form(forms[0])
        assert tree.xpath("//script[contains(@src,'/js/worksheet.js')]")
        assert tree.xpath("//link[contains(@href,'/css/worksheet.css')]")


def test_each_printable_page_exists_and_the_index_lists_them(built_site: BuildResult) -> None:
    used = set()
    for tree in itertools.chain.from_iterable(entry_pages(built_site).values()):
        slug = tree.xpath(SHEET + "/@data-worksheet")[0]
        link = tree.xpath("//p[contains(@class,'worksheet-page-link')]/a/@href")
        assert link == [f"/worksheets/{slug}/"]
        used.add(slug)
    library = {path.stem for path in (CONTENT / "worksheets").glob("*.yaml")}
    index = html.fromstring(built_site.page("worksheets/index.html"))
    listed = set(index.xpath("//main//a/@href"))
    for slug in used | library:
        page = html.fromstring(built_site.page(f"worksheets/{slug}/index.html"))
        forms = page.xpath(SHEET)
        assert len(forms) == 1 and forms[0].get("data-worksheet") == slug
        assert forms[0].get("data-storage-key") == f"stepwise:worksheet:v1:{slug}"
        check_form(forms[0])
        assert page.findtext(".//h1")
        assert f"/worksheets/{slug}/" in listed
        policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        assert "connect-src 'none'" in policy and "script-src 'self'" in policy


def test_resolution_on_the_real_site(built_site: BuildResult) -> None:
    def sheet(slug: str) -> str:
        page = html.fromstring(built_site.page(f"posts/{slug}/index.html"))
        return page.xpath(SHEET + "/@data-worksheet")[0]
    assert sheet("progress-is-not-a-straight-line") == "noticing-progress"      # Worksheet: metadata
    assert sheet("weighing-the-evidence-for-a-belief") == "weighing-a-belief"
    assert sheet("the-relationship-is-the-therapy") == "noticing-progress"     # no rule: the default


@pytest.mark.parametrize("feed", ["feeds/posts.atom.xml", "feeds/posts.rss.xml"])
def test_blog_feed_items_carry_the_questions_and_a_link(built_site: BuildResult, feed: str) -> None:
    parsed = feedparser.parse((built_site.output / feed).read_bytes())
    assert parsed.bozo == 0 and parsed.entries
    for entry in parsed.entries:
        body = entry.content[0].value if "content" in entry else entry.description
        path = entry.link.removeprefix(PUBLIC + "/")
        page = html.fromstring(built_site.page(f"{path}index.html"))
        slug = page.xpath(SHEET + "/@data-worksheet")[0]
        block = html.fromstring(body)
        assert f"{PUBLIC}/worksheets/{slug}/" in block.xpath("//a/@href")
        prompts = [p.text_content() for p in page.xpath(SHEET + "//span[@data-prompt]")]
        items = [li.text_content() for li in block.xpath("//section[@class='worksheet']//li")]
        assert len(items) == len(prompts)
        assert all(i.startswith(p) for i, p in zip(items, prompts, strict=True))
        # The feed block is not repeated on the page itself.
        assert "Fill it in or print it" not in built_site.page(f"{path}index.html")


def test_podcast_feed_items_carry_the_questions(built_site: BuildResult) -> None:
    feed = built_site.output / "feeds" / "podcast.xml"
    if not feed.exists():
        pytest.skip("no podcast feed in this build")
    items = etree.parse(str(feed)).findall(".//item")
    assert items
    for item in items:
        text = etree.tostring(item, encoding="unicode")
        assert f"{PUBLIC}/worksheets/" in text, item.findtext("title")


def test_tricky_text_lands_as_text_on_page_printable_page_and_feed(ws_site: BuildResult) -> None:
    for relative in ("posts/tricky-worksheet/index.html", "worksheets/tricky/index.html"):
        raw = ws_site.page(relative)
        assert "<script>alert" not in raw and "<img src=x" not in raw and "<b>bold" not in raw
        tree = html.fromstring(raw)
        form = tree.xpath(SHEET)[0]
        assert form.xpath(".//span[@data-prompt]")[0].text_content() == EVIL_PROMPT
        assert form.get("data-title") == EVIL_TITLE
        assert EVIL_TITLE in tree.text_content()
        assert not form.xpath(".//script | .//b | .//img | .//i | .//u | .//em")
        check_form(form)
    parsed = feedparser.parse((ws_site.output / "feeds/posts.rss.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link.endswith("/posts/tricky-worksheet/"))
    block = html.fromstring(entry.description).xpath("//section[@class='worksheet']")[0]
    assert not block.xpath(".//script | .//b | .//img")
    assert EVIL_PROMPT in block.text_content() and EVIL_TITLE in block.text_content()


def test_questions_written_inside_a_post_beat_its_metadata(ws_site: BuildResult) -> None:
    page = html.fromstring(ws_site.page("posts/inline-worksheet/index.html"))
    form = page.xpath(SHEET)[0]
    assert form.get("data-worksheet") == "post-inline-worksheet"
    prompts = [p.text_content() for p in form.xpath(".//span[@data-prompt]")]
    assert prompts == ["What felt a little easier this week?", "How hopeful do you feel?"]
    assert "About 4 minutes" in form.text_content()
    assert "What felt" not in page.xpath("//div[@class='entry-body']")[0].text_content()
    assert ws_site.page("worksheets/post-inline-worksheet/index.html")
    index = html.fromstring(ws_site.page("worksheets/index.html"))
    assert "/worksheets/post-inline-worksheet/" in index.xpath("//main//a/@href")


BROKEN = "content/worksheets/noticing-progress.yaml"
NP = (CONTENT / "worksheets" / "noticing-progress.yaml").read_text(encoding="utf-8")


def _replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        path = content / relative.removeprefix("content/")
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def _inline(block: str) -> Callable[[Path], None]:
    return lambda content: write_post(content, "with-block", block=block)


BAD_BUILDS = {
    "unknown Worksheet: name": (
        _replace_in("content/posts/progress-is-not-a-straight-line.md", "Worksheet: noticing-progress",
                    "Worksheet: noticing-progres"), (),
        "content/posts/progress-is-not-a-straight-line.md:8: Worksheet: 'noticing-progres' "
        "is not a worksheet"),
    "unknown kind": (_replace_in(BROKEN, "kind: list", "kind: ranking"), (),
                     f"{BROKEN}:25: questions[5].kind: 'ranking' is not a question kind"),
    "duplicate id": (_replace_in(BROKEN, "id: coping", "id: closeness"), (),
                     f"{BROKEN}:19: questions[4].id: 'closeness' is used twice"),
    "malformed yaml": (_replace_in(BROKEN, "questions:\n", "questions:\n oops: [\n"), (),
                       f"{BROKEN}:8: file: is not valid YAML"),
    "scale without labels": (_replace_in(BROKEN, "    low: Cut off from them\n", ""), (),
                             f"{BROKEN}:14: questions[3].low: is missing"),
    "columns without columns": (
        _replace_in("content/worksheets/less-of-more-of.yaml", "    columns: [Less of, More of]\n", ""), (),
        "content/worksheets/less-of-more-of.yaml:7: questions[1].columns: is missing"),
    "wrong type": (_replace_in(BROKEN, "minutes: 10", "minutes: ten"), (),
                   f"{BROKEN}:5: minutes: must be a whole number, not text"),
    "bad inline block": (_inline(INLINE_BLOCK.replace("kind: scale", "kind: stars")), (),
                         "content/posts/with-block.md:17: questions[2].kind: 'stars' is not a question kind"),
    "two inline blocks": (_inline(INLINE_BLOCK + "\n" + INLINE_BLOCK), (),
                          "content/posts/with-block.md:11: worksheet block: there are 2 blocks"),
    "unknown default": (lambda content: None, ('WORKSHEETS_DEFAULT="gone"',),
                        "pelicanconf.py: WORKSHEETS_DEFAULT: 'gone' is not a worksheet"),
    "unknown tag rule": (lambda content: None, ('WORKSHEETS_TAG_RULES={"sleep": "sleep-diary"}',),
                         "pelicanconf.py: WORKSHEETS_TAG_RULES: tag 'sleep' points to 'sleep-diary'"),
}


@pytest.mark.parametrize("change, extra, expected", BAD_BUILDS.values(), ids=BAD_BUILDS.keys())
def test_each_bad_worksheet_fails_the_build_naming_file_and_field(
        site_copy: Path, build: Callable[..., BuildResult], change: Callable[[Path], None],
        extra: tuple[str, ...], expected: str) -> None:
    change(site_copy)
    result = build(site_copy, extra=extra)
    assert not result.ok
    assert expected in result.stdout + result.stderr, result.stdout + result.stderr
    assert not (result.output / "index.html").exists()


# Words YAML 1.1 reads as something else: Yes/No/On/Off as true/false, 12:30 as 750 (base 60),
# 2026-01-01 as a date, 007 as 7. Written where a worksheet wants text, they are the author's text.
YAML_WORDS = ("Yes", "No", "Not sure", "On", "Off", "12:30", "2026-01-01", "007")
WORDS_WORKSHEET = f"""\
title: 2026
minutes: 08
questions:
  - id: sure
    kind: checklist
    prompt: Did the walk help?
    items: [{", ".join(YAML_WORDS)}]
    other: yes
  - id: lunch
    kind: scale
    prompt: How did lunch feel?
    low: No
    high: 12:30
"""


def test_words_yaml_would_read_otherwise_stay_the_authors_text(site_copy: Path,
                                                               build: Callable[..., BuildResult]) -> None:
    """Red team rt4 21: `items: [Yes, No, Not sure]` was refused as "entry 1 must be non-empty text"
    (YAML booleans) and `12:30` read as 750; both in a library file and in a post's block."""
    (site_copy / "worksheets" / "yaml-words.yaml").write_text(WORDS_WORKSHEET, encoding="utf-8")
    write_post(site_copy, "yaml-words", extra="Worksheet: yaml-words\n")
    block = "```worksheet\n" + WORDS_WORKSHEET.replace("title: 2026\n", "") + "```\n"
    write_post(site_copy, "yaml-words-inline", block=block)
    result = build(site_copy)
    assert result.ok, result.stdout + result.stderr
    for page in ("worksheets/yaml-words/index.html", "posts/yaml-words-inline/index.html"):
        form = html.fromstring(result.page(page)).xpath(SHEET)[0]
        labels = [label.text_content() for label in form.xpath(".//ul[@class='checklist']//label")]
        assert labels == list(YAML_WORDS), page
        assert form.xpath(".//*[@data-other]"), page  # other: yes is true
        ends = [span.text_content() for span in form.xpath(".//p[@class='scale-ends']/span")]
        assert ends == ["0 = No", "10 = 12:30"], page
        assert "About 8 minutes" in form.text_content(), page
    assert html.fromstring(result.page("worksheets/yaml-words/index.html")).xpath(SHEET)[0].get(
        "data-title") == "2026"
