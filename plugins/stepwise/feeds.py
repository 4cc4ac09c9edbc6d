"""Blog feeds that carry posts only.

Pelican's FEED_ALL_* feeds hold every article, episodes included; listeners
get episodes from the podcast feed, so the blog feeds leave them out. Pelican's
own Writer.write_feed does the writing.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from pelican.generators import Generator

from stepwise_core.feed_text import html_safe_text
from stepwise_core.protocols import Article, Writer
from stepwise_core.root_links import rebased


class FeedItem:
    """An article as Pelican's feed writer expects it: title and summary as HTML.

    Our titles and summaries are plain text (templates escape them). Pelican's
    writer treats both as HTML: it strips tags from the title (and decodes entities)
    and puts the summary in a type="html" element, so "a <b> c" would lose "<b>" or
    become markup. Escaping them here makes the feed show the author's exact text: an
    Atom title is text; an RSS title is read as HTML by feedparser and as text by
    podcast apps, so only what HTML would read as markup is encoded (feed_text).
    """

    def __init__(self, article: Article, feed_type: str = "atom") -> None:
        self._article = article
        self._feed_type = feed_type

    def __getattr__(self, name: str) -> Any:
        return getattr(self._article, name)

    @property
    def title(self) -> str:
        title = self._article.title
        return str(escape(html_safe_text(title) if self._feed_type == "rss" else title))

    def get_content(self, site_url: str) -> str:
        """The body with absolute links: a feed reader has no page to resolve '/about/' against."""
        return rebased(self._article.get_content(site_url), site_url)

    @property
    def summary(self) -> str:
        return str(escape(self._article.summary))


class PostFeedsGenerator(Generator):
    """Writes POSTS_FEED_ATOM and POSTS_FEED_RSS from the published posts."""

    def generate_context(self) -> None:
        """Nothing to read: the posts come from the articles generator."""

    def generate_output(self, writer: Writer) -> None:
        posts = [a for a in self.context.get("articles", []) if getattr(a, "kind", "post") == "post"]
        # Feed readers need absolute links even when pages link root-relative.
        context = {**self.context, "SITEURL": self.settings.get("FEED_DOMAIN") or self.settings["SITEURL"]}
        for setting, feed_type in (("POSTS_FEED_ATOM", "atom"), ("POSTS_FEED_RSS", "rss")):
            path = self.settings.get(setting)
            if path:
                writer.write_feed([FeedItem(post, feed_type) for post in posts], context, path,
                                  feed_type=feed_type,
                                  feed_title=f"{self.settings['SITENAME']}: posts")
