"""Publish the built site: rsync to a folder or SSH host, or GitHub Pages through ghp-import.

Only `invoke publish` calls this, after a strict production build succeeded, so
a site with any error or warning is never uploaded. Targets come from invoke
options or the environment (STEPWISE_RSYNC_TARGET, STEPWISE_PAGES_REMOTE,
STEPWISE_PAGES_BRANCH, STEPWISE_SSH_PORT), never from the code.

Publishing is idempotent, so a scheduled job can run it every day: a run with
nothing new changes nothing on the server (rsync compares checksums and leaves
unchanged files, their times included, alone) and pushes no commit to Pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from stepwise_core.cname import NAME as CNAME
from stepwise_core.cname import pages_cname

PAGES_MESSAGE = "Publish the site"


def rsync_command(output: Path, target: str, ssh_port: str = "") -> list[str]:
    """rsync that mirrors output/ (deleting what is gone) and swaps files in at the end.

    --checksum, because every build rewrites every file (Pelican's cache never
    skips writing), so times alone would upload the whole site each time; no
    --times, so an unchanged file keeps its time on the server (and readers'
    caches stay valid) and a second run with nothing new changes nothing;
    --delay-updates and --delete-after keep a live site whole while it uploads.
    """
    command = ["rsync", "--recursive", "--links", "--perms", "--compress", "--checksum",
               "--delete-after", "--delay-updates", "--itemize-changes"]
    if ssh_port:
        command += ["-e", f"ssh -p {int(ssh_port)}"]
    return [*command, f"{output}/", target]


def cname_to_write(output: Path, public_url: str) -> str | None:
    """The CNAME ghp-import writes: none when the site has its own (content/extra/CNAME, which
    the build published only because it names PUBLIC_URL's host), so there is one, as written."""
    return None if (output / CNAME).is_file() else pages_cname(public_url)


def shared_origin_note(public_url: str) -> str | None:
    """What a github.io address means for readers' saved worksheets, or None elsewhere.

    Browsers keep localStorage per origin (scheme, host, port), not per path: every
    GitHub Pages site of one account, user site and project sites alike, is the origin
    https://<account>.github.io, so a script on any of them can read what readers of
    this one saved. Printed by `invoke publish`, not a build warning: it must not stop
    a publish, and it is the practice's choice to make.
    """
    host = urlsplit(public_url).hostname or ""
    if not host.endswith(".github.io"):
        return None
    return (f"note: {public_url} shares its origin, https://{host}, with every other GitHub Pages "
            "site of that account: their scripts could read the worksheet answers readers save "
            "on this site. Publish at a custom domain of the practice's own (README: Publishing).")


def ghp_import_command(output: Path, branch: str, cname: str | None = None) -> list[str]:
    """ghp-import: commit output/ to `branch` (with .nojekyll, and CNAME for a custom domain)."""
    return ["ghp-import", "--no-jekyll", "--branch", branch, "--message", PAGES_MESSAGE,
            *(["--cname", cname] if cname else []), str(output)]


def rsync(output: Path, target: str) -> None:
    if not target:
        raise SystemExit("Say where to publish: invoke publish --dest user@host:/var/www/site "
                         "(or a folder), or set STEPWISE_RSYNC_TARGET.")
    if ":" not in target:  # a local folder: rsync creates only the last level
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(rsync_command(output, target, os.environ.get("STEPWISE_SSH_PORT", "")), check=True)


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, encoding="utf-8")


def _tree(commit: str) -> str:
    return _git("rev-parse", f"{commit}^{{tree}}").stdout.strip()


def github_pages(output: Path, remote: str, branch: str, cname: str | None = None) -> None:
    """Commit output/ to the Pages branch and push it, unless the branch already holds it.

    The branch is first brought up to the remote's (a fresh clone, as in CI, has only
    the remote's), so each publish adds one commit on top of the last, or none.
    """
    if _git("ls-remote", "--exit-code", "--heads", remote, branch).returncode == 0:
        fetched = _git("fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/heads/{branch}")
        if fetched.returncode != 0:
            raise SystemExit(f"Could not fetch {remote}/{branch}: {fetched.stderr.strip()}")
    before = _git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").stdout.strip()
    program = shutil.which("ghp-import") or str(Path(sys.executable).with_name("ghp-import"))
    subprocess.run([program, *ghp_import_command(output, branch, cname)[1:]], check=True)
    if before and _tree(branch) == _tree(before):
        _git("update-ref", f"refs/heads/{branch}", before)  # drop the commit that changed nothing
        print(f"{remote}/{branch} already holds this site: nothing to publish.")
        return
    subprocess.run(["git", "push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}"],
                   check=True)
