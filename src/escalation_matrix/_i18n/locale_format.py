"""Locale-aware formatting of durations, moments, dates and lists (Babel).

What the library prints goes through these helpers, so numbers, units,
dates and lists read naturally in the reader's language and time zone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import babel

try:
    from babel import dates, units
except (ValueError, OSError):
    # Babel works out the machine's time zone as it loads, from TZ, and
    # fails on a TZ naming a file that is no time zone (TZ=/etc/passwd).
    # Times here always come with their zone: it loads as if TZ were unset.
    _TOLD = os.environ.pop("TZ", None)
    if _TOLD is None:
        raise
    try:
        from babel import dates, units
    finally:
        os.environ["TZ"] = _TOLD

from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._i18n.locales import LocaleLike, parse_locale
from escalation_matrix._i18n.translator import Message, Translator, pN_
from escalation_matrix.exceptions import ArgumentError, Phrase, WrongTypeError

__all__ = [
    "DateStyle",
    "Length",
    "ListStyle",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_list",
    "format_moment",
    "format_time",
    "say_duration",
    "time_zone",
]

#: How long unit names are: ``"long"`` (1 hour), ``"short"`` (1 hr),
#: ``"narrow"`` (1h).
Length = Literal["long", "short", "narrow"]
#: The CLDR date and time styles.
DateStyle = Literal["short", "medium", "long", "full"]
#: The CLDR list styles: ``"standard"`` (a, b, and c), ``"or"`` (a, b, or c)
#: and the unit styles used for measures.
ListStyle = Literal[
    "standard",
    "standard-short",
    "standard-narrow",
    "or",
    "or-short",
    "or-narrow",
    "unit",
    "unit-short",
    "unit-narrow",
]

_UNITS: Final = (
    ("duration-day", 86400),
    ("duration-hour", 3600),
    ("duration-minute", 60),
    ("duration-second", 1),
)
# The list style that CLDR pairs with each unit length, for measures made of
# several units ("1 hour, 30 minutes").
_UNIT_LISTS: Final[dict[str, ListStyle]] = {
    "long": "unit",
    "short": "unit-short",
    "narrow": "unit-narrow",
}


def format_duration(
    value: timedelta,
    locale: LocaleLike,
    *,
    length: Length = "long",
    one: Mapping[str, str] | None = None,
) -> str:
    """Write a duration in days, hours, minutes and seconds, in *locale*.

    Every non-zero unit is written (Babel's ``format_timedelta`` rounds to a
    single unit, "2 hours" for 1 h 30 min), joined as CLDR joins the parts
    of a measure. Fractions of a second are dropped; a zero duration is
    "0 seconds".

    Args:
        value: The duration, not negative.
        locale: The locale to write in.
        length: How long the unit names are.
        one: How the language says one of a unit, by CLDR unit
            (``{"duration-hour": "un'ora"}``), where it is not CLDR's
            count (``"1 ora"``); see :func:`say_duration`.

    Returns:
        The duration as text.

    Raises:
        ArgumentError: *value* is negative.
        LocaleError: *locale* is malformed or unknown.

    >>> format_duration(timedelta(hours=1, minutes=30), "en")
    '1 hour, 30 minutes'
    >>> format_duration(timedelta(hours=1, minutes=30), "it")
    '1 ora e 30 minuti'
    >>> format_duration(timedelta(days=2, seconds=5), "en", length="narrow")
    '2d 5s'
    >>> format_duration(timedelta(minutes=-5), "en")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ArgumentError: duration must not be negative, ...
    """
    chosen = parse_locale(locale)
    if value < timedelta(0):
        raise ArgumentError("duration", value, f"must not be negative, got {value}")
    remaining = value // timedelta(seconds=1)
    words = one or {}
    parts = [
        words[unit]
        if amount == 1 and unit in words
        else _unit(amount, unit, length, chosen)
        for unit, amount in _split(remaining)
        if amount
    ]
    if not parts:
        parts.append(_unit(0, "duration-second", length, chosen))
    return _join(parts, _UNIT_LISTS[length], chosen)


# How a language says one of each unit in a sentence, where that is not
# CLDR's count: Italian says "dopo un'ora", not "dopo 1 ora".
_ONE: Final[Mapping[str, Message]] = {
    # Translators: one day, as a duration inside a sentence ("escalated after
    # 1 day", "1 day, 4 hours"). Translate it only where your language says
    # it in words (Italian "un giorno"); left untranslated, or translated as
    # it is, CLDR's count is used.
    "duration-day": pN_("duration", "1 day"),
    # Translators: as above, one hour (Italian "un'ora").
    "duration-hour": pN_("duration", "1 hour"),
    # Translators: as above, one minute (Italian "un minuto").
    "duration-minute": pN_("duration", "1 minute"),
    # Translators: as above, one second (Italian "un secondo").
    "duration-second": pN_("duration", "1 second"),
}


def say_duration(value: timedelta, tr: Translator) -> str:
    """Write a duration as a sentence of *tr*'s language says it.

    :func:`format_duration`'s long form, in *tr*'s locale, but for one of a
    unit, which the program's catalog may say in words: in Italian "un'ora e
    30 minuti", where CLDR has "1 ora e 30 minuti".

    >>> from escalation_matrix._i18n.translator import translator
    >>> say_duration(timedelta(hours=1, minutes=30), translator("it"))
    "un'ora e 30 minuti"
    >>> say_duration(timedelta(hours=1, minutes=30), translator("en"))
    '1 hour, 30 minutes'
    """
    words = {}
    for unit, message in _ONE.items():
        said = tr.pgettext(*message)
        if said != message.text:
            words[unit] = said
    return format_duration(value, tr.locale, one=words)


# Where CLDR sends each list style that a locale leaves out (its root's
# aliases), ending with the styles every locale has.
_LIST_FALLBACKS: Final[dict[str, tuple[str, ...]]] = {
    "standard": ("standard",),
    "standard-short": ("standard-short", "standard"),
    "standard-narrow": ("standard-narrow", "standard-short", "standard"),
    "or": ("or", "standard"),
    "or-short": ("or-short", "or", "standard"),
    "or-narrow": ("or-narrow", "or-short", "or", "standard"),
    "unit": ("unit", "unit-short", "standard"),
    "unit-short": ("unit-short", "standard"),
    "unit-narrow": ("unit-narrow", "unit-short", "unit", "standard"),
}


def _join(items: list[str], style: ListStyle, locale: babel.Locale) -> str:
    """Join *items* as :func:`babel.lists.format_list` does, pattern by pattern.

    A locale may give only some patterns of a style (German's "unit" style
    has none, its "unit-short" only the one for two items); Babel then uses
    that style anyway and fails on a list of three. Each pattern is looked
    up along CLDR's fallbacks instead.
    """
    if len(items) < 2:  # noqa: PLR2004 -- a list of one is the item itself
        return items[0] if items else ""
    known = locale.list_patterns

    def pattern(part: str) -> str:
        for name in _LIST_FALLBACKS[style]:
            patterns = known.get(name)
            if patterns is not None and part in patterns:
                return str(patterns[part])
        # Every CLDR locale gives its standard style whole.
        return str(known["standard"][part])

    if len(items) == 2:  # noqa: PLR2004
        return pattern("2").format(*items)
    result = pattern("start").format(items[0], items[1])
    for item in items[2:-1]:
        result = pattern("middle").format(result, item)
    return pattern("end").format(result, items[-1])


def _split(seconds: int) -> list[tuple[str, int]]:
    """Split *seconds* into days, hours, minutes and seconds."""
    amounts = []
    for unit, size in _UNITS:
        amount, seconds = divmod(seconds, size)
        amounts.append((unit, amount))
    return amounts


def _unit(amount: int, unit: str, length: Length, locale: babel.Locale) -> str:
    text = units.format_unit(amount, unit, length, locale=locale)
    if unit in text:
        # The locale data of Babel before 2.19 lacks some long patterns
        # (Italian days), and Babel then writes the unit's id ("2
        # duration-day"); the short pattern is the nearest that exists.
        text = units.format_unit(amount, unit, "short", locale=locale)
    return text


def time_zone(tz: str | tzinfo, /) -> tzinfo:
    """Return the time zone named *tz* (an IANA name such as ``"Europe/Rome"``).

    Raises:
        ArgumentError: no time zone has that name.
        WrongTypeError: *tz* is neither a string nor a tzinfo.
    """
    if isinstance(tz, tzinfo):
        return tz
    if not isinstance(tz, str):
        expected = "an IANA time zone name (str) or a tzinfo"
        raise WrongTypeError("timezone", tz, expected)
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        message = (
            f"must be an IANA time zone name such as 'Europe/Rome', got {shown(tz)}"
        )
        raise ArgumentError("timezone", tz, message) from None


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    """Return *moment* in *zone*, refusing naive moments and unwritable ones."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        reason = Phrase(
            "must be timezone-aware (naive datetimes are ambiguous), got {got}",
            got=shown_phrase(moment),
        )
        raise _argument_error("moment", moment, reason)
    try:
        return moment.astimezone(zone)
    except OverflowError:
        # Translators: {zone} is a time zone, "Europe/Rome"; {got} an ISO 8601
        # date and time.
        reason = Phrase(
            "cannot be written in the time zone {zone}: it falls outside years "
            "1 to 9999 there, got {got}",
            zone=str(zone),
            got=moment.isoformat(),
        )
        raise _argument_error("moment", moment, reason) from None


def _argument_error(argument: str, value: object, reason: Phrase) -> ArgumentError:
    """Return the :class:`ArgumentError` whose *reason* is a phrase."""
    return ArgumentError(argument, value, reason)


def format_datetime(
    moment: datetime,
    locale: LocaleLike,
    tz: str | tzinfo,
    *,
    format: DateStyle = "medium",  # noqa: A002 -- Babel's name for it
) -> str:
    """Write a moment as a date and time in *locale*, in the time zone *tz*.

    Args:
        moment: A timezone-aware datetime.
        locale: The locale to write in.
        tz: The reader's time zone: an IANA name (``"Europe/Rome"``) or a
            :class:`~datetime.tzinfo`.
        format: The CLDR style.

    Returns:
        The date and time as text.

    Raises:
        ArgumentError: *moment* is naive, or *tz* names no time zone.
        LocaleError: *locale* is malformed or unknown.

    >>> from datetime import timezone
    >>> moment = datetime(2026, 3, 2, 14, 5, tzinfo=timezone.utc)
    >>> format_datetime(moment, "it", "Europe/Rome")
    '2 mar 2026, 15:05:00'
    >>> format_datetime(moment.replace(tzinfo=None), "it", "Europe/Rome")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ArgumentError: moment must be timezone-aware
      (naive datetimes are ambiguous), got '2026-03-02T14:05:00'
    """
    chosen = parse_locale(locale)
    zone = time_zone(tz)
    return dates.format_datetime(
        _aware(moment, zone), format, tzinfo=zone, locale=chosen
    )


def format_moment(moment: datetime, locale: LocaleLike, tz: str | tzinfo) -> str:
    """Write a moment as a medium date with a short time, in *tz*.

    What explanations print: the day spelt out, the time to the minute.

    >>> from datetime import timezone
    >>> moment = datetime(2026, 3, 2, 14, 5, tzinfo=timezone.utc)
    >>> format_moment(moment, "it", "Europe/Rome")
    '2 mar 2026, 15:05'
    >>> format_moment(moment, "en", "UTC")
    'Mar 2, 2026, 2:05\u202fPM'
    """
    chosen = parse_locale(locale)
    pattern = (
        str(chosen.datetime_formats["medium"])
        .replace("{1}", chosen.date_formats["medium"].pattern)
        .replace("{0}", chosen.time_formats["short"].pattern)
    )
    zone = time_zone(tz)
    return dates.format_datetime(
        _aware(moment, zone), pattern, tzinfo=zone, locale=chosen
    )


def format_time(
    moment: datetime,
    locale: LocaleLike,
    tz: str | tzinfo,
    *,
    format: DateStyle = "short",  # noqa: A002 -- Babel's name for it
) -> str:
    r"""Write the time of day of a moment in *locale*, in the time zone *tz*.

    Raises:
        ArgumentError: *moment* is naive, or *tz* names no time zone.
        LocaleError: *locale* is malformed or unknown.

    >>> from datetime import timezone
    >>> moment = datetime(2026, 3, 2, 14, 5, tzinfo=timezone.utc)
    >>> format_time(moment, "en", "Europe/Rome")
    '3:05\u202fPM'
    """
    chosen = parse_locale(locale)
    zone = time_zone(tz)
    return dates.format_time(_aware(moment, zone), format, tzinfo=zone, locale=chosen)


def format_date(
    day: date,
    locale: LocaleLike,
    *,
    format: DateStyle = "medium",  # noqa: A002 -- Babel's name for it
) -> str:
    """Write a calendar date in *locale*.

    A datetime is refused: which day it falls on depends on the time zone;
    pass ``moment.astimezone(zone).date()``.

    Raises:
        ArgumentError: *day* is a datetime.
        LocaleError: *locale* is malformed or unknown.

    >>> format_date(date(2026, 3, 2), "it", format="long")
    '2 marzo 2026'
    """
    chosen = parse_locale(locale)
    if isinstance(day, datetime):
        message = (
            "must be a date, not a datetime, whose day depends on the time zone; "
            f"pass moment.astimezone(zone).date(), got {shown(day)}"
        )
        raise ArgumentError("day", day, message)
    return dates.format_date(day, format, locale=chosen)


def format_list(
    items: Iterable[str],
    locale: LocaleLike,
    *,
    style: ListStyle = "standard",
) -> str:
    """Join *items* as a list in *locale* ("a, b, and c"; "a, b e c").

    Raises:
        LocaleError: *locale* is malformed or unknown.

    >>> format_list(["L1", "L2", "L3"], "en")
    'L1, L2, and L3'
    >>> format_list(["L1", "L2", "L3"], "it")
    'L1, L2 e L3'
    """
    chosen = parse_locale(locale)
    # A style that is not a text is not hashed: it names no style either.
    given: object = style  # typed as a style; callers may pass anything
    if not isinstance(given, str) or given not in _LIST_FALLBACKS:
        known = ", ".join(_LIST_FALLBACKS)
        reason = f"must be one of {known}, got {shown(style)}"
        raise ArgumentError("style", style, reason)
    return _join(list(items), style, chosen)
