"""`invoke publish` end to end: rsync into a real folder, GitHub Pages into a real bare repository.

Each test runs invoke in a private copy of the project, exactly as an author would.
rsync to a folder is the same command as rsync to user@host:/path over SSH.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stepwise.project import GIT_ENV, invoke, make_project
from tests.stepwise.treecheck import tree_digest


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                          capture_output=True, encoding="utf-8", check=True)
    return done.stdout


POST = Path("content/posts/weighing-the-evidence-for-a-belief.md")


def break_strict_build(project: Path) -> None:
    """A missing summary: only a warning, so a normal build passes and a strict one must not."""
    post = project / POST
    text = post.read_text(encoding="utf-8")
    post.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith("Summary:")), encoding="utf-8")


def pages_remote(project: Path, tmp_path: Path) -> Path:
    """A bare repository standing in for GitHub, as the project's remote `pages`."""
    bare = tmp_path / "pages.git"
    git("init", "--bare", "--quiet", str(bare), cwd=tmp_path)
    git("init", "--quiet", cwd=project)
    git("remote", "add", "pages", str(bare), cwd=project)
    return bare


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def test_rsync_publishes_the_production_site_to_a_folder(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "www" / "stepwise"
    stale = dest / "posts" / "an-old-post" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("gone", encoding="utf-8")
    done = invoke(project, "publish", "--dest", str(dest))
    assert done.returncode == 0, done.stdout + done.stderr
    output = project / "output"
    assert tree_digest(dest, with_mtimes=False) == tree_digest(output, with_mtimes=False)
    assert not stale.exists()
    index = (dest / "index.html").read_text(encoding="utf-8")
    assert 'href="https://stepwise.example/about/"' in index  # production SITEURL


def test_rsync_target_can_come_from_the_environment(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "from-env"
    env_done = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"], cwd=project, capture_output=True, encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(project), "STEPWISE_RSYNC_TARGET": str(dest)}, timeout=300)
    assert env_done.returncode == 0, env_done.stderr
    assert (dest / "index.html").exists()


def test_publish_refuses_when_the_strict_build_fails(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    assert invoke(project, "publish", "--dest", str(dest)).returncode == 0
    before = tree_digest(dest)
    break_strict_build(project)
    assert invoke(project, "build").returncode == 0  # a warning alone does not stop a normal build
    done = invoke(project, "publish", "--dest", str(dest))
    assert done.returncode != 0
    assert f"{POST}: Summary: is missing" in done.stderr
    assert tree_digest(dest) == before


def test_github_pages_pushes_the_site_to_a_bare_repository(project: Path, tmp_path: Path) -> None:
    bare = pages_remote(project, tmp_path)
    done = invoke(project, "publish", "--target", "github", "--remote", "pages", "--branch", "gh-pages")
    assert done.returncode == 0, done.stdout + done.stderr
    pushed = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split()
    output = project / "output"
    built = sorted(str(p.relative_to(output)) for p in output.rglob("*") if p.is_file())
    assert sorted(pushed) == sorted([*built, ".nojekyll", "CNAME"])
    # PUBLIC_URL is a custom domain: Pages must keep serving it there after each push.
    assert git("show", "gh-pages:CNAME", cwd=bare).strip() == "stepwise.example"
    index = subprocess.run(["git", "show", "gh-pages:index.html"], cwd=bare, capture_output=True,
                           check=True).stdout
    assert index == (output / "index.html").read_bytes()

    head = git("rev-parse", "gh-pages", cwd=bare)
    again = invoke(project, "publish", "--target", "github", "--remote", "pages")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing to publish" in again.stdout
    assert git("rev-parse", "gh-pages", cwd=bare) == head  # nothing new: no commit, no push
    break_strict_build(project)
    refused = invoke(project, "publish", "--target", "github", "--remote", "pages")
    assert refused.returncode != 0
    assert "Summary: is missing" in refused.stderr
    assert git("rev-parse", "gh-pages", cwd=bare) == head


def test_a_second_rsync_publish_with_nothing_new_changes_nothing(project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "www"
    assert invoke(project, "publish", "--dest", str(dest)).returncode == 0
    before = tree_digest(dest)  # with each file's time
    again = invoke(project, "publish", "--dest", str(dest))
    assert again.returncode == 0, again.stderr
    changes = [line for line in again.stdout.splitlines() if line[:2] in {">f", "cd", "*d", ".f", ".d"}]
    assert changes == []
    assert tree_digest(dest) == before


def test_a_clean_clone_publishes_on_top_of_the_pages_branch(project: Path, tmp_path: Path) -> None:
    """What the scheduled workflow does: a fresh clone, whose only Pages branch is the remote's."""
    bare = pages_remote(project, tmp_path)
    assert invoke(project, "publish", "--target", "github", "--remote", "pages").returncode == 0
    first = git("rev-parse", "gh-pages", cwd=bare)
    git("branch", "-D", "gh-pages", cwd=project)  # as in a new clone
    post = project / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line: numbat.\n", encoding="utf-8")
    done = invoke(project, "publish", "--target", "github", "--remote", "pages")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git("rev-parse", "gh-pages~1", cwd=bare) == first  # one new commit on top, no force


def test_a_github_io_address_writes_no_cname() -> None:
    from stepwise_tools.publish import pages_cname

    assert pages_cname("https://stepwise.example") == "stepwise.example"
    assert pages_cname("https://someone.github.io/stepwise") is None
    assert pages_cname("https://someone.github.io") is None
    assert pages_cname("https://example.org/stepwise") is None  # the user site's CNAME covers it


def test_a_site_s_own_cname_is_published_as_written_and_publish_writes_no_other(project: Path,
                                                                               tmp_path: Path) -> None:
    """A site moved in from GitHub Pages keeps content/extra/CNAME (migration test): the build
    publishes it, since it names PUBLIC_URL's host, and publish leaves it as the author wrote it
    instead of writing its own over it."""
    from stepwise_tools.publish import cname_to_write

    (project / "content" / "extra" / "CNAME").write_bytes(b"Stepwise.example\n")
    settings = project / "pelicanconf.py"
    mapping = '"extra/robots.txt": {"path": "robots.txt"},'
    assert mapping in settings.read_text(encoding="utf-8")
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        mapping, mapping + '\n    "extra/CNAME": {"path": "CNAME"},'), encoding="utf-8")
    bare = pages_remote(project, tmp_path)
    done = invoke(project, "publish", "--target", "github", "--remote", "pages")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git("show", "gh-pages:CNAME", cwd=bare) == "Stepwise.example\n"
    assert cname_to_write(project / "output", "https://stepwise.example") is None
    assert cname_to_write(tmp_path, "https://stepwise.example") == "stepwise.example"


def test_a_github_io_address_gets_a_note_about_its_shared_origin(project: Path, tmp_path: Path) -> None:
    """Every Pages site of an account is one origin: the practice must hear it, and still publish."""
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'PUBLIC_URL = "https://stepwise.example"', 'PUBLIC_URL = "https://someone.github.io/stepwise"'),
        encoding="utf-8")
    pages_remote(project, tmp_path)
    done = invoke(project, "publish", "--target", "github", "--remote", "pages")
    assert done.returncode == 0, done.stdout + done.stderr
    assert ("note: https://someone.github.io/stepwise shares its origin, https://someone.github.io, "
            "with every other GitHub Pages site of that account") in done.stderr
    assert "custom domain" in done.stderr


def test_the_readme_s_cron_line_publishes_from_an_empty_environment(project: Path, tmp_path: Path) -> None:
    from tests.stepwise.test_readme import section

    lines = [line for line in section("## Publishing").splitlines() if "invoke publish" in line
             and line.split()[:5] and all(part[0].isdigit() or part == "*" for part in line.split()[:5])]
    assert len(lines) == 1, lines
    command = " ".join(lines[0].split()[5:])
    git("init", "--quiet", "--initial-branch", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "--quiet", "-m", "The site", cwd=project)
    server = tmp_path / "server"  # the practice's own clone on its server
    git("clone", "--quiet", str(project), str(server), cwd=tmp_path)
    (server / ".venv").symlink_to(Path(sys.executable).parent.parent)
    www = tmp_path / "www"
    command = command.replace("/path/to/stepwise", str(server)).replace("/var/www/stepwise", str(www))
    cron_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh", "LOGNAME": "stepwise"}
    done = subprocess.run(["/bin/sh", "-c", command], env=cron_env, capture_output=True, encoding="utf-8",
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (www / "index.html").is_file()
