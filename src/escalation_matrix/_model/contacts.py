"""People behind roles: the contacts a role lists, and their checks.

A role is a job (``project_manager``); the people who hold it change. A
:class:`Contact` names one of them, and a role may list its current
holders. When who holds a role depends on the moment or the issue (an
on-call schedule, a directory), a resolver answers at routing time instead
(:class:`~escalation_matrix.contacts.Resolver`, in the routing layer).
A contact may also stand for a group that a tool resolves (an on-call
schedule, a team, a user group): it is kept as data, with the tool's ids,
and who is behind it stays the resolver's answer. Contact details are data
that reads the same in every language: they are never translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final, Literal  # noqa: F401 -- a converter's type hint, which attrs gives __init__

import attrs

from escalation_matrix._base.checks import (
    check_choice,
    check_key,
    check_list,
    check_mapping,
    check_text,
    child_path,
    mapping_like,
    not_a,
    raise_if,
)
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix.exceptions import Phrase, Problem

__all__ = [
    "CONTACT_KINDS",
    "CONTACT_SELECTS",
    "SELECTS_BY_KIND",
    "Contact",
    "ContactKind",
    "ContactSelect",
    "check_contacts",
]

ContactKind = Literal["person", "schedule", "team", "user_group"]
#: What a contact stands for: one person, whoever an on-call schedule
#: names, a team, or a user group.
CONTACT_KINDS: Final[tuple[ContactKind, ...]] = (
    "person",
    "schedule",
    "team",
    "user_group",
)
ContactSelect = Literal[
    "default",
    "next_on_call",
    "previous_on_call",
    "all_members",
    "admins",
    "team_users",
    "random_member",
]
#: Who inside a group contact is meant (Opsgenie's ``notifyType``).
CONTACT_SELECTS: Final[tuple[ContactSelect, ...]] = (
    "default",
    "next_on_call",
    "previous_on_call",
    "all_members",
    "admins",
    "team_users",
    "random_member",
)
#: Who each kind of contact can select: a schedule names who is on call,
#: a team or user group has members; a person is only ever the person.
SELECTS_BY_KIND: Final[dict[ContactKind, tuple[ContactSelect, ...]]] = {
    "person": ("default",),
    "schedule": ("default", "next_on_call", "previous_on_call"),
    "team": ("default", "all_members", "admins", "team_users", "random_member"),
    "user_group": ("default", "all_members", "admins", "team_users", "random_member"),
}

# Patterns compiled on first use, by re, which keeps them: most matrices
# name no one.
# One address, as people write it: something, one @, a domain with a dot.
_EMAIL: Final = r"[^@\s]+@[^@\s]+\.[^@\s]+\Z"
# Digits with the separators people write (+39 06 1234-5678, (555) 010 9999).
_PHONE: Final = r"\+?[0-9 ()./-]+\Z"
_MIN_PHONE_DIGITS: Final = 3


@attrs.frozen(repr=False)
class Contact:
    """A person (or a shared inbox, a rota) to contact for a role.

    Attributes:
        name: Who it is, as people call them; never translated.
        email: An e-mail address, or None.
        phone: A phone number (digits, spaces and ``+()./-``), or None.
        chat: A chat handle or channel (``@ada``, ``#support``), or None.
        kind: What the contact stands for: ``"person"``, or a group that
            an incident tool resolves, ``"schedule"`` (whoever is on call
            in it), ``"team"`` or ``"user_group"``.
        ids: The contact's id in each tool that knows it, by the tool's
            snake_case name (``{"pagerduty": "PAM4FGS"}``); never shown in
            sentences, kept in payloads.
        select: Who inside a group is meant: ``"default"`` (as the tool
            does by default), ``"next_on_call"`` or ``"previous_on_call"``
            of a schedule, ``"all_members"``, ``"admins"``,
            ``"team_users"`` or ``"random_member"`` of a team or user
            group. A person takes only ``"default"``.

    >>> Contact("Ada Lovelace", email="ada@example.com")
    <Contact 'Ada Lovelace'>
    >>> Contact("Primary on call", kind="schedule", ids={"pagerduty": "PI7DH85"})
    <Contact 'Primary on call' kind='schedule'>
    >>> Contact("Platform", kind="team", select="next_on_call")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid contact: 1 problem:
      $.select: 'next_on_call' picks from a schedule; this contact is a team
    >>> Contact("Ada", email="ada at example")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid contact: 1 problem:
      $.email: must be an e-mail address such as 'ada@example.com', got 'ada at example'
    """

    name: str
    email: str | None = attrs.field(default=None, kw_only=True)
    phone: str | None = attrs.field(default=None, kw_only=True)
    chat: str | None = attrs.field(default=None, kw_only=True)
    kind: ContactKind = attrs.field(default="person", kw_only=True)
    ids: Mapping[str, str] = attrs.field(
        factory=FrozenDict, kw_only=True, converter=mapping_like
    )
    select: ContactSelect = attrs.field(default="default", kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        check_text(problems, "$.name", self.name)
        checked = len(problems)
        for field in ("email", "phone", "chat"):
            value = getattr(self, field)
            if value is not None:
                check_text(problems, f"$.{field}", value)
        # A detail that is no text (or holds a control character) is
        # reported once, as such; only texts have a shape to check.
        wrong = {problem.path for problem in problems[checked:]}
        email = self.email
        if (
            isinstance(email, str)
            and "$.email" not in wrong
            and email.strip()
            and not re.match(_EMAIL, email)
        ):
            message = Phrase(
                "must be an e-mail address such as 'ada@example.com', got {got}",
                got=shown_phrase(email),
            )
            problems.append(Problem("$.email", message))
        if (
            isinstance(self.phone, str)
            and "$.phone" not in wrong
            and self.phone.strip()
        ):
            digits = sum(char.isdigit() for char in self.phone)
            if not re.match(_PHONE, self.phone) or digits < _MIN_PHONE_DIGITS:
                message = Phrase(
                    "must be a phone number (digits, spaces and +()./-) such as "
                    "'+39 06 1234 5678', got {got}",
                    got=shown_phrase(self.phone),
                )
                problems.append(Problem("$.phone", message))
        _target_problems(problems, self)
        raise_if(problems, "contact")

    def __repr__(self) -> str:
        kind = "" if self.kind == "person" else f" kind={self.kind!r}"
        return f"<{type(self).__name__} {self.name!r}{kind}>"


def _target_problems(problems: list[Problem], contact: Contact) -> None:
    """Append the problems of what a contact stands for: kind, ids, select."""
    kind, select = contact.kind, contact.select
    check_choice(problems, "$.kind", kind, CONTACT_KINDS)
    check_choice(problems, "$.select", select, CONTACT_SELECTS)
    ids = contact.ids
    if check_mapping(problems, "$.ids", ids, Phrase("tool names to ids")):
        for tool, value in ids.items():
            # A key is quoted unless it is a plain name: the path is printed.
            path = child_path("$.ids", tool)
            check_key(problems, path, tool)
            check_text(problems, path, value)
    # Tuples, not the dict: a kind given as a list must not raise here.
    if kind not in CONTACT_KINDS or select not in CONTACT_SELECTS:
        return  # reported above
    if select not in SELECTS_BY_KIND[kind]:
        problems.append(Problem("$.select", _select_problem(select, kind)))


def _select_problem(select: str, kind: ContactKind) -> Phrase:
    """Say that *select* picks from another kind of group than *kind*."""
    got = shown_phrase(select)
    if select.endswith("on_call"):
        if kind == "person":
            return Phrase(
                "{select} picks from a schedule; this contact is a person", select=got
            )
        if kind == "team":
            return Phrase(
                "{select} picks from a schedule; this contact is a team", select=got
            )
        return Phrase(
            "{select} picks from a schedule; this contact is a user group", select=got
        )
    if kind == "person":
        return Phrase(
            "{select} picks from a team or user group; this contact is a person",
            select=got,
        )
    return Phrase(
        "{select} picks from a team or user group; this contact is a schedule",
        select=got,
    )


def check_contacts(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem for every item of *value* that is not a :class:`Contact`."""
    # Translators: the items of a list ("must be a list of Contact"), named
    # by a class of the Python API, whose name stays as it is.
    if not check_list(problems, path, value, Phrase("Contact")):
        return
    assert isinstance(value, tuple)  # noqa: S101 -- checked above
    for index, item in enumerate(value):
        if not isinstance(item, Contact):
            problems.append(Problem(f"{path}[{index}]", not_a("Contact", item)))
