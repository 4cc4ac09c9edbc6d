"""Every page of the built site passes the Nu HTML checker (vnu-jar from npm)."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import ROOT, BuildResult

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_validates_with_vnu(built_site: BuildResult) -> None:
    java = shutil.which("java")
    assert java, "java is missing: run `make setup-test`"
    assert VNU.exists(), f"{VNU} is missing: run `make setup-test` (npm ci)"
    pages = list(built_site.output.rglob("*.html"))
    assert len(pages) > 10
    # One JVM for the whole folder; --errors-only so warnings do not fail the build.
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html",
                           str(built_site.output)], capture_output=True, encoding="utf-8", timeout=300)
    report = (done.stderr + done.stdout).replace(str(built_site.output), "")
    assert done.returncode == 0, report
