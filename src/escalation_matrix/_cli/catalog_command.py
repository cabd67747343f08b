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
from escalation_matrix._cli.session import Session
from escalation_matrix._i18n.translator import pN_

if TYPE_CHECKING:
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
    "the language of the catalog, such as de or pt_BR, which is also the "
    "language of this command's messages; without it, a template is written",
)
# Translators: help of -o/--output of catalog.
CATALOG_OUTPUT_HELP = pN_(
    "cli",
    "write the catalog to FILE instead of standard output, updating it if it "
    "exists; FILE is replaced in one step",
)
# Translators: the file given with -o exists but is no gettext catalog;
# {path} is the file, {reason} what the catalog reader said.
NOT_A_CATALOG = pN_(
    "cli",
    "{path} is not a message catalog (.po file), so it cannot be updated: {reason}",
)


def catalog_arguments(builder: Builder, parser: Parser) -> None:
    """Fill the parser of ``catalog``."""
    arguments, options = builder.described(parser, CATALOG_DESCRIPTION)
    arguments.add_argument(
        "file", metavar="FILE", nargs="?", help=builder.translated(MATRIX_FILE_HELP)
    )
    builder.common(options)
    # The --locale of every command, read before the arguments are: here it
    # also names the catalog's language.
    for action in options._group_actions:  # noqa: SLF001 -- argparse's own list
        if "--locale" in action.option_strings:
            action.help = builder.translated(CATALOG_LOCALE_HELP)
    options.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=builder.translated(CATALOG_OUTPUT_HELP),
    )


def catalog_command(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Write the catalog of a matrix's texts, or update the one in ``-o``."""
    # Imported now: Babel's catalog modules are needed by this command only.
    from babel.messages.pofile import write_po  # noqa: PLC0415

    from escalation_matrix._cli.commands import emit, read_matrix  # noqa: PLC0415
    from escalation_matrix._i18n.template import matrix_catalog  # noqa: PLC0415

    matrix = read_matrix(args.file, session)
    existing = None if args.output is None else _existing(args.output, session)
    catalog = matrix_catalog(matrix, args.locale, update=existing)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79)
    emit(buffer.getvalue().decode(catalog.charset or "utf-8"), args.output, session)
    return ExitStatus.OK


def _existing(path: str, session: Session) -> Catalog | None:
    """Return the catalog in the file *path*, or None if there is none.

    Raises:
        Failure: the file cannot be read, or is not a catalog.
    """
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415

    from escalation_matrix._cli.commands import CANNOT_READ  # noqa: PLC0415

    file = Path(path)
    try:
        if not file.exists():
            return None
        with file.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_READ,
            path=repr(path),
            reason=error.strerror or str(error),
        ) from None
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise session.fail(
            ExitStatus.INVALID, NOT_A_CATALOG, path=repr(path), reason=str(error)
        ) from None


#: The command's implementation, by name.
COMMANDS: Mapping[str, Callable[[argparse.Namespace, Session], ExitStatus]] = {
    "catalog": catalog_command,
}
