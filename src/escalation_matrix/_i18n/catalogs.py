"""Message catalogs: where they are found, and reading one into memory.

A catalog directory has the standard gettext layout,
``<dir>/<locale>/LC_MESSAGES/<domain>.mo`` (or ``.po``), as ``pybabel init``
and ``pybabel compile`` create it. Three kinds of directory are searched:
the ones a caller passes, those that installed language packs register under
the ``escalation_matrix.catalogs`` entry-point group, and the package's own.
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from escalation_matrix.exceptions import CatalogError, Problem

if TYPE_CHECKING:
    from importlib import metadata
    from importlib.resources.abc import Traversable

    from babel.messages.catalog import Catalog

__all__ = [
    "DOMAIN",
    "ENTRY_POINT_GROUP",
    "CatalogFile",
    "builtin_directory",
    "check_domain",
    "clear_cache",
    "find_catalog",
    "language_packs",
    "read_catalog",
]

#: The gettext domain of the library's own catalogs.
DOMAIN: Final = "escalation_matrix"
#: The entry-point group where language packs register catalog directories.
ENTRY_POINT_GROUP: Final = "escalation_matrix.catalogs"

MessageKey = tuple[str | None, str]

# A domain becomes a file name: letters, digits and a few separators, no
# path separator and no leading dot.
_DOMAIN: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\Z")


def check_domain(domain: object) -> str:
    """Return *domain* if it can safely name a catalog file.

    Raises:
        CatalogError: *domain* is not a plain file-name stem.
    """
    if not isinstance(domain, str) or not _DOMAIN.match(domain) or ".." in domain:
        problem = (
            "the domain must be a file-name stem of letters, digits, '_', '.' "
            f"and '-' such as 'escalation_matrix', got {domain!r}"
        )
        raise CatalogError([Problem("domain", problem)])
    return domain


@attrs.frozen(eq=False, repr=False)
class CatalogFile:
    """The usable translations of one catalog file.

    Fuzzy entries and entries without a translation are left out, as
    gettext's ``msgfmt`` leaves them out of a compiled catalog. So are
    translations whose ``{placeholders}`` differ from their source's (see
    :func:`~escalation_matrix._i18n.catalog_checks.check_placeholders`): filling
    them in would fail, or show the wrong value; and translations holding a
    control character, or a line break their source does not have (see
    :func:`~escalation_matrix._i18n.catalog_checks.check_controls`): a
    terminal would act on them. Each of those is a problem, and lookups
    fall back to the next catalog, or to the source text.

    Attributes:
        source: Where the file is.
        texts: Singular translations by ``(context, message)``.
        plurals: Plural translations by ``(context, singular)``, one form
            per plural category of the catalog's language.
        plural: The catalog's rule choosing a form for a count.
        problems: Each translation left out because it is wrong, as
            ``"<file>: line <n>: msgctxt <context> msgid <text>: <what is
            wrong>"`` (a compiled catalog has no lines).
    """

    source: str
    texts: Mapping[MessageKey, str]
    plurals: Mapping[MessageKey, tuple[str, ...]]
    plural: Callable[[int], int]
    problems: tuple[Problem, ...] = ()

    def __repr__(self) -> str:
        problems = f" problems={len(self.problems)}" if self.problems else ""
        return f"<CatalogFile {self.source!r} texts={len(self.texts)}{problems}>"


def read_catalog(file: Traversable, /) -> CatalogFile:
    """Read a ``.mo`` or ``.po`` file.

    Raises:
        CatalogError: the file cannot be read or parsed.
    """
    # Imported on first use, like importlib.metadata below: together they
    # would double the import time of the package.
    import gettext  # noqa: PLC0415

    from babel.messages.mofile import read_mo  # noqa: PLC0415
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    source = str(file)
    try:
        with file.open("rb") as handle:
            if file.name.endswith(".mo"):
                catalog = read_mo(handle)
            else:
                catalog = read_po(handle, abort_invalid=True)
        plural = gettext.c2py(catalog.plural_expr)
    except (PoFileError, OSError, ValueError, LookupError, struct.error) as error:
        problem = Problem(source, str(error) or type(error).__name__)
        raise CatalogError([problem], path=source) from None
    return _usable(catalog, source, plural)


def _usable(catalog: Catalog, source: str, plural: Callable[[int], int]) -> CatalogFile:
    from babel.messages.catalog import TranslationError  # noqa: PLC0415

    from escalation_matrix._i18n.catalog_checks import (  # noqa: PLC0415
        check_controls,
        check_placeholders,
        describe_message,
    )

    texts: dict[MessageKey, str] = {}
    plurals: dict[MessageKey, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue  # the header, or a guess waiting for a translator
        context: str | bytes | None = message.context
        if isinstance(context, bytes):
            # Babel's read_mo left contexts undecoded before version 2.18.
            context = message.context = context.decode(catalog.charset or "utf-8")
        try:
            check_placeholders(catalog, message)
            check_controls(catalog, message)
        except TranslationError as error:
            problems.append(Problem(source, f"{describe_message(message)}: {error}"))
            continue
        if isinstance(message.id, str):
            if isinstance(message.string, str) and message.string.strip():
                texts[context, message.id] = message.string
        else:
            forms = tuple(message.string or ())
            if forms and all(form.strip() for form in forms):
                plurals[context, message.id[0]] = forms
    return CatalogFile(source, texts, plurals, plural, tuple(problems))


def find_catalog(
    directory: Traversable, identifier: str, domain: str
) -> Traversable | None:
    """Return the catalog file of *directory* for one locale, or None.

    *identifier* and *domain* must already be validated
    (:func:`~escalation_matrix._i18n.locales.locale_identifier`,
    :func:`check_domain`): they become path components.

    The compiled ``.mo`` is preferred. The ``.po`` is read where there is no
    ``.mo``, or where the ``.mo`` is older than the ``.po`` (a source
    checkout whose catalog was edited since it was last compiled).
    """
    folder = directory.joinpath(identifier, "LC_MESSAGES")
    compiled = folder.joinpath(f"{domain}.mo")
    source = folder.joinpath(f"{domain}.po")
    if compiled.is_file():
        if not (isinstance(compiled, Path) and isinstance(source, Path)):
            return compiled  # inside an archive: no times to compare
        try:
            stale = source.stat().st_mtime > compiled.stat().st_mtime
        except FileNotFoundError:
            stale = False
        if not stale:
            return compiled
    return source if source.is_file() else None


@cache
def builtin_directory() -> Traversable:
    """Return the package's own catalog directory."""
    from importlib import resources  # noqa: PLC0415 -- see read_catalog

    return resources.files(__package__).joinpath("locale")


@cache
def language_packs() -> tuple[Traversable, ...]:
    """Return the catalog directories that installed language packs register.

    A language pack is a distribution with an entry point in the
    ``escalation_matrix.catalogs`` group whose object is a directory (a
    path string, an :class:`os.PathLike` or a
    :class:`~importlib.resources.abc.Traversable`) or a callable returning
    one. They are read once, sorted by entry-point name.

    Raises:
        CatalogError: an entry point cannot be loaded or gives no directory.
    """
    from importlib import metadata  # noqa: PLC0415 -- see read_catalog

    points = sorted(
        metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
    )
    return tuple(_directory_of(point) for point in points)


def _directory_of(point: metadata.EntryPoint) -> Traversable:
    from importlib.resources.abc import Traversable  # noqa: PLC0415

    where = (
        f"entry point {point.name!r} = {point.value!r} of group {ENTRY_POINT_GROUP!r}"
    )
    try:
        found: object = point.load()
        if callable(found) and not isinstance(found, str | os.PathLike | Traversable):
            found = found()
    except Exception as error:
        problem = Problem(where, f"failed to load: {type(error).__name__}: {error}")
        raise CatalogError([problem]) from error
    if isinstance(found, str | os.PathLike):
        return Path(found)
    if isinstance(found, Traversable):
        return found
    message = (
        "must give a catalog directory (a path, a Traversable, or a callable "
        f"returning one), got {found!r}"
    )
    raise CatalogError([Problem(where, message)])


def catalog_directories(explicit: Iterable[str]) -> tuple[Traversable, ...]:
    """Return every directory to search, in priority order.

    The caller's directories come first, then language packs, then the
    package's own catalogs.
    """
    return (*(Path(item) for item in explicit), *language_packs(), builtin_directory())


def clear_cache() -> None:
    """Forget the language packs found so far (tests and benchmarks)."""
    language_packs.cache_clear()
