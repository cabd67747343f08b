"""People behind roles: the contacts a role lists, and their checks.

A role is a job (``project_manager``); the people who hold it change. A
:class:`Contact` names one of them, and a role may list its current
holders. When who holds a role depends on the moment or the issue (an
on-call schedule, a directory), a resolver answers at routing time instead
(:class:`~escalation_matrix.contacts.Resolver`, in the routing layer).
Contact details are data that reads the same in every language: they are
never translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import attrs

from escalation_matrix._base.checks import check_text, list_like, raise_if
from escalation_matrix.exceptions import Problem

__all__ = ["Contact", "check_contacts", "contacts_tuple"]

# One address, as people write it: something, one @, a domain with a dot.
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
# Digits with the separators people write (+39 06 1234-5678, (555) 010 9999).
_PHONE: Final = re.compile(r"\+?[0-9 ()./-]+\Z")
_MIN_PHONE_DIGITS: Final = 3


@attrs.frozen(repr=False)
class Contact:
    """A person (or a shared inbox, a rota) to contact for a role.

    Attributes:
        name: Who it is, as people call them; never translated.
        email: An e-mail address, or None.
        phone: A phone number (digits, spaces and ``+()./-``), or None.
        chat: A chat handle or channel (``@ada``, ``#support``), or None.

    >>> Contact("Ada Lovelace", email="ada@example.com")
    <Contact 'Ada Lovelace'>
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
            and not _EMAIL.match(email)
        ):
            message = (
                f"must be an e-mail address such as 'ada@example.com', got {email!r}"
            )
            problems.append(Problem("$.email", message))
        if (
            isinstance(self.phone, str)
            and "$.phone" not in wrong
            and self.phone.strip()
        ):
            digits = sum(char.isdigit() for char in self.phone)
            if not _PHONE.match(self.phone) or digits < _MIN_PHONE_DIGITS:
                message = (
                    "must be a phone number (digits, spaces and +()./-) such as "
                    f"'+39 06 1234 5678', got {self.phone!r}"
                )
                problems.append(Problem("$.phone", message))
        raise_if(problems, "contact")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def contacts_tuple(value: Iterable[Contact]) -> tuple[Contact, ...]:
    """Convert *value* to the tuple a frozen object holds.

    Anything but a list-like of contacts is kept as it is, for the owner's
    checks to report.
    """
    return list_like(value)  # type: ignore[no-any-return]


def check_contacts(problems: list[Problem], path: str, value: object) -> None:
    """Append a problem for every item of *value* that is not a :class:`Contact`."""
    if not isinstance(value, tuple):
        problems.append(Problem(path, f"must be a list of Contact, got {value!r}"))
        return
    for index, item in enumerate(value):
        if not isinstance(item, Contact):
            problems.append(
                Problem(f"{path}[{index}]", f"must be a Contact, got {item!r}")
            )
