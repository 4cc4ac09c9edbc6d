"""Writes the printable worksheet pages and the /worksheets/ index through Pelican's Writer.

Going through writer.write_file gives theme overrides, the overwrite guard
(two worksheets on one address fail loudly) and content_written (sitemap).
"""

from __future__ import annotations

import re
from typing import Any

from pelican.generators import Generator

from stepwise_core.protocols import Writer

from .model import Worksheet
from .settings import plugin_settings

LIBRARY_KEY = "worksheets_library"
INLINED_KEY = "worksheets_inline"  # the context's list of worksheets written inside posts


def no_connections(policy: str) -> str:
    """The site's CSP with connect-src 'none': a worksheet page can send nothing, even to us."""
    if not policy:
        return policy
    if re.search(r"connect-src[^;]*", policy):
        return re.sub(r"connect-src[^;]*", "connect-src 'none'", policy)
    return policy.rstrip("; ") + "; connect-src 'none'"


def published_worksheets(context: dict[str, Any]) -> tuple[list[Worksheet], list[Worksheet]]:
    """(library worksheets, inline worksheets of published articles), in a stable order."""
    library = sorted(context.get(LIBRARY_KEY, {}).values(), key=lambda w: w.title.lower())
    inline = sorted((w for w in context.get(INLINED_KEY, []) if w.published), key=lambda w: w.slug)
    return library, inline


class WorksheetsGenerator(Generator):
    """One page per worksheet, plus the index."""

    def generate_context(self) -> None:
        """Nothing to read: worksheets are loaded and resolved with the articles."""

    def generate_output(self, writer: Writer) -> None:
        options = plugin_settings(self.settings)
        library, inline = published_worksheets(self.context)
        extra = {"worksheets_index_url": options["WORKSHEETS_INDEX_URL"],
                 "library_worksheets": library, "inline_worksheets": inline,
                 "CONTENT_SECURITY_POLICY": no_connections(self.settings.get("CONTENT_SECURITY_POLICY", ""))}
        relative = self.settings.get("RELATIVE_URLS", False)
        template = self.get_template("worksheet")
        for worksheet in [*library, *inline]:
            writer.write_file(worksheet.save_as, template, self.context, relative_urls=relative,
                              url=worksheet.url, worksheet=worksheet, **extra)
        writer.write_file(options["WORKSHEETS_INDEX_SAVE_AS"], self.get_template("worksheets"),
                          self.context, relative_urls=relative, url=options["WORKSHEETS_INDEX_URL"],
                          **extra)
