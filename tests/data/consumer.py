"""A program using the public API, type-checked with mypy --strict by the tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import escalation_matrix as em
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.exceptions import UnknownLevelError, ValidationError


def who_handles(issue_type: str, rank: int) -> tuple[str, str]:
    matrix: em.Matrix = em.default_matrix()
    level: em.Level = matrix.level(rank)
    role: em.Role = matrix.role(level)
    return role.title, matrix.responsibility(issue_type, level)


def next_key(matrix: em.Matrix, level: str) -> str | None:
    above = matrix.next_level(level)
    return None if above is None else above.key


def load_or_report(text: str) -> em.Matrix | list[str]:
    try:
        return em.loads(text, "toml")
    except ValidationError as error:
        return [f"{problem.path}: {problem.message}" for problem in error.problems]


def rank_of(matrix: em.Matrix, key: str) -> int:
    try:
        return matrix.level(key).rank
    except UnknownLevelError as error:
        return -len(error.known)


def due(start: datetime, hours: float) -> tuple[datetime, bool]:
    office = BusinessCalendar(
        "Europe/Rome",
        [WorkingHours(["mon", "tue", "wed", "thu", "fri"], time(9), time(17))],
        holidays=[date(2026, 12, 25)],
    )
    moment = office.add(start, timedelta(hours=hours))
    return moment, office.is_working(office.next_working_moment(start))


def in_italian(path: str) -> tuple[str, str]:
    matrix: em.Matrix = em.translate(em.load(path), "it", catalogs=["locale"])
    translated = em.translate(em.default_matrix(), "it-CH", strict=True)
    return matrix.title, translated.language


if __name__ == "__main__":
    print(who_handles("performance_hiccups", 1), next_key(em.default_matrix(), "L1"))
