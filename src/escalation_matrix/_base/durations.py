"""The one grammar of durations: in files, on the command line and in code.

Durations are written ``"4h"``, ``"1h 30m"``, ``"1d12h"`` or in ISO 8601,
``"PT1H30M"``; they are written back in one canonical form, ``"1d4h30m"``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from escalation_matrix._base.phrased import PhrasedValueError
from escalation_matrix.exceptions import Phrase

__all__ = [
    "DURATION_PATTERN",
    "MAX_DURATION_LENGTH",
    "calendar_units",
    "format_duration",
    "not_a_duration_value",
    "parse_duration",
    "written_duration",
]

# One regular expression for the whole grammar, in the syntax that Python and
# JSON Schema (ECMA-262) share: no flags, no named groups, so that the JSON
# Schema's pattern is this very text. Letters are taken in either case.
#
# The compact form: days, hours, minutes and seconds, in that order, each at
# most once, with or without spaces between them ("1d 4h", "1d4h").
_COMPACT: Final = (
    r"(?=[0-9])"
    r"(?:([0-9]+)[dD](?: +(?=[0-9]))?)?"
    r"(?:([0-9]+)[hH](?: +(?=[0-9]))?)?"
    r"(?:([0-9]+)[mM](?: +(?=[0-9]))?)?"
    r"(?:([0-9]+)[sS])?"
)
# ISO 8601 (section 5.5.2): "PnW", or "PnDTnHnMnS" with any part left out,
# though not all, and "T" only before a time part. Years and months have no
# fixed length, and fractions are left out of the grammar: neither is read.
_ISO: Final = (
    r"[pP](?:([0-9]+)[wW]|(?=[0-9tT])(?:([0-9]+)[dD])?"
    r"(?:[tT](?=[0-9])(?:([0-9]+)[hH])?(?:([0-9]+)[mM])?(?:([0-9]+)[sS])?)?)"
)
#: The grammar of a duration, as a regular expression for JSON Schema.
DURATION_PATTERN: Final = rf"^(?:{_COMPACT}|{_ISO})$"
# The two forms, each matched alone (the compact one starts with a digit,
# ISO 8601's with "P") with the seconds in a unit of each of its groups.
# Compiled on first use (re keeps them): a program that reads no duration,
# as one using the compiled built-in matrix, compiles neither, and the
# command line's "1d ago" only the compact one.
_COMPACT_FORM: Final = (rf"{_COMPACT}\Z", (86400, 3600, 60, 1))
_ISO_FORM: Final = (rf"{_ISO}\Z", (604800, 86400, 3600, 60, 1))
# The same grammar with decimal fractions ("PT1.5H", "1,5h"), which ISO 8601
# allows and this one does not: read only to say what to write instead.
# It and the calendar patterns below are compiled on first use too, as only
# mistakes and the command line's moments need them.
_FRACTIONS: Final = rf"(?:{_COMPACT}|{_ISO})\Z".replace(
    "[0-9]+", "[0-9]+(?:[.,][0-9]+)?"
)
# The seconds in a unit of each group of the fractions' pattern, in order.
_GROUP_SECONDS: Final = (86400, 3600, 60, 1, 604800, 86400, 3600, 60, 1)
_UNITS: Final = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
#: The longest text read as a duration. The longest canonical one that a
#: timedelta holds, ``"999999999d23h59m59s"``, has 19 characters.
MAX_DURATION_LENGTH: Final = 64
# More digits than any amount a timedelta holds (86,399,999,999,999 seconds
# is its limit): such a run is refused before it reaches int().
_MAX_DIGITS: Final = 15
_CALENDAR_UNITS: Final = r"[pP][0-9]*(?:[yY]|[mM])"
# The same written in words or short units: "1y", "2 months", "1mo".
_CALENDAR_WORDS: Final = r"(?i)[0-9]+\s*(?:y|yrs?|years?|mo|mons?|months?)\b"


def calendar_units(text: str) -> bool:
    """Whether *text* counts in years or months, which have no fixed length.

    >>> calendar_units("P1M"), calendar_units("2 months"), calendar_units("PT1M")
    (True, True, False)
    """
    text = text.strip()
    return bool(re.match(_CALENDAR_UNITS, text) or re.search(_CALENDAR_WORDS, text))


def _quoted(text: str) -> str:
    """Quote *text* for a message, shortened if it is long."""
    if len(text) > MAX_DURATION_LENGTH:
        text = text[: MAX_DURATION_LENGTH - 3] + "..."
    return repr(text)


def parse_duration(text: str) -> timedelta:
    """Read a duration written in the compact form or in ISO 8601.

    The compact form is days, hours, minutes and seconds in that order, each
    optional but at least one given, with or without a space between them:
    ``"90m"``, ``"1h 30m"``, ``"1d12h"``. ISO 8601 durations are read too,
    weeks, days, hours, minutes and seconds: ``"PT1H30M"``, ``"P1DT4H"``,
    ``"P2W"``. Letters may be in either case. A day is 24 hours.

    Raises:
        ValueError: *text* does not follow the grammar; the message quotes it
            (a :class:`~escalation_matrix._base.phrased.PhrasedValueError`,
            which a problem can say in another language).
        OverflowError: *text* is longer than a timedelta can hold.

    >>> parse_duration("1d 4h 30m") == parse_duration("P1DT4H30M")
    True
    >>> parse_duration("90m")
    datetime.timedelta(seconds=5400)
    >>> try:
    ...     parse_duration("4 hours")
    ... except ValueError as error:
    ...     print(error)
    expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M', got '4 hours'
    """
    pattern, sizes = _ISO_FORM if text.startswith(("p", "P")) else _COMPACT_FORM
    match = re.match(pattern, text) if len(text) <= MAX_DURATION_LENGTH else None
    if match is None:
        raise PhrasedValueError(_not_a_duration(text))
    seconds = 0
    for amount, size in zip(match.groups(), sizes, strict=True):
        if amount is None:
            continue
        # Leading zeros count for nothing: "0000000000000001s" is a second.
        if len(amount.lstrip("0")) > _MAX_DIGITS:
            msg = f"{_quoted(text)} is longer than a duration can be"
            raise OverflowError(msg)
        seconds += int(amount) * size
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        msg = f"{_quoted(text)} is longer than a duration can be"
        raise OverflowError(msg) from None


# The messages of the grammar are one family: each starts with the same
# examples, those of the reference, and adds what the case needs.


def _not_a_duration(text: str) -> Phrase:
    """Say that *text* is not a duration, quoting it, with a hint where one helps."""
    got = _quoted(text)
    if re.match(_CALENDAR_UNITS, text):
        return Phrase(
            "expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M', "
            "got {got}; years and months have no fixed length: write days ('P30D')",
            got=got,
        )
    if len(text) <= MAX_DURATION_LENGTH and (match := re.match(_FRACTIONS, text)):
        return _fraction_hint(text, match, got)
    return Phrase(
        "expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M', got {got}",
        got=got,
    )


def not_a_duration_value(
    got: str | Phrase, *, code: bool, number: bool = False
) -> Phrase:
    """Say that a value (shown as *got*) is no duration's text (nor a timedelta).

    *code* values, given to a constructor, may be timedeltas too; values
    read from a file are texts only, and a *number* there is often a
    duration that YAML read as one (an unquoted ``1:30`` is 90).
    """
    if code:
        return Phrase(
            "expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M' "
            "(or a timedelta), got {got}",
            got=got,
        )
    if number:
        return Phrase(
            "expected a duration as a string such as '30m', '1h 30m', '1d12h' or "
            "'PT1H30M', got {got}; quote durations in YAML files",
            got=got,
        )
    return Phrase(
        "expected a duration as a string such as '30m', '1h 30m', '1d12h' or "
        "'PT1H30M', got {got}",
        got=got,
    )


def _fraction_hint(text: str, match: re.Match[str], got: str) -> Phrase:
    """Say that a duration's numbers are whole, and what *text* is in whole ones."""
    from fractions import Fraction  # noqa: PLC0415 -- for this hint only

    seconds = Fraction(0)
    for amount, size in zip(match.groups(), _GROUP_SECONDS, strict=True):
        if amount is not None:
            seconds += Fraction(amount.replace(",", ".")) * size
    if seconds.denominator == 1:
        whole = int(seconds)
        iso = text[:1] in "pP"
        return Phrase(
            "expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M', "
            "got {got}; its numbers must be whole: write {written}",
            got=got,
            written=repr(_iso_form(whole) if iso else _compact_form(whole)),
        )
    return Phrase(
        "expected a duration such as '30m', '1h 30m', '1d12h' or 'PT1H30M', "
        "got {got}; its numbers must be whole, and its smallest unit is the second",
        got=got,
    )


def _compact_form(seconds: int) -> str:
    """Write a whole number of *seconds* in the canonical form, ``"1h30m"``."""
    parts = []
    for unit, size in _UNITS:
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts) or "0s"


def _iso_form(seconds: int) -> str:
    """Write a whole number of *seconds* in ISO 8601, ``"PT1H30M"``."""
    if not seconds:
        return "PT0S"
    days, rest = divmod(seconds, 86400)
    time = "T" + _compact_form(rest).upper() if rest else ""
    return f"P{days}D{time}" if days else f"P{time}"


def format_duration(value: timedelta) -> str:
    """Write *value* in the canonical form that :func:`parse_duration` reads.

    The canonical form is the compact one without spaces, in lower case, each
    unit as large as it goes (``"1d12h"``, not ``"36h"``), ``"0s"`` for zero.

    Raises:
        ValueError: *value* is negative or has a fraction of a second.

    >>> format_duration(timedelta(hours=36))
    '1d12h'
    """
    if value < timedelta(0) or value.microseconds:
        msg = (
            "expected a whole, non-negative number of seconds, "
            f"got {written_duration(value)!r}"
        )
        raise ValueError(msg)
    return _compact_form(value.days * 86400 + value.seconds)


def written_duration(value: timedelta) -> str:
    """Write any *value* as a message shows it: the canonical form, signed.

    Negative durations get a minus sign, fractions of a second a decimal
    fraction of the seconds; neither is a duration a file may hold.

    >>> written_duration(timedelta(minutes=-90))
    '-1h30m'
    >>> written_duration(timedelta(seconds=1, microseconds=500000))
    '1.5s'
    """
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    whole = format_duration(value - timedelta(microseconds=value.microseconds))
    if not value.microseconds:
        return sign + whole
    fraction = f"{value.microseconds / 1_000_000:.6f}".rstrip("0")[1:]
    head = "" if whole == "0s" else whole
    if head.endswith("s"):
        return f"{sign}{head[:-1]}{fraction}s"
    return f"{sign}{head}0{fraction}s"
