"""What a post body may contain, as content issues naming file and line.

html_policy judges the HTML a body becomes (the allowlist, as browsers parse it);
this module turns its refusals into ContentIssues with the source line, adds the
rules that need the source file (a Markdown image without alt text, an {attach}
link out of content/), and gives the reader the HTML to publish.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from .errors import ContentIssue
from .html_policy import Refusal, judge

FIELD = "body"
# Pelican's intrasite links ({static}, {attach}, {filename}), found as Pelican finds them
# (contents.Content._get_intrasite_link_regex with the default INTRASITE_LINK_REGEX).
INTRASITE_LINK = re.compile(
    r"""<[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*(["'])"""
    r"""(?P<link>[{|](?P<kind>static|attach|filename)[}|](?P<path>.*?))\1""")
# ![](…) or ![ ][ref]: a Markdown image whose alt text was left out.
MARKDOWN_EMPTY_ALT = re.compile(r"!\[\s*\]\s*[(\[]")
FIX_MARKDOWN_ALT = ("write what the picture shows in the brackets, ![A garden path in spring](…); "
                    "for a picture that is only decoration, write <img src=\"…\" alt=\"\"> instead")


class ContentFolder:
    """Whether a path, symbolic links followed, stays inside content/.

    The answer of Path.resolve().is_relative_to(), with each folder resolved once per
    process: resolve() checks every part of the path for a link, for every image and
    link of every post (half of this module's time, otherwise).
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.realpath(root))
        self._inside = str(self.root).rstrip(os.sep) + os.sep
        self._folders: dict[str, str] = {}

    def holds(self, path: Path) -> bool:
        folder, name = os.path.split(path)
        if name in {"", ".", ".."}:
            real = os.path.realpath(path)
        else:
            real_folder = self._folders.get(folder)
            if real_folder is None:
                real_folder = self._folders[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
            if os.path.islink(real):
                real = os.path.realpath(real)
        return real == str(self.root) or real.startswith(self._inside)


def checked_body(shown: str, html: str, source: str, source_path: Path | None = None,
                 content: ContentFolder | None = None) -> tuple[str, list[ContentIssue]]:
    """The HTML to publish for a body, and every problem with it (with its source line).

    With source_path and content, also every {attach}/{static}/{filename} link that
    reaches outside content/: Pelican would copy that file into the site.
    """
    if not html.strip():
        return html, []
    verdict = judge(html)
    issues = [as_issue(shown, refusal, source) for refusal in verdict.refusals]
    if verdict.empty_alt_images and MARKDOWN_EMPTY_ALT.search(source):
        issues.append(ContentIssue(shown, FIELD, "has an image without alt text (![](…))", FIX_MARKDOWN_ALT,
                                   line=line_of(source, (MARKDOWN_EMPTY_ALT.pattern,))))
    published = verdict.html if verdict.ok else html
    if source_path is not None and content is not None:
        issues += _intrasite_problems(shown, published, source, source_path, content)
    return published, issues


def as_issue(shown: str, refusal: Refusal, source: str) -> ContentIssue:
    return ContentIssue(shown, FIELD, refusal.what, refusal.fix, line=line_of(source, refusal.needles))


def _intrasite_problems(shown: str, html: str, source: str, source_path: Path,
                        content: ContentFolder) -> Iterator[ContentIssue]:
    if "{" not in html and "|" not in html:
        return
    for match in INTRASITE_LINK.finditer(html):
        target = unquote(re.split(r"[?#]", match.group("path"), maxsplit=1)[0])  # as Pelican reads it
        base = content.root if target.startswith("/") else source_path.parent
        if not content.holds(base / target.lstrip("/")):
            yield ContentIssue(shown, FIELD, f"links to {match.group('link')!r}, outside content/",
                               "link only to files inside content/ (for example {static}/images/x.png)",
                               line=line_of(source, (re.escape(match.group("path")),)))


def line_of(source: str, patterns: tuple[str, ...]) -> int | None:
    """The first source line matching the first pattern that matches at all (case-insensitive)."""
    lines = source.splitlines()
    for pattern in patterns:
        regex = re.compile(pattern, re.IGNORECASE)
        for number, text in enumerate(lines, start=1):
            if regex.search(text):
                return number
    return None
