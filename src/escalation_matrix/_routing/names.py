"""The display names a decision or plan is told with, as its matrix had them.

A decision read back from data, or unpickled, has no matrix to name its
levels, severity and issue type by; it carries their source texts, each with
its translation context, and translates them as the matrix's own are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, cast

import attrs

from escalation_matrix._base.checks import (
    check_key,
    check_language,
    check_mapping,
    check_text,
    child_path,
    mapping_like,
    raise_if,
)
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._i18n.originals import kept_texts, source_texts
from escalation_matrix._model.matrix import (
    IssueType,
    Level,
    Matrix,
    Role,
    build_checked,
)
from escalation_matrix._model.policy import Severity
from escalation_matrix._model.texts import TRANSLATABLE, cell_context
from escalation_matrix.exceptions import Phrase, Problem, UnknownIssueTypeError

__all__ = ["NO_NAMES", "CarriedNames", "kind_names", "level_names"]

_ROLE: Final = TRANSLATABLE[Role].kind
_LEVEL: Final = TRANSLATABLE[Level].kind
_SEVERITY: Final = TRANSLATABLE[Severity].kind
_ISSUE_TYPE: Final = TRANSLATABLE[IssueType].kind
# The responsibility texts of a translated matrix: cell:<issue type>:<level>.
_CELL: Final = "cell"
# The texts a result may carry, by the kind their contexts start with: the
# one-line name of each kind of part of a matrix that has a key.
_FIELDS: Final = {
    _ROLE: "title",
    _LEVEL: "name",
    _SEVERITY: "name",
    _ISSUE_TYPE: "name",
}


def _context(kind: str, key: str, field: str) -> str:
    """Return the translation context of a text (``role:sales_manager:title``)."""
    return f"{kind}:{key}:{field}"


def _key(context: str) -> str:
    """Return the key a context names: ``agent`` of ``role:agent:title``."""
    return context.split(":")[1]


def _frozen(value: Mapping[str, str]) -> FrozenDict[str, str]:
    return mapping_like(value)  # type: ignore[no-any-return]


def _frozen_by_locale(
    value: Mapping[str, Mapping[str, str]],
) -> FrozenDict[str, FrozenDict[str, str]]:
    frozen = mapping_like(value)
    if not isinstance(frozen, Mapping):
        return cast("FrozenDict[str, FrozenDict[str, str]]", frozen)  # for the checks
    return FrozenDict({key: mapping_like(texts) for key, texts in frozen.items()})


@attrs.frozen(repr=False)
class CarriedNames:
    """Display names a routing result carries: source texts by context.

    Attributes:
        level_roles: For each level key, the key of the role holding it.
        texts: Source texts by translation context, as the matrix had them
            (``role:project_manager:title``, ``severity:critical:name``,
            ``issue_type:outage:name``). For a matrix made by
            :func:`~escalation_matrix.translate`, the texts it was
            translated from, and those of the issue type's cells
            (``cell:outage:L2``): whatever the locale a result is told in,
            its names are looked up in that locale.
        translations: For a matrix made by
            :func:`~escalation_matrix.translate`, its translated texts of
            those contexts, under the locale it was translated to
            (``{"it": {"role:cto:title": "Direttore tecnico"}}``): an
            output in that language shows them, catalogs or not (some may
            have been given in code), unless a catalog of a more specific
            locale translates them.
    """

    level_roles: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_frozen)
    texts: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_frozen)
    translations: Mapping[str, Mapping[str, str]] = attrs.field(
        factory=FrozenDict, converter=_frozen_by_locale
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if check_mapping(
            problems,
            "$.level_roles",
            self.level_roles,
            Phrase("level keys to role keys"),
        ):
            for level, role in self.level_roles.items():
                path = child_path("$.level_roles", level)
                check_key(problems, path, level, level=True)
                check_key(problems, path, role)
        if check_mapping(problems, "$.texts", self.texts, Phrase("contexts to texts")):
            for context, text in self.texts.items():
                path = child_path("$.texts", context)
                _check_context(problems, path, context)
                check_text(problems, path, text)
        self._check_translations(problems)
        raise_if(problems, "names")

    def _check_translations(self, problems: list[Problem]) -> None:
        """Check that each translation is of a carried text, in a locale."""
        if not check_mapping(
            problems,
            "$.translations",
            self.translations,
            Phrase("locales to translations by context"),
        ):
            return
        for locale, texts in self.translations.items():
            where = child_path("$.translations", locale)
            check_language(problems, where, locale)
            if not check_mapping(problems, where, texts, Phrase("contexts to texts")):
                continue
            for context, text in texts.items():
                path = child_path(where, context)
                if context not in self.texts:
                    message = Phrase(
                        "translates no text of $.texts: {context}",
                        context=repr(context),
                    )
                    problems.append(Problem(path, message))
                check_text(problems, path, text)

    def __bool__(self) -> bool:
        return bool(self.level_roles or self.texts)

    def __or__(self, other: CarriedNames) -> CarriedNames:
        """Return these names with *other*'s added, *other*'s winning."""
        translations = {key: dict(texts) for key, texts in self.translations.items()}
        for key, texts in other.translations.items():
            translations[key] = {**translations.get(key, {}), **texts}
        return build_checked(
            CarriedNames,
            level_roles=FrozenDict({**self.level_roles, **other.level_roles}),
            texts=FrozenDict({**self.texts, **other.texts}),
            translations=_frozen_by_locale(translations),
        )

    def __repr__(self) -> str:
        return f"<CarriedNames levels={len(self.level_roles)} texts={len(self.texts)}>"

    @property
    def language(self) -> str | None:
        """The locale of the translated matrix these names come from, or None."""
        return next(iter(self.translations), None)

    def text(self, kind: str, key: str, field: str) -> tuple[str, str] | None:
        """Return the context and source text of a field, if carried."""
        context = _context(kind, key, field)
        text = self.texts.get(context)
        return None if text is None else (context, text)

    def role_title(self, level: str) -> tuple[str, str] | None:
        """Return the context and title of the role holding *level*, if carried."""
        role = self.level_roles.get(level)
        return None if role is None else self.text(_ROLE, role, "title")

    def severity(self, key: str) -> tuple[str, str] | None:
        """Return the context and name of the severity *key*, if carried."""
        return self.text(_SEVERITY, key, "name")

    def issue_type(self, key: str) -> tuple[str, str] | None:
        """Return the context and name of the issue type *key*, if carried."""
        return self.text(_ISSUE_TYPE, key, "name")

    def cell(self, issue_type: str, level: str) -> str | None:
        """Return the source text of a responsibility, if carried."""
        return self.texts.get(cell_context(issue_type, level))

    def only(
        self,
        levels: Iterable[str],
        severities: Iterable[str | None],
        issue_type: str,
    ) -> CarriedNames:
        """Return the names of these levels, severities and issue type only.

        They keep their order, the matrix's.
        """
        wanted = set(levels)
        level_roles = {
            level: role for level, role in self.level_roles.items() if level in wanted
        }
        keep = {
            _ROLE: set(level_roles.values()),
            _LEVEL: set(level_roles),
            _SEVERITY: {key for key in severities if key is not None},
            _ISSUE_TYPE: {issue_type},
            _CELL: {issue_type},
        }
        texts = {
            context: text
            for context, text in self.texts.items()
            if _key(context) in keep.get(context.split(":", 1)[0], ())
            and (not context.startswith(f"{_CELL}:") or _last(context) in wanted)
        }
        translations = {
            locale: {
                context: text for context, text in kept.items() if context in texts
            }
            for locale, kept in self.translations.items()
        }
        return build_checked(
            CarriedNames,
            level_roles=FrozenDict(level_roles),
            texts=FrozenDict(texts),
            translations=_frozen_by_locale(
                {locale: kept for locale, kept in translations.items() if kept}
            ),
        )


def _translated(matrix: Matrix, texts: Mapping[str, str]) -> FrozenDict[str, Any]:
    """Return *matrix*'s translations of *texts*, under its locale, if a translation."""
    kept = kept_texts(matrix)
    if kept is None:
        return FrozenDict()
    locale, translated = kept
    found = {context: translated[context] for context in texts if context in translated}
    return _frozen_by_locale({locale: found} if found else {})


def _last(context: str) -> str:
    """Return the last part of a context: the level of ``cell:outage:L2``."""
    return context.rsplit(":", 1)[-1]


def _check_context(problems: list[Problem], path: str, context: object) -> None:
    parts = context.split(":") if isinstance(context, str) else []
    if len(parts) == 3 and _FIELDS.get(parts[0]) == parts[2]:  # noqa: PLR2004 -- kind:key:field
        check_key(problems, path, parts[1], level=parts[0] == _LEVEL)
        return
    if len(parts) == 3 and parts[0] == _CELL:  # noqa: PLR2004 -- cell:type:level
        check_key(problems, path, parts[1])
        check_key(problems, path, parts[2], level=True)
        return
    kinds = ", ".join(f"{kind}:<key>:{field}" for kind, field in _FIELDS.items())
    kinds += f", {_CELL}:<issue type>:<level>"
    # Translators: {kinds} lists the forms of contexts, "role:<key>:title".
    message = Phrase(
        "must be a translation context, one of {kinds}; got {got}",
        kinds=kinds,
        got=shown_phrase(context),
    )
    problems.append(Problem(path, message))


NO_NAMES: Final = CarriedNames()


def level_names(matrix: Matrix) -> CarriedNames:
    """Return the names of *matrix*'s levels: who holds each, and their titles."""
    roles = {role.key: role for role in matrix.roles}
    level_roles = {level.key: level.role for level in matrix.levels}
    sources = source_texts(matrix)
    texts = {
        context: sources.get(context, roles[key].title)
        for key in dict.fromkeys(level_roles.values())
        for context in (_context(_ROLE, key, "title"),)
    }
    return build_checked(
        CarriedNames,
        level_roles=FrozenDict(level_roles),
        texts=FrozenDict(texts),
        translations=_translated(matrix, texts),
    )


def kind_names(
    levels: CarriedNames, matrix: Matrix, issue_type: str, severity: str | None
) -> CarriedNames:
    """Return *levels* with the names of *issue_type* and *severity* in *matrix*.

    Keys *matrix* does not have are left out: they show as keys.
    """
    texts = dict(levels.texts)
    sources = source_texts(matrix)
    try:
        found = matrix.issue_type(issue_type)
    except UnknownIssueTypeError:
        pass
    else:
        context = _context(_ISSUE_TYPE, found.key, "name")
        texts[context] = sources.get(context, found.name)
        for level in matrix.levels:
            # Only a translation's cells: others are the decision's own text.
            context = cell_context(found.key, level.key)
            if context in sources:
                texts[context] = sources[context]
    for known in matrix.policy.severities:
        if known.key == severity:
            context = _context(_SEVERITY, known.key, "name")
            texts[context] = sources.get(context, known.name)
            break
    return build_checked(
        CarriedNames,
        level_roles=levels.level_roles,
        texts=FrozenDict(texts),
        translations=_translated(matrix, texts),
    )
