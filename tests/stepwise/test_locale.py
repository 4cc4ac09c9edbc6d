"""A build in-process leaves Python reading files as UTF-8.

Pelican sets the process locale from LOCALE. With plain "C", every later open() without
an encoding decoded as ASCII: a browser-test library read its script that way and failed
in whichever test process had built a site first.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_pelican_locale_keeps_utf8_as_the_default_encoding() -> None:
    script = (
        "import locale, sys\n"
        "from pelican import Pelican\n"
        "from pelican.settings import read_settings\n"
        "Pelican(read_settings('pelicanconf.py'))\n"
        "print(locale.getpreferredencoding(False))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUTF8"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().lower().replace("-", "") == "utf8"
