"""The one allowlist for the HTML of every page body and feed item, judged as browsers parse it.

Readers keep their worksheet answers on the site's origin, so nothing a post carries
may run code there, load another site, or send a form. A body is parsed with lexbor
(selectolax), an HTML5-conformant parser that builds the tree Chromium builds, foreign
content (<svg>, <math>) included; every element, attribute and URL in that tree must be
in the tables below. Anything else is refused, never stripped: the author learns what
happened and how to fix it. A body that passes is published as the parser's own
serialisation of the tree it judged, comments removed, so what a reader's browser
parses is exactly what was checked (no unclosed comment or tag can swallow the page).

The tables are the README's "What a post may contain"; tests/stepwise_core/test_html_policy.py
holds the README to them.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .reserved_classes import reserved_class
from .reserved_ids import reserved_id
from .rules import INVISIBLE_CHARACTERS, REORDERING

# Attributes every allowed element may carry.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
# Allowed element -> the attributes of its own (besides GLOBAL_ATTRIBUTES).
ELEMENTS: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in (
        "p", "br", "hr", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "dl", "dt",
        "dd", "pre", "code", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup", "mark",
        "abbr", "dfn", "cite", "kbd", "samp", "var", "bdi", "wbr", "figure", "figcaption",
        "summary", "caption", "table", "thead", "tbody", "tfoot", "tr")},
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "style"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
}
# The one style a body may carry: the column alignment Markdown's tables write.
TABLE_ALIGNMENT = re.compile(r"text-align:\s*(left|right|center);?", re.IGNORECASE)
# (element, attribute) -> what its URL may point at: LINK anywhere a reader may follow,
# EMBED only this site (the page would load it), EMBED_LIST a srcset of such URLs.
LINK, EMBED, EMBED_LIST = "link", "embed", "embed-list"
URL_ATTRIBUTES: dict[tuple[str, str], str] = {
    ("a", "href"): LINK, ("blockquote", "cite"): LINK, ("q", "cite"): LINK,
    ("del", "cite"): LINK, ("ins", "cite"): LINK,
    ("img", "src"): EMBED, ("img", "srcset"): EMBED_LIST,
}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
EMBED_SCHEMES = frozenset({"http", "https"})  # and then only this site's own address

# Refused elements whose reason is worth saying: tag -> (why, fix). Others get GENERIC_FIX.
_RUNS = ("it can run code", "remove it: the site runs only its own scripts")
_EMBEDS = ("it embeds or plays content from elsewhere",
           "remove it and link to the page instead (a plain link, or an image saved in content/images/)")
_FORM = ("a form or form control",
         "remove it: the worksheet is the page's only form, and a form in a post could send a reader's "
         "answers to another address")
_PAGE = ("it changes the page itself: its address, styles or refresh",
         "remove it: the theme sets the page's head, styles and addresses")
_DRAWING = ("inline SVG and MathML can hold links and animations that run code",
            "save the drawing as a PNG or JPEG in content/images/ and show it with ![what it shows](…)")
_SKELETON = ("part of the page's frame: its attributes would land on the page's own",
             "remove it: a post is only the text of the body")
REFUSED_ELEMENTS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("script", "noscript", "template", "slot"), _RUNS),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "audio",
                     "video", "source", "track", "picture", "canvas", "map", "area", "fencedframe"), _EMBEDS),
    **dict.fromkeys(("form", "input", "button", "select", "textarea", "option", "optgroup", "datalist",
                     "output", "label", "fieldset", "legend", "keygen", "search"), _FORM),
    **dict.fromkeys(("base", "meta", "link", "style", "title"), _PAGE),
    **dict.fromkeys(("svg", "math"), _DRAWING),
    **dict.fromkeys(("html", "head", "body"), _SKELETON),
    "bdo": ("it shows the text inside it backwards: a phone number or an address would read "
            "otherwise than it is dialled or followed",
            "remove it; for words in a right-to-left language, use <bdi>…</bdi> or dir=\"rtl\""),
}
GENERIC_FIX = ("use Markdown, or only the elements listed in the README "
               "(\"What a post may contain\")")
# What Word and Google Docs leave in a paste, refused like the rest, with the fix for each.
_TABLE_IN_MARKDOWN = ("the site sets tables' borders, spacing and widths itself; or write the table in "
                      "Markdown: a line '| Day | What helped |', then '| --- | --- |', then one line per row")
WORD_ATTRIBUTES: dict[str, str] = {
    **dict.fromkeys(("border", "cellpadding", "cellspacing", "valign", "align", "bgcolor", "width",
                     "height", "nowrap"),
                    f"delete the word processor's table and layout settings (border, cellpadding, "
                    f"cellspacing, valign, align, width): {_TABLE_IN_MARKDOWN}"),
}
# <a name="…">, an old-style anchor (Word writes one per bookmark and heading).
WORD_ANCHOR = ("an old-style anchor from a paste: delete name=\"…\" (an empty <a name=\"…\"></a> "
               "altogether); to link to a place in the post, link to its heading: ## Heading is #heading")
WORD_ELEMENTS: dict[str, tuple[str, str]] = {
    "o:p": ("Word's empty paragraph marker, from a paste",
            "delete every <o:p></o:p> (and &nbsp; inside them)"),
    "font": ("an old font setting, from a paste",
             "delete the <font …> and </font> tags and keep the text between them: the site sets its fonts"),
    "center": ("old centring, from a paste",
               "delete <center> and </center> and keep what is between them: the site lays out the page"),
}

# A URL as the URL parser reads it (https://url.spec.whatwg.org/#concept-basic-url-parser):
# leading and trailing C0 controls and spaces are cut, tabs and newlines anywhere removed.
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ASCII_WHITESPACE = "\t\n\f\r "
DOCUMENT_START = "<!DOCTYPE html><html><head></head><body>"


@dataclass(frozen=True)
class Refusal:
    """One thing a body may not hold: what it is, how to fix it, and how to find its line.

    `needles` are regexes to try on the source, best first; `value` is the URL it holds
    (found decoded, where a link or image can stand); `occurrence` says which match it is:
    the third javascript: link is the third match of its value, not the first."""

    what: str
    fix: str
    needles: tuple[str, ...] = ()
    value: str = ""
    occurrence: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """What counts its occurrences: the URL it holds, or its first needle."""
        if self.value:
            return ("value", normal_value(self.value))
        return ("needle", self.needles[0] if self.needles else "")


@dataclass
class Verdict:
    """The refusals (none: the body may be published), the HTML to publish, and how many
    images it shows with an empty alt (a Markdown ![](…) the reader may want to refuse)."""

    refusals: list[Refusal] = field(default_factory=list)
    html: str = ""
    empty_alt_images: int = 0

    @property
    def ok(self) -> bool:
        return not self.refusals


UNCLOSED_COMMENT = Refusal("has a comment that is never closed (<!-- without -->)",
                           "close it with -->, or delete it; comments are not published",
                           (r"<!--(?!.*-->)",))


def judge(html: str, site_urls: tuple[str, ...] = ()) -> Verdict:
    """Judge a body as a browser parses it; when it passes, give the HTML to publish.

    `site_urls`: this site's own absolute addresses (SITEURL, the feed domain), under
    which an image may be loaded once Pelican has made {static} links absolute.
    """
    tree = LexborHTMLParser(DOCUMENT_START + html)
    found: list[Refusal] = []
    comments = _comments(tree) if MAY_HOLD_COMMENTS.search(html) else []
    if comments and _ends_in_open_comment(html):
        found.append(UNCLOSED_COMMENT)
    for comment in comments:  # comments are allowed in the source, and never published
        comment.decompose()
    body = tree.body
    published = (body.inner_html or "") if body is not None else ""
    read: Sequence[tuple[str, Attributes] | Refusal] | None = None
    if _root(tree).css_first(NOT_ALLOWED) is None and not _frame_attributes(tree):
        read = _read_serialisation(published)  # the fast path: most bodies
    if read is None:
        read = _read_tree(tree)  # exact, element by element
    empty_alt = 0
    counts: Counter[tuple[str, str]] = Counter()
    for item in read:
        if isinstance(item, Refusal):
            found.append(_numbered(item, counts))
            continue
        name, attributes = item
        found.extend(_numbered(refusal, counts) for refusal in _element_refusals(name, attributes, site_urls))
        counts.update(("value", normal_value(value)) for key, value in attributes.items()
                      if (name, key) in URL_ATTRIBUTES)
        empty_alt += name == "img" and attributes.get("alt") == ""
    found.extend(_hiding_refusals(tree, published))
    found.extend(_reordering_refusals(published))
    found.extend(_direction_refusals(tree, published))
    # every problem, each with its own place: three javascript: links are three refusals
    return Verdict(found, "" if found else with_pre_newlines(published), empty_alt)


# In text or an attribute, as the parser decoded it (so &#x202E; too): a body could show a phone
# number or an address in another order than it is dialled or followed. <bdi> and dir="rtl" set
# a direction for right-to-left words; the marks (U+200E, U+200F) stay allowed, but see
# _direction_refusals.
_REORDERING = re.compile(f"[{REORDERING}]")


def _reordering_refusals(published: str) -> Iterator[Refusal]:
    for character in dict.fromkeys(_REORDERING.findall(published)):
        code = ord(character)
        yield Refusal(f"contains the invisible character U+{code:04X} ({unicodedata.name(character)}), "
                      "which shows the text after it in another order than it is read, dialled or followed",
                      "delete it (an editor that shows invisible characters finds it); for words in a "
                      "right-to-left language, use <bdi>…</bdi> or dir=\"rtl\" instead",
                      (re.escape(character), rf"&#x0*{code:x};?", rf"&#0*{code};?"))


# What makes the text around it read right to left, though allowed for right-to-left words:
# without any, it only reorders, as U+202E does (session 8: in Chromium '<span dir="rtl">1119
# 0080</span>' and '&rlm;1119 0080' both show "0080 1119"). So each needs a right-to-left letter
# beside it: dir="rtl" in its element's text, the mark in its own run of text.
RIGHT_TO_LEFT_MARKS = "\u200f\u061c"  # RIGHT-TO-LEFT MARK, ARABIC LETTER MARK
_RIGHT_TO_LEFT_MARK = re.compile(f"[{RIGHT_TO_LEFT_MARKS}]")
_NO_LETTERS_WHY = ("where no right-to-left letter stands with it: it only changes the order the text "
                   "shows in (a number written 1119 0080 shows as 0080 1119)")


def right_to_left_letters(text: str) -> bool:
    """Whether `text` holds a letter of a right-to-left script (Hebrew, Arabic, ...)."""
    return any(character.isalpha() and unicodedata.bidirectional(character) in {"R", "AL"}
               for character in text)


def _direction_refusals(tree: LexborHTMLParser, published: str) -> Iterator[Refusal]:
    """dir="rtl" on an element with no right-to-left letter in its text, and a right-to-left mark
    in a run of text with none. Looked for only where the serialisation holds one."""
    if "dir=" in published:
        for node in _root(tree).css("[dir]"):
            name = (node.tag or "").lower()
            value = (node.attributes.get("dir") or "").strip().lower()
            if value == "rtl" and not right_to_left_letters(node.text(deep=True) or ""):
                yield Refusal(f"has dir=\"rtl\" on <{name}> {_NO_LETTERS_WHY}",
                              "remove dir=\"rtl\": it is for words in a right-to-left language such as "
                              "Arabic or Hebrew",
                              (r"\bdir\s*=\s*[\"']?\s*rtl", *_attribute_needles(name, "dir")))
    if not _RIGHT_TO_LEFT_MARK.search(published):
        return
    for node in _root(tree).traverse(include_text=True):
        text = node.text_content if node.is_text_node else None
        for mark in dict.fromkeys(_RIGHT_TO_LEFT_MARK.findall(text or "")):
            if not right_to_left_letters(text or ""):
                code = ord(mark)
                yield Refusal(f"contains the invisible character U+{code:04X} ({unicodedata.name(mark)}) "
                              f"{_NO_LETTERS_WHY}",
                              "delete it (an editor that shows invisible characters finds it): it belongs "
                              "only beside words in a right-to-left language",
                              (re.escape(mark), rf"&#x0*{code:x};?", rf"&#0*{code};?",
                               *((r"&rlm;",) if mark == "\u200f" else ())))


# Allowed elements that can still hide text from sighted readers while search results, feeds and
# screen readers carry it. <small>, <sub> and <sup> each make text a size smaller (the browser's
# font-size: smaller, five sixths): one is fine print, a footnote mark or a formula, which is all a
# post needs; one inside another only shrinks it further (three deep is 10px, thirty deep is
# 0.07px: invisible). So none may stand inside another.
SHRINKING = ("small", "sub", "sup")
_SHRINKING_TAG = re.compile(r"<(?:small|sub|sup)[ >]")
# A closed <details> is a disclosure the reader opens by its <summary>: allowed. Without a
# <summary> (the browser then shows only "Details") or with one that says nothing (empty, a space,
# a dot: only the marker shows), its text is folded away behind a label that does not say what it
# holds, while search results and feeds still carry it; so it needs a summary with words.
_WORDS = re.compile(r"[^\W_]")
# A link with nothing to see in it (no character that shows, no picture) takes no room on the page,
# yet the Tab key reaches it and a screen reader announces it by its title or address (in Chromium,
# <a href="tel:…" title="Samaritans"></a> is read as a link "Samaritans" that dials the guest's
# number). Only links whose text holds no letter or digit (but blank ones) and no <img> are looked
# at closely.
_MAYBE_EMPTY_LINK = re.compile(r"<a\b[^>]*>(?:&nbsp;|[^<\w]|[\u115f\u1160\u3164\uffa0]"
                               r"|<(?!img\b)[^>]*>)*</a>")
_SHOWS_NOTHING = frozenset({"Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp"})


def _hiding_refusals(tree: LexborHTMLParser, published: str) -> Iterator[Refusal]:
    """Text hidden with allowed elements: small, sub or sup inside another, a details whose
    summary says nothing, a link with nothing to see. Looked for only where the serialisation
    holds such elements."""
    if len(_SHRINKING_TAG.findall(published)) > 1:
        yield from _nested_shrinking(tree)
    if "<details" in published:
        yield from _details_without_words(tree)
    if _MAYBE_EMPTY_LINK.search(published):
        yield from _links_without_anything_to_see(tree)


def _nested_shrinking(tree: LexborHTMLParser) -> Iterator[Refusal]:
    """One refusal for each outermost <small>, <sub> or <sup> that holds another of them, naming
    the pair it holds first."""
    reported: set[int] = set()
    for node in _root(tree).css(", ".join(SHRINKING)):  # in document order
        shrinking = [ancestor for ancestor in _ancestors(node) if (ancestor.tag or "").lower() in SHRINKING]
        if not shrinking or shrinking[-1].mem_id in reported:
            continue
        reported.add(shrinking[-1].mem_id)
        outer, inside = (shrinking[0].tag or "").lower(), (node.tag or "").lower()
        yield Refusal(f"has a <{inside}> inside a <{outer}>: each makes text smaller, so one inside "
                      "another shrinks it past reading (a few deep, it cannot be seen at all, while "
                      "search results, feeds and screen readers still carry it)",
                      "use one <small>, <sub> or <sup> at a time, never one inside another (a "
                      "footnote mark, [^1], goes after the </small>, not inside it)",
                      (rf"<\s*{outer}\b[^>]*>(?:(?!</\s*{outer}\s*>).)*?<\s*{inside}[\s/>]",
                       rf"<\s*{outer}[\s/>]", rf"<\s*{inside}[\s/>]"))


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None and parent.is_element_node:
        yield parent
        parent = parent.parent


def _details_without_words(tree: LexborHTMLParser) -> Iterator[Refusal]:
    """A <details> whose first <summary> child (the one the browser shows) has no letter or digit."""
    for details in _root(tree).css("details"):
        summary = next((child for child in details.iter(include_text=False)
                        if (child.tag or "").lower() == "summary"), None)
        if summary is not None and _WORDS.search(summary.text(deep=True) or ""):
            continue
        yield Refusal("has a <details> without a <summary> that says what it holds: its text stays "
                      "folded away behind a bare marker (or the browser's own word, \"Details\"), "
                      "while search results and feeds still carry it",
                      "begin it with a few words that say what opening it shows: "
                      "<details><summary>The whole exercise</summary>…</details>",
                      (r"<\s*details[\s>]",))


def _links_without_anything_to_see(tree: LexborHTMLParser) -> Iterator[Refusal]:
    """An <a href> holding neither a character that shows nor a picture."""
    for link in _root(tree).css("a[href]"):
        if link.css_first("img") is not None or _shows_something(link.text(deep=True) or ""):
            continue
        yield Refusal("has a link with nothing a reader can see in it (no words, no picture): it takes no "
                      "room on the page, but screen readers announce it by its title or address, the Tab "
                      "key reaches it and search engines follow it",
                      "write what it leads to between the tags, <a href=\"…\">what it leads to</a> (in "
                      "Markdown, [what it leads to](…)), or delete it",
                      (r"<\s*a\b[^>]*>(?:\s|&nbsp;|<[^>]*>)*</\s*a\s*>", r"(?<!!)\[\s*\]\s*[(\[]",
                       r"<\s*a\b"))


def _shows_something(text: str) -> bool:
    """Whether `text` has a character that shows: not a space, a control, a combining or format
    mark, or one of the blank letters INVISIBLE_CHARACTERS names (a Hangul filler)."""
    return any(not (unicodedata.category(character) in _SHOWS_NOTHING or INVISIBLE_CHARACTERS.match(character)
                    or character == "\u2800") for character in text)


def _numbered(refusal: Refusal, counts: Counter[tuple[str, str]]) -> Refusal:
    """The refusal with its occurrence: how many elements before it hold its value (counted
    for every element, see judge) or matched its needle."""
    numbered = replace(refusal, occurrence=counts[refusal.key])
    if not refusal.value:
        counts[refusal.key] += 1
    return numbered


# The HTML parser drops a newline right after <pre>, and the serialiser does not write one
# back, so "<pre>\n\ntext" would lose its first line on every parse. A <pre> whose text starts
# with a newline gets one more, as the HTML standard's serialiser once did.
PRE_WITH_NEWLINE = re.compile(r"(<pre(?: [^>]*)?>)\n")


def with_pre_newlines(serialised: str) -> str:
    """The serialisation, with the newline the parser will drop after each <pre> put back."""
    return PRE_WITH_NEWLINE.sub(r"\1\n\n", serialised) if "<pre" in serialised else serialised


_WHITESPACE_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")


def normal_value(value: str) -> str:
    """A URL as compared with the source: lower case, without whitespace or controls."""
    return _WHITESPACE_AND_CONTROLS.sub("", value).lower()


Attributes = dict[str, str]
# Comment-like tokens ("<!--", "<!x>", "<?x>", "</ 3>"): without one, the tree holds no comment.
MAY_HOLD_COMMENTS = re.compile(r"<[!?]|</[^A-Za-z]")
NOT_ALLOWED = ":not(" + ", ".join(["html", "head", "body", *ELEMENTS]) + ")"
# Lexbor's serialisation of allowed HTML elements (no raw text, no foreign content): every
# start tag is "<name", then ' name="value"' with &, ", <, > escaped in the value, then ">".
# Only a tag with attributes, or an <img> (which needs one), can break a rule.
START_TAG = re.compile(r"<([a-z][a-z0-9]*)( [^>]*)>|<(img)>")
SERIALISED_ATTRIBUTE = re.compile(r' ([^\s"=/>][^\s=/>]*)="([^"]*)"')


def _read_serialisation(published: str) -> list[tuple[str, Attributes]] | None:
    """Each element with attributes, and each <img>, read from the serialisation of a tree that holds
    only allowed elements (the C parser's output read by one regex, several times faster
    than asking the tree node by node); None when a tag is not in that exact form."""
    read: list[tuple[str, Attributes]] = []
    for match in START_TAG.finditer(published):
        name, rest, bare_img = match.groups()
        if bare_img:
            read.append((bare_img, {}))
            continue
        attributes: Attributes = {}
        position = 0
        while position < len(rest):
            attribute = SERIALISED_ATTRIBUTE.match(rest, position)
            if attribute is None:
                return None
            attributes.setdefault(attribute.group(1), html_lib.unescape(attribute.group(2)))
            position = attribute.end()
        read.append((name, attributes))
    return read


def _read_tree(tree: LexborHTMLParser) -> list[tuple[str, Attributes] | Refusal]:
    """Every allowed element with its attributes, and a refusal for each other one (its
    contents unread), in document order."""
    read: list[tuple[str, Attributes] | Refusal] = []
    stack = [_root(tree)]
    while stack:
        node = stack.pop()
        name = (node.tag or "").lower()
        if not node.is_element_node:
            pass
        elif name in {"html", "head", "body"} and _frame_node(node):
            if node.attributes:  # <body onload> in a post lands on the page's own <body>
                read.append(_element_refusal(name))
        elif name not in ELEMENTS:
            read.append(_element_refusal(name))
            continue
        else:
            read.append((name, {key.lower(): value or "" for key, value in node.attributes.items()}))
        stack.extend(reversed(list(node.iter(include_text=False))))
    return read


def _comments(tree: LexborHTMLParser) -> list[LexborNode]:
    """The comment nodes (and bogus comments such as <?x?>) in the tree."""
    return [node for node in _root(tree).traverse(include_text=True)
            if not node.is_element_node and not node.is_text_node]


def _root(tree: LexborHTMLParser) -> LexborNode:
    root = tree.root
    assert root is not None  # DOCUMENT_START gives every body an <html> element
    return root


def _frame_attributes(tree: LexborHTMLParser) -> bool:
    return any(node is not None and node.attributes for node in (tree.root, tree.head, tree.body))


def _ends_in_open_comment(html: str) -> bool:
    """Whether the last "<!--" is never closed: the tokenizer then reads the rest as comment."""
    start = html.rfind("<!--")
    rest = html[start + 4:]
    return start >= 0 and not rest.startswith((">", "->")) and "-->" not in rest and "--!>" not in rest


def _frame_node(node: LexborNode) -> bool:
    """Whether node is the document's own <html>, <head> or <body> (the parser makes one
    of each; a second <body> tag in a post only adds its attributes to the first)."""
    parent = node.parent
    return parent is None or parent.is_document_node or (parent.tag or "").lower() == "html"


def _element_refusal(name: str) -> Refusal:
    reason, fix = REFUSED_ELEMENTS.get(name) or WORD_ELEMENTS.get(name) or (
        "not one of the elements a post may contain", GENERIC_FIX)
    return Refusal(f"contains a <{name}> element ({reason})", fix, (rf"<\s*{re.escape(name)}[\s/>]",))


def _element_refusals(name: str, attributes: Attributes, site_urls: tuple[str, ...]) -> Iterator[Refusal]:
    if name == "img" and "alt" not in attributes:
        yield Refusal("has an <img> without alt text",
                      "add alt=\"what the picture shows\" (or alt=\"\" for a picture that is only "
                      "decoration); in Markdown, write the text in the brackets: ![what it shows](…)",
                      (r"<\s*img\b(?![^>]*\salt\s*=)", r"<\s*img\b", r"!\["), value=attributes.get("src", ""))
    allowed = ELEMENTS[name]
    for key, value in attributes.items():
        if key.startswith("on"):
            yield Refusal(f"has an event handler {key}=\"…\" on <{name}>",
                          f"remove the {key}=\"…\" attribute: the site runs only its own scripts",
                          _attribute_needles(name, key))
        elif key == "style" and not (key in allowed and TABLE_ALIGNMENT.fullmatch(value.strip())):
            yield Refusal(f"has a style=\"…\" attribute on <{name}>",
                          "remove it: pages ignore inline styles (the site's Content-Security-Policy "
                          "blocks them), and in feeds a style can load other sites; use Markdown's "
                          "emphasis, headings and lists",
                          _attribute_needles(name, "style"))
        elif key not in allowed and key not in GLOBAL_ATTRIBUTES:
            yield _attribute_refusal(name, key)
        elif (name, key) in URL_ATTRIBUTES:
            refusal = url_refusal(name, key, value, URL_ATTRIBUTES[name, key], site_urls)
            if refusal is not None:
                yield refusal
        elif key == "id" and reserved_id(value):
            yield Refusal(f"has id=\"{value}\" on <{name}>, which the site's own page uses",
                          f"choose another id (a page can hold each id once, and the site's "
                          f"scripts and links rely on its own \"{value}\")",
                          (rf"\bid\s*=\s*[\"']?{re.escape(value)}", rf"#{re.escape(value)}\b"))
        elif key == "class":
            yield from _class_refusals(name, value)


def _class_refusals(name: str, value: str) -> Iterator[Refusal]:
    for token in dict.fromkeys(re.split(f"[{_ASCII_WHITESPACE}]+", value)):  # as browsers split it
        if reserved_class(token):
            yield Refusal(f"has class=\"{token}\" on <{name}>, which the site's own pages use",
                          "remove it, or choose a class of your own: the site's boxes (such as the crisis "
                          "box and the worksheet) keep their look for what the site itself says, and its "
                          "scripts find their parts by class",
                          (rf"\bclass\s*=\s*[\"']?[^\"'>]*?(?<![\w-]){re.escape(token)}(?![\w-])",
                           rf"\.{re.escape(token)}(?![\w-])",
                           r"\bclass\s*=\s*[\"']?[^\"'>]*&",  # the class written with a character reference
                           r"\bclass\s*="))


def _attribute_needles(name: str, key: str) -> tuple[str, ...]:
    """Where an attribute of an element stands, best first: in that element's start tag (so the
    style of an <a> is not counted among every other element's, nor among the copies of a <b
    style> that the parser reopens in each paragraph), then anywhere, then the element."""
    return (rf"<\s*{re.escape(name)}\b[^>]*?\s{re.escape(key)}\s*=", rf"\b{re.escape(key)}\s*=",
            rf"\b{re.escape(key)}\b", rf"<\s*{re.escape(name)}\b")


def _attribute_refusal(name: str, key: str) -> Refusal:
    needles = _attribute_needles(name, key)
    fix = WORD_ANCHOR if (name, key) == ("a", "name") else WORD_ATTRIBUTES.get(key)
    if fix:
        return Refusal(f"has the attribute {key}=\"…\" on <{name}> (pasted from a word processor)",
                       fix, needles)
    return Refusal(f"has the attribute {key}=\"…\" on <{name}>, which a post may not use",
                   "remove it: a post may use only the attributes listed in the README "
                   "(\"What a post may contain\")", needles)


def url_refusal(name: str, attribute: str, value: str, kind: str,
                site_urls: tuple[str, ...] = ()) -> Refusal | None:
    """Why a URL attribute is refused, or None: schemes as a browser reads them."""
    urls = srcset_urls(value) if kind == EMBED_LIST else [value]
    for url in urls:
        scheme = url_scheme(url)
        needles = (rf"\b{attribute}\s*=", rf"<\s*{name}\b")
        if scheme is not None and scheme not in (LINK_SCHEMES if kind == LINK else EMBED_SCHEMES):
            return Refusal(f"has a {scheme}: address in {attribute}=\"…\" on <{name}>",
                           "link to an https:// address or a page on this site instead",
                           (rf"{re.escape(scheme)}\s*:", *needles), value=value)
        if kind != LINK and _other_site(url, scheme, site_urls):
            return Refusal(f"loads an image from another site in {attribute}=\"…\" on <{name}>",
                           "save the picture in content/images/ and show it with "
                           "![what it shows]({static}/images/name.jpg): pages load nothing from other sites",
                           needles, value=value)
    return None


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in `url` (lower case), or None for a relative URL.

    The HTML parser has already decoded character references (&#106;avascript:)."""
    normal = _TAB_OR_NEWLINE.sub("", url.strip(_C0_AND_SPACE))
    match = _SCHEME.match(normal)
    return match.group(1).lower() if match else None


def _other_site(url: str, scheme: str | None, site_urls: tuple[str, ...]) -> bool:
    normal = _TAB_OR_NEWLINE.sub("", url.strip(_C0_AND_SPACE)).replace("\\", "/")
    if scheme is None:
        return normal.startswith("//")  # a network-path reference: another host
    return not any(site and (normal == site or normal.startswith(site.rstrip("/") + "/"))
                   for site in site_urls)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset, split as the HTML standard's srcset parser splits them."""
    urls, position, end = [], 0, len(value)
    while position < end:
        while position < end and value[position] in _ASCII_WHITESPACE + ",":
            position += 1
        start = position
        while position < end and value[position] not in _ASCII_WHITESPACE:
            position += 1
        url = value[start:position]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # skip the descriptors, up to a comma outside parentheses
        while position < end and not (value[position] == "," and depth == 0):
            depth += {"(": 1, ")": -1 if depth else 0}.get(value[position], 0)
            position += 1
    return urls
