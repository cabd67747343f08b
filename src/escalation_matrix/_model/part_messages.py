"""Translations that travel with the parts a builder adds, by locale and context.

They follow a part's renames and go with it when it is removed, ready for
``translate(matrix, locale, messages=...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

from escalation_matrix.exceptions import Problem, ValidationError

__all__ = ["PartKind", "PartMessages"]

#: The kinds of part that carry translations: the first part of their
#: texts' contexts.
PartKind = Literal["role", "level", "issue_type"]

_CELL: Final = "cell"


def _owner(context: str, kind: PartKind) -> str | None:
    """Return the key of the part of *kind* whose text *context* is, if any.

    A cell (``cell:<issue type>:<level>``) is a text of its issue type and
    of its level alike.
    """
    head, _, rest = context.partition(":")
    if head == _CELL:
        issue_type, _, level = rest.partition(":")
        return {"issue_type": issue_type, "level": level}.get(kind)
    if head == kind:
        return rest.rpartition(":")[0] or None
    return None


def _renamed(context: str, kind: PartKind, key: str, new_key: str) -> str:
    head, _, rest = context.partition(":")
    if head == _CELL:
        issue_type, _, level = rest.partition(":")
        if kind == "issue_type" and issue_type == key:
            return f"{_CELL}:{new_key}:{level}"
        if kind == "level" and level == key:
            return f"{_CELL}:{issue_type}:{new_key}"
        return context
    owner, _, field = rest.rpartition(":")
    return f"{head}:{new_key}:{field}" if head == kind and owner == key else context


class PartMessages:
    """Translations of the parts added to a draft: locale -> context -> text."""

    __slots__ = ("_by_locale",)

    def __init__(self) -> None:
        self._by_locale: dict[str, dict[str, str]] = {}

    def copy(self) -> PartMessages:
        """Return a copy that changes to this one do not reach."""
        twin = PartMessages()
        twin._by_locale = {
            locale: dict(texts) for locale, texts in self._by_locale.items()
        }
        return twin

    def add(self, kind: PartKind, key: str, messages: object) -> None:
        """Keep the translations *messages* of the part *kind* *key*.

        Raises:
            ValidationError: *messages* is not a mapping of locales to
                mappings of contexts to texts, or names a text of another
                part; every problem is listed.
        """
        problems = list(_problems(kind, key, messages))
        if problems:
            raise ValidationError(problems, subject=f"messages of {kind} {key!r}")
        assert isinstance(messages, Mapping)  # noqa: S101 -- checked above
        for locale, texts in messages.items():
            self._by_locale.setdefault(locale, {}).update(texts)

    def rename(self, kind: PartKind, key: str, new_key: str) -> None:
        """Follow a part's new key in the contexts of its texts."""
        for locale, texts in self._by_locale.items():
            self._by_locale[locale] = {
                _renamed(context, kind, key, new_key): text
                for context, text in texts.items()
            }

    def remove(self, kind: PartKind, key: str) -> None:
        """Forget the translations of a removed part."""
        for texts in self._by_locale.values():
            for context in [c for c in texts if _owner(c, kind) == key]:
                del texts[context]

    def of(self, locale: str) -> dict[str, str]:
        """Return the translations into *locale*, by context."""
        return dict(self._by_locale.get(locale, {}))


def _problems(kind: PartKind, key: str, messages: object) -> list[Problem]:
    if not isinstance(messages, Mapping):
        message = (
            "must be a mapping of locales to translations by context, such as "
            f"{{'it': {{'{kind}:{key}:name': '...'}}}}, got {messages!r}"
        )
        return [Problem("$", message)]
    problems: list[Problem] = []
    for locale, texts in messages.items():
        where = f"$[{locale!r}]"
        if not isinstance(locale, str) or not isinstance(texts, Mapping):
            message = f"must map a locale (str) to texts by context, got {texts!r}"
            problems.append(Problem(where, message))
            continue
        for context, text in texts.items():
            place = f"{where}[{context!r}]"
            if not isinstance(context, str) or _owner(context, kind) != key:
                message = (
                    f"must be a context of a text of {kind} {key!r}, got {context!r}"
                )
                problems.append(Problem(place, message))
            elif not isinstance(text, str):
                problems.append(Problem(place, f"must be a str, got {text!r}"))
    return problems
