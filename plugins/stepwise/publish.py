"""Publish the built site: rsync to a folder or SSH host, or GitHub Pages through ghp-import.

Only `invoke publish` calls this, after a strict production build succeeded, so
a site with any error or warning is never uploaded. Targets come from invoke
options or the environment (STEPWISE_RSYNC_TARGET, STEPWISE_PAGES_REMOTE,
STEPWISE_PAGES_BRANCH, STEPWISE_SSH_PORT), never from the code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PAGES_MESSAGE = "Publish the site"


def rsync_command(output: Path, target: str, ssh_port: str = "") -> list[str]:
    """rsync that mirrors output/ (deleting what is gone) and swaps files in at the end.

    --checksum, because every build rewrites every file (Pelican's cache never
    skips writing), so times alone would upload the whole site each time;
    --delay-updates and --delete-after keep a live site whole while it uploads.
    """
    command = ["rsync", "--recursive", "--links", "--perms", "--times", "--compress", "--checksum",
               "--delete-after", "--delay-updates", "--itemize-changes"]
    if ssh_port:
        command += ["-e", f"ssh -p {int(ssh_port)}"]
    return [*command, f"{output}/", target]


def ghp_import_command(output: Path, remote: str, branch: str) -> list[str]:
    """ghp-import: commit output/ to `branch` (with .nojekyll) in this repository and push it."""
    return ["ghp-import", "--no-jekyll", "--push", "--remote", remote, "--branch", branch,
            "--message", PAGES_MESSAGE, str(output)]


def rsync(output: Path, target: str) -> None:
    if not target:
        raise SystemExit("Say where to publish: invoke publish --dest user@host:/var/www/site "
                         "(or a folder), or set STEPWISE_RSYNC_TARGET.")
    if ":" not in target:  # a local folder: rsync creates only the last level
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(rsync_command(output, target, os.environ.get("STEPWISE_SSH_PORT", "")), check=True)


def github_pages(output: Path, remote: str, branch: str) -> None:
    program = shutil.which("ghp-import") or str(Path(sys.executable).with_name("ghp-import"))
    command = ghp_import_command(output, remote, branch)
    subprocess.run([program, *command[1:]], check=True)
