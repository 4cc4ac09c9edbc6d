"""What content/ may publish as a file, decided by the file's bytes and checked against its name.

A file copied as it is gets no CSP: an .html, .svg, .xml or .js file under content/
runs on the site's origin when opened, where readers keep their worksheet answers.
So every file Pelican would copy (STATIC_PATHS, {static} and {attach} links) must
be one of the types in FILE_TYPES, recognised by its magic number (or, for text,
by being UTF-8 text that a browser would not sniff as HTML or XML), and its name
must end in one of that type's extensions: a server picks the Content-Type from
the name, so a PNG named .html would be served, and parsed, as a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cname import NAME as CNAME
from .cname import cname_problem
from .errors import ContentIssue, report
from .protocols import StaticGenerator
from .settings import policy_off
from .sources import OFFICE_DOCUMENTS, shown_path
from .svg_policy import svg_problems
from .text_files import TEXT_RULES

HEAD_BYTES = 64
SCRIPT_EXTENSIONS = frozenset({"js", "mjs", "cjs", "html", "htm", "xhtml", "xml", "svg"})
MAX_TEXT_BYTES = 20_000_000  # a text file larger than this is not a transcript


@dataclass(frozen=True)
class FileType:
    name: str
    extensions: frozenset[str]


PNG = FileType("a PNG image", frozenset({"png"}))
JPEG = FileType("a JPEG image", frozenset({"jpg", "jpeg"}))
GIF = FileType("a GIF image", frozenset({"gif"}))
WEBP = FileType("a WebP image", frozenset({"webp"}))
AVIF = FileType("an AVIF image", frozenset({"avif"}))
MP3 = FileType("MP3 audio", frozenset({"mp3"}))
MP4_AUDIO = FileType("MP4/M4A audio", frozenset({"m4a", "mp4", "m4b"}))
PDF = FileType("a PDF document", frozenset({"pdf"}))
TEXT = FileType("plain UTF-8 text", frozenset(TEXT_RULES))  # and then what its name says (text_files)
SVG = FileType("an SVG drawing", frozenset({"svg"}))
# What the site publishes: the README's table of files lists these.
FILE_TYPES = (PNG, JPEG, GIF, WEBP, AVIF, MP3, MP4_AUDIO, PDF, TEXT, SVG)
MP4_BRANDS = frozenset({b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"dash", b"mp4a"})
# The MIME Sniffing Standard's patterns for HTML and XML (identifying an unknown type),
# after leading whitespace: a browser may render a file that starts so as a page.
HTML_START = re.compile(
    rb"<(?:!DOCTYPE HTML|HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE|B|BODY|BR|P|!--)[ >]",
    re.IGNORECASE)
XML_START = re.compile(rb"<\?xml", re.IGNORECASE)
# An <svg> root, with or without a namespace prefix (<s:svg xmlns:s="…">).
SVG_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s/>]", re.IGNORECASE)


# Magic numbers (the file's first bytes) -> type, tried in order.
MAGIC: tuple[tuple[Callable[[bytes], bool], FileType], ...] = (
    (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), PNG),
    (lambda head: head.startswith(b"\xff\xd8\xff"), JPEG),
    (lambda head: head.startswith((b"GIF87a", b"GIF89a")), GIF),
    (lambda head: head.startswith(b"RIFF") and head[8:12] == b"WEBP", WEBP),
    (lambda head: head[4:8] == b"ftyp" and head[8:12] in {b"avif", b"avis"}, AVIF),
    (lambda head: head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS, MP4_AUDIO),
    (lambda head: head.startswith(b"ID3") or (head[:1] == b"\xff" and head[1:2] >= b"\xe0"), MP3),
    (lambda head: head.startswith(b"%PDF-"), PDF),
)


# Images phones, scanners and Paint save that the site does not publish (HEIC/HEIF: Chromium and
# Firefox show none; TIFF: Safari alone; BMP: shown, but uncompressed): by magic number, so they
# get the fix that helps, not the unknown-bytes wording.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
UNSHOWN_IMAGES: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (lambda head: head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS,
     "a HEIC/HEIF photo, a phone image format most browsers do not show"),
    (lambda head: head.startswith((b"II*\x00", b"MM\x00*")),
     "a TIFF image, a scanner image format most browsers do not show"),
    (lambda head: head.startswith(b"BM") and head[6:10] == b"\x00" * 4,
     "a BMP image, uncompressed: many times the size of the same picture as PNG"),
)
FIX_UNSHOWN = "export it as JPEG (photos) or PNG (drawings, screenshots) and link to that file instead"


def unshown_image(head: bytes) -> str | None:
    return next((name for matches, name in UNSHOWN_IMAGES if matches(head)), None)


def binary_type(head: bytes) -> FileType | None:
    """The type a file's first bytes (magic number) say it is, for the binary types."""
    return next((kind for matches, kind in MAGIC if matches(head)), None)


UNKNOWN_BINARY = "binary data of an unknown type"
# What a recorder or an editor saves that podcast apps do not play (the podcast plugin gives
# each the command that converts it; '.aac' the one that puts it in an M4A).
RECORDING_EXTENSIONS = frozenset({"wav", "flac", "aif", "aiff", "ogg", "oga", "opus", "wma", "mp2", "caf",
                                  "aac"})
# A file named as audio whose bytes are audio or no type we know (a WAV, a video, AAC taken for
# MP3, junk before the first frame): an episode's audio check names what it is and how to fix
# it, in one message. Such bytes are no page (HTML, XML, SVG and text are told apart first), so
# they cannot run on the site either way.
AUDIO_EXTENSIONS = MP3.extensions | MP4_AUDIO.extensions | RECORDING_EXTENSIONS


def what_it_is(data: bytes) -> tuple[FileType | None, str]:
    """(the allowed type, or None) and how to name what the bytes are in a message."""
    found = binary_type(data[:HEAD_BYTES]) or _text_type(data)
    if isinstance(found, FileType):
        return found, found.name
    return None, found


def _text_type(data: bytes) -> FileType | str:
    """SVG or plain text, or what else the bytes are (as a browser would sniff them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return UNKNOWN_BINARY
    start = data.lstrip(b"\xef\xbb\xbf").lstrip(b"\t\n\x0c\r ")
    if HTML_START.match(start):
        return "an HTML page"
    if start.startswith(b"<") and SVG_ROOT.search(data):
        return SVG  # whether it is a safe one, svg_policy decides
    if XML_START.match(start):
        return "an XML document"
    return UNKNOWN_BINARY if "\x00" in text else TEXT


def _unpublished(name: str, head: bytes, extension: str) -> tuple[str, str] | None:
    """Bytes of no type the site publishes: an image to export again, or a file to remove."""
    if name == UNKNOWN_BINARY and extension in AUDIO_EXTENSIONS:
        return None  # the episode's audio check names what it is
    if name == UNKNOWN_BINARY and extension in OFFICE_DOCUMENTS:
        return (f"it is {OFFICE_DOCUMENTS[extension]}, which the site does not publish as a file",
                "save it as a PDF (in Word: File, Save As, PDF) and link to the PDF instead")
    unshown = unshown_image(head)
    if unshown:
        return f"its bytes are {unshown}", FIX_UNSHOWN
    return (f"its bytes are {name}, which the site does not publish as a file "
            "(it would run on the site's own address, where readers keep their answers)",
            "remove it; link to the page elsewhere, or turn it into a PNG, JPEG, PDF or plain text")


def file_problem(path: Path) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a file content/ would publish, or None."""
    extension = path.suffix.lstrip(".").lower()
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        binary = binary_type(head)
        data = head if binary else head + handle.read(MAX_TEXT_BYTES)
    found, name = what_it_is(data)
    if found is None:
        return _unpublished(name, head, extension)
    if found in (MP3, MP4_AUDIO) and extension in AUDIO_EXTENSIONS:
        return None  # audio named as other audio: the episode's audio check says which it is
    if extension not in found.extensions:
        allowed = " or ".join(f".{e}" for e in sorted(found.extensions))
        fix = f"rename it to end in {allowed}, or remove it"
        if extension in SCRIPT_EXTENSIONS:
            fix = "remove it: a script belongs in the theme (theme/static/js/), never in content/"
        named = f"its name ends in '.{extension}'" if extension else "its name has no extension"
        return f"its bytes are {name}, but {named} (servers send a file as the type its name says)", fix
    if found is SVG:
        problems = svg_problems(data)
        if problems:
            return (f"is an SVG drawing that can run code or load other files: {'; '.join(problems)}",
                    "export the drawing as PNG, or save it again as a plain SVG (no scripts, links, "
                    "animations or embedded HTML)")
    if found is TEXT:
        return TEXT_RULES[extension](data.decode("utf-8"), path)
    return None


def check_static_files(generator: StaticGenerator) -> None:
    """static_generator_finalized: every file to be copied from content/ is a type the site publishes."""
    settings = generator.settings
    if policy_off(settings):
        return
    for static in getattr(generator, "staticfiles", []):
        path = Path(static.source_path)
        if not path.is_file():
            continue  # the source scan reports links out of content/ and special files
        problem = (cname_problem(path, static.get_url_setting("save_as"), settings) if path.name == CNAME
                   else file_problem(path))
        if problem:
            what, fix = problem
            report(generator.context, ContentIssue(shown_path(str(path), settings), "file", what, fix))
