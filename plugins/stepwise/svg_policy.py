"""Which SVG files content/ may publish: drawings only, nothing that runs or loads, by allowlist.

An .svg opened on its own is a document on the site's origin with no CSP: a <script>,
an on* handler, a <foreignObject> (HTML inside), an <animate>/<set> that sets an href to
javascript:, or anything that fetches another file (an <image>, a `url()` or `@import`
in its CSS, CSS escapes such as `\\75rl(` included) works there. So the file is read with
a real XML parser that refuses DTDs and entities (defusedxml: no entity expansion, no
external fetches), and every element, attribute and CSS value must be in the tables
below. CSS, in <style> and style="…" and in presentation attributes (fill="url(#g)"), is
read with tinycss2, which tokenizes as browsers do (escapes decoded, comments dropped):
only the properties below, with values made of names, numbers, colours and colour
functions, and url() only to a place inside the file (#id). No at-rule at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeXML
import tinycss2
from defusedxml import DefusedXmlException
from tinycss2 import ast

from .html_policy import LINK_SCHEMES, url_scheme

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SVG = "{" + SVG_NAMESPACE + "}"
XLINK = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"
XLINK_HREF = XLINK + "href"

# Shapes, text, grouping, gradients, patterns, clipping, masks, markers, filters, links.
ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "a", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feFuncR", "feFuncG", "feFuncB",
    "feFuncA", "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
    "feDistantLight", "feDropShadow", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode",
    "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
    "feTurbulence",
})
# Refused elements worth naming plainly (the rest are "not an element a drawing needs").
RUNS_OR_LOADS = frozenset({"script", "foreignObject", "animate", "animateMotion", "animateTransform",
                           "set", "discard", "handler", "listener", "iframe", "image", "feImage",
                           "video", "audio", "cursor", "font-face-uri", "mpath"})
# Presentation attributes: CSS values (checked as CSS), also allowed as properties in CSS.
PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
    "display", "visibility", "overflow", "font", "font-family", "font-size", "font-weight", "font-style",
    "font-variant", "font-stretch", "text-anchor", "dominant-baseline", "alignment-baseline",
    "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction",
    "unicode-bidi", "clip-path", "clip-rule", "mask", "marker", "marker-start", "marker-mid", "marker-end",
    "filter", "stop-color", "stop-opacity", "color-interpolation", "color-interpolation-filters",
    "flood-color", "flood-opacity", "lighting-color", "shape-rendering", "text-rendering",
    "image-rendering", "vector-effect", "paint-order", "mix-blend-mode", "isolation", "transform",
    "transform-origin", "transform-box",
    # what Illustrator and Inkscape write besides (none of them can name a file)
    "enable-background", "clip", "text-align", "line-height", "text-indent", "text-transform",
    "white-space", "font-variant-ligatures", "font-variant-caps", "font-variant-numeric",
    "font-variant-east-asian", "font-feature-settings", "font-kerning", "solid-color", "solid-opacity",
    "inline-size", "-inkscape-font-specification", "-inkscape-stroke",
})
# Other attributes: geometry, structure and filter parameters (none of them can name a file).
ATTRIBUTES = frozenset({
    "id", "class", "style", "viewBox", "preserveAspectRatio", "version", "baseProfile", "width", "height",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points",
    "pathLength", "offset", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
    "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits",
    "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient", "dx", "dy", "rotate",
    "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side", "lang", "role", "tabindex",
    "focusable", "requiredExtensions", "systemLanguage", "href", "type", "media",
    "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "values", "operator",
    "k1", "k2", "k3", "k4", "scale", "xChannelSelector", "yChannelSelector", "baseFrequency",
    "numOctaves", "seed", "stitchTiles", "kernelMatrix", "order", "divisor", "bias", "targetX", "targetY",
    "edgeMode", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
    "specularExponent", "kernelUnitLength", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY",
    "pointsAtZ", "limitingConeAngle", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "radius", XLINK_HREF, XLINK + "title", XML + "space", XML + "lang",
})
# CSS functions a value may use: colours and arithmetic (url() only as url(#id), see below).
CSS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color",
                           "calc", "min", "max", "clamp", "translate", "translatex", "translatey",
                           "scale", "scalex", "scaley", "rotate", "skewx", "skewy", "matrix"})
PLAIN_TOKENS = (ast.WhitespaceToken, ast.IdentToken, ast.NumberToken, ast.PercentageToken,
                ast.DimensionToken, ast.HashToken, ast.StringToken, ast.LiteralToken, ast.Comment)
STYLESHEET_PI = re.compile(rb"<\?xml-stylesheet", re.IGNORECASE)


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
        namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "none"
        return [f"its root element is {_name(root.tag)} in the namespace {namespace!r}, not an SVG "
                f"drawing's <svg> (xmlns=\"{SVG_NAMESPACE}\")"]
    problems: list[str] = []
    for element in root.iter():
        problems += [p for p in _element_problems(element) if p not in problems]
    return problems


def _element_problems(element: Element) -> list[str]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag.startswith(SVG):
        return [f"it holds a {_name(tag)} element from outside SVG"]
    name = tag[len(SVG):]
    if name in RUNS_OR_LOADS:
        return [f"it holds a <{name}> element"]
    if name not in ELEMENTS:
        return [f"it holds a <{name}> element, which is not one a drawing needs"]
    problems = []
    if name == "style":
        problems += _style_element_problems(element)
    for attribute, value in element.attrib.items():
        problems += _attribute_problems(name, attribute, value)
    return problems


def _style_element_problems(element: Element) -> list[str]:
    if len(element):
        return ["its <style> holds markup (a browser reads its text only, so what follows it is hidden "
                "from a check of the first text)"]
    rules = tinycss2.parse_stylesheet(element.text or "", skip_comments=True, skip_whitespace=True)
    problems = []
    for rule in rules:
        if isinstance(rule, ast.AtRule):
            problems.append(f"its <style> has @{rule.lower_at_keyword}, which a drawing never needs")
        elif isinstance(rule, ast.QualifiedRule):
            problems += (f"its <style> {p}" for p in _declarations_problems(rule.content))
        else:
            problems.append("its <style> is not CSS a browser reads as it is written")
    return problems


def _attribute_problems(element: str, attribute: str, value: str) -> list[str]:
    local = _name(attribute)
    if local.lower().startswith("on"):
        return [f"it has an event handler {local}=\"…\" on <{element}>"]
    if attribute in {"href", XLINK_HREF}:
        problem = _href_problem(element, local, value)
        return [problem] if problem else []
    if attribute == "style":
        return [f"its style=\"…\" on <{element}> {p}" for p in _declarations_problems(value)]
    if attribute in PROPERTIES:
        problem = _value_problem(tinycss2.parse_component_value_list(value))
        return [f"its {local}=\"…\" on <{element}> {problem}"] if problem else []
    if attribute not in ATTRIBUTES:
        return [f"it has the attribute {local}=\"…\" on <{element}>, which is not one a drawing needs"]
    return []


def _declarations_problems(content: str | list[ast.Node]) -> Iterator[str]:
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if isinstance(item, ast.Declaration):
            if item.lower_name not in PROPERTIES:
                yield f"sets {item.lower_name}, which is not a property a drawing needs"
                continue
            problem = _value_problem(item.value)
            if problem:
                yield f"sets {item.lower_name} to a value that {problem}"
        elif isinstance(item, ast.AtRule):
            yield f"has @{item.lower_at_keyword}, which a drawing never needs"
        elif not isinstance(item, ast.WhitespaceToken | ast.Comment):
            yield "is not CSS a browser reads as it is written"


def _value_problem(tokens: Iterable[ast.Node]) -> str | None:
    """Why a CSS value may not stand, or None: it is made of plain tokens and allowed functions,
    with url() only to a place inside the file."""
    for token in tokens:
        if isinstance(token, ast.URLToken | ast.FunctionBlock) and _url_to_this_file(token):
            continue
        if isinstance(token, ast.URLToken) or (isinstance(token, ast.FunctionBlock)
                                               and token.lower_name in {"url", "src"}):
            return "loads another file (url())"
        if isinstance(token, ast.FunctionBlock):
            if token.lower_name not in CSS_FUNCTIONS:
                return f"uses {token.lower_name}(), which can load other files or is not needed"
            inner = _value_problem(token.arguments)
            if inner:
                return inner
        elif not isinstance(token, PLAIN_TOKENS):
            return "is not CSS a browser reads as it is written"
    return None


def _url_to_this_file(token: ast.URLToken | ast.FunctionBlock) -> bool:
    """url(#id) or url("#id"): a gradient, clip path or filter inside the file."""
    if isinstance(token, ast.URLToken):
        return token.value.strip().startswith("#")
    arguments = [t for t in token.arguments if not isinstance(t, ast.WhitespaceToken)]
    return (token.lower_name == "url" and len(arguments) == 1 and isinstance(arguments[0], ast.StringToken)
            and arguments[0].value.startswith("#"))


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


def _name(qualified: str) -> str:
    """'{namespace}local' -> 'local' (an attribute in the XLink namespace reads xlink:href)."""
    if qualified.startswith(XLINK):
        return "xlink:" + qualified[len(XLINK):]
    return qualified.rsplit("}", 1)[-1]
