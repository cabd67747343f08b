"""What every export works out from a matrix: level paths, timelines, targets.

A tool's policy is one straight line of steps; a matrix may send each kind
of issue along its own path of levels. Each distinct path becomes one
policy of the tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Final

import attrs

from escalation_matrix._base.checks import require_type
from escalation_matrix._base.durations import format_duration
from escalation_matrix._i18n.translator import Message, translator
from escalation_matrix._interop import messages
from escalation_matrix._interop.reading import make_loss
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import DEFAULT_ISSUE_TYPE, Matrix
from escalation_matrix.exceptions import (
    Loss,
    LossKind,
    Phrase,
    Problem,
    ValidationError,
    WrongTypeError,
)

__all__ = ["Export", "LevelPath", "level_paths"]

Kind = tuple[str, str | None]


@attrs.frozen
class LevelPath:
    """The levels an untouched issue passes, and the kinds of issue that do.

    Attributes:
        positions: Indexes of the levels, in the order they are reached.
        kinds: The ``(issue type, severity)`` kinds that follow it.
    """

    positions: tuple[int, ...]
    kinds: tuple[Kind, ...]


def _kinds(matrix: Matrix) -> list[Kind]:
    types = list(matrix.issue_type_keys) or [DEFAULT_ISSUE_TYPE]
    policy = matrix.policy
    severities: list[str | None] = [severity.key for severity in policy.severities]
    if not severities or policy.default_severity is None:
        severities.append(None)
    return [(issue_type, severity) for issue_type in types for severity in severities]


def _path(matrix: Matrix, kind: Kind) -> tuple[int, ...]:
    index = {level.key: position for position, level in enumerate(matrix.levels)}
    issue_type, severity_key = kind
    top = len(matrix.levels) - 1
    entry, cap, skip = 0, top, frozenset[int]()
    if severity_key is not None:
        severity = matrix.policy.severity(severity_key)
        if severity.entry_level is not None:
            entry = index[severity.entry_level]
        if severity.max_level is not None:
            cap = index[severity.max_level]
        skip = frozenset(index[key] for key in severity.skip_levels)
    type_entry = matrix.issue_type(issue_type).entry_level
    if type_entry is not None:
        entry = max(entry, index[type_entry])
    path, position = [entry], entry
    while matrix.levels[position].delay is not None:
        target = position + 1
        while target <= cap and target in skip:
            target += 1
        if target > cap:
            break
        path.append(target)
        position = target
    return tuple(path)


def level_paths(matrix: Matrix) -> list[LevelPath]:
    """Return each distinct path of levels, in the order of first use."""
    found: dict[tuple[int, ...], list[Kind]] = {}
    for kind in _kinds(matrix):
        found.setdefault(_path(matrix, kind), []).append(kind)
    return [LevelPath(path, tuple(kinds)) for path, kinds in found.items()]


class Export:
    """One export under way: the matrix, the targets, the losses and problems."""

    def __init__(
        self,
        matrix: Matrix,
        tool: str,
        name: str,
        targets: Mapping[str, Iterable[Contact]] | None,
    ) -> None:
        require_type("matrix", matrix, Matrix, "a Matrix")
        self.matrix = matrix
        self.tool = tool
        self.name = name
        self.targets = _targets(targets, matrix)
        self.losses: list[Loss] = []
        self.problems: list[Problem] = []
        self._said: set[tuple[str, str]] = set()
        # The title an import of the payloads gives each role written, by
        # the role's index: its written contacts' names, as the tool has them.
        self._titles: dict[int, str] = {}

    def loss(
        self,
        path: str,
        kind: LossKind,
        message: Message,
        /,
        *,
        timing: bool = False,
        **values: object,
    ) -> None:
        """Record a loss at *path* in the matrix, once."""
        if (path, message.text) in self._said:
            return
        self._said.add((path, message.text))
        values.setdefault("tool", self.name)
        self.losses.append(make_loss(path, kind, message, None, timing, values))

    def contacts(self, position: int) -> list[tuple[str, Contact]]:
        """The contacts of the level at *position*, each with its path."""
        level = self.matrix.levels[position]
        index = self.matrix.role_keys.index(level.role)
        given = self.targets.get(level.role)
        if given is not None:
            path = f"$.roles[{index}].contacts"
            return [(f"{path}[{n}]", contact) for n, contact in enumerate(given)]
        role = self.matrix.roles[index]
        return [
            (f"$.roles[{index}].contacts[{n}]", contact)
            for n, contact in enumerate(role.contacts)
        ]

    def written(self, position: int, names: Iterable[str]) -> None:
        """Record the names the tool has for the contacts written for *position*.

        An import of the payload titles the level's role by them.
        """
        role = self.matrix.levels[position].role
        self._titles[self.matrix.role_keys.index(role)] = ", ".join(names)

    def details_lost(
        self, path: str, contact: Contact, *fields: str, name: str | None = None
    ) -> None:
        """Record the details of *contact*, at *path*, that the tool has no place for.

        *fields* are those of ``email``, ``phone`` and ``chat`` it cannot
        hold; *name*, what the tool names the contact by, if not its name.
        """
        said = repr(contact.name)
        if name is not None and name != contact.name:
            self.loss(
                f"{path}.name",
                "dropped",
                messages.EXPORT_CONTACT_NAME,
                name=said,
                given=repr(name),
            )
        for field in fields:
            if getattr(contact, field) is not None:
                self.loss(
                    f"{path}.{field}",
                    "dropped",
                    messages.EXPORT_CONTACT_DETAIL,
                    name=said,
                    field=repr(field),
                )

    def title_losses(self) -> None:
        """Record the role titles an import of the payloads would not give back.

        An import titles a role by its contacts' names: a title is kept when
        it is the names of the contacts written, as the tool has them.
        """
        for index, role in enumerate(self.matrix.roles):
            if self._titles.get(index) != role.title:
                self.loss(f"$.roles[{index}].title", "dropped", messages.EXPORT_TITLES)

    def no_target(self, position: int) -> None:
        """Record that the level at *position* has nobody the tool can notify."""
        level = self.matrix.levels[position]
        index = self.matrix.role_keys.index(level.role)
        if self.name[:1] in "AEIOU":  # "an Opsgenie id", "a PagerDuty id"
            # Translators: {name} is the tool's name (Opsgenie), {tool} its key
            # in a contact's ids; the text in braces is TOML, kept as is.
            message = Phrase(
                "level {level} has no contact {name} can notify; give its role "
                'contacts with an {name} id (ids = {{ {tool} = "..." }} in a '
                "matrix file, targets= in code)",
                level=level.key,
                name=self.name,
                tool=self.tool,
            )
        else:
            # Translators: {name} is the tool's name (PagerDuty), {tool} its key
            # in a contact's ids; the text in braces is TOML, kept as is.
            message = Phrase(
                "level {level} has no contact {name} can notify; give its role "
                'contacts with a {name} id (ids = {{ {tool} = "..." }} in a '
                "matrix file, targets= in code)",
                level=level.key,
                name=self.name,
                tool=self.tool,
            )
        problem = Problem(f"$.roles[{index}].contacts", message)
        if problem not in self.problems:
            self.problems.append(problem)

    def check(self) -> None:
        """Raise the :class:`ValidationError` listing every problem, if any."""
        if self.problems:
            raise ValidationError(self.problems, subject=f"matrix for {self.name}")

    def common_losses(self) -> None:
        """Record what no tool's policy holds: issue types, texts, rules.

        Role titles are told once the payloads are written
        (:meth:`title_losses`).
        """
        matrix = self.matrix
        if matrix.issue_types:
            self.loss(
                "$.issue_types",
                "dropped",
                messages.EXPORT_ISSUE_TYPES,
                count=len(matrix.issue_types),
            )
        label = translator(matrix.language).pgettext(*messages.LEVEL_NAME)
        for index, role in enumerate(matrix.roles):
            if role.description:
                self.loss(
                    f"$.roles[{index}].description",
                    "dropped",
                    messages.EXPORT_DESCRIPTION,
                )
        for index, level in enumerate(matrix.levels):
            if level.name != label.format(n=level.rank):
                self.loss(
                    f"$.levels[{index}].name", "dropped", messages.EXPORT_LEVEL_NAMES
                )
            if level.description:
                self.loss(
                    f"$.levels[{index}].description",
                    "dropped",
                    messages.EXPORT_DESCRIPTION,
                )

    def policy_losses(self) -> None:
        """Record the policy's routing that the tool leaves to its own routing."""
        policy = self.matrix.policy
        if len(policy.severities) > 1:
            self.loss("$.policy.severities", "approximated", messages.EXPORT_SEVERITIES)
        if policy.priority is not None:
            self.loss("$.policy.priority", "dropped", messages.EXPORT_PRIORITY)
        for index, rule in enumerate(policy.rules):
            self.loss(
                f"$.policy.rules[{index}]",
                "dropped",
                messages.EXPORT_RULES,
                timing=True,
                name=repr(rule.name),
            )

    def path_losses(self, path: LevelPath) -> None:
        """Record the losses of the levels on *path* that every tool has."""
        levels = self.matrix.levels
        for position in path.positions:
            if levels[position].business_time:
                self.loss(
                    f"$.levels[{position}].business_time",
                    "approximated",
                    messages.EXPORT_BUSINESS,
                    timing=True,
                )
        last = path.positions[-1]
        if levels[last].delay is None and last < len(levels) - 1:
            self.loss(
                f"$.levels[{last}].delay",
                "dropped",
                messages.EXPORT_UNREACHABLE,
                level=levels[last].key,
            )

    def steps(self, path: LevelPath) -> list[timedelta | None]:
        """The time an untouched issue spends at each level of *path*.

        Whatever the matrix's delay mode; None where a level has no delay.
        """
        levels = self.matrix.levels
        since_opened = self.matrix.policy.delay_mode == "since_opened"
        out: list[timedelta | None] = []
        before = timedelta(0)
        for position in path.positions:
            delay = levels[position].delay
            if delay is None or not since_opened:
                out.append(delay)
                continue
            out.append(delay - before)
            before = delay
        return out

    def rounded_minutes(
        self,
        path: str,
        value: timedelta,
        *,
        exact_before: timedelta = timedelta(0),
        kept_before: int = 0,
    ) -> int:
        """Return *value* in whole minutes, at least 1; a loss if it is rounded.

        *value* follows delays that add up to *exact_before*, kept as
        *kept_before* minutes: the running total is rounded, so that
        roundings do not add up along the levels.
        """
        seconds = int(value.total_seconds())
        total = (exact_before + value).total_seconds()
        minutes = max(1, round(total / 60) - kept_before)
        if minutes * 60 != seconds:
            self.loss(
                path,
                "approximated",
                messages.ROUNDED,
                timing=True,
                given=_written(value),
                kept=f"{minutes}m",
            )
        return minutes

    def payload_name(self, path: LevelPath, count: int) -> str:
        """The name of the tool's policy for *path*, one of *count*.

        With several, each is named after the severities it serves, or the
        issue types and severities when the issue types differ.
        """
        title = self.matrix.title
        if count == 1:
            return title
        types = self.matrix.issue_type_keys or (DEFAULT_ISSUE_TYPE,)
        severities = list(dict.fromkeys(severity for _, severity in path.kinds))
        every_type = {(kind, severity) for kind in types for severity in severities}
        if set(path.kinds) == every_type:
            labels = [severity or "-" for severity in severities]
        else:
            labels = [
                kind if severity is None else f"{kind}/{severity}"
                for kind, severity in path.kinds
            ]
        return f"{title} ({', '.join(labels)})"

    def ordered_losses(self) -> tuple[Loss, ...]:
        """The losses in the order of the matrix's data."""
        return tuple(sorted(self.losses, key=_data_order))


_SECTIONS: Final = ("$.issue_types", "$.roles", "$.levels", "$.policy")
# The texts of a part in the order files write them, before its other fields.
_TEXTS: Final = ("title", "name", "description", "email", "phone", "chat")


def _data_order(loss: Loss) -> tuple[int, list[int], int]:
    section = next(
        (n for n, name in enumerate(_SECTIONS) if loss.path.startswith(name)),
        len(_SECTIONS),
    )
    numbers = [int(number) for number in re.findall(r"\[(\d+)\]", loss.path)]
    field = loss.path.rpartition(".")[2]
    text = _TEXTS.index(field) if field in _TEXTS else len(_TEXTS)
    return section, numbers, text


def _written(value: timedelta) -> str:
    # A matrix's delays and waits are whole, non-negative seconds.
    return format_duration(value)


def _targets(
    targets: Mapping[str, Iterable[Contact]] | None, matrix: Matrix
) -> dict[str, tuple[Contact, ...]]:
    if targets is None:
        return {}
    if not isinstance(targets, Mapping):
        raise WrongTypeError("targets", targets, "a mapping of role keys to contacts")
    out: dict[str, tuple[Contact, ...]] = {}
    for role, contacts in targets.items():
        matrix.role(role)
        items = tuple(contacts)
        for item in items:
            if not isinstance(item, Contact):
                argument = f"targets[{role!r}]"
                raise WrongTypeError(argument, item, "a list of Contact")
        out[role] = items
    return out
