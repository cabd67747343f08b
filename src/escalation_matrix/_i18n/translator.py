"""Translators: one locale, its chain of catalogs, and lookups through them.

The library's own messages (labels, explanations, command output) are
marked where they are defined with :func:`N_` or :func:`pN_`, which do
nothing at run time but let ``pybabel extract`` find them, and translated
where they are shown, through a :class:`Translator`::

    # Translators: what the label means and where it appears.
    HEADER = pN_("table", "Escalation types")
    ...
    translator(locale).pgettext(*HEADER)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Final, NamedTuple, NoReturn

import babel

from escalation_matrix._i18n.catalogs import (
    DOMAINS,
    MESSAGES_DOMAIN,
    CatalogFile,
    MessageKey,
    builtin_directory,
    catalog_directories,
    check_domain,
    file_name,
    find_catalog,
    is_program_message,
    path_list,
    read_catalog,
)
from escalation_matrix._i18n.catalogs import clear_cache as _clear_directories
from escalation_matrix._i18n.locales import (
    LocaleLike,
    known_locale,
    locale_chain,
    locale_identifier,
    parse_locale,
)
from escalation_matrix.exceptions import LocaleError, Problem, WrongTypeError

__all__ = [
    "N_",
    "SOURCE_LANGUAGE",
    "Message",
    "Translator",
    "clear_cache",
    "in_asked_language",
    "kept_wins",
    "output_locale",
    "pN_",
    "translator",
]

#: The language of the source texts: the library's messages and the
#: built-in matrix are written in English.
SOURCE_LANGUAGE: Final = "en"


class Message(NamedTuple):
    """A message marked with :func:`pN_`: its context and its source text."""

    context: str
    text: str


def N_(message: str, /) -> str:  # noqa: N802 -- the name gettext tools look for
    """Mark *message* for extraction, and return it unchanged.

    >>> N_("Escalation types")
    'Escalation types'
    """
    return message


def pN_(context: str, message: str, /) -> Message:  # noqa: N802
    """Mark *message*, in *context*, for extraction; return both.

    Translate it later with ``translator.pgettext(*marked)``. Extraction
    needs the keyword spec ``pN_:1c,2``.

    >>> pN_("table", "Operational role")
    Message(context='table', text='Operational role')
    """
    return Message(context, message)


def _source_plural(n: int) -> int:
    # English, the source language: the first form for one, the other for
    # everything else.
    return 0 if n == 1 else 1


class Translator:
    """Translations for one locale, looked up through a chain of catalogs.

    Get one from :func:`translator`. Every lookup goes through the chain
    from the most specific catalog to the least (``it_CH`` before ``it``;
    for the same locale, the caller's directories, then language packs,
    then the built-in catalogs) and falls back to the source text.

    A translation whose ``{placeholders}`` differ from its source's is
    not used: the lookup goes on down the chain, so the next catalog's
    translation, or else the source text, is given instead, and the
    translation is listed in :attr:`problems`.

    Attributes:
        locale: The locale translated to.
        sources: The catalog files read, highest priority first.
        problems: The translations of those files that are not used, each
            with its file, line, context and message, and what is wrong.
    """

    # A plain class, not attrs': the command's help is translated by one,
    # and starts without loading attrs.
    __slots__ = (
        "_given",
        "_kept",
        "_key",
        "_only_origin",
        "_origins",
        "_plurals",
        "_speaks",
        "_texts",
        "locale",
        "problems",
        "sources",
    )

    locale: babel.Locale
    sources: tuple[str, ...]
    problems: tuple[Problem, ...]
    _texts: Mapping[MessageKey, str]
    _plurals: Mapping[MessageKey, tuple[Callable[[int], int], tuple[str, ...]]]
    _origins: Mapping[MessageKey, str]
    #: The one locale every translation comes from, when there is one.
    _only_origin: str | None
    #: Translations given in code, by context, over every catalog.
    _given: Mapping[str, str]
    #: What it was made from: locale, catalog directories and domains.
    _key: tuple[object, ...]
    #: Whether its catalogs translate some of the program's messages.
    _speaks: bool
    #: Texts a translated matrix kept, with their locale, under _given.
    _kept: tuple[tuple[str, Mapping[str, str]], ...]

    def __init__(
        self,
        locale: babel.Locale,
        sources: tuple[str, ...],
        texts: Mapping[MessageKey, str],
        plurals: Mapping[MessageKey, tuple[Callable[[int], int], tuple[str, ...]]],
        *,
        problems: tuple[Problem, ...] = (),
        origins: Mapping[MessageKey, str] = MappingProxyType({}),
        only_origin: str | None = None,
        given: Mapping[str, str] = MappingProxyType({}),
        key: tuple[object, ...] = (),
        speaks: bool = False,
        kept: tuple[tuple[str, Mapping[str, str]], ...] = (),
    ) -> None:
        fields = {
            "locale": locale,
            "sources": sources,
            "problems": problems,
            "_texts": texts,
            "_plurals": plurals,
            "_origins": origins,
            "_only_origin": only_origin,
            "_given": given,
            "_key": key,
            "_speaks": speaks,
            "_kept": kept,
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        # Translators are shared by every caller asking for the same one.
        message = f"Translator is immutable: cannot set {name!r}"
        raise AttributeError(message)

    def __repr__(self) -> str:
        identifier = locale_identifier(self.locale)
        return f"<Translator {identifier} catalogs={len(self.sources)}>"

    @property
    def texts(self) -> Mapping[tuple[str | None, str], str]:
        """Every singular translation, by ``(context, message)``; read-only."""
        return self._texts

    @property
    def speaks(self) -> bool:
        """Whether its catalogs translate some of the program's messages."""
        return self._speaks

    @property
    def origins(self) -> Mapping[tuple[str | None, str], str]:
        """The locale whose catalog gave each of :attr:`texts`; read-only.

        Locales are identifiers of the chain (``"it_CH"``, ``"it"``), by
        ``(context, message)``.
        """
        return self._origins

    def with_messages(self, messages: Mapping[str, str]) -> Translator:
        """Return this translator with *messages* over its catalogs.

        *messages* are translations by context alone (``level:L5:name``),
        checked beforehand (see
        :func:`~escalation_matrix._i18n.messages.check_messages`); a lookup
        in one of their contexts gives them, whatever its source text.
        """
        if not messages:
            return self
        return self._with(given={**self._given, **messages}, kept=self._kept)

    def with_kept(self, locale: str, texts: Mapping[str, str]) -> Translator:
        """Return this translator with a translated matrix's *texts* kept.

        *texts*, by context, are in *locale*, of this translator's
        language: a lookup in one of their contexts gives them unless
        translations given in code, or a catalog of a locale more specific
        than *locale*, translate it (see :func:`kept_wins`).
        """
        return self._with(given=self._given, kept=(*self._kept, (locale, texts)))

    def _with(
        self,
        *,
        given: Mapping[str, str],
        kept: tuple[tuple[str, Mapping[str, str]], ...],
    ) -> Translator:
        """Return a translator like this one with *given* and *kept* texts."""
        return Translator(
            self.locale,
            self.sources,
            self._texts,
            self._plurals,
            problems=self.problems,
            origins=self._origins,
            only_origin=self._only_origin,
            given=given,
            key=self._key,
            speaks=self._speaks,
            kept=kept,
        )

    def gettext(self, message: str) -> str:
        """Return the translation of *message* (no context), or *message*."""
        return self._texts.get((None, message), message)

    def pgettext(self, context: str, message: str) -> str:
        """Return the translation of *message* in *context*, or *message*."""
        if self._given:
            found = self._given.get(context)
            if found is not None:
                return found
        key = (context, message)
        for locale, texts in self._kept:
            own = texts.get(context)
            if own is not None and (
                key not in self._texts or kept_wins(locale, self._origins, key)
            ):
                return own
        return self._texts.get(key, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Return the form of a message for the count *n*.

        Falls back to *singular* for one and *plural* otherwise.
        """
        return self._plural(None, singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """Return the form of a message in *context* for the count *n*."""
        return self._plural(context, singular, plural, n)

    def _plural(self, context: str | None, singular: str, plural: str, n: int) -> str:
        found = self._plurals.get((context, singular))
        if found is not None:
            rule, forms = found
            index = rule(n)
            if 0 <= index < len(forms):
                return forms[index]
        return singular if _source_plural(n) == 0 else plural


def kept_wins(
    locale: str,
    origins: Mapping[tuple[str | None, str], str],
    key: tuple[str | None, str],
) -> bool:
    """Tell whether a text kept in *locale* comes before a catalog's for *key*.

    It does unless a catalog of a locale more specific than *locale* (one
    *locale*'s chain does not hold: ``it_CH`` for ``it``) translates the
    text, the source text of *key*: *origins* gives the locale of each
    catalog translation, and a text no catalog translates is kept.

    >>> kept_wins("it", {("c", "x"): "it_CH"}, ("c", "x"))
    False
    >>> kept_wins("it_CH", {("c", "x"): "it"}, ("c", "x"))
    True
    """
    origin = origins.get(key)
    if origin is None:
        return True
    return origin in locale_chain(parse_locale(locale))


def translator(
    locale: LocaleLike | None = None,
    *,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    domain: str | tuple[str, ...] = DOMAINS,
) -> Translator:
    """Return the translator for *locale*, reading its catalogs on first use.

    Args:
        locale: The locale to translate to; None gives the source texts
            (English) without reading any catalog.
        catalogs: Catalog directories (gettext layout) searched before
            language packs and the built-in catalogs.
        domain: The gettext domain, the catalog files' name, or several,
            whose catalogs are merged: by default both the matrix texts'
            and the program messages' (their contexts never meet).

    Returns:
        A translator, shared by every call with the same arguments.

    Raises:
        LocaleError: *locale* is malformed or unknown.
        CatalogError: a catalog file or a language pack is broken, or
            *domain* is not a file-name stem.

    >>> translator("it").pgettext("table", "Escalation types")
    'Tipi di escalation'
    >>> translator("it").gettext("Not a message of the catalog")
    'Not a message of the catalog'
    >>> translator("it/../../x")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.LocaleError: Invalid locale 'it/../../x': expected ...
    """
    if locale is None:
        return _SOURCE
    identifier = locale_identifier(parse_locale(locale))
    directories = path_list("catalogs", catalogs)
    domains = tuple(domain) if isinstance(domain, tuple | list) else (domain,)
    return _translator(identifier, directories, tuple(map(check_domain, domains)))


# The package's catalog of its messages in their own language, which gives
# each one as it is written (as the English catalogs are made): it is not
# read, as a fresh command's start would spend more time reading it than on
# anything else it translates. The built-in English catalog of matrix texts
# is read: translate() notes which locale each text came from.
_SELF_TRANSLATED: Final = (SOURCE_LANGUAGE, MESSAGES_DOMAIN)


@cache
def _translator(
    identifier: str, directories: tuple[str, ...], domains: tuple[str, ...]
) -> Translator:
    locale = parse_locale(identifier)
    bases = catalog_directories(directories)
    builtin = builtin_directory()
    files: list[tuple[str, CatalogFile]] = []
    for candidate in locale_chain(locale):
        for base in bases:
            for domain in domains:
                if base is builtin and (candidate, domain) == _SELF_TRANSLATED:
                    continue  # each message as it is: a lookup that misses says it
                found = find_catalog(base, candidate, domain)
                if found is not None:
                    # The package's compiled catalogs were checked when built.
                    checked = base is builtin and file_name(found).endswith(".mo")
                    files.append((candidate, read_catalog(found, checked=checked)))
    texts: dict[MessageKey, str] = {}
    origins: dict[MessageKey, str] = {}
    plurals: dict[MessageKey, tuple[Callable[[int], int], tuple[str, ...]]] = {}
    # Merged once, lowest priority first, so that every later lookup is a
    # single dictionary access whatever the length of the chain.
    for candidate, file in reversed(files):
        texts.update(file.texts)
        origins.update(dict.fromkeys(file.texts, candidate))
        plurals.update(
            (key, (file.plural, forms)) for key, forms in file.plurals.items()
        )
    sources = tuple(file.source for _, file in files)
    problems = tuple(problem for _, file in files for problem in file.problems)
    distinct = set(origins.values())
    return Translator(
        locale,
        sources,
        MappingProxyType(texts),
        plurals,
        problems=problems,
        origins=MappingProxyType(origins),
        only_origin=distinct.pop() if len(distinct) == 1 else None,
        key=(identifier, directories, domains),
        speaks=any(is_program_message(context) for context, _ in (*texts, *plurals)),
    )


_SOURCE: Final = Translator(babel.Locale(SOURCE_LANGUAGE), (), {}, {})


def output_locale(
    requested: LocaleLike | Iterable[LocaleLike] | None,
    *,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    domain: str | tuple[str, ...] = DOMAINS,
    fallback: LocaleLike | None = None,
) -> babel.Locale | None:
    """Return the locale an output is in: one language for all of it.

    The first of *requested* (a locale, or locales in order of preference)
    in which the program's messages exist: the source language's locales
    (``en_GB``), or a locale a catalog of the program's messages translates
    to (its own, or one of its language: ``it``'s serves ``it_CH``, which
    keeps its own formats; a catalog none of whose translations of program
    messages can be used counts as none). Catalogs of matrix texts alone do
    not make a locale an output language: its sentences would be English
    around translated names and dates. Else *fallback*, the language of the
    matrix shown, when the program's messages exist in it; else the
    source language, English. Sentences, names, dates and lists are then
    all in that one language.

    Args:
        requested: The locale or locales asked for; None for none, which
            stays None (the source texts, as they are).
        catalogs: Catalog directories searched first, as for
            :func:`translator`.
        domain: The gettext domain or domains whose catalogs count; the
            entries that count are the program's messages (see
            :func:`~escalation_matrix._i18n.catalogs.is_program_message`),
            in whichever file.
        fallback: The language of the matrix shown (its ``language``),
            chosen when no locale asked for has the program's messages.

    Returns:
        The locale to translate and format in, or None.

    Raises:
        LocaleError: a locale asked for is malformed (one that is well
            formed but that Babel has no data for is passed over).

    >>> output_locale("it_CH")
    Locale('it', territory='CH')
    >>> output_locale("de_DE")
    Locale('en')
    >>> output_locale(["fr", "it"])
    Locale('it')
    >>> output_locale(["xx", "it_IT@euro"])
    Locale('it', territory='IT')
    >>> output_locale("xx")
    Locale('en')
    >>> output_locale("de_DE", fallback="it")
    Locale('it')
    """
    if requested is None:
        return None
    if isinstance(requested, str | babel.Locale):
        wanted: tuple[LocaleLike, ...] = (requested,)
    elif isinstance(requested, list | tuple):
        wanted = tuple(requested)
    else:
        expected = "a locale (str or babel.Locale), a list of them, or None"
        raise WrongTypeError("locale", requested, expected)
    directories = path_list("catalogs", catalogs)
    # Every entry is checked before any is used: a malformed one is refused
    # wherever it stands; one Babel has no data for is passed over, as
    # gettext passes over a LANGUAGE entry it has no catalog for.
    known = [known_locale(candidate) for candidate in wanted]
    for chosen in known:
        if chosen is not None and _has_messages(chosen, directories, domain):
            return chosen
    if fallback is not None:
        try:
            language = parse_locale(fallback)
        except LocaleError:
            language = None  # a matrix's language names no known locale
        if language is not None and _has_messages(language, directories, domain):
            return language
    return babel.Locale(SOURCE_LANGUAGE)


def _has_messages(
    locale: babel.Locale, catalogs: tuple[str, ...], domain: str | tuple[str, ...]
) -> bool:
    """Tell whether the program's messages exist in *locale*."""
    if locale.language == SOURCE_LANGUAGE:
        return True
    found = translator(locale, catalogs=catalogs, domain=domain)
    return found._speaks  # noqa: SLF001 -- the module's own class


def in_asked_language(
    requested: LocaleLike | Iterable[LocaleLike] | None, chosen: babel.Locale | None
) -> bool:
    """Tell whether an output in *chosen* is in the language first asked for.

    Translations given in code (``messages=``) are in the locale asked for,
    the first of a list: they are used when the output is in its language,
    and left out when no catalog has it and the output is in English, so
    that the output stays in one language.

    >>> in_asked_language("it_CH", output_locale("it_CH"))
    True
    >>> in_asked_language(["de", "it"], output_locale(["de", "it"]))
    False
    """
    if requested is None or chosen is None:
        return False
    first = requested if isinstance(requested, str | babel.Locale) else None
    if first is None and isinstance(requested, list | tuple) and requested:
        first = requested[0]
    if first is None:
        return False
    asked = known_locale(first)
    return asked is not None and asked.language == chosen.language


def clear_cache(*, language_packs: bool = True) -> None:
    """Forget every catalog read (and language pack found) so far.

    The next :func:`translator` call reads its catalogs again: after a
    catalog file changed, or a language pack was installed, while the
    program runs.

    Args:
        language_packs: Also scan the installed language packs again.
    """
    _translator.cache_clear()
    if language_packs:
        _clear_directories()
