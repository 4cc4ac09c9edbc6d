"""Every refused payload class is real: with the policy off, Chromium runs it.

The cases are the bad-input corpus's `policy` and `static` areas (tests/corpus/). One site is
built with STEPWISE_UNSAFE_NO_POLICY (a setting only tests use): each body payload goes into a
copy of the post it edits, under a slug of its own, and each file payload into content/. The
pages' Content-Security-Policy <meta> is then removed, since it is the second line of defence
and the point is to show that the first is needed (static files and feeds have no CSP at all).
Each case then loads its page in Chromium, does what a reader would (load, click, hover) and
sees the payload work: its script set `window.__proof`, or the browser asked for a `/__proof`
address or another host (requests to other hosts are answered by the test, never sent).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import serve
from tests.conftest import CONTENT, BuildResult, run_build
from tests.stepwise.test_corpus import CORPUS, load_case

pytestmark = pytest.mark.browser

PROVEN_AREAS = ("policy", "static")
CASES = sorted(path.parent for area in PROVEN_AREAS for path in (CORPUS / area).glob("*/case.yaml"))
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
POST_SLUG = re.compile(r"^Slug: .*$", re.MULTILINE)
POST_TITLE = re.compile(r"^Title: .*$", re.MULTILINE)


def case_id(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


def proof_slug(folder: Path) -> str:
    return f"proof-{folder.parent.name}-{folder.name}"


def add_case(folder: Path, case: dict[str, Any], content: Path) -> None:
    """The case's files, and its edits made to a copy of the file under a slug of its own."""
    if (folder / "files").is_dir():
        shutil.copytree(folder / "files", content, dirs_exist_ok=True)
    for edit in case.get("edit", []):
        text = (CONTENT / edit["file"]).read_text(encoding="utf-8")
        assert edit["replace"] in text, case_id(folder)
        text = text.replace(edit["replace"], edit["with"], 1)
        text = POST_SLUG.sub(f"Slug: {proof_slug(folder)}", text, count=1)
        text = POST_TITLE.sub(f"Title: Proof: {folder.name}", text, count=1)
        target = content / Path(edit["file"]).with_name(f"{proof_slug(folder)}.md")
        target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def unprotected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every payload built with the policy off, the CSP removed, served over http."""
    root = tmp_path_factory.mktemp("proof")
    content = root / "content"
    shutil.copytree(CONTENT, content, symlinks=True)
    for folder in CASES:
        add_case(folder, load_case(folder), content)
    result: BuildResult = run_build(content, root / "output", extra=("STEPWISE_UNSAFE_NO_POLICY=true",))
    assert result.ok, result.stderr
    assert "STEPWISE_UNSAFE_NO_POLICY: is on" in result.stderr  # a build like this always says so
    for page in result.output.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="surrogateescape")
        if CSP_META.search(text):
            page.write_text(CSP_META.sub("", text), encoding="utf-8", errors="surrogateescape")
    with serve(result.output) as url:
        yield url


def is_evidence(url: str) -> bool:
    """A request the payload made: for a /__proof address, or to any host but this one."""
    parts = urlsplit(url)
    return "__proof" in parts.path or (parts.scheme in {"http", "https"} and parts.hostname != "127.0.0.1")


def page_for(new_page: Callable[..., Any], proof: dict[str, Any]) -> Any:
    page = new_page(java_script_enabled=proof.get("javascript", True))
    # Nothing leaves the machine: another host's request is recorded, then answered here.
    page.context.route(lambda url: urlsplit(url).hostname not in {"127.0.0.1", None},
                       lambda route: route.fulfill(status=204, body=""))
    return page


def act(page: Any, proof: dict[str, Any]) -> None:
    if "check" in proof:  # a reader's answer, which the payload must not be able to send
        page.locator(proof["check"]).first.check(timeout=5000)
    action = proof.get("action", "load")
    if action == "click":
        page.locator(proof["target"]).first.click(timeout=5000, no_wait_after=True)
    elif action == "hover":
        page.locator(proof["target"]).first.hover(timeout=5000)


@pytest.mark.parametrize("folder", CASES, ids=[case_id(c) for c in CASES])
def test_the_refused_payload_works_without_the_policy(folder: Path, unprotected_site: str,
                                                      new_page: Callable[..., Any]) -> None:
    proof = load_case(folder)["proof"]
    if "none" in proof:
        pytest.skip(f"no browser run can show it: {proof['none']}")
    url = unprotected_site + proof.get("page", f"/posts/{proof_slug(folder)}/")
    page = page_for(new_page, proof)
    shows = proof["shows"]
    if shows == "request":
        wanted = proof.get("contains", "")
        with page.expect_request(lambda request: is_evidence(request.url) and wanted in request.url,
                                 timeout=10_000):
            if proof.get("action", "load") == "load":
                page.goto(url, wait_until="commit")
            else:
                page.goto(url)
                act(page, proof)
        return
    page.goto(url)
    act(page, proof)
    if shows == "marker":
        page.wait_for_function("() => window.__proof === 1", timeout=10_000)
    else:
        assert page.evaluate(proof["expression"]) is True


def test_every_case_says_how_it_is_proven() -> None:
    assert len(CASES) >= 60
    for folder in CASES:
        proof = load_case(folder).get("proof")
        assert proof, f"{case_id(folder)} has no proof"
        assert proof.get("none") or proof.get("shows") in {"marker", "request", "eval"}, case_id(folder)
    proven = [f for f in CASES if "none" not in load_case(f)["proof"]]
    assert len(proven) >= 0.85 * len(CASES)
