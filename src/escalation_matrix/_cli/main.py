"""Running one command line: locale, parser, subcommand, exit status.

Reads the locale, builds the parser in it, runs the subcommand, and turns
every way a command can fail into a message on standard error and an exit
status (:class:`~escalation_matrix._cli.parser.ExitStatus`): the command
never shows a traceback, even for its own bugs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Final, TextIO

from escalation_matrix._cli.parser import (
    ERROR,
    SUBCOMMANDS,
    ExitStatus,
    Parser,
    StandardOutputError,
    build_parser,
)
from escalation_matrix._i18n.environment import FALLBACK_LOCALE, environment_locales
from escalation_matrix._i18n.locales import locale_identifier, parse_locale
from escalation_matrix._i18n.translator import (
    Translator,
    output_locale,
    pN_,
    translator,
)
from escalation_matrix.exceptions import CatalogError, LocaleError

if TYPE_CHECKING:
    from escalation_matrix._cli.session import Session

__all__ = [
    "INTERNAL_ERROR",
    "PROG",
    "WHEN_OPTIONS",
    "chosen_locale",
    "joined_moments",
    "main",
    "make_parser",
]

#: The command's name, as its console script is installed.
PROG = "escalation-matrix"

# Translators: the one line printed when the command fails in a way it did
# not foresee, which is a bug; {prog} is the command's name and {error} the
# error, in English, as Python names it.
INTERNAL_ERROR = pN_(
    "cli",
    "{prog}: internal error: {error}; this is a bug, please report it with "
    "the command that caused it",
)


# Translators: a warning; --locale asked for {locale}, and no catalog
# translates the program's messages into its language; {prog} is the
# command's name.
NO_OUTPUT_LANGUAGE = pN_(
    "cli",
    "{prog}: warning: no catalog translates this program's messages into "
    "{locale} (a catalog of a matrix's texts alone does not make an output "
    "language), so the output is in the matrix's language if the program "
    "speaks it, else in English",
)
# Translators: a message catalog cannot be used; each of its problems follows
# on its own line.
INVALID_CATALOG = pN_("cli", "Invalid message catalog:")
# Translators: as above, for the catalog file {path}.
INVALID_CATALOG_FILE = pN_("cli", "Invalid message catalog {path}:")


def _invalid_catalog(error: CatalogError, tr: Translator) -> str:
    """Say *error* as its message does, in *tr*'s language: every problem listed."""
    if error.path:
        head = tr.pgettext(*INVALID_CATALOG_FILE).format(path=error.path)
    else:
        head = tr.pgettext(*INVALID_CATALOG)
    lines = "".join(
        f"\n  {problem.path}: {problem.said(tr.gettext)}" for problem in error.problems
    )
    return head + lines


def _option_values(argv: Sequence[str], option: str) -> list[str]:
    """Return the values given to *option* before ``--``, in order."""
    found = []
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == option and index + 1 < len(argv):
            found.append(argv[index + 1])
        elif argument.startswith(f"{option}="):
            found.append(argument.partition("=")[2])
    return found


def chosen_locale(argv: Sequence[str]) -> str:
    """Return the locale of the output: ``--locale``'s, else the environment's.

    The arguments are looked at before they are parsed, so that the help
    and argparse's usage errors are in that locale too; the last
    ``--locale`` before ``--`` counts, as for argparse. Without one, the
    environment's list counts (``LANGUAGE``, then ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``). The output is in the first of those locales
    that a catalog translates to (the built-in ones, language packs' or
    ``--catalogs``'), else in English, with English formats: one language
    for every sentence, name, date and list. A malformed ``--locale`` is
    left for the parser to report, in the environment's locale.

    >>> chosen_locale(["show", "--locale", "it-CH"])
    'it_CH'
    >>> chosen_locale(["show", "--locale=en", "--", "--locale=it"])
    'en'
    >>> chosen_locale(["show", "--locale", "de"])
    'en'
    """
    wanted = wanted_locales(argv)
    try:
        chosen = output_locale(wanted, catalogs=_catalogs(argv))
    except CatalogError:
        # A broken catalog is reported, in this locale, by the command
        # that reads it.
        chosen = parse_locale(wanted[0])
    return locale_identifier(chosen or parse_locale(FALLBACK_LOCALE))


def _catalogs(argv: Sequence[str]) -> list[str]:
    """Return the directories of ``--catalogs`` in *argv* that exist."""
    given = _option_values(argv, "--catalogs")
    return [path for path in given if os.path.isdir(path)]  # noqa: PTH112 -- see CatalogPath


def _translator(locale: str, argv: Sequence[str]) -> Translator:
    """Return the translator of the command's messages: ``--catalogs``' first.

    Their catalogs of the program's messages count for the help, the
    errors and every problem a command reports, as for its answers.
    """
    try:
        return translator(locale, catalogs=_catalogs(argv))
    except CatalogError:
        # Said, in this locale, by the command that reads them.
        return translator(locale)


def wanted_locales(argv: Sequence[str]) -> tuple[str, ...]:
    """Return the locales asked for, most wanted first.

    ``--locale``'s (the last before ``--``), else the environment's list
    (``LANGUAGE``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``).

    >>> wanted_locales(["show", "--locale", "it-CH"])
    ('it_CH',)
    """
    asked = asked_locale(argv)
    return environment_locales() if asked is None else (asked,)


def asked_locale(argv: Sequence[str]) -> str | None:
    """Return the locale the last ``--locale`` of *argv* asks for, if any.

    >>> asked_locale(["route", "outage", "--locale", "de-AT"])
    'de_AT'
    >>> asked_locale(["catalog", "--locale", "de"]) is None
    True
    """
    # catalog's own --locale names the language of the catalog it writes,
    # not the reader's: its messages stay in the environment's language,
    # or that of a --locale given before the command.
    command = _command_at(argv)
    before = argv if command is None or argv[command] != "catalog" else argv[:command]
    found = _option_values(before, "--locale")
    if found:
        with contextlib.suppress(LocaleError):
            return locale_identifier(parse_locale(found[-1]))
    return None


def _command_at(argv: Sequence[str]) -> int | None:
    """Return where *argv* names its command, if it names one.

    >>> _command_at(["--locale", "catalog", "catalog", "m.toml"])
    2
    """
    names = {command.name for command in SUBCOMMANDS}
    previous = ""
    for index, argument in enumerate(argv):
        if argument == "--":
            return None
        if argument in names and previous not in _VALUED:
            return index
        previous = argument
    return None


# The options before a command that take a value: the value is no command.
_VALUED: Final = frozenset({"--locale", "--catalogs"})


#: The options whose values are moments, which may start with "-" ("-1d").
WHEN_OPTIONS = frozenset({"--opened", "--now", "--acknowledged", "--resolved"})


def joined_moments(argv: Sequence[str]) -> list[str]:
    """Return *argv* with each moment that starts with "-" joined to its option.

    argparse reads a value starting with "-" (other than a number) as an
    option, so ``--now -1h`` would lack its value; ``--now=-1h`` has it.

    >>> joined_moments(["route", "x", "--opened", "-1d", "--now", "now"])
    ['route', 'x', '--opened=-1d', '--now', 'now']
    >>> joined_moments(["route", "x", "--opened", "-PT4H", "--now", "-P1D"])
    ['route', 'x', '--opened=-PT4H', '--now=-P1D']
    """
    out: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            out += [argument, *arguments]
            break
        if argument in WHEN_OPTIONS:
            value = next(arguments, None)
            if value is not None and _before_now(value):
                out.append(f"{argument}={value}")
                continue
            out += [argument] if value is None else [argument, value]
            continue
        out.append(argument)
    return out


def _before_now(value: str) -> bool:
    """Whether *value* is a duration before now: ``-1d``, ``-PT4H``, ``-P1D``."""
    amount = value[1:3].upper()
    return value.startswith("-") and (
        amount[:1].isdigit()
        or amount == "PT"
        or (amount[:1] == "P" and amount[1:].isdigit())
    )


def _version() -> str:
    # Asked for by --version only: reading the package's metadata takes
    # longer than the rest of the start-up.
    from importlib.metadata import version  # noqa: PLC0415

    return version("escalation-matrix")


def make_parser(
    tr: Translator, *, prog: str = PROG, width: int | None = None
) -> Parser:
    """Return the command's parser, its texts translated by *tr*."""
    parser, _ = build_parser(tr, prog=prog, version=_version, width=width)
    return parser


class _Closed(io.TextIOBase):
    """Standard output when the command was started without one (``>&-``).

    Writing fails as writing to a closed descriptor does, so that an answer
    that cannot be printed is reported, with exit status 3; a command that
    prints nothing there (``--output FILE``) still succeeds.
    """

    def write(self, text: str, /) -> int:  # noqa: ARG002 -- as TextIOBase's
        """Fail: there is nowhere to write *text*."""
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class _Messages(io.TextIOBase):
    """Standard error, written best effort.

    A message that cannot be shown (standard error closed with ``2>&-``, or
    on a full disk) is dropped, and the exit status still says what
    happened: there is nowhere else to say it. Never standard output, where
    argparse would send the usage when standard error is missing.
    """

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str, /) -> int:
        """Write *text* to standard error if it takes it; return its length."""
        if self._stream is not None:
            with contextlib.suppress(OSError, ValueError):
                self._stream.write(text)
                self._stream.flush()
        return len(text)

    def isatty(self) -> bool:
        """Whether standard error is a terminal (a progress bar is drawn there)."""
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False


@contextlib.contextmanager
def _standard_streams() -> Iterator[None]:
    """Stand in for missing standard streams while the command runs."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is None:
        sys.stdout = _Closed()
    sys.stderr = _Messages(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _report_bug(error: Exception, prog: str, tr: Translator | None) -> None:
    """Say in one line that the command failed unexpectedly, to be reported."""
    # An error without a message (MemoryError()) is its type alone.
    said = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    described = " ".join(said.split())
    text = INTERNAL_ERROR.text if tr is None else tr.pgettext(*INTERNAL_ERROR)
    sys.stderr.write(text.format(prog=prog, error=described) + "\n")


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


#: The module of each subcommand's function, imported when the command runs.
_MODULES = {command.name: command.module for command in SUBCOMMANDS}


def _command(args: argparse.Namespace) -> Callable[[argparse.Namespace, Session], int]:
    """Return the function of the command *args* ask for, importing its module."""
    if args.command == "route" and args.batch is not None:
        # Loaded only for a batch: it builds on the commands module.
        from escalation_matrix._cli.batch import route_batch  # noqa: PLC0415

        return route_batch
    module = importlib.import_module(_MODULES[args.command])
    function: Callable[[argparse.Namespace, Session], int] = module.COMMANDS[
        args.command
    ]
    return function


def main(argv: Sequence[str] | None = None, *, prog: str = PROG) -> int:
    """Run the command with *argv* (the process's arguments if None).

    Args:
        argv: The arguments after the command's name.
        prog: The command's name, for its usage and messages.

    Returns:
        The exit status.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    with _standard_streams():
        tr = None
        try:
            locale = chosen_locale(arguments)
            tr = _translator(locale, arguments)
            return _run(arguments, locale, tr, prog)
        except BrokenPipeError:
            _quiet_stdout()
            return ExitStatus.BROKEN_PIPE
        except KeyboardInterrupt:
            return ExitStatus.INTERRUPTED
        except Exception as error:  # noqa: BLE001 -- a bug: say so, not a traceback
            _report_bug(error, prog, tr)
            return ExitStatus.INTERNAL


def _run(arguments: list[str], locale: str, tr: Translator, prog: str) -> int:
    """Parse *arguments* and run the command; return its exit status."""
    parser = make_parser(tr, prog=prog)
    try:
        args, unknown = parser.parse_known_args(joined_moments(arguments))
        if unknown:
            # Said by the command's own parser, with its usage and options,
            # so that a mistyped option can be matched with the right ones.
            chosen: argparse.ArgumentParser = getattr(args, "parser", parser)
            chosen.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as done:  # --help, --version, or a usage error
        return done.code if isinstance(done.code, int) else ExitStatus.USAGE
    except StandardOutputError as failed:  # the help or the version
        return _unwritten(failed, tr)
    asked = asked_locale(arguments)
    if asked is not None and _language(asked) != _language(locale):
        # Said, not refused: the answer in English is still an answer.
        prog = getattr(args, "parser", parser).prog
        said = tr.pgettext(*NO_OUTPUT_LANGUAGE).format(prog=prog, locale=asked)
        sys.stderr.write(said + "\n")
    return _call(args, locale, tr, wanted_locales(arguments))


def _language(locale: str) -> str:
    """Return the language of *locale*, an identifier such as ``de_AT``."""
    return locale.partition("_")[0]


# The session's module is loaded once a command runs (or the help cannot be
# written): the help itself needs none of it.


def _unwritten(failed: StandardOutputError, tr: Translator) -> int:
    """Say that the help or the version could not be written; return the status."""
    from escalation_matrix._cli.session import (  # noqa: PLC0415
        CANNOT_WRITE,
        STANDARD_OUTPUT,
        tell,
    )

    reason = failed.error.strerror or str(failed.error)
    where = tr.pgettext(*STANDARD_OUTPUT)
    message = tr.pgettext(*CANNOT_WRITE).format(path=where, reason=reason)
    text = tr.pgettext(*ERROR).format(prog=failed.prog, message=message)
    tell(sys.stderr, text + "\n")
    return ExitStatus.FILE


def _call(
    args: argparse.Namespace, locale: str, tr: Translator, wanted: tuple[str, ...]
) -> int:
    """Run the command *args* ask for; return its exit status."""
    from escalation_matrix._cli.session import Failure, Session, tell  # noqa: PLC0415

    session = Session(tr, locale, args.parser, wanted)
    try:
        status = _command(args)(args, session)
    except Failure as failure:
        if failure.status == ExitStatus.USAGE and failure.usage:
            args.parser.print_usage(sys.stderr)
        tell(sys.stderr, "".join(line + "\n" for line in failure.lines))
        status = failure.status
    except CatalogError as error:
        message = tr.pgettext(*ERROR).format(
            prog=args.parser.prog, message=_invalid_catalog(error, tr)
        )
        tell(sys.stderr, message + "\n")
        status = ExitStatus.INVALID
    sys.stdout.flush()
    return int(status)
