"""The author's everyday commands (invoke). `invoke --list` shows them all."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from stepwise_tools import build as site_build  # noqa: E402
from stepwise_tools import scaffold  # noqa: E402

CONFIG = {
    "settings": "pelicanconf.py",
    "publish_settings": "publishconf.py",
    "output": "output",
    "host": "127.0.0.1",
    "port": 8000,
    "rsync_target": os.environ.get("STEPWISE_RSYNC_TARGET", ""),
    "pages_branch": os.environ.get("STEPWISE_PAGES_BRANCH", "gh-pages"),
    "pages_remote": os.environ.get("STEPWISE_PAGES_REMOTE", "origin"),
}


def _build(settings: str, output: str, *, strict: bool = False, extra: tuple[str, ...] = (),
           sound_report: bool = False, wait: float = site_build.LOCK_WAIT_SECONDS) -> dict:
    """Build; exit on failure. Returns the run's settings (the podcast plugin leaves its sound
    report and media plan there); `sound_report` prints the report, even when the build failed."""
    argv = ["-s", settings, "-o", output, "--wait", str(float(wait)), *(["--strict"] if strict else [])]
    if extra:
        argv += ["-e", *extra]
    site: list[dict] = []
    code = site_build.main(argv, keep=site)
    if sound_report and site:
        from podcast.release import sound_report_text

        print(sound_report_text(site[0]))
    if code:
        sys.exit(code)
    return site[0] if site else {}


WAIT_HELP = {"wait": "seconds to wait for another build of the same output to finish (default 600; "
                     "0: stop at once)"}


@task(help=WAIT_HELP)
def build(c, output=CONFIG["output"], wait=site_build.LOCK_WAIT_SECONDS):
    """Build the site into output/ (replaced only if the build succeeds)."""
    _build(CONFIG["settings"], output, wait=wait)


@task
def rebuild(c):
    """Clean, then build from scratch."""
    clean(c)
    build(c)


@task(help=WAIT_HELP)
def check(c, output=CONFIG["output"], wait=site_build.LOCK_WAIT_SECONDS):
    """Strict build: any warning or error fails it (what CI and publish use); then the sound report."""
    _build(CONFIG["settings"], output, strict=True, sound_report=True, wait=wait,
           extra=("PODCAST_SOUND_REPORT=true",))


@task
def clean(c):
    """Remove generated files and caches."""
    output = CONFIG["output"]  # and the folders the build runner keeps beside it
    beside = ("building", "old", "live", "preview-undo")
    for path in (output, *(f".{output}.{kind}" for kind in beside), "cache"):
        shutil.rmtree(ROOT / path, ignore_errors=True)


@task(help={"host": "address to listen on: 0.0.0.0 to open it from a phone on the same network",
            "port": "port to listen on"})
def serve(c, host=CONFIG["host"], port=CONFIG["port"]):
    """Serve output/ as a web host would (byte ranges, 404.html), without rebuilding."""
    from stepwise_tools.livepreview import serve_folder

    serve_folder(ROOT / CONFIG["output"], host, int(port), what=f"{CONFIG['output']}/",
                 again=".venv/bin/invoke serve --port {port}")


@task(help={"host": "address to listen on: 0.0.0.0 to open it from a phone on the same network",
            "port": "port to listen on"})
def livereload(c, host=CONFIG["host"], port=CONFIG["port"]):
    """Build, serve, and on every save rebuild what changed and reload the browser."""
    from stepwise_tools import livepreview

    # The site stays in memory in a builder process: an edit to a post's text re-renders
    # that page alone, anything else rebuilds (plugins/stepwise_tools/livesite.py).
    livepreview.main(["-s", str(ROOT / CONFIG["settings"]), "-o", str(ROOT / CONFIG["output"]),
                      "--host", host, "--port", str(port)])


@task(help={"title": "the post's title", "author": "a name from content/people.yaml",
            "slug": "the page's address (default: made from the title)",
            "date": "e.g. 2026-12-01T09:00 (default: now); the site's time zone unless it has an offset"})
def new_post(c, title, author="", date="", slug=""):
    """Scaffold content/posts/<slug>.md dated now in the site's time zone, with the metadata a post needs."""
    when = scaffold.site_time(ROOT / CONFIG["settings"], date)
    path = scaffold.new_post(ROOT / "content", title, author=author, when=when, slug=slug)
    print(f"Created {path.relative_to(ROOT)}")


@task(help={"title": "the episode's title (no episode number in it)",
            "audio": "the MP3 or M4A file; copied into content/media/ (or PODCAST_MEDIA_DIR), named "
                     "after the episode, if it is elsewhere",
            "season": "the season (default: the latest season)",
            "episode": "the episode number (default: the next free one in that season)",
            "slug": "the page's address (default: made from the title)",
            "content": "the content folder (default: content/)",
            "date": "e.g. 2026-12-01T09:00 (default: now); the site's time zone unless it has an offset",
            "guid": "the Guid the episode already has in its old host's feed (a show moved in: keep it, "
                    "or every subscriber's app downloads the episode again); default: a new one"})
def new_episode(c, title, audio, date="", content="", season=0, episode=0, slug="", guid=""):  # noqa: PLR0917 (one flag each)
    """Scaffold content/episodes/<NNN>-<slug>.md: next number, new Guid, size and duration from the audio."""
    from pelican.settings import read_settings

    from podcast import scaffold as podcast_scaffold

    when = scaffold.site_time(ROOT / CONFIG["settings"], date)
    folder = Path(content).resolve() if content else ROOT / "content"
    settings = read_settings(str(ROOT / CONFIG["settings"]))
    path = podcast_scaffold.new_episode(folder, title, Path(audio), when=when, season=int(season) or None,
                                        episode=int(episode) or None, slug=slug, settings=settings,
                                        guid=guid)
    print(f"Created {path}")
    print(podcast_scaffold.HINTS.format(path=path.name, stem=path.stem))
    print(podcast_scaffold.sound_report_for(Path(audio), settings))


@task(help={"target": "rsync (a folder or user@host:/path) or github (GitHub Pages via ghp-import)",
            "dest": "rsync destination (default: $STEPWISE_RSYNC_TARGET)",
            "remote": "git remote for GitHub Pages (default: $STEPWISE_PAGES_REMOTE or origin)",
            "branch": "branch for GitHub Pages (default: $STEPWISE_PAGES_BRANCH or gh-pages)",
            "media": "first upload new and changed audio to the PODCAST_MEDIA_URL bucket ($STEPWISE_S3_*)"})
def publish(c, target="rsync", dest="", remote="", branch="", media=False):  # noqa: PLR0917 (invoke options)
    """Strict production build (any warning stops it), then upload with rsync or to GitHub Pages."""
    from podcast.release import check_media
    from stepwise_tools import publish as upload

    output = ROOT / CONFIG["output"]
    settings_file = str(ROOT / CONFIG["publish_settings"])
    problem = check_media(_build(settings_file, str(output), strict=True), upload=media)
    if problem:  # audio on PODCAST_MEDIA_URL: uploaded (--media) and every enclosure there, or stop
        sys.exit(problem)
    if target == "github":
        from pelican.settings import read_settings

        public_url = read_settings(settings_file)["PUBLIC_URL"]
        note = upload.shared_origin_note(public_url)
        if note:
            print(note, file=sys.stderr)
        cname = upload.cname_to_write(output, public_url)
        upload.github_pages(output, remote or CONFIG["pages_remote"], branch or CONFIG["pages_branch"],
                            cname)
    elif target == "rsync":
        upload.rsync(output, dest or CONFIG["rsync_target"])
    else:
        sys.exit(f"Unknown target {target!r}: use rsync or github.")
    _tell_websub_hub(str(ROOT / CONFIG["publish_settings"]))


def _tell_websub_hub(settings_file: str) -> None:
    """After the upload: a configured WebSub hub hears that the podcast feed changed."""
    from pelican.settings import read_settings

    from podcast import websub

    problem = websub.announce(read_settings(settings_file))
    if problem:
        sys.exit(problem)


# Drafts and scheduled posts are never written into output/ (or published); this
# builds them, with everything else, into a separate folder for the author alone,
# with /drafts/ listing them and a label on each (plugins/stepwise/drafts.py).
DRAFT_PREVIEW = ("WITH_FUTURE_DATES=true", 'DRAFT_URL="drafts/{slug}/"',
                 'DRAFT_SAVE_AS="drafts/{slug}/index.html"', 'DRAFT_PAGE_URL="drafts/pages/{slug}/"',
                 'DRAFT_PAGE_SAVE_AS="drafts/pages/{slug}/index.html"', "STEPWISE_DRAFTS_PREVIEW=true",
                 'PODCAST_MEDIA_URL=""')  # drafts' audio is not in the bucket: serve it from the preview


@task(help={"output": "where the preview goes (never output/, which is what gets published)",
            "host": "address to listen on: 0.0.0.0 to open it from a phone on the same network",
            "serve": "serve it after building (--no-serve: build only)"})
def preview_drafts(c, output="drafts-preview", host=CONFIG["host"], port=8001, serve=True):
    """Build drafts and scheduled items into drafts-preview/, list them at /drafts/, serve it."""
    if Path(output).resolve() == (ROOT / CONFIG["output"]).resolve():
        sys.exit("Preview drafts into another folder: output/ is what gets published.")
    _build(str(ROOT / CONFIG["settings"]), output, extra=DRAFT_PREVIEW)
    if serve:
        from stepwise_tools.livepreview import serve_folder

        serve_folder(Path(output), host, int(port), what="the drafts preview; drafts and scheduled items "
                     "are listed at /drafts/", again=".venv/bin/invoke preview-drafts --port {port}")


def _needs_test_tools(*modules: str) -> None:
    """Stop with the fix when the test tools are not installed (`make build` leaves them out)."""
    import importlib.util

    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(f"Not installed: {', '.join(missing)} (`make build` sets up only what building needs). "
                 "Fix: run `make test` once (it installs the test tools and the programs the tests "
                 "drive, then runs every test); after that this command works.")


@task
def test(c, k="", browser=True):
    """Run the whole test suite (browser tests find Chromium by tests/chromium.py), on up to 4 cores."""
    _needs_test_tools("pytest", "xdist", "playwright")
    workers = min(4, os.cpu_count() or 1)
    args = ["-q", *(["-n", str(workers)] if workers > 1 else [])]
    if k:
        args += ["-k", k]
    if not browser:
        args += ["-m", "not browser"]
    c.run(f"{sys.executable} -m pytest {' '.join(shlex.quote(a) for a in args)}", pty=False)


@task
def lint(c):
    """ruff over the Python, mypy over the plugins ([tool.mypy]), ESLint (eslint.config.mjs, from npm:
    `make setup-test`) over the scripts."""
    _needs_test_tools("ruff", "mypy")
    if not (ROOT / "node_modules" / ".bin" / "eslint").exists():
        sys.exit("Not installed: ESLint. Fix: run `make test` once (it installs the test tools from npm).")
    with c.cd(str(ROOT)):
        c.run(f"{sys.executable} -m ruff check .")
        c.run(f"{sys.executable} -m mypy")
        c.run("node_modules/.bin/eslint --max-warnings 0 .")


@task(help={"into": "the folder the wheels go to"})
def wheels(c, into="dist"):
    """Build the wheels other Pelican sites install: stepwise-core and the worksheets and
    podcast plugins (README: Using the plugins in your own site)."""
    from stepwise_tools.wheels import build_wheels

    for wheel in build_wheels(Path(into)):
        print(wheel)


@task
def canary(c):
    """Do the speed plugin's fast paths hold on the newest Pelican and Markdown? (needs PyPI)"""
    from stepwise_tools import canary as check_newest

    sys.exit(check_newest.main())


@task(help={"size": "S, M or L (corpus size)", "rounds": "paired rounds per comparison",
            "scaling": "sizes for the scaling rows, comma-separated ('' to skip)",
            "ablation": "also time our build with its fast paths off",
            "corpus": "practice, blog or both, comma-separated (bench/make_corpus.py, bench/make_blog.py)"})
def bench(c, size="M", rounds=3, scaling="S,M,L", ablation=False, corpus="practice,blog"):  # noqa: PLR0917 (invoke passes options by name)
    """Benchmark against plain Pelican; prints the tables and writes bench/RESULTS.md."""
    for kind in [k for k in corpus.split(",") if k]:
        c.run(f"{sys.executable} {ROOT / 'bench' / 'run.py'} --corpus {shlex.quote(kind)} "
              f"--size {shlex.quote(size)} --rounds {int(rounds)} --scaling {shlex.quote(scaling)}"
              + (" --ablation" if ablation else ""), pty=False)


@task(help={"size": "corpus size besides the sample site: S, M or L", "rounds": "paired rounds"})
def bench_live(c, size="M", rounds=5):
    """Edit to reload in Chromium through the live preview, against our cold build (bench/RESULTS.md)."""
    _needs_test_tools("playwright")
    c.run(f"{sys.executable} {ROOT / 'bench' / 'live_reload.py'} --size {shlex.quote(size)} "
          f"--rounds {int(rounds)}", pty=False)
