"""A wrong setting is named in the file that sets it, whichever settings file the build was given."""

from __future__ import annotations

from pathlib import Path

from stepwise_core.settings_source import SETTINGS_PATH, setting_source
from tests.conftest import CONTENT, ROOT, run_build


def test_a_publish_build_names_pelicanconf_for_a_public_url_set_there(tmp_path: Path) -> None:
    """`invoke publish` builds with publishconf.py, which imports PUBLIC_URL from pelicanconf.py."""
    result = run_build(CONTENT, tmp_path / "output", settings=ROOT / "publishconf.py",
                       extra=('PUBLIC_URL="stepwise.example"',))
    assert result.returncode == 1
    assert "error: pelicanconf.py: PUBLIC_URL: " in result.stderr, result.stderr
    assert "publishconf.py: PUBLIC_URL" not in result.stderr


def test_the_file_that_assigns_a_setting_is_named(tmp_path: Path) -> None:
    (tmp_path / "base.py").write_text('PUBLIC_URL = "x"\nSITEURL = ""\n', encoding="utf-8")
    (tmp_path / "site.py").write_text("from base import *\nSITEURL: str = PUBLIC_URL\n", encoding="utf-8")
    settings = {SETTINGS_PATH: str(tmp_path / "site.py")}
    assert setting_source(settings, "PUBLIC_URL", "site.py") == "base.py"
    assert setting_source(settings, "SITEURL", "site.py") == "site.py"  # the last file to set it
    assert setting_source(settings, "CRISIS_NOTE", "site.py") == "site.py"  # a default: the file given
    assert setting_source({}, "PUBLIC_URL", "pelicanconf.py") == "pelicanconf.py"
