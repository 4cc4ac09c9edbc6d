"""GitHub Pages' CNAME file: the site's custom domain, one fact that two places may write.

`invoke publish --target github` writes CNAME from PUBLIC_URL. A site moved in from
another Pelican set-up often keeps its own, `content/extra/CNAME`, which
`EXTRA_PATH_METADATA = {"extra/CNAME": {"path": "CNAME"}}` publishes at the root (Pelican's
documentation shows the pattern). It is published when it names PUBLIC_URL's own host and
lands at the root, the one place Pages reads it; publish then writes no second one. A file
naming another host is refused with both hosts: Pages would serve the site at one address
while every link, feed and sitemap entry gives the other. As a script, a host name alone
(`stepwise.example`) is a property read of an undefined name: it can do nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .settings import public_url
from .settings_source import setting_source, settings_file
from .sources import shown_path

NAME = "CNAME"  # GitHub Pages reads this name, in these letters, at the site's root only
MAX_BYTES = 300  # a host name is at most 253 characters
HOST = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}",
                  re.IGNORECASE)
WRITTEN_BY_PUBLISH = "invoke publish --target github writes CNAME from PUBLIC_URL itself"


def pages_cname(address: str) -> str | None:
    """The custom domain GitHub Pages must serve the site at (its CNAME file), from PUBLIC_URL.

    None for a github.io address, and for an address with a path: a project site under
    a custom domain takes its domain from the owner's user site, not from this repository.
    """
    parts = urlsplit(address)
    host = parts.hostname or ""
    if not host or host.endswith(".github.io") or parts.path.strip("/"):
        return None
    return host


def cname_problem(path: Path, save_as: str, settings: dict[str, Any]) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a CNAME file under content/, or None when it names
    PUBLIC_URL's host and is published at the root."""
    with path.open("rb") as handle:  # a host name is short: a long file is no CNAME, however long
        text = handle.read(MAX_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    remove = f"remove {shown_path(str(path), settings)}: {WRITTEN_BY_PUBLISH}"
    if not HOST.fullmatch(text):
        return (f"does not hold one host name on one line, as GitHub Pages reads it (it holds {text[:40]!r})",
                f"write the site's domain alone on its one line, e.g. 'stepwise.example', or {remove}")
    address = str(settings.get("PUBLIC_URL") or public_url(settings))
    where = setting_source(settings, "PUBLIC_URL", settings_file(settings))
    wanted, named = pages_cname(address), text.lower().rstrip(".")
    if wanted != named:
        is_at = f", at the host {wanted}" if wanted else ", which has no custom domain of its own"
        return (f"names the host {named}, but PUBLIC_URL in {where} is {address or 'not set'}{is_at}: GitHub "
                "Pages would serve the site at one address while its links, feeds and sitemap give another",
                f"if the site now lives at {named}, write PUBLIC_URL = \"https://{named}\" in {where}; "
                f"otherwise {remove}")
    if save_as != NAME:
        return (f"would be published as {save_as}, but GitHub Pages reads CNAME only at the site's root",
                f"{remove}; or publish it at the root: add \"{_relative(path, settings)}\": "
                f"{{\"path\": \"CNAME\"}} to EXTRA_PATH_METADATA in {settings_file(settings)}")
    return None


def _relative(path: Path, settings: dict[str, Any]) -> str:
    try:
        return path.absolute().relative_to(Path(settings["PATH"]).absolute()).as_posix()
    except ValueError:
        return path.name
