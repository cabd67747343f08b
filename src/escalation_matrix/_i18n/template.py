"""A gettext catalog made from a matrix object: every text, for translators.

What ``pybabel extract`` gives for a matrix file, made from any
:class:`~escalation_matrix.Matrix` (one built in code too), and the update
of an existing catalog from it, as ``pybabel update`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from escalation_matrix._base.checks import require_type
from escalation_matrix._i18n.locales import LocaleLike, locale_identifier, parse_locale
from escalation_matrix._i18n.translate import original_of
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._model.texts import matrix_texts

if TYPE_CHECKING:
    import babel.messages.catalog

__all__ = ["matrix_catalog"]


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
    identifier = None if locale is None else locale_identifier(parse_locale(locale))
    source = original_of(matrix)
    template = Catalog(project=source.key, fuzzy=False, header_comment=_header(source))
    for text in matrix_texts(source):
        template.add(text.text, "", context=text.context, auto_comments=[text.comment])
    if update is None:
        if identifier is None:
            return template
        catalog = Catalog(
            locale=identifier,
            project=source.key,
            fuzzy=False,
            header_comment=_header(source),
        )
    else:
        catalog = update
        if identifier is not None:
            catalog.locale = identifier
    catalog.update(template, update_creation_date=False)
    return catalog


def _header(matrix: Matrix) -> str:
    return (
        f"# Translations of the texts of the escalation matrix {matrix.key!r}.\n"
        "# Each message's context names its place in the matrix."
    )
