"""Checks that span a whole matrix: keys, ranks, references and cells.

They work on duck-typed parts, so the file reader can run them on parts that
failed their own checks (any attribute it could not read is None) and report
every problem of a file at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from escalation_matrix._base.checks import UnknownKind, check_unique, unknown_message
from escalation_matrix._base.durations import written_duration
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

if TYPE_CHECKING:
    from escalation_matrix._model.rule import Condition
    from escalation_matrix._model.rules import Compare

__all__ = ["PartlyRead", "compares", "cross_problems", "rule_problems"]


def _keys(items: Sequence[Any]) -> list[str]:
    return [item.key for item in items if isinstance(item.key, str)]


def cross_problems(
    levels: Sequence[Any] | None,
    roles: Sequence[Any] | None,
    issue_types: Sequence[Any] | None,
    policy: Any | None,
) -> list[Problem]:
    """Return every problem between the parts of a matrix.

    Parts whose attributes could not be read have None there, and a whole
    group that could not be read is None; checks that need what is missing
    are skipped.
    """
    problems: list[Problem] = []
    if levels is not None and not levels:
        problems.append(Problem("$.levels", Phrase("must have at least one level")))
    for name, items in (
        ("levels", levels),
        ("roles", roles),
        ("issue_types", issue_types),
    ):
        if items is not None:
            check_unique(problems, f"$.{name}", [it.key for it in items], suffix=".key")
    if levels is not None:
        problems.extend(
            _level_problems(levels, None if roles is None else _keys(roles))
        )
        if issue_types is not None:
            problems.extend(_cell_problems(issue_types, _keys(levels)))
        if policy is not None:
            problems.extend(_policy_problems(policy, levels, _keys(levels)))
            if issue_types is not None:
                problems.extend(
                    rule_problems(policy, _keys(levels), _keys(issue_types))
                )
    return problems


def _level_problems(
    levels: Sequence[Any], role_keys: list[str] | None
) -> Iterator[Problem]:
    count = len(levels)
    for index, level in enumerate(levels):
        if level.rank is not None and level.rank != index + 1:
            said = Phrase(
                "must be {rank}: levels are listed in rank order, ranks 1 to "
                "{count} without gaps, got {got}",
                rank=str(index + 1),
                count=str(count),
                got=shown_phrase(level.rank),
            )
            yield Problem(f"$.levels[{index}].rank", said)
        if (
            role_keys is not None
            and level.role is not None
            and level.role not in role_keys
        ):
            yield Problem(
                f"$.levels[{index}].role",
                unknown_message("role", level.role, role_keys),
            )


def _cell_problems(
    issue_types: Sequence[Any], level_keys: list[str]
) -> Iterator[Problem]:
    # A level key given twice is reported once, where the levels are.
    known_levels = dict.fromkeys(level_keys)
    known_keys = known_levels.keys()
    for index, issue_type in enumerate(issue_types):
        texts = issue_type.responsibilities
        entry = issue_type.entry_level
        # Most issue types have a text for exactly the levels: one set
        # comparison in C tells so.
        if (texts is None or texts.keys() == known_keys) and (
            entry is None or entry in known_levels
        ):
            continue
        path = f"$.issue_types[{index}]"
        if texts is not None:
            for level_key in known_levels:
                if level_key not in texts:
                    said = Phrase(
                        "missing: issue type {issue_type} needs a text for level "
                        "{level}",
                        issue_type=shown_phrase(issue_type.key),
                        level=shown_phrase(level_key),
                    )
                    yield Problem(f"{path}.responsibilities.{level_key}", said)
            for level_key in texts:
                if level_key not in known_levels:
                    yield Problem(
                        f"{path}.responsibilities.{level_key}",
                        unknown_message("level", level_key, level_keys),
                    )
        if entry is not None and entry not in known_levels:
            yield Problem(
                f"{path}.entry_level", unknown_message("level", entry, level_keys)
            )


def _policy_problems(
    policy: Any, levels: Sequence[Any], level_keys: list[str]
) -> Iterator[Problem]:
    # A level whose key could not be read (None) is named by nothing.
    ranks = {level.key: level.rank for level in levels if isinstance(level.key, str)}
    for index, severity in enumerate(policy.severities or ()):
        yield from _level_setting_problems(
            severity, f"$.policy.severities[{index}]", ranks, level_keys
        )
    if policy.delay_mode == "since_opened":
        yield from _since_opened_problems(levels)
    yield from _timeline_problems(policy, levels, level_keys)
    # A calendar that was given but could not be read is reported already.
    unreadable: frozenset[str] = getattr(policy, "_failed", frozenset())
    if policy.calendar is None and "calendar" not in unreadable:
        for index, level in enumerate(levels):
            if level.business_time:
                said = Phrase(
                    "counts business time, but the policy has no business calendar"
                )
                yield Problem(f"$.levels[{index}].business_time", said)


def _timeline_problems(
    policy: Any, levels: Sequence[Any], level_keys: list[str]
) -> Iterator[Problem]:
    """Problems of the policy's repeat and first wait against the levels."""
    repeat, first_wait = policy.repeat, policy.first_wait
    start = None if repeat is None else repeat.from_level
    if start is not None and start not in level_keys:
        yield Problem(
            "$.policy.repeat.from_level", unknown_message("level", start, level_keys)
        )
    if first_wait is None or policy.delay_mode != "since_opened":
        return
    # Delays since opening count from the start of a pass, as the first wait
    # does: the first level must be notified before any level escalates.
    for index, level in enumerate(levels):
        if level.delay is not None and level.delay <= first_wait.delay:
            other = f"$.levels[{index}].delay"
            # Translators: {path} is where the other delay is in the file.
            said = Phrase(
                "must be shorter than {path} ({delay}) because delay_mode is "
                "'since_opened', got {got}",
                path=other,
                delay=repr(written_duration(level.delay)),
                got=repr(written_duration(first_wait.delay)),
            )
            yield Problem("$.policy.first_wait.delay", said)
            return


def _level_setting_problems(
    severity: Any, path: str, ranks: dict[str, int], level_keys: list[str]
) -> Iterator[Problem]:
    """Problems of the levels a severity or a rule names, and contradictions."""
    for field in ("entry_level", "max_level"):
        value = getattr(severity, field)
        if value is not None and value not in ranks:
            yield Problem(
                f"{path}.{field}", unknown_message("level", value, level_keys)
            )
    skipped_levels = severity.skip_levels or ()
    for skip_index, skipped in enumerate(skipped_levels):
        if skipped not in ranks:
            yield Problem(
                f"{path}.skip_levels[{skip_index}]",
                unknown_message("level", skipped, level_keys),
            )
    entry, cap = severity.entry_level, severity.max_level
    entry_rank = None if entry is None else ranks.get(entry)
    cap_rank = None if cap is None else ranks.get(cap)
    if entry_rank is not None and cap_rank is not None and entry_rank > cap_rank:
        said = Phrase(
            "contradicts entry_level: {max_level} is below {entry_level}",
            max_level=shown_phrase(cap),
            entry_level=shown_phrase(entry),
        )
        yield Problem(f"{path}.max_level", said)
    if entry is not None and entry in skipped_levels:
        said = Phrase(
            "contradicts entry_level: {entry_level} is entered, so cannot be skipped",
            entry_level=shown_phrase(entry),
        )
        yield Problem(f"{path}.skip_levels", said)


def _since_opened_problems(levels: Sequence[Any]) -> Iterator[Problem]:
    # Opsgenie-style delays count from the opening of the issue, so each
    # level's delay must be longer than the one below it, and all of them
    # must count the same kind of time: a mix of working hours and real time
    # has no order (8 working hours can end after 10 real ones).
    previous: tuple[int, timedelta] | None = None
    first_kind: tuple[int, bool] | None = None
    for index, level in enumerate(levels):
        if level.delay is None:
            continue
        if previous is not None and level.delay <= previous[1]:
            other = f"$.levels[{previous[0]}].delay"
            # Translators: {path} is where the other delay is in the file.
            said = Phrase(
                "must be longer than {path} ({delay}) because delay_mode is "
                "'since_opened', got {got}",
                path=other,
                delay=repr(written_duration(previous[1])),
                got=repr(written_duration(level.delay)),
            )
            yield Problem(f"$.levels[{index}].delay", said)
        previous = (index, level.delay)
        if level.business_time is None:
            continue
        if first_kind is None:
            first_kind = (index, level.business_time)
        elif level.business_time != first_kind[1]:
            other = f"$.levels[{first_kind[0]}].business_time"
            # Translators: {path} is where the other level's setting is.
            said = Phrase(
                "must be the same as {path} ({first}): with delay_mode "
                "'since_opened', every delay counts from the opening in the same "
                "kind of time (all in working hours or all in real time), got {got}",
                path=other,
                first=shown_phrase(first_kind[1]),
                got=shown_phrase(level.business_time),
            )
            yield Problem(f"$.levels[{index}].business_time", said)


def compares(condition: object, path: str) -> Iterator[tuple[Compare, str]]:
    """Yield every comparison inside *condition*, with its path in a file."""
    # Loaded once a rule is there: a policy without rules never needs them.
    from escalation_matrix._model.rule import AllOf, AnyOf, Not  # noqa: PLC0415
    from escalation_matrix._model.rules import Compare  # noqa: PLC0415

    if isinstance(condition, Compare):
        yield condition, path
    elif isinstance(condition, AllOf | AnyOf):
        name = "all" if isinstance(condition, AllOf) else "any"
        for index, inner in enumerate(condition.conditions):
            yield from compares(inner, f"{path}.{name}[{index}]")
    elif isinstance(condition, Not):
        yield from compares(condition.condition, f"{path}.not")


def rule_problems(
    policy: Any, level_keys: list[str], issue_type_keys: list[str]
) -> Iterator[Problem]:
    rules = policy.rules or ()
    if not rules:
        return
    # As in compares: only a policy with rules needs them.
    from escalation_matrix._model.rule import Condition  # noqa: PLC0415

    ranks = {key: rank for rank, key in enumerate(level_keys)}
    severity_keys = [severity.key for severity in policy.severities or ()]
    priority = policy.priority
    vocabularies: dict[str, tuple[UnknownKind, list[str]]] = {
        "severity": ("severity", severity_keys),
        "issue_type": ("issue type", issue_type_keys),
    }
    if priority is not None and priority.impacts is not None:
        vocabularies["impact"] = ("impact", list(priority.impacts))
    if priority is not None and priority.urgencies is not None:
        vocabularies["urgency"] = ("urgency", list(priority.urgencies))
    for index, rule in enumerate(rules):
        path = f"$.policy.rules[{index}]"
        yield from _level_setting_problems(rule, path, ranks, level_keys)
        when = getattr(rule, "when", None)
        if isinstance(when, Condition):
            yield from _condition_problems(when, f"{path}.when", vocabularies)


def _condition_problems(
    when: Condition, path: str, vocabularies: dict[str, tuple[UnknownKind, list[str]]]
) -> Iterator[Problem]:
    for compare, where in compares(when, path):
        if compare.field in {"impact", "urgency"} and compare.field not in vocabularies:
            yield Problem(f"{where}.field", _no_priority_table(compare.field))
            continue
        vocabulary = vocabularies.get(compare.field)
        if vocabulary is None or compare.op in {"exists", "missing"}:
            continue
        kind, known = vocabulary
        values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
        for value_index, value in enumerate(values):
            if value not in known:
                suffix = f"[{value_index}]" if isinstance(compare.value, tuple) else ""
                yield Problem(
                    f"{where}.value{suffix}", unknown_message(kind, value, known)
                )


def _no_priority_table(field: str) -> Phrase:
    if field == "impact":
        return Phrase("impact needs the policy's priority table, which is missing")
    return Phrase("urgency needs the policy's priority table, which is missing")


class PartlyRead:
    """Stands in for an object that failed its checks, for the cross-checks.

    Holds the fields that could be read; any other attribute is None.
    ``_failed`` names the fields that were given but could not be read.
    """

    def __init__(self, values: Mapping[str, Any], failed: Iterable[str] = ()) -> None:
        self.__dict__.update(values)
        self._failed = frozenset(failed)

    def __getattr__(self, name: str) -> None:
        return None
