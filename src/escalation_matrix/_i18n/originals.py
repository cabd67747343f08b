"""What each translation was made from: its original matrix, locale and source texts.

Kept apart from :mod:`~escalation_matrix._i18n.translate`, which records
them, so that routing, which reads them for every decision on a
translated matrix, loads none of the translating.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from escalation_matrix._model.matrix import Matrix
from escalation_matrix._model.texts import matrix_texts

__all__ = ["kept_texts", "original_of", "remember_original", "source_texts"]


# The matrix each translation was made from, by the translation's id, for
# as long as the translation lives, the locale it was asked for, and the
# source texts worked out from it: a decision routed on a translation
# carries its source texts, so that it can be told in any locale, and its
# translated texts, which no catalog may have (those given in code).
_ORIGINALS: dict[int, Matrix] = {}
_LOCALES: dict[int, str] = {}
_SOURCES: dict[int, Mapping[str, str]] = {}


def original_of(matrix: Matrix, /) -> Matrix:
    """Return the matrix *matrix* was translated from, or *matrix* itself."""
    return _ORIGINALS.get(id(matrix), matrix)


def remember_original(translated: Matrix, original: Matrix, locale: str) -> None:
    """Note that *translated* was made from *original*, asked for in *locale*."""
    key = id(translated)
    _ORIGINALS[key] = _ORIGINALS.get(id(original), original)
    _LOCALES[key] = locale
    weakref.finalize(translated, _forget, key)


def _forget(key: int) -> None:
    _ORIGINALS.pop(key, None)
    _LOCALES.pop(key, None)
    _SOURCES.pop(key, None)


def kept_texts(matrix: Matrix, /) -> tuple[str, Mapping[str, str]] | None:
    """Return the locale and translated texts of a translation, or None.

    For a matrix made by :func:`~escalation_matrix.translate`, the locale
    it was asked for and each text that differs from the matrix it was
    translated from, by context; for any other matrix, None.

    >>> from escalation_matrix import default_matrix, translate
    >>> locale, texts = kept_texts(translate(default_matrix(), "it"))
    >>> locale, texts["level:L1:name"]
    ('it', 'Livello 1 - Escalation')
    >>> kept_texts(default_matrix()) is None
    True
    """
    key = id(matrix)
    locale = _LOCALES.get(key)
    if locale is None:
        return None
    sources = source_texts(matrix)
    texts = {
        item.context: item.text
        for item in matrix_texts(matrix)
        if item.context in sources
    }
    return locale, MappingProxyType(texts)


def source_texts(matrix: Matrix, /) -> Mapping[str, str]:
    """Return the source texts of *matrix*'s translated texts, by context.

    For a matrix made by :func:`~escalation_matrix.translate`, each text
    that differs from the matrix it was translated from maps its context to
    the source text; for any other matrix, nothing. Routing results carry
    these source texts, so that they are looked up in whatever locale they
    are told in.

    >>> from escalation_matrix import default_matrix, translate
    >>> source_texts(translate(default_matrix(), "it"))["level:L1:name"]
    'Level 1 - Escalation'
    >>> dict(source_texts(default_matrix()))
    {}
    """
    key = id(matrix)
    original = _ORIGINALS.get(key)
    if original is None:
        return _NO_SOURCES
    found = _SOURCES.get(key)
    if found is None:
        now = {item.context: item.text for item in matrix_texts(matrix)}
        found = _SOURCES[key] = MappingProxyType(
            {
                item.context: item.text
                for item in matrix_texts(original)
                if now.get(item.context, item.text) != item.text
            }
        )
    return found


_NO_SOURCES: Final[Mapping[str, str]] = MappingProxyType({})
