"""Property: any body made of dangerous constructs is refused, or runs nothing in Chromium.

Bodies are drawn from a grammar of what the OWASP cheat sheet, DOMPurify's and html5lib's
mutation-XSS tests use: event handlers, javascript: with entities, tabs, newlines, controls
and mixed case inside the scheme, foreign content (<svg>, <math>, <mglyph>, <style> inside
them), raw-text elements, <noscript>, <template>, nested and odd comments, form attributes,
Markdown attribute lists, links and images. Each body is read by the site's own Markdown
reader (the policy included) and, when accepted, goes through the responsive-image page
filter into a real post page. Chromium then loads that page: it must hold no event handler,
no javascript: URL and no script but the site's own (shadow roots and templates included),
and no payload may have run.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from discovery.images import responsive_html
from stepwise_core.errors import ContentError
from stepwise_core.final_html import judge_published
from stepwise_core.reader import CARRY_KEY, StepwiseMarkdownReader
from tests.browser import serve
from tests.conftest import CONTENT, ROOT, BuildResult

pytestmark = pytest.mark.browser

HEADER = ("Title: A generated post\nDate: 2026-01-05 09:00\nAuthor: Amara Okafor\n"
          "Summary: Generated for the policy's property test.\n\n")
ENTRY_BODY = re.compile(r'(<div class="entry-body">).*?(\n  </div>\n)', re.DOTALL)
PAYLOAD = "window.__proof=1"

# --- the grammar ---------------------------------------------------------------------
ENTITY_FORMS = [lambda c: c, lambda c: f"&#{ord(c)};", lambda c: f"&#x{ord(c):x};",
                lambda c: f"&#000{ord(c)}", lambda c: c.upper()]
SCHEME_NOISE = ["", "\t", "\n", "&#9;", "&#x0A;", "&Tab;", "&NewLine;", "\r"]


@st.composite
def scheme(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["javascript", "vbscript", "data", "https", "mailto"]))
    letters = []
    for char in name:
        letters.append(draw(st.sampled_from(ENTITY_FORMS))(char))
        letters.append(draw(st.sampled_from(SCHEME_NOISE)))
    lead = draw(st.sampled_from(["", " ", "&#14;", "\x20\x20", "&#32;"]))
    colon = draw(st.sampled_from([":", "&colon;", "&#58;", "&#x3a;"]))
    return lead + "".join(letters) + colon


url = st.one_of(
    st.builds(lambda s, rest: s + rest, scheme(), st.sampled_from([PAYLOAD, "text/html,<script>" + PAYLOAD])),
    st.sampled_from(["/media/stepwise-podcast-1400.jpg", "{static}/media/stepwise-podcast-1400.jpg",
                     "https://example.org/", "#notes", "//tracker.example/p.gif", "/\\tracker.example/p.gif",
                     "x", "/__proof"]))
tricky_text = st.sampled_from(['"', "'", "<", ">", "</noscript>", "</style>", "-->", "--!>", "<!--",
                               f"<img src=x onerror={PAYLOAD}>", "</title>", "]]>", "&quot;", "`"])
attribute_name = st.sampled_from(["onerror", "OnLoad", "onclick", "ontoggle", "onfocus", "onmouseover",
                                  "href", "src", "srcset", "xlink:href", "formaction", "action", "style",
                                  "title", "alt", "id", "class", "form", "autofocus", "open",
                                  "shadowrootmode", "attributeName", "values", "to", "x:y", "data-x"])


@st.composite
def attribute(draw: st.DrawFn) -> str:
    name = draw(attribute_name)
    if name.lower().startswith("on") or name in {"values", "to"}:
        value = draw(st.sampled_from([PAYLOAD, f"javascript:{PAYLOAD}"]))
    elif name in {"href", "src", "srcset", "xlink:href", "formaction", "action"}:
        value = draw(url) + draw(st.sampled_from(["", " 2x"]))
    elif name == "style":
        value = draw(st.sampled_from(["color: red", "background: url(/__proof.png)", "text-align: left;"]))
    else:
        value = draw(st.one_of(tricky_text, st.sampled_from(["a", "href", "open", "worksheet"])))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if quote == "" and re.search(r"[\s\"'=<>`]", value):
        quote = '"'
    value = value.replace(quote, "&quot;" if quote == '"' else "&#39;") if quote else value
    return f" {name}={quote}{value}{quote}"


tag_name = st.sampled_from(["a", "img", "image", "p", "div", "span", "details", "summary", "table", "td",
                            "svg", "math", "mtext", "mglyph", "malignmark", "annotation-xml", "style",
                            "noscript", "template", "textarea", "title", "xmp", "iframe", "noembed",
                            "select", "option", "form", "button", "input", "base", "meta", "link",
                            "script", "object", "embed", "animate", "set", "foreignObject", "desc",
                            "body", "html", "plaintext"])


@st.composite
def start_tag(draw: st.DrawFn) -> str:
    attributes = draw(st.lists(attribute(), max_size=3))
    return f"<{draw(tag_name)}{''.join(attributes)}{draw(st.sampled_from(['', ' /']))}>"


piece = st.one_of(
    start_tag(), start_tag(),
    st.builds(lambda name: f"</{name}>", tag_name),
    st.sampled_from(["<!--", "-->", "--!>", "<!-->", "<!---->", "<!-- <!-- -->", "<![CDATA[", "]]>",
                     "<?php ?>", "\n\n", "\n", " words ", "`code`", "    indented\n", "> quote\n"]),
    tricky_text,
    st.builds(lambda u: f"[a link]({u})", url),
    st.builds(lambda u: f"![a picture]({u})", url),
    st.builds(lambda n: "\n{: " + n + f'="{PAYLOAD}" }}\n',
              st.sampled_from(["onclick", "#x onerror", "style"])),
)
bodies = st.lists(piece, min_size=1, max_size=10).map("".join)

# --- what Chromium must not find -----------------------------------------------------
FIND_ACTIVE = """() => {
  const urls = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'cite',
                'background', 'ping', 'srcset', 'to', 'values', 'from', 'by'];
  const found = [];
  // The browser's own URL parser decides what a value is (tabs and newlines inside a scheme
  // are dropped; a space makes it a relative path).
  const isJavascript = (value) => {
    try { return new URL(value, document.baseURI).protocol === 'javascript:'; } catch (e) { return false; }
  };
  const candidates = (name, value) =>
    name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\\s+/)[0]) : [value];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on')) found.push('handler ' + name + ' on <' + el.localName + '>');
        if (urls.includes(name) && candidates(name, a.value).some(isJavascript)) {
          found.push('javascript: in ' + name);
        }
      }
      if (el.localName === 'script' && !(el.getAttribute('src') || '').startsWith('/theme/')
          && el.type !== 'application/ld+json') found.push('a script of its own');
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.localName === 'template' && el.content) visit(el.content);
    }
  };
  visit(document);
  if (window.__proof !== undefined) found.push('the payload ran');
  return found;
}"""


@pytest.fixture(scope="module")
def reader_and_site(built_site: BuildResult,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("policy-property")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    site = root / "site"
    shutil.copytree(built_site.output, site)
    page = built_site.page("posts/progress-is-not-a-straight-line/index.html")
    assert ENTRY_BODY.search(page)
    settings_ = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    with serve(site) as url:
        yield World({"reader": StepwiseMarkdownReader(settings_), "content": content, "site": site,
                     "url": url, "page": page, "count": [0]})


class World(dict):
    """The reader, the served site and a page to fill (shown briefly when an example fails)."""

    def __repr__(self) -> str:
        return f"World({self['url']})"


def publish(body: str, world: dict[str, Any]) -> str | None:
    """The page a reader would get for `body`, or None if the reader refused it."""
    post = world["content"] / "posts" / "generated.md"
    post.write_text(HEADER + body + "\n", encoding="utf-8")
    try:
        html, metadata = world["reader"].read(str(post))
    except ContentError as refused:
        assert refused.issue.fix and refused.issue.field in {"body", "file"}, refused.issue
        return None
    # The reader keeps a file with errors (to name every problem of it) and the build stops
    # before writing: an error carried with the file is a refusal.
    errors = [issue for issue in metadata.get(CARRY_KEY, ()) if issue.is_error]
    if errors:
        assert all(issue.fix and issue.field in {"body", "file"} for issue in errors), errors
        return None
    page = ENTRY_BODY.sub(lambda m: m.group(1) + html + m.group(2), world["page"], count=1)
    sources = {"media/stepwise-podcast-1400.jpg": CONTENT / "media" / "stepwise-podcast-1400.jpg"}
    return responsive_html(page, world["site"], 672, find=sources.get)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(body=bodies)
@example(body=f'<a href="jav&#x09;ascript:{PAYLOAD}">x</a>')
@example(body=f'<math><style><img src=x onerror="{PAYLOAD}"></style></math>')
@example(body=f'<noscript><p title="</noscript><img src=x onerror={PAYLOAD}>"></noscript>')
@example(body=f'<!-- <!-- --> <img src=x alt="" onerror={PAYLOAD}> -->')
@example(body=f'<a title="<img src=/media/stepwise-podcast-1400.jpg onerror={PAYLOAD}>">x</a>')
@example(body=f'<img src="/media/stepwise-podcast-1400.jpg" alt="" x:y="a onerror={PAYLOAD} b">')
@example(body="<p>A <em>plain</em> paragraph with a [link](https://example.org/).</p>")
@example(body="[a link](javascript\t:window.__proof=1)")  # Markdown makes the tab a space: a relative URL
def test_a_dangerous_body_is_refused_or_runs_nothing(body: str, reader_and_site: dict[str, Any],
                                                    new_page: Any) -> None:
    page_html = publish(body, reader_and_site)
    event("refused" if page_html is None else "published")
    if page_html is not None:
        assert active_content(page_html, reader_and_site, new_page) == [], body


def active_content(page_html: str, world: dict[str, Any], new_page: Any) -> list[str]:
    """What Chromium finds active in the page (FIND_ACTIVE), served beside the built site."""
    world["count"][0] += 1
    name = f"generated-{world['count'][0]}"
    (world["site"] / name).mkdir()
    (world["site"] / name / "index.html").write_text(page_html, encoding="utf-8")
    page = new_page()
    page.context.route(lambda u: "127.0.0.1" not in u, lambda route: route.abort())
    page.goto(f"{world['url']}/{name}/")
    found = page.evaluate(FIND_ACTIVE)
    page.context.close()
    return found


# --- what Pelican puts into a link -------------------------------------------------------
# Pelican resolves {filename} links after the reader, inserting the linked item's address (or,
# for a file name with an entity, the whole link decoded) as it is. Whatever it inserts, the
# body is judged again (final_html) and is either refused or published exactly as judged.
inserted = st.lists(st.one_of(tricky_text, st.sampled_from(
    ["/posts/other/", "?", "#", "&amp;", "&", '"', "'", "><span>", "<span>",
     '<img alt="" src="/x.png" title="', "><img src=/media/stepwise-podcast-1400.jpg alt=q>",
     "<script src=/__proof.js></script>",
     f" onmouseover={PAYLOAD} ", "<!--", "<form action=/search/><button>", "\n", " "])), min_size=1,
    max_size=8).map("".join)
LINKED = ("[questions and answers]({filename}q-and-a.md) and "
          "![a picture]({static}/media/stepwise-podcast-1400.jpg)")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(address=inserted, picture=inserted)
@example(address='/posts/q-and-a/?"><span><span><span><img alt="" src="/missing.png" title="q>'
                 "<img src=/media/stepwise-podcast-1400.jpg alt=q><script src=/__proof.js></script>",
         picture="/media/stepwise-podcast-1400.jpg")  # issue 13 red team, exploit 1
def test_whatever_a_link_resolves_to_is_refused_or_runs_nothing(address: str, picture: str,
                                                               reader_and_site: dict[str, Any],
                                                               new_page: Any) -> None:
    post = reader_and_site["content"] / "posts" / "linked.md"
    post.write_text(HEADER + LINKED + "\n", encoding="utf-8")
    judged, _ = reader_and_site["reader"].read(str(post))
    resolved = (judged.replace("{filename}q-and-a.md", address)
                .replace("{static}/media/stepwise-podcast-1400.jpg", picture))
    refused = judge_published(resolved, ())
    event("refused" if refused else "published")
    if refused:
        return
    page = ENTRY_BODY.sub(lambda m: m.group(1) + resolved + m.group(2), reader_and_site["page"], count=1)
    sources = {"media/stepwise-podcast-1400.jpg": CONTENT / "media" / "stepwise-podcast-1400.jpg"}
    page = responsive_html(page, reader_and_site["site"], 672, find=sources.get)
    assert active_content(page, reader_and_site, new_page) == [], resolved
