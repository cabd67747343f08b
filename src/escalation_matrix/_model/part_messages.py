"""Translations that travel with the parts a builder adds, by locale and context.

They follow a part's renames and go with it when it is removed, ready for
``translate(matrix, locale, messages=...)``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Final, Literal

from escalation_matrix._base.checks import check_text
from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._model.matrix import IssueType, Level, Role
from escalation_matrix._model.texts import TRANSLATABLE, is_multiline
from escalation_matrix.exceptions import Phrase, Problem, ValidationError

__all__ = ["PartKind", "PartMessages", "locale_key"]

#: The kinds of part that carry translations: the first part of their
#: texts' contexts.
PartKind = Literal["role", "level", "issue_type"]

_CELL: Final = "cell"
# The translatable fields of each kind of part, as TRANSLATABLE names them.
_FIELDS: Final = {
    "role": TRANSLATABLE[Role].fields,
    "level": TRANSLATABLE[Level].fields,
    "issue_type": TRANSLATABLE[IssueType].fields,
}


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

    def add(
        self,
        kind: PartKind,
        key: str,
        messages: object,
        sources: Mapping[str, str] | None = None,
    ) -> None:
        """Keep the translations *messages* of the part *kind* *key*.

        They are checked as translations given to ``translate()`` are: each
        context must name a text of the part (a field it has, or one of its
        cells), each translation must be a text without control characters
        (on one line for a name or title), keeping the ``{placeholders}`` of
        its source in *sources* (none where the source is not known yet).
        Locales are kept by their identifiers: ``it-CH`` is ``it_CH``.

        Raises:
            ValidationError: *messages* is not a mapping of locales to
                mappings of contexts to texts, names a text of another
                part, or holds a translation that cannot be used; every
                problem is listed.
        """
        problems = list(_problems(kind, key, messages, sources or {}))
        if problems:
            raise ValidationError(problems, subject=f"messages of {kind} {key!r}")
        assert isinstance(messages, Mapping)  # noqa: S101 -- checked above
        for locale, texts in messages.items():
            identifier = locale_key(locale)
            assert identifier is not None  # noqa: S101 -- checked above
            self._by_locale.setdefault(identifier, {}).update(texts)

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
        """Return the translations into *locale*, by context.

        A regional locale falls back to its language, as catalogs do
        (``it_CH`` has ``it``'s translations, and its own over them).
        """
        identifier = locale_key(locale)
        if identifier is None:
            return {}
        parts = identifier.split("_")
        found: dict[str, str] = {}
        for end in range(1, len(parts) + 1):
            found.update(self._by_locale.get("_".join(parts[:end]), {}))
        return found


def _problems(
    kind: PartKind, key: str, messages: object, sources: Mapping[str, str]
) -> list[Problem]:
    if not isinstance(messages, Mapping):
        # An example made of the part's own first text: {'it': {'role:cto:title': ...
        example = f"{{'it': {{'{kind}:{key}:{_FIELDS[kind][0][0]}': '...'}}}}"
        message = Phrase(
            "must be a mapping of locales to translations by context, such as "
            "{example}, got {got}",
            example=example,
            got=shown_phrase(messages),
        )
        return [Problem("$", message)]
    problems: list[Problem] = []
    for locale, texts in messages.items():
        where = f"$[{shown(locale)}]"
        if not isinstance(texts, Mapping):
            message = Phrase(
                "must map a locale (str) to texts by context, got {got}",
                got=shown_phrase(texts),
            )
            problems.append(Problem(where, message))
            continue
        if locale_key(locale) is None:
            message = Phrase(
                "must be a locale such as 'it', 'it_CH' or 'it-CH', got {got}",
                got=shown_phrase(locale),
            )
            problems.append(Problem(where, message))
        for context, text in texts.items():
            place = f"{where}[{shown(context)}]"
            problem = _context_problem(kind, key, context)
            if problem is not None:
                problems.append(Problem(place, problem))
                continue
            assert isinstance(context, str)  # noqa: S101 -- checked above
            check_text(problems, place, text, multiline=is_multiline(context))
            if isinstance(text, str):
                problem = _placeholder_problem(sources.get(context, ""), text)
                if problem is not None:
                    problems.append(Problem(place, problem))
    return problems


def _context_problem(kind: PartKind, key: str, context: object) -> Phrase | None:
    """Say why *context* names no text of the part *kind* *key*, if it does not."""
    if not isinstance(context, str) or _owner(context, kind) != key:
        return _not_its_context(kind, key, context)
    head, _, rest = context.partition(":")
    if head == _CELL:
        return None
    fields = [name for name, _ in _FIELDS[kind]]
    if rest.rpartition(":")[2] in fields:
        return None
    example = f"{kind}:{key}:{fields[0]}"
    # Translators: {kind} is the first part of a context ('role'), {fields}
    # the names of the texts ("title, description"), {example} a context.
    return Phrase(
        "{kind} texts are {fields}: {example}, got {got}",
        kind=repr(kind),
        fields=", ".join(fields),
        example=example,
        got=repr(context),
    )


def _not_its_context(kind: PartKind, key: str, context: object) -> Phrase:
    """Say that *context* is not the context of a text of the part *kind* *key*."""
    part, got = repr(key), shown_phrase(context)
    if kind == "role":
        return Phrase(
            "must be a context of a text of role {key}, got {got}", key=part, got=got
        )
    if kind == "level":
        return Phrase(
            "must be a context of a text of level {key}, got {got}", key=part, got=got
        )
    return Phrase(
        "must be a context of a text of issue type {key}, got {got}",
        key=part,
        got=got,
    )


def _placeholders(text: str) -> frozenset[str] | None:
    """Return the ``{placeholders}`` of *text*, or None if it is no format string."""
    try:
        return frozenset(
            field
            for _, field, _, _ in string.Formatter().parse(text)
            if field is not None
        )
    except ValueError:
        return None


def _placeholder_problem(source: str, text: str) -> Phrase | None:
    """Say how *text*'s placeholders differ from *source*'s, as catalogs are checked."""
    expected, found = _placeholders(source), _placeholders(text)
    if expected is None or expected == found:
        return None
    if found is None:
        return Phrase("must be a format string like its source: a lone '{{' or '}}'")
    wanted, got = _listed(expected), _listed(found)
    if not wanted:
        return Phrase("placeholders differ: expected none, got {got}", got=got)
    if not got:
        return Phrase(
            "placeholders differ: expected {expected}, got none", expected=wanted
        )
    # Translators: {expected} and {got} list placeholders: "{a}, {b}".
    return Phrase(
        "placeholders differ: expected {expected}, got {got}", expected=wanted, got=got
    )


def _listed(names: frozenset[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def locale_key(locale: object) -> str | None:
    """Return the identifier of *locale* (``it_CH`` for ``it-CH``), or None.

    >>> locale_key("it-CH"), locale_key("it_ch"), locale_key("../x")
    ('it_CH', 'it_CH', None)
    """
    if not isinstance(locale, str) or not _LOCALE.match(locale):
        return None
    import babel  # noqa: PLC0415 -- loaded already by anything that translates

    try:
        return str(babel.Locale.parse(locale.replace("-", "_")))
    except (ValueError, babel.UnknownLocaleError):
        return None


# The shape of a locale identifier: a language, then parts joined by "_" or "-".
_LOCALE: Final = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8}){0,3}\Z")
