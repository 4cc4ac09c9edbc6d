"""Blog feeds that carry posts only.

Pelican's FEED_ALL_* feeds hold every article, episodes included; listeners
get episodes from the podcast feed, so the blog feeds leave them out. Pelican's
own Writer.write_feed does the writing.
"""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator


class PostFeedsGenerator(Generator):
    """Writes POSTS_FEED_ATOM and POSTS_FEED_RSS from the published posts."""

    def generate_context(self) -> None:
        """Nothing to read: the posts come from the articles generator."""

    def generate_output(self, writer: Any) -> None:
        posts = [a for a in self.context.get("articles", []) if getattr(a, "kind", "post") == "post"]
        # Feed readers need absolute links even when pages link root-relative.
        context = {**self.context, "SITEURL": self.settings.get("FEED_DOMAIN") or self.settings["SITEURL"]}
        for setting, feed_type in (("POSTS_FEED_ATOM", "atom"), ("POSTS_FEED_RSS", "rss")):
            path = self.settings.get(setting)
            if path:
                writer.write_feed(posts, context, path, feed_type=feed_type,
                                  feed_title=f"{self.settings['SITENAME']}: posts")
