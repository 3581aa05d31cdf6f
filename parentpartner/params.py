"""Whole numbers from the outside (query strings, URL parts, hidden form values) parsed strictly.

Only the ASCII digits 0-9 count, with a bounded length. Python is lenient here: `str.isdigit()` is
true for "²", "①" and "߁", on which `int()` then fails (a server error where a page meant "no
choice"), and `int()` succeeds on "١٢" (Arabic-Indic), "１２" (fullwidth), " 12", "+12" and "1_2", so
one number would have many spellings. The program's ids and counts are written in ASCII digits only:
anything else is no number at all, and the page treats it as no choice, a 404 or a form message."""

from django.http import HttpRequest

# 18 digits stay below PostgreSQL's bigint limit (9,223,372,036,854,775,807), so a number that passes
# can always be looked up (and simply finds nothing).
MAX_DIGITS = 18

_ASCII_DIGITS = frozenset("0123456789")


def whole_number(text: object, *, max_digits: int = MAX_DIGITS) -> int | None:
    """`text` as a whole number when it is 1 to `max_digits` ASCII digits and nothing else (no sign,
    no spaces, no underscores), else None."""
    if not isinstance(text, str) or not 0 < len(text) <= max_digits:
        return None
    if not _ASCII_DIGITS.issuperset(text):
        return None
    return int(text)


def query_number(request: HttpRequest, name: str) -> int | None:
    """The query parameter `name` as a whole number (see `whole_number`), None when absent or not one."""
    return whole_number(request.GET.get(name, ""))
