"""An S3-compatible server for the tests (moto's stand-alone server, on 127.0.0.1), and a
publish of a content folder's audio to it, run as `invoke publish --media` runs it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

BUCKET = "stepwise-podcast"


@dataclass(frozen=True)
class S3:
    endpoint: str

    @property
    def media_url(self) -> str:
        return f"{self.endpoint}/{BUCKET}"  # path-style: the bucket's public address on this server

    def env(self) -> dict[str, str]:
        return {"STEPWISE_S3_BUCKET": BUCKET, "STEPWISE_S3_ENDPOINT": self.endpoint,
                "STEPWISE_S3_REGION": "us-east-1", "STEPWISE_S3_ACL": "public-read",
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

    def client(self) -> Any:
        from podcast.bucket import Target

        return Target.from_env(self.env()).client()

    def objects(self) -> dict[str, dict[str, Any]]:
        client = self.client()
        found = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return {o["Key"]: client.head_object(Bucket=BUCKET, Key=o["Key"]) for o in found}


@contextlib.contextmanager
def running_server() -> Iterator[S3]:
    """moto's S3 server on a free port of 127.0.0.1, with an empty bucket, stopped afterwards."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    s3 = S3(f"http://{host}:{port}")
    try:
        # moto keeps its buckets per process, not per server: start each one empty.
        urllib.request.urlopen(urllib.request.Request(f"{s3.endpoint}/moto-api/reset", method="POST"),
                               timeout=30).close()
        s3.client().create_bucket(Bucket=BUCKET)
        yield s3
    finally:
        server.stop()


@pytest.fixture
def s3() -> Iterator[S3]:
    """A fresh server and an empty bucket for each test."""
    with running_server() as server:
        yield server


# What `invoke publish --media` does before the site upload, for any content folder.
PUBLISH = textwrap.dedent("""
    import sys
    from stepwise_tools import build
    from podcast.release import check_media
    site = []
    code = build.main(sys.argv[1:], keep=site)
    if code:
        sys.exit(code)
    problem = check_media(site[0], upload=UPLOAD)
    if problem:
        sys.exit(problem)
    print("The site would be published now.")
""")


def publish(content: Path, output: Path, s3: S3, *, upload: bool = True, media_dir: Path | None = None,
            extra: tuple[str, ...] = (), env: dict[str, str] | None = None,
            media_url: str = "") -> subprocess.CompletedProcess[str]:
    settings = (f'PODCAST_MEDIA_URL="{media_url or s3.media_url}"', *((f'PODCAST_MEDIA_DIR="{media_dir}"',)
                                                        if media_dir else ()), *extra)
    argv = [sys.executable, "-c", PUBLISH.replace("UPLOAD", str(upload)), "-s", str(ROOT / "publishconf.py"),
            "-o", str(output), "--content", str(content), "--strict", "-e", *settings]
    env = {**os.environ, **s3.env(), **(env or {}),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=600)
