"""`podcast:license`: an SPDX identifier, or a licence of your own with the address of its text.

The Podcasting 2.0 spec (docs/tags/license.md) takes a well-known licence by its
identifier (the address of its text is then implied) and requires a `url` for any
other. The identifiers come from the SPDX License List, as shipped and kept current
by the license-expression package, never from a list typed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from license_expression import Licensing, get_spdx_licensing

from .addresses import https_problem

MAX_NAME = 128  # the spec: aggregators may cut a longer value
FIX = ("write an SPDX identifier such as 'CC-BY-NC-ND-4.0' (see spdx.org/licenses), or the short name "
       "of a licence of your own and the https:// address of its full text, e.g. "
       "'stepwise-licence-1 https://stepwise.example/licence/'")


@dataclass(frozen=True)
class License:
    name: str  # the SPDX identifier as the list spells it, or the custom licence's short name
    url: str = ""  # the full text of a custom licence ("" for an SPDX one: it is implied)


@cache
def _spdx() -> Licensing:
    return get_spdx_licensing()


def spdx_identifier(text: str) -> str:
    """'cc-by-4.0' -> 'CC-BY-4.0'; '' when `text` is not one SPDX licence (an expression
    such as 'MIT OR CC0-1.0' is not: the tag names one licence)."""
    try:
        info = _spdx().validate(text.strip())
    except Exception:  # the library raises its own errors for characters it does not expect
        return ""
    name = info.normalized_expression or ""
    return name if not info.errors and name and " " not in name else ""


def read_license(value: Any) -> License:
    """A 'License:' line or PODCAST_LICENSE; ValueError saying what is wrong."""
    text = " ".join(str(value).split())
    address = re.search(r"\S*://", text)  # the licence's name, then the address of its text
    name, url = (text[:address.start()].strip(), text[address.start():]) if address else (text, "")
    if url and (problem := https_problem(url)):
        raise ValueError(f"{url!r} {problem}")
    if not name:
        raise ValueError(f"{value!r} names no licence")
    if len(name) > MAX_NAME:
        raise ValueError(f"names a licence of {len(name)} characters; apps keep at most {MAX_NAME}")
    identifier = spdx_identifier(name)
    if not identifier and not url:
        raise ValueError(f"{name!r} is not an SPDX licence identifier, and a licence of your own needs "
                         "the address of its full text")
    return License(identifier or name, url)
