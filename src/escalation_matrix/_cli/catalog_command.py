"""The ``catalog`` command: a matrix's texts as a gettext catalog, for translators.

An existing ``.po`` file given with ``-o`` is updated, keeping its translations.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from escalation_matrix._cli.parser import ExitStatus
from escalation_matrix._cli.session import CANNOT_WRITE, Session
from escalation_matrix._i18n.translator import pN_
from escalation_matrix._serialization.files import check_target, read_file
from escalation_matrix._serialization.limits import Limits

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Catalog

    from escalation_matrix._cli.parser import Builder, Parser

__all__ = ["COMMANDS", "catalog_arguments", "catalog_command"]

# Translators: description at the top of the help of the catalog command.
# Keep the contexts (level:L2:name, cell:outage:L2), the file layout and the
# options as they are.
CATALOG_DESCRIPTION = pN_(
    "cli",
    "Write a gettext catalog of every text of a matrix (its title, role "
    "titles, level and issue type names, severities and responsibility "
    "texts), each under the context that names its place, such as "
    "level:L2:name or cell:outage:L2, for translators to fill in. With "
    "--locale, the catalog of that language (.po); without it, a template "
    "(.pot). When -o names a catalog that exists, it is updated: its "
    "translations are kept, a changed text gets its old translation marked "
    "fuzzy for review, and texts the matrix no longer has are kept as "
    "obsolete entries. Put the translated catalog in "
    "DIR/LOCALE/LC_MESSAGES/escalation_matrix.po and give DIR to --catalogs.",
)
# Translators: help of the optional FILE argument of catalog.
MATRIX_FILE_HELP = pN_(
    "cli",
    "the matrix file (.toml, .json, .yaml or .yml); the built-in matrix when omitted",
)
# Translators: help of --locale of catalog: the language of the catalog.
CATALOG_LOCALE_HELP = pN_(
    "cli",
    "the language of the catalog, such as de or pt_BR (this command's "
    "messages stay in the language of the environment); without it, a "
    "template is written",
)
# Translators: help of -o/--output of catalog.
CATALOG_OUTPUT_HELP = pN_(
    "cli",
    "write the catalog to FILE instead of standard output, updating it if it "
    "exists (it must be a catalog of the same language) and making its "
    "folders if they do not exist; FILE is replaced in one step",
)
# Translators: the file given with -o exists but is no gettext catalog;
# {path} is the file, {reason} what the catalog reader said.
NOT_A_CATALOG = pN_(
    "cli",
    "{path} is not a message catalog (.po file), so it cannot be updated: {reason}",
)

# Translators: why a file is not a catalog: the catalog reader found no
# entry it could read.
UNREADABLE_ENTRIES = pN_(
    "cli", "it holds no gettext entries (msgid, msgstr) that can be read"
)
# Translators: why a file is not a catalog: it is larger than any catalog.
TOO_LARGE = pN_("cli", "it is larger than the file-size limit of 16 MiB")
# Translators: why a file is not a catalog: its bytes are not UTF-8 text.
NOT_UTF8 = pN_("cli", "it is not UTF-8 text")
# Translators: -o names a catalog of another language than --locale;
# {path} is the file, quoted; {have} and {wanted} are locales (it, de).
OTHER_LANGUAGE = pN_(
    "cli",
    "{path} is a catalog of '{have}', not of '{wanted}', so it cannot be "
    "updated: its translations would pass for '{wanted}' ones; give -o the "
    "'{wanted}' catalog, or a new file",
)


def catalog_arguments(builder: Builder, parser: Parser) -> None:
    """Fill the parser of ``catalog``."""
    arguments, options = builder.described(parser, CATALOG_DESCRIPTION)
    arguments.add_argument(
        "file", metavar="FILE", nargs="?", help=builder.help_text(MATRIX_FILE_HELP)
    )
    builder.common(options)
    # The --locale of every command names the catalog's language here; the
    # command's messages stay in the environment's (see chosen_locale).
    for action in options._group_actions:  # noqa: SLF001 -- argparse's own list
        if "--locale" in action.option_strings:
            action.help = builder.translated(CATALOG_LOCALE_HELP)
    options.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=builder.help_text(CATALOG_OUTPUT_HELP),
    )


def catalog_command(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Write the catalog of a matrix's texts, or update the one in ``-o``."""
    # Imported now: Babel's catalog modules are needed by this command only.
    from babel.messages.pofile import write_po  # noqa: PLC0415

    from escalation_matrix._cli.commands import emit, read_matrix  # noqa: PLC0415
    from escalation_matrix._i18n.template import matrix_catalog  # noqa: PLC0415

    if args.output is not None:
        _check_output(args.output, session)
    matrix = read_matrix(args.file, session)
    existing = None if args.output is None else _existing(args.output, session)
    if existing is not None and existing.locale is not None and args.locale:
        _check_language(args.output, existing.locale, args.locale, session)
    catalog = matrix_catalog(matrix, args.locale, update=existing)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79)
    if args.output is not None:
        _make_folders(args.output, session)
    emit(buffer.getvalue().decode(catalog.charset or "utf-8"), args.output, session)
    return ExitStatus.OK


def _check_language(path: str, have: Locale, wanted: str, session: Session) -> None:
    """Refuse to update the catalog in *path*, of *have*, as one of *wanted*.

    Raises:
        Failure: the two are different languages.
    """
    from escalation_matrix._i18n.locales import (  # noqa: PLC0415
        locale_identifier,
        parse_locale,
    )

    if parse_locale(wanted).language == have.language:
        return
    raise session.fail(
        ExitStatus.INVALID,
        OTHER_LANGUAGE,
        path=repr(path),
        have=locale_identifier(have),
        wanted=locale_identifier(parse_locale(wanted)),
    )


def _check_output(path: str, session: Session) -> None:
    """Refuse a target that is no regular file (a device, a FIFO) before reading it.

    Raises:
        Failure: *path* could not be written as a catalog.
    """
    from escalation_matrix._cli.commands import _cannot_write  # noqa: PLC0415

    try:
        check_target(Path(path))
    except OSError as error:
        raise _cannot_write(session, path, error) from None


def _make_folders(path: str, session: Session) -> None:
    """Create the folders of *path* that do not exist yet (``locale/de/LC_MESSAGES``).

    Raises:
        Failure: a folder cannot be made.
    """
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_WRITE,
            path=repr(path),
            reason=error.strerror or str(error),
        ) from None


def _existing(path: str, session: Session) -> Catalog | None:
    """Return the catalog in the file *path*, or None if there is none.

    Raises:
        Failure: the file cannot be read, or is not a catalog.
    """
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    from escalation_matrix._cli.commands import CANNOT_READ  # noqa: PLC0415
    from escalation_matrix._i18n.catalogs import po_syntax_problem  # noqa: PLC0415

    file = Path(path)
    try:
        if not file.exists():
            return None
        data = read_file(file, Limits().max_file_size)
        if data is None:
            raise session.fail(
                ExitStatus.INVALID,
                NOT_A_CATALOG,
                path=repr(path),
                reason=session.translated(TOO_LARGE),
            )
        misread = po_syntax_problem(data)
        if misread is not None:
            raise session.fail(
                ExitStatus.INVALID,
                NOT_A_CATALOG,
                path=repr(path),
                reason=misread.said(session.tr.gettext),
            )
        return read_po(io.BytesIO(data), abort_invalid=True)
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_READ,
            path=repr(path),
            reason=error.strerror or str(error),
        ) from None
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        # Said in the reader's language, not in the catalog reader's words.
        if isinstance(error, PoFileError):
            reason = session.translated(UNREADABLE_ENTRIES)
        elif isinstance(error, UnicodeDecodeError):
            reason = session.translated(NOT_UTF8)
        else:
            reason = str(error)
        raise session.fail(
            ExitStatus.INVALID, NOT_A_CATALOG, path=repr(path), reason=reason
        ) from None


#: The command's implementation, by name.
COMMANDS: Mapping[str, Callable[[argparse.Namespace, Session], ExitStatus]] = {
    "catalog": catalog_command,
}
