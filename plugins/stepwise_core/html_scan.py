"""Start tags of a page as the HTML tokenizer reads them, for filters that edit tags in place.

A page filter that finds `<img …>` with a pattern can meet one that is not a tag at
all (inside an attribute value, a comment, a <title> or <script>), and rewriting it
with quoted attributes then closes the outer value and creates markup nobody judged.
This scanner follows the WHATWG tokenizer (https://html.spec.whatwg.org/#tokenization)
through the states that decide where a tag starts and ends: data, tag and attribute
states (quoted and unquoted values), comments (`<!-->`, `--!>`), bogus comments, DOCTYPE,
and the raw text of <script>, <style>, <textarea>, <title>, <xmp>, <iframe>, <noembed>,
<noframes>. Where the tree builder would change what the tokenizer does in a way this
scanner does not model (foreign content: <svg>, <math>, CDATA; <plaintext>; a script
holding `<!--`; a <noscript> that reads differently with scripting on and off), it
stops, and yields nothing after that point: a filter then leaves the rest of the page
exactly as it was. Written by hand because html.parser is not the standard's tokenizer
and the spec-conformant parsers (lexbor, html5lib) give a tree, not positions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from html import unescape
from html.entities import html5

WHITESPACE = "\t\n\f\r "
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
# After these the tokenizer's states depend on what this scanner does not follow.
STOP_AT = frozenset({"svg", "math", "plaintext"})
_NAME_END = re.compile(r"[\t\n\f\r />]")
_ATTRIBUTE_NAME_END = re.compile(r"[\t\n\f\r />=]")
_UNQUOTED_END = re.compile(r"[\t\n\f\r >]")
_COMMENT_CLOSE = re.compile(r"--!?>")
_CHARACTER_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)")
# A whole start or end tag read exactly as _read_tag reads one (atomic groups and possessive
# quantifiers make the regex take the scanner's one path, no backtracking): whitespace, a '/'
# not before '>' (skipped), an attribute (its first character may be '='; once '=' follows
# its name, a value must follow). Where it does not match, _read_tag decides (it may find
# the text ends inside the tag). Used only to step over a tag nobody asked for: a page of
# ~350 tags is read about 4 times faster.
_WS = r"[\t\n\f\r ]"
_VALUE = r"""(?>"[^"]*+"|'[^']*+'|(?=>)|[^\t\n\f\r >"'][^\t\n\f\r >]*+)"""
_ATTRIBUTE = rf"[^\t\n\f\r />][^\t\n\f\r />=]*+(?>{_WS}*+={_WS}*+{_VALUE}|(?!{_WS}*+=))"
_TAG_REST = rf"(?>{_WS}|/(?!>)|{_ATTRIBUTE})*+/?>"  # after the name
_WHOLE_TAG = re.compile(rf"</?(?P<name>[A-Za-z][^\t\n\f\r />]*+){_TAG_REST}")
# Start tags after which the scanner reads differently (raw text, <noscript>, where it stops).
_CHANGES_STATE = RAW_TEXT | STOP_AT | {"noscript"}


def _run_over(names: frozenset[str]) -> re.Pattern[str]:
    """Text and tags, as many as follow one another, that a caller asking for `names` alone
    would step over one by one: every end tag, and every start tag _WHOLE_TAG reads whose
    name is not asked for and changes no state. One regex call for a page's run of ~350
    tags, where the loop makes one Python step a tag. (?i) matches a few non-ASCII letters
    (the Kelvin sign) that str.lower() would not: such a tag is then left to the loop, which
    reads it exactly. re caches the compiled pattern."""
    kept = "|".join(sorted(map(re.escape, names | _CHANGES_STATE)))
    return re.compile(rf"(?>[^<]*+(?:</|<(?!(?i:{kept})[\t\n\f\r />]))[A-Za-z][^\t\n\f\r />]*+{_TAG_REST})*+")


@dataclass(frozen=True)
class Tag:
    """A start or end tag: where it is in the text, its name and attributes as the browser reads them
    (names lower-cased, character references decoded, every repeat kept in order)."""

    start: int
    end: int
    name: str
    attributes: tuple[tuple[str, str], ...]
    self_closing: bool
    is_end: bool = False


def start_tags(text: str, names: Collection[str] | None = None,
               attributes: Collection[str] | None = None) -> Iterator[Tag]:
    """Every start tag in the data state, in order, up to the first construct not followed.

    `names`, `attributes` (lower case): what the caller looks for. Then a tag with another
    name that cannot hold one of those attributes may be stepped over, not yielded; the
    caller still checks each tag it gets."""
    wanted = None if names is None and attributes is None else _Wanted(frozenset(names or ()),
                                                                      tuple(attributes or ()))
    scanner = _Scanner(text, wanted)
    for tag in scanner.tags(0, len(text)):
        if not tag.is_end:
            yield tag


def reads_cleanly(text: str) -> bool:
    """Whether the whole text tokenizes with every tag, comment and raw text closed."""
    scanner = _Scanner(text, _Wanted(frozenset(), ()))
    for _ in scanner.tags(0, len(text)):
        pass
    return scanner.complete


@dataclass(frozen=True)
class _Wanted:
    names: frozenset[str]
    attributes: tuple[str, ...]

    def __call__(self, name: str, tag: str) -> bool:
        """Whether the tag named `name`, written `tag`, must be read in full (a tag that
        merely mentions an attribute's name is read in full too)."""
        if name in self.names or name in _CHANGES_STATE:
            return True
        lowered = tag.lower() if self.attributes else ""
        return any(attribute in lowered for attribute in self.attributes)


class _Scanner:
    def __init__(self, text: str, wanted: _Wanted | None = None) -> None:
        self.text = text
        self.wanted = wanted  # which start tags to read in full (None: all); the rest are stepped over
        self.complete = False
        self.run = _run_over(wanted.names) if wanted is not None and not wanted.attributes else None

    def _step_over(self, opening: int, stop: int) -> int | None:
        """The end of the tag at `opening` if nobody wants it and it changes no state."""
        if self.wanted is None:
            return None
        tag = _WHOLE_TAG.match(self.text, opening, stop)
        if tag is None:
            return None
        if self.text[opening + 1] == "/" or not self.wanted(tag["name"].lower(), tag[0]):
            return tag.end()
        return None

    def tags(self, position: int, stop: int) -> Iterator[Tag]:
        """Tags from `position` to `stop`; `complete` says whether it got there in the data state."""
        text, run = self.text, self.run
        while True:
            if run is not None:
                position = run.match(text, position, stop).end()  # type: ignore[union-attr]  # matches ''
            opening = text.find("<", position, stop)
            if opening < 0:
                self.complete = True
                return
            skipped = self._step_over(opening, stop)
            if skipped is not None:
                position = skipped
                continue
            found = self._markup_at(opening, stop)
            if found is None:
                return  # unclosed, or a construct this scanner does not follow
            if isinstance(found, int):
                position = found
                continue
            yield found
            if found.is_end:
                position = found.end
                continue
            if found.name in STOP_AT:
                return
            after = self._after_raw_text(found, stop)
            if after is None:
                return
            position = after

    def _markup_at(self, opening: int, stop: int) -> Tag | int | None:
        """What starts at a '<': a tag, or the position after a comment, DOCTYPE or text '<'."""
        text, following = self.text, self.text[opening + 1:opening + 2]
        if _ascii_letter(following):
            return _read_tag(text, opening, opening + 1, stop, is_end=False)
        if following == "/":
            return _end_tag_at(text, opening, stop)
        if following == "!":
            return _declaration_end(text, opening, stop)
        if following == "?":
            return _bogus_comment_end(text, opening + 1, stop)
        return None if not following else opening + 1  # a '<' that is only text

    def _after_raw_text(self, tag: Tag, stop: int) -> int | None:
        """Where data starts again after a start tag (after the raw text it opens, if any)."""
        if tag.name == "noscript":
            return self._after_noscript(tag, stop)
        if tag.name not in RAW_TEXT:
            return tag.end
        close = _raw_text_close(self.text, tag.name, tag.end, stop)
        if close is None or (tag.name == "script" and "<!--" in self.text[tag.end:close]):
            return None  # script data's escaped states: not followed
        end_tag = _read_tag(self.text, close, close + 2, stop, is_end=True)
        return None if end_tag is None else end_tag.end

    def _after_noscript(self, tag: Tag, stop: int) -> int | None:
        """With scripting on, <noscript> holds raw text; with it off, markup. Both must end at
        the same </noscript>, read with nothing open before it; nothing inside is yielded."""
        close = _raw_text_close(self.text, "noscript", tag.end, stop)
        if close is None:
            return None
        inner = _Scanner(self.text, _Wanted(frozenset(), ()))
        for _ in inner.tags(tag.end, close):
            pass
        if not inner.complete:
            return None
        end_tag = _read_tag(self.text, close, close + 2, stop, is_end=True)
        return None if end_tag is None else end_tag.end


def _ascii_letter(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalpha()


def _end_tag_at(text: str, opening: int, stop: int) -> Tag | int | None:
    after = text[opening + 2:opening + 3]
    if _ascii_letter(after):
        return _read_tag(text, opening, opening + 2, stop, is_end=True)
    if after == ">":
        return opening + 3  # "</>" is dropped
    return None if not after else _bogus_comment_end(text, opening + 2, stop)


def _declaration_end(text: str, opening: int, stop: int) -> int | None:
    """After `<!`: a comment, or a DOCTYPE or bogus comment (each ends at its first '>')."""
    if text.startswith("<!--", opening):
        return _comment_end(text, opening, stop)
    if text.startswith("<![CDATA[", opening):
        return None  # a CDATA section only in foreign content, a bogus comment elsewhere
    return _bogus_comment_end(text, opening + 2, stop)


def _read_tag(text: str, start: int, name_start: int, stop: int, *, is_end: bool) -> Tag | None:
    """The tag whose name starts at name_start, or None if the text ends inside it."""
    found = _NAME_END.search(text, name_start, stop)
    if found is None:
        return None
    name, position = text[name_start:found.start()].lower(), found.start()
    attributes: list[tuple[str, str]] = []
    while position < stop:
        char = text[position]
        if char in WHITESPACE:
            position += 1
        elif char == "/":
            if text.startswith(">", position + 1) and position + 1 < stop:
                return Tag(start, position + 2, name, tuple(attributes), True, is_end)
            position += 1  # a '/' not before '>' is skipped (self-closing start tag state)
        elif char == ">":
            return Tag(start, position + 1, name, tuple(attributes), False, is_end)
        else:
            read = _read_attribute(text, position, stop)
            if read is None:
                return None
            attribute, position = read
            attributes.append(attribute)
    return None


def _read_attribute(text: str, position: int, stop: int) -> tuple[tuple[str, str], int] | None:
    """One attribute (a leading '=' belongs to the name), and where the next thing starts."""
    name_end = _ATTRIBUTE_NAME_END.search(text, position + 1, stop)
    if name_end is None:
        return None
    name, position = text[position:name_end.start()].lower(), _skip_whitespace(text, name_end.start(), stop)
    if position >= stop:
        return None
    if text[position] != "=":
        return (name, ""), position
    position = _skip_whitespace(text, position + 1, stop)
    value = _read_value(text, position, stop)
    return None if value is None else ((name, value[0]), value[1])


def _read_value(text: str, position: int, stop: int) -> tuple[str, int] | None:
    """An attribute value (quoted, unquoted or missing) and the position after it."""
    if position >= stop:
        return None
    quote = text[position]
    if quote in "\"'":
        close = text.find(quote, position + 1, stop)
        return None if close < 0 else (decode_attribute(text[position + 1:close]), close + 1)
    if quote == ">":
        return "", position
    end = _UNQUOTED_END.search(text, position, stop)
    return None if end is None else (decode_attribute(text[position:end.start()]), end.start())


def _skip_whitespace(text: str, position: int, stop: int) -> int:
    while position < stop and text[position] in WHITESPACE:
        position += 1
    return position


def _comment_end(text: str, opening: int, stop: int) -> int | None:
    """After a comment: `<!-->` and `<!--->` end at once; otherwise at `-->` or `--!>`."""
    body = opening + 4
    if text.startswith(">", body) and body < stop:
        return body + 1
    if text.startswith("->", body) and body + 1 < stop:
        return body + 2
    found = _COMMENT_CLOSE.search(text, body, stop)
    return None if found is None else found.end()


def _bogus_comment_end(text: str, position: int, stop: int) -> int | None:
    close = text.find(">", position, stop)
    return None if close < 0 else close + 1


def _raw_text_close(text: str, name: str, position: int, stop: int) -> int | None:
    """Where `</name` ends the raw text (followed by whitespace, '/' or '>')."""
    pattern = re.compile(rf"</{re.escape(name)}[\t\n\f\r />]", re.IGNORECASE)
    found = pattern.search(text, position, stop)
    return None if found is None else found.start()


def decode_attribute(value: str) -> str:
    """An attribute value's character references as the tokenizer decodes them: a legacy named
    reference without ';' stays as written when a letter, digit or '=' follows it
    (https://html.spec.whatwg.org/#named-character-reference-state)."""
    if "&" not in value:
        return value
    return _CHARACTER_REFERENCE.sub(lambda match: _decoded(match, value), value)


def _decoded(match: re.Match[str], value: str) -> str:
    reference = match.group(1)
    if reference.startswith("#"):  # the standard's rules for 0, surrogates, C1 and too-large numbers
        return unescape(match.group(0) if reference.endswith(";") else match.group(0) + ";")
    for length in range(len(reference), 0, -1):  # the longest name the table knows
        name = reference[:length]
        if name in html5:
            if not name.endswith(";"):
                following = reference[length:length + 1] or value[match.end():match.end() + 1]
                if following.isalnum() or following == "=":
                    return match.group(0)
            return html5[name] + reference[length:]
    return match.group(0)

