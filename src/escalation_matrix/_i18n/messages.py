"""Translations given in code: matrix texts by context, checked as catalogs are.

``messages={"level:L5:name": "Livello 5", ...}`` translates the texts it
names over and above every catalog, with the contexts catalogs use.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Final, TypeAlias

import babel

from escalation_matrix._base.shown import shown, shown_phrase
from escalation_matrix._i18n.catalogs import check_phrase
from escalation_matrix._i18n.locales import (
    LocaleLike,
    known_locale,
    locale_chain,
    locale_identifier,
    parse_locale,
)
from escalation_matrix._model.texts import TRANSLATABLE, is_multiline
from escalation_matrix.exceptions import CatalogError, Phrase, Problem, WrongTypeError

__all__ = [
    "NO_MESSAGES",
    "GivenMessages",
    "check_messages",
    "context_problem",
    "messages_in",
]

#: Translations given in code: by context, or by locale then context.
GivenMessages: TypeAlias = Mapping[str, str] | Mapping[str, Mapping[str, str]]

#: No translations given in code.
NO_MESSAGES: Final[Mapping[str, str]] = MappingProxyType({})

_FIELDS: Final = {
    spec.kind: [name for name, _ in spec.fields] for spec in TRANSLATABLE.values()
}
_CELL: Final = "cell"
_MATRIX: Final = "matrix"


def context_problem(context: str, /) -> str | None:
    """Say why *context* names no kind of matrix text, or None if it does.

    >>> context_problem("level:L5:name")
    >>> context_problem("level:L5:title")
    "'level' texts are name, description; got 'level:L5:title'"
    """
    found = _context_phrase(context)
    return None if found is None else str(found)


def _context_phrase(context: str) -> Phrase | None:
    """Say why *context* names no kind of matrix text, as a phrase, or None."""
    kind, _, rest = context.partition(":")
    if kind == _CELL:
        issue_type, _, level = rest.partition(":")
        if issue_type and level and ":" not in level:
            return None
    elif kind in _FIELDS:
        key, _, field = rest.rpartition(":")
        if kind == _MATRIX:
            key, field = kind, rest
        if key and field in _FIELDS[kind]:
            return None
        if key:
            # Translators: {kind} is a kind of part, such as 'level', {fields}
            # the names of its texts, "name, description", {got} the context.
            return Phrase(
                "{kind} texts are {fields}; got {got}",
                kind=repr(kind),
                fields=", ".join(_FIELDS[kind]),
                got=repr(context),
            )
    return Phrase(
        "must be a text context such as 'matrix:title', 'level:<key>:name' or "
        "'cell:<issue type>:<level>', got {got}",
        got=repr(context),
    )


def check_messages(
    messages: object,
    sources: Mapping[str, str] | None = None,
    *,
    keys: Mapping[str, Collection[str]] | None = None,
    carried: Mapping[str, str] | None = None,
) -> Mapping[str, str]:
    """Return *messages* as a read-only mapping, once every entry is checked.

    Each key must be a text context; with *sources* (the source texts of a
    matrix, by context), one of the matrix's. Each translation must be a
    non-blank string keeping its source's ``{placeholders}``, without
    control characters, and on one line where its source must be: the
    checks of catalog entries.

    Args:
        messages: The translations, by context; None for none.
        sources: The source text of every context that may be translated,
            or None to check the contexts' form only (a decision or plan
            told without its matrix).
        keys: Without *sources*, the keys known of some kinds of part
            (``{"level": ("L1", "L2")}``): a context naming another key of
            those kinds (``level:L9:name``, ``cell:outage:L9``) is wrong.
        carried: Without *sources*, the source texts known of some
            contexts (those a decision or plan carries): a translation of
            one is checked against its text, as against a matrix's; one of
            another context may break its lines where its kind of text may.

    Returns:
        The translations, by context.

    Raises:
        WrongTypeError: *messages* is not a mapping.
        CatalogError: Listing every entry that is wrong, each under
            ``messages['<context>']``.

    >>> check_messages({"level:L9:name": "Livello 9"}, {"level:L1:name": "Level 1"})
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.CatalogError: Invalid message catalog:
      messages['level:L9:name']: not a text of the matrix; did you mean
      'level:L1:name'?
    """
    if messages is None:
        return NO_MESSAGES
    if not isinstance(messages, Mapping):
        expected = "a mapping of text contexts ('level:L5:name') to translations"
        raise WrongTypeError("messages", messages, expected)
    problems: list[Problem] = []
    checked: dict[str, str] = {}
    for context, text in messages.items():
        where = f"messages[{shown(context)}]"
        problem = _problem(context, text, sources, carried) or _key_problem(
            context, keys
        )
        if problem is None:
            checked[context] = text
        else:
            problems.append(Problem(where, problem))
    if problems:
        raise CatalogError(problems)
    return MappingProxyType(checked)


def _problem(
    context: object,
    text: object,
    sources: Mapping[str, str] | None,
    carried: Mapping[str, str] | None = None,
) -> Phrase | str | None:
    if not isinstance(context, str):
        return Phrase(
            "a context must be a str such as 'level:L5:name', got {got}",
            got=shown_phrase(context),
        )
    found = _context_phrase(context)
    if found is not None:
        return found
    if sources is not None and context not in sources:
        close = _close(context, _same_kind(context, sources))
        if close is None:
            return Phrase("not a text of the matrix")
        return Phrase("not a text of the matrix; did you mean {close}?", close=close)
    if not isinstance(text, str) or not text.strip():
        return Phrase("must be a non-blank text, got {got}", got=shown_phrase(text))
    # Imported here: the checks are needed only when translations are given.
    from escalation_matrix._i18n.catalog_checks import (  # noqa: PLC0415
        control_problem,
        placeholder_problem,
    )

    # Without its source, a text may break its lines where its kind may.
    known = sources if sources is not None else carried or {}
    source = known.get(context, "\n" if is_multiline(context) else "")
    problem = placeholder_problem((source,), (text,)) or control_problem(
        (source,), (text,)
    )
    return None if problem is None else check_phrase(problem)


def _same_kind(context: str, sources: Iterable[str]) -> list[str]:
    """Return the contexts of *sources* of *context*'s kind, or all if none.

    A suggestion for ``level:L1:description`` is then another level's text.
    """
    known = list(sources)
    prefix = context.partition(":")[0] + ":"
    alike = [item for item in known if item.startswith(prefix)]
    return alike or known


def _close(word: str, known: Iterable[str]) -> str | None:
    """Return the one of *known* closest to *word*, quoted, or None."""
    import difflib  # noqa: PLC0415 -- for a mistake only

    close = difflib.get_close_matches(word, list(known), n=1)
    return repr(close[0]) if close else None


def _key_problem(
    context: object, keys: Mapping[str, Collection[str]] | None
) -> Phrase | None:
    """Say which key of *context* is none of the *keys* known, if one is."""
    if keys is None or not isinstance(context, str):
        return None
    kind, _, rest = context.partition(":")
    if kind == _CELL:
        kind, key = "level", rest.partition(":")[2]
    else:
        key = rest.rpartition(":")[0]
    known = keys.get(kind)
    if known is None or key in known:
        return None
    if kind == "level":
        said = Phrase("names no level of the matrix: {key}", key=repr(key))
    elif kind == "role":
        said = Phrase("names no role of the matrix: {key}", key=repr(key))
    else:
        # Translators: {kind} is the kind of part, as contexts name it
        # ("issue_type"), {key} its key.
        said = Phrase("names no {kind} of the matrix: {key}", kind=kind, key=repr(key))
    close = _close(key, known)
    if close is None:
        return said
    # Translators: {problem} says what is wrong; {close} is what was likely meant.
    return Phrase("{problem}; did you mean {close}?", problem=said, close=close)


def messages_in(
    messages: object,
    requested: LocaleLike | Iterable[LocaleLike] | None,
    chosen: babel.Locale | None,
    check: Callable[[object], Mapping[str, str]],
) -> Mapping[str, str] | None:
    """Return the translations given in code that an output in *chosen* uses.

    *messages* is either flat, ``{context: text}``, in the language of the
    output, or by locale, ``{locale: {context: text}}`` (``it_CH`` and
    ``it-CH`` alike), as the builder gives them. Every mapping given is
    checked with *check*, whether or not the output uses it. A flat mapping
    is used when the output is in a language asked for, whichever of a list
    it is: ``locale=["fr", "it"]`` without French catalogs gives Italian, with
    the flat texts; an output in no language asked for (the matrix's, or the
    source language) leaves them out. By locale, those of *chosen*'s locale
    chain are used (``it`` then ``it_CH`` over it).

    Raises:
        LocaleError: a locale of *messages* is malformed or unknown.
        WrongTypeError: *messages* is not a mapping.
        CatalogError: an entry is wrong (see :func:`check_messages`).
    """
    if messages is None:
        return None
    if not isinstance(messages, Mapping):
        expected = (
            "a mapping of text contexts ('level:L5:name') to translations, or "
            "of locales to such mappings"
        )
        raise WrongTypeError("messages", messages, expected)
    nested = [isinstance(value, Mapping) for value in messages.values()]
    if any(nested) and not all(nested):
        # Translators: "by context" maps 'level:L5:name' to its text, "by
        # locale" maps 'it' to such a mapping.
        reason = Phrase(
            "must be translations by context or by locale, not both: "
            "{text} maps to a text, {locale} to a mapping",
            text=shown(next(k for k, v in zip(messages, nested, strict=True) if not v)),
            locale=shown(next(k for k, v in zip(messages, nested, strict=True) if v)),
        )
        raise CatalogError([Problem("messages", reason)])
    if not messages or not all(nested):
        checked = check(messages)
        return checked if _asked_for(requested, chosen) else None
    by_locale: dict[str, Mapping[str, str]] = {}
    for locale, texts in messages.items():
        identifier = locale_identifier(parse_locale(locale))
        by_locale[identifier] = {**by_locale.get(identifier, {}), **check(texts)}
    if chosen is None:
        return None
    merged: dict[str, str] = {}
    for identifier in reversed(locale_chain(chosen)):
        merged.update(by_locale.get(identifier, {}))
    return MappingProxyType(merged) if merged else None


def _asked_for(
    requested: LocaleLike | Iterable[LocaleLike] | None, chosen: babel.Locale | None
) -> bool:
    """Tell whether *chosen* is in the language of a locale of *requested*."""
    if requested is None or chosen is None:
        return False
    asked = (
        (requested,) if isinstance(requested, str | babel.Locale) else tuple(requested)
    )
    return any(
        known is not None and known.language == chosen.language
        for known in map(known_locale, asked)
    )
