"""Locale-aware formatting: exact outputs in English and Italian."""

from __future__ import annotations

import typing
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel import Locale, lists, units

from escalation_matrix._i18n.locale_format import (
    DateStyle,
    Length,
    ListStyle,
    format_date,
    format_datetime,
    format_duration,
    format_list,
    format_time,
    time_zone,
)
from escalation_matrix.exceptions import ArgumentError, LocaleError

NNBSP = "\u202f"  # CLDR puts a narrow no-break space before AM/PM
MOMENT = datetime(2026, 3, 2, 14, 5, 9, tzinfo=UTC)
SUMMER = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "locale", "length", "expected"),
    [
        (timedelta(hours=1, minutes=30), "en", "long", "1 hour, 30 minutes"),
        (timedelta(hours=1, minutes=30), "it", "long", "1 ora e 30 minuti"),
        (timedelta(hours=1, minutes=30), "en", "short", "1 hr, 30 min"),
        (timedelta(hours=1, minutes=30), "it", "short", "1 h e 30 min"),
        (timedelta(hours=1, minutes=30), "en", "narrow", "1h 30m"),
        (timedelta(hours=1, minutes=30), "it", "narrow", "1h 30min"),
        (timedelta(hours=4), "en", "long", "4 hours"),
        (timedelta(hours=4), "it", "long", "4 ore"),
        (timedelta(days=1), "en", "long", "1 day"),
        (timedelta(days=1), "it", "long", "1 giorno"),
        (
            timedelta(days=2, hours=3, minutes=4, seconds=5),
            "en",
            "long",
            "2 days, 3 hours, 4 minutes, 5 seconds",
        ),
        (
            timedelta(days=2, hours=3, minutes=4, seconds=5),
            "it",
            "long",
            "2 giorni, 3 ore, 4 minuti e 5 secondi",
        ),
        (timedelta(minutes=1, seconds=1), "it", "long", "1 minuto e 1 secondo"),
        (
            timedelta(seconds=90, microseconds=999_999),
            "en",
            "long",
            "1 minute, 30 seconds",
        ),
        (timedelta(0), "en", "long", "0 seconds"),
        (timedelta(0), "it", "long", "0 secondi"),
        (timedelta(hours=1, minutes=30), "de", "long", "1 Stunde, 30 Minuten"),
        # Locales whose unit list patterns are partial: the missing ones come
        # from the styles CLDR falls back to, not a KeyError.
        (
            timedelta(days=1, hours=2, minutes=5),
            "de",
            "long",
            "1 Tag, 2 Stunden und 5 Minuten",
        ),
        (
            timedelta(days=1, hours=2, minutes=5),
            "es",
            "long",
            "1 día, 2 horas y 5 minutos",
        ),
        (
            timedelta(days=1, hours=2, minutes=5),
            "nl",
            "short",
            "1 dag, 2 uur, 5 min",
        ),
    ],
)
def test_format_duration(
    value: timedelta, locale: str, length: Length, expected: str
) -> None:
    """Every non-zero unit is written and joined as CLDR joins a measure."""
    assert expected == format_duration(value, locale, length=length)


def test_missing_long_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where Babel's data lacks a long pattern, the short one is used."""
    real = units.format_unit

    def lacking(amount: int, unit: str, length: Length, locale: Locale) -> str:
        if length == "long" and unit == "duration-day":
            return f"{amount} {unit}"  # what Babel before 2.19 gives for Italian days
        return real(amount, unit, length, locale=locale)

    monkeypatch.setattr(units, "format_unit", lacking)
    assert format_duration(timedelta(days=2, hours=1), "it") == "2 giorni e 1 ora"


def test_negative_duration() -> None:
    """A negative duration is refused, saying what was got."""
    with pytest.raises(
        ArgumentError, match="must not be negative, got -1 day, 23:00:00"
    ):
        format_duration(timedelta(hours=-1), "en")


@pytest.mark.parametrize(
    ("moment", "locale", "tz", "style", "expected"),
    [
        (MOMENT, "en", "Europe/Rome", "short", f"3/2/26, 3:05{NNBSP}PM"),
        (MOMENT, "it", "Europe/Rome", "short", "02/03/26, 15:05"),
        (MOMENT, "en", "Europe/Rome", "medium", f"Mar 2, 2026, 3:05:09{NNBSP}PM"),
        (MOMENT, "it", "Europe/Rome", "medium", "2 mar 2026, 15:05:09"),
        (MOMENT, "en", "Europe/Rome", "long", f"March 2, 2026, 3:05:09{NNBSP}PM +0100"),
        (MOMENT, "it", "Europe/Rome", "long", "2 marzo 2026 15:05:09 CET"),
        (SUMMER, "it", "Europe/Rome", "medium", "1 lug 2026, 08:30:00"),
        (SUMMER, "en", "America/New_York", "medium", f"Jul 1, 2026, 2:30:00{NNBSP}AM"),
        (MOMENT, "en", "UTC", "medium", f"Mar 2, 2026, 2:05:09{NNBSP}PM"),
        (MOMENT, "it", ZoneInfo("Asia/Tokyo"), "medium", "2 mar 2026, 23:05:09"),
    ],
)
def test_format_datetime(
    moment: datetime, locale: str, tz: str | ZoneInfo, style: DateStyle, expected: str
) -> None:
    """A moment is written in the reader's time zone and locale."""
    assert expected == format_datetime(moment, locale, tz, format=style)


@pytest.mark.parametrize(
    ("locale", "tz", "style", "expected"),
    [
        ("en", "Europe/Rome", "short", f"3:05{NNBSP}PM"),
        ("it", "Europe/Rome", "short", "15:05"),
        ("en", "Europe/Rome", "medium", f"3:05:09{NNBSP}PM"),
        ("it", "America/New_York", "medium", "09:05:09"),
    ],
)
def test_format_time(locale: str, tz: str, style: DateStyle, expected: str) -> None:
    """The time of day is the one in the reader's time zone."""
    assert expected == format_time(MOMENT, locale, tz, format=style)


@pytest.mark.parametrize(
    ("locale", "style", "expected"),
    [
        ("en", "short", "3/2/26"),
        ("it", "short", "02/03/26"),
        ("en", "medium", "Mar 2, 2026"),
        ("it", "medium", "2 mar 2026"),
        ("en", "long", "March 2, 2026"),
        ("it", "long", "2 marzo 2026"),
        ("en", "full", "Monday, March 2, 2026"),
        ("it", "full", "lunedì 2 marzo 2026"),
    ],
)
def test_format_date(locale: str, style: DateStyle, expected: str) -> None:
    """A calendar date is written in the locale's style."""
    assert expected == format_date(date(2026, 3, 2), locale, format=style)


def test_format_date_refuses_datetimes() -> None:
    """A datetime's day depends on the time zone, so it is refused."""
    with pytest.raises(ArgumentError, match=r"pass moment.astimezone\(zone\).date\(\)"):
        format_date(MOMENT, "it")


@pytest.mark.parametrize(
    ("items", "locale", "style", "expected"),
    [
        (["L1"], "en", "standard", "L1"),
        (["L1", "L2"], "en", "standard", "L1 and L2"),
        (["L1", "L2", "L3"], "en", "standard", "L1, L2, and L3"),
        (["L1", "L2", "L3"], "it", "standard", "L1, L2 e L3"),
        (["L1", "L2", "L3"], "en", "or", "L1, L2, or L3"),
        (["L1", "L2", "L3"], "it", "or", "L1, L2 o L3"),
        (("a", "b"), "it", "unit", "a e b"),
        (["a", "b", "c", "d"], "de", "unit", "a, b, c und d"),
        (["a", "b", "c"], "es", "unit-short", "a, b, c"),
        ([], "en", "standard", ""),
    ],
)
def test_format_list(
    items: list[str], locale: str, style: ListStyle, expected: str
) -> None:
    """Items are joined with the locale's separators and conjunction."""
    assert expected == format_list(items, locale, style=style)


def test_format_list_agrees_with_babel() -> None:
    """Wherever Babel joins a list correctly, the library joins it the same way."""
    items = ["x0", "x1", "x2", "x3"]
    checked = 0
    for locale in ("en", "it", "fr", "ja", "ar", "pt_BR", "hi", "zh_Hant"):
        for style in typing.get_args(ListStyle):
            for count in (2, 3, 4):
                try:
                    expected = lists.format_list(items[:count], style, locale)
                except KeyError:  # a partial style, which Babel cannot use
                    continue
                if any(expected.count(item) != 1 for item in items[:count]):
                    continue  # Babel repeats an item where a style is partial
                assert format_list(items[:count], locale, style=style) == expected
                checked += 1
    assert checked > 100


def test_unknown_list_style() -> None:
    """A style CLDR does not have is named in the error."""
    with pytest.raises(ArgumentError, match="must be one of standard, "):
        format_list(["a", "b"], "en", style="dashes")  # type: ignore[arg-type]


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "../../etc/passwd", "", "Europe/"])
def test_unknown_time_zone(tz: str) -> None:
    """A time zone name that names none is refused, saying what was expected."""
    with pytest.raises(ArgumentError, match="must be an IANA time zone name"):
        time_zone(tz)


def test_naive_moment() -> None:
    """A naive datetime is ambiguous and refused."""
    with pytest.raises(ArgumentError, match="must be timezone-aware"):
        format_time(MOMENT.replace(tzinfo=None), "en", "UTC")


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_duration(timedelta(hours=1), "xx"),
        lambda: format_datetime(MOMENT, "../it", "UTC"),
        lambda: format_time(MOMENT, "", "UTC"),
        lambda: format_date(date(2026, 1, 1), "it/../x"),
        lambda: format_list(["a"], "C"),
    ],
)
def test_bad_locale(call: object) -> None:
    """Every helper validates its locale."""
    with pytest.raises(LocaleError):
        call()  # type: ignore[operator]
