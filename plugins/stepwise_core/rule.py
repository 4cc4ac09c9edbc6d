"""The one shape of every rule table: a field (or setting), how to check it, how to fix it.

Metadata of posts and pages (rules.RULES), episodes (podcast/rules.FIELDS) and the site's
settings (settings.SETTING_RULES) are tables of these rows, so a reader of one table can
read them all, and a problem is reported the same way whichever table found it: the
field, what is wrong (the check's answer) and the fix written beside the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import ERROR

CheckT = TypeVar("CheckT")


@dataclass(frozen=True)
class Rule(Generic[CheckT]):
    """One row: `check` is the table's own kind of function (each table says what it takes
    and returns); `applies_to` names the kinds of item the row is for (None: every one);
    `label` is the field as authors write it (empty: as `field`); `instead` names a field
    that takes this one's place (Authors for Author); `needs` one that must be written with
    it (Url with Save_as)."""

    field: str
    check: CheckT
    fix: str
    required: bool = False
    severity: str = ERROR
    applies_to: frozenset[str] | None = None
    label: str = ""
    instead: str | None = None
    needs: str | None = None

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.field)

    def applies(self, kind: str) -> bool:
        return self.applies_to is None or kind in self.applies_to
