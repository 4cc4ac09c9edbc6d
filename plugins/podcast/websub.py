"""Tell a WebSub hub that the feed changed, so apps that listen hear of a new episode at once.

`invoke publish` calls `announce` after a successful upload (never before: the hub
fetches the feed straight away). The request is the one every hub takes
(PubSubHubbub 0.3, still accepted by WebSub hubs): a form POST of
hub.mode=publish and hub.url=<feed URL>; the hub answers 204 (any 2xx is success).
"""

from __future__ import annotations

import urllib.request
from typing import Any
from urllib.parse import urlencode

from .settings import feed_url, plugin_settings

TIMEOUT_SECONDS = 20


def ping(hub: str, topic: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """POST the publish notice; OSError (urllib's errors included) if the hub did not take it."""
    body = urlencode({"hub.mode": "publish", "hub.url": topic}).encode("ascii")
    request = urllib.request.Request(hub, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Stepwise publish"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def announce(settings: dict[str, Any]) -> str:
    """Notify the configured hub (if any); '' on success, else what went wrong and what to do."""
    hub = str(plugin_settings(settings)["PODCAST_WEBSUB_HUB"])
    if not hub:
        return ""
    topic = feed_url(settings)
    try:
        ping(hub, topic)
    except OSError as exc:  # urllib's URLError and HTTPError included
        return (f"The site is published, but the WebSub hub {hub} did not take the news ({exc}). "
                "Podcast apps will still find the new episode at their next check; run "
                "`invoke publish` again later to tell the hub.")
    print(f"Told the WebSub hub {hub} that {topic} changed.")
    return ""
