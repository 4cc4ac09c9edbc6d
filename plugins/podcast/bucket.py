"""`invoke publish --media`: the published audio into an S3-compatible bucket, changes only.

Any service that speaks the S3 API works (AWS S3, Cloudflare R2, Backblaze B2, MinIO...):
where and who come from the environment, never from the code or the repository:

    STEPWISE_S3_BUCKET     the bucket (required)
    STEPWISE_S3_ENDPOINT   the service's S3 address, e.g. https://<account>.r2.cloudflarestorage.com
                           (leave unset for AWS S3)
    STEPWISE_S3_REGION     e.g. eu-west-2 (AWS, B2), auto (R2)
    STEPWISE_S3_PREFIX     a folder inside the bucket, e.g. podcast (default: none; a folder
                           whether or not it ends in '/')
    STEPWISE_S3_ACL        e.g. public-read, for buckets that grant reading per file (default: none;
                           most services make a whole bucket public in their own settings)
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   the key pair (boto3 also reads ~/.aws/credentials)

A file is uploaded when it is missing or its SHA-256 (kept in the object's metadata) differs,
so nothing is uploaded twice. Drafts and scheduled episodes are never uploaded, and a copy of
one that is in the bucket (an episode taken back) is removed. After uploading, every enclosure
the feed will carry is checked against the bucket, by the key its own address names under
PODCAST_MEDIA_URL, and asked for at that address as an app would: a missing, short or older file,
or an address that does not answer, stops the publish.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ENV_HELP = ("set STEPWISE_S3_BUCKET (and STEPWISE_S3_ENDPOINT for a service other than AWS S3, "
            "STEPWISE_S3_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); "
            "README: Uploading the audio to a bucket")


@dataclass(frozen=True)
class MediaFile:
    """One published copy and where it goes."""

    key: str  # its name under PODCAST_MEDIA_URL ('x.mp3'), without the bucket prefix
    path: Path  # the tagged copy
    length: int
    sha256: str
    md5: str
    mime: str
    episode: str  # the episode's file, for messages
    url: str = ""  # the enclosure's address, as the feed carries it


@dataclass(frozen=True)
class MediaPlan:
    public: tuple[MediaFile, ...] = ()
    hidden: tuple[tuple[str, str], ...] = ()  # (key, episode file) of drafts and scheduled episodes


@dataclass
class SyncResult:
    uploaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Audio: {len(self.uploaded)} uploaded, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed (drafts or scheduled)")


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str = ""
    endpoint: str = ""
    region: str = ""
    acl: str = ""
    key_id: str = field(default="", repr=False)  # "" = boto3's own search (~/.aws, roles...)
    secret: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Target:
        bucket = env.get("STEPWISE_S3_BUCKET", "").strip()
        if not bucket:
            raise SystemExit(f"Say which bucket holds the audio: {ENV_HELP}.")
        prefix = env.get("STEPWISE_S3_PREFIX", "").strip().strip("/")
        endpoint = env.get("STEPWISE_S3_ENDPOINT", "").strip()
        if endpoint and not endpoint.startswith(("https://", "http://")):
            raise SystemExit(f"STEPWISE_S3_ENDPOINT is {endpoint!r}, which is not an address: write it "
                             f"with its scheme, e.g. STEPWISE_S3_ENDPOINT=https://{endpoint}")
        return cls(bucket, f"{prefix}/" if prefix else "",  # a folder, with or without its '/'
                   endpoint, env.get("STEPWISE_S3_REGION", "").strip(),
                   env.get("STEPWISE_S3_ACL", "").strip(), env.get("AWS_ACCESS_KEY_ID", ""),
                   env.get("AWS_SECRET_ACCESS_KEY", ""))

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        # Checksums only when the API requires them: boto3's newer default (CRC32 on every
        # upload) is refused by several S3-compatible services. Content-MD5 is sent instead.
        config = Config(request_checksum_calculation="when_required",
                        response_checksum_validation="when_required",
                        s3={"addressing_style": "path" if self.endpoint else "auto"},
                        retries={"max_attempts": 5, "mode": "standard"})
        return boto3.client("s3", endpoint_url=self.endpoint or None, region_name=self.region or None,
                            aws_access_key_id=self.key_id or None,
                            aws_secret_access_key=self.secret or None, config=config)


def listing(client: Any, target: Target) -> dict[str, int]:
    """Every object under the prefix: key -> size."""
    found: dict[str, int] = {}
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=target.bucket, Prefix=target.prefix)
    for page in pages:
        for item in page.get("Contents", []):
            found[item["Key"]] = int(item["Size"])
    return found


def sync(plan: MediaPlan, client: Any, target: Target, cache_control: str,
         say: Callable[[str], None] = print) -> SyncResult:
    """Upload what is new or changed, remove what is no longer public; compare by SHA-256."""
    result = SyncResult()
    present = listing(client, target)
    for item in plan.public:
        key = target.prefix + item.key
        if present.get(key) == item.length and _same(client, target, key, item, cache_control):
            result.unchanged.append(item.key)
            continue
        say(f"Uploading {item.key} ({item.length:,} bytes) for {item.episode}")
        _upload(client, target, key, item, cache_control)
        result.uploaded.append(item.key)
    public_keys = {item.key for item in plan.public}
    for name, episode in plan.hidden:
        if name not in public_keys and target.prefix + name in present:
            say(f"Removing {name} from the bucket: {episode} is a draft or scheduled for later")
            client.delete_object(Bucket=target.bucket, Key=target.prefix + name)
            result.removed.append(name)
    return result


def _same(client: Any, target: Target, key: str, item: MediaFile, cache_control: str) -> bool:
    head = client.head_object(Bucket=target.bucket, Key=key)
    return (head.get("Metadata", {}).get("sha256") == item.sha256 and head.get("ContentType") == item.mime
            and head.get("CacheControl") == cache_control)


def _upload(client: Any, target: Target, key: str, item: MediaFile, cache_control: str) -> None:
    extra = {"ACL": target.acl} if target.acl else {}
    with item.path.open("rb") as body:  # streamed from disk, never read into memory whole
        client.put_object(Bucket=target.bucket, Key=key, Body=body, ContentLength=item.length,
                          ContentType=item.mime, CacheControl=cache_control,
                          ContentMD5=base64.b64encode(bytes.fromhex(item.md5)).decode(),
                          Metadata={"sha256": item.sha256}, **extra)


def object_key(url: str, media_url: str, target: Target) -> str:
    """The bucket key an enclosure's own address names: its path under PODCAST_MEDIA_URL, inside
    the prefix ("" when the address is not under PODCAST_MEDIA_URL)."""
    base = media_url.rstrip("/") + "/"
    return target.prefix + unquote(url.removeprefix(base)) if url.startswith(base) else ""


def missing(plan: MediaPlan, client: Any, target: Target, media_url: str) -> list[str]:
    """Each enclosure the feed will carry whose file is not in the bucket, not whole, or an older
    copy (same size, other tags: an app would show the old title and chapters). The key comes
    from the feed's address, not from the upload's, so the two cannot disagree unnoticed."""
    present = listing(client, target)
    problems = []
    for item in plan.public:
        key = object_key(item.url, media_url, target)
        size = present.get(key)
        if not key:
            problems.append(f"{item.episode}: its enclosure {item.url} is not under PODCAST_MEDIA_URL "
                            f"{media_url}")
        elif size is None:
            problems.append(f"{item.episode}: its audio {item.key} is not in the bucket {target.bucket}")
        elif size != item.length:
            problems.append(f"{item.episode}: its audio {item.key} in the bucket {target.bucket} has "
                            f"{size:,} bytes, not the {item.length:,} the feed will announce")
        elif _older(client, target, key, item):
            problems.append(f"{item.episode}: its audio {item.key} in the bucket {target.bucket} is an "
                            "older copy (its tags say what the episode said before it changed)")
        elif answer := _unanswered(item.url):
            problems.append(f"{item.episode}: its enclosure {item.url} {answer}, though the bucket holds "
                            f"{key}: PODCAST_MEDIA_URL and STEPWISE_S3_PREFIX (now "
                            f"{target.prefix or 'none'!r}) must name the same folder, and the bucket "
                            "must be public")
    return problems


def _unanswered(url: str) -> str:
    """Why a podcast app, asking for `url` with no credentials, would get no audio ("" if it would)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=30):
            return ""
    except urllib.error.HTTPError as exc:
        return f"answers {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return f"cannot be reached ({getattr(exc, 'reason', exc)})"


def _older(client: Any, target: Target, key: str, item: MediaFile) -> bool:
    """The object's checksum, kept by `sync`, is another file's; a file put there by other
    means (no checksum) is taken as it is."""
    found = client.head_object(Bucket=target.bucket, Key=key).get("Metadata", {}).get("sha256")
    return bool(found) and found != item.sha256


def publish_media(plan: MediaPlan, cache_control: str, media_url: str, *, upload: bool,
                  env: Mapping[str, str] = os.environ, say: Callable[[str], None] = print) -> str:
    """Sync (when `upload`) and check the bucket; the reason not to publish the site, or ""."""
    from botocore.exceptions import BotoCoreError, ClientError

    target = Target.from_env(env)
    client = target.client()
    try:
        if upload:
            say(sync(plan, client, target, cache_control, say).summary())
        problems = missing(plan, client, target, media_url)
    except (BotoCoreError, ClientError) as exc:
        return (f"The site was not published: the bucket {target.bucket} could not be reached or "
                f"refused the request ({exc}).\nFix: {ENV_HELP}.")
    if not problems:
        return ""
    fix = ("run `invoke publish --media` to upload the audio" if not upload else
           "check the bucket's permissions and run `invoke publish --media` again")
    return ("The site was not published: its feed would point at audio that listeners cannot download:\n  "
            + "\n  ".join(problems) + f"\nFix: {fix}.")
