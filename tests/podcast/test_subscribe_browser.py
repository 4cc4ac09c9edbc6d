"""The subscribe box in Chromium: the copy button puts the feed address on the clipboard,
and without JavaScript one click selects the whole address (nothing hidden, nothing broken)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

FEED = "https://stepwise.example/feeds/podcast.xml"
PAGES = ["/episodes/", "/episodes/small-wins-count/"]


@pytest.mark.parametrize("path", PAGES)
def test_copy_button_copies_the_feed_address(site_url: str, new_page: Any, path: str) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(site_url + path)
    button = page.locator("#subscribe button[data-copy-target='podcast-feed-url']")
    assert button.is_visible()
    button.click()
    page.wait_for_function("() => document.querySelector('#subscribe .copy-status').textContent !== ''")
    assert page.locator("#subscribe .copy-status").text_content() == "Copied."
    assert page.evaluate("navigator.clipboard.readText()") == FEED
    assert not page.console_errors and not page.foreign_requests


def test_posts_feed_addresses_copy_too(site_url: str, new_page: Any) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}/archives/#follow-posts")
    page.locator("button[data-copy-target='posts-feed-atom']").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.endsWith('.atom.xml'))")
    assert page.evaluate("navigator.clipboard.readText()") == "https://stepwise.example/feeds/posts.atom.xml"


@pytest.mark.parametrize("path", PAGES)
def test_without_javascript_one_click_selects_the_address(site_url: str, new_page: Any, path: str) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(site_url + path)
    assert not page.locator("#subscribe .copy-button").is_visible()  # no button that cannot work
    page.locator("#podcast-feed-url").click()
    assert page.evaluate("window.getSelection().toString()").strip() == FEED


def test_the_footer_feed_link_lands_on_the_box(site_url: str, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{site_url}/posts/weighing-the-evidence-for-a-belief/")
    page.locator("footer a", has_text="Podcast feed").click()
    page.wait_for_url("**/episodes/#subscribe")
    assert page.locator("#podcast-feed-url").is_visible()
    assert page.evaluate("document.contentType") == "text/html"
