"""stepwise_core.rules: the parts of the metadata table that are plain functions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stepwise_core.header import read_header
from stepwise_core.rules import (
    RULES,
    SLUG,
    canonical_language,
    contact_detail,
    cut_fields,
    header_problems,
    unfinished_header,
)
from tests.conftest import BuildResult


@pytest.mark.parametrize(("written", "read"), [
    ("FR", "fr"), ("fr", "fr"), ("EN-gb", "en-GB"), ("pt-br", "pt-BR"), ("ZH-HANT-tw", "zh-Hant-TW"),
    ("es-419", "es-419"), ("english", "english"), ("../evil", "../evil"),
])
def test_a_language_tag_is_read_in_the_case_bcp47_recommends(written: str, read: str) -> None:
    """Case carries no meaning in a tag; what is not a tag is left for the rule to refuse."""
    assert canonical_language(written) == read


SETTINGS: dict[str, object] = {}


ENDS = "so the header ends on this line and"


@pytest.mark.parametrize(("text", "line", "problem", "fix", "lost"), [
    ("Title : Small wins\nDate: 2026-03-01\n\nText.\n", 1,
     f"has a space before its ':' ('Title :'), {ENDS} Date below it is read as text",
     "write it without the space: 'Title: Small wins'", {"date"}),
    ("Title: Small wins\nDate  :2026-03-01\nAuthor: Jo\nTags: a\n\nText.\n", 2,
     f"has a space before its ':' ('Date :'), {ENDS} Author and Tags below it are read as text",
     "write it without the space: 'Date: 2026-03-01'", {"author", "tags"}),
    ("Title: Small wins\nSummary A note\n\nText.\n", 2,
     f"has no ':' after its name, {ENDS} the lines after it are read as the text",
     "write 'Summary: …'", set()),
])
def test_a_field_that_ends_the_header_names_what_is_lost(text: str, line: int, problem: str, fix: str,
                                                         lost: set[str]) -> None:
    """The fields below it are read as text: named, and not reported missing (cut_fields)."""
    [issue] = unfinished_header("content/posts/x.md", text, SETTINGS)
    assert (issue.line, issue.problem, issue.fix) == (line, problem, fix)
    assert cut_fields([issue], text) == lost


def test_text_that_is_no_field_is_a_file_without_a_header() -> None:
    assert unfinished_header("content/posts/x.md", "Some words first\n\nText.\n", SETTINGS) == []


@pytest.mark.parametrize(("label", "written", "fix"), [
    ("Url", "/posts/new/", "write 'Url: posts/new/' and 'Save_as: posts/new/index.html'"),
    ("Url", "/posts/new", "write 'Url: posts/new/' and 'Save_as: posts/new/index.html'"),
    ("Url", "/new.html", "write 'Url: new.html' and 'Save_as: new.html'"),
    ("Save_as", "//posts/new/index.html", "write 'Url: posts/new/' and 'Save_as: posts/new/index.html'"),
])
def test_a_leading_slash_is_named_with_the_lines_without_it(label: str, written: str, fix: str) -> None:
    check = next(rule.check for rule in RULES if rule.label == label)
    assert check is not None
    found = check(written, {})
    assert isinstance(found, tuple) and found[0].startswith(f"{written!r} starts with '/'")
    assert found[1] == f"{fix}, or remove both lines: the address then comes from the Slug"


@pytest.mark.parametrize("written", ["/", "/../x/", "../x/", "C:/x/"])
def test_an_address_outside_the_site_is_refused_as_such(written: str) -> None:
    check = next(rule.check for rule in RULES if rule.label == "Url")
    assert check is not None and check(written, {}) == f"{written!r} points outside the site"


@pytest.mark.parametrize(("date", "problem"), [
    ("2026-03-29 01:30", "2026-03-29 01:30 does not exist in Europe/London: the clocks go forward "
                         "that night"),
    ("2026-03-29 00:59", None),
    ("2026-03-29 02:00", None),
    ("2026-10-25 01:30", None),  # shown twice as the clocks go back: the first is meant, as Pelican reads it
    ("2026-03-29 01:30+01:00", None),  # an offset says which moment
    ("2026-03-29", None),
])
def test_a_time_the_clocks_skip_is_refused_with_one_they_show(date: str, problem: str | None) -> None:
    header = read_header(f"Title: t\nDate: {date}\n\nBody.\n")
    found = [issue.problem for issue in header_problems("p.md", header, {"TIMEZONE": "Europe/London"})]
    assert found == ([] if problem is None else [f"{problem} and skip it"])


@pytest.mark.parametrize(("note", "found"), [
    ("mentions suicide. If you are struggling call 0800 123 4567 (our helpline)",
     ("a phone number", "0800 123 4567")),
    ("mentions self-harm; call (020) 7946-0958", ("a phone number", "(020) 7946-0958")),
    ("mentions grief; +44.20.7946.0958", ("a phone number", "+44.20.7946.0958")),
    ("mentions loss; Samaritans on 116 123", ("a phone number", "116 123")),
    ("events of 1914-1918", ("a phone number", "1914-1918")),
    ("mentions suicide, see https://help.example/now", ("a web address", "https://help.example/now")),
    ("mentions suicide, see www.help-now", ("a web address", "www.help-now")),
    ("mentions suicide, help at Help-Now.Example.org.", ("a web address", "Help-Now.Example.org")),
    ("mentions suicide, write to me@help.example", ("an e-mail address", "me@help.example")),
    ("mentions suicide", None),
    ("talks about suicidal thoughts, with no details, and about reaching out for help", None),
    ("mentions 1 in 4 people, 3.5 million of them, from 1914 to 1918", None),
    ("grief, e.g. of a parent, i.e. loss etc.", None),
    ("text SHOUT to 85258", None),  # five digits: a short code is not a run of six
])
def test_a_content_note_with_a_way_to_reach_someone_is_found(note: str,
                                                             found: tuple[str, str] | None) -> None:
    """A content note stands right above the site's crisis lines (session 8 red team)."""
    assert contact_detail(note) == found


def test_fields_beside_the_crisis_lines_are_checked_and_named_as_written() -> None:
    """Content-Note (either spelling) stands above the support box, Menu_label below the crisis strip."""
    for label in ("Content-Note", "Content_Note", "Menu_label"):
        rule = next(rule for rule in RULES if rule.label == label)
        assert rule.check is not None
        assert rule.check("mentions suicide. Call 0800 123 4567", {}) == (
            "holds a phone number ('0800 123 4567'): shown beside the site's crisis lines, it would read as "
            "one of them")
        assert rule.check("mentions suicide", {}) is None
        assert f"'{label}: " in rule.fix


@pytest.mark.parametrize(("slug", "accepted"), [
    ("small-wins", True), ("notes_on_sleep", True), ("2019_05_a-walk", True),
    ("Notes", False), ("a__b", False), ("a-", False), ("_a", False), ("a b", False), ("a-_b", False)])
def test_a_slug_is_words_joined_by_single_hyphens_or_underscores(slug: str, accepted: bool) -> None:
    assert bool(SLUG.fullmatch(slug)) is accepted


def test_a_blog_moved_in_keeps_its_underscore_address(site_copy: Path,
                                                      build: Callable[..., BuildResult]) -> None:
    """Pelican's own slugs keep '_', so an old site's /posts/notes_on_sleep/ is kept with `Slug:`."""
    post = site_copy / "posts" / "notes-on-sleep.md"
    post.write_text("Title: Notes on sleep\nDate: 2019-05-01 09:00\nAuthor: Amara Okafor\n"
                    "Slug: notes_on_sleep\nSummary: A post kept from an old blog.\n\nA short post.\n",
                    encoding="utf-8")
    result = build(site_copy, strict=True)
    assert result.ok, result.stderr
    assert (result.output / "posts" / "notes_on_sleep" / "index.html").is_file()
