"""What is done to an issue by hand: moves up, down or to a level, acknowledgements.

Most issues have none: :mod:`escalation_matrix._model.issue` loads this
module when an issue has one, or when a type hint is read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import attrs

from escalation_matrix._base.checks import (
    Keyed,
    check_choice,
    check_key,
    check_text,
    keyed,
    raise_if,
)
from escalation_matrix._base.instants import check_aware
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

__all__ = ["ACTION_KINDS", "MOVE_KINDS", "Action", "ActionKind", "MoveKind"]

ActionKind = Literal["escalate", "deescalate", "jump", "acknowledge"]
ACTION_KINDS: tuple[ActionKind, ...] = ("escalate", "deescalate", "jump", "acknowledge")
#: The actions that move an issue (the others only record an event).
MoveKind = Literal["escalate", "deescalate", "jump"]
MOVE_KINDS: tuple[MoveKind, ...] = ("escalate", "deescalate", "jump")


@attrs.frozen(repr=False)
class Action:
    """Something done by hand: a move up, down or to a level, or an acknowledgement.

    Attributes:
        kind: ``"escalate"`` (one level up), ``"deescalate"`` (one level
            down), ``"jump"`` (to :attr:`level`) or ``"acknowledge"`` (an
            acknowledgement besides :attr:`Issue.acknowledged_at`, which
            counts once a policy's repeat has set the earlier one aside).
        at: When it happened (timezone-aware).
        reason: Why, in the words of whoever did it.
        level: Key of the target level; required for ``"jump"``, not given
            for the other kinds.
    """

    kind: ActionKind
    at: datetime
    reason: str = ""
    level: str | None = attrs.field(default=None, converter=keyed)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_choice(problems, "$.kind", self.kind, ACTION_KINDS)
        check_aware(problems, "$.at", self.at)
        check_text(problems, "$.reason", self.reason, optional=True, multiline=True)
        if self.kind == "jump":
            if self.level is None:
                problems.append(Problem("$.level", Phrase("is required for a jump")))
            else:
                check_key(problems, "$.level", self.level, level=True)
        elif self.level is not None:
            # Translators: {kind} is the action's kind, quoted ('escalate').
            said = Phrase(
                "must not be given for {kind}, only for 'jump'",
                kind=shown_phrase(self.kind),
            )
            problems.append(Problem("$.level", said))
        raise_if(problems, "action")

    @classmethod
    def escalate(cls, at: datetime, reason: str = "") -> Action:
        """Move the issue one level up."""
        return cls("escalate", at, reason)

    @classmethod
    def deescalate(cls, at: datetime, reason: str = "") -> Action:
        """Move the issue one level down."""
        return cls("deescalate", at, reason)

    @classmethod
    def jump(cls, at: datetime, level: str | Keyed, reason: str = "") -> Action:
        """Move the issue to *level* (its key, or the level itself)."""
        return cls("jump", at, reason, level)

    @classmethod
    def acknowledge(cls, at: datetime, reason: str = "") -> Action:
        """Acknowledge the issue again, after a repeat set an acknowledgement aside.

        Routing takes the issue as acknowledged from the earliest
        acknowledgement (this or :attr:`Issue.acknowledged_at`) since the
        last such reset (see :class:`~escalation_matrix.Repeat`).
        """
        return cls("acknowledge", at, reason)

    def __repr__(self) -> str:
        target = f" to {self.level}" if self.level else ""
        return f"<Action {self.kind}{target} at {self.at.isoformat()}>"
