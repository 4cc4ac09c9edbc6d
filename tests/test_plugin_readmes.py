"""Each installable plugin's README lists every setting it reads, with the default settings.py
really has: the README is what another site's author reads first."""

from __future__ import annotations

import ast
import re

import pytest

from podcast.settings import DEFAULTS as PODCAST
from tests.conftest import ROOT
from worksheets.settings import DEFAULTS as WORKSHEETS

ROW = re.compile(r"^\| `([A-Z_]+)` \| `(.+?)` \|", re.MULTILINE)


@pytest.mark.parametrize("plugin, defaults", [("worksheets", WORKSHEETS), ("podcast", PODCAST)])
def test_the_readme_lists_every_setting_with_its_default(plugin: str, defaults: dict) -> None:
    readme = (ROOT / "plugins" / plugin / "README.md").read_text(encoding="utf-8")
    listed = {name: ast.literal_eval(default) for name, default in ROW.findall(readme)}
    assert listed == {name: (list(value) if isinstance(value, tuple) else value)
                      for name, value in defaults.items()}
