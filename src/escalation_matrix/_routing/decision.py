"""What routing answers at one moment: a decision.

A plan, for all moments, is in :mod:`escalation_matrix._routing.plan`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from escalation_matrix._base.drafts import DRAFT_CLASSES
from escalation_matrix._base.instants import instant
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import Level, Role
from escalation_matrix._routing import reasons
from escalation_matrix._routing.names import NO_NAMES, CarriedNames
from escalation_matrix._routing.reasons import ReasonEntered, ReasonEscalated
from escalation_matrix.exceptions import Phrase, RoutingError, WrongTypeError

if TYPE_CHECKING:
    from escalation_matrix._model import contacts as _contacts
    from escalation_matrix._routing import reasons_later as _rare
    from escalation_matrix._routing.reasons import Reason
    from escalation_matrix._routing.reasons_later import ReasonHeld
else:
    # As in _model.matrix: loaded when a decision has contacts.
    _contacts = LazyModule("escalation_matrix._model.contacts", globals())
    # Loaded when a reason of theirs is first met (see _held below).
    _rare = LazyModule("escalation_matrix._routing.reasons_later", globals())

__all__ = [
    "Assignment",
    "Decision",
    "Resolver",
    "make_decision",
    "names_of",
    "resolve_contacts",
    "routing_error",
]


if TYPE_CHECKING:
    # Named by type hints alone, as _CarriesNames below.

    class _ExplainsDecisions(Protocol):
        # What a decision needs of the router that made it (the router module
        # builds on this one, so it is not imported here).
        def reasons(self, issue: Issue, now: datetime, /) -> tuple[Reason, ...]: ...


class _Fingerprinted(Protocol):
    # The router that made an assignment, which works out its matrix's
    # fingerprint when first asked for: routing alone does not need it.
    @property
    def fingerprint(self) -> str: ...


def _fingerprint_of(given: str | _Fingerprinted) -> str:
    """Return the fingerprint *given*, as text or as the router that has it."""
    return given if isinstance(given, str) else given.fingerprint


@attrs.frozen(repr=False)
class Assignment:
    """What is fixed about one level for one kind of issue.

    Routing builds one per issue type, severity, matching rule and level,
    and shares it between decisions.
    """

    issue_type: str
    severity: str | None
    level: Level
    role: Role
    responsibility: str
    # Where automatic escalation would go; it matters only while a next
    # escalation is due, so it is not part of equality (a decision read back
    # from data knows it only then).
    target: Level | None = attrs.field(eq=False)
    # The fingerprint, or the router that works it out when first asked for
    # (compared and hashed as the text either way).
    _fingerprint: str | _Fingerprinted = attrs.field(
        alias="fingerprint", eq=_fingerprint_of
    )
    # The router that made the step, to work out reasons later; typed loosely
    # because field annotations must resolve at run time for cattrs.
    router: Any = attrs.field(default=None, eq=False, repr=False)
    # Who to contact, when a resolver's answer differs from the role's own
    # contacts; None means the role's contacts. Steps are shared, so only
    # decisions made with a resolver get a step of their own.
    contacts: tuple[_contacts.Contact, ...] | None = attrs.field(
        default=None, kw_only=True
    )
    # The names of the levels, severity and issue type, as the matrix had
    # them, so that a decision renders the same without its matrix. Not part
    # of equality: payloads carry only the names a decision mentions.
    names: CarriedNames = attrs.field(
        default=NO_NAMES, kw_only=True, eq=False, repr=False
    )

    @property
    def fingerprint(self) -> str:
        """Identifies the matrix structure and policy that decided."""
        return _fingerprint_of(self._fingerprint)

    def __reduce__(self) -> tuple[Any, ...]:
        # The router is a cache of the matrix; pickles carry the data only.
        fields = (
            self.issue_type,
            self.severity,
            self.level,
            self.role,
            self.responsibility,
            self.target,
            self.fingerprint,
            self.contacts,
            self.names,
        )
        return (_restore_assignment, fields)


def _restore_assignment(*fields: Any) -> Assignment:
    """Rebuild a pickled :class:`Assignment`.

    Pickles made before decisions carried their names have none.
    """
    positional, (contacts, *names) = fields[:7], fields[7:]
    return Assignment(*positional, contacts=contacts, names=next(iter(names), NO_NAMES))


# Sets a field of a frozen object, as attrs' own __init__ does.
_set_field = object.__setattr__


@attrs.frozen(repr=False)
class Decision:
    """Where an issue is at a given moment, what to do, what comes next, and why.

    A decision carries the names of the levels, roles, severity and issue
    type it mentions, as the matrix that made it had them: read back from
    data or unpickled, it renders as the original, without the matrix.

    Attributes:
        issue: The issue decided about.
        at: The moment the decision is for.
        since: When the issue reached :attr:`level`.
        next_escalation_at: When it escalates next if nothing changes; None
            at the top, at a cap, at a level without delay, or once
            escalation stopped (acknowledged or resolved). With a policy
            that repeats, the start of the next round, at the last level.
            With a policy that resolves issues at the end (``at_end =
            "resolve"``), when it resolves the issue, once escalation has
            stopped; :attr:`next_level` is then None.
        notify_at: When the level's role is (or will be) notified: when the
            issue reached the level, or later after the policy's first wait;
            None if that wait was cut short and nobody is notified.
        cycle: The round of the policy's repeat the issue is in, 1 for the
            first (and only, without a repeat).
        level: The level handling the issue.
        role: The role holding that level.
        responsibility: What that role must do about this type of issue.
    """

    issue: Issue
    at: datetime
    since: datetime
    next_escalation_at: datetime | None
    _assignment: Assignment
    # Through the module (as _model.policy's hints through theirs), where
    # the reasons a route may not have met are built when the hint is read.
    _reasons: tuple[reasons.Reason, ...] | None = attrs.field(default=None, eq=False)
    notify_at: datetime | None = attrs.field(
        default=attrs.Factory(lambda self: self.since, takes_self=True),
        kw_only=True,
    )
    cycle: int = attrs.field(default=1, kw_only=True)
    # The assignment's, kept by the decision too (not given, nor compared):
    # read about nearly every decision, they cost a slot's read, not a call.
    level: Level = attrs.field(init=False, eq=False, repr=False)
    role: Role = attrs.field(init=False, eq=False, repr=False)
    responsibility: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        step = self._assignment
        if not isinstance(step, Assignment):
            raise WrongTypeError("assignment", step, "an Assignment")
        _set_field(self, "level", step.level)
        _set_field(self, "role", step.role)
        _set_field(self, "responsibility", step.responsibility)

    @property
    def issue_type(self) -> str:
        """Key of the issue's type."""
        return self._assignment.issue_type

    @property
    def contacts(self) -> tuple[_contacts.Contact, ...]:
        """The people to contact, as the resolver gave them, else the role's.

        See :func:`~escalation_matrix.route`'s *resolver*.
        """
        step = self._assignment
        contacts = step.contacts
        return step.role.contacts if contacts is None else contacts

    @property
    def next_level(self) -> Level | None:
        """The level the issue escalates to at :attr:`next_escalation_at`."""
        return None if self.next_escalation_at is None else self._assignment.target

    @property
    def severity(self) -> str | None:
        """The severity of the issue, given or from the priority table or default."""
        return self._assignment.severity

    @property
    def resolved(self) -> bool:
        """Whether the issue was resolved at :attr:`at`, by someone or by the policy.

        A policy whose ``at_end`` is ``"resolve"`` resolves the issue once
        its levels have run; the last reason then says so.
        """
        resolved_at = self.issue.resolved_at
        if resolved_at is not None and instant(resolved_at) <= instant(self.at):
            return True
        # Decisions the policy closed always carry their reasons.
        kept = self._reasons
        if not kept:
            return False
        return _closed(kept[-1])

    @property
    def fingerprint(self) -> str:
        """Identifies the matrix structure and policy that decided.

        Texts are left out, so a translated matrix decides alike.
        """
        return self._assignment.fingerprint

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The events that led here, oldest first.

        The last one says why escalation stops, when it does. Worked out on
        first use, then kept.
        """
        kept = self._reasons
        if kept is None:
            router: _ExplainsDecisions = self._assignment.router
            kept = router.reasons(self.issue, self.at)
            object.__setattr__(self, "_reasons", kept)
        return kept

    @property
    def held(self) -> ReasonHeld | None:
        """Why escalation stops here, or None while it goes on."""
        return _held(self.reasons[-1])

    def __reduce__(self) -> tuple[Any, ...]:
        # Work out the reasons before pickling: the unpickled decision has no
        # router to work them out with.
        fields = (
            self.issue,
            self.at,
            self.since,
            self.next_escalation_at,
            self._assignment,
            self.reasons,
            self.notify_at,
            self.cycle,
        )
        return (_restore_decision, fields)

    def __repr__(self) -> str:
        upcoming = ""
        if self.next_escalation_at is not None and self.next_level is not None:
            when = self.next_escalation_at.isoformat()
            upcoming = f" next={self.next_level.key}@{when}"
        state = " resolved" if self.resolved else ""
        where = f"{self.level.key} ({self.role.key})"
        return f"<Decision {self.issue_type} {where}{state}{upcoming}>"


def _held(reason: Reason) -> ReasonHeld | None:
    """Return *reason* if it says why escalation stops, else None."""
    # The two reasons of every route first: the module of the others is
    # loaded only when one of them is at hand.
    if isinstance(reason, ReasonEntered | ReasonEscalated):
        return None
    return reason if isinstance(reason, _rare.ReasonHeld) else None


def _closed(reason: Reason) -> bool:
    held = _held(reason)
    return held is not None and held.cause == "closed"


def _restore_decision(*fields: Any) -> Decision:
    """Rebuild a pickled :class:`Decision` (pickles of 6 fields predate rounds)."""
    positional, extra = fields[:6], fields[6:]
    if not extra:
        return Decision(*positional)
    notify_at, cycle = extra
    return Decision(*positional, notify_at=notify_at, cycle=cycle)


# Routing makes decisions by the million: each is filled in as a draft and
# then frozen (see DRAFT_CLASSES), a plain assignment per field instead of a
# call.
_DraftDecision = DRAFT_CLASSES[Decision]
# Tells make_decision that the role was notified on arrival.
_ON_ARRIVAL: Any = object()


def make_decision(  # noqa: PLR0917 -- mirrors the fields, in order
    issue: Issue,
    at: datetime,
    since: datetime,
    next_escalation_at: datetime | None,
    step: Assignment,
    reasons: tuple[Reason, ...] | None = None,
    notify_at: datetime | None = _ON_ARRIVAL,
    cycle: int = 1,
) -> Decision:
    """Build a :class:`Decision` from already-checked parts, quickly.

    Every field is set, as ``__init__`` would.
    """
    decision = _DraftDecision()
    decision.issue = issue
    decision.at = at
    decision.since = since
    decision.next_escalation_at = next_escalation_at
    decision._assignment = step  # noqa: SLF001 -- a field of the draft
    decision._reasons = reasons  # noqa: SLF001
    decision.notify_at = since if notify_at is _ON_ARRIVAL else notify_at
    decision.cycle = cycle
    decision.level = step.level
    decision.role = step.role
    decision.responsibility = step.responsibility
    decision.__class__ = Decision
    frozen: Decision = decision
    return frozen


def routing_error(phrase: Phrase, /, *, value: object) -> RoutingError:
    """Return the :class:`RoutingError` saying *phrase*, about *value*."""
    return RoutingError(phrase, value=value)


def resolve_contacts(decision: Decision, resolver: Resolver) -> Decision:
    """Return *decision* naming the contacts *resolver* gives for its role.

    Raises:
        RoutingError: The resolver gave something other than contacts.
    """
    role = decision.role
    found = resolver(role, decision)
    contact_class = _contacts.Contact
    if isinstance(found, str | contact_class) or not isinstance(found, Iterable):
        message = Phrase(
            "the resolver must return a list of Contact, got {got}",
            got=shown_phrase(found),
        )
        raise routing_error(message, value=found)
    contacts = tuple(found)
    for contact in contacts:
        if not isinstance(contact, contact_class):
            message = Phrase(
                "the resolver must return a list of Contact, got {got} among them "
                "for role {role}",
                got=shown_phrase(contact),
                role=repr(role.key),
            )
            raise routing_error(message, value=contact)
    step: Assignment = decision._assignment  # noqa: SLF001 -- built here, alongside Decision
    if contacts == (role.contacts if step.contacts is None else step.contacts):
        return decision
    shared = None if contacts == role.contacts else contacts
    return make_decision(
        decision.issue,
        decision.at,
        decision.since,
        decision.next_escalation_at,
        attrs.evolve(step, contacts=shared),
        decision._reasons,  # noqa: SLF001
        decision.notify_at,
        decision.cycle,
    )


if TYPE_CHECKING:

    class _CarriesNames(Protocol):
        # A plan (see escalation_matrix._routing.plan, which builds on this
        # module): the names it carries.
        @property
        def _names(self) -> CarriedNames: ...


def names_of(result: Decision | _CarriesNames, /) -> CarriedNames:
    """Return the display names *result* (a decision or a plan) carries.

    They are those its matrix had.
    """
    if isinstance(result, Decision):
        return result._assignment.names  # noqa: SLF001 -- defined alongside
    return result._names  # noqa: SLF001


class Resolver(Protocol):
    """Finds who holds a role at the moment of a routing decision.

    Any callable taking the role and the decision, positionally, and
    returning contacts fits: a lookup in a directory, an on-call schedule
    consulted at ``decision.at``, a choice by ``decision.issue.attributes``.
    It is code, so it is given to :func:`~escalation_matrix.route` and never
    stored with a matrix. Whatever it raises reaches the caller of
    :func:`~escalation_matrix.route` unchanged.

    >>> from escalation_matrix.contacts import Contact
    >>> def on_call(role, decision):
    ...     return [Contact("Night desk")] if decision.at.hour < 8 else []
    """

    def __call__(
        self, role: Role, decision: Decision, /
    ) -> Iterable[_contacts.Contact]:
        """Return the contacts for *role* in *decision*, most relevant first."""
        ...


if not TYPE_CHECKING:  # hidden from type checkers, which would accept any name

    def __getattr__(name: str) -> Any:
        # Where Plan and Stage were defined before they had a module of
        # their own: objects pickled then still load.
        if name in {"Plan", "Stage"}:
            from escalation_matrix._routing import plan  # noqa: PLC0415

            return getattr(plan, name)
        message = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(message)
