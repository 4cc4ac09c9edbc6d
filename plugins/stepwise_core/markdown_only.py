"""Posts, episodes and pages are Markdown; any other format Pelican can read is refused.

Pelican reads reStructuredText (docutils: `.. raw:: html`, `.. include:: /any/file`)
and HTML files as content too. Every check of this site (metadata rules, the body
policy, control characters, worksheets) lives in the Markdown reader, so such a file
would publish its script, or a file from elsewhere on the disk, to pages and feeds
unchecked. Each extension another reader handles gets this reader instead, which
names the file and the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pelican.readers import BaseReader

from .errors import ContentError, ContentIssue, log_issue
from .protocols import Readers
from .settings import policy_off
from .sources import shown_path

FORMAT_NAMES = {"rst": "reStructuredText", "html": "HTML", "htm": "HTML"}


class RefusedFormatReader(BaseReader):
    """A reader for every non-Markdown extension: it reads nothing and reports the file."""

    enabled = True
    file_extensions: ClassVar[list[str]] = []

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        extension = path.suffix.lstrip(".").lower()
        kind = FORMAT_NAMES.get(extension, f"a .{extension} file")
        issue = ContentIssue(
            shown_path(source_path, self.settings), "file",
            f"is {kind}; this site reads posts, episodes and pages written in Markdown only",
            f"rewrite it in Markdown as {path.stem}.md (other formats would skip the site's checks: "
            "their HTML and scripts, and any file they include, would be published as they are)")
        log_issue(issue)
        raise ContentError(issue, already_logged=True)


def refuse_other_formats(readers: Readers, markdown_reader: type) -> None:
    """readers_init: every content extension not read by `markdown_reader` is refused."""
    if policy_off(readers.settings):
        return
    for extension, reader in list(readers.reader_classes.items()):
        if extension != "static" and reader is not None and not issubclass(reader, markdown_reader):
            readers.reader_classes[extension] = RefusedFormatReader
