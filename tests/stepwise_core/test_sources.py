"""The byte-level pre-check of the source scan agrees with the text rule it stands for."""

from __future__ import annotations

from stepwise_core.rules import CONTROL_CHARACTERS
from stepwise_core.sources import may_hold_control_characters


def test_the_byte_check_agrees_with_the_text_rule_for_every_code_point() -> None:
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be written as UTF-8
            continue
        for text in (chr(code), f"a{chr(code)}b", f"\u00a9{chr(code)}"):
            assert may_hold_control_characters(text.encode()) == bool(CONTROL_CHARACTERS.search(text)), code


def test_invalid_utf8_is_not_a_control_character() -> None:
    assert not may_hold_control_characters(b"caf\xe9 \xc2 \xef\xbf")  # decodes to U+FFFD
