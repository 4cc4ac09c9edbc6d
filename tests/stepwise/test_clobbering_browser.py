"""DOM clobbering (issue 13 red team): a post's ids cannot take over the site's own elements.

Headings that would make an id the site uses step aside (`## Subscribe` is #section-subscribe),
an id written in HTML is refused (tests/corpus/policy/id-the-site-uses), and the site's
scripts find their elements in a way an id cannot hijack: this episode is built with the
policy off, so its <code id="podcast-feed-url"> comes first in the page, and the Copy button
still copies the site's own feed address.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import serve
from tests.conftest import CONTENT, run_build

pytestmark = pytest.mark.browser

EPISODE = "episodes/002-small-wins-count.md"
BODY = """## Subscribe

How I listen to podcasts.

## Podcast feed URL

<p>Feed: <code id="podcast-feed-url">https://evil.example/feed.xml</code></p>

"""
FEED = "https://stepwise.example/feeds/podcast.xml"


@pytest.fixture(scope="module")
def clobbered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("clobbering")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    episode = content / EPISODE
    text = episode.read_text(encoding="utf-8")
    header, body = text.split("\n\n", 1)
    episode.write_text(f"{header}\n\n{BODY}{body}", encoding="utf-8")
    result = run_build(content, root / "output", extra=("STEPWISE_UNSAFE_NO_POLICY=true",))
    assert result.ok, result.stderr
    with serve(result.output) as url:
        yield url + "/episodes/small-wins-count/"


def test_headings_step_aside_from_the_sites_ids(clobbered: str, new_page: Any) -> None:
    page = new_page()
    page.goto(clobbered)
    ids = page.evaluate("[...document.querySelectorAll('.entry-body h2')].map((h) => h.id)")
    assert ids[:2] == ["section-subscribe", "section-podcast-feed-url"]
    assert page.evaluate("document.querySelectorAll('[id=subscribe]').length") == 1
    assert page.evaluate("document.getElementById('subscribe').closest('.entry-body')") is None


def test_copy_copies_the_sites_own_address_though_a_post_took_its_id(clobbered: str, new_page: Any) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(clobbered)
    taken = page.evaluate("document.getElementById('podcast-feed-url').textContent")
    assert taken == "https://evil.example/feed.xml"  # the post's element comes first
    page.locator("#subscribe button[data-copy-target='podcast-feed-url']").click()
    page.wait_for_function("() => document.querySelector('#subscribe .copy-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == FEED
