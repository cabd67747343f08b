"""The command line's arguments, and the help it gives, in the reader's language.

Every help text, section title and error prefix of the command is one of
this library's messages, translated with its catalogs. So are the fixed
words of argparse itself ("usage:", and the bodies of its own error messages
such as "the following arguments are required"), which Python does not
translate: the parser recognises each message argparse writes and says it
with the library's catalogs instead.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import functools
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Final, NoReturn

from escalation_matrix._base.checks import escape_controls
from escalation_matrix._i18n.locale_format import time_zone
from escalation_matrix._i18n.locales import locale_identifier, parse_locale
from escalation_matrix._i18n.translator import Message, Translator, pN_
from escalation_matrix._render.render import CSV_FORMULAS, TABLE_FORMATS
from escalation_matrix._render.text_table import MIN_WIDTH
from escalation_matrix.exceptions import ArgumentError, LocaleError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "EXIT_STATUSES",
    "ExitStatus",
    "Parser",
    "StandardOutputError",
    "build_parser",
    "terminal_width",
]


class ExitStatus(enum.IntEnum):
    """What the command's exit status says."""

    #: Everything went well.
    OK = 0
    #: A matrix file, a catalog or a line of a ticket export is invalid;
    #: every problem is listed.
    INVALID = 1
    #: The command line is wrong: as argparse's own usage errors.
    USAGE = 2
    #: A file cannot be read or written.
    FILE = 3
    #: A feature needs an optional dependency that is not installed.
    DEPENDENCY = 4
    #: An unexpected error inside the command: a bug, to report
    #: (``EX_SOFTWARE`` of BSD's sysexits.h).
    INTERNAL = 70
    #: Interrupted with Ctrl-C (128 + SIGINT, as shells report it).
    INTERRUPTED = 130
    #: The output was closed early, as by ``| head`` (128 + SIGPIPE).
    BROKEN_PIPE = 141
    #: Ended by SIGTERM (128 + SIGTERM), after removing any temporary file.
    TERMINATED = 143


# Translators: the first word of an error message printed by the command,
# as in "escalation-matrix: error: cannot read x.toml"; {prog} is the
# command's name and {message} what went wrong.
ERROR = pN_("cli", "{prog}: error: {message}")
# Translators: an option's value is wrong; {option} is the option, such as
# --opened, and {message} what is wrong with it.
BAD_OPTION = pN_("cli", "argument {option}: {message}")
# Translators: starts the line showing how to call the command, as in
# "usage: escalation-matrix show [-h] ..."; keep the space at the end.
USAGE = pN_("cli", "usage: ")
# Translators: the command line holds words it does not know; {arguments}
# lists them as typed.
UNRECOGNIZED = pN_("cli", "unrecognized arguments: {arguments}")
# Translators: after a usage error, the option or command the user probably
# meant; {message} is the error and {suggestion} what was meant, such as
# --opened.
DID_YOU_MEAN = pN_("cli", "{message}; did you mean {suggestion}?")
# Translators: arguments the command needs are missing; {arguments} lists
# their names, such as TYPE.
REQUIRED = pN_("cli", "the following arguments are required: {arguments}")
# Translators: after "argument --width: ", an option given without its value.
EXPECTED_ONE = pN_("cli", "expected one argument")
# Translators: after "argument X: ", an argument given more than one value.
EXPECTED_AT_MOST_ONE = pN_("cli", "expected at most one argument")
# Translators: after "argument X: ", an argument given no value.
EXPECTED_AT_LEAST_ONE = pN_("cli", "expected at least one argument")
# Translators: after "argument --format: ", a value that is not one of the
# allowed ones; {value} is the value as typed, quoted, and {choices} the
# allowed values, quoted.
INVALID_CHOICE = pN_("cli", "invalid choice: {value} (choose from {choices})")
# Translators: an abbreviated option that could be several; {option} is
# what was typed and {matches} the options it could be.
AMBIGUOUS = pN_("cli", "ambiguous option: {option} could match {matches}")
# Translators: after "argument --help: ", a value given with "=" to an option
# that takes none; {value} is the value, quoted.
IGNORED_ARGUMENT = pN_("cli", "ignored explicit argument {value}")
# Translators: an option given where it cannot be; {option} is the option.
UNEXPECTED_OPTION = pN_("cli", "unexpected option string: {option}")
# Translators: title of the help section listing the command's positional
# arguments.
ARGUMENTS = pN_("cli", "arguments")
# Translators: title of the help section listing the command's options.
OPTIONS = pN_("cli", "options")
# Translators: title of the help section listing the subcommands (show,
# route, plan...), which are not translated.
COMMANDS_TITLE = pN_("cli", "commands")
# Translators: help of the -h/--help option.
HELP = pN_("cli", "show this help and exit")
# Translators: help of the --version option.
VERSION = pN_("cli", "show the version and exit")
# Translators: description of the command, at the top of its help.
DESCRIPTION = pN_(
    "cli",
    "Show issue-escalation matrices, route issues through them, and check and "
    "convert matrix files. Without a FILE, commands use the built-in matrix. "
    "Run a command with --help for its options.",
)
# Translators: heading of the list of exit statuses at the end of the help.
EXIT_HEADING = pN_("cli", "exit status:")
# Translators: exit status 0.
EXIT_OK = pN_("cli", "success")
# Translators: exit status 1.
EXIT_INVALID = pN_(
    "cli",
    "a matrix file, a catalog or a line of a ticket export is invalid; "
    "every problem is listed on standard error",
)
# Translators: exit status 2.
EXIT_USAGE = pN_(
    "cli",
    "the command line is wrong: an unknown option, issue type, severity, "
    "locale, time zone, file format, or a moment that cannot be read or used",
)
# Translators: exit status 3.
EXIT_FILE = pN_("cli", "a file cannot be read or written")
# Translators: exit status 4.
EXIT_DEPENDENCY = pN_(
    "cli", "a feature needs an optional dependency that is not installed"
)
# Translators: exit status 70, when the command failed in a way it did not
# foresee.
EXIT_INTERNAL = pN_("cli", "an internal error (a bug); the message asks to report it")
# Translators: exit status 130, when the user pressed Ctrl-C.
EXIT_INTERRUPTED = pN_("cli", "interrupted")
# Translators: exit status 141, when the reader of the output stopped
# reading early, as "head" does; nothing is printed then.
EXIT_BROKEN_PIPE = pN_("cli", "the output was closed before it was all written")
# Translators: exit status 143, when the command was asked to end (SIGTERM,
# as by "kill"); a file it was writing is left as it was.
EXIT_TERMINATED = pN_("cli", "ended by a termination signal")

#: Each exit status with its explanation, in the order the help lists them.
EXIT_STATUSES: Final[tuple[tuple[ExitStatus, Message], ...]] = (
    (ExitStatus.OK, EXIT_OK),
    (ExitStatus.INVALID, EXIT_INVALID),
    (ExitStatus.USAGE, EXIT_USAGE),
    (ExitStatus.FILE, EXIT_FILE),
    (ExitStatus.DEPENDENCY, EXIT_DEPENDENCY),
    (ExitStatus.INTERNAL, EXIT_INTERNAL),
    (ExitStatus.INTERRUPTED, EXIT_INTERRUPTED),
    (ExitStatus.BROKEN_PIPE, EXIT_BROKEN_PIPE),
    (ExitStatus.TERMINATED, EXIT_TERMINATED),
)

# Translators: heading of the list of the forms a moment (WHEN) can take,
# in the help of the route and plan commands.
WHEN_HEADING = pN_("cli", "moments (WHEN):")
# Translators: the form "now" of a moment.
WHEN_NOW = pN_("cli", "the moment of --now (for --now itself, the current time)")
# Translators: the ISO 8601 form of a moment.
WHEN_ISO = pN_(
    "cli",
    "an ISO 8601 date and time with its UTC offset; without one "
    "(2026-11-27T09:00, or a date alone) it is read in the time zone of "
    "--timezone",
)
# Translators: the "ago" form of a moment; d, h, m and s are days, hours,
# minutes and seconds and are typed as they are in every language.
WHEN_BEFORE = pN_(
    "cli",
    "a duration (d, h, m, s) before --now; for --now itself, before the current time",
)
# Translators: the "in" form of a moment.
WHEN_AFTER = pN_("cli", "a duration after --now (or after the current time)")

# Translators: what the show command does, in the list of commands.
SHOW_HELP = pN_("cli", "print a matrix as a table")
# Translators: description at the top of the help of the show command.
SHOW_DESCRIPTION = pN_(
    "cli",
    "Print a matrix as a table: a header row with the levels, a row with "
    "the role holding each level, then one row per issue type with what "
    "each level does. The text format wraps the texts to fit the terminal, "
    "and prints one block per issue type when the table would not fit.",
)
# Translators: what the route command does, in the list of commands.
ROUTE_HELP = pN_("cli", "say who handles an issue, what they must do, and why")
# Translators: description at the top of the help of the route command.
ROUTE_DESCRIPTION = pN_(
    "cli",
    "Say who handles an issue of type TYPE at the moment of --now, what they "
    "must do, when the issue escalates next, and why.",
)
# Translators: what the plan command does, in the list of commands.
PLAN_HELP = pN_("cli", "lay out who handles an issue from when until when")
# Translators: description at the top of the help of the plan command.
PLAN_DESCRIPTION = pN_(
    "cli",
    "Lay out the whole timeline of an issue of type TYPE: who handles it "
    "from when until when, and what they must do, if nothing else happens.",
)
# Translators: what the validate command does, in the list of commands.
VALIDATE_HELP = pN_("cli", "check matrix files and message catalogs")
# Translators: description at the top of the help of the validate command.
VALIDATE_DESCRIPTION = pN_(
    "cli",
    "Check matrix files, and the message catalogs of the directories given "
    "with --catalogs. Every problem of every file is printed on standard "
    "error with the file and its place in it, such as "
    "'matrix.toml: $.levels[2].rank: must be >= 1, got 0'.",
)
# Translators: what the convert command does, in the list of commands.
CONVERT_HELP = pN_("cli", "convert a matrix file to another format")
# Translators: description at the top of the help of the convert command.
CONVERT_DESCRIPTION = pN_(
    "cli",
    "Read the matrix file IN and write it to OUT, each in the format its "
    "suffix names (.toml, .json, .yaml or .yml). OUT is replaced in one step: "
    "it is never left half written.",
)
# Translators: what the schema command does, in the list of commands.
SCHEMA_HELP = pN_("cli", "print the JSON Schema of matrix files")
# Translators: description at the top of the help of the schema command.
SCHEMA_DESCRIPTION = pN_(
    "cli",
    "Print the JSON Schema (draft 2020-12) of the matrix file format, for "
    "editors and other tools.",
)

# Translators: help of the optional FILE argument of show, route and plan.
FILE_HELP = pN_(
    "cli",
    "a matrix file (.toml, .json, .yaml or .yml); the built-in matrix when omitted",
)
# Translators: help of the FILE arguments of validate.
FILES_HELP = pN_("cli", "the matrix files to check")
# Translators: help of the IN argument of convert.
IN_HELP = pN_("cli", "the matrix file to read")
# Translators: help of the OUT argument of convert.
OUT_HELP = pN_("cli", "the file to write")
# Translators: help of the TYPE argument of route and plan.
TYPE_HELP = pN_("cli", "the key of the issue's type, such as performance_hiccups")
# Translators: help of the --batch option of route; TICKETS is the file.
BATCH_HELP = pN_(
    "cli",
    "route every ticket of the export TICKETS (.jsonl, one issue as JSON per "
    "line, or .csv with a header row) and write one decision per ticket, as "
    "JSON lines, or as the format the suffix of --output names (.jsonl or "
    ".csv); a line that cannot be routed is reported with its number and "
    "the batch goes on",
)
# Translators: help of the --strict option of route.
STRICT_HELP = pN_(
    "cli",
    "with --batch: stop at the first line that cannot be routed, and write "
    "no output file",
)
# Translators: help of the --locale option.
LOCALE_HELP = pN_(
    "cli",
    "the language and region to show texts, dates and messages in, such as it "
    "or en_GB (default: from LC_ALL, LC_MESSAGES or LANG, else English)",
)
# Translators: help of the --catalogs option.
CATALOGS_HELP = pN_(
    "cli",
    "a directory of message catalogs (DIR/LOCALE/LC_MESSAGES/"
    "escalation_matrix.po or .mo) translating the matrix, searched before the "
    "built-in ones; may be repeated",
)
# Translators: help of the --catalogs option of validate.
CHECK_CATALOGS_HELP = pN_(
    "cli",
    "a directory of message catalogs (DIR/LOCALE/LC_MESSAGES/"
    "escalation_matrix.po or .mo) to check: each must be readable, and each "
    "translation must keep the placeholders of its source text; may be "
    "repeated",
)
# Translators: help of the --output option.
OUTPUT_HELP = pN_(
    "cli",
    "write to FILE instead of standard output; FILE is replaced in one step",
)
# Translators: help of the --format option of show.
TABLE_FORMAT_HELP = pN_(
    "cli",
    "text (a table for the terminal), md (Markdown), csv, or html (a "
    "complete page); default: text",
)
# Translators: help of the --csv-formulas option of show; escape and keep
# are typed as they are, and ' is the apostrophe written before the text.
CSV_FORMULAS_HELP = pN_(
    "cli",
    "with --format csv: escape writes ' before each text that a spreadsheet "
    "would take for a formula (one starting with =, +, -, @), so that it "
    "shows as text; keep writes every text as it is, for programs that read "
    "the file as data; default: escape",
)
# Translators: help of the --format option of route and plan.
ANSWER_FORMAT_HELP = pN_(
    "cli",
    "text (sentences in the chosen language) or json (the answer as data, "
    "texts untranslated); default: text",
)
# Translators: help of the --width option; {minimum} is the narrowest
# width, a number. A terminal draws Chinese or Japanese characters two
# columns wide.
WIDTH_HELP = pN_(
    "cli",
    "the width of text output in columns, at least {minimum} (default: the "
    "terminal's, or 80)",
)
# Translators: help of the --opened option.
OPENED_HELP = pN_("cli", "when the issue was opened (default: now)")
# Translators: help of the --now option.
NOW_HELP = pN_(
    "cli",
    "the moment to answer for (default: the current time); other moments count from it",
)
# Translators: help of the --severity option.
SEVERITY_HELP = pN_(
    "cli",
    "the key of the issue's severity, such as critical (default: the "
    "matrix's default severity)",
)
# Translators: help of the --acknowledged option.
ACKNOWLEDGED_HELP = pN_("cli", "when someone acknowledged the issue")
# Translators: help of the --resolved option.
RESOLVED_HELP = pN_("cli", "when the issue was resolved")
# Translators: help of the --timezone option.
TIMEZONE_HELP = pN_(
    "cli",
    "the IANA time zone to show times in and to read moments without a UTC "
    "offset in, such as Europe/Rome (default: the machine's, from TZ or the "
    "system's setting)",
)

# Translators: --locale was given something that is not a locale; {value}
# is what was typed, quoted.
BAD_LOCALE = pN_(
    "cli", "invalid locale {value}: expected a locale such as 'it', 'it_IT' or 'en'"
)
# Translators: --timezone was given something that is not a time zone.
BAD_ZONE = pN_(
    "cli",
    "unknown time zone {value}: expected an IANA name such as 'Europe/Rome' or 'UTC'",
)
# Translators: --width was given something that is not a whole number of
# at least {minimum}; {value} is what was typed, quoted.
BAD_WIDTH = pN_(
    "cli", "invalid width {value}: expected a whole number of at least {minimum}"
)


def _pattern(template: str) -> re.Pattern[str]:
    """Match the messages argparse writes with *template* (``%(name)s`` style)."""
    parts = re.split(r"%\((\w+)\)[sr]", template)
    return re.compile(
        "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        )
        + r"\Z",
        re.DOTALL,
    )


# What argparse writes (its own English templates), and the library's
# message saying the same. The argument's message after "argument X: " is
# said again in turn.
_ARGPARSE: Final[tuple[tuple[re.Pattern[str], Message], ...]] = tuple(
    (_pattern(template), message)
    for template, message in (
        ("argument %(option)s: %(message)s", BAD_OPTION),
        ("unrecognized arguments: %(arguments)s", UNRECOGNIZED),
        ("the following arguments are required: %(arguments)s", REQUIRED),
        ("expected one argument", EXPECTED_ONE),
        ("expected at most one argument", EXPECTED_AT_MOST_ONE),
        ("expected at least one argument", EXPECTED_AT_LEAST_ONE),
        ("invalid choice: %(value)r (choose from %(choices)s)", INVALID_CHOICE),
        ("ambiguous option: %(option)s could match %(matches)s", AMBIGUOUS),
        ("ignored explicit argument %(value)r", IGNORED_ARGUMENT),
        ("unexpected option string: %(option)s", UNEXPECTED_OPTION),
    )
)


def argparse_message(message: str, tr: Translator) -> str:
    """Say *message*, one of argparse's own, with the library's catalogs.

    A message argparse did not write with one of the known templates (one
    of this library's, already translated) is returned as it is.
    """
    for pattern, text in _ARGPARSE:
        match = pattern.match(message)
        if match is not None:
            values = match.groupdict()
            if "message" in values:
                values["message"] = argparse_message(values["message"], tr)
            return tr.pgettext(*text).format(**values)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Writes help as argparse does, with the usage line's prefix translated."""

    def __init__(self, prog: str, *, usage: str, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._usage_prefix = usage

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, self._usage_prefix if prefix is None else prefix
        )


class StandardOutputError(Exception):
    """The help or the version could not be written to standard output.

    Attributes:
        error: What writing raised (a full disk, a closed stream).
        prog: The name of the command whose help it was.
    """

    def __init__(self, error: OSError, prog: str) -> None:
        super().__init__(error, prog)
        self.error = error
        self.prog = prog


class Parser(argparse.ArgumentParser):
    """An argument parser whose own messages are translated.

    Args:
        translator: The translator of the messages.
        *args: As for :class:`argparse.ArgumentParser`.
        **kwargs: As for :class:`argparse.ArgumentParser`.
    """

    def __init__(self, *args: Any, translator: Translator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.translator = translator

    def _print_message(
        self, message: str, file: SupportsWrite[str] | None = None
    ) -> None:
        # argparse ignores a write that fails: help sent to a full disk, or to
        # a closed standard output, would be lost and the status say success.
        stream = sys.stderr if file is None else file
        try:
            # argparse quotes unrecognised arguments as they were typed.
            stream.write(escape_controls(message))
            # Now, not when Python exits: it would print its own error.
            getattr(stream, "flush", lambda: None)()
        except BrokenPipeError:
            raise  # the reader went away: the command ends quietly
        except OSError as error:
            raise StandardOutputError(error, self.prog) from None

    def error(self, message: str) -> NoReturn:
        """Print the usage and *message* on standard error; exit with status 2.

        A mistyped option or command gets the closest one suggested.
        """
        self.print_usage(sys.stderr)
        said = argparse_message(message, self.translator)
        suggestion = _suggestion(self, message)
        if suggestion is not None:
            said = self.translator.pgettext(*DID_YOU_MEAN).format(
                message=said, suggestion=suggestion
            )
        text = self.translator.pgettext(*ERROR).format(prog=self.prog, message=said)
        self.exit(ExitStatus.USAGE, text + "\n")


_UNRECOGNIZED: Final = _pattern("unrecognized arguments: %(arguments)s")
_INVALID_CHOICE: Final = _pattern(
    "argument %(option)s: invalid choice: %(value)r (choose from %(choices)s)"
)


def _closest(word: str, known: Iterable[str]) -> str | None:
    """Return the one of *known* that *word* was most likely meant to be."""
    found = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def _suggestion(parser: argparse.ArgumentParser, message: str) -> str | None:
    """Return the option or choice a usage error's *message* was likely meant as.

    Only for the two mistakes a suggestion mends: an unknown option (the
    first of the unrecognised arguments that looks like one) and a value
    that is not one of its argument's choices (a command's name, say).
    """
    unknown = _UNRECOGNIZED.match(message)
    if unknown is not None:
        options = [
            word.partition("=")[0]
            for word in unknown["arguments"].split()
            if word.startswith("--")
        ]
        known = parser._option_string_actions  # noqa: SLF001 -- argparse's own table
        for option in options:
            closest = _closest(option, known)
            if closest is not None:
                return closest
        return None
    invalid = _INVALID_CHOICE.match(message)
    if invalid is not None:
        choices = [choice.strip("'") for choice in invalid["choices"].split(", ")]
        return _closest(invalid["value"].strip("'"), choices)
    return None


def terminal_width() -> int:
    """Return the terminal's width in columns, at least :data:`MIN_WIDTH`.

    The width is ``COLUMNS``, else the terminal's own, else 80, as argparse
    reads it; a terminal narrower than the narrowest layout (``COLUMNS=1``)
    gets that layout, which it wraps, rather than an error.
    """
    return max(shutil.get_terminal_size().columns, MIN_WIDTH)


def _wrap_table(
    rows: Sequence[tuple[str, str]], width: int, term_width: int
) -> list[str]:
    """Lay out ``(term, text)`` rows as an indented two-column list."""
    lines = []
    indent = " " * (2 + term_width + 2)
    for term, text in rows:
        first = f"  {term.ljust(term_width)}  "
        lines += textwrap.wrap(
            text,
            max(width, len(indent) + 20),
            initial_indent=first,
            subsequent_indent=indent,
        )
    return lines


def _epilog(tr: Translator, width: int, *, moments: bool) -> str:
    say = tr.pgettext
    lines = []
    if moments:
        rows = [
            ("now", say(*WHEN_NOW)),
            ("2026-11-27T09:00+01:00", say(*WHEN_ISO)),
            ("1d ago, -4h30m", say(*WHEN_BEFORE)),
            ("in 2h, +2h", say(*WHEN_AFTER)),
        ]
        lines += [say(*WHEN_HEADING), *_wrap_table(rows, width, 22), ""]
    statuses = [(str(int(status)), say(*text)) for status, text in EXIT_STATUSES]
    lines += [say(*EXIT_HEADING), *_wrap_table(statuses, width, 3)]
    return "\n".join(lines)


def _paragraph(text: str, width: int) -> str:
    return textwrap.fill(text, width)


def _locale_type(tr: Translator) -> Callable[[str], str]:
    def parse(value: str) -> str:
        try:
            return locale_identifier(parse_locale(value))
        except LocaleError:
            message = tr.pgettext(*BAD_LOCALE).format(value=repr(value))
            raise argparse.ArgumentTypeError(message) from None

    return parse


def _zone_type(tr: Translator) -> Callable[[str], tzinfo]:
    def parse(value: str) -> tzinfo:
        try:
            return time_zone(value)
        except ArgumentError:
            message = tr.pgettext(*BAD_ZONE).format(value=repr(value))
            raise argparse.ArgumentTypeError(message) from None

    return parse


def _width_type(tr: Translator) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < MIN_WIDTH:
            message = tr.pgettext(*BAD_WIDTH).format(
                value=repr(value), minimum=MIN_WIDTH
            )
            raise argparse.ArgumentTypeError(message)
        return number

    return parse


class _Builder:
    """Builds the parser and its subparsers with translated texts."""

    def __init__(self, tr: Translator, width: int) -> None:
        self.tr = tr
        self.width = width
        self.formatter = functools.partial(
            _Formatter, width=width, usage=tr.pgettext(*USAGE)
        )

    def translated(self, message: Message) -> str:
        return self.tr.pgettext(*message)

    def groups(
        self, parser: Parser
    ) -> tuple[argparse._ArgumentGroup, argparse._ArgumentGroup]:
        # Arguments go in groups with translated titles; argparse's own
        # groups, titled in English, stay empty and are not shown.
        arguments = parser.add_argument_group(self.translated(ARGUMENTS))
        options = parser.add_argument_group(self.translated(OPTIONS))
        options.add_argument("-h", "--help", action="help", help=self.translated(HELP))
        return arguments, options

    def common(
        self, options: argparse._ArgumentGroup, *, catalogs: bool = False
    ) -> None:
        options.add_argument(
            "--locale",
            metavar="LOCALE",
            type=_locale_type(self.tr),
            help=self.translated(LOCALE_HELP),
        )
        if catalogs:
            options.add_argument(
                "--catalogs",
                metavar="DIR",
                action="append",
                default=[],
                help=self.translated(CATALOGS_HELP),
            )

    def output(self, options: argparse._ArgumentGroup) -> None:
        options.add_argument(
            "-o", "--output", metavar="FILE", help=self.translated(OUTPUT_HELP)
        )

    def width_option(self, options: argparse._ArgumentGroup) -> None:
        options.add_argument(
            "--width",
            metavar="N",
            type=_width_type(self.tr),
            help=self.translated(WIDTH_HELP).format(minimum=MIN_WIDTH),
        )

    def subparser(
        self,
        commands: argparse._SubParsersAction[Parser],
        name: str,
        summary: Message,
        description: Message,
        *,
        moments: bool = False,
    ) -> tuple[Parser, argparse._ArgumentGroup, argparse._ArgumentGroup]:
        parser = commands.add_parser(
            name,
            help=self.translated(summary),
            description=_paragraph(self.translated(description), self.width),
            epilog=_epilog(self.tr, self.width, moments=moments),
            formatter_class=self.formatter,
            add_help=False,
            allow_abbrev=False,
            translator=self.tr,
        )
        parser.set_defaults(command=name, parser=parser)
        arguments, options = self.groups(parser)
        return parser, arguments, options

    def show(self, commands: argparse._SubParsersAction[Parser]) -> Parser:
        parser, arguments, options = self.subparser(
            commands, "show", SHOW_HELP, SHOW_DESCRIPTION
        )
        arguments.add_argument(
            "file", metavar="FILE", nargs="?", help=self.translated(FILE_HELP)
        )
        options.add_argument(
            "--format",
            choices=TABLE_FORMATS,
            default="text",
            help=self.translated(TABLE_FORMAT_HELP),
        )
        options.add_argument(
            "--csv-formulas",
            choices=CSV_FORMULAS,
            default="escape",
            help=self.translated(CSV_FORMULAS_HELP),
        )
        self.width_option(options)
        self.common(options, catalogs=True)
        self.output(options)
        return parser

    def answer(
        self,
        commands: argparse._SubParsersAction[Parser],
        name: str,
        summary: Message,
        description: Message,
    ) -> Parser:
        parser, arguments, options = self.subparser(
            commands, name, summary, description, moments=True
        )
        batch = name == "route"
        arguments.add_argument(
            "type",
            metavar="TYPE",
            nargs="?" if batch else None,
            help=self.translated(TYPE_HELP),
        )
        arguments.add_argument(
            "file", metavar="FILE", nargs="?", help=self.translated(FILE_HELP)
        )
        for option, text in (
            ("--opened", OPENED_HELP),
            ("--now", NOW_HELP),
            ("--acknowledged", ACKNOWLEDGED_HELP),
            ("--resolved", RESOLVED_HELP),
        ):
            options.add_argument(option, metavar="WHEN", help=self.translated(text))
        options.add_argument(
            "--severity", metavar="SEVERITY", help=self.translated(SEVERITY_HELP)
        )
        options.add_argument(
            "--timezone",
            metavar="TZ",
            type=_zone_type(self.tr),
            help=self.translated(TIMEZONE_HELP),
        )
        options.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help=self.translated(ANSWER_FORMAT_HELP),
        )
        if batch:
            options.add_argument(
                "--batch", metavar="TICKETS", help=self.translated(BATCH_HELP)
            )
            options.add_argument(
                "--strict", action="store_true", help=self.translated(STRICT_HELP)
            )
        self.width_option(options)
        self.common(options, catalogs=True)
        self.output(options)
        return parser

    def validate(self, commands: argparse._SubParsersAction[Parser]) -> Parser:
        parser, arguments, options = self.subparser(
            commands, "validate", VALIDATE_HELP, VALIDATE_DESCRIPTION
        )
        arguments.add_argument(
            "files", metavar="FILE", nargs="*", help=self.translated(FILES_HELP)
        )
        options.add_argument(
            "--catalogs",
            metavar="DIR",
            action="append",
            default=[],
            help=self.translated(CHECK_CATALOGS_HELP),
        )
        self.common(options)
        return parser

    def convert(self, commands: argparse._SubParsersAction[Parser]) -> Parser:
        parser, arguments, options = self.subparser(
            commands, "convert", CONVERT_HELP, CONVERT_DESCRIPTION
        )
        arguments.add_argument("source", metavar="IN", help=self.translated(IN_HELP))
        arguments.add_argument("target", metavar="OUT", help=self.translated(OUT_HELP))
        self.common(options)
        return parser

    def schema(self, commands: argparse._SubParsersAction[Parser]) -> Parser:
        parser, _, options = self.subparser(
            commands, "schema", SCHEMA_HELP, SCHEMA_DESCRIPTION
        )
        self.common(options)
        self.output(options)
        return parser


def build_parser(
    tr: Translator,
    *,
    prog: str,
    version: str,
    width: int | None = None,
) -> tuple[Parser, dict[str, Parser]]:
    """Return the command's parser, and each subcommand's by name.

    Args:
        tr: The translator of the help and the messages.
        prog: The command's name, as its usage shows it.
        version: What ``--version`` prints after the name.
        width: The width of the help; None for the terminal's, less the
            two columns argparse leaves free.
    """
    if width is None:
        width = terminal_width() - 2
    builder = _Builder(tr, width)
    parser = Parser(
        prog=prog,
        description=_paragraph(builder.translated(DESCRIPTION), width),
        epilog=_epilog(tr, width, moments=False),
        formatter_class=builder.formatter,
        add_help=False,
        # Options are spelt out: the locale is looked for, and moments such
        # as "-1d" joined to their options, before the arguments are parsed.
        allow_abbrev=False,
        translator=tr,
    )
    _, options = builder.groups(parser)
    options.add_argument(
        "--version",
        action="version",
        version=f"{prog} {version}",
        help=builder.translated(VERSION),
    )
    # Also before the command: it sets the language of the help and errors.
    builder.common(options)
    commands = parser.add_subparsers(
        title=builder.translated(COMMANDS_TITLE),
        metavar="COMMAND",
        required=True,
        parser_class=Parser,
    )
    subparsers = {
        "show": builder.show(commands),
        "route": builder.answer(commands, "route", ROUTE_HELP, ROUTE_DESCRIPTION),
        "plan": builder.answer(commands, "plan", PLAN_HELP, PLAN_DESCRIPTION),
        "validate": builder.validate(commands),
        "convert": builder.convert(commands),
        "schema": builder.schema(commands),
    }
    return parser, subparsers
