"""One owner per output path: every file the build writes has exactly one source.

Pelican lets metadata choose where a file goes (Save_as, Url, Lang, a slug made
from a title) and lets a later write replace an earlier one without a word: a
post could take the place of a tag page, a worksheet, the sitemap, a theme script
or the search index. Before anything is written, every part of the site states
what it will write (a Claim): Pelican's own pages are listed here, plugins answer
the `claim_outputs` signal. Then a file claimed twice, or a content file that
would land inside a folder the site owns (theme/, pagefind/, tags/, ...) or
outside output/, is an error naming both sources.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blinker import signal
from pelican.paginator import Paginator

from .errors import ContentIssue
from .protocols import Content, Generator
from .sources import shown_path

# Sent with the list of generators once every one has read its content; each receiver
# returns an iterable of the Claims of what its plugin will write.
claim_outputs = signal("stepwise_claim_outputs")

FILE, FOLDER, PATTERN, ADDS_TO = "file", "folder", "pattern", "adds to"
# Metadata lines that choose an address outright: in a clash, they are what to change.
OVERRIDES = frozenset({"Save_as", "Url", "Lang"})


@dataclass(frozen=True)
class Claim:
    """What one source will write: a file, every file in a folder, files matching a
    pattern, or lines added to a file another source writes (the sitemap's robots.txt line)."""

    path: str  # relative to output/, with '/'; a folder ends with '/'
    owner: str  # as an author reads it: 'content/posts/x.md', 'the tag pages'
    kind: str = FILE
    source: str | None = None  # the content file behind it, for its line numbers
    field: str | None = None  # the metadata line that chose the address
    # A plugin's page made from one content file (an inline worksheet's post, as shown): when
    # that file's own address clashes, its message says what to change, and this one is left out.
    made_from: str | None = None

    @property
    def from_content(self) -> bool:
        return self.source is not None


def normal(path: str) -> str:
    """An output path in one spelling: 'a//b/./c' -> 'a/b/c' (a folder keeps its '/')."""
    text = str(path).replace(os.sep, "/")
    tidy = posixpath.normpath(text) if text not in {"", "/"} else text
    return tidy + "/" if text.endswith("/") and not tidy.endswith("/") else tidy


def folder_of(pattern: str) -> str:
    """'tags/{slug}/index.html' -> 'tags/': the fixed folder every page of a kind goes in."""
    fixed = pattern.split("{", 1)[0]
    return fixed[: fixed.rfind("/") + 1] if "/" in fixed else ""


# --- what Pelican itself writes ---------------------------------------------------------

ITEM_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
              "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def _address_field(item: Content) -> str:
    if "save_as" in item.metadata:
        return "Save_as"
    if "url" in item.metadata:
        return "Url"
    default_lang = item.settings.get("DEFAULT_LANG")
    if item.metadata.get("lang", default_lang) != default_lang:
        return "Lang"
    return "Slug" if "slug" in item.metadata else "Title"


def item_claims(generators: list[Generator], settings: dict[str, Any]) -> Iterator[Claim]:
    """Posts, episodes and pages (translations and hidden ones too; drafts are not written)."""
    seen: set[int] = set()
    for generator in generators:
        for name in ITEM_LISTS:
            for item in getattr(generator, name, None) or []:
                if id(item) in seen or not item.save_as:
                    continue
                seen.add(id(item))
                yield Claim(normal(item.save_as), shown_path(item.source_path, settings),
                            source=item.source_path, field=_address_field(item))


def static_claims(generators: list[Generator], settings: dict[str, Any]) -> Iterator[Claim]:
    """Files copied from content/, and the theme's own files."""
    for generator in generators:
        for static in getattr(generator, "staticfiles", None) or []:
            if static.relative_source_path.startswith(".."):
                continue  # linked from outside content/: the body policy refuses it, nothing is built
            source = str(Path(settings["PATH"], static.source_path))
            if not os.path.lexists(source):
                continue  # a link to a file that is not there: the link check names it, nothing is copied
            # get_url_setting, not .save_as: reading that pins the file, and {attach} could not move it
            save_as = static.get_url_setting("save_as")
            yield Claim(normal(save_as), shown_path(source, settings), source=source)
    theme_dir = str(settings.get("THEME_STATIC_DIR") or "").strip("/")
    prefix = f"{theme_dir}/" if theme_dir else ""
    for folder in settings.get("THEME_STATIC_PATHS") or []:
        root = Path(settings["THEME"], folder)
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                relative = path.relative_to(root) if root.is_dir() else Path(path.name)
                shown = path.relative_to(Path(settings["THEME"]).parent).as_posix()
                yield Claim(f"{prefix}{relative.as_posix()}", f"the theme file {shown}")
    if prefix:
        yield Claim(prefix, "the theme's files", FOLDER)


def page_claims(generators: list[Generator], settings: dict[str, Any]) -> Iterator[Claim]:
    """Listings: direct templates (with their pages 2, 3, ...), template pages, and the
    folders of tag, category, author and period-archive pages."""
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            yield from _paginated(save_as, f"the {name} page", generators, settings, name)
    for destination in (settings.get("TEMPLATE_PAGES") or {}).values():
        yield Claim(normal(destination), f"the template page {destination}")
    families = {"TAG_SAVE_AS": "the tag pages", "CATEGORY_SAVE_AS": "the category pages",
                "AUTHOR_SAVE_AS": "the author pages", "YEAR_ARCHIVE_SAVE_AS": "the archive pages",
                "MONTH_ARCHIVE_SAVE_AS": "the archive pages", "DAY_ARCHIVE_SAVE_AS": "the archive pages"}
    for key, owner in families.items():
        folder = folder_of(str(settings.get(key) or ""))
        if folder:
            yield Claim(folder, owner, FOLDER)
    for generator in generators:
        yield from _taxonomy_pages(generator, settings)


def _taxonomy_pages(generator: Generator, settings: dict[str, Any]) -> Iterator[Claim]:
    """Each tag, category, author and period archive page (with its pages 2, 3, ...)."""
    for attribute, template in (("tags", "tag"), ("categories", "category"), ("authors", "author")):
        groups = getattr(generator, attribute, None) or {}
        for name, articles in (groups.items() if isinstance(groups, dict) else groups):
            if name.slug and name.save_as:  # no slug: the tag or category is refused (rules.py)
                yield from _pages_of(name.save_as, name.url, f"the {template} page of {str(name)!r}",
                                     articles=articles, settings=settings, template=template)
    for periods in (getattr(generator, "period_archives", None) or {}).values():
        for period in periods:
            if period.get("save_as"):
                yield Claim(normal(period["save_as"]), "the archive pages")

def _paginated(save_as: str, owner: str, generators: list[Any], settings: dict[str, Any],
               name: str) -> Iterator[Claim]:
    articles: list[Any] = next((g.articles for g in generators if hasattr(g, "drafts")), [])
    url = settings.get(f"{name.upper()}_URL", "")
    yield from _pages_of(save_as, url, owner, articles=articles, settings=settings, template=name)


def _pages_of(save_as: str, url: str, owner: str, *, articles: list[Any], settings: dict[str, Any],
              template: str) -> Iterator[Claim]:
    """A listing page, and its pages 2, 3, ... as Pelican's Writer paginates them."""
    yield Claim(normal(save_as), owner)
    paginated = settings.get("PAGINATED_TEMPLATES") or {}
    per_page = paginated.get(template) or settings.get("DEFAULT_PAGINATION")
    if template not in paginated or not per_page:
        return
    paginator = Paginator(save_as, url, articles, settings, per_page)
    for number in range(2, paginator.num_pages + 1):
        yield Claim(normal(paginator.page(number).save_as), f"page {number} of {owner}")


def feed_claims(settings: dict[str, Any]) -> Iterator[Claim]:
    """Every Pelican-style feed a setting names (FEED_ATOM, POSTS_FEED_RSS, ...), and its folder.

    (Plugins with feeds of their own, such as the podcast's, claim them themselves.)
    """
    for key, value in sorted(settings.items()):
        if isinstance(value, str) and value and key.endswith(("FEED_ATOM", "FEED_RSS")):
            if "{" in value:
                folder = folder_of(value)
                if folder:
                    yield Claim(folder, f"the feeds ({key})", FOLDER)
                continue
            yield Claim(normal(value), f"the feed {key}")
            if "/" in value:
                yield Claim(value.rsplit("/", 1)[0] + "/", "the feeds", FOLDER)


def all_claims(generators: list[Generator]) -> list[Claim]:
    settings = generators[0].settings
    claims = [*item_claims(generators, settings), *static_claims(generators, settings),
              *page_claims(generators, settings), *feed_claims(settings)]
    for _receiver, answer in claim_outputs.send(generators):
        claims.extend(answer or [])
    return claims


# --- the checks --------------------------------------------------------------------------

def output_problems(claims: Iterable[Claim], settings: dict[str, Any]) -> Iterator[ContentIssue]:
    """A path claimed twice, a content file inside a folder the site owns, or outside output/.

    One problem per content file: the first found says what to change.
    """
    claims = list(claims)
    named: set[tuple[str, str]] = set()
    for issue in [*_outside(claims, settings), *_twice(claims, settings),
                  *_in_owned_folders(claims, settings), *_not_a_page(claims, settings)]:
        if (issue.path, issue.field) not in named:
            named.add((issue.path, issue.field))
            yield issue


def _outside(claims: list[Claim], settings: dict[str, Any]) -> Iterator[ContentIssue]:
    for claim in claims:
        parts = claim.path.split("/")
        if claim.path.startswith("/") or ".." in parts or ":" in parts[0]:
            yield _issue(claim, f"would be written outside the site ({claim.path})",
                         "remove the line: the address comes from the Slug", settings)


def _twice(claims: list[Claim], settings: dict[str, Any]) -> Iterator[ContentIssue]:
    by_path: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.kind == FILE:  # as a case-insensitive disk (macOS, Windows) would store it
            by_path.setdefault(claim.path.lower(), []).append(claim)
    clashes = [distinct for owners in (by_path[key] for key in sorted(by_path))
               if len(distinct := list({claim.owner: claim for claim in owners}.values())) > 1]
    clashing = {claim.owner for distinct in clashes for claim in distinct if claim.from_content}
    for distinct in clashes:
        if all(claim.made_from in clashing for claim in distinct):
            continue  # two posts' worksheet pages: the posts' own clash names what to change
        chosen = [claim for claim in distinct if claim.field in OVERRIDES]  # the line that asked for it
        for claim in chosen or distinct:
            others = ", ".join(other.owner for other in distinct if other is not claim)
            if claim.field in {"Slug", "Title"}:
                yield _issue(claim, _slug_clash(claim, distinct, others), _slug_fix(claim, distinct),
                             settings)
            elif claim.from_content or not any(c.from_content for c in distinct):
                yield _issue(claim, f"gives the same address as {others} ({_same_path(claim, distinct)})",
                             _fix(claim), settings)


def _same_path(claim: Claim, owners: list[Claim]) -> str:
    others = sorted({other.path for other in owners} - {claim.path})
    if not others:
        return claim.path
    return f"{claim.path}, which is {others[0]} on a disk that ignores case, as on macOS and Windows"


def _address(path: str) -> str:
    """'posts/x/index.html' -> '/posts/x/': the address a reader sees, not the file behind it."""
    return "/" + path.removesuffix("index.html")


def _same_address(claim: Claim, owners: list[Claim]) -> str:
    others = sorted({other.path for other in owners} - {claim.path})
    if not others:
        return _address(claim.path)
    return (f"{_address(claim.path)}, which is {_address(others[0])} on a disk that ignores case, "
            "as on macOS and Windows")


def _slug_clash(claim: Claim, owners: list[Claim], others: str) -> str:
    """The address two items' titles (or Slug: lines) give, as a reader would type it."""
    if any(other.from_content for other in owners if other is not claim):
        return f"gives the same address as {others}: both would be the page {_same_address(claim, owners)}"
    return f"gives the address {_same_address(claim, owners)}, which {others} has"


def _slug_fix(claim: Claim, owners: list[Claim]) -> str:
    """Two items whose titles (or Slug: lines) give one address: what to write instead."""
    taken = claim.path.removesuffix("/index.html").rsplit("/", 1)[-1].lower()
    new = f"'Slug: {taken}-2'"
    if not any(other.from_content for other in owners if other is not claim):  # a page of the site's own
        return (f"change the title, or add a line such as {new} under it" if claim.field == "Title"
                else f"change the line, e.g. to {new}")
    keep = "(keep the address of one already published as it is, so links to it keep working)"
    if claim.field == "Title":
        return f"change one of the two titles, or add a line such as {new} under this one's title {keep}"
    return f"change one of the two, e.g. this line to {new} {keep}"


def _in_owned_folders(claims: list[Claim], settings: dict[str, Any]) -> Iterator[ContentIssue]:
    folders = [claim for claim in claims if claim.kind == FOLDER and claim.path]
    patterns: dict[str, list[Claim]] = {}  # by the folder they match in: one look per file
    for claim in claims:
        if claim.kind == PATTERN:
            patterns.setdefault(posixpath.dirname(claim.path).lower(), []).append(claim)
    for claim in claims:
        if not claim.from_content:
            continue
        nearby = patterns.get(posixpath.dirname(claim.path).lower(), [])
        for holder in [*folders, *nearby]:
            path, held = claim.path.lower(), holder.path.lower()  # Tags/ is tags/ on macOS
            inside = path.startswith(held) if holder.kind == FOLDER else fnmatch.fnmatchcase(path, held)
            if inside:
                where = (f"inside {holder.path}, which belongs to {holder.owner}" if holder.kind == FOLDER
                         else f"where {holder.owner} go")
                yield _issue(claim, f"would be written to {claim.path}, {where}", _fix(claim), settings)
                break


PAGE_FIX = ("as in 'Url: posts/new-name/' with 'Save_as: posts/new-name/index.html', or remove both "
            "lines: the address then comes from the Slug")


# Names hosts read as their settings wherever they stand in the site: GitHub Pages' CNAME (its
# publishing tools replace it), Netlify's and Cloudflare's _headers, _redirects and _routes.json.
HOST_FILES = frozenset({"cname", "_headers", "_redirects", "_routes.json", "robots.txt"})
LONGEST_NAME = 255  # bytes in one file or folder name, on every common disk


def _not_a_page(claims: list[Claim], settings: dict[str, Any]) -> Iterator[ContentIssue]:
    """A page that Save_as writes where hosts and servers read a file as their settings, not as a
    page (CNAME, _headers, .well-known/, .htaccess, a file without .html), or where no disk can
    write it. Checked last, so a path another output owns is named as that instead."""
    for claim in claims:
        found = _page_problem(claim.path) if claim.field == "Save_as" else None
        if found is not None:
            yield _issue(claim, *found, settings)


# What makes a Save_as no place for a page: (what to look for among its parts, the problem, the
# fix), the first that applies named. {path} is the Save_as, {hit} the part found.
PAGE_RULES: tuple[tuple[Callable[[list[str]], str | None], str, str], ...] = (
    (lambda parts: next((part for part in parts if part.startswith(".")), None),
     "would write the page as {path}: a name that starts with '.' ({hit}) is hidden by web servers or "
     "read as their settings", "choose an address with no part that starts with '.', " + PAGE_FIX),
    (lambda parts: next((part for part in parts if part.lower() in HOST_FILES), None),
     "would write the page as {path}: hosts read a file named {hit} as their settings",
     "choose another name, " + PAGE_FIX),
    (lambda parts: next((part for part in parts if len(part.encode()) > LONGEST_NAME), None),
     f"has a name longer than {LONGEST_NAME} bytes, which no disk holds ({{hit:.30}}…)",
     "choose a shorter address, " + PAGE_FIX),
    (lambda parts: "" if not parts[-1] else None,
     "{path} names a folder, not the file the page is written to",
     "write 'Save_as: {path}index.html' (with 'Url: {path}')"),
    (lambda parts: None if parts[-1].endswith(".html") else parts[-1],
     "would write the page as the file {hit} ({path}): without .html, hosts and servers may read it as "
     "their settings or offer it as a download, and a host may prefer an index.htm to the index.html "
     "beside it", "end it in .html, " + PAGE_FIX),
)


def _page_problem(path: str) -> tuple[str, str] | None:
    parts = path.split("/")
    for look, problem, fix in PAGE_RULES:
        hit = look(parts)
        if hit is not None:
            return problem.format(path=path, hit=hit), fix.format(path=path, hit=hit)
    return None


def _fix(claim: Claim) -> str:
    field = claim.field or "Slug"
    if field in {"Save_as", "Url"}:
        return f"remove the '{field}:' line (the address then comes from the Slug), or choose a free address"
    if field == "Lang":
        return "remove the 'Lang:' line, or give the translation its own 'Slug:'"
    if claim.field in {"Slug", "Title"}:
        return "give it a different 'Slug:' (or title)"
    if claim.field:
        return f"change the '{claim.field}:' line"
    return "rename the file, or move it to another folder"


def _issue(claim: Claim, problem: str, fix: str, settings: dict[str, Any]) -> ContentIssue:
    if claim.source is None:
        return ContentIssue("(build)", claim.owner, problem, "a plugin claims a path another part of the "
                            "site writes: change one of the settings that give these addresses")
    field = claim.field or "file"
    issue = ContentIssue(shown_path(claim.source, settings), field, problem, fix)
    return issue.located(claim.source) if claim.field else issue


def rewrite(path: Path, text: str) -> None:
    """Give a file in output/ new text by renaming a new file over it, never by writing into
    it: with STATIC_CREATE_LINKS it may be a link to the author's file under content/."""
    written = path.with_name(f".{path.name}.new")
    written.write_text(text, encoding="utf-8")
    os.replace(written, path)
