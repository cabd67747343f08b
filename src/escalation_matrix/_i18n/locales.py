"""Locale identifiers: validated before Babel or any file path sees them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, TypeAlias

import babel

from escalation_matrix._i18n.locale_data import prepared
from escalation_matrix.exceptions import LocaleError, WrongTypeError

__all__ = [
    "LocaleLike",
    "known_locale",
    "locale_chain",
    "locale_identifier",
    "parse_locale",
]

#: A locale as callers give it: an identifier (``"it"``, ``"it_IT"``,
#: ``"it-CH"``, ``"it_IT.UTF-8"``) or a :class:`babel.Locale`.
LocaleLike: TypeAlias = str | babel.Locale

# The shape of a locale identifier, checked before anything else happens to
# it: language, optional script, territory and variant (the BCP 47 subtags
# that gettext catalogs are named after), and the POSIX encoding suffix that
# LANG-style values carry (``it_IT.UTF-8``), then a POSIX modifier
# (``it_IT@euro``, ``sr_RS@latin``). Nothing that could name another
# directory (no "/", "\\", ".." or NUL) fits.
_SHAPE: Final = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:[_-](?P<script>[A-Za-z]{4}))?"
    r"(?:[_-](?P<territory>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:[_-](?P<variant>[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))?"
    r"(?:\.(?P<encoding>[A-Za-z0-9][A-Za-z0-9_-]{0,31}))?"
    r"(?:@(?P<modifier>[A-Za-z0-9]{1,32}))?"
    r"\Z"
)
_EXPECTED: Final = (
    "expected a locale identifier such as 'it', 'it_IT' or 'it-CH' (an encoding "
    "suffix such as '.UTF-8' or a modifier such as '@euro' is accepted and ignored)"
)
# The POSIX locales, which name no language (LANG=C.UTF-8 in containers).
_NO_LANGUAGE: Final = frozenset({"C", "POSIX"})
_NAMES_NO_LANGUAGE: Final = (
    "C and POSIX name no language; for the environment's locale, treat them as "
    "none (English, the source language), or give a locale identifier such as "
    "'it' or 'it_IT'"
)
# The POSIX locale modifiers that name a script (glibc's sr_RS@latin): kept,
# as the script they name; any other ("@euro") is dropped, as the encoding is.
_SCRIPTS: Final = {"latin": "Latn", "cyrillic": "Cyrl"}
# Identifiers that have the shape of a language but name none: "und" is
# BCP 47's "undetermined", which Babel would silently turn into en_US.
_NOT_LANGUAGES: Final = frozenset({"und"})


def parse_locale(value: LocaleLike, /) -> babel.Locale:
    """Return the :class:`babel.Locale` named by *value*.

    A string must have the shape of a locale identifier before Babel sees
    it: language, then optional script, territory and variant, separated by
    ``_`` or ``-``, in any letter case. The encoding suffix of POSIX
    ``LANG``-style values (``it_IT.UTF-8``) is accepted and dropped, since
    texts are Unicode whatever the terminal's encoding; so is a POSIX
    ``@`` modifier (``it_IT@euro``), as the environment's are, unless it
    names a script (``sr_RS@latin`` is ``sr_Latn_RS``).
    ``C`` and ``POSIX`` name no language; callers reading ``LANG`` should
    treat them as "no translation".

    Args:
        value: The identifier, or a :class:`babel.Locale` (returned as is).

    Returns:
        The locale.

    Raises:
        LocaleError: *value* is malformed or names no locale Babel knows.
        WrongTypeError: *value* is neither a string nor a babel.Locale.

    >>> parse_locale("it-CH")
    Locale('it', territory='CH')
    >>> parse_locale("it_IT.UTF-8")
    Locale('it', territory='IT')
    >>> parse_locale("../../etc")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.LocaleError: Invalid locale '../../etc': expected ...
    """
    if isinstance(value, babel.Locale):
        return value
    if not isinstance(value, str):
        raise WrongTypeError("locale", value, "a str or a babel.Locale")
    return _parse(value)


def known_locale(value: LocaleLike, /) -> babel.Locale | None:
    """Return the locale named by *value*, or None if Babel has no data for it.

    For a list of locales in order of preference, where one the program
    knows nothing of is passed over, as gettext passes over a ``LANGUAGE``
    entry it has no catalog for; a malformed identifier is still refused.

    >>> known_locale("it_IT@euro"), known_locale("xx")
    (Locale('it', territory='IT'), None)

    Raises:
        LocaleError: *value* is malformed.
        WrongTypeError: *value* is neither a string nor a babel.Locale.
    """
    if isinstance(value, babel.Locale):
        return value
    if not isinstance(value, str):
        raise WrongTypeError("locale", value, "a str or a babel.Locale")
    _identifier(value)  # raises if malformed, which no list passes over
    try:
        return _parse(value)
    except LocaleError:
        return None


@lru_cache(maxsize=256)
def _parse(value: str) -> babel.Locale:
    # Cached: Babel checks its locale data files on every parse, and the
    # same few identifiers are asked for again and again. Errors are not
    # cached, so malformed input cannot fill the cache.
    identifier = _identifier(value)
    try:
        found = babel.Locale.parse(identifier)
    except (babel.UnknownLocaleError, ValueError):
        reason = f"unknown locale {identifier!r}; Babel has no data for it"
        raise LocaleError(value, reason) from None
    return prepared(found)


def _identifier(value: str) -> str:
    """Return the identifier Babel is asked for, or raise if *value* is malformed."""
    match = _SHAPE.match(value)
    posix = value.partition(".")[0].partition("@")[0].upper()
    if match is None and posix in _NO_LANGUAGE:
        raise LocaleError(value, _NAMES_NO_LANGUAGE)
    if match is None:
        raise LocaleError(value, _EXPECTED)
    language, script, territory, variant, modifier = match.group(
        "language", "script", "territory", "variant", "modifier"
    )
    if language.lower() in _NOT_LANGUAGES:
        raise LocaleError(value, f"{language!r} names no language; {_EXPECTED}")
    script = script or _SCRIPTS.get((modifier or "").lower())
    return "_".join(part for part in (language, script, territory, variant) if part)


def locale_identifier(locale: babel.Locale, /) -> str:
    """Return *locale*'s identifier, built only from its validated parts.

    >>> locale_identifier(parse_locale("zh-TW"))
    'zh_Hant_TW'
    """
    parts = (locale.language, locale.script, locale.territory, locale.variant)
    return "_".join(part for part in parts if part)


def locale_chain(locale: babel.Locale, /) -> tuple[str, ...]:
    """Return the identifiers to look catalogs up under, most specific first.

    The variant, then the territory, then the script are dropped in turn,
    keeping the script as long as possible (``sr_Latn`` is a better fallback
    for ``sr_Latn_RS`` than ``sr_RS``, which is written in Cyrillic); the
    language alone comes last.

    >>> locale_chain(parse_locale("it_CH"))
    ('it_CH', 'it')
    >>> locale_chain(parse_locale("zh_TW"))
    ('zh_Hant_TW', 'zh_Hant', 'zh_TW', 'zh')
    """
    language, territory, variant = locale.language, locale.territory, locale.variant
    scripts = (locale.script, None) if locale.script else (None,)
    candidates = [
        "_".join(part for part in (language, script, *rest) if part)
        for script in scripts
        for rest in ((territory, variant), (territory, None), (None, None))
    ]
    return tuple(dict.fromkeys(candidates))
