"""A tool's policy, once read, as a matrix: levels, roles, contacts and timing.

Each tool's reader fills a :class:`Draft`; :func:`build` makes the matrix
every importer makes the same way (keys, level names, one role per level).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Final

import attrs

from escalation_matrix._base.checks import check_language as check_language_of
from escalation_matrix._base.checks import require_type
from escalation_matrix._base.keys import MAX_KEY_LENGTH
from escalation_matrix._i18n.translator import translator
from escalation_matrix._interop import messages
from escalation_matrix._model.contacts import Contact, ContactKind, ContactSelect
from escalation_matrix._model.matrix import (
    EscalateWhile,
    Level,
    LevelAssignment,
    Matrix,
    Role,
)
from escalation_matrix._model.pacing import FirstWait as FirstWaitField
from escalation_matrix._model.pacing import Repeat
from escalation_matrix._model.policy import DelayMode, Policy
from escalation_matrix.exceptions import ArgumentError, Problem

__all__ = [
    "Draft",
    "FirstWait",
    "Loop",
    "Step",
    "Target",
    "build",
    "check_language",
    "slug",
]

_NOT_KEY: Final = re.compile(r"[^a-z0-9]+")


@attrs.frozen
class Target:
    """Someone, or a group, a step of a tool notifies."""

    name: str
    kind: ContactKind
    ids: Mapping[str, str]
    select: ContactSelect = "default"
    email: str | None = None

    def contact(self) -> Contact:
        """Return the target as a contact."""
        return Contact(
            self.name,
            email=self.email,
            kind=self.kind,
            ids=self.ids,
            select=self.select,
        )


@attrs.frozen
class Step:
    """One level: who is notified, and when escalation moves on."""

    path: str
    targets: tuple[Target, ...]
    delay: timedelta | None
    escalate_while: EscalateWhile
    assignment: LevelAssignment = "all"


@attrs.frozen
class FirstWait:
    """A wait before the first level is notified."""

    path: str
    delay: timedelta
    escalate_while: EscalateWhile


@attrs.frozen
class Loop:
    """The steps run again after the last one."""

    path: str
    times: int
    wait: timedelta
    from_step: int | None = None
    reset: bool = False


@attrs.frozen
class Draft:
    """What a tool's policy says, read and checked, ready to be a matrix."""

    path: str
    ident: str | None
    name: str | None
    description: str
    steps: tuple[Step, ...]
    delay_mode: DelayMode
    first_wait: FirstWait | None = None
    loop: Loop | None = None
    resolve_at_end: bool = False


def slug(text: str, prefix: str) -> str:
    """Return *text* as a snake_case key, *prefix* first when it starts with a digit.

    >>> slug("FE Daily On-call Escalation", "opsgenie")
    'fe_daily_on_call_escalation'
    >>> slug("24x7", "pagerduty")
    'pagerduty_24x7'
    """
    key = _NOT_KEY.sub("_", text.lower()).strip("_")
    if not key or not key[0].isalpha():
        key = f"{prefix}_{key}".rstrip("_")
    return key[:MAX_KEY_LENGTH].rstrip("_")


def check_language(language: object) -> None:
    """Refuse a *language* that is not a language identifier.

    Raises:
        WrongTypeError: It is not a string.
        ArgumentError: It is not a language identifier.
    """
    require_type("language", language, str, "a language identifier such as 'en'")
    problems: list[Problem] = []
    check_language_of(problems, "language", language)
    if problems:
        raise ArgumentError("language", language, problems[0].message)


def _policy(draft: Draft) -> Policy:
    wait, loop = draft.first_wait, draft.loop
    return Policy(
        delay_mode=draft.delay_mode,
        first_wait=None
        if wait is None
        else FirstWaitField(wait.delay, wait.escalate_while),
        repeat=None
        if loop is None
        else Repeat(
            loop.times,
            loop.wait,
            from_level=None if loop.from_step is None else f"L{loop.from_step + 1}",
            reset_acknowledgement=loop.reset,
        ),
        at_end="resolve" if draft.resolve_at_end else "hold",
    )


def build(draft: Draft, *, tool: str, language: str) -> Matrix:
    """Return the matrix *draft* describes."""
    tr = translator(language)
    levels, roles = [], []
    for number, step in enumerate(draft.steps, start=1):
        name = tr.pgettext(*messages.LEVEL_NAME).format(n=number)
        role_key = f"level_{number}"
        contacts = tuple(target.contact() for target in step.targets)
        title = ", ".join(contact.name for contact in contacts) or name
        roles.append(Role(role_key, title, contacts=contacts))
        levels.append(
            Level(
                f"L{number}",
                number,
                role_key,
                name,
                delay=step.delay,
                escalate_while=step.escalate_while,
                assignment=step.assignment,
            )
        )
    title = draft.name or draft.ident or tool
    return Matrix(
        slug(title, tool),
        title,
        levels=levels,
        roles=roles,
        description=draft.description,
        language=language,
        policy=_policy(draft),
    )
