"""The options of a policy's passes: a wait before the first level, and repeats.

Most policies have neither: :mod:`escalation_matrix._model.policy` loads
this module when a policy has one, or when a type hint is read.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final, Literal

import attrs

from escalation_matrix._base.checks import (
    Keyed,  # noqa: F401 -- a converter's type hint, which attrs gives __init__
    check_bool,
    check_choice,
    check_delay,
    check_key,
    delay_like,
    duration_problem,
    keyed,
    raise_if,
)
from escalation_matrix._base.durations import format_duration, parse_duration
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

__all__ = ["MAX_REPEATS", "FirstWait", "Repeat"]

#: The most further passes a :class:`Repeat` may ask for. The tools allow
#: fewer (PagerDuty 9, Opsgenie 20, Grafana OnCall 5); a plan stays finite.
MAX_REPEATS: Final = 100
# The stop conditions of a level (the matrix module, which builds on this
# one, names them EscalateWhile).
_Condition = Literal["unacknowledged", "unresolved"]
_CONDITIONS: tuple[_Condition, ...] = ("unacknowledged", "unresolved")


def _wait_like(value: Any) -> Any:
    """Converter: read a wait written as in files; unlike a delay, it may be zero."""
    if isinstance(value, str):
        try:
            if parse_duration(value) == timedelta(0):
                return timedelta(0)
        except (ValueError, OverflowError):
            return value
    return delay_like(value)


def _check_wait(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem unless *value* is a whole, non-negative number of seconds."""
    if isinstance(value, timedelta) and value == timedelta(0):
        return  # the tools repeat at once when told to
    if value is None:
        problems.append(Problem(path, duration_problem(value)))
        return
    check_delay(problems, path, value)


@attrs.frozen(repr=False)
class Repeat:
    """Run the levels again after the last one, as on-call tools loop a policy.

    PagerDuty's ``num_loops``, Opsgenie's ``repeat`` and Grafana OnCall's
    ``repeat_escalation`` step. A pass runs along an issue's automatic path
    and ends when its last level is notified; the next pass starts
    :attr:`wait` later, at :attr:`from_level` (or where the issue entered).

    Attributes:
        times: How many further passes follow the first: 1 to
            :data:`~escalation_matrix.schema.MAX_REPEATS`.
        wait: The time from the notification of the last level of a pass to
            the start of the next one; may be zero. Written as in files
            (``"30m"``) or as a timedelta.
        from_level: Key of the level later passes start at (or the level
            itself); the first level of the issue's path at or above it.
            None starts them where the issue entered.
        reset_acknowledgement: Whether each new pass sets an acknowledgement
            aside (Opsgenie's ``resetRecipientStates``): an acknowledged
            issue then waits at its level until its pass would have ended,
            and escalates again unless resolved. False (PagerDuty, Grafana
            OnCall): an acknowledgement that stops escalation stops the
            passes too.
    """

    times: int
    wait: timedelta = attrs.field(converter=_wait_like)
    from_level: str | None = attrs.field(default=None, converter=keyed)
    reset_acknowledgement: bool = False

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        times: object = self.times
        if not isinstance(times, int) or isinstance(times, bool):
            said = Phrase("must be an integer, got {got}", got=shown_phrase(times))
            problems.append(Problem("$.times", said))
        elif not 1 <= times <= MAX_REPEATS:
            said = Phrase(
                "must be from 1 to {most}, got {got}",
                most=str(MAX_REPEATS),
                got=shown(times),
            )
            problems.append(Problem("$.times", said))
        _check_wait(problems, "$.wait", self.wait)
        if self.from_level is not None:
            check_key(problems, "$.from_level", self.from_level, level=True)
        check_bool(problems, "$.reset_acknowledgement", self.reset_acknowledgement)
        raise_if(problems, "repeat")

    def __repr__(self) -> str:
        start = f" from {self.from_level}" if self.from_level is not None else ""
        return f"<Repeat {self.times}x wait={format_duration(self.wait)}{start}>"


@attrs.frozen(repr=False)
class FirstWait:
    """A wait before the first level of a pass is notified.

    Opsgenie's first rule delay and Grafana OnCall's leading ``wait`` step:
    the issue is at its entry level from the start, but that level's role is
    told only :attr:`delay` later, and not at all if the wait is cut short.

    Attributes:
        delay: How long the wait lasts: a positive whole number of seconds,
            written as in files (``"5m"``) or as a timedelta.
        escalate_while: ``"unresolved"``: only resolution during the wait
            spares the notification; ``"unacknowledged"``: an
            acknowledgement does too (Opsgenie's ``if-not-acked``).
    """

    delay: timedelta = attrs.field(converter=delay_like)
    escalate_while: _Condition = "unresolved"

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.delay is None:
            problems.append(Problem("$.delay", duration_problem(None)))
        check_delay(problems, "$.delay", self.delay)
        check_choice(problems, "$.escalate_while", self.escalate_while, _CONDITIONS)
        raise_if(problems, "first wait")

    def __repr__(self) -> str:
        return f"<FirstWait {format_duration(self.delay)} while {self.escalate_while}>"
