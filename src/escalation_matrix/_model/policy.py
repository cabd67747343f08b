"""Escalation policy settings that are not tied to a single level."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    check_choice,
    check_key,
    check_list,
    check_text,
    check_unique,
    keyed,
    keyed_list,
    list_like,
    not_a,
    raise_if,
    severity_type_problem,
    unknown_message,
)
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem, UnknownSeverityError

if TYPE_CHECKING:
    from escalation_matrix._model import calendar as _calendar
    from escalation_matrix._model import pacing as _pacing
    from escalation_matrix._model import rule as _rule
else:
    # Most policies have no rules, calendar, first wait or repeats: their
    # modules are imported when a policy has one, or when a type hint is
    # read.
    _calendar = LazyModule("escalation_matrix._model.calendar", globals())
    _pacing = LazyModule("escalation_matrix._model.pacing", globals())
    _rule = LazyModule("escalation_matrix._model.rule", globals())

__all__ = [
    "AT_END",
    "DELAY_MODES",
    "AtEnd",
    "DelayMode",
    "Policy",
    "PriorityTable",
    "Severity",
]

DelayMode = Literal["per_level", "since_opened"]
DELAY_MODES: tuple[DelayMode, ...] = ("per_level", "since_opened")
AtEnd = Literal["hold", "resolve"]
AT_END: tuple[AtEnd, ...] = ("hold", "resolve")


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _keys(value: Iterable[str | Keyed]) -> tuple[str, ...]:
    return keyed_list(value)  # type: ignore[no-any-return]


def _rows(value: Iterable[Iterable[str | Keyed]]) -> tuple[tuple[str, ...], ...]:
    rows = list_like(value)
    if not isinstance(rows, tuple):
        return rows  # type: ignore[no-any-return]
    # Severities are taken for their keys, as the policy's lookups take them.
    return tuple(keyed_list(row) for row in rows)


def _severities(value: Iterable[Severity]) -> tuple[Severity, ...]:
    return list_like(value)  # type: ignore[no-any-return]


def _rules(value: Iterable[_rule.Rule]) -> tuple[_rule.Rule, ...]:
    return list_like(value)  # type: ignore[no-any-return]


@attrs.frozen(repr=False)
class Severity:
    """How serious an issue is, and what that changes in its escalation.

    Severities are listed in a :class:`Policy` from the most to the least
    severe.

    Attributes:
        key: Stable snake_case key (``"critical"``).
        name: Display name, translatable.
        entry_level: Key of the level where issues of this severity start;
            None starts at the first level.
        max_level: Key of the highest level issues of this severity escalate
            to automatically; None lets them reach the top.
        skip_levels: Keys of levels that automatic escalation passes over for
            issues of this severity (or the levels themselves).
        description: Optional longer text, translatable.
    """

    key: str
    name: str
    entry_level: str | None = attrs.field(default=None, converter=keyed)
    max_level: str | None = attrs.field(default=None, converter=keyed)
    skip_levels: tuple[str, ...] = attrs.field(default=(), converter=_keys)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_key(problems, "$.key", self.key)
        check_text(problems, "$.name", self.name)
        check_text(
            problems, "$.description", self.description, optional=True, multiline=True
        )
        for field in ("entry_level", "max_level"):
            value = getattr(self, field)
            if value is not None:
                check_key(problems, f"$.{field}", value, level=True)
        levels = Phrase("level keys")
        if check_list(problems, "$.skip_levels", self.skip_levels, levels):
            for index, level in enumerate(self.skip_levels):
                check_key(problems, f"$.skip_levels[{index}]", level, level=True)
        raise_if(problems, "severity")

    def __repr__(self) -> str:
        return f"<Severity {self.key!r}>"


def _first_wait(
    value: _pacing.FirstWait | timedelta | str | None,
) -> _pacing.FirstWait | None:
    # A bare duration is the common case: a wait that only resolution ends.
    return _pacing.FirstWait(value) if isinstance(value, timedelta | str) else value


@attrs.frozen(repr=False)
class PriorityTable:
    """An impact x urgency table giving a severity, as ITIL service desks do.

    Attributes:
        impacts: Impact keys, one per row, from the highest impact down.
        urgencies: Urgency keys, one per column, from the highest urgency down.
        table: For each impact, the severity key for each urgency (or the
            severity itself).
    """

    impacts: tuple[str, ...] = attrs.field(converter=_strings)
    urgencies: tuple[str, ...] = attrs.field(converter=_strings)
    table: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("impacts", "urgencies"):
            keys: tuple[str, ...] = getattr(self, name)
            if not check_list(problems, f"$.{name}", keys, Phrase("keys")):
                continue
            if not keys:
                problems.append(Problem(f"$.{name}", Phrase("must not be empty")))
            for index, key in enumerate(keys):
                check_key(problems, f"$.{name}[{index}]", key)
            check_unique(problems, f"$.{name}", keys)
        if check_list(problems, "$.table", self.table, Phrase("rows")):
            self._table_problems(problems)
        raise_if(problems, "priority table")

    def _table_problems(self, problems: list[Problem]) -> None:
        impacts: object = self.impacts
        urgencies: object = self.urgencies
        if isinstance(impacts, tuple) and len(self.table) != len(impacts):
            said = Phrase(
                "must have one row per impact ({impacts}), got {got}",
                impacts=str(len(impacts)),
                got=str(len(self.table)),
            )
            problems.append(Problem("$.table", said))
        for row_index, row in enumerate(self.table):
            path = f"$.table[{row_index}]"
            if not check_list(problems, path, row, Phrase("severity keys")):
                continue
            if isinstance(urgencies, tuple) and len(row) != len(urgencies):
                said = Phrase(
                    "must have one severity per urgency ({urgencies}), got {got}",
                    urgencies=str(len(urgencies)),
                    got=str(len(row)),
                )
                problems.append(Problem(path, said))
            for col_index, severity in enumerate(row):
                check_key(problems, f"{path}[{col_index}]", severity)

    def severity(self, impact: str, urgency: str) -> str:
        """Return the severity key for *impact* and *urgency*.

        Raises:
            KeyError: Either key is not in the table (routing turns this into
                a validation error with the issue's path).
        """
        return self.table[self.impacts.index(impact)][self.urgencies.index(urgency)]

    def __repr__(self) -> str:
        return f"<PriorityTable {len(self.impacts)}x{len(self.urgencies)}>"


@attrs.frozen(repr=False)
class Policy:
    """Matrix-wide escalation settings.

    The per-level settings (delay, stop condition) live on each
    :class:`~escalation_matrix.Level`.

    Attributes:
        delay_mode: How level delays count. ``"per_level"``: a level's delay
            is the time an issue stays at that level before moving up (as
            PagerDuty counts). ``"since_opened"``: a level's delay is the
            time since the issue was opened at which it moves past that
            level (as Opsgenie counts), so delays must grow level by level.
        severities: The severities issues may have, most severe first.
        default_severity: Key of the severity of an issue that gives none (or
            the severity itself).
        priority: Optional impact x urgency table that gives the severity
            of an issue that states its impact and urgency instead.
        calendar: The business calendar (working hours in a time zone, less
            holidays) that levels with ``business_time`` count their delays
            in.
        rules: Routing rules, tried in order when an issue is opened; the
            first that matches sets where it starts, its cap and the levels
            it skips. Issues no rule matches follow the severity's and
            issue type's settings.
        first_wait: A wait before the role of the first level of a pass is
            notified (a :class:`FirstWait`, or a duration for one that only
            resolution ends); None notifies it at once.
        repeat: Run the levels again after the last one (a
            :class:`Repeat`); None runs them once.
        at_end: What happens once the levels have run (every pass of
            :attr:`repeat`): ``"hold"`` keeps the issue at its last level;
            ``"resolve"`` resolves it when that level's delay runs out, or
            when it is notified if it has no delay (Opsgenie's
            ``closeAlertAfterAll``, Grafana OnCall's ``resolve`` step).
    """

    delay_mode: DelayMode = "per_level"
    severities: tuple[Severity, ...] = attrs.field(default=(), converter=_severities)
    default_severity: str | None = attrs.field(default=None, converter=keyed)
    priority: PriorityTable | None = None
    calendar: _calendar.BusinessCalendar | None = None
    rules: tuple[_rule.Rule, ...] = attrs.field(default=(), converter=_rules)
    first_wait: _pacing.FirstWait | None = attrs.field(
        default=None, converter=_first_wait
    )
    repeat: _pacing.Repeat | None = None
    at_end: AtEnd = "hold"

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_choice(problems, "$.delay_mode", self.delay_mode, DELAY_MODES)
        check_choice(problems, "$.at_end", self.at_end, AT_END)
        default: object = self.default_severity
        if default is not None and not isinstance(default, str):
            said = severity_type_problem(default)
            problems.append(Problem("$.default_severity", said))
        problems.extend(self._part_problems())
        raise_if(problems, "policy")
        names = [rule.name for rule in self.rules]
        check_unique(problems, "$.rules", names, suffix=".name")
        keys = [severity.key for severity in self.severities]
        check_unique(problems, "$.severities", keys, suffix=".key")
        problems.extend(self._reference_problems(keys))
        raise_if(problems, "policy")

    def _part_problems(self) -> list[Problem]:
        """Say which parts are not of their classes, as code may give them."""
        problems = []
        first_wait: object = self.first_wait
        if first_wait is not None and not isinstance(first_wait, _pacing.FirstWait):
            said = Phrase(
                "must be a FirstWait, a duration or None, got {got}",
                got=shown_phrase(first_wait),
            )
            problems.append(Problem("$.first_wait", said))
        severities: tuple[object, ...] = self.severities
        # Translators: the items of a list ("must be a list of Severity"),
        # named by a class of the Python API, whose name stays as it is.
        if check_list(problems, "$.severities", severities, Phrase("Severity")):
            for index, severity in enumerate(severities):
                if not isinstance(severity, Severity):
                    said = not_a("Severity", severity)
                    problems.append(Problem(f"$.severities[{index}]", said))
        rules: tuple[object, ...] = self.rules
        # Translators: as "Severity" (items of a list, by class name).
        if check_list(problems, "$.rules", rules, Phrase("Rule")) and rules:
            rule_class = _rule.Rule  # looked up once: the module loads here
            for index, rule in enumerate(rules):
                if not isinstance(rule, rule_class):
                    problems.append(Problem(f"$.rules[{index}]", not_a("Rule", rule)))
        return problems + self._optional_part_problems()

    def _optional_part_problems(self) -> list[Problem]:
        """Say which optional parts are not of their classes."""
        problems = []
        repeat: object = self.repeat
        if repeat is not None and not isinstance(repeat, _pacing.Repeat):
            said = Phrase(
                "must be a Repeat or None, got {got}", got=shown_phrase(repeat)
            )
            problems.append(Problem("$.repeat", said))
        priority: object = self.priority
        if priority is not None and not isinstance(priority, PriorityTable):
            said = Phrase(
                "must be a PriorityTable or None, got {got}", got=shown_phrase(priority)
            )
            problems.append(Problem("$.priority", said))
        calendar: object = self.calendar
        if calendar is not None and not isinstance(
            calendar, _calendar.BusinessCalendar
        ):
            said = Phrase(
                "must be a BusinessCalendar or None, got {got}",
                got=shown_phrase(calendar),
            )
            problems.append(Problem("$.calendar", said))
        return problems

    def _reference_problems(self, keys: list[str]) -> list[Problem]:
        problems = []
        known = set(keys)
        if self.default_severity is not None and self.default_severity not in known:
            message = unknown_message("severity", self.default_severity, keys)
            problems.append(Problem("$.default_severity", message))
        if self.priority is not None:
            for row_index, row in enumerate(self.priority.table):
                for col_index, severity_key in enumerate(row):
                    if severity_key not in known:
                        problems.append(
                            Problem(
                                f"$.priority.table[{row_index}][{col_index}]",
                                unknown_message("severity", severity_key, keys),
                            )
                        )
        return problems

    def severity(self, key: str) -> Severity:
        """Return the severity with *key*.

        Raises:
            UnknownSeverityError: No severity has that key.
        """
        for severity in self.severities:
            if severity.key == key:
                return severity
        raise UnknownSeverityError(key, [s.key for s in self.severities])

    def __repr__(self) -> str:
        return (
            f"<Policy {self.delay_mode} severities={len(self.severities)} "
            f"rules={len(self.rules)}>"
        )


if not TYPE_CHECKING:  # hidden from type checkers, which would accept any name

    def __getattr__(name: str) -> Any:
        # Where FirstWait, Repeat and MAX_REPEATS were defined before they
        # had a module of their own: objects pickled then still load.
        if name in {"FirstWait", "Repeat", "MAX_REPEATS"}:
            from escalation_matrix._model import pacing  # noqa: PLC0415

            return getattr(pacing, name)
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
