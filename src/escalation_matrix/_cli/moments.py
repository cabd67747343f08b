"""Moments as people type them on a command line: ``now``, ``1d ago``, ISO 8601.

The grammar of a WHEN:

* ``now``: the moment counted from;
* a duration, written as in matrix files
  (:func:`~escalation_matrix._base.durations.parse_duration`: ``1d``,
  ``4h30m``, ``4h 30m``, ``PT4H30M``), before it, written ``1d ago`` or
  ``-1d``, or after it, written ``in 2h`` or ``+2h``. Durations are exact: a
  day is 24 hours, whatever daylight saving time does to the clocks;
* an ISO 8601 date and time, with a UTC offset (``2026-11-27T09:00+01:00``,
  ``2026-11-27T08:00Z``) or without one (``2026-11-27T09:00``, read in the
  given time zone), or a date alone (``2026-11-27``, its midnight in that
  zone). A time the clocks skip when daylight saving time starts is
  refused; a time they show twice when it ends is the earlier of the two.

The words ``now``, ``ago`` and ``in`` are the same in every locale.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from typing import Final

from escalation_matrix._base.durations import calendar_units, parse_duration
from escalation_matrix._base.instants import date_time_problem, upper_z
from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._cli.wording import quoted as quoted_in
from escalation_matrix._i18n.environment import zone_name
from escalation_matrix._i18n.translator import Translator, pN_, translator
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = ["parse_when"]

# Translators: a moment given on the command line (--opened, --now...) is
# not understood; {value} is what was typed, quoted. Keep the examples as
# they are: the grammar is the same in every language.
BAD_WHEN = pN_(
    "cli",
    "invalid moment {value}: expected 'now', an ISO 8601 date and time such as "
    "'2026-11-27T09:00+01:00', or a duration before or after such as '1d ago', "
    "'-4h30m' or 'in 2h'",
)
# Translators: a local time that does not exist because the clocks skip it
# when daylight saving time starts; {zone} is a time zone, "Europe/Rome".
SKIPPED_TIME = pN_(
    "cli",
    "{value} does not exist in the time zone {zone}: the clocks skip it; give "
    "the UTC offset, such as '2026-03-29T03:30+02:00'",
)
# Translators: added to "invalid moment" when the duration counts in years or
# months ("-P1M", "1y ago"); keep '30d ago' as it is.
CALENDAR_UNITS = pN_(
    "cli",
    "{message}; years and months have no fixed length: count in days, such as "
    "'30d ago'",
)
# Translators: added to "invalid moment" when the duration has a fraction
# ("PT1.5H ago"); {written} is the same moment in whole numbers, quoted.
WHOLE_NUMBERS = pN_(
    "cli", "{message}; the duration's numbers must be whole: write {written}"
)
# Translators: added to "invalid moment" when the duration has a fraction of
# a second ("0.5s ago"), which no whole number of seconds writes.
WHOLE_SECONDS = pN_(
    "cli",
    "{message}; the duration's numbers must be whole, and its smallest unit is "
    "the second",
)
# Translators: a moment too far in the past or the future for the computer.
OUT_OF_RANGE = pN_("cli", "{value} is out of the range of dates")
# Translators: a moment given with more than 6 digits after the second
# ("09:00:00.123456789"); {value} is the moment as written, quoted.
FINER_THAN_MICROSECONDS = pN_(
    "cli",
    "{value} gives a second's fraction finer than microseconds: write at most 6 digits",
)
# Translators: a moment that exists, but whose date in the time zone of the
# answer ({zone}, "America/New_York") would be before year 1 or after 9999.
OUT_OF_ZONE = pN_(
    "cli", "{value} falls outside years 1 to 9999 in the time zone {zone}"
)

_NOW: Final = re.compile(r"now", re.IGNORECASE)
_BEFORE: Final = re.compile(r"(?:-\s*(?P<a>.+)|(?P<b>.+?)\s+ago)", re.IGNORECASE)
_AFTER: Final = re.compile(r"(?:\+\s*(?P<a>.+)|in\s+(?P<b>.+))", re.IGNORECASE)


def _invalid(
    tr: Translator, message: tuple[str, str], **values: str
) -> ValidationError:
    text = tr.pgettext(*message).format(**values)
    return ValidationError([Problem("$", text)], subject="moment")


def _relative(text: str) -> tuple[int, str] | None:
    """Return the sign and the duration of a relative moment, or None."""
    for sign, pattern in ((-1, _BEFORE), (1, _AFTER)):
        match = pattern.fullmatch(text)
        if match is not None:
            amount = match["a"] if match["a"] is not None else match["b"]
            return sign, amount.strip()
    return None


def parse_when(
    text: str,
    /,
    *,
    now: datetime,
    zone: tzinfo,
    tr: Translator | None = None,
) -> datetime:
    """Return the moment *text* names (see the module's grammar).

    Args:
        text: What was typed.
        now: The moment that ``now`` and durations count from (aware).
        zone: The time zone of dates and times given without an offset;
            the result is in this zone, unless *text* has an offset.
        tr: The translator of the error messages; English without one.

    Returns:
        A timezone-aware datetime.

    Raises:
        ValidationError: *text* follows no form of the grammar, names a
            time the clocks skip in *zone*, or is out of range; its one
            problem's message says which, translated by *tr*.

    >>> from zoneinfo import ZoneInfo
    >>> rome = ZoneInfo("Europe/Rome")
    >>> now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    >>> parse_when("4h 30m ago", now=now, zone=rome).isoformat()
    '2026-11-28T05:30:00+01:00'
    >>> parse_when("2026-11-27T09:00Z", now=now, zone=rome).isoformat()
    '2026-11-27T09:00:00+00:00'
    >>> parse_when("2026-11-27T09:00", now=now, zone=rome).isoformat()
    '2026-11-27T09:00:00+01:00'
    >>> parse_when("yesterday", now=now, zone=rome)
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid moment: 1 problem:
      $: invalid moment 'yesterday': expected 'now', an ISO 8601 date ...
    """
    tr = tr or translator(None)
    stripped = text.strip()
    quoted = quoted_in(tr, text)
    if _NOW.fullmatch(stripped):
        return now.astimezone(zone)
    relative = _relative(stripped)
    if relative is not None:
        sign, amount = relative
        try:
            delta = parse_duration(amount)
            return (now.astimezone(UTC) + sign * delta).astimezone(zone)
        except ValueError as error:
            raise _bad_duration(tr, quoted, stripped, amount, error) from None
        except OverflowError:
            raise _invalid(tr, OUT_OF_RANGE, value=quoted) from None
    return _absolute(stripped, zone, tr, quoted)


def _bad_duration(
    tr: Translator, quoted: str, stripped: str, amount: str, error: ValueError
) -> ValidationError:
    """Say that the relative moment *stripped* has no duration, with a hint.

    The hints are those a file's duration gets: no years or months, and
    whole numbers (the grammar's message gives the whole form, if any).
    """
    message = tr.pgettext(*BAD_WHEN).format(value=quoted)
    phrase = error_phrase(error)
    values = phrase.values if isinstance(phrase, Phrase) else {}
    written = values.get("written")
    if calendar_units(amount):
        message = tr.pgettext(*CALENDAR_UNITS).format(message=message)
    elif isinstance(written, str):
        # The grammar quotes the whole form as a literal: '1h30m'.
        whole = stripped.replace(amount, written.strip("'"), 1)
        message = tr.pgettext(*WHOLE_NUMBERS).format(
            message=message, written=quoted_in(tr, whole)
        )
    elif isinstance(phrase, Phrase) and "whole" in phrase.template:
        message = tr.pgettext(*WHOLE_SECONDS).format(message=message)
    return ValidationError([Problem("$", message)], subject="moment")


def _absolute(stripped: str, zone: tzinfo, tr: Translator, quoted: str) -> datetime:
    """Return the ISO 8601 moment *stripped*, in *zone* unless it has an offset."""
    if re.search(r"[.,][0-9]{7}", stripped):
        # Python would cut the rest without a word.
        raise _invalid(tr, FINER_THAN_MICROSECONDS, value=quoted)
    if date_time_problem(stripped, date_alone=True) is not None:
        # Python reads any character between the date and the time as "T".
        raise _invalid(tr, BAD_WHEN, value=quoted)
    try:
        moment = datetime.fromisoformat(upper_z(stripped))
    except ValueError:
        raise _invalid(tr, BAD_WHEN, value=quoted) from None
    local = moment if moment.utcoffset() is not None else moment.replace(tzinfo=zone)
    try:
        # Its instant must exist too: 0001-01-01T00:00+14:00 is before year 1
        # in UTC.
        back = local.astimezone(UTC).astimezone(local.tzinfo)
    except OverflowError:
        raise _invalid(tr, OUT_OF_RANGE, value=quoted) from None
    try:
        # The answer shows it in *zone*.
        local.astimezone(zone)
    except OverflowError:
        raise _invalid(tr, OUT_OF_ZONE, value=quoted, zone=zone_name(zone)) from None
    if local is moment:
        return moment
    if back.replace(tzinfo=None) != moment:
        raise _invalid(tr, SKIPPED_TIME, value=quoted, zone=zone_name(zone))
    return local
