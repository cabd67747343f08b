"""Translating a matrix: every display text in a locale, everything else kept."""

from __future__ import annotations

import contextlib
import operator
import os
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, TypeVar, cast

import attrs
import babel

from escalation_matrix._base.checks import check_language, raise_if, require_type
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._i18n.catalogs import DOMAINS
from escalation_matrix._i18n.locales import (
    LocaleLike,
    locale_chain,
    locale_identifier,
    parse_locale,
)
from escalation_matrix._i18n.messages import (
    GivenMessages,
    check_messages,
    messages_in,
)
from escalation_matrix._i18n.originals import (
    kept_texts,
    original_of,
    remember_original,
)
from escalation_matrix._i18n.translator import Translator, kept_wins, translator
from escalation_matrix._model.matrix import IssueType, Matrix
from escalation_matrix._model.texts import matrix_texts, translatable
from escalation_matrix.exceptions import CatalogError, MissingTranslationsError, Problem

__all__ = [
    "Find",
    "Missing",
    "retext",
    "translate",
]

T = TypeVar("T")

_NOTHING: Final[MappingProxyType[tuple[str | None, str], str]] = MappingProxyType({})


def translate(
    matrix: Matrix,
    locale: LocaleLike,
    *,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    messages: GivenMessages | None = None,
    strict: bool = False,
    domain: str | tuple[str, ...] = DOMAINS,
) -> Matrix:
    """Return *matrix* with every display text in *locale*.

    Titles, names, descriptions and responsibility texts are looked up by
    their context and source text, from the most specific catalog to the
    least (``it_CH``, then ``it``); a text no catalog translates keeps its
    source text. Keys, ranks, delays and the policy are unchanged.
    Translate the source matrix: its texts are the message ids. A matrix
    this function made is translated from the matrix it was made from, so
    that ``translate(translate(matrix, "it"), "en")`` is in English again.
    Matrices never change: translating the same matrix again to the same
    locale with the same catalogs gives the translation made before (the
    latest few are kept), unless *messages* are given.

    A translation keeps its texts in its own language: translating it to a
    locale of that language (``"it"`` or ``"it_CH"`` for a translation to
    ``"it"``) gives them again, those given in code included, unless a
    catalog of a more specific locale (``it_CH``) or *messages* translate
    them; so rendering an Italian matrix in Italian never brings back its
    source texts.

    The result's ``language`` says what language its texts are in. When
    every text has a translation, it is the most specific locale of the
    chain whose catalogs gave at least one of them (``"it"`` for
    ``"it_CH"`` when only an Italian catalog has the texts). Otherwise, it
    is the matrix's own ``language``, unchanged: texts no catalog
    translates keep their source text, which is in that language, and a
    locale is never claimed for texts no catalog of it gave. A partial
    translation is therefore in two languages, its ``language`` naming the
    one of its untranslated texts; pass *strict* to be sure that every text
    is translated.

    Args:
        matrix: The matrix to translate, in its source language.
        locale: The locale (``"it"``, ``"it_IT"``, ``"it-CH"``, a
            :class:`babel.Locale`); an encoding and a modifier, as ``LANG``
            writes them (``"it_IT.UTF-8"``, ``"it_IT@euro"``), are dropped.
            Unlike :func:`~escalation_matrix.render`, which passes over a
            locale Babel has no data for and says its output in the next
            one, or English, this names the matrix's new ``language``: one
            Babel does not know is refused.
        catalogs: Catalog directories in the gettext layout
            (``<dir>/<locale>/LC_MESSAGES/<domain>.po`` or ``.mo``),
            searched before language packs and the built-in catalogs. Each
            must exist.
        messages: Translations given in code, by the contexts catalogs use
            (``{"level:L5:name": "Livello 5"}``), over and above every
            catalog; each must name a text of *matrix* and pass the checks
            of catalog entries. They may also be given by locale
            (``{"it": {"level:L5:name": "Livello 5"}}``), as the builder
            and :func:`~escalation_matrix.render` take them: those of
            *locale*'s chain are used (``it``, then ``it_CH`` over it),
            the others only checked.
        strict: Raise instead of keeping source texts, when *locale* is in
            another language than the matrix's ``language``; and raise if a
            catalog read has a translation that cannot be used (see below).
        domain: The gettext domain or domains read, the catalog files'
            names: by default both the matrix texts' and the program
            messages', since each entry counts by its context, whichever
            of the two files holds it.

    Returns:
        The translated matrix.

    Raises:
        LocaleError: *locale*, or a locale of *messages*, is malformed or
            unknown.
        MissingTranslationsError: *strict* is true and some texts have no
            translation; every one is listed.
        CatalogError: a catalog file or a language pack is broken; or
            *strict* is true and a catalog has translations whose
            ``{placeholders}`` differ from their source's, each listed with
            its file, line, context and message. Without *strict*, such a
            translation is not used: the text is looked up further down the
            chain, or keeps its source text.
            A wrong entry of *messages* raises it whatever *strict*, listing
            every one, and so does a mapping mixing the two forms.
        WrongTypeError: *matrix* is not a Matrix, *messages* not a
            mapping, or *strict* not a bool.
        FileNotFoundError: A directory of *catalogs* does not exist.
        NotADirectoryError: A path of *catalogs* is not a directory.

    >>> from escalation_matrix import default_matrix
    >>> italian = translate(default_matrix(), "it")
    >>> italian.role("project_team_contact").title
    'Contatto del team del progetto'
    >>> italian.responsibility("performance_hiccups", "L2")
    'Formula strategie per migliorare le prestazioni del servizio.'
    >>> italian.language
    'it'
    >>> translate(default_matrix(), "it_CH").language
    'it'
    >>> translate(default_matrix(), "fr").language
    'en'
    >>> translate(default_matrix(), "fr", strict=True)
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.MissingTranslationsError: 57 texts have no 'fr'
    translation:
      matrix:title: 'Example issue escalation matrix template'
    ...
    """
    require_type("matrix", matrix, Matrix, "a Matrix")
    require_type("strict", strict, bool, "True or False")
    chosen = parse_locale(locale)
    asked = matrix
    kept = _kept_for(matrix, chosen)
    matrix = original_of(matrix)
    identifier = locale_identifier(chosen)
    given = None
    if messages is not None:
        sources = {item.context: item.text for item in matrix_texts(matrix)}
        given = messages_in(
            messages, chosen, chosen, lambda texts: check_messages(texts, sources)
        )
        given = given or None
    tr = translator(chosen, catalogs=catalogs, domain=domain)
    if strict and tr.problems:
        raise CatalogError(tr.problems)
    made = None if given is not None else _made(matrix, tr)
    if made is not None and kept is not None and made[0] is not asked:
        made = None  # another translation, whose own texts are kept
    if made is not None:
        translated, missing = made
    else:
        translated, missing = _translated(matrix, chosen, tr, given, kept)
        if given is None and kept is None:
            _keep(matrix, tr, translated, missing)
    # The matrix's language is trusted to be that of its texts: translate()
    # claims a locale only for a matrix whose every text it translated.
    same_language = chosen.language == matrix.language.partition("_")[0]
    if strict and missing and not same_language:
        raise MissingTranslationsError(identifier, missing)
    return translated


def _translated(
    matrix: Matrix,
    chosen: babel.Locale,
    tr: Translator,
    given: Mapping[str, str] | None,
    kept: tuple[str, Mapping[str, str]] | None,
) -> tuple[Matrix, Missing]:
    """Translate *matrix* with *tr* (and *given*); return it and what is missing.

    *kept* is the locale and texts of the translation asked to be
    translated again, kept where no more specific catalog translates them.
    """
    chain = locale_chain(chosen)
    find, supplied = _finder(tr, given, kept, chain)

    def language() -> str:
        if missing:
            return matrix.language
        return next((item for item in chain if item in supplied), matrix.language)

    missing: Missing = []
    translated = _translate_matrix(matrix, language, find, missing)
    if translated is not matrix:
        remember_original(translated, matrix, chain[0])
    return translated, missing


# The latest translations made, by the id of the matrix they were made from
# and the translator's locale, catalog directories and domain: matrices
# never change, so translating one again with the same catalogs gives the
# translation made before. Each translation keeps its matrix alive (see
# _i18n.originals), so that ids stay unique while kept; only the latest few are
# kept, so that matrices translated once are not kept for ever. Catalogs
# read anew (clear_cache) make new translators, whose translations replace
# these.
_RECENT: dict[tuple[int, tuple[object, ...]], tuple[Translator, Matrix, Missing]] = {}
_KEPT: Final = 64


def _made(matrix: Matrix, tr: Translator) -> tuple[Matrix, Missing] | None:
    entry = _RECENT.get((id(matrix), tr._key))  # noqa: SLF001 -- the module's own class
    if entry is None or entry[0] is not tr:
        return None
    return entry[1], entry[2]


def _keep(matrix: Matrix, tr: Translator, translated: Matrix, missing: Missing) -> None:
    if translated is matrix:
        return  # nothing to keep: no translation keeps the matrix alive
    if len(_RECENT) >= _KEPT:
        # The oldest; another thread may have let it go meanwhile.
        with contextlib.suppress(StopIteration, KeyError, RuntimeError):
            del _RECENT[next(iter(_RECENT))]
    _RECENT[id(matrix), tr._key] = (tr, translated, missing)  # noqa: SLF001


def _finder(
    tr: Translator,
    given: Mapping[str, str] | None,
    kept: tuple[str, Mapping[str, str]] | None,
    chain: tuple[str, ...],
) -> tuple[Find, set[str]]:
    """Return how to look texts up, and the set of locales that gave some.

    The set is filled as texts are found: the locale of each translation
    found, the locale asked for (the first of *chain*) for one given in
    code. Texts given in code come first, then *kept*, then catalogs.
    """
    texts, origins = tr.texts, tr.origins
    supplied: set[str] = set()

    def noting(key: tuple[str | None, str]) -> str | None:
        found = texts.get(key)
        if found is not None:
            supplied.add(origins[key])
        return found

    find: Find = noting
    if tr._only_origin is not None:  # noqa: SLF001 -- the module's own class
        # Every translation comes from one locale: no need to note whose
        # each one is (every matrix has a title, so one is looked up).
        find = cast("Find", texts.get)
        supplied.add(tr._only_origin)  # noqa: SLF001
    if kept is not None:
        find = _kept_first(kept, tr, find, supplied, chain)
    if given:
        find = _given_first(given, find, supplied, chain[0])
    return find, supplied


def _kept_first(
    kept: tuple[str, Mapping[str, str]],
    tr: Translator,
    find: Find,
    supplied: set[str],
    chain: tuple[str, ...],
) -> Find:
    """Return *find* with a translation's own texts looked up first.

    Catalogs of a locale more specific than the translation's (see
    :func:`kept_wins`) still come first.
    """
    locale, texts = kept
    origins = tr.origins
    # The locale of the output's chain the kept texts count for.
    language = locale if locale in chain else chain[-1]

    def lookup(key: tuple[str | None, str]) -> str | None:
        found = find(key)
        own = texts.get(key[0]) if key[0] is not None else None
        if own is None or (found is not None and not kept_wins(locale, origins, key)):
            return found
        supplied.add(language)  # the translation's, in the output's language
        return own

    return lookup


def _given_first(
    given: Mapping[str, str], find: Find, supplied: set[str], identifier: str
) -> Find:
    """Return *find* with the translations given in code looked up first."""

    def lookup(key: tuple[str | None, str]) -> str | None:
        found = given.get(key[0]) if key[0] is not None else None
        if found is None:
            return find(key)
        supplied.add(identifier)  # given for the locale asked for
        return found

    return lookup


def _kept_for(
    matrix: Matrix, chosen: babel.Locale
) -> tuple[str, Mapping[str, str]] | None:
    """Return *matrix*'s own translated texts if *chosen* is in their language."""
    kept = kept_texts(matrix)
    if kept is None or parse_locale(kept[0]).language != chosen.language:
        return None
    return kept


def _same(copies: tuple[object, ...], originals: tuple[object, ...]) -> bool:
    # Identity, not equality: comparing would walk every text again.
    return all(map(operator.is_, copies, originals))


def _translate_matrix(
    matrix: Matrix, language: str | Callable[[], str], find: Find, missing: Missing
) -> Matrix:
    """Translate *matrix*, copying only the objects whose texts change.

    *language* is the result's language, or a function giving it once
    every text has been looked up.
    """
    # Each object is copied as its own class, so that subclasses keep their
    # class and extra fields.
    roles = tuple([retext(item, find, missing) for item in matrix.roles])
    levels = tuple([retext(item, find, missing) for item in matrix.levels])
    level_keys = tuple([item.key for item in matrix.levels])
    issue_types = tuple(
        [
            _translate_issue_type(item, level_keys, find, missing)
            for item in matrix.issue_types
        ]
    )
    policy = matrix.policy
    severities = tuple([retext(item, find, missing) for item in policy.severities])
    changes: dict[str, Any] = {}
    if not _same(severities, policy.severities):
        changes["policy"] = retext(policy, find, missing, {"severities": severities})
    changes.update(
        (name, part)
        for name, part, original in (
            ("roles", roles, matrix.roles),
            ("levels", levels, matrix.levels),
            ("issue_types", issue_types, matrix.issue_types),
        )
        if not _same(part, original)
    )
    missing_own: Missing = []
    own = _text_changes(matrix, find, missing_own, changes) or {}
    missing[:0] = missing_own  # the matrix's own texts come first
    # Known only now that the matrix's own texts were looked up too.
    chosen = language if isinstance(language, str) else language()
    if chosen != matrix.language:
        problems: list[Problem] = []
        check_language(problems, "$.language", chosen)
        raise_if(problems, "matrix")
        own["language"] = chosen
    if not own:
        return matrix
    translated = _copied(matrix, own)
    translated._build_indexes()  # noqa: SLF001 -- the copy's lookup tables
    return translated


def _translate_issue_type(
    issue_type: IssueType, level_keys: tuple[str, ...], find: Find, missing: Missing
) -> IssueType:
    texts = issue_type.responsibilities
    key = issue_type.key
    cells: dict[str, str] = {}
    missing_cells: Missing = []
    changed = False
    for level_key in level_keys:
        text = texts[level_key]
        # The context of _texts.cell_context, inlined: it is built 32 times
        # per translation of the built-in matrix.
        context = f"cell:{key}:{level_key}"
        found = find((context, text))
        if found is None:
            missing_cells.append((context, text))
            found = text
        elif found != text:
            changed = True
        cells[level_key] = found
    # The cells are in level order, as a loader keeps them.
    extra = {"responsibilities": FrozenDict.adopt(cells)} if changed else None
    result: IssueType = retext(issue_type, find, missing, extra)
    missing.extend(missing_cells)  # after the name, in reading order
    return result


#: Looks a ``(context, text)`` up, giving its translation or None.
Find = Callable[[tuple[str | None, str]], str | None]
#: Collects the ``(context, text)`` of every text without a translation.
Missing = list[tuple[str, str]]


def retext(
    obj: T, find: Find, missing: Missing, extra: Mapping[str, Any] | None = None
) -> T:
    """Return *obj* with its texts translated and *extra* fields replaced.

    Translating changes nothing but texts, so the validated object is copied
    with its texts replaced rather than built again through its constructor,
    which would check every key, rank, reference and cell once more. A
    catalog only gives non-empty, non-blank strings (see
    :func:`~escalation_matrix._i18n.catalogs.read_catalog`), all that the
    texts' own checks ask for; anything else that changes (the matrix's
    language) is checked by the caller. Texts without a translation are kept
    and appended to *missing*; *obj* itself is returned when nothing changes.

    >>> from escalation_matrix import Role
    >>> role = Role("lead", "Team lead")
    >>> missing = []
    >>> retext(role, {("role:lead:title", "Team lead"): "Capo"}.get, missing).title
    'Capo'
    >>> retext(role, {}.get, missing) is role, missing
    (True, [('role:lead:title', 'Team lead')])
    """
    changes = _text_changes(obj, find, missing, extra)
    return obj if not changes else _copied(obj, changes)


def _text_changes(
    obj: object, find: Find, missing: Missing, extra: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Return *extra* with the translated texts of *obj* that differ, or None."""
    plan = _PLANS.get(type(obj)) or _plan(type(obj))
    changes = dict(extra) if extra else None
    if plan.kind is None:
        return changes
    prefix = f"{plan.kind}:{obj.key}:" if plan.keyed else f"{plan.kind}:"  # type: ignore[attr-defined]
    for name in plan.texts:
        text = getattr(obj, name)
        if not text:
            continue
        context = prefix + name
        found = find((context, text))
        if found is None:
            missing.append((context, text))
        elif found != text:
            if changes is None:
                changes = {}
            changes[name] = found
    return changes


def _copied(obj: T, changes: Mapping[str, Any]) -> T:
    """Return a copy of *obj* with *changes*, without running its checks."""
    plan = _PLANS.get(type(obj)) or _plan(type(obj))
    copy: T = object.__new__(type(obj))
    # Slot descriptors set the fields of frozen attrs classes, which refuse
    # plain assignment, as their own __init__ does.
    for setter, value in zip(plan.setters, plan.values(obj), strict=True):
        setter(copy, value)
    for name, value in changes.items():
        object.__setattr__(copy, name, value)
    for setter, default in plan.defaults:
        setter(copy, default)
    return copy


class _Plan:
    """How :func:`retext` translates and copies the objects of one class.

    Attributes:
        kind: The first part of the contexts of its texts, or None for none.
        keyed: Whether the contexts name the object's key (all but the
            matrix's).
        texts: The fields that are display texts.
        values: Gets the values of the fields a copy takes from the original.
        setters: Sets those fields, in the same order.
        defaults: Sets the fields a copy gets its plain default for, with the
            default; caches and lookup tables of the original (a matrix's
            compiled router, its indexes) describe its texts, so the copy
            never takes them, and those without a plain default are left
            unset for the caller to rebuild.
    """

    # A plain class rather than a named tuple, whose class takes longer to
    # make: the command line loads this module to answer in any language.
    __slots__ = ("defaults", "keyed", "kind", "setters", "texts", "values")

    def __init__(  # noqa: PLR0917 -- one caller, the fields in order
        self,
        kind: str | None,
        keyed: bool,  # noqa: FBT001
        texts: tuple[str, ...],
        values: Callable[[Any], tuple[Any, ...]],
        setters: tuple[Callable[[Any, Any], None], ...],
        defaults: tuple[tuple[Callable[[Any, Any], None], object], ...],
    ) -> None:
        self.kind = kind
        self.keyed = keyed
        self.texts = texts
        self.values = values
        self.setters = setters
        self.defaults = defaults


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    spec = translatable(cls)
    keep: list[str] = []
    defaults: list[tuple[Callable[[Any, Any], None], object]] = []
    for field in attrs.fields(cls):
        if field.init:
            keep.append(field.name)
        elif field.default is not attrs.NOTHING and not isinstance(
            field.default,
            attrs.Factory,  # type: ignore[arg-type]
        ):
            defaults.append((_setter(cls, field.name), field.default))
    getter = operator.attrgetter(*keep)
    plan = _Plan(
        None if spec is None else spec.kind,
        not issubclass(cls, Matrix),
        () if spec is None else tuple(name for name, _ in spec.fields),
        getter if len(keep) > 1 else (lambda obj: (getter(obj),)),
        tuple(_setter(cls, name) for name in keep),
        tuple(defaults),
    )
    _PLANS[cls] = plan
    return plan


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """Return what sets the field *name* of *cls*'s objects, frozen or not."""

    def assign(obj: Any, value: Any) -> None:
        object.__setattr__(obj, name, value)

    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if slot is not None and hasattr(slot, "__set__"):
            return slot.__set__  # type: ignore[no-any-return]
    return assign
