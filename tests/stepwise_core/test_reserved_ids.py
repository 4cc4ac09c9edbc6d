"""The table of ids the site's pages use (stepwise_core.reserved_ids) is held to the templates."""

from __future__ import annotations

from stepwise_core.reserved_ids import heading_slug, reserved_id
from tests.conftest import BuildResult
from tests.stepwise_core.site_frame import frame_values


def test_every_id_of_every_built_page_outside_a_posts_text_is_reserved(built_site: BuildResult) -> None:
    """A template that gains an id must add it to RESERVED_IDS, or a post could take it over."""
    missing = {value: page for value, page in frame_values(built_site.output, "id") if not reserved_id(value)}
    assert missing == {}


def test_a_heading_that_would_take_a_reserved_id_steps_aside() -> None:
    assert heading_slug("Subscribe", "-") == "section-subscribe"
    assert heading_slug("Podcast feed URL", "-") == "section-podcast-feed-url"
    assert heading_slug("WS notes", "-") == "section-ws-notes"
    assert heading_slug("What counts as progress", "-") == "what-counts-as-progress"
