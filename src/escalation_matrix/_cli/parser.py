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
import enum
import functools
import importlib
import os
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, Final, NoReturn

from escalation_matrix._base.controls import escape_controls
from escalation_matrix._cli.wording import (
    DID_YOU_MEAN,
    closest,
    quoted,
    requoted,
    suggested,
)
from escalation_matrix._i18n.locales import locale_identifier, parse_locale
from escalation_matrix._i18n.translator import Message, Translator, pN_
from escalation_matrix._render.choices import CSV_FORMULAS, MIN_WIDTH, TABLE_FORMATS
from escalation_matrix.exceptions import ArgumentError, LocaleError, Phrase

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "EXIT_STATUSES",
    "SUBCOMMANDS",
    "Builder",
    "ExitStatus",
    "Parser",
    "StandardOutputError",
    "Subcommand",
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
# Translators: description at the top of the help of the validate command;
# {example} is a problem as validate prints it, quoted and already translated.
VALIDATE_DESCRIPTION = pN_(
    "cli",
    "Check matrix files (and overlay files), and the message catalogs of the "
    "directories given with --catalogs. Every problem of every file is "
    "printed on standard error with the file and its place in it, such as "
    "{example}.",
)
# The problem the validate command's help shows, said in the help's language.
_EXAMPLE_PROBLEM: Final = Phrase(
    "must be >= {minimum}, got {got}", minimum="1", got="0"
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

# Translators: what the import command does, in the list of commands.
IMPORT_HELP = pN_(
    "cli", "make matrix files of PagerDuty, Opsgenie or Grafana OnCall policies"
)
# Translators: what the export command does, in the list of commands.
EXPORT_HELP = pN_("cli", "write a matrix as PagerDuty or Opsgenie policies")
# Translators: what the catalog command does, in the list of commands.
CATALOG_HELP = pN_("cli", "write or update the translation catalog of a matrix's texts")

# Translators: help of the optional FILE argument of show, route and plan.
FILE_HELP = pN_(
    "cli",
    "a matrix file (.toml, .json, .yaml or .yml); the built-in matrix when omitted",
)
# Translators: help of the --overlay option of show, route, plan and convert.
OVERLAY_HELP = pN_(
    "cli",
    "an overlay file to put on the matrix before it is used (its own levels, "
    "roles, issue types, texts or policy changes, as import priority-matrix "
    "writes one); may be given more than once, applied in order",
)
# Translators: help of the FILE arguments of validate.
FILES_HELP = pN_("cli", "the matrix files (or overlay files) to check")
# Translators: help of the IN argument of convert.
IN_HELP = pN_("cli", "the matrix file to read")
# Translators: help of the OUT argument of convert.
OUT_HELP = pN_("cli", "the file to write")
# Translators: help of the TYPE argument of route and plan.
TYPE_HELP = pN_("cli", "the key of the issue's type, such as performance_hiccups")
# Translators: help of the --batch option of route; TICKETS is the file.
BATCH_HELP = pN_(
    "cli",
    "route every ticket of the export TICKETS (.jsonl or .ndjson, one issue "
    "as JSON per line, or .csv or .tsv with a header row) and write one "
    "decision per ticket, as JSON lines, or as the format the suffix of "
    "--output names (.jsonl, .ndjson, .csv or .tsv); a line that cannot be "
    "routed is reported with its number and the batch goes on",
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
    "or en_GB (default: the first language of LANGUAGE, then of LC_ALL, "
    "LC_MESSAGES or LANG, that the program speaks; else the matrix's "
    "language; else English)",
)
# Translators: help of the --catalogs option.
CATALOGS_HELP = pN_(
    "cli",
    "a directory of message catalogs searched before the built-in ones: "
    "DIR/LOCALE/LC_MESSAGES/escalation_matrix.po (or .mo) translating the "
    "matrix's texts, escalation_matrix_messages.po (or .mo) translating the "
    "program's messages; may be repeated",
)
# Translators: help of the --catalogs option of validate.
CHECK_CATALOGS_HELP = pN_(
    "cli",
    "a directory of message catalogs to check (DIR/LOCALE/LC_MESSAGES/"
    "escalation_matrix.po and escalation_matrix_messages.po, or .mo): each "
    "must be readable, and each translation must keep the placeholders of "
    "its source text; may be repeated",
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
# Translators: help of the --csv-formulas option of route; escape and keep
# are typed as they are, and ' is the apostrophe written before the text.
BATCH_FORMULAS_HELP = pN_(
    "cli",
    "with --batch and a .csv output: escape writes ' before each text that a "
    "spreadsheet would take for a formula (one starting with =, +, -, @), so "
    "that it shows as text; keep writes every text as it is, for programs "
    "that read the file as data; default: escape",
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
# Translators: --locale was given C or POSIX (as LANG=C.UTF-8 says), which
# name no language; {value} is what was typed, quoted.
NO_LANGUAGE = pN_(
    "cli",
    "invalid locale {value}: C and POSIX name no language; for English, give en",
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


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    """Match the messages argparse writes with *template* (``%(name)s`` style).

    Compiled when first needed: most commands never meet a usage error.
    """
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
_ARGPARSE: Final[tuple[tuple[str, Message], ...]] = (
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


def argparse_message(message: str, tr: Translator) -> str:
    """Say *message*, one of argparse's own, with the library's catalogs.

    A message argparse did not write with one of the known templates (one
    of this library's, already translated) is returned as it is.
    """
    for template, text in _ARGPARSE:
        match = _pattern(template).match(message)
        if match is not None:
            values = {
                name: requoted(tr, value) for name, value in match.groupdict().items()
            }
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

    def __init__(
        self,
        *args: Any,
        translator: Translator,
        fill: Callable[[Parser], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.translator = translator
        self._fill = fill
        self._texts: Callable[[], tuple[str, str]] | None = None
        self.register("action", "parsers", _Subcommands)

    def describe_later(self, texts: Callable[[], tuple[str, str]]) -> None:
        """Have *texts* give the description and epilog when the help is made.

        Laid out only then: a command that runs does not wrap its help's
        paragraphs and tables.
        """
        self._texts = texts

    def fill(self) -> None:
        """Add the arguments and the help that wait for the command to be chosen.

        A subcommand's parser gets them only when it is used: building every
        subcommand's arguments, and importing the modules some of them come
        from, would slow down every other command.
        """
        fill, self._fill = self._fill, None
        if fill is not None:
            fill(self)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse *args*, kept to find a mistyped option before the command."""
        self._words = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def _parse_optional(self, arg_string: str) -> Any:
        """Classify *arg_string*, refusing a long option typed with one dash.

        argparse reads ``-opened`` as ``-o pened`` (a short option with its
        value attached) and would write the answer to a file ``pened``.
        """
        if _single_dash_long(arg_string, self._option_string_actions):
            self.error(_UNRECOGNIZED % {"arguments": arg_string})
        return super()._parse_optional(arg_string)

    def _mistyped_option(self, message: str) -> tuple[str, str | None] | None:
        """Return an unknown option before the command, and what it was meant as.

        When a global option is mistyped, argparse takes its value (or
        nothing) for the command and says so; the option is the mistake.
        """
        commands = next(
            (a for a in self._actions if isinstance(a, argparse._SubParsersAction)),  # noqa: SLF001
            None,
        )
        if commands is None or not (
            _pattern(_INVALID_CHOICE).match(message)
            or message.startswith(_REQUIRED_PREFIX)
        ):
            return None
        known = self._option_string_actions
        for word in getattr(self, "_words", ()):
            if word in commands.choices or word == "--":
                return None
            option = word.partition("=")[0]
            if option.startswith("-") and len(option) > 2 and option not in known:  # noqa: PLR2004
                return option, _closest_option(option, known)
        return None

    def format_usage(self) -> str:
        """Return the usage, the arguments added first."""
        self.fill()
        return super().format_usage()

    def format_help(self) -> str:
        """Return the help, the arguments and texts added first."""
        self.fill()
        texts, self._texts = self._texts, None
        if texts is not None:
            self.description, self.epilog = texts()
        return super().format_help()

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
        mistyped = self._mistyped_option(message)
        if mistyped is not None:
            # "--locle it show" reads "it" as the command: the real mistake
            # is the option before it.
            option, suggestion = mistyped
            said = self.translator.pgettext(*UNRECOGNIZED).format(arguments=option)
        elif suggestion is not None and not suggestion.startswith("-"):
            suggestion = quoted(self.translator, suggestion)
        if suggestion is not None:
            said = self.translator.pgettext(*DID_YOU_MEAN).format(
                message=said, suggestion=suggestion
            )
        text = self.translator.pgettext(*ERROR).format(prog=self.prog, message=said)
        self.exit(ExitStatus.USAGE, text + "\n")


if TYPE_CHECKING:
    _SubParsersAction = argparse._SubParsersAction[Parser]  # noqa: SLF001
else:  # not subscriptable at run time
    _SubParsersAction = argparse._SubParsersAction  # noqa: SLF001


class _Parsers(Mapping[str, Parser]):
    """Each subcommand's parser by name, made when the name is first looked up.

    argparse reads the names (checking a choice, listing them) and looks
    up the chosen one only; any other read of a parser makes it too.
    """

    def __init__(self) -> None:
        #: The parsers made so far.
        self.made: dict[str, Parser] = {}
        self._makers: dict[str, Callable[[], Parser]] = {}

    def add(self, name: str, make: Callable[[], Parser]) -> None:
        """Add the subcommand *name*, whose parser *make* makes."""
        self._makers[name] = make

    def __setitem__(self, name: str, parser: Parser) -> None:
        # As argparse's own add_parser sets one.
        self.made[name] = parser
        self._makers[name] = lambda: parser

    def __getitem__(self, name: str) -> Parser:
        found = self.made.get(name)
        if found is None:
            found = self.made[name] = self._makers[name]()
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._makers

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


class _Subcommands(_SubParsersAction):
    """The choice of a subcommand, which fills the chosen parser before it parses.

    Each subcommand's parser is made when it is chosen (see
    :meth:`add_parser_later`): a command makes its own alone.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsers = _Parsers()
        self._name_parser_map = self.choices = self.parsers  # type: ignore[assignment]

    def add_parser_later(self, name: str, *, help: str, **kwargs: Any) -> None:  # noqa: A002 -- argparse's name
        """Add the subcommand *name*, whose parser is made when it is chosen.

        Args:
            name: What the user types.
            help: Its line in the list of commands.
            **kwargs: As for :meth:`add_parser`, for its parser.
        """
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        kwargs.setdefault("prog", f"{self._prog_prefix} {name}")
        self.parsers.add(name, functools.partial(self._make, name, kwargs))

    def _make(self, name: str, kwargs: dict[str, Any]) -> Parser:
        parser = self._parser_class(**kwargs)
        parser.set_defaults(command=name, parser=parser)
        return parser

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        # The command's name comes first, already checked against the names.
        chosen: Parser = self._name_parser_map[values[0]]  # type: ignore[index]
        chosen.fill()
        super().__call__(parser, namespace, values, option_string)


_UNRECOGNIZED: Final = "unrecognized arguments: %(arguments)s"
_REQUIRED_PREFIX: Final = "the following arguments are required: "
_INVALID_CHOICE: Final = (
    "argument %(option)s: invalid choice: %(value)r (choose from %(choices)s)"
)


def _suggestion(parser: argparse.ArgumentParser, message: str) -> str | None:
    """Return the option or choice a usage error's *message* was likely meant as.

    Only for the two mistakes a suggestion mends: an unknown option (the
    first of the unrecognised arguments that looks like one) and a value
    that is not one of its argument's choices (a command's name, say).
    """
    unknown = _pattern(_UNRECOGNIZED).match(message)
    if unknown is not None:
        options = [
            word.partition("=")[0]
            for word in unknown["arguments"].split()
            if word.startswith("-") and len(word) > 2  # noqa: PLR2004 -- not "-x"
        ]
        known = parser._option_string_actions  # noqa: SLF001 -- argparse's own table
        for option in options:
            found = _closest_option(option, known)
            if found is not None:
                return found
        return None
    invalid = _pattern(_INVALID_CHOICE).match(message)
    if invalid is not None:
        choices = [choice.strip("'") for choice in invalid["choices"].split(", ")]
        return closest(invalid["value"].strip("'"), choices)
    return None


#: A single-dash word that may be a long option's name: letters and dashes
#: (compiled by re when first used, as the other patterns of mistakes).
_OPTION_NAME: Final = r"-[A-Za-z][A-Za-z-]+"
#: How close ``-opend`` must be to ``--opened`` to be taken for it rather
#: than for ``-o pend``: closer than a suggestion's, so ``-oresult`` still
#: writes to ``result``.
_LONG_CUTOFF: Final = 0.8


def _single_dash_long(word: str, known: Mapping[str, object]) -> bool:
    """Whether *word* is a long option (or close to one) written with one dash.

    Only when its first letter is a short option, which argparse would take
    with the rest as its value; other such words are unrecognised already.
    """
    name = word.partition("=")[0]
    if not re.fullmatch(_OPTION_NAME, name) or name in known or name[:2] not in known:
        return False
    longs = [option for option in known if option.startswith("--")]
    return closest(f"-{name}", longs, cutoff=_LONG_CUTOFF) is not None


def _closest_option(option: str, known: Iterable[str]) -> str | None:
    """Return the known option *option* was meant as: ``-format`` is ``--format``."""
    if not option.startswith("--") and f"-{option}" in known:
        return f"-{option}"
    return closest(option, known)


#: The width when neither COLUMNS nor the terminal tells one, as shutil's.
_FALLBACK_WIDTH: Final = 80


def terminal_width() -> int:
    """Return the terminal's width in columns, at least :data:`MIN_WIDTH`.

    The width is ``COLUMNS``, else the terminal's own, else 80, as argparse
    reads it; a terminal narrower than the narrowest layout (``COLUMNS=1``)
    gets that layout, which it wraps, rather than an error.
    """
    # As shutil.get_terminal_size() reads it, without loading shutil, which
    # loads the compression modules with it.
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(columns or _FALLBACK_WIDTH, MIN_WIDTH)


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


def _epilog(
    tr: Translator,
    width: int,
    *,
    moments: bool,
    statuses: Sequence[tuple[ExitStatus, Message]] = EXIT_STATUSES,
) -> str:
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
    said = [(str(int(status)), say(*text)) for status, text in statuses]
    lines += [say(*EXIT_HEADING), *_wrap_table(said, width, 3)]
    return "\n".join(lines)


def _paragraph(text: str, width: int) -> str:
    return textwrap.fill(text, width)


def _locale_type(tr: Translator) -> Callable[[str], str]:
    def parse(value: str) -> str:
        try:
            return locale_identifier(parse_locale(value))
        except LocaleError:
            posix = value.partition(".")[0].partition("@")[0].upper() in {"C", "POSIX"}
            said = NO_LANGUAGE if posix else BAD_LOCALE
            message = tr.pgettext(*said).format(value=quoted(tr, value))
            raise argparse.ArgumentTypeError(message) from None

    return parse


def _zone_type(tr: Translator) -> Callable[[str], tzinfo]:
    def parse(value: str) -> tzinfo:
        # Babel's formatting is loaded by the commands that take a zone only.
        from escalation_matrix._i18n.locale_format import time_zone  # noqa: PLC0415

        try:
            return time_zone(value)
        except ArgumentError:
            message = tr.pgettext(*BAD_ZONE).format(value=quoted(tr, value))
            raise argparse.ArgumentTypeError(
                _zone_suggested(tr, message, value)
            ) from None

    return parse


def _zone_suggested(tr: Translator, message: str, value: str) -> str:
    """Return *message*, with the time zone *value* was likely meant as."""
    # Read from the time zone database on a mistake only.
    from zoneinfo import available_timezones  # noqa: PLC0415

    return suggested(tr, message, value, available_timezones())


def _width_type(tr: Translator) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < MIN_WIDTH:
            message = tr.pgettext(*BAD_WIDTH).format(
                value=quoted(tr, value), minimum=MIN_WIDTH
            )
            raise argparse.ArgumentTypeError(message)
        return number

    return parse


class Builder:
    """Builds the parser and fills its subcommands' parsers, with translated texts.

    A subcommand whose arguments are added in a module of its own is given
    the builder, for the options every command shares.
    """

    def __init__(self, tr: Translator, width: int) -> None:
        self.tr = tr
        self.width = width
        self.formatter = functools.partial(
            _Formatter, width=width, usage=tr.pgettext(*USAGE)
        )

    def translated(self, message: Message) -> str:
        """Return *message* translated."""
        return self.tr.pgettext(*message)

    def help_text(self, message: Message) -> str:
        """Return *message* translated, as the help of an argument.

        argparse fills a help with ``%``: a ``%`` of a translation (one of
        ``--catalogs``, say) is written as ``%%`` to be shown as it is.
        """
        return self.translated(message).replace("%", "%%")

    def groups(
        self, parser: Parser
    ) -> tuple[argparse._ArgumentGroup, argparse._ArgumentGroup]:
        """Add the groups of the arguments and the options, and ``--help``."""
        # Arguments go in groups with translated titles; argparse's own
        # groups, titled in English, stay empty and are not shown.
        arguments = parser.add_argument_group(self.translated(ARGUMENTS))
        options = parser.add_argument_group(self.translated(OPTIONS))
        options.add_argument("-h", "--help", action="help", help=self.help_text(HELP))
        return arguments, options

    def common(
        self, options: argparse._ArgumentGroup, *, catalogs: bool = False
    ) -> None:
        """Add ``--locale`` (and ``--catalogs`` if *catalogs*) to *options*."""
        options.add_argument(
            "--locale",
            metavar="LOCALE",
            type=_locale_type(self.tr),
            help=self.help_text(LOCALE_HELP),
        )
        if catalogs:
            options.add_argument(
                "--catalogs",
                metavar="DIR",
                action="append",
                default=[],
                help=self.help_text(CATALOGS_HELP),
            )

    def overlay(self, options: argparse._ArgumentGroup) -> None:
        """Add ``--overlay`` to *options*."""
        options.add_argument(
            "--overlay",
            metavar="OVERLAY",
            action="append",
            default=[],
            help=self.help_text(OVERLAY_HELP),
        )

    def output(self, options: argparse._ArgumentGroup) -> None:
        """Add ``--output`` to *options*."""
        options.add_argument(
            "-o", "--output", metavar="FILE", help=self.help_text(OUTPUT_HELP)
        )

    def width_option(self, options: argparse._ArgumentGroup) -> None:
        """Add ``--width`` to *options*."""
        options.add_argument(
            "--width",
            metavar="N",
            type=_width_type(self.tr),
            help=self.help_text(WIDTH_HELP).format(minimum=MIN_WIDTH),
        )

    def described(
        self,
        parser: Parser,
        description: Message,
        *,
        moments: bool = False,
        statuses: Sequence[tuple[ExitStatus, Message]] = EXIT_STATUSES,
        values: Callable[[], dict[str, str]] | None = None,
    ) -> tuple[argparse._ArgumentGroup, argparse._ArgumentGroup]:
        """Give a subcommand's *parser* its texts (*statuses*: its exit statuses).

        *values* gives the values of the description's placeholders.
        """

        def texts() -> tuple[str, str]:
            said = self.translated(description)
            if values is not None:
                said = said.format(**values())
            epilog = _epilog(self.tr, self.width, moments=moments, statuses=statuses)
            return _paragraph(said, self.width), epilog

        parser.describe_later(texts)
        return self.groups(parser)

    def show(self, parser: Parser) -> None:
        """Fill the parser of ``show``."""
        arguments, options = self.described(parser, SHOW_DESCRIPTION)
        arguments.add_argument(
            "file", metavar="FILE", nargs="?", help=self.help_text(FILE_HELP)
        )
        options.add_argument(
            "--format",
            choices=TABLE_FORMATS,
            default="text",
            help=self.help_text(TABLE_FORMAT_HELP),
        )
        options.add_argument(
            "--csv-formulas",
            choices=CSV_FORMULAS,
            default="escape",
            help=self.help_text(CSV_FORMULAS_HELP),
        )
        self.overlay(options)
        self.width_option(options)
        self.common(options, catalogs=True)
        self.output(options)

    def route(self, parser: Parser) -> None:
        """Fill the parser of ``route``."""
        self._answer(parser, ROUTE_DESCRIPTION, batch=True)

    def plan(self, parser: Parser) -> None:
        """Fill the parser of ``plan``."""
        self._answer(parser, PLAN_DESCRIPTION, batch=False)

    def _answer(self, parser: Parser, description: Message, *, batch: bool) -> None:
        arguments, options = self.described(parser, description, moments=True)
        arguments.add_argument(
            "type",
            metavar="TYPE",
            nargs="?" if batch else None,
            help=self.help_text(TYPE_HELP),
        )
        arguments.add_argument(
            "file", metavar="FILE", nargs="?", help=self.help_text(FILE_HELP)
        )
        for option, text in (
            ("--opened", OPENED_HELP),
            ("--now", NOW_HELP),
            ("--acknowledged", ACKNOWLEDGED_HELP),
            ("--resolved", RESOLVED_HELP),
        ):
            options.add_argument(option, metavar="WHEN", help=self.help_text(text))
        options.add_argument(
            "--severity", metavar="SEVERITY", help=self.help_text(SEVERITY_HELP)
        )
        options.add_argument(
            "--timezone",
            metavar="TZ",
            type=_zone_type(self.tr),
            help=self.help_text(TIMEZONE_HELP),
        )
        options.add_argument(
            "--format",
            choices=("text", "json"),
            # None is text: --batch tells a format given from none.
            default=None,
            help=self.help_text(ANSWER_FORMAT_HELP),
        )
        if batch:
            options.add_argument(
                "--batch", metavar="TICKETS", help=self.help_text(BATCH_HELP)
            )
            options.add_argument(
                "--strict", action="store_true", help=self.help_text(STRICT_HELP)
            )
            options.add_argument(
                "--csv-formulas",
                choices=CSV_FORMULAS,
                help=self.help_text(BATCH_FORMULAS_HELP),
            )
        self.overlay(options)
        self.width_option(options)
        self.common(options, catalogs=True)
        self.output(options)

    def validate(self, parser: Parser) -> None:
        """Fill the parser of ``validate``."""

        def values() -> dict[str, str]:
            said = _EXAMPLE_PROBLEM.said(self.tr.gettext)
            return {
                "example": quoted(self.tr, f"matrix.toml: $.levels[2].rank: {said}")
            }

        arguments, options = self.described(parser, VALIDATE_DESCRIPTION, values=values)
        arguments.add_argument(
            "files", metavar="FILE", nargs="*", help=self.help_text(FILES_HELP)
        )
        options.add_argument(
            "--catalogs",
            metavar="DIR",
            action="append",
            default=[],
            help=self.help_text(CHECK_CATALOGS_HELP),
        )
        self.common(options)

    def convert(self, parser: Parser) -> None:
        """Fill the parser of ``convert``."""
        arguments, options = self.described(parser, CONVERT_DESCRIPTION)
        arguments.add_argument("source", metavar="IN", help=self.help_text(IN_HELP))
        arguments.add_argument("target", metavar="OUT", help=self.help_text(OUT_HELP))
        self.overlay(options)
        self.common(options)

    def schema(self, parser: Parser) -> None:
        """Fill the parser of ``schema``."""
        _, options = self.described(parser, SCHEMA_DESCRIPTION)
        self.common(options)
        self.output(options)


class Subcommand:
    """A subcommand, as the parser lists it before any of its code is loaded.

    Attributes:
        name: What the user types.
        summary: Its line in the list of commands.
        module: The module whose ``COMMANDS`` maps *name* to the function
            that runs it; imported only when the command runs.
        arguments: What adds its arguments and help when it is chosen: the
            name of a :class:`Builder` method, or ``"module:function"`` for
            a function of another module, called with the builder and the
            parser (and that module imported only then).
    """

    # A plain class rather than a named tuple, whose class takes longer to
    # make: every command's start lists the subcommands.
    __slots__ = ("arguments", "module", "name", "summary")

    def __init__(
        self, name: str, summary: Message, module: str, arguments: str
    ) -> None:
        self.name = name
        self.summary = summary
        self.module = module
        self.arguments = arguments

    def __repr__(self) -> str:
        return f"<Subcommand {self.name!r} in {self.module}>"


_COMMANDS_MODULE = "escalation_matrix._cli.commands"
_INTEROP = "escalation_matrix._cli.interop_commands"
_CATALOG = "escalation_matrix._cli.catalog_command"

#: The subcommands, in the order the help lists them. A new command adds a
#: line here; its code stays in its own module, loaded when it is chosen.
SUBCOMMANDS: Final[tuple[Subcommand, ...]] = (
    Subcommand("show", SHOW_HELP, _COMMANDS_MODULE, "show"),
    Subcommand("route", ROUTE_HELP, _COMMANDS_MODULE, "route"),
    Subcommand("plan", PLAN_HELP, _COMMANDS_MODULE, "plan"),
    Subcommand("validate", VALIDATE_HELP, _COMMANDS_MODULE, "validate"),
    Subcommand("convert", CONVERT_HELP, _COMMANDS_MODULE, "convert"),
    Subcommand("schema", SCHEMA_HELP, _COMMANDS_MODULE, "schema"),
    Subcommand("import", IMPORT_HELP, _INTEROP, f"{_INTEROP}:import_arguments"),
    Subcommand("export", EXPORT_HELP, _INTEROP, f"{_INTEROP}:export_arguments"),
    Subcommand("catalog", CATALOG_HELP, _CATALOG, f"{_CATALOG}:catalog_arguments"),
)


# The placeholders of the usage and help (metavars), in capitals as the usage
# shows them. The help texts name them too: each is translated the same way
# everywhere.
METAVARS: Final[Mapping[str, Message]] = {
    # Translators: a placeholder of the usage, a command's name; in capitals.
    "COMMAND": pN_("metavar", "COMMAND"),
    # Translators: a placeholder of the usage, a directory; in capitals.
    "DIR": pN_("metavar", "DIR"),
    # Translators: a placeholder of the usage, a file; in capitals.
    "FILE": pN_("metavar", "FILE"),
    # Translators: a placeholder of the usage, the file convert reads; in capitals.
    "IN": pN_("metavar", "IN"),
    # Translators: a placeholder of the usage, a language; in capitals.
    "LANG": pN_("metavar", "LANG"),
    # Translators: a placeholder of the usage, a locale (it, it_CH); in capitals.
    "LOCALE": pN_("metavar", "LOCALE"),
    # Translators: a placeholder of the usage, a matrix file; in capitals.
    "MATRIX": pN_("metavar", "MATRIX"),
    # Translators: a placeholder of the usage, an overlay file; in capitals.
    "OVERLAY": pN_("metavar", "OVERLAY"),
    # Translators: a placeholder of the usage, a number; in capitals.
    "N": pN_("metavar", "N"),
    # Translators: a placeholder of the usage, the file convert writes; in capitals.
    "OUT": pN_("metavar", "OUT"),
    # Translators: a placeholder of the usage, a severity's key; in capitals.
    "SEVERITY": pN_("metavar", "SEVERITY"),
    # Translators: a placeholder of the usage, a ticket export file; in capitals.
    "TICKETS": pN_("metavar", "TICKETS"),
    # Translators: a placeholder of the usage, an incident tool's name; in capitals.
    "TOOL": pN_("metavar", "TOOL"),
    # Translators: a placeholder of the usage, an issue type's key; in capitals.
    "TYPE": pN_("metavar", "TYPE"),
    # Translators: a placeholder of the usage, a time zone; in capitals.
    "TZ": pN_("metavar", "TZ"),
    # Translators: a placeholder of the usage, a date and time; in capitals.
    "WHEN": pN_("metavar", "WHEN"),
}


def translate_metavars(parser: argparse.ArgumentParser, tr: Translator) -> None:
    """Show *parser*'s placeholders (``FILE``, ``WHEN``) in *tr*'s language.

    Done once its arguments are all added, so that every command's module
    writes them in English, as the code reads them.
    """
    for action in parser._actions:  # noqa: SLF001 -- argparse keeps them there
        marked = (
            METAVARS.get(action.metavar) if isinstance(action.metavar, str) else None
        )
        if marked is not None:
            action.metavar = tr.pgettext(*marked)


def _filler(builder: Builder, arguments: str) -> Callable[[Parser], None]:
    """Return what fills a subcommand's parser, as *arguments* names it."""
    module, _, function = arguments.rpartition(":")

    def fill(parser: Parser) -> None:
        if not module:
            getattr(builder, function)(parser)
        else:
            # Imported now: the command was chosen, or its help asked for.
            loaded = importlib.import_module(module)
            getattr(loaded, function)(builder, parser)
        translate_metavars(parser, builder.tr)

    return fill


class _LazyVersion(argparse.Action):
    """``--version``: prints the version, looked up only when asked for."""

    def __init__(
        self, option_strings: Sequence[str], text: Callable[[], str], **kwargs: Any
    ) -> None:
        super().__init__(option_strings, nargs=0, default=argparse.SUPPRESS, **kwargs)
        self.text = text

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,  # noqa: ARG002 -- as argparse calls it
        values: str | Sequence[Any] | None,  # noqa: ARG002
        option_string: str | None = None,  # noqa: ARG002
    ) -> NoReturn:
        formatter = parser._get_formatter()  # noqa: SLF001 -- as argparse's own action
        formatter.add_text(self.text())
        parser._print_message(formatter.format_help(), sys.stdout)  # noqa: SLF001
        parser.exit()


def build_parser(
    tr: Translator,
    *,
    prog: str,
    version: str | Callable[[], str],
    width: int | None = None,
) -> tuple[Parser, Mapping[str, Parser]]:
    """Return the command's parser, and each subcommand's by name.

    Each subcommand's parser is made when it is looked up, and gets its
    arguments when it is used (see :meth:`Parser.fill`).

    Args:
        tr: The translator of the help and the messages.
        prog: The command's name, as its usage shows it.
        version: What ``--version`` prints after the name, or what returns
            it when asked (reading the installed version takes time).
        width: The width of the help; None for the terminal's, less the
            two columns argparse leaves free.
    """
    if width is None:
        width = terminal_width() - 2
    builder = Builder(tr, width)
    parser = Parser(
        prog=prog,
        formatter_class=builder.formatter,
        add_help=False,
        # Options are spelt out: the locale is looked for, and moments such
        # as "-1d" joined to their options, before the arguments are parsed.
        allow_abbrev=False,
        translator=tr,
    )
    parser.describe_later(
        lambda: (
            _paragraph(builder.translated(DESCRIPTION), width),
            _epilog(tr, width, moments=False),
        )
    )
    _, options = builder.groups(parser)
    number = version if callable(version) else (lambda: version)
    options.add_argument(
        "--version",
        action=_LazyVersion,
        text=lambda: f"{prog} {number()}",
        help=builder.help_text(VERSION),
    )
    # Also before the command: it sets the language of the help and errors.
    builder.common(options)
    commands = parser.add_subparsers(
        title=builder.translated(COMMANDS_TITLE),
        metavar="COMMAND",
        required=True,
        parser_class=Parser,
    )
    assert isinstance(commands, _Subcommands)  # noqa: S101 -- registered by Parser
    for command in SUBCOMMANDS:
        commands.add_parser_later(
            command.name,
            help=builder.help_text(command.summary),
            formatter_class=builder.formatter,
            add_help=False,
            allow_abbrev=False,
            translator=tr,
            fill=_filler(builder, command.arguments),
        )
    translate_metavars(parser, tr)
    return parser, commands.parsers
