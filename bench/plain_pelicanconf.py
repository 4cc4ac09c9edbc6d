"""Plain Pelican, the baseline: default theme (notmyidea), no plugins, Pelican's defaults.

Only what is needed to read the same corpus is set: where articles, pages and
static files live. Everything else (feeds, pagination off, URLs, Markdown
extensions) is Pelican 4.12's default, as in ../shared/reference/performance.md.
"""

SITENAME = "Stepwise (plain Pelican baseline)"
SITEURL = "https://stepwise.example"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PLUGINS: list[str] = []
ARTICLE_PATHS = ["posts", "episodes"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["media", "images", "transcripts"]
