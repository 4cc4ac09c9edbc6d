"""Helpers for the escaping tests: put author text into a copy of the site, then find it again.

"Found" means found as text: a node's text in parsed HTML, a parsed feed's field, a
JSON string value. Never as markup: the checks also prove no script or element came
out of author text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import yaml
from lxml import etree

OWN_SCRIPT_PREFIXES = ("/theme/", "/pagefind/", "https://stepwise.example/theme/",
                       "https://stepwise.example/pagefind/")
POST = Path("posts/progress-is-not-a-straight-line.md")
EPISODE = Path("episodes/002-small-wins-count.md")
WORKSHEET = Path("worksheets/noticing-progress.yaml")


def set_metadata(path: Path, field: str, value: str) -> None:
    """Replace (or add) one 'Field: value' line of a Markdown source."""
    lines = path.read_text(encoding="utf-8").split("\n")
    prefix = f"{field}:"
    replaced = [f"{prefix} {value}" if line.startswith(prefix) else line for line in lines]
    if replaced == lines:
        replaced.insert(1, f"{prefix} {value}")
    path.write_text("\n".join(replaced), encoding="utf-8")


def set_worksheet_prompt(content: Path, prompt: str, title: str | None = None) -> None:
    path = content / WORKSHEET
    sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
    sheet["questions"][0]["prompt"] = prompt
    if title is not None:
        sheet["title"] = title
    path.write_text(yaml.safe_dump(sheet, allow_unicode=True, sort_keys=False), encoding="utf-8")


def html_files(output: Path) -> Iterator[Path]:
    yield from sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


def parse_html(path: Path) -> Any:
    return lxml.html.fromstring(path.read_bytes())


def foreign_scripts(page: Any) -> list[str]:
    """Script elements that are neither the site's own files nor JSON-LD data."""
    found = []
    for script in page.iter("script"):
        if script.get("type") == "application/ld+json":
            continue
        src = script.get("src") or ""
        if not src.startswith(OWN_SCRIPT_PREFIXES):
            found.append(etree.tostring(script, encoding="unicode")[:120])
    return found


def texts(page: Any) -> list[str]:
    """Every text node and attribute value of a parsed page, whitespace-normalised."""
    values = [" ".join(t.split()) for t in page.itertext()]
    for element in page.iter():
        values += [" ".join(v.split()) for v in element.attrib.values()]
    return values


def json_strings(value: Any) -> Iterator[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def json_ld(page: Any) -> list[Any]:
    """Every JSON-LD block of a page, parsed (json.loads raises if one is broken)."""
    return [json.loads(script.text or "") for script in page.iter("script")
            if script.get("type") == "application/ld+json"]


def contains_text(haystack: list[str], needle: str) -> bool:
    """The needle (normalised) is one of, or inside one of, the texts."""
    wanted = " ".join(needle.split())
    return any(wanted in text for text in haystack)
