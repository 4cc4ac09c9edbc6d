"""The resolution order: inline questions > Worksheet: metadata > tag rule > category rule > default."""

from __future__ import annotations

import pytest

from worksheets.model import Question, Worksheet
from worksheets.resolve import Rules, resolve, unknown_rule_targets


def sheet(slug: str) -> Worksheet:
    return Worksheet(slug=slug, title=slug.title(), questions=(Question("q1", "reflect", "Why?"),))


LIBRARY = {name: sheet(name) for name in ("default-one", "by-metadata", "by-tag", "by-category")}
RULES = Rules.from_settings({"Gratitude": "by-tag"}, {"Guest posts": "by-category"}, "default-one")
INLINE = sheet("post-mine")


def choose(**kwargs: object) -> tuple[str | None, str, str]:
    args = {"inline": None, "named": None, "tags": [], "category": None, "rules": RULES, "library": LIBRARY}
    chosen = resolve(**{**args, **kwargs})  # type: ignore[arg-type]
    return (chosen.worksheet.slug if chosen.worksheet else None), chosen.reason, chosen.problem


@pytest.mark.parametrize("given, expected", [
    ({"inline": INLINE, "named": "by-metadata", "tags": ["gratitude"], "category": "Guest posts"},
     ("post-mine", "inline", "")),
    ({"named": "by-metadata", "tags": ["gratitude"], "category": "Guest posts"},
     ("by-metadata", "metadata", "")),
    ({"tags": ["sleep", "GRATITUDE"], "category": "Guest posts"}, ("by-tag", "tag:GRATITUDE", "")),
    ({"tags": ["sleep"], "category": "guest posts"}, ("by-category", "category:guest posts", "")),
    ({"tags": ["sleep"], "category": "Episodes"}, ("default-one", "default", "")),
    ({}, ("default-one", "default", "")),
], ids=["inline-beats-all", "metadata-beats-rules", "tag-beats-category", "category-beats-default",
        "default", "nothing-at-all"])
def test_resolution_order(given: dict, expected: tuple) -> None:
    assert choose(**given) == expected


def test_an_unknown_name_is_an_error_not_a_fallback() -> None:
    slug, reason, problem = choose(named="no-such-sheet", tags=["gratitude"])
    assert slug is None and reason == "metadata"
    assert problem == "'no-such-sheet' is not a worksheet"


def test_a_missing_default_is_an_error() -> None:
    rules = Rules.from_settings({}, {}, "gone")
    chosen = resolve(inline=None, named=None, tags=[], category=None, rules=rules, library=LIBRARY)
    assert chosen.worksheet is None and "gone" in chosen.problem


def test_rules_that_name_no_worksheet_are_listed() -> None:
    rules = Rules.from_settings({"sleep": "sleep-diary"}, {"episodes": "nope"}, "absent")
    found = unknown_rule_targets(rules, LIBRARY)
    assert [setting for setting, _ in found] == ["WORKSHEETS_TAG_RULES", "WORKSHEETS_CATEGORY_RULES",
                                                "WORKSHEETS_DEFAULT"]
    assert "'sleep-diary'" in found[0][1]


def test_without_a_default_an_article_no_rule_matches_has_no_worksheet_and_no_problem() -> None:
    """The plugin's own default (settings.py): a site names its fallback, or has none."""
    rules = Rules.from_settings({"gratitude": "by-tag"}, {}, "")
    chosen = resolve(inline=None, named=None, tags=["sleep"], category=None, rules=rules, library=LIBRARY)
    assert (chosen.worksheet, chosen.reason, chosen.problem) == (None, "none", "")
    assert unknown_rule_targets(rules, LIBRARY) == []
