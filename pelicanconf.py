"""Local (development) settings for the Stepwise site.

Production overrides live in publishconf.py. Every value a practice in another
country would change (crisis lines, podcast owner, directory links) is here.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# Plain `pelican content` and `pelican --listen --autoreload` work from the project root
# with no environment set: the plugins import the core library (stepwise_core) and
# Markdown loads stepwise_speed.fasttoc by name, so plugins/ must be importable, not only
# listed in PLUGIN_PATHS. (Lower-case names: Pelican reads only upper-case ones.)
plugins_folder = str(Path(__file__).resolve().parent / "plugins")
if plugins_folder not in sys.path:
    sys.path.insert(0, plugins_folder)

AUTHOR = "Stepwise Practice"
SITENAME = "Stepwise"
SITESUBTITLE = "Small steps, noticed. Guest posts and a podcast from a therapy practice."
# The public address of the site: canonical links, feeds and the podcast use it
# even in development, so a local build carries the real identifiers.
PUBLIC_URL = "https://stepwise.example"
SITEURL = ""  # links inside pages stay root-relative while developing
FEED_DOMAIN = PUBLIC_URL

PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
# English dates everywhere; the UTF-8 variant first, because Pelican sets the process locale
# and "C" alone makes Python read every later file as ASCII (builds run in-process in
# tests and in invoke).
LOCALE = ("C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# Order matters: stepwise runs last so it sees every other plugin's reports.
# stepwise_speed is optional: without it the site is the same, byte for byte, only slower.
PLUGINS = ["podcast", "worksheets", "discovery", "search", "assets", "stepwise_speed", "stepwise"]

ARTICLE_PATHS = ["posts", "episodes"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["media", "images", "transcripts", "extra"]
# Pelican warns of every image with an empty alt, which fails `invoke check` even for a
# picture that is only decoration. The site's own rule (plugins/stepwise_core/body_policy.py)
# tells the two apart: a Markdown ![](…) is refused as forgotten, an <img alt=""> written
# on purpose is published (README: Adding a picture).
LOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
}
ARTICLE_EXCLUDES: list[str] = []
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Guest posts"

# Readable, stable URLs: /posts/<slug>/ rather than <slug>.html.
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# A post in another language ('Lang: fr') keeps its folder: /posts/<slug>/fr/, beside an
# English version with the same slug if there is one (Pelican's default is /<slug>-fr.html).
ARTICLE_LANG_URL = "posts/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "posts/{slug}/{lang}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
# Drafts and scheduled items (a future Date: makes an item a draft) are never
# written, so no page, feed, sitemap or search index can reveal them early.
WITH_FUTURE_DATES = False
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404", "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
TEMPLATE_PAGES: dict[str, str] = {}

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 40

# Blog feeds: posts only (the podcast has its own feed), Atom and RSS, written by
# the stepwise plugin. Pelican's own all-articles feeds are off.
POSTS_FEED_ATOM = "feeds/posts.atom.xml"
POSTS_FEED_RSS = "feeds/posts.rss.xml"
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
# The 50 newest posts, in full. A feed is fetched again and again by every subscriber's
# app; all posts in full would be megabytes (13 MB at 1,000 posts). The archives page
# lists everything.
FEED_MAX_ITEMS = 50
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = False

# The same input gives the same bytes: no build time in any output.
RELATIVE_URLS = False
# Pelican's content cache (under cache/, one folder per site and output): unchanged
# sources skip Markdown; plugin signals still fire (reader layer); files are compared
# by content, not mtime. plugins/stepwise_speed/cache.py says why a cached build is exact.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
# Uncompressed: gzip at level 9 took ~0.5 s of every cold build at 1,000 posts, all of
# it in the one process that is busy then, to save ~20 MB of disk under cache/.
GZIP_CACHE = False
# Every build starts from an empty folder, so a renamed post leaves no old page (or old
# search index files) behind. It is a fresh folder beside output/, swapped in only when the
# build succeeded: the build runner (invoke, make) and plain `pelican content` or
# `pelican --autoreload` alike (plugins/stepwise_core/plain_run.py), so a failed build
# never empties output/.
DELETE_OUTPUT_DIRECTORY = True

# Templates escape everything by default: metadata (titles, summaries, names,
# worksheet and episode text) is plain text and never becomes markup. Only a
# body, which Markdown renders to HTML (checked by the stepwise reader), is
# printed with `|safe`. Summaries are plain text too, not Markdown.
# auto_reload off: a build is one process that loads each template once; checking the
# file's mtime at every {% include %} cost ~1% of a build (bench/RESULTS.md).
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}
FORMATTED_FIELDS: list[str] = []

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Heading ids (links to a section), and curly quotes and dashes. The speed plugin
        # swaps each for its exact, faster form (plugins/stepwise_speed/fasttoc.py,
        # fastsmarty.py) and adds a faster inline pass (fastinline.py); without it these
        # run as they are, giving the same bytes.
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Shown at the top of every page and in every footer. Change them for your country.
CRISIS_RESOURCES = [
    {
        "name": "Emergency services",
        "detail": "If you or someone else is in immediate danger",
        "action": "Call 999",
        "href": "tel:999",
    },
    {
        "name": "Samaritans",
        "detail": "Free, any time, day or night",
        "action": "Call 116 123",
        "href": "tel:116123",
    },
    {
        "name": "Shout",
        "detail": "Free text support, any time",
        "action": "Text SHOUT to 85258",
        "href": "sms:85258?body=SHOUT",
    },
]
CRISIS_NOTE = (
    "Stepwise is not an emergency service and our inbox is not watched around the clock."
)
NOT_THERAPY_NOTE = (
    "What you read and hear here is general information. It is not therapy and does "
    "not replace care from a professional who knows you."
)

FOOTER_NOTE = "a small practice's guest posts and podcast. Made without trackers."

# How to reach the practice: in every footer and on the page named by PRACTICE_CONTACT_PAGE.
# Every part is optional (leave one out, or set PRACTICE_CONTACT = {} for none). The phone
# number as it is dialled, digits, spaces and a leading +; booking_url an https:// address.
# content/pages/privacy.md says what happens to an email: keep it true when this changes.
# No booking link in this sample: the site has no booking page, and a link must lead somewhere
# (add e.g. "booking_url": "https://booking.example/stepwise" once the practice has one).
PRACTICE_CONTACT = {
    "email": "hello@stepwise.example",
    "phone": "+44 20 7946 0123",
    "address": "Stepwise Practice\n12 Example Street\nLondon N1 0AA",
}
PRACTICE_CONTACT_PAGE = "about"

# Only the site's own files may load: no fonts, scripts, styles or frames from
# other hosts. 'wasm-unsafe-eval' lets the search index (WebAssembly) run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'"
)

MENUITEMS = [
    ("Posts", "archives/"),
    ("Episodes", "episodes/"),
    ("Worksheets", "worksheets/"),
    ("Search", "search/"),
]
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Worksheets (plugins/worksheets; defaults and the meaning of each key: plugins/worksheets/settings.py).
# Which worksheet a post or episode gets when it names none: its first tag with a rule here,
# else the default (README: Worksheets).
WORKSHEETS_DEFAULT = "noticing-progress"
WORKSHEETS_TAG_RULES = {
    "gratitude": "gratitude",
    "strengths": "strengths-and-hobbies",
    "cbt": "weighing-a-belief",
    "habits": "less-of-more-of",
    "progress": "noticing-progress",
}
# Answers saved in readers' browsers live under this prefix: never change it, or every
# reader's saved answers are left behind (bump the v1 only with a migration in worksheet.js).
WORKSHEETS_STORAGE_PREFIX = "stepwise:worksheet:v1:"
WORKSHEETS_NOTE = (
    "This worksheet is for your own reflection. It does not replace therapy, or care from a "
    "professional who knows you. If you are in crisis, use the numbers at the top of this page."
)

# People: authors of posts and podcast guests, with short bios.
PEOPLE_FILE = "people.yaml"

# Podcast (plugins/podcast; defaults and the meaning of each key: plugins/podcast/settings.py).
PODCAST_TITLE = "Stepwise"
PODCAST_DESCRIPTION = (
    "Short conversations from a small therapy practice about noticing progress, "
    "small steps and what already works. General information, not therapy."
)
PODCAST_AUTHOR = "Stepwise Practice"
PODCAST_OWNER_NAME = "Amara Okafor"
PODCAST_OWNER_EMAIL = "podcast@stepwise.example"
PODCAST_LANGUAGE = "en-gb"
PODCAST_CATEGORY = ("Health & Fitness", "Mental Health")  # Apple's list; only the first counts
PODCAST_EXPLICIT = False
PODCAST_TYPE = "episodic"
PODCAST_IMAGE = "media/stepwise-podcast-1400.jpg"  # rename the file whenever the art changes
PODCAST_IMAGE_ALT = "Stepwise podcast artwork: the word Stepwise above three rising steps"
PODCAST_FEED_PATH = "feeds/podcast.xml"
# UUIDv5 of "stepwise.example/feeds/podcast.xml" (the feed URL without scheme). Pinned:
# never recompute it, even if the feed moves (tests/podcast/test_units.py checks the rule).
# A show moved in from another host keeps the UUID its old feed has in <podcast:guid>.
PODCAST_GUID = "d87a7868-1568-5bd4-8b51-3c9dc5d79681"
PODCAST_LOCKED = True  # podcast:locked: other hosts must not import the feed
PODCAST_FUNDING = None  # e.g. {"url": "https://stepwise.example/support/", "text": "Support the show"}
PODCAST_LICENSE = ""  # e.g. "CC-BY-NC-ND-4.0"
PODCAST_COPYRIGHT = "Stepwise Practice"
# itunes:new-feed-url, once the feed moves: in the old site's build (its feed names the new
# address) and, as Apple's tag list asks, in the new site's (naming itself). README: "Moving the feed".
PODCAST_NEW_FEED_URL = ""
PODCAST_HOSTS = ["Amara Okafor"]  # podcast:person role="host"; names from content/people.yaml
# The subscribe box on /episodes/ and every episode page (plugins/podcast/subscribe.py): the
# feed address to copy, "open in" links for apps with a documented subscribe link, and the
# show's page on each directory once it is listed there (never before: no link to a page
# that does not exist).
PODCAST_SUBSCRIBE_APPS = None  # None: every documented app; or e.g. ["apple-podcasts", "antennapod"]
PODCAST_APPLE_ID = ""  # the digits after "id" in the show's Apple Podcasts address
PODCAST_DIRECTORIES: list[dict[str, str]] = []  # e.g. {"name": "Spotify", "url": "https://open.spotify.com/show/..."}
PODCAST_WEBSUB_HUB = ""  # e.g. "https://pubsubhubbub.appspot.com/": apps hear of new episodes at once
PODCAST_COMPLETE = False  # True when the show has ended (itunes:complete)
PODCAST_BLOCK = False  # True hides the whole show from Apple Podcasts (itunes:block)
PODCAST_PREVIOUS_FEED_PATHS: list[str] = []  # where the feed used to be on this site (README: moving the feed)

# What an author may write (plugins/stepwise): header fields the theme reads beyond Stepwise's
# own (any other unknown field stops the build with a "did you mean"), and the limits on sizes,
# counts and ranges, each a STEPWISE_MAX_* setting with its default in plugins/stepwise/limits.py
# (e.g. STEPWISE_MAX_TITLE_CHARS = 150); set one here only to change it.
STEPWISE_THEME_FIELDS: list[str] = []
