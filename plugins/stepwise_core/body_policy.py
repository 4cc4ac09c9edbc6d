"""What a post body may contain, as content issues naming file and line.

html_policy judges the HTML a body becomes (the allowlist, as browsers parse it);
this module turns its refusals into ContentIssues with the source line, adds the
rules that need the source file (a Markdown image without alt text, an {attach}
link out of content/), and gives the reader the HTML to publish.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from . import plain_paste
from .errors import ERROR, WARNING, ContentIssue
from .html_policy import UNCLOSED_COMMENT, Refusal, Verdict, judge, normal_value

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


@dataclass(frozen=True)
class CheckedBody:
    """A body as checked: the HTML to publish, every problem (with its source line), and what
    the policy refused in it, one entry per element (final_html reports only what is new)."""

    html: str
    issues: list[ContentIssue]
    refused: tuple[str, ...] = ()


def check_body(shown: str, html: str, source: str, source_path: Path | None = None,
               content: ContentFolder | None = None) -> CheckedBody:
    """The body checked. With source_path and content, also every {attach}/{static}/{filename}
    link that reaches outside content/: Pelican would copy that file into the site."""
    if not html.strip():
        return CheckedBody(html, [])
    verdict = judge(html)
    readable = SourceText(source)
    issues = located_issues(shown, verdict.refusals, readable)
    issues += _source_problems(shown, readable, verdict)
    published = verdict.html if verdict.ok else html
    issues += _intrasite_problems(shown, published, readable, source_path, content)
    return CheckedBody(published, issues, tuple(refusal.what for refusal in verdict.refusals))


def checked_body(shown: str, html: str, source: str, source_path: Path | None = None,
                 content: ContentFolder | None = None) -> tuple[str, list[ContentIssue]]:
    """The HTML to publish for a body, and every problem with it (with its source line)."""
    checked = check_body(shown, html, source, source_path, content)
    return checked.html, checked.issues


@dataclass(frozen=True)
class SourceRule:
    """A rule only the Markdown source can show: `lines` finds where it is broken (the code
    blanked); `applies` says, from the HTML verdict, whether to look (an unclosed comment the HTML
    shows too is reported once, by html_policy). A rule that guesses (prose or code?) warns."""

    what: str
    fix: str
    lines: Callable[[SourceText], list[int]]
    applies: Callable[[Verdict], bool] = lambda _verdict: True
    severity: str = ERROR


def _unclosed_comment(source: SourceText) -> list[int]:
    """The line of a "<!--" never closed: Markdown escapes it, so it shows as text (with
    smarty's dash) on the page and in the feeds; in a raw HTML block the page would end there."""
    text = "\n".join(source.lines)
    start = text.rfind("<!--")
    rest = text[start + 4:]
    if start < 0 or rest.startswith((">", "->")) or "-->" in rest or "--!>" in rest:
        return []
    return [text.count("\n", 0, start) + 1]


def _empty_markdown_alt(source: SourceText) -> list[int]:
    return source.pattern_places(MARKDOWN_EMPTY_ALT.pattern)


def _indented_prose(indent: str) -> Callable[[SourceText], list[int]]:
    return lambda source: plain_paste.indented_prose(source.lines, indent)


def _bulleted(bullet: str) -> Callable[[SourceText], list[int]]:
    return lambda source: plain_paste.bulleted_lines(source.lines, bullet)


# The body's rules on its source, beside html_policy's on the HTML it becomes.
SOURCE_RULES: tuple[SourceRule, ...] = (
    SourceRule(UNCLOSED_COMMENT.what, UNCLOSED_COMMENT.fix, _unclosed_comment,
               lambda verdict: UNCLOSED_COMMENT not in verdict.refusals),
    SourceRule("has an image without alt text (![](…))", FIX_MARKDOWN_ALT, _empty_markdown_alt,
               lambda verdict: bool(verdict.empty_alt_images)),
    *(SourceRule(plain_paste.INDENTED_PROSE[0].format(indent=name), plain_paste.INDENTED_PROSE[1],
                 _indented_prose(indent), severity=WARNING) for name, indent in plain_paste.INDENTS.items()),
    *(SourceRule(plain_paste.BULLETED_LINE[0].format(bullet=bullet),
                 plain_paste.BULLETED_LINE[1].format(bullet=bullet), _bulleted(bullet))
      for bullet in plain_paste.BULLETS),
)


def _source_problems(shown: str, readable: SourceText, verdict: Verdict) -> list[ContentIssue]:
    return counted((ContentIssue(shown, FIELD, rule.what, rule.fix, line=line, severity=rule.severity), None)
                   for rule in SOURCE_RULES if rule.applies(verdict) for line in rule.lines(readable))


def located_issues(shown: str, refusals: Iterable[Refusal], readable: SourceText) -> list[ContentIssue]:
    """The refusals as issues on their source lines, two of a kind on one line counted in one."""
    found = []
    for refusal in refusals:
        places = readable.refusal_places(refusal)
        line = _at(places, refusal.occurrence) or readable.body_start
        # No more on a line than the source holds there: the parser may copy an element
        # (a <b style> reopened in each paragraph after it), and the author wrote one.
        found.append((ContentIssue(shown, FIELD, refusal.what, refusal.fix, line=line), places.count(line)))
    return counted(found)


def counted(found: Iterable[tuple[ContentIssue, int | None]]) -> list[ContentIssue]:
    """Equal issues (two images without alt text on one line) as one that says how many: the build
    lists each message once, and two must not read as one. Each issue comes with how many of it
    its line can hold (None: no limit)."""
    counts: Counter[ContentIssue] = Counter()
    room: dict[ContentIssue, int] = {}
    for issue, most in found:
        counts[issue] += 1
        room[issue] = max(1, most) if most is not None else counts[issue]
    return [issue if min(count, room[issue]) == 1 else
            replace(issue, problem=f"{issue.problem} ({min(count, room[issue])} on this line)")
            for issue, count in counts.items()]


def _intrasite_problems(shown: str, html_text: str, readable: SourceText, source_path: Path | None,
                        content: ContentFolder | None) -> Iterator[ContentIssue]:
    """{filename}, {static} and {attach} links that Pelican would resolve into something unsafe."""
    if "{" not in html_text and "|" not in html_text:
        return
    yield from _unresolved_links(shown, html_text, readable)
    for match in INTRASITE_LINK.finditer(html_text):
        file_part = re.split(r"[?#]", match.group("path"), maxsplit=1)[0]
        link = html.unescape(match.group("link"))
        if "&" in file_part:  # serialised: a '&', '"', '<' or '>' in the name
            escaped = ", ".join(repr(c) for c in sorted(set(html.unescape(file_part)) & set(ESCAPED)))
            yield ContentIssue(shown, FIELD, f"links to {link!r}, a file name with a character HTML escapes "
                               f"({escaped})", FIX_ESCAPED_NAME, line=_link_line(readable, link, file_part))
            continue
        if source_path is None or content is None:
            continue
        target = unquote(file_part)  # as Pelican reads it
        base = content.root if target.startswith("/") else source_path.parent
        if not content.holds(base / target.lstrip("/")):
            yield ContentIssue(shown, FIELD, f"links to {match.group('link')!r}, outside content/",
                               "link only to files inside content/ (for example {static}/images/x.png)",
                               line=_link_line(readable, link, file_part))


def _link_line(readable: SourceText, link: str, file_part: str) -> int | None:
    """Where a refused link stands: looked for only once it is refused (every post has links,
    and searching each in the source took a tenth of reading a blog)."""
    return readable.value_line(link, 0) or readable.pattern_line(re.escape(file_part), 0)


# Every attribute holding an intrasite link; Pelican resolves it only where INTRASITE_LINK matches.
ANY_INTRASITE = re.compile(r"""\s(?P<attr>[^\s"'=<>/]+)\s*=\s*(["'])(?P<value>[^"']*?"""
                           r"""(?P<link>[{|](?:static|attach|filename)[}|][^"'\s,]*)[^"']*)\2""")
FIX_SRCSET = "srcset is made for you from src; write only src"
FIX_UNRESOLVED = ("write the link in src or href, as the whole value: Pelican turns {static}, {filename} and "
                  "{attach} into addresses there alone")


def _unresolved_links(shown: str, html_text: str, readable: SourceText) -> Iterator[ContentIssue]:
    """{static} in srcset (or any attribute Pelican leaves alone) is published as it is written."""
    resolved = {match.start("link") for match in INTRASITE_LINK.finditer(html_text)}
    for match in ANY_INTRASITE.finditer(html_text):
        if match.start("link") in resolved:
            continue
        attr, link = match.group("attr").lower(), html.unescape(match.group("link"))
        line = readable.pattern_line(re.escape(attr) + r"\s*=\s*[\"']?[^\"']*" + re.escape(link), 0)
        yield ContentIssue(shown, FIELD, f"writes {link!r} in its {attr} attribute, which Pelican does not "
                           "resolve: it would be published as written", FIX_SRCSET if attr == "srcset"
                           else FIX_UNRESOLVED, line=line)


ESCAPED = "&\"<>\u00a0"
FIX_ESCAPED_NAME = ("rename the file with letters, digits and hyphens only (say q-and-a.md) and link to the "
                    "new name: for such a name Pelican decodes the whole address, so a quote or '<' after it "
                    "would become markup")


def _at(places: list[int], occurrence: int) -> int | None:
    """The occurrence-th place (else the first): the line of the occurrence-th match."""
    if not places:
        return None
    return places[occurrence] if occurrence < len(places) else places[0]


# Where a URL stands in Markdown or HTML, once whitespace is taken out: after "(", "<", a quote,
# "=" or a reference definition's "]:".
_URL_CONTEXT = ("(", "<", '"', "'", "=", "]:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


class SourceText:
    """A Markdown source as the places where HTML can come from: the header and code blanked out
    (kept as blank lines, so numbers stay right)."""

    def __init__(self, source: str) -> None:
        lines = source.splitlines()
        self.body_start = _header_length(lines) + 1
        masked = ["" if number < self.body_start else line for number, line in enumerate(lines, start=1)]
        self.lines = _without_code(masked)
        self.raw = lines

    def refusal_places(self, refusal: Refusal) -> list[int]:
        """The line of each place the refused thing stands, in order: its URL (decoded, where a
        link or image stands), else its best needle that matches, in the text outside code spans,
        code blocks and the metadata header (the raw text, failing that)."""
        places = self.value_places(refusal.value) if refusal.value else []
        for pattern in refusal.needles:
            places = places or self.pattern_places(pattern)
        return places

    def value_places(self, value: str) -> list[int]:
        """The line of each place the URL stands, one entry per place."""
        wanted = normal_value(value)
        if not wanted:
            return []
        return [number for number, line in enumerate(self.lines, start=1)
                for _ in range(_url_places(line, wanted))]

    def pattern_places(self, pattern: str) -> list[int]:
        regex = re.compile(pattern, re.IGNORECASE)
        for lines in (self.lines, self.raw):
            places = [number for number, line in enumerate(lines, start=1) for _ in regex.finditer(line)]
            if places:
                return places
        return []

    def value_line(self, value: str, occurrence: int) -> int | None:
        """The line of the occurrence-th place the URL stands (else of its first)."""
        return _at(self.value_places(value), occurrence)

    def pattern_line(self, pattern: str, occurrence: int) -> int | None:
        return _at(self.pattern_places(pattern), occurrence)


# Python-Markdown's meta extension: "Key: value" lines, indented continuations, up to a blank line.
_META_LINE = re.compile(r"^ {0,3}[A-Za-z0-9_-]+:")
_META_MORE = re.compile(r"^ {4,}")


def _header_length(lines: list[str]) -> int:
    """How many lines the metadata header takes (0 when the file starts with text)."""
    if not lines or not _META_LINE.match(lines[0]):
        return 0
    for number, line in enumerate(lines):
        if not line.strip():
            return number
        if not (_META_LINE.match(line) or _META_MORE.match(line)):
            return number
    return len(lines)


def _url_places(line: str, wanted: str) -> int:
    """How many times the URL stands in the line as a link or image (decoded, no whitespace)."""
    text = normal_value(html.unescape(line))
    count, start = 0, text.find(wanted)
    while start >= 0:
        count += any(text[:start].endswith(mark) for mark in _URL_CONTEXT)
        start = text.find(wanted, start + 1)
    return count


def _without_code(lines: list[str]) -> list[str]:
    """The lines with fenced code blocks and code spans blanked."""
    kept, fence = [], None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            kept.append("")
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            kept.append("")
        else:
            kept.append(line)
    text = _CODE_SPAN.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), "\n".join(kept))
    return text.split("\n")
