"""Every local link and image of every body leads somewhere real, or the build says where.

Pelican resolves {filename}, {static} and {attach} links while it writes each page:
a target it cannot find is a one-line warning that names neither the file nor the
line, and the page ships with href="{filename}missing.md". A relative link or image
(images/chart.png) is not looked at at all. This check runs once every generator has
read its content and every part of the site has said what it will write
(outputs.py), so it can judge each link against the real site, before anything is
written: a missing target is an error with the file, the line, what and the fix.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import NOTE, WARNING, ContentIssue
from .header import read_header
from .html_policy import ELEMENTS
from .notes import is_draft
from .outputs import FILE, FOLDER, PATTERN, Claim
from .protocols import Content
from .settings import policy_off
from .sources import shown_path

# The attributes Pelican resolves {filename}-style links in (contents.py, 4.12), plus srcset:
# ATTRIBUTE below.
# What a src= does, by element, for the message ("shows the image 'x.png', which ...").
VERBS = {"img": "shows the image", "audio": "plays", "video": "plays", "source": "uses", "track": "uses"}
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
INTRASITE = re.compile(r"^[{|](?P<what>[a-z]+)[|}](?P<value>.*)$")
FIX_FILENAME = ("link to a file that exists, e.g. '{filename}/posts/other-post.md' (a path from "
                "content/, or from this file's folder without the leading /)")
FIX_STATIC = ("add the file under content/ (images in content/images/), or correct the path; "
              "'{static}/images/x.png' is read from content/")
FIX_RELATIVE = ("write '{static}/images/x.png' for a file in content/, or '{filename}/posts/x.md' for "
                "a post: such links are checked and turned into the right address")


@dataclass(frozen=True)
class Link:
    tag: str
    attribute: str
    value: str


# Link attributes, found as Pelican's own intrasite-link regex finds them, and kept when they
# sit inside a start tag (a '<' after the last '>'): text in a code span is not a tag, since
# Markdown escapes its '<'. Comments are left out (they are not published). About a fifth of
# html.parser's time, which was a sixth of a build at 1,500 items.
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
ATTRIBUTE = re.compile(r"""\s(href|src|poster|data|cite|formaction|action|srcset)\s*=\s*"""
                       r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
TAG_NAME = re.compile(r"<([a-zA-Z][\w:-]*)")


# Where the reader keeps a body's links in its metadata (so on the item: item._stepwise_links).
LINKS_KEY = "_stepwise_links"


def item_links(item: Content) -> list[Link]:
    """An item's links, as its reader found them; read from the body if another reader made it."""
    known = getattr(item, LINKS_KEY, None)
    return list(known) if known is not None else links_of(getattr(item, "_content", "") or "")


def links_of(body: str) -> list[Link]:
    """Every link-like attribute value of an HTML body, in order (a srcset gives each URL)."""
    if "<!--" in (body or ""):
        body = COMMENT.sub("", body)
    links: list[Link] = []
    for match in ATTRIBUTE.finditer(body or ""):
        opening = body.rfind("<", 0, match.start())
        tag = TAG_NAME.match(body, opening) if opening > body.rfind(">", 0, match.start()) else None
        raw = match.group(2) or match.group(3) or match.group(4)
        if tag is None or not raw:
            continue
        name, value = match.group(1).lower(), html.unescape(raw).strip()
        values = [p.split()[0] for p in value.split(",") if p.split()] if name == "srcset" else [value]
        links.extend(Link(tag.group(1).lower(), name, v) for v in values if v)
    return links


class SitePaths:
    """What the finished site will hold, from the claims: is this output path real?"""

    def __init__(self, claims: list[Claim], theme_static: Path | None, theme_dir: str) -> None:
        self.files = {c.path for c in claims if c.kind == FILE}
        # A folder whose files nobody listed (Pagefind's) holds whatever a link asks for in it.
        self.folders = [c.path for c in claims if c.kind == FOLDER and c.path
                        and not any(f.startswith(c.path) for f in self.files)]
        self.patterns = [c.path for c in claims if c.kind == PATTERN]
        self.theme_static, self.theme_dir = theme_static, theme_dir.strip("/") + "/"

    def holds(self, path: str) -> bool:
        path = path.lstrip("/")
        candidates = [path + "index.html"] if path.endswith("/") or not path else [path, f"{path}/index.html"]
        if any(c in self.files for c in candidates):
            return True
        if self.theme_static is not None and path.startswith(self.theme_dir):
            return (self.theme_static / path[len(self.theme_dir):]).is_file()
        return (any(path.startswith(folder) for folder in self.folders)
                or any(fnmatchcase(path, pattern) for pattern in self.patterns))


def _target(value: str) -> str:
    return unquote(urlsplit(value).path)


def _content_path(item: Content, target: str) -> str:
    """A {filename}/{static} target as Pelican looks it up: from content/ (a leading /)
    or from the linking file's folder."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(item.relative_dir, target))


Problem = tuple[str, str]  # (what is wrong, how to fix it)
TAXONOMIES = {"tag": "tags", "category": "categories", "author": "authors"}
FIX_KIND = "use {filename}, {static}, {attach}, {tag}, {category}, {author} or {index}"


def _intrasite_problem(item: Content, what: str, value: str,
                       context: dict[str, Any]) -> tuple[str, ...] | None:
    """(problem, fix[, severity]) for a {filename}/{static}/{attach}/{tag}/... link that leads nowhere."""
    if what in {"filename", "static", "attach"}:
        return _file_problem(item, what, value, context)
    if what in TAXONOMIES:
        return _taxonomy_problem(what, value, context)
    return None if what == "index" else (f"'{{{what}}}' is not a kind of link Pelican knows", FIX_KIND)


def _file_problem(item: Content, what: str, value: str,
                  context: dict[str, Any]) -> tuple[str, ...] | None:
    key = "generated_content" if what == "filename" else "static_content"
    paths = [_content_path(item, _target(value)), _content_path(item, urlsplit(html.unescape(value)).path)]
    if paths[0].startswith("../"):
        return None  # outside content/: the body policy refuses it (body_policy.py)
    found = next((context[key][p] for p in paths if p in context.get(key, {})), None)
    missing = f"does not exist (there is no content/{paths[0]}{_other_case(item, paths[0], context)})"
    if found is None and what == "filename":
        if any(p in context.get("static_content", {}) for p in paths):
            return None  # Pelican links a file this way too: _static_by_filename says what is meant
        return missing, FIX_FILENAME
    # Pelican makes a static file of any {static} target, there or not (and copies nothing)
    if found is None or not Path(item.settings["PATH"], found.relative_source_path).is_file():
        return missing, FIX_STATIC
    if getattr(found, "status", "published") == "draft":
        return _unpublished_target(item, found)
    return None


def _other_case(item: Content, path: str, context: dict[str, Any]) -> str:
    """', but there is content/x.jpg' when a file or item differs from the link in case alone:
    the link works on a Mac's disk and breaks on the web server."""
    wanted = path.lower()
    known = [*context.get("generated_content", {}), *context.get("static_content", {})]
    same = next((p for p in known if p.lower() == wanted and p != path
                 and Path(item.settings["PATH"], p).is_file()), None)
    return f", but there is content/{same}: write the name in the same letters" if same else ""


def _unpublished_target(item: Any, target: Any) -> tuple[str, ...] | None:
    """A link to a draft or scheduled item: refused now if it would lead nowhere on the day the
    linking item goes out (a scheduled post linking one scheduled later failed every build from
    its own day to the other's). A draft (Status: draft) may link anything unpublished; a
    scheduled item may link a draft with a note, since the draft may well be published by its
    day (if not, the link is an error from that day, as in any published item)."""
    if getattr(item, "status", "") != "draft":
        return ("is a draft or scheduled item: the link would lead nowhere until it is published",
                "publish it first, or remove the link for now")
    if is_draft(item):
        return None
    day, target_day = item.date, None if is_draft(target) else target.date
    if target_day is not None and target_day <= day:
        return None
    if target_day is None:
        return ("is still a draft: publish it by then, or remove the link",
                "publish it before this item's day, or remove the link", NOTE)
    later = f"{target_day:%Y-%m-%d %H:%M}"
    when = f"{day:%Y-%m-%d %H:%M}"
    return (f"is scheduled for {later}, but this item goes out on {when}: the link would lead "
            "nowhere until then", f"date this item on or after {later}, or add the link once it is out")


def _taxonomy_problem(what: str, value: str, context: dict[str, Any]) -> Problem | None:
    known = _pairs(context.get(TAXONOMIES[what]))
    if any(value.lower() in {str(name).lower(), getattr(name, "slug", "")} for name, _items in known):
        return None
    names = sorted(str(name) for name, _items in known)
    article = "an" if what[0] in "aeiou" else "a"
    return (f"is not {article} {what} of any published item",
            f"use one of: {', '.join(names[:8]) or 'none yet'}")


def _pairs(values: Any) -> list[tuple[Any, Any]]:
    if isinstance(values, dict):
        return list(values.items())
    return [(v[0], v[1]) for v in values or [] if isinstance(v, tuple | list) and len(v) == 2]


def _local_problem(item: Content, value: str, site: SitePaths, context: dict[str, Any]) -> Problem | None:
    """(problem, fix) for a relative or root-relative link that the finished site would not serve."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = posixpath.dirname(str(item.url or "").rstrip("/") + "/x")  # the page's own folder
    path = parts.path if parts.path.startswith("/") else posixpath.join("/" + base, parts.path)
    resolved = posixpath.normpath(unquote(path)) + ("/" if parts.path.endswith("/") else "")
    if site.holds(resolved):
        return None
    fix = _meant_file(item, parts.path, context) or FIX_RELATIVE
    if parts.path.startswith("/"):
        return "is not a page or file of this site", fix
    return f"but the site has no {resolved}", fix


def _meant_file(item: Content, path: str, context: dict[str, Any]) -> str | None:
    """The fix for a plain link to a file in content/ (a post's .md, an image beside it)."""
    # As written from the source file's folder, or from the page's (one '../' more)
    for candidate in (unquote(path), unquote(path).removeprefix("../")):
        source = _content_path(item, candidate)
        if source in context.get("generated_content", {}):
            return f"write '{{filename}}/{source}': Pelican turns it into the page's address"
        if source in context.get("static_content", {}) and Path(item.settings["PATH"], source).is_file():
            return f"write '{{static}}/{source}': Pelican turns it into the file's address"
    slug = unquote(path).strip("/").rsplit("/", 1)[-1]  # a post named by its address, as a reader sees it
    named = next((source for source, other in context.get("generated_content", {}).items()
                  if slug and getattr(other, "slug", None) == slug), None)
    if named:
        return (f"write '{{filename}}/{named}' for the item whose address ends in '{slug}/': Pelican "
                "turns it into the page's address")
    return None


def link_problems(item: Content, links: list[Link], context: dict[str, Any],
                  site: SitePaths) -> Iterator[ContentIssue]:
    """Every link of one item's body (`links`: links_of its body) that leads nowhere."""
    if policy_off(item.settings):
        return  # the tests that prove the policy link their payloads to /__proof on purpose
    written = bool(getattr(item, "save_as", ""))
    for link in links:
        if _refused_by_policy(link):
            continue  # the HTML policy refuses the element or attribute itself: one message
        match = INTRASITE.match(link.value)
        if match:
            found: tuple[str, ...] | None = _intrasite_problem(item, match["what"], match["value"], context)
            found = found or _static_by_filename(item, match, context)
        elif written and not SCHEME.match(link.value) and not link.value.startswith(("#", "//")):
            found = _local_problem(item, link.value, site, context)
        else:
            found = None
        if found:
            yield _issue(item, link, *found)


def _refused_by_policy(link: Link) -> bool:
    allowed = ELEMENTS.get(link.tag)
    return allowed is None or link.attribute not in allowed


def _issue(item: Content, link: Link, problem: str, fix: str, severity: str = "error") -> ContentIssue:
    noun = VERBS.get(link.tag, "links to") if link.attribute in {"src", "srcset"} else "links to"
    joined = (f" {problem}" if problem.startswith("with ") else
              f", {problem}" if problem.startswith("but ") else f", which {problem}")
    return ContentIssue(shown_path(item.source_path, item.settings), "body",
                        f"{noun} '{link.value}'{joined}", fix,
                        line=_line_of(item.source_path, link.value), severity=severity)


def link_issue(item: Content, link: Link, problem: str, fix: str) -> ContentIssue:
    """An error about one link of an item's body, with its file and line."""
    return _issue(item, link, problem, fix)


def static_target(item: Content, link: Link, by_output: dict[str, str]) -> tuple[str, str] | None:
    """(how it links: 'static', 'attach' or 'address'; the source path) of a link to a static file."""
    match = INTRASITE.match(link.value)
    if match:
        return (match["what"], _content_path(item, _target(match["value"]))) \
            if match["what"] in {"static", "attach"} else None
    parts = urlsplit(link.value)
    if SCHEME.match(link.value) or parts.netloc or not parts.path:
        return None
    base = posixpath.dirname(str(getattr(item, "url", "") or "").rstrip("/") + "/x")
    path = parts.path if parts.path.startswith("/") else posixpath.join("/" + base, parts.path)
    source = by_output.get(posixpath.normpath(unquote(path)).lstrip("/"))
    return ("address", source) if source else None


def _static_by_filename(item: Content, match: re.Match[str],
                        context: dict[str, Any]) -> tuple[str, ...] | None:
    """{filename} pointing at an image or audio file: it works, but says the wrong thing."""
    path = _content_path(item, _target(match["value"]))
    if match["what"] != "filename" or path in context.get("generated_content", {}):
        return None
    if path not in context.get("static_content", {}):
        return None
    return ("with {filename}, which is for posts and pages",
            f"write '{{static}}{match['value']}' for a file such as an image", WARNING)


def _line_of(source_path: str, value: str) -> int | None:
    """The first line of the body that holds the link (read only when there is a problem); the
    header is skipped, where 'Image: holiday.jpg' may name the same file."""
    try:
        source = Path(source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    header_end = max((entry.line + len(entry.parts) - 1 for entry in read_header(source)), default=0)
    for number, text in enumerate(source.splitlines(), start=1):
        if number > header_end and (value in text or html.escape(value) in text):
            return number
    return None


def theme_static_folder(settings: dict[str, Any]) -> Path | None:
    paths = settings.get("THEME_STATIC_PATHS") or []
    return Path(settings["THEME"], paths[0]) if len(paths) == 1 else None


def site_paths(claims: list[Claim], settings: dict[str, Any]) -> SitePaths:
    return SitePaths(claims, theme_static_folder(settings), str(settings.get("THEME_STATIC_DIR") or "theme"))

