"""stepwise_core.rules: the parts of the metadata table that are plain functions."""

from __future__ import annotations

import pytest

from stepwise_core.rules import canonical_language


@pytest.mark.parametrize(("written", "read"), [
    ("FR", "fr"), ("fr", "fr"), ("EN-gb", "en-GB"), ("pt-br", "pt-BR"), ("ZH-HANT-tw", "zh-Hant-TW"),
    ("es-419", "es-419"), ("english", "english"), ("../evil", "../evil"),
])
def test_a_language_tag_is_read_in_the_case_bcp47_recommends(written: str, read: str) -> None:
    """Case carries no meaning in a tag; what is not a tag is left for the rule to refuse."""
    assert canonical_language(written) == read
