"""The table of classes the site uses (stepwise_core.reserved_classes) is held to the theme, and a
post that takes one is refused at its line, however it was written."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import tinycss2

from stepwise_core.reserved_classes import reserved_class
from tests.conftest import ROOT, BuildResult, run_build
from tests.stepwise_core.site_frame import frame_values

THEME = ROOT / "theme" / "static"
# The selectors a script hands the DOM, and the classes it sets: '.name' inside them.
SCRIPT_SELECTORS = re.compile(r"(?:querySelector(?:All)?|closest|matches)\(\s*(['\"`])(.*?)\1")
SCRIPT_CLASS_CALLS = re.compile(r"classList\.(?:add|remove|toggle|contains|replace)\(\s*(['\"`])([\w-]+)\1")
TEMPLATE_CLASS = re.compile(r'\bclass="([^"]*)"')
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
TEMPLATE_PART = re.compile(r"\$\{[^}]*\}")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[A-Za-z_][\w-]*)")


def stylesheet_classes(text: str) -> set[str]:
    """Every class a stylesheet's selectors name, read as browsers tokenize CSS: inside :is(),
    :not() and nested @media or @supports too."""
    found: set[str] = set()

    def tokens(nodes: list[tinycss2.ast.Node]) -> None:
        found.update(after.value for dot, after in itertools.pairwise(nodes)
                     if dot.type == "literal" and dot.value == "." and after.type == "ident")
        for node in nodes:
            inner = getattr(node, "arguments", None) or getattr(node, "content", None)
            if isinstance(inner, list):  # a function such as :is(...), or a [...] block
                tokens(inner)

    def rules(nodes: list[tinycss2.ast.Node]) -> None:
        for rule in nodes:
            if rule.type == "qualified-rule":
                tokens(rule.prelude)
            elif rule.type == "at-rule" and rule.content is not None:
                rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))

    rules(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return found


def script_classes(text: str) -> set[str]:
    text = TEMPLATE_PART.sub("", text)  # `audio[id="${CSS.escape(id)}"]` names no class "escape"
    found = {name for _, selector in SCRIPT_SELECTORS.findall(text)
             for name in CLASS_IN_SELECTOR.findall(selector)}
    return found | {name for _, name in SCRIPT_CLASS_CALLS.findall(text)}


def test_every_class_the_theme_styles_or_scripts_use_is_reserved() -> None:
    """A stylesheet or script that gains a class must add it to RESERVED_CLASSES, or a post could wear it."""
    named = {name: sheet.name for sheet in THEME.rglob("*.css")
             for name in stylesheet_classes(sheet.read_text(encoding="utf-8"))}
    named |= {name: script.name for script in THEME.rglob("*.js")
              for name in script_classes(script.read_text(encoding="utf-8"))}
    assert {"crisis-help", "not-therapy", "visually-hidden", "has-print-copies"} <= named.keys()  # it reads
    assert {name: where for name, where in named.items() if not reserved_class(name)} == {}


def test_every_class_a_template_writes_is_reserved() -> None:
    """The theme's and the plugins' templates, pages the sample site may not build (redirects,
    a plugin's own listing) included; the parts Jinja fills in are left out (data-made names
    such as question-<kind> are RESERVED_CLASS_PATTERNS)."""
    templates = [*(ROOT / "theme" / "templates").rglob("*.html"),
                 *(ROOT / "plugins").glob("*/templates/**/*.html")]
    assert len(templates) > 20
    missing = {name: template.name for template in templates
               for value in TEMPLATE_CLASS.findall(template.read_text(encoding="utf-8"))
               for name in JINJA.sub(" ", value).split() if not reserved_class(name)}
    assert missing == {}


def test_every_class_of_every_built_page_outside_a_posts_text_is_reserved(built_site: BuildResult) -> None:
    missing = {name: page for value, page in frame_values(built_site.output, "class")
               for name in value.split() if not reserved_class(name)}
    assert missing == {}


POST = """Title: A box of our own
Date: 2026-11-02 09:00
Author: Amara Okafor
Summary: Trying to look like the site.

Some words first.

<div class="crisis-help"><p>Call 0000 000 any time.</p></div>

## Help {: .not-therapy }

<p class="my-own-note">A class of my own is fine.</p>
"""


def test_a_post_wearing_the_sites_classes_is_refused_at_each_line(site_copy: Path, tmp_path: Path) -> None:
    """In HTML, and in Markdown's attribute lists ({: .name }), which make the class without any HTML."""
    (site_copy / "posts" / "a-box-of-our-own.md").write_text(POST, encoding="utf-8")
    result = run_build(site_copy, tmp_path / "output")
    assert not result.ok
    shown = "content/posts/a-box-of-our-own.md"
    assert (f'{shown}:8: body: has class="crisis-help" on <div>, which the site\'s own pages use. '
            "Fix: remove it, or choose a class of your own") in result.stderr
    assert f'{shown}:10: body: has class="not-therapy" on <h2>' in result.stderr
    assert "my-own-note" not in result.stderr
