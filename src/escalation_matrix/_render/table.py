"""A matrix as the table people read, every text in one locale.

The layout is the one of the printed matrix: a header row with the label
"Escalation types" and then each level's name, a row labelled "Operational
role" with the title of the role holding each level, a row "Notifies" with
each level's contacts when some role has any, then one row per issue type
with its name and what each level's role does about it (none for a matrix
without issue types).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import attrs
import babel

from escalation_matrix._i18n.locale_format import format_list
from escalation_matrix._i18n.locales import LocaleLike, locale_identifier
from escalation_matrix._i18n.messages import GivenMessages, check_messages, messages_in
from escalation_matrix._i18n.originals import original_of
from escalation_matrix._i18n.translate import translate
from escalation_matrix._i18n.translator import (
    SOURCE_LANGUAGE,
    Translator,
    output_locale,
    translator,
)
from escalation_matrix._model.matrix import Level, Matrix
from escalation_matrix._model.texts import cell_context, matrix_texts
from escalation_matrix._render.labels import (
    ESCALATION_TYPES,
    LEVEL_IN_TURN,
    LEVEL_WITH_ROLE,
    LEVEL_WITH_ROLE_IN_TURN,
    NOTIFIES,
    OPERATIONAL_ROLE,
    PEOPLE_IN_TURN,
)
from escalation_matrix._render.notes import policy_notes
from escalation_matrix._routing.explain import contact_text
from escalation_matrix.exceptions import ArgumentError, LocaleError

__all__ = ["Table", "matrix_table"]


@attrs.frozen
class Table:
    """The texts of a matrix laid out as its table, in one locale.

    Attributes:
        title: The matrix's title.
        description: The matrix's description, or an empty string.
        language: The language of the labels and notes, the output's, as a
            BCP 47 tag (``"it-IT"``).
        right_to_left: Whether that language is written right to left.
        header: The header row: the label of the first column, then the
            name of every level, in rank order, marked "(in turn)" for a
            level whose contacts take issues in turn.
        roles: The role row: its label, then the title of the role holding
            each level.
        rows: One row per issue type: its name, then its texts in level
            order.
        notifies: The contacts row: its label, then who each level
            notifies (people, or "whoever is on call in schedule ...");
            empty when no role has contacts.
        level_headings: For every level, its name with the role holding it
            ("Level 1 - Escalation (Project team contact)"), which heads
            each text when the table is laid out one issue type at a time.
        notes: Sentences shown under the table on the policy's timing (a
            first wait, repeats, resolution at the end); empty without.
        languages: The language of every cell of :attr:`grid`, row by
            row, as a BCP 47 tag: *language* for the labels and contacts,
            and for each of the matrix's texts the language it is in (a
            text no catalog translates keeps its source's: an English
            matrix shown with Italian labels has English cells); empty
            when every cell is in *language*.
        title_language: The language of the title, empty for *language*.
        description_language: The language of the description, empty for
            *language*.
    """

    title: str
    description: str
    language: str
    right_to_left: bool
    header: tuple[str, ...]
    roles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    level_headings: tuple[str, ...]
    notifies: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    languages: tuple[tuple[str, ...], ...] = ()
    title_language: str = ""
    description_language: str = ""

    @property
    def grid(self) -> tuple[tuple[str, ...], ...]:
        """Every row of the table: the header, the role row, the contacts row."""
        contacts = (self.notifies,) if self.notifies else ()
        return (self.header, self.roles, *contacts, *self.rows)


def _labels(
    locale: babel.Locale | None, matrix: Matrix, catalogs: tuple[str, ...]
) -> Translator:
    if locale is not None:
        return translator(locale, catalogs=catalogs)
    # Without a locale the matrix keeps its texts; its labels are then in
    # the matrix's own language, when a catalog has them.
    try:
        return translator(matrix.language, catalogs=catalogs)
    except LocaleError:
        return translator(None)


def matrix_table(
    matrix: Matrix,
    locale: LocaleLike | Sequence[LocaleLike] | None = None,
    *,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    messages: GivenMessages | None = None,
) -> Table:
    """Return *matrix* as its table, translated to *locale* when one is given.

    Args:
        matrix: The matrix, in its source language.
        locale: The locale to translate to; None keeps the matrix's texts
            and gives the labels in the matrix's language.
        catalogs: Catalog directories searched first, as for
            :func:`~escalation_matrix.translate`.
        messages: Translations given in code, by context, over every
            catalog, as for :func:`~escalation_matrix.translate`: flat, in
            the table's language, used when it is a language asked for
            (whichever of a list); or by locale (``{"it": {context:
            text}}``), those of the table's language used. *locale* needs to
            be given.

    Returns:
        The table.

    Raises:
        LocaleError: *locale* is malformed or unknown.
        CatalogError: a catalog file is broken.

    >>> from escalation_matrix import default_matrix
    >>> table = matrix_table(default_matrix(), "it")
    >>> table.header[:2]
    ('Tipi di escalation', 'Livello 1 - Escalation')
    >>> table.roles[:2]
    ('Ruolo operativo', 'Contatto del team del progetto')
    >>> table.language
    'it'
    """
    directories = tuple(os.fspath(directory) for directory in catalogs)
    if messages is not None and locale is None:
        reason = "translations given in code need the locale they are in"
        raise ArgumentError("messages", messages, reason)
    # One language for the whole table: a locale no catalog translates to
    # gives the source language, English, for its texts and labels alike,
    # without the translations given in code, which are in that locale.
    chosen = output_locale(locale, catalogs=directories, fallback=matrix.language)
    sources = {item.context: item.text for item in matrix_texts(matrix)}
    given = messages_in(
        messages, locale, chosen, lambda texts: check_messages(texts, sources)
    )
    shown = (
        matrix
        if chosen is None
        else translate(matrix, chosen, catalogs=directories, messages=given)
    )
    labels = _labels(chosen, matrix, directories)
    names = tuple(
        labels.pgettext(*LEVEL_IN_TURN).format(level=level.name)
        if level.assignment == "round_robin"
        else level.name
        for level in shown.levels
    )
    titles = tuple(shown.role(level).title for level in shown.levels)
    headings = tuple(
        labels.pgettext(
            *(
                LEVEL_WITH_ROLE_IN_TURN
                if level.assignment == "round_robin"
                else LEVEL_WITH_ROLE
            )
        ).format(level=level.name, role=title)
        for level, title in zip(shown.levels, titles, strict=True)
    )
    language = _labels_language(labels, chosen, shown)
    said = _languages(matrix, shown, chosen, (language, labels))
    table = Table(
        title=shown.title,
        description=shown.description,
        language=language,
        right_to_left=labels.locale.character_order == "right-to-left",
        header=(labels.pgettext(*ESCALATION_TYPES), *names),
        roles=(labels.pgettext(*OPERATIONAL_ROLE), *titles),
        rows=tuple((it.name, *shown.row(it)) for it in shown.issue_types),
        level_headings=headings,
        notifies=_notifies(shown, labels),
        notes=policy_notes(shown, labels),
    )
    return _with_languages(table, shown, said)


def _labels_language(
    labels: Translator, chosen: babel.Locale | None, shown: Matrix
) -> str:
    """Return the language of the labels, as a BCP 47 tag.

    Without a locale, the matrix's language when its catalogs have the
    labels, else English, the source language, which they are then in.
    """
    if chosen is not None:
        identifier = locale_identifier(chosen)
    elif labels.locale.language == shown.language.partition("_")[0] and (
        labels.speaks or labels.locale.language == SOURCE_LANGUAGE
    ):
        identifier = shown.language
    else:
        identifier = SOURCE_LANGUAGE
    return identifier.replace("_", "-")


def _languages(
    matrix: Matrix,
    shown: Matrix,
    chosen: babel.Locale | None,
    said_as: tuple[str, Translator],
) -> dict[str, str]:
    """Return the language of each of *shown*'s texts, by context (BCP 47).

    Without a locale, the matrix's. Otherwise a text that differs from the
    source matrix's, or that a catalog translates (to the same words,
    "Project Manager"), is in the output's language, *said_as* (its tag and
    translator); one that does not keeps its source's language. A matrix
    already in the output's language is in it throughout.
    """
    output, tr = said_as
    own = shown.language.replace("_", "-")
    if chosen is None:
        return dict.fromkeys((item.context for item in matrix_texts(shown)), own)
    source = original_of(matrix)
    if source.language.partition("_")[0] == chosen.language:
        return dict.fromkeys((item.context for item in matrix_texts(shown)), output)
    sources = {item.context: item.text for item in matrix_texts(source)}
    untranslated = source.language.replace("_", "-")
    found = tr.texts
    said = {}
    for item in matrix_texts(shown):
        text = sources.get(item.context, item.text)
        translated = item.text != text or (item.context, text) in found
        said[item.context] = output if translated else untranslated
    return said


def _with_languages(table: Table, shown: Matrix, said: dict[str, str]) -> Table:
    """Return *table* with the language of each of its cells, when some differ."""
    output = table.language
    levels = [level.key for level in shown.levels]
    header = (output, *(said[f"level:{key}:name"] for key in levels))
    roles = (
        output,
        *(said[f"role:{shown.role(level).key}:title"] for level in shown.levels),
    )
    notifies = (tuple(output for _ in table.notifies),) if table.notifies else ()
    rows = tuple(
        (
            said[f"issue_type:{it.key}:name"],
            *(said[cell_context(it.key, key)] for key in levels),
        )
        for it in shown.issue_types
    )
    languages = (header, roles, *notifies, *rows)
    title = said["matrix:title"]
    description = said.get("matrix:description", output)
    if all(item == output for row in languages for item in row) and (
        title == description == output
    ):
        return table
    return attrs.evolve(
        table,
        languages=languages,
        title_language="" if title == output else title,
        description_language="" if description == output else description,
    )


def _notifies(matrix: Matrix, labels: Translator) -> tuple[str, ...]:
    """Return the contacts row: its label, then who each level notifies."""
    if not any(role.contacts for role in matrix.roles):
        return ()
    people = (_people(level, matrix, labels) for level in matrix.levels)
    return (labels.pgettext(*NOTIFIES), *people)


def _people(level: Level, matrix: Matrix, labels: Translator) -> str:
    """Who *level* notifies: all its contacts, or one of them in turn."""
    contacts = matrix.role(level).contacts
    texts = [contact_text(contact, labels) for contact in contacts]
    if level.assignment != "round_robin" or len(texts) <= 1:
        return format_list(texts, labels.locale)
    people = format_list(texts, labels.locale, style="or")
    return labels.pgettext(*PEOPLE_IN_TURN).format(people=people)
