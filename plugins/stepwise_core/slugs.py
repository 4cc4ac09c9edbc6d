"""The address (slug) a new post or episode gets: by the build's own rule (rules.SLUG).

Used by every scaffold (stepwise_tools.scaffold, the podcast's new-episode), so a
scaffolded file always has an address its own build accepts.
"""

from __future__ import annotations

import re

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .rules import SLUG

__all__ = ["chosen_slug", "slug_for"]


def slug_for(title: str) -> str:
    """The address a title gives, by the build's own rule (rules.SLUG).

    Pelican's slugify keeps '_' ('Test VBR_v5' gives 'test-vbr_v5'), which the build then
    refuses, so anything but a-z and 0-9 becomes one hyphen. '' when nothing is left ('???').
    """
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-")


def chosen_slug(title: str, slug: str = "", *, command: str = "new-post") -> str:
    """The slug to write: `slug` if given, else the title's. SystemExit with the fix when
    neither gives an address the build accepts."""
    if slug:
        if not SLUG.fullmatch(slug):
            raise SystemExit(f"--slug {slug!r} is not an address the build accepts. Fix: use lower-case "
                             "letters and digits joined by single hyphens, e.g. --slug kind-words")
        return slug
    made = slug_for(title)
    if not made:
        raise SystemExit(f"The title {title.strip()!r} has no letter or digit to make the page's address "
                         f"(its slug) from. Fix: add a word to the title, or choose the address: "
                         f"invoke {command} \"{title.strip()}\" --slug kind-words ...")
    return made
