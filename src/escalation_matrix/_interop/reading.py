"""Reading a tool's payload: typed fields, problems and losses by JSON path.

Every key of every object is either read, ignored on purpose or reported as
a dropped loss, so that nothing a payload says is lost without a word.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, Final, overload

from escalation_matrix._base.checks import (
    MOST_PROBLEMS,
    check_text,
    child_path,
    not_read,
)
from escalation_matrix._base.shown import shown
from escalation_matrix._i18n.translator import Message
from escalation_matrix._interop.messages import UNKNOWN_FIELD
from escalation_matrix.exceptions import (
    Loss,
    LossKind,
    Phrase,
    Problem,
    ValidationError,
)

__all__ = ["Obj", "Reading", "items_of"]

_MISSING: Final = object()


class Reading:
    """The problems and losses found while reading one payload.

    Attributes:
        subject: What is read, for the error (``"PagerDuty payload"``).
        source: Which payload, when there are several (Grafana OnCall's).
        problems: What makes the payload invalid, with paths.
        losses: What the conversion does not keep, with paths.
    """

    def __init__(self, data: object, subject: str, source: str | None = None) -> None:
        self.data = data
        self.subject = subject
        self.source = source
        self.problems: list[Problem] = []
        self.losses: list[Loss] = []

    def problem(self, path: str, message: Phrase) -> None:
        """Record that the payload is invalid at *path*."""
        self.add([Problem(path, message)])

    def add(self, problems: list[Problem]) -> None:
        """Record *problems*; past :data:`MOST_PROBLEMS`, stop reading.

        As a matrix file's reader does: the problems found so far are
        raised, with one that says the rest is not read, so that a payload
        of millions of bad items costs no more than its first ones.

        Raises:
            ValidationError: There were problems enough already.
        """
        for problem in problems:
            if len(self.problems) >= MOST_PROBLEMS:
                self.problems.append(not_read(problem.path, len(self.problems)))
                raise ValidationError(self.problems, subject=self.subject)
            self.problems.append(problem)

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
        """Record a loss at *path*, its detail made from *message* and *values*."""
        self.losses.append(make_loss(path, kind, message, self.source, timing, values))

    def obj(self, path: str, value: object) -> Obj | None:
        """Return the object *value* at *path*, or record that it is not one."""
        if not isinstance(value, dict):
            self.problem(path, Phrase("must be an object, got {got}", got=shown(value)))
            return None
        return Obj(self, path, value)

    def check(self) -> None:
        """Raise the :class:`ValidationError` listing every problem, if any."""
        if self.problems:
            raise ValidationError(self.problems, subject=self.subject)

    def ordered_losses(self) -> tuple[Loss, ...]:
        """Return the losses in the payload's order (depth first, keys in order)."""
        order = {path: index for index, path in enumerate(_paths("$", self.data))}
        return tuple(
            sorted(self.losses, key=lambda loss: order.get(loss.path, len(order)))
        )


def make_loss(  # noqa: PLR0917 -- the fields of a loss
    path: str,
    kind: LossKind,
    message: Message,
    source: str | None,
    timing: bool,  # noqa: FBT001
    values: dict[str, object],
) -> Loss:
    """Return the :class:`Loss` whose detail is *message* filled with *values*."""
    texts = {name: str(value) for name, value in values.items()}
    return Loss(
        path,
        kind,
        message.text.format(**texts),
        source,
        timing=timing,
        message=(message.context, message.text),
        values=tuple(texts.items()),
    )


def _paths(path: str, value: object) -> Iterator[str]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(child_path(path, key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(f"{path}[{index}]", item)


def items_of(reading: Reading, path: str, value: object) -> Sequence[tuple[str, Any]]:
    """Return the ``(path, item)`` pairs of the array *value*, or record a problem.

    Each pair is made when it is asked for: an array of millions of items
    does not get millions of paths at once.
    """
    if not isinstance(value, list):
        reading.problem(path, Phrase("must be an array, got {got}", got=shown(value)))
        return ()
    return _Items(path, value)


class _Items(Sequence[tuple[str, Any]]):
    """The items of an array, each with its path, made on demand."""

    def __init__(self, path: str, items: list[Any]) -> None:
        self._path = path
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> tuple[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, Any]]: ...

    def __getitem__(
        self, index: int | slice
    ) -> tuple[str, Any] | Sequence[tuple[str, Any]]:
        if isinstance(index, slice):
            return [self[position] for position in range(len(self))[index]]
        item = self._items[index]  # IndexError past the end, as a list
        return f"{self._path}[{index % len(self._items)}]", item

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        path = self._path
        for index, item in enumerate(self._items):
            yield f"{path}[{index}]", item


class Obj:
    """One JSON object of a payload, and which of its keys were read."""

    def __init__(self, reading: Reading, path: str, data: dict[str, Any]) -> None:
        self.reading = reading
        self.path = path
        self.data = data
        self.read: set[str] = set()

    def at(self, key: str) -> str:
        """Return the path of *key* in this object."""
        return child_path(self.path, key)

    def has(self, key: str) -> bool:
        """Whether the object has *key*, with a value other than null."""
        return self.data.get(key) is not None

    def raw(self, key: str, default: object = None) -> Any:
        """Return the value of *key* as it is (*default* when missing); mark it read."""
        self.read.add(key)
        return self.data.get(key, default)

    def ignore(self, *keys: str) -> None:
        """Mark *keys* read: fields the tool fills in that say nothing to keep."""
        self.read.update(keys)

    def _missing(self, key: str, what: Phrase) -> None:
        self.reading.problem(self.at(key), what)

    def text(self, key: str) -> str | None:
        """Return the text (maybe of several lines) at *key*; None when missing."""
        value = self.raw(key)
        if value is None:
            return None
        problems: list[Problem] = []
        check_text(problems, self.at(key), value, optional=True, multiline=True)
        self.reading.add(problems)
        return None if problems else str(value)

    def name(self, key: str, *, required: bool = False) -> str | None:
        """Return a one-line visible text at *key* (a name or an id), or None."""
        value = self.raw(key)
        if value is None:
            if required:
                is_id = key == "id" or key.endswith(("_id", "Id"))
                self._missing(
                    key,
                    Phrase("missing: an id is required")
                    if is_id
                    else Phrase("missing: a name is required"),
                )
            return None
        problems: list[Problem] = []
        check_text(problems, self.at(key), value)
        self.reading.add(problems)
        return None if problems else str(value)

    def integer(
        self,
        key: str,
        *,
        minimum: int = 0,
        maximum: int | None = None,
        required: bool = False,
    ) -> int | None:
        """Return the whole number at *key* within the bounds, or None."""
        value = self.raw(key)
        if value is None:
            if required:
                self._missing(key, Phrase("missing: a whole number is required"))
            return None
        return number(self.reading, self.at(key), value, minimum, maximum)

    def boolean(self, key: str) -> bool | None:
        """Return the true or false at *key*, or None when missing."""
        value = self.raw(key)
        if value is None or isinstance(value, bool):
            return value
        said = Phrase("must be true or false, got {got}", got=shown(value))
        self.reading.problem(self.at(key), said)
        return None

    def choice(
        self, key: str, choices: Collection[str], *, default: str | None = None
    ) -> str | None:
        """Return the value at *key*, one of *choices*; *default* when missing."""
        value = self.raw(key)
        if value is None:
            return default
        if value not in choices or not isinstance(value, str):
            known = ", ".join(repr(choice) for choice in choices)
            said = Phrase(
                "must be one of {choices}, got {got}", choices=known, got=shown(value)
            )
            self.reading.problem(self.at(key), said)
            return None
        return value

    def child(self, key: str, *, required: bool = False) -> Obj | None:
        """Return the object at *key*, or None when it is missing or invalid."""
        value = self.raw(key)
        if value is None:
            if required:
                self._missing(key, Phrase("missing: an object is required"))
            return None
        return self.reading.obj(self.at(key), value)

    def items(self, key: str, *, required: bool = False) -> Sequence[tuple[str, Any]]:
        """Return the ``(path, item)`` pairs of the array at *key*."""
        value = self.raw(key)
        if value is None:
            if required:
                self._missing(key, Phrase("missing: an array is required"))
            return ()
        return items_of(self.reading, self.at(key), value)

    def leftover(self) -> None:
        """Report every key not read as a dropped loss, in the payload's order."""
        for key in self.data:
            if key not in self.read:
                self.reading.loss(
                    self.at(key), "dropped", UNKNOWN_FIELD, field=repr(key)
                )


def number(
    reading: Reading, path: str, value: object, minimum: int, maximum: int | None
) -> int | None:
    """Return *value* if it is a whole number within bounds, or record a problem."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        said = Phrase("must be a whole number, got {got}", got=shown(value))
        reading.problem(path, said)
        return None
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            said = Phrase(
                "must be >= {minimum}, got {got}",
                minimum=str(minimum),
                got=shown(value),
            )
        else:
            said = Phrase(
                "must be from {minimum} to {maximum}, got {got}",
                minimum=str(minimum),
                maximum=str(maximum),
                got=shown(value),
            )
        reading.problem(path, said)
        return None
    return value
