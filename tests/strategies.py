"""Hypothesis strategies for the library's value objects."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from escalation_matrix import (
    IssueType,
    Level,
    Matrix,
    Policy,
    Role,
    Severity,
)
from escalation_matrix._model.contacts import SELECTS_BY_KIND
from escalation_matrix.calendar import WEEKDAYS, BusinessCalendar, WorkingHours
from escalation_matrix.contacts import Contact

snake_keys = st.from_regex(r"[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,3}){0,2}", fullmatch=True)
level_keys = st.one_of(st.from_regex(r"L[1-9][0-9]{0,2}", fullmatch=True), snake_keys)


def visible(text: str) -> bool:
    """Whether some character of *text* shows: not blank, control or format."""
    return any(
        not char.isspace() and unicodedata.category(char) not in {"Cc", "Cf"}
        for char in text
    )


# Any Unicode text with something visible in it and no control character:
# titles and names are one line, descriptions and responsibility texts may
# break their lines.
texts = st.text(
    st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(visible)
optional_texts = st.one_of(st.just(""), texts)
multiline_texts = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n"),
    min_size=1,
    max_size=40,
).filter(visible)
optional_multiline_texts = st.one_of(st.just(""), multiline_texts)
delays = st.integers(min_value=1, max_value=30 * 86400).map(
    lambda seconds: timedelta(seconds=seconds)
)


#: Valid contacts: any name, and details of the shapes people write.
_emails = st.from_regex(
    r"[a-z0-9._%+-]{1,12}@[a-z0-9-]{1,10}\.[a-z]{2,4}", fullmatch=True
)
_phones = st.from_regex(r"\+?[0-9]{3,4}( [0-9]{2,4}){0,3}", fullmatch=True)


# What a contact stands for, with who in it each kind may select.
_TARGETS = st.sampled_from(
    [(kind, select) for kind, selects in SELECTS_BY_KIND.items() for select in selects]
)
_TOOL_IDS = st.dictionaries(
    snake_keys, st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True), max_size=2
)


@st.composite
def contacts(draw: st.DrawFn) -> Contact:
    """Draw a valid contact, each detail given or not, of any kind, with tool ids."""
    kind, select = draw(_TARGETS)
    return Contact(
        draw(texts),
        email=draw(st.one_of(st.none(), _emails)),
        phone=draw(st.one_of(st.none(), _phones)),
        chat=draw(st.one_of(st.none(), texts)),
        kind=kind,
        ids=draw(_TOOL_IDS),
        select=select,
    )


@st.composite
def matrices(
    draw: st.DrawFn,
    *,
    max_levels: int = 6,
    max_issue_types: int = 8,
    min_issue_types: int = 1,
) -> Matrix:
    """Draw a valid matrix: 1 to *max_levels* levels, any Unicode texts.

    With *min_issue_types* 0, some have no issue types (the implicit "any").
    """
    level_count = draw(st.integers(min_value=1, max_value=max_levels))
    keys = draw(
        st.lists(level_keys, min_size=level_count, max_size=level_count, unique=True)
    )
    roles = draw(
        st.lists(
            st.builds(
                Role,
                key=snake_keys,
                title=texts,
                description=optional_multiline_texts,
                contacts=st.lists(contacts(), max_size=2),
            ),
            min_size=1,
            max_size=level_count,
            unique_by=lambda role: role.key,
        )
    )
    role_keys = [role.key for role in roles]
    since_opened = draw(st.booleans())
    levels = []
    total = timedelta(0)
    for rank, key in enumerate(keys, start=1):
        delay = draw(st.one_of(st.none(), delays))
        if since_opened and delay is not None:
            total += delay
            delay = total
        levels.append(
            Level(
                key,
                rank,
                draw(st.sampled_from(role_keys)),
                draw(texts),
                description=draw(optional_multiline_texts),
                delay=delay,
                escalate_while=draw(st.sampled_from(["unacknowledged", "unresolved"])),
                assignment=draw(st.sampled_from(["all", "round_robin"])),
            )
        )
    issue_types = draw(
        st.lists(
            st.builds(
                IssueType,
                key=snake_keys,
                name=texts,
                responsibilities=st.fixed_dictionaries(
                    dict.fromkeys(keys, multiline_texts)
                ),
                description=optional_multiline_texts,
                entry_level=st.one_of(st.none(), st.sampled_from(keys)),
            ),
            min_size=min_issue_types,
            max_size=max_issue_types,
            unique_by=lambda issue_type: issue_type.key,
        )
    )
    severities = draw(
        st.lists(
            st.builds(
                Severity,
                key=snake_keys,
                name=texts,
                description=optional_multiline_texts,
            ),
            max_size=4,
            unique_by=lambda severity: severity.key,
        )
    )
    default = draw(st.sampled_from([None, *[s.key for s in severities]]))
    policy = Policy(
        delay_mode="since_opened" if since_opened else "per_level",
        severities=severities,
        default_severity=default,
    )
    return Matrix(
        draw(snake_keys),
        draw(texts),
        levels=levels,
        roles=roles,
        issue_types=issue_types,
        description=draw(optional_multiline_texts),
        language=draw(st.sampled_from(["en", "it", "de", "pt_BR"])),
        policy=policy,
    )


# Zones whose clocks do awkward things: DST at 02:00 (Rome, New York), at
# midnight (Havana, Sao Paulo until 2019, whose fall-back repeats the last
# hour of Saturday), by 30 minutes (Lord Howe), a whole skipped day (Apia,
# 30 December 2011), odd offsets (Kolkata, Chatham).
CALENDAR_ZONES = (
    "UTC",
    "Europe/Rome",
    "America/New_York",
    "America/Havana",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Asia/Kolkata",
    "Pacific/Chatham",
)
calendar_zones = st.sampled_from(CALENDAR_ZONES)


def _clock(since_midnight: timedelta) -> time:
    seconds = int(since_midnight.total_seconds()) % 86400
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


@st.composite
def working_hours_lists(
    draw: st.DrawFn, *, step: timedelta = timedelta(seconds=1)
) -> list[WorkingHours]:
    """Draw 1 to 3 ranges of working hours that never overlap.

    Their bounds are multiples of *step* since midnight, so every range
    lasts at least *step*. The ranges are disjoint times of day, each on
    its own days (given in any order), so they are valid on any days.
    """
    count = draw(st.integers(min_value=1, max_value=3))
    slots = timedelta(days=1) // step
    bounds = sorted(
        draw(
            st.sets(
                st.integers(min_value=0, max_value=slots),
                min_size=2 * count,
                max_size=2 * count,
            )
        )
    )
    ranges = []
    for first, last in zip(bounds[::2], bounds[1::2], strict=True):
        start = _clock(first * step)
        end = _clock(last * step)  # 24:00 wraps to 00:00, midnight as an end
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
        ranges.append(WorkingHours(days, start, end))
    return ranges


@st.composite
def business_calendars(
    draw: st.DrawFn,
    *,
    step: timedelta = timedelta(seconds=1),
    around: date = date(2026, 1, 1),
) -> BusinessCalendar:
    """Draw a valid calendar, its holidays within a year or so of *around*."""
    holidays = draw(
        st.lists(
            st.integers(min_value=-60, max_value=400).map(
                lambda days: around + timedelta(days=days)
            ),
            max_size=8,
            unique=True,
        )
    )
    return BusinessCalendar(
        draw(calendar_zones),
        draw(working_hours_lists(step=step)),
        holidays=holidays,
    )


#: Time zones of the moments given to a calendar: the calendar's own zones,
#: a fixed offset and any zone of the time zone database.
moment_zones = st.one_of(
    st.sampled_from(
        [UTC, timezone(timedelta(hours=-3, minutes=-30)), ZoneInfo("Europe/Rome")]
    ),
    st.timezones(),
)


def aware_datetimes(
    *, min_year: int = 1900, max_year: int = 2100
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes, nonexistent and repeated local times included."""
    return st.datetimes(
        # From 2 January, so that every moment can be written in UTC.
        min_value=datetime(min_year, 1, 2),  # noqa: DTZ001
        max_value=datetime(max_year, 12, 31, 23, 59, 59, 999999),  # noqa: DTZ001
        timezones=moment_zones,
    )


working_durations = st.timedeltas(
    min_value=timedelta(0), max_value=timedelta(hours=300)
)
