"""Running one command line: locale, parser, subcommand, exit status.

Reads the locale, builds the parser in it, runs the subcommand, and turns
every way a command can fail into a message on standard error and an exit
status (:class:`~escalation_matrix._cli.parser.ExitStatus`): a mistake of
the user never shows a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.metadata import version

from escalation_matrix._cli.commands import COMMANDS, Failure, Session, write
from escalation_matrix._cli.parser import ERROR, ExitStatus, Parser, build_parser
from escalation_matrix._i18n.environment import environment_locale
from escalation_matrix._i18n.locales import locale_identifier, parse_locale
from escalation_matrix._i18n.translator import Translator, translator
from escalation_matrix.exceptions import CatalogError, LocaleError

__all__ = [
    "PROG",
    "WHEN_OPTIONS",
    "chosen_locale",
    "joined_moments",
    "main",
    "make_parser",
]

#: The command's name, as its console script is installed.
PROG = "escalation-matrix"


def chosen_locale(argv: Sequence[str]) -> str:
    """Return the locale of the messages: ``--locale``'s, else the environment's.

    The arguments are looked at before they are parsed, so that the help
    and argparse's usage errors are in that locale too; the last
    ``--locale`` before ``--`` counts, as for argparse. A malformed
    ``--locale`` is left for the parser to report, in the environment's
    locale.

    >>> chosen_locale(["show", "--locale", "it-CH"])
    'it_CH'
    >>> chosen_locale(["show", "--locale=en", "--", "--locale=it"])
    'en'
    """
    found = None
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--locale" and index + 1 < len(argv):
            found = argv[index + 1]
        elif argument.startswith("--locale="):
            found = argument.partition("=")[2]
    if found is not None:
        try:
            return locale_identifier(parse_locale(found))
        except LocaleError:
            pass
    return environment_locale()


#: The options whose values are moments, which may start with "-" ("-1d").
WHEN_OPTIONS = frozenset({"--opened", "--now", "--acknowledged", "--resolved"})


def joined_moments(argv: Sequence[str]) -> list[str]:
    """Return *argv* with each moment that starts with "-" joined to its option.

    argparse reads a value starting with "-" (other than a number) as an
    option, so ``--now -1h`` would lack its value; ``--now=-1h`` has it.

    >>> joined_moments(["route", "x", "--opened", "-1d", "--now", "now"])
    ['route', 'x', '--opened=-1d', '--now', 'now']
    """
    out: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            out += [argument, *arguments]
            break
        if argument in WHEN_OPTIONS:
            value = next(arguments, None)
            if value is not None and value.startswith("-") and value[1:2].isdigit():
                out.append(f"{argument}={value}")
                continue
            out += [argument] if value is None else [argument, value]
            continue
        out.append(argument)
    return out


def make_parser(
    tr: Translator, *, prog: str = PROG, width: int | None = None
) -> Parser:
    """Return the command's parser, its texts translated by *tr*."""
    parser, _ = build_parser(
        tr, prog=prog, version=version("escalation-matrix"), width=width
    )
    return parser


def _quiet_stdout() -> None:
    # The reader is gone: what is still buffered would fail again when
    # Python flushes standard output at exit, and print a traceback.
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def main(argv: Sequence[str] | None = None, *, prog: str = PROG) -> int:
    """Run the command with *argv* (the process's arguments if None).

    Args:
        argv: The arguments after the command's name.
        prog: The command's name, for its usage and messages.

    Returns:
        The exit status.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    locale = chosen_locale(arguments)
    tr = translator(locale)
    try:
        try:
            args = make_parser(tr, prog=prog).parse_args(joined_moments(arguments))
        except SystemExit as done:  # --help, --version, or a usage error
            return done.code if isinstance(done.code, int) else ExitStatus.USAGE
        session = Session(tr, locale, args.parser)
        try:
            status = COMMANDS[args.command](args, session)
        except Failure as failure:
            if failure.status == ExitStatus.USAGE:
                args.parser.print_usage(sys.stderr)
            write(sys.stderr, "".join(line + "\n" for line in failure.lines))
            status = failure.status
        except CatalogError as error:
            message = tr.pgettext(*ERROR).format(prog=args.parser.prog, message=error)
            write(sys.stderr, message + "\n")
            status = ExitStatus.INVALID
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return ExitStatus.BROKEN_PIPE
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    return int(status)
