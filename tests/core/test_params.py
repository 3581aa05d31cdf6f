"""Whole numbers from the outside are ASCII digits only (parentpartner.params, issue 15): every other
character of Unicode, digits of other scripts included, makes the text no number."""

import sys
import unicodedata

import pytest

from parentpartner.params import MAX_DIGITS, whole_number


def test_only_the_ten_ascii_digits_make_a_number_among_all_of_unicode():
    """Every code point on its own: "²" and "①" pass str.isdigit(), "١" and "１" pass isdecimal() and
    int(); all are refused, only 0-9 are numbers."""
    accepted = [chr(code) for code in range(sys.maxunicode + 1) if whole_number(chr(code)) is not None]
    assert accepted == list("0123456789")
    lenient = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isdigit()]
    assert len(lenient) > 700  # what str.isdigit() lets through
    assert unicodedata.category("²") == "No" and "²".isdigit()


@pytest.mark.parametrize(
    "text",
    ["", " 12", "12 ", "12\n", "+12", "-12", "1_2", "0x1f", "1e3", "12.0", "١٢", "１２", "1²", "\u200b12", "9" * 19],
)
def test_what_int_would_accept_or_choke_on_is_no_number(text):
    assert whole_number(text) is None


def test_numbers_up_to_eighteen_digits_are_read_as_written():
    assert whole_number("0") == 0
    assert whole_number("007") == 7
    assert whole_number("9" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert whole_number("123", max_digits=2) is None
    assert whole_number(None) is None
    assert whole_number(12) is None  # only text from a request is parsed
