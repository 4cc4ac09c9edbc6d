"""`make serve` as an author uses it: `invoke livereload` in a copy of the project, driven by
Chromium. Saving a post reloads the page with the change, under the site's own CSP, with
no console error; a broken save shows its problem over the page; the server answers byte
ranges (a chapter link seeks the audio), serves 404.html, and listens where --host says."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.stepwise.project import free_port, make_project, wait_for

POST = "content/posts/the-relationship-is-the-therapy.md"
POST_URL = "/posts/the-relationship-is-the-therapy/"
EPISODE_URL = "/episodes/small-wins-count/"
# Reports of what the CSP refused, collected in the page (Playwright's init script is not
# bound by the page's CSP).
WATCH_CSP = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


@dataclass
class Served:
    project: Path
    url: str
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")




def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def start(project: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(project),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen([sys.executable, "-m", "invoke", "livereload", *args], cwd=project, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as the author stops it
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("live-preview")
    project, port, log = make_project(root / "project"), free_port(), root / "livereload.log"
    process = start(project, log, "--port", str(port))
    site = Served(project, f"http://127.0.0.1:{port}", log)
    try:
        assert wait_for(lambda: "Built in" in site.text()), site.text()
        yield site
    finally:
        stop(process)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.browser
def test_saving_a_post_reloads_its_page_under_the_site_s_csp(served: Served,
                                                              new_page: Callable[..., Any]) -> None:
    page = new_page()
    page.add_init_script(WATCH_CSP)
    with page.expect_request(lambda request: request.url.endswith("/_stepwise/events")):
        page.goto(served.url + POST_URL)
    csp = page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp  # the site's own policy
    post = served.project / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nA line saved during the preview: pademelon.\n",
                    encoding="utf-8")
    expect(page.locator(".entry-body")).to_contain_text("pademelon", timeout=60_000)
    assert "Updated /posts/the-relationship-is-the-therapy/" in served.text()  # only this page
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []
    assert page.foreign_requests == []


@pytest.mark.browser
def test_a_broken_save_shows_its_problem_over_the_page_until_it_is_fixed(
        served: Served, new_page: Callable[..., Any]) -> None:
    page = new_page()
    page.add_init_script(WATCH_CSP)
    with page.expect_request(lambda request: request.url.endswith("/_stepwise/events")):
        page.goto(served.url + POST_URL)
    post = served.project / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good + "\n<iframe src=\"https://tracker.example/\"></iframe>\n", encoding="utf-8")
    problems = page.locator("#stepwise-live-problems")
    expect(problems).to_contain_text("contains a <iframe> element", timeout=60_000)
    expect(problems).to_contain_text("content/posts/the-relationship-is-the-therapy.md")
    assert page.get_attribute("#stepwise-live-problems", "role") == "alert"
    post.write_text(good + "\nMended: potoroo.\n", encoding="utf-8")
    expect(page.locator(".entry-body")).to_contain_text("potoroo", timeout=60_000)
    expect(problems).to_have_count(0)
    assert page.evaluate("window.__csp") == []
    assert [e for e in page.console_errors if "tracker.example" not in e] == []


@pytest.mark.browser
def test_a_chapter_link_seeks_the_audio_through_byte_ranges(served: Served,
                                                             new_page: Callable[..., Any]) -> None:
    wait_until_idle(served)  # an earlier test's build, ending, reloads every open page
    page = new_page()
    page.goto(served.url + EPISODE_URL)
    page.click("a[data-seek='12.0']")
    expect(page.locator("#episode-audio")).to_have_js_property("paused", False, timeout=15_000)
    page.wait_for_function("() => document.getElementById('episode-audio').currentTime >= 12")
    assert page.evaluate("document.getElementById('episode-audio').currentTime") < 20
    assert page.console_errors == []


def test_byte_ranges_404_and_types(served: Served) -> None:
    audio = next((served.project / "output" / "media").glob("*.mp3"))
    whole = audio.read_bytes()
    status, headers, body = get(f"{served.url}/media/{audio.name}", {"Range": "bytes=100-199"})
    assert status == 206 and body == whole[100:200]
    assert headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    status, headers, body = get(f"{served.url}/media/{audio.name}", {"Range": f"bytes={len(whole) + 5}-"})
    assert status == 416
    status, headers, body = get(f"{served.url}/no/such/page/")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert body.startswith((served.project / "output" / "404.html").read_bytes().split(b"</body>")[0])
    assert get(f"{served.url}/theme/manifest.webmanifest")[1]["Content-Type"].startswith(
        "application/manifest+json")
    status, _, body = get(f"{served.url}/archives")
    assert status == 200 and b"<h1" in body  # a folder without its slash is followed to its index
    for path in ("/robots.txt", "/no/such/page/", "/"):
        assert get(f"{served.url}{path}")[1]["X-Content-Type-Options"] == "nosniff", path


RUN_AS_SCRIPT = """(path) => new Promise((done) => {
  const script = document.createElement('script');
  script.src = path;
  script.onload = () => done('ran');
  script.onerror = () => done('refused');
  document.head.append(script);
})"""


def test_no_file_runs_as_a_script_against_its_type(served: Served, new_page: Callable[..., Any]) -> None:
    """nosniff: a text file is never a script, even from the site's own address (issue 13)."""
    wait_until_idle(served)
    page = new_page()
    page.goto(f"{served.url}/")
    assert page.evaluate(RUN_AS_SCRIPT, "/robots.txt") == "refused"
    assert page.evaluate(RUN_AS_SCRIPT, "/theme/js/copy.js") == "ran"


def test_host_0_0_0_0_listens_for_the_network_and_prints_the_addresses(tmp_path: Path) -> None:
    project, port, log = make_project(tmp_path / "project"), free_port(), tmp_path / "live.log"
    process = start(project, log, "--host", "0.0.0.0", "--port", str(port))
    try:
        assert wait_for(lambda: "Built in" in log.read_text(encoding="utf-8"))
        text = log.read_text(encoding="utf-8")
        assert f"http://127.0.0.1:{port}/" in text and "Anyone on this network can open it" in text
        for address in network_addresses():  # what a phone beside this machine can open
            assert f"http://{address}:{port}/" in text, text
            assert get(f"http://{address}:{port}/")[0] == 200
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, encoding="utf-8")
        if listening.returncode == 0:
            assert f"0.0.0.0:{port}" in listening.stdout or f"*:{port}" in listening.stdout
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
    finally:
        stop(process)


def wait_until_idle(served: Served) -> None:
    """Until the log ends with a finished build: a save that lands while the preview is still
    building (after an earlier test's settings change, say) is rightly a full rebuild, not the
    one-page update a test may be waiting for."""
    def idle() -> bool:
        lines = served.text().rstrip().splitlines()
        return bool(lines) and lines[-1].startswith(("Built in", "Search index updated"))
    assert wait_for(idle), served.text()


def wait_for_count(served: Served, text: str, count: int) -> None:
    """Until the server's log says `text` `count` times: it has handled every save before."""
    assert wait_for(lambda: served.text().count(text) >= count), served.text()


def open_live(served: Served, new_page: Callable[..., Any], url: str, *, idle: bool = True) -> Any:
    """A page that hears the preview's events; by default opened once no build runs, since a
    build that ends reloads every open page and would destroy what the test is evaluating."""
    if idle:
        wait_until_idle(served)
    page = new_page()
    page.add_init_script(WATCH_CSP)
    with page.expect_request(lambda request: request.url.endswith("/_stepwise/events")):
        page.goto(served.url + url)
    return page


@pytest.mark.browser
def test_a_worksheet_page_reloads_though_its_policy_allows_no_connection(
        served: Served, new_page: Callable[..., Any]) -> None:
    """A worksheet page's CSP says connect-src 'none' (its answers can go nowhere); the preview
    serves it with the events address alone allowed, and output/ keeps the built policy."""
    sheet_page = served.project / "output" / "worksheets" / "gratitude" / "index.html"
    built = sheet_page.read_text(encoding="utf-8")
    assert "connect-src &#39;none&#39;" in built or "connect-src 'none'" in built
    page = open_live(served, new_page, "/worksheets/gratitude/")
    csp = page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert f"; connect-src {served.url}/_stepwise/events;" in csp  # that address alone
    sheet = served.project / "content" / "worksheets" / "gratitude.yaml"
    edit(sheet, "title: Gratitude, in small moments", "title: Gratitude, in small moments (numbat)")
    try:
        expect(page.locator("h1")).to_contain_text("numbat", timeout=60_000)
    finally:
        edit(sheet, "title: Gratitude, in small moments (numbat)", "title: Gratitude, in small moments")
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []
    assert "connect-src &#39;none&#39;" in built or "connect-src 'none'" in built


@pytest.mark.browser
def test_problems_stay_over_the_page_after_other_saves_and_reloads_until_fixed(
        served: Served, new_page: Callable[..., Any]) -> None:
    page = open_live(served, new_page, EPISODE_URL)
    broken = served.project / POST
    good = broken.read_text(encoding="utf-8")
    failed = served.text().count("The build failed")
    broken.write_text(good + "\n<iframe src=\"/x/\"></iframe>\n", encoding="utf-8")
    problems = page.locator("#stepwise-live-problems")
    expect(problems).to_contain_text("contains a <iframe> element", timeout=60_000)
    other = served.project / "content" / "posts" / "when-the-thoughts-get-heavy.md"
    other_text = other.read_text(encoding="utf-8")
    try:
        other.write_text(other_text + "\nAnother post saved meanwhile: bilby.\n", encoding="utf-8")
        wait_for_count(served, "The build failed", failed + 2)  # the other save: still broken
        expect(problems).to_contain_text("content/posts/the-relationship-is-the-therapy.md", timeout=30_000)
        page.reload()
        expect(problems).to_contain_text("contains a <iframe> element", timeout=30_000)
        fresh = open_live(served, new_page, "/", idle=False)  # a page opened now shows them too
        expect(fresh.locator("#stepwise-live-problems")).to_contain_text("contains a <iframe> element")
    finally:
        broken.write_text(good, encoding="utf-8")
    expect(problems).to_have_count(0, timeout=60_000)
    wait_until_idle(served)  # the overlay goes with the fixed page; the rest of the build may run on
    # A page of its own: the one above reloads itself when the fix's build ends, and a goto
    # racing that reload is aborted (net::ERR_ABORTED in a CI run).
    after = open_live(served, new_page, "/posts/when-the-thoughts-get-heavy/")
    expect(after.locator(".entry-body")).to_contain_text("bilby")  # built with the fix
    expect(after.locator("#stepwise-live-problems")).to_have_count(0)
    other.write_text(other_text, encoding="utf-8")
    expect(after.locator(".entry-body")).not_to_contain_text("bilby", timeout=60_000)


@pytest.mark.browser
def test_a_syntax_error_in_the_settings_is_shown_over_the_page(served: Served,
                                                               new_page: Callable[..., Any]) -> None:
    page = open_live(served, new_page, POST_URL)
    settings = served.project / "pelicanconf.py"
    good = settings.read_text(encoding="utf-8")
    line = good.count("\n") + 1
    settings.write_text(good + "SITENAME = 'Stepwise\n", encoding="utf-8")
    problems = page.locator("#stepwise-live-problems")
    try:
        expect(problems).to_contain_text(f"pelicanconf.py:{line}: Python: SyntaxError", timeout=60_000)
    finally:
        settings.write_text(good, encoding="utf-8")
    expect(problems).to_have_count(0, timeout=60_000)
    expect(page.locator(".entry-body")).to_be_visible()


def test_an_editor_s_save_by_rename_is_a_one_page_update(served: Served) -> None:
    """gedit writes .goutputstream-XXXX and renames it over the file; Vim probes with a file
    named 4913 and may move the original to post.md~. None of that is a new source."""
    post = served.project / POST
    wait_until_idle(served)
    updated = served.text().count("Updated /posts/the-relationship-is-the-therapy/")
    post.write_text(post.read_text(encoding="utf-8") + "\nA plain save first.\n", encoding="utf-8")
    wait_for_count(served, "Updated /posts/the-relationship-is-the-therapy/", updated + 1)
    builds = served.text().count("Built in")  # all that came before this save is in the log
    autosave = post.with_name(f"#{post.name}#")  # Emacs keeps it while the text is unsaved
    autosave.write_text("half an edit", encoding="utf-8")
    probe = post.with_name("4913")
    probe.write_text("", encoding="utf-8")
    probe.unlink()
    temporary = post.with_name(".goutputstream-QUOLL1")
    temporary.write_text(post.read_text(encoding="utf-8") + "\nSaved by rename: quoll.\n", encoding="utf-8")
    os.replace(temporary, post)
    autosave.unlink()
    wait_for_count(served, "Updated /posts/the-relationship-is-the-therapy/", updated + 2)
    other = served.project / "content" / "posts" / "when-the-thoughts-get-heavy.md"
    temporary = other.with_name("when-the-thoughts-get-heavy.md.tmp-sublime")  # not hidden
    temporary.write_text(other.read_text(encoding="utf-8") + "\nAlso by rename: wombat.\n", encoding="utf-8")
    others = served.text().count("Updated /posts/when-the-thoughts-get-heavy/")
    os.replace(temporary, other)
    wait_for_count(served, "Updated /posts/when-the-thoughts-get-heavy/", others + 1)  # all before: done
    assert served.text().count("Built in") == builds, served.text()
    page = served.project / "output" / POST_URL.strip("/") / "index.html"
    assert "quoll" in page.read_text(encoding="utf-8")


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks, as iproute2 lists them (none offline)."""
    listed = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"], capture_output=True,
                            encoding="utf-8")
    return [line.split()[3].split("/")[0] for line in listed.stdout.splitlines()]


def test_a_port_in_use_is_named_with_a_free_one_to_use_instead(tmp_path: Path) -> None:
    project, log = make_project(tmp_path / "project"), tmp_path / "live.log"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start(project, log, "--port", str(port))
        assert process.wait(timeout=120) != 0
    text = log.read_text(encoding="utf-8")
    assert f"Port {port} is already in use" in text and "Traceback" not in text, text
    hint = re.search(r"make serve PORT=(\d+) \(or \.venv/bin/invoke livereload --port \1\)", text)
    assert hint, text
    suggested = int(hint[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", suggested))  # free, as said


@pytest.mark.browser
def test_a_first_build_with_a_problem_shows_it_in_the_browser(tmp_path: Path,
                                                              new_page: Callable[..., Any]) -> None:
    """A new author's very first `make serve` with a mistake: no site yet, so every address
    answers with a page that shows the problem, and reloads into the site once it is fixed."""
    project, port, log = make_project(tmp_path / "project"), free_port(), tmp_path / "live.log"
    post = project / POST
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("Title:", "Tiitle:", 1), encoding="utf-8")
    process = start(project, log, "--port", str(port))
    try:
        assert wait_for(lambda: "The build failed" in log.read_text(encoding="utf-8")), log.read_text()
        page = new_page()
        page.goto(f"http://127.0.0.1:{port}{POST_URL}")
        problems = page.locator("#stepwise-live-problems")
        expect(problems).to_contain_text("content/posts/the-relationship-is-the-therapy.md", timeout=30_000)
        post.write_text(good, encoding="utf-8")
        expect(page.locator(".entry-body")).to_be_visible(timeout=120_000)
        expect(problems).to_have_count(0)
        assert page.console_errors == [] or all("404" in e for e in page.console_errors), page.console_errors
    finally:
        stop(process)
