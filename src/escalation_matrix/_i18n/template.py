"""A gettext catalog made from a matrix object: every text, for translators.

What ``pybabel extract`` gives for a matrix file, made from any
:class:`~escalation_matrix.Matrix` (one built in code too), and the update
of an existing catalog from it, as ``pybabel update`` does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from escalation_matrix._base.checks import require_type
from escalation_matrix._i18n.locales import LocaleLike, locale_identifier, parse_locale
from escalation_matrix._i18n.originals import original_of
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._model.texts import matrix_texts
from escalation_matrix.exceptions import CatalogError, Phrase, Problem

if TYPE_CHECKING:
    import babel
    import babel.messages.catalog

__all__ = ["matrix_catalog", "plural_forms"]


def matrix_catalog(
    matrix: Matrix,
    locale: LocaleLike | None = None,
    *,
    update: babel.messages.catalog.Catalog | None = None,
) -> babel.messages.catalog.Catalog:
    """Return a gettext catalog of every display text of *matrix*.

    Each text is a message whose context names its place
    (``level:L5:name``, ``cell:outage:L2``), with a translator comment
    saying where it appears: the messages that ``pybabel extract`` gives for
    a matrix file, and that :func:`~escalation_matrix.translate` looks up.
    A matrix made by :func:`~escalation_matrix.translate` gives the texts it
    was translated from. Write the catalog with
    :func:`babel.messages.pofile.write_po`.

    Args:
        matrix: The matrix, built in code or read from a file.
        locale: The language of the catalog; None for a template (``.pot``).
        update: A catalog to update instead of starting anew, as ``pybabel
            update`` does: its translations are kept; a text that changed
            gets the old translation as a fuzzy guess, which readers ignore
            until a translator removes the flag; texts no longer in the
            matrix are kept as obsolete entries. *locale*, if given, becomes
            its language.

    Returns:
        The catalog (*update* itself, when given).

    Raises:
        WrongTypeError: *matrix* is not a Matrix, or *update* not a Catalog.
        LocaleError: *locale* is malformed or unknown.
        CatalogError: *update* is a catalog of another language than
            *locale* (``it`` updated as ``de``): its translations would be
            taken for translations into *locale*.

    The header names the matrix and the library's version
    (``Project-Id-Version: support (escalation-matrix 1.0)``) and the
    plural rule gettext uses for the language (``nplurals=2; plural=(n !=
    1);`` for Italian).

    >>> from escalation_matrix import default_matrix
    >>> catalog = matrix_catalog(default_matrix(), "de")
    >>> message = catalog.get("Level 2 - Escalation", context="level:L2:name")
    >>> message.string, message.auto_comments
    ('', ["Name of the escalation level 'L2', a column header of the matrix table."])
    >>> catalog.locale_identifier, len([m for m in catalog if m.id])
    ('de', 57)
    """
    # Imported here: a catalog of Babel's is for translators' tools, and
    # translating at start-up never loads them.
    from babel.messages.catalog import Catalog  # noqa: PLC0415

    require_type("matrix", matrix, Matrix, "a Matrix")
    if update is not None:
        require_type("update", update, Catalog, "a babel.messages.Catalog or None")
    chosen = None if locale is None else parse_locale(locale)
    identifier = None if chosen is None else locale_identifier(chosen)
    if update is not None and chosen is not None:
        _check_same_language(update, chosen)
    source = original_of(matrix)
    template = _new_catalog(Catalog, source, None)
    for text in matrix_texts(source):
        template.add(text.text, "", context=text.context, auto_comments=[text.comment])
    if update is None:
        if chosen is None:
            return template
        catalog = _new_catalog(Catalog, source, chosen)
    else:
        catalog = update
        if identifier is not None:
            catalog.locale = identifier
    catalog.update(template, update_creation_date=False)
    return catalog


def _check_same_language(
    update: babel.messages.catalog.Catalog, chosen: babel.Locale
) -> None:
    """Refuse to update a catalog of another language than *chosen*.

    Its translations would become translations into *chosen*, in the
    wrong language.
    """
    found = update.locale
    if found is None or found.language == chosen.language:
        return  # a template, or the same language (another region)
    wanted, have = locale_identifier(chosen), locale_identifier(found)
    # Translators: {have} and {wanted} are locales, such as 'it' and 'de'.
    message = Phrase(
        "the catalog to update is in {have}, not {wanted}: its translations "
        "would become {wanted} ones; update the {wanted} catalog, or make a "
        "new one",
        have=repr(have),
        wanted=repr(wanted),
    )
    raise CatalogError([Problem("update", message)])


def _new_catalog(
    catalog: type[babel.messages.catalog.Catalog],
    matrix: Matrix,
    locale: babel.Locale | None,
) -> babel.messages.catalog.Catalog:
    """Return an empty catalog with a header saying what it translates."""
    made = catalog(
        locale=None if locale is None else locale_identifier(locale),
        fuzzy=False,
        header_comment=_header(matrix),
        language_team="" if locale is None else locale.english_name or "",
    )
    headers = [("Project-Id-Version", f"{matrix.key} (escalation-matrix {_version()})")]
    if locale is not None:
        headers.append(("Plural-Forms", plural_forms(locale)))
    made.mime_headers = headers
    made.msgid_bugs_address = ""  # Babel's placeholder otherwise
    return made


def plural_forms(locale: babel.Locale) -> str:
    """Return the ``Plural-Forms`` header gettext uses for *locale*'s language.

    Babel's rule, from CLDR, without the form CLDR gives to round millions
    in some languages ("un milione di euro"): gettext's rules, and the
    catalogs translators know (``msginit``), count integers without it.

    >>> plural_forms(parse_locale("it"))
    'nplurals=2; plural=(n != 1);'
    >>> plural_forms(parse_locale("fr"))
    'nplurals=2; plural=(n > 1);'
    >>> plural_forms(parse_locale("ja"))
    'nplurals=1; plural=(0);'
    """
    from babel.messages.plurals import get_plural  # noqa: PLC0415

    found = get_plural(locale_identifier(locale))
    expression = found.plural_expr.strip()
    wrapped = expression.startswith("(") and expression.endswith(")")
    condition = (wrapped and _MILLIONS.match(expression[1:-1])) or _MILLIONS.match(
        expression
    )
    if condition is None:
        if not expression.startswith("("):
            expression = f"({expression})"
        return f"nplurals={found.num_plurals}; plural={expression};"
    first = condition.group(1).strip()
    simpler = _TWO_FORMS.get(first, f"({first} ? 0 : 1)")
    return f"nplurals=2; plural={simpler};"


# Babel's rule for the languages where CLDR has a form for round millions:
# "<one> ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2", in brackets or not.
_MILLIONS: Final = re.compile(
    r"^(.+?)\s*\?\s*0\s*:\s*n != 0 && n % 1000000 == 0 \? 1 : 2$"
)
# The conditions of the first form, as gettext writes the rule of two forms.
_TWO_FORMS: Final = {"n == 1": "(n != 1)", "(n == 0 || n == 1)": "(n > 1)"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("escalation-matrix")
    except PackageNotFoundError:  # pragma: no cover -- run from a source tree
        return "unknown"


def _header(matrix: Matrix) -> str:
    return (
        f"# Translations of the texts of the escalation matrix {matrix.key!r}.\n"
        "# Each message's context names its place in the matrix."
    )
