"""Writing small catalog files for the tests, in the gettext layout."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from escalation_matrix import Matrix
from escalation_matrix._model.texts import matrix_texts

#: ``(context, message, translation)``; a plural entry has tuples for the
#: message and the translation.
Entry = tuple[str | None, str | tuple[str, str], str | tuple[str, ...]]


def catalog_path(
    directory: Path,
    language: str,
    *,
    suffix: str = ".po",
    domain: str = "escalation_matrix",
) -> Path:
    """Return where the catalog of *language* goes in *directory*."""
    return directory / language / "LC_MESSAGES" / f"{domain}{suffix}"


def write_catalog(
    directory: Path,
    language: str,
    entries: Iterable[Entry],
    *,
    suffix: str = ".po",
    domain: str = "escalation_matrix",
    fuzzy: Iterable[str] = (),
) -> Path:
    """Write a catalog of *entries* for *language*; return its path.

    Entries whose source text is in *fuzzy* are marked fuzzy.
    """
    catalog = Catalog(locale=language.replace("-", "_"), fuzzy=False)
    marked = set(fuzzy)
    for context, message, translation in entries:
        key = message if isinstance(message, str) else message[0]
        flags = ("fuzzy",) if key in marked else ()
        catalog.add(message, translation, context=context, flags=flags)
    path = catalog_path(directory, language, suffix=suffix, domain=domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        if suffix == ".mo":
            write_mo(handle, catalog, use_fuzzy=True)
        else:
            write_po(handle, catalog)
    return path


def matrix_entries(matrix: Matrix, translate: dict[str, str]) -> list[Entry]:
    """Return an entry for every text of *matrix* that *translate* knows."""
    return [
        (text.context, text.text, translate[text.text])
        for text in matrix_texts(matrix)
        if text.text in translate
    ]
