"""Message catalogs: where they are found, and reading one into memory.

A catalog directory has the standard gettext layout,
``<dir>/<locale>/LC_MESSAGES/<domain>.mo`` (or ``.po``), as ``pybabel init``
and ``pybabel compile`` create it. Three kinds of directory are searched:
the ones a caller passes, those that installed language packs register under
the ``escalation_matrix.catalogs`` entry-point group, and the package's own.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import struct
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias

from escalation_matrix._base.phrased import PhrasedValueError, error_phrase
from escalation_matrix.exceptions import CatalogError, Phrase, Problem, WrongTypeError

if TYPE_CHECKING:
    from importlib import metadata
    from importlib.resources.abc import Traversable

    from babel.messages.pofile import PoFileError


__all__ = [
    "DOMAIN",
    "DOMAINS",
    "ENTRY_POINT_GROUP",
    "MATRIX_DOMAIN",
    "MESSAGES_DOMAIN",
    "CatalogFile",
    "CatalogPath",
    "builtin_directory",
    "catalog_file_problems",
    "check_domain",
    "check_phrase",
    "clear_cache",
    "file_name",
    "find_catalog",
    "is_program_message",
    "language_packs",
    "path_list",
    "po_syntax_problem",
    "read_catalog",
]

#: The gettext domain of matrix texts: the built-in matrix's titles, names
#: and cells, and those of users' matrices (:func:`translate`'s default).
MATRIX_DOMAIN: Final = "escalation_matrix"
#: The gettext domain of the program's own messages: labels, explanations
#: and the command line.
MESSAGES_DOMAIN: Final = "escalation_matrix_messages"
#: Both domains, in the order their catalogs are merged.
DOMAINS: Final = (MATRIX_DOMAIN, MESSAGES_DOMAIN)
#: The default domain of a catalog of matrix texts.
DOMAIN: Final = MATRIX_DOMAIN
#: The entry-point group where language packs register catalog directories.
ENTRY_POINT_GROUP: Final = "escalation_matrix.catalogs"

MessageKey = tuple[str | None, str]

#: A catalog directory or file: a path on disk, as a string, or a
#: :class:`~importlib.resources.abc.Traversable` (a language pack inside an
#: archive). Paths stay strings, handled with :mod:`os.path`: importing
#: :mod:`pathlib` alone would add a tenth to the time a fresh process takes
#: to translate.
CatalogPath: TypeAlias = "str | Traversable"

# A domain becomes a file name: letters, digits and a few separators, no
# path separator and no leading dot. (Compiled when first needed, by re.)
_DOMAIN: Final = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\Z"


def check_domain(domain: object) -> str:
    """Return *domain* if it can safely name a catalog file.

    Raises:
        CatalogError: *domain* is not a plain file-name stem.
    """
    if domain in DOMAINS:
        return domain
    if not isinstance(domain, str) or not re.match(_DOMAIN, domain) or ".." in domain:
        problem = Phrase(
            "the domain must be a file-name stem of letters, digits, '_', '.' "
            "and '-' such as 'escalation_matrix', got {got}",
            got=repr(domain),
        )
        raise CatalogError([Problem("domain", problem)])
    return domain


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

    # A plain class rather than a named tuple, whose class takes longer to
    # make: a command that translates reads a catalog at its start.
    __slots__ = ("plural", "plurals", "problems", "source", "texts")

    def __init__(
        self,
        source: str,
        texts: Mapping[MessageKey, str],
        plurals: Mapping[MessageKey, tuple[str, ...]],
        plural: Callable[[int], int],
        problems: tuple[Problem, ...] = (),
    ) -> None:
        self.source = source
        self.texts = texts
        self.plurals = plurals
        self.plural = plural
        self.problems = problems

    def __repr__(self) -> str:
        problems = f" problems={len(self.problems)}" if self.problems else ""
        return f"<CatalogFile {self.source!r} texts={len(self.texts)}{problems}>"


def read_catalog(file: CatalogPath, /, *, checked: bool = False) -> CatalogFile:
    """Read a ``.mo`` or ``.po`` file.

    A compiled catalog is read with the standard library alone, so that
    translating at start-up costs no more than reading the file; a ``.po``
    file is parsed by Babel.

    Args:
        file: The catalog file.
        checked: Whether its translations were checked already, as the
            build checks the package's own catalogs before it compiles them
            (see :mod:`~escalation_matrix._i18n.catalog_checks`); otherwise
            each is checked as it is read.

    Raises:
        CatalogError: the file cannot be read or parsed.
    """
    source = str(file)
    try:
        with _open(file) as handle:
            # At most one byte past the limit is read: a link to /dev/zero
            # costs no more than a file too large.
            data = handle.read(MOST_CATALOG_BYTES + 1)
        if len(data) > MOST_CATALOG_BYTES:
            raise PhrasedValueError(
                Phrase(
                    "larger than {most} bytes, more than any catalog holds",
                    most=str(MOST_CATALOG_BYTES),
                )
            )
        if file_name(file).endswith(".mo"):
            entries, plural_forms = _read_mo(data)
        else:
            entries, plural_forms = _read_po(data)
        plural = _plural_rule(plural_forms, entries)
    except (OSError, ValueError, LookupError, struct.error) as error:
        problem = Problem(source, _unreadable(error))
        raise CatalogError([problem], path=source) from None
    if checked:
        return _trusted(entries, source, plural)
    return _usable(entries, source, plural)


# One translated message of a catalog file, fuzzy ones left out: its
# context, its source text (or its singular and plural), its translation
# (one string per plural form) and its line in a .po file (None in a .mo
# file). A plain tuple: a catalog holds thousands.
_Entry: TypeAlias = tuple[str | None, tuple[str, ...], tuple[str, ...], int | None]


# The magic numbers of a GNU .mo file, as little- and big-endian words.
_MO_MAGIC: Final = {b"\xde\x12\x04\x95": "<", b"\x95\x04\x12\xde": ">"}


def _read_mo(data: bytes) -> tuple[list[_Entry], str | None]:
    """Parse a GNU ``.mo`` file: its entries and its ``Plural-Forms``.

    The layout is gettext's: a header of 32-bit words, then two tables of
    (length, offset) pairs pointing at the source texts and translations.
    A context is joined to its text by EOT (U+0004), plural forms by NUL.

    Raises:
        ValueError: *data* is not a ``.mo`` file of a known version.
        struct.error: *data* is cut short.
    """
    order = _MO_MAGIC.get(data[:4])
    if order is None:
        raise PhrasedValueError(
            Phrase("not a compiled catalog (.mo file): bad magic number")
        )
    version, count, originals, translations = struct.unpack_from(f"{order}4I", data, 4)
    if version >> 16 not in (0, 1):
        raise PhrasedValueError(
            Phrase("unknown .mo file version {version}", version=str(version >> 16))
        )
    pairs = struct.unpack_from(f"{order}{2 * count}I", data, originals)
    targets = struct.unpack_from(f"{order}{2 * count}I", data, translations)
    raw: list[tuple[bytes, bytes]] = []
    for index in range(0, 2 * count, 2):
        length, offset = pairs[index : index + 2]
        t_length, t_offset = targets[index : index + 2]
        if offset + length > len(data) or t_offset + t_length > len(data):
            raise PhrasedValueError(Phrase("a message lies beyond the end of the file"))
        raw.append(
            (data[offset : offset + length], data[t_offset : t_offset + t_length])
        )
    header = _header(next((text for key, text in raw if not key), b""))
    content_type = header.get("content-type", "")
    charset = content_type.partition("charset=")[2].split(";")[0].strip() or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        # Translators: {charset} is the character set a catalog's header names.
        message = Phrase("unknown character set {charset}", charset=repr(charset))
        raise PhrasedValueError(message) from None
    entries: list[_Entry] = []
    for key, text in raw:
        if not key:
            continue  # the header
        context, eot, source = key.decode(charset).rpartition("\x04")
        entries.append(
            (
                context if eot else None,
                tuple(source.split("\x00")),
                tuple(text.decode(charset).split("\x00")),
                None,
            )
        )
    return entries, header.get("plural-forms")


def _header(data: bytes) -> dict[str, str]:
    """Return the fields of a catalog's header, by lower-case name."""
    fields: dict[str, str] = {}
    for line in data.decode("utf-8", "replace").splitlines():
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip().lower()] = value.strip()
    return fields


def po_syntax_problem(data: bytes) -> Phrase | None:
    """Say where the ``.po`` text *data* has a line Babel would misread, if any.

    Babel's reader, even with ``abort_invalid``, takes a string without its
    closing quote as if its last character were one, losing that
    character; such a line is refused here, with its number.
    """
    # Loaded with the .po reader: compiled catalogs need no checks of text.
    from escalation_matrix._i18n.catalog_checks import po_misread_line  # noqa: PLC0415

    found = po_misread_line(data)
    if found is None:
        return None
    number, line = found
    # Translators: {line} is a line number of the file, {text} that line.
    return Phrase(
        "not a valid .po file: line {line} cannot be read: {text}",
        line=str(number),
        text=repr(line),
    )


def _read_po(data: bytes) -> tuple[list[_Entry], str | None]:
    """Parse a ``.po`` file with Babel: its entries and its plural rule."""
    # Imported on first use: Babel's message modules take longer to load
    # than the whole of a compiled catalog takes to read.
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    problem = po_syntax_problem(data) or _plural_count_problem(data)
    if problem is not None:
        raise PhrasedValueError(problem)
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        raise PhrasedValueError(_po_problem(error)) from None
    entries = [
        (
            message.context,
            (message.id,) if isinstance(message.id, str) else tuple(message.id),
            _forms(message.string),
            message.lineno,
        )
        for message in catalog
        # Not the header, nor a guess waiting for a translator.
        if message.id and not message.fuzzy
    ]
    return entries, f"plural={catalog.plural_expr};"


#: The most bytes of a catalog file read (16 MiB, as for matrix files).
MOST_CATALOG_BYTES: Final = 16 * 2**20

#: The most plural forms a catalog may declare: no language has more than six.
MOST_PLURAL_FORMS: Final = 10


def _plural_count_problem(data: bytes) -> Phrase | None:
    """Say why the ``nplurals`` *data* declares is past any language's, or None.

    Babel's reader makes room for every declared form of every plural
    message: a count of a billion would take gigabytes.
    """
    match = re.search(rb"nplurals\s*=\s*([0-9]+)", data)
    if match is None or (len(match[1]) < 3 and int(match[1]) <= MOST_PLURAL_FORMS):  # noqa: PLR2004
        return None
    # Translators: nplurals is the Plural-Forms header's field, as written.
    return Phrase(
        "declares nplurals={count}; at most {most} plural forms are read",
        count=match[1].decode("ascii")[:20],
        most=str(MOST_PLURAL_FORMS),
    )


def _po_problem(error: PoFileError) -> Phrase:
    """Say where a ``.po`` file stops being one (Babel's reason is English)."""
    line = str(error.lineno + 1)
    if not error.line:
        # Babel names the entry, not a line of it: a msgid without msgstr.
        return Phrase(
            "not a valid .po file: the entry at line {line} is incomplete", line=line
        )
    # Translators: {line} is a line number of the file, {text} that line.
    return Phrase(
        "not a valid .po file: line {line} cannot be read: {text}",
        line=line,
        text=repr(error.line),
    )


def _forms(string: object) -> tuple[str, ...]:
    if isinstance(string, str):
        return (string,)
    return tuple(str(form) for form in string or ())  # type: ignore[attr-defined]


def _plural_rule(
    plural_forms: str | None, entries: list[_Entry]
) -> Callable[[int], int]:
    """Return the rule choosing a plural form for a count.

    The rule of the catalog's ``Plural-Forms`` header; English's when it has
    none. It is compiled only for a catalog that has plural messages: gettext
    is not loaded otherwise.
    """
    # As gettext reads it: "nplurals=3; plural=(n==1 ? 0 : ...);".
    found = [
        part.partition("plural=")[2].strip()
        for part in (plural_forms or "").split(";")
        if "plural=" in part and "nplurals" not in part
    ]
    if not found or not any(len(ids) > 1 for _, ids, _, _ in entries):
        return _english_plural
    if "".join(found[0].split()).strip("()") == "n!=1":
        # English's rule, and Italian's, German's...: no need to load gettext.
        return _english_plural
    import gettext  # noqa: PLC0415

    return gettext.c2py(found[0])


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


def _trusted(
    entries: list[_Entry], source: str, plural: Callable[[int], int]
) -> CatalogFile:
    texts: dict[MessageKey, str] = {}
    plurals: dict[MessageKey, tuple[str, ...]] = {}
    for context, ids, strings, _ in entries:
        if len(ids) == 1:
            texts[context, ids[0]] = strings[0]
        else:
            plurals[context, ids[0]] = strings
    return CatalogFile(source, texts, plurals, plural)


def _usable(
    entries: list[_Entry], source: str, plural: Callable[[int], int]
) -> CatalogFile:
    from escalation_matrix._i18n.catalog_checks import (  # noqa: PLC0415
        control_problem,
        placeholder_problem,
    )

    texts: dict[MessageKey, str] = {}
    plurals: dict[MessageKey, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for entry in entries:
        context, ids, strings, _ = entry
        problem = placeholder_problem(ids, strings) or control_problem(ids, strings)
        if problem is not None:
            problems.append(Problem(source, _entry_problem(entry, problem)))
        elif len(ids) == 1:
            if strings and strings[0].strip():
                texts[context, ids[0]] = strings[0]
        elif strings and all(form.strip() for form in strings):
            plurals[context, ids[0]] = strings
    return CatalogFile(source, texts, plurals, plural, tuple(problems))


def _unreadable(error: Exception) -> Phrase:
    """Say why a catalog file cannot be read."""
    if isinstance(error, struct.error):
        return Phrase(
            "not a compiled catalog (.mo file): it ends too soon ({reason})",
            reason=str(error),
        )
    if isinstance(error, OSError):
        # The system's reason, as the system says it.
        return Phrase(
            "cannot be read: {reason}", reason=error.strerror or type(error).__name__
        )
    said = error_phrase(error)
    if isinstance(said, Phrase):
        return said
    # Python's own words (a text that is not in the catalog's encoding).
    return Phrase("cannot be read: {reason}", reason=said or type(error).__name__)


def catalog_file_problems(file: CatalogPath, /) -> tuple[Problem, ...]:
    """Return what keeps the catalog *file* from being used, or used whole.

    Beside the problems :func:`read_catalog` reports, a ``.po`` file's
    entries left fuzzy or untranslated: left out, so shown in English. An
    entry in the other domain's file is used all the same (see
    :func:`is_program_message`), so it is no problem.

    Raises:
        CatalogError: never; a file that cannot be read is one problem.
    """
    try:
        found = list(read_catalog(file).problems)
    except CatalogError as error:
        return error.problems
    if not file_name(file).endswith(".po"):
        return tuple(found)
    # Imported on use, as in _read_po, which has read this file already.
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with _open(file) as handle:
        catalog = read_po(handle, abort_invalid=True)
    for message in catalog:
        if message.id:
            found += [
                Problem(str(file), _entry_phrase(message, said))
                for said in _entry_problems(message)
            ]
    return tuple(found)


def _entry_problems(message: Any) -> Iterator[Phrase]:
    """Say why the Babel *message* of a ``.po`` file is not used."""
    strings = _forms(message.string)
    if message.fuzzy:
        yield Phrase("fuzzy: review the translation, then remove the flag")
    elif not strings or not all(strings):
        yield Phrase("untranslated: it is shown in the source language")


def _entry_phrase(message: Any, problem: Phrase) -> Phrase:
    """Say *problem* of a ``.po`` file's *message*, after its line and ids."""
    from escalation_matrix._i18n.catalog_checks import describe  # noqa: PLC0415

    source = message.id if isinstance(message.id, str) else message.id[0]
    return Phrase(
        "line {line}: {entry}: {problem}",
        line=str(message.lineno),
        entry=describe(message.context, source),
        problem=problem,
    )


def _entry_problem(entry: _Entry, problem: str) -> Phrase:
    """Say what is wrong with a catalog's *entry*, and which entry it is."""
    from escalation_matrix._i18n.catalog_checks import describe  # noqa: PLC0415

    context, ids, _, line = entry
    which = describe(context, ids[0])
    said = check_phrase(problem)
    if line:
        # Translators: a catalog entry that cannot be used; {line} is its line
        # in the .po file, {entry} its msgctxt and msgid, {problem} what is
        # wrong with it.
        return Phrase(
            "line {line}: {entry}: {problem}",
            line=str(line),
            entry=which,
            problem=said,
        )
    # Translators: as above, in a compiled catalog, which has no lines.
    return Phrase("{entry}: {problem}", entry=which, problem=said)


# The problems the catalog checks write (escalation_matrix._i18n.catalog_checks,
# which may import nothing of the package), matched to be said as phrases.
_PLACEHOLDERS_DIFFER: Final = (
    r"placeholders differ: expected (?P<expected>.+), got (?P<got>.+)"
)
_NOT_FORMAT: Final = r"not a format string as its source is: (?P<reason>.+)"
_ONE_LINE: Final = (
    r"must be one line as its source is, without line break (?P<code>U\+[0-9A-F]+), "
    r"got (?P<got>.+)"
)
_CONTROL: Final = (
    r"must not contain control character (?P<code>U\+[0-9A-F]+), got (?P<got>.+)"
)


def _placeholder_list(text: str) -> Phrase | str:
    """Say a list of placeholders as the checks write it: ``{a}, {b}``, ``none``."""
    if text == "none":
        # Translators: no placeholder at all, where a list of them would be.
        return Phrase("none")
    first, found, second = text.partition(" or ")
    if found:
        # Translators: two lists of placeholders, either of which would do.
        return Phrase(
            "{first} or {second}",
            first=_placeholder_list(first),
            second=_placeholder_list(second),
        )
    return text


def check_phrase(problem: str, /) -> Phrase | str:
    """Return a catalog check's *problem* as a phrase, to say it in any language.

    A problem of a form not known here is returned as it is.

    >>> print(check_phrase("placeholders differ: expected {n}, got {m}"))
    placeholders differ: expected {n}, got {m}
    >>> check_phrase("placeholders differ: expected {n}, got {m}").values["got"]
    '{m}'
    """
    if found := re.fullmatch(_PLACEHOLDERS_DIFFER, problem, re.DOTALL):
        # Translators: a translation's placeholders are not its source's;
        # {expected} and {got} list placeholders such as {level}, {time}.
        return Phrase(
            "placeholders differ: expected {expected}, got {got}",
            expected=_placeholder_list(found["expected"]),
            got=_placeholder_list(found["got"]),
        )
    if found := re.fullmatch(_NOT_FORMAT, problem, re.DOTALL):
        # Translators: {reason} is Python's reason, in English.
        return Phrase(
            "not a format string as its source is: {reason}", **found.groupdict()
        )
    if found := re.fullmatch(_ONE_LINE, problem, re.DOTALL):
        return Phrase(
            "must be one line as its source is, without line break {code}, got {got}",
            **found.groupdict(),
        )
    if found := re.fullmatch(_CONTROL, problem, re.DOTALL):
        return Phrase(
            "must not contain control character {code}, got {got}", **found.groupdict()
        )
    return problem  # a check this module does not know yet: as it says it


def is_program_message(context: str | None, /) -> bool:
    """Tell whether an entry of that context is a program message, not a matrix text.

    Matrix texts have contexts naming their place (``matrix:title``,
    ``level:L2:name``, ``cell:outage:L2``); the program's messages have
    plain ones (``decision``, ``cli``) or none, but for the name of the
    implicit issue type, ``issue_type:any:name``. Each entry counts by its
    context, whichever of the two domains' files holds it.

    >>> is_program_message("decision"), is_program_message("level:L2:name")
    (True, False)
    """
    return context is None or ":" not in context or context == _IMPLICIT_NAME


# The context of the implicit issue type's name (see _model.matrix), a
# message of the program.
_IMPLICIT_NAME: Final = "issue_type:any:name"


def find_catalog(
    directory: CatalogPath, identifier: str, domain: str
) -> CatalogPath | None:
    """Return the catalog file of *directory* for one locale, or None.

    *identifier* and *domain* must already be validated
    (:func:`~escalation_matrix._i18n.locales.locale_identifier`,
    :func:`check_domain`): they become path components.

    The compiled ``.mo`` is preferred. The ``.po`` is read where there is no
    ``.mo``, or where the ``.mo`` is older than the ``.po`` (a source
    checkout whose catalog was edited since it was last compiled).
    """
    if isinstance(directory, os.PathLike):
        directory = os.fspath(directory)
    if not isinstance(directory, str):
        # Inside an archive: no times to compare.
        folder = directory.joinpath(identifier, "LC_MESSAGES")
        compiled = folder.joinpath(f"{domain}.mo")
        source = folder.joinpath(f"{domain}.po")
        if compiled.is_file():
            return compiled
        return source if source.is_file() else None
    # os.path rather than pathlib: see CatalogPath.
    folder_name = os.path.join(directory, identifier, "LC_MESSAGES")  # noqa: PTH118
    compiled_name = os.path.join(folder_name, f"{domain}.mo")  # noqa: PTH118
    source_name = os.path.join(folder_name, f"{domain}.po")  # noqa: PTH118
    if os.path.isfile(compiled_name):  # noqa: PTH113
        try:
            stale = os.stat(source_name).st_mtime > os.stat(compiled_name).st_mtime  # noqa: PTH116
        except FileNotFoundError:
            stale = False
        if not stale:
            return compiled_name
    return source_name if os.path.isfile(source_name) else None  # noqa: PTH113


def file_name(file: CatalogPath, /) -> str:
    """Return the name of the catalog *file*, without its directory."""
    return os.path.basename(file) if isinstance(file, str) else file.name  # noqa: PTH119


def _open(file: CatalogPath) -> IO[bytes]:
    """Open the catalog *file* for reading bytes."""
    return open(file, "rb") if isinstance(file, str) else file.open("rb")  # noqa: PTH123


@cache
def builtin_directory() -> CatalogPath:
    """Return the package's own catalog directory."""
    here = os.path.join(os.path.dirname(__file__), "locale")  # noqa: PTH118, PTH120
    if os.path.isdir(here):  # noqa: PTH112
        return here  # installed as files: no need to load importlib.resources
    # Imported on first use, as importlib.metadata below: together they
    # would double the time translating takes in a fresh process.
    from importlib import resources  # noqa: PLC0415

    return resources.files(__package__).joinpath("locale")


@cache
def language_packs() -> tuple[CatalogPath, ...]:
    """Return the catalog directories that installed language packs register.

    A language pack is a distribution with an entry point in the
    ``escalation_matrix.catalogs`` group whose object is a directory (a
    path string, an :class:`os.PathLike` or a
    :class:`~importlib.resources.abc.Traversable`) or a callable returning
    one. They are read once, sorted by entry-point name.

    Raises:
        CatalogError: an entry point cannot be loaded or gives no directory.
    """
    if not _packs_possible():
        return ()
    from importlib import metadata  # noqa: PLC0415 -- see builtin_directory

    points = sorted(
        metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
    )
    return tuple(_directory_of(point) for point in points)


def _packs_possible() -> bool:
    """Tell whether an installed distribution may declare a language pack.

    A quick look before loading :mod:`importlib.metadata`, which alone
    takes longer than the rest of a first translation: the entry points
    of the distributions in the directories of :data:`sys.path` are named
    in their ``*.dist-info`` (or ``*.egg-info``) ``entry_points.txt``. If
    none mentions the group, there is no pack. Anything this look cannot
    see into (an archive on the path, an egg, a finder of distributions
    other than the standard one) counts as a possible pack, and
    :mod:`importlib.metadata` is asked.
    """
    from importlib.machinery import PathFinder  # noqa: PLC0415 -- already loaded

    if any(
        hasattr(finder, "find_distributions") and finder is not PathFinder
        for finder in sys.meta_path
    ):
        return True
    return any(_may_hold_pack(entry or ".") for entry in sys.path)


# os and plain strings rather than pathlib here: this look runs at the start
# of every program that translates, over every directory of sys.path.
def _may_hold_pack(folder: str) -> bool:
    """Tell whether a :data:`sys.path` entry may hold a language pack."""
    try:
        names = os.listdir(folder)  # noqa: PTH208
    except NotADirectoryError:
        return True  # an archive: only importlib.metadata can tell
    except OSError:
        return False  # nothing there
    if folder.endswith(".egg"):
        return True
    group = ENTRY_POINT_GROUP.encode()
    for name in names:
        if not name.endswith((".dist-info", ".egg-info")):
            continue
        if group in _read_if_there(os.path.join(folder, name, "entry_points.txt")):  # noqa: PTH118
            return True
    return False


def _read_if_there(path: str) -> bytes:
    """Return the bytes of the file *path*; none if it cannot be read.

    With the os module's own calls: most distributions have no entry
    points, and a file object for each that has would double the time
    this look takes.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return b""  # no entry points, or an .egg-info file
    chunks = []
    try:
        while chunk := os.read(descriptor, 1 << 16):
            chunks.append(chunk)
    except OSError:
        return b""
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _directory_of(point: metadata.EntryPoint) -> CatalogPath:
    from importlib.resources.abc import Traversable  # noqa: PLC0415

    where = (
        f"entry point {point.name!r} = {point.value!r} of group {ENTRY_POINT_GROUP!r}"
    )
    try:
        found: object = point.load()
        if callable(found) and not isinstance(found, str | os.PathLike | Traversable):
            found = found()
    except Exception as error:
        described = f"{type(error).__name__}: {error}"
        said = Phrase("failed to load: {error}", error=described)
        raise CatalogError([Problem(where, said)]) from error
    path = os.fspath(found) if isinstance(found, os.PathLike) else found
    if isinstance(path, str):
        return path
    if isinstance(found, Traversable):
        return found
    message = Phrase(
        "must give a catalog directory (a path, a Traversable, or a callable "
        "returning one), got {got}",
        got=repr(found),
    )
    raise CatalogError([Problem(where, message)])


def path_list(argument: str, value: object) -> tuple[str, ...]:
    """Return *value*, a list of catalog directories, as strings; refuse anything else.

    A single path (a string, bytes or a path object) is refused rather
    than read as a list of its characters.

    Each must be a directory: a mistyped one would leave every text it
    translates in its source language without a word.

    Raises:
        WrongTypeError: *value* is not an iterable of str or
            :class:`os.PathLike` paths.
        FileNotFoundError: A directory does not exist.
        NotADirectoryError: A path is not a directory.
    """
    expected = "a list of paths (str or os.PathLike)"
    if isinstance(value, str | bytes | os.PathLike) or not isinstance(value, Iterable):
        raise WrongTypeError(argument, value, expected)
    paths = []
    for item in value:
        path = os.fspath(item) if isinstance(item, str | os.PathLike) else None
        if not isinstance(path, str):
            each = f"each of {argument}"
            raise WrongTypeError(each, item, "a str or os.PathLike path")
        if not os.path.isdir(path):  # noqa: PTH112 -- see CatalogPath
            lacking = os.path.exists(path)  # noqa: PTH110
            cls, code = (
                (NotADirectoryError, errno.ENOTDIR)
                if lacking
                else (FileNotFoundError, errno.ENOENT)
            )
            raise cls(code, os.strerror(code), path)
        paths.append(path)
    return tuple(paths)


def catalog_directories(explicit: Iterable[str]) -> tuple[CatalogPath, ...]:
    """Return every directory to search, in priority order.

    The caller's directories come first, then language packs, then the
    package's own catalogs.
    """
    return (*explicit, *language_packs(), builtin_directory())


def clear_cache() -> None:
    """Forget the language packs found so far (tests and benchmarks)."""
    language_packs.cache_clear()
