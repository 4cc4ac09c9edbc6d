"""Which worksheet an article gets, in one fixed order.

1. questions written inside the article (a ```worksheet block),
2. its `Worksheet:` metadata,
3. the first of its tags with a rule in WORKSHEETS_TAG_RULES, then its category's rule,
4. WORKSHEETS_DEFAULT, when the site names one (else no worksheet).

A named worksheet that does not exist is an error, never a silent fallback:
the author meant a particular one.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

from .model import Worksheet


@dataclass(frozen=True)
class Rules:
    tag_rules: Mapping[str, str]
    category_rules: Mapping[str, str]
    default: str

    @classmethod
    def from_settings(cls, tag_rules: Mapping[str, str], category_rules: Mapping[str, str],
                      default: str) -> Rules:
        """Rules keyed case-insensitively, as authors do not agree on capitals."""
        return cls({k.lower(): v for k, v in tag_rules.items()},
                   {k.lower(): v for k, v in category_rules.items()}, default)


@dataclass(frozen=True)
class Resolution:
    worksheet: Worksheet | None
    reason: str            # "inline", "metadata", "tag:<name>", "category:<name>", "default", "none"
    problem: str = ""      # set when the chosen name is unknown
    name: str = ""         # the worksheet name that was looked up, if any


def resolve(*, inline: Worksheet | None, named: str | None, tags: Iterable[str],
            category: str | None, rules: Rules, library: Mapping[str, Worksheet]) -> Resolution:
    """The article's worksheet and why it was chosen."""
    if inline is not None:
        return Resolution(inline, "inline")
    if named:
        found = library.get(named)
        if found is None:
            return Resolution(None, "metadata", f"{named!r} is not a worksheet", named)
        return Resolution(found, "metadata")
    return _by_rule(tags, category, rules, library) or _by_default(rules, library)


def _by_rule(tags: Iterable[str], category: str | None, rules: Rules,
             library: Mapping[str, Worksheet]) -> Resolution | None:
    for tag in tags:
        name = rules.tag_rules.get(tag.lower())
        if name is not None and name in library:
            return Resolution(library[name], f"tag:{tag}")
    name = rules.category_rules.get((category or "").lower())
    if name is not None and name in library:
        return Resolution(library[name], f"category:{category}")
    return None


def _by_default(rules: Rules, library: Mapping[str, Worksheet]) -> Resolution:
    if rules.default in library:
        return Resolution(library[rules.default], "default")
    if not rules.default:
        return Resolution(None, "none")
    return Resolution(None, "default", f"the default worksheet {rules.default!r} does not exist",
                      rules.default)


def unknown_rule_targets(rules: Rules, library: Container[str]) -> list[tuple[str, str]]:
    """(setting, problem) for every rule or default that names no worksheet."""
    found = [("WORKSHEETS_TAG_RULES", f"tag {key!r} points to {name!r}, which is not a worksheet")
             for key, name in rules.tag_rules.items() if name not in library]
    found += [("WORKSHEETS_CATEGORY_RULES",
               f"category {key!r} points to {name!r}, which is not a worksheet")
              for key, name in rules.category_rules.items() if name not in library]
    if rules.default and rules.default not in library:
        found.append(("WORKSHEETS_DEFAULT", f"{rules.default!r} is not a worksheet"))
    return found
