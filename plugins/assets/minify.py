"""Minifying one stylesheet or script: rcssmin and rjsmin, the minifiers Django's and
webassets' users rely on. rjsmin knows template literals only unnested, so a script with one
inside another is left as written (and named): shipping it broken would be worse."""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin

# In code: comments, quoted strings (skipped whole), backticks and braces. In a template
# literal's text: escapes (skipped), the closing backtick and the start of a ${…} part.
CODE = re.compile(r"""//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|[`{}]""", re.DOTALL)
TEXT = re.compile(r"\\.|`|\$\{", re.DOTALL)


def nested_template(js: str) -> bool:
    """Whether a template literal holds another in one of its ${…} parts.

    Written here because neither minifier says so; it tells strings, comments and template
    parts apart, and no more (a regular expression with a quote or a backtick in it would
    confuse it: write those as \\x27 and \\x60).
    """
    braces: list[int] = []  # for each open ${…} part: the braces open inside it
    pos, in_text = 0, False
    while match := (TEXT if in_text else CODE).search(js, pos):
        token, pos = match.group(), match.end()
        if in_text:
            in_text = token not in {"`", "${"}
            if token == "${":
                braces.append(0)
        elif token == "`":
            if braces:
                return True
            in_text = True
        elif token == "{" and braces:
            braces[-1] += 1
        elif token == "}" and braces:
            in_text = braces[-1] == 0
            if in_text:
                braces.pop()
            else:
                braces[-1] -= 1
    return False


def minified(path: Path) -> str | None:
    """The file's text minified, or None when it cannot be minified safely (or is not CSS/JS)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        return rcssmin.cssmin(text)
    if path.suffix == ".js" and not nested_template(text):
        return rjsmin.jsmin(text)
    return None
