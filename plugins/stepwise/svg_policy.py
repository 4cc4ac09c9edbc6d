"""Which SVG files content/ may publish: drawings only, nothing that runs or loads.

An .svg opened on its own is a document on the site's origin with no CSP: a
<script>, an on* handler, a <foreignObject> (HTML inside), an <animate>/<set> that
sets an href to javascript:, or a reference to another file all work there. The
file is read with a real XML parser that refuses DTDs and entities (defusedxml: no
entity expansion, no external fetches), and every element and attribute is judged.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException

from .html_policy import LINK_SCHEMES, url_scheme

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# SVG elements that run code, hold HTML, set attributes over time, or are SVG Tiny's handlers.
REFUSED = frozenset({"script", "foreignObject", "animate", "set", "handler", "listener", "iframe",
                     "discard"})
STYLESHEET_PI = re.compile(rb"<\?xml-stylesheet", re.IGNORECASE)
# url(…) that is not a reference inside the file (url(#gradient) is fine).
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
IMPORT = re.compile(r"@import", re.IGNORECASE)


def svg_problems(data: bytes) -> list[str]:
    """What is wrong with an SVG file, each as a short phrase (empty: it may be published)."""
    if STYLESHEET_PI.search(data):
        return ["it loads a stylesheet (<?xml-stylesheet?>)"]
    try:
        root = SafeXML.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return ["it has a DOCTYPE or entities, which an image never needs"]
    except ParseError as exc:
        return [f"it is not well-formed XML ({exc})"]
    if root.tag != f"{SVG}svg":
        return [f"its root element is {_name(root.tag)}, not <svg>"]
    problems: list[str] = []
    for element in root.iter():
        problems += [p for p in _element_problems(element) if p not in problems]
    return problems


def _element_problems(element: Element) -> list[str]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag.startswith(SVG):
        return [f"it holds a {_name(tag)} element from outside SVG"]
    name = tag[len(SVG):]
    if name in REFUSED:
        return [f"it holds a <{name}> element"]
    problems = []
    if name == "style" and _loads(element.text or ""):
        problems.append("its <style> loads another file (@import or url())")
    for attribute, value in element.attrib.items():
        local = _name(attribute)
        if local.lower().startswith("on"):
            problems.append(f"it has an event handler {local}=\"…\" on <{name}>")
        elif attribute in {"href", XLINK_HREF}:
            problem = _href_problem(name, local, value)
            problems += [problem] if problem else []
        elif _loads(value):
            problems.append(f"its {local}=\"…\" on <{name}> loads another file")
    return problems


def _href_problem(element: str, attribute: str, value: str) -> str | None:
    """Links (<a>) may go where a page's links may; every other href must point inside the file."""
    scheme = url_scheme(value)
    if element == "a":
        if scheme is None or scheme in LINK_SCHEMES:
            return None
        return f"it has a {scheme}: address in {attribute}=\"…\" on <a>"
    if value.strip().startswith("#"):
        return None
    return f"its {attribute}=\"…\" on <{element}> refers to another file ({value.strip()[:60]!r})"


def _loads(text: str) -> bool:
    return bool(IMPORT.search(text) or EXTERNAL_URL.search(text))


def _name(qualified: str) -> str:
    """'{namespace}local' -> 'local' (an attribute in the XLink namespace reads xlink:href)."""
    if qualified == XLINK_HREF:
        return "xlink:href"
    return qualified.rsplit("}", 1)[-1]
