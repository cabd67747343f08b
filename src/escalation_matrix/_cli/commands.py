"""What each subcommand of the command line does."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Final

from escalation_matrix._base.controls import escape_controls
from escalation_matrix._cli.moments import parse_when
from escalation_matrix._cli.parser import BAD_OPTION, ERROR, ExitStatus, terminal_width
from escalation_matrix._cli.session import (
    CANNOT_WRITE,
    STANDARD_OUTPUT,
    Failure,
    Session,
    tell,
    write,
)
from escalation_matrix._cli.wording import (
    catalog_problem,
    os_reason,
    quoted,
    suggested,
)
from escalation_matrix._i18n.catalogs import (
    DOMAINS,
    catalog_file_problems,
    find_catalog,
)
from escalation_matrix._i18n.environment import local_time_zone, zone_name
from escalation_matrix._i18n.translator import Message, pN_, translator
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._render.render import render
from escalation_matrix._routing.decision import Decision
from escalation_matrix._routing.explain import say_moment
from escalation_matrix._routing.router import plan, route
from escalation_matrix._serialization.builtin import default_matrix
from escalation_matrix.exceptions import (
    ArgumentError,
    CalendarError,
    EscalationMatrixError,
    NotARegularFileError,
    OptionalDependencyError,
    Phrase,
    Problem,
    RoutingError,
    UnknownFormatError,
    UnknownIssueTypeError,
    UnknownSeverityError,
    ValidationError,
)

if TYPE_CHECKING:
    # Imported by the commands that write or check files alone: see
    # CatalogPath in escalation_matrix._i18n.catalogs.
    from pathlib import Path

    from escalation_matrix._routing.plan import Plan

__all__ = [
    "CANNOT_WRITE",
    "COMMANDS",
    "STANDARD_OUTPUT",
    "Failure",
    "Session",
    "error_reason",
    "now",
    "tell",
    "unwritten_output",
    "write",
]

# Translators: an option of route that describes a ticket export, given
# without --batch; {option} is the option, such as --strict.
BATCH_ONLY = pN_("cli", "{option} goes with --batch only")

# Translators: a file named on the command line cannot be read; {path} is
# the file, quoted, and {reason} what the system said ("No such file or
# directory").
CANNOT_READ = pN_("cli", "cannot read {path}: {reason}")
# Translators: the reason after "cannot write {path}: " when the file to
# write is a symbolic link to a file that does not exist; {target} is that
# file, quoted.
DANGLING_LINK = pN_("cli", "it is a symbolic link to {target}, which does not exist")
# Translators: the reason given when a --catalogs directory does not exist.
NOT_A_DIRECTORY = pN_("cli", "not a directory")
# Translators: a file's suffix names no format the command reads or writes;
# {suffix} is the suffix found, quoted, and {known} the list of known ones.
UNKNOWN_FORMAT = pN_(
    "cli", "unknown file format {suffix} of {path}; known formats: {known}"
)
# Translators: a file's name has no suffix (".toml") to name its format;
# {path} is the file, quoted, and {known} the list of known suffixes.
NO_SUFFIX = pN_(
    "cli", "{path} has no suffix to name its format; known formats: {known}"
)
# Translators: TYPE names no issue type of the matrix; {key} is what was
# typed, quoted, and {known} the keys of the matrix's issue types.
UNKNOWN_ISSUE_TYPE = pN_("cli", "unknown issue type {key}; known issue types: {known}")
# Translators: --severity names no severity of the matrix.
UNKNOWN_SEVERITY = pN_("cli", "unknown severity {key}; known severities: {known}")
# Translators: as above, for a matrix that has no severities at all.
NO_SEVERITIES = pN_("cli", "unknown severity {key}; known severities: none")
# Translators: a moment comes before the opening of the issue; {option} is
# --now, --acknowledged or --resolved, {time} and {opened} dates and times.
BEFORE_OPENED = pN_("cli", "{option} ({time}) is before --opened ({opened})")
# Translators: routing cannot give its answer for the moments given, which
# are so near the first or the last year a date can have (1 or 9999) that
# an escalation or a time in the chosen time zone falls beyond it; {reason}
# says which.
CANNOT_ANSWER = pN_("cli", "cannot answer for these moments: {reason}")
# Translators: a feature needs an optional part of the program; {extra} is
# its name, such as "yaml", and the command installs it.
NEEDS_EXTRA = pN_(
    "cli",
    "this needs an optional dependency; install it with: "
    "pip install 'escalation-matrix[{extra}]'",
)
# Translators: route or plan was given the matrix file first and the issue
# type second; {type} and {file} are the two as given.
SWAPPED = pN_(
    "cli",
    "the issue type comes first, then the matrix file: {type} {file}, not "
    "{file} {type}",
)
# Translators: printed on standard output for each file that validate
# found valid; {path} is the file.
VALID = pN_("cli", "{path}: valid")
# Translators: the start of a warning printed by the command: something
# the user should fix, which did not stop the command; {prog} is the
# command's name and {message} the warning.
WARNING = pN_("cli", "{prog}: warning: {message}")
# Translators: a warning; {problem} names a translation of a catalog, with
# its file, line and message, and says what is wrong with it.
UNUSED_TRANSLATION = pN_(
    "cli",
    "{problem}; this translation is not used: the next catalog's, or else the "
    "source text, is shown instead",
)
# Translators: validate --catalogs found no catalog in a directory; {path}
# is the directory.
NO_CATALOGS = pN_(
    "cli",
    "{path}: no message catalog found; expected "
    "{path}/LOCALE/LC_MESSAGES/escalation_matrix.po (matrix texts) or "
    "escalation_matrix_messages.po (the program's messages), or their .mo",
)
# Translators: validate was given neither a file nor --catalogs.
NOTHING_TO_CHECK = pN_(
    "cli", "nothing to check: give matrix files, --catalogs directories, or both"
)
# Translators: route without --batch and without the issue type.
TYPE_REQUIRED = pN_("cli", "the issue type TYPE is required, unless --batch is given")
# Translators: the last line of the answer of route and plan; {zone} is a
# time zone such as "Europe/Rome".
TIMES_IN = pN_("cli", "Times are in the time zone {zone}.")


def now() -> datetime:
    """Return the current time: what ``--now`` is when it is not given."""
    return datetime.now(UTC)


def _reason(error: OSError, session: Session) -> str:
    return os_reason(session.tr, error)


def read_matrix(
    path: str | None, session: Session, overlays: Sequence[str] = ()
) -> Matrix:
    """Return the matrix in the file *path*, or the built-in one for None.

    The overlays in the files *overlays* are put on it, in order.

    Raises:
        Failure: a file cannot be read, has an unknown suffix, needs a
            missing dependency, or is invalid (every problem listed, each
            after the file's name); or an overlay does not fit.
    """
    matrix = default_matrix() if path is None else _read(path, session)
    if not overlays:
        return matrix
    from escalation_matrix._model.overlay import (  # noqa: PLC0415
        Overlay,
        apply_overlay,
    )

    for overlay in overlays:
        found = _read(overlay, session, Overlay)
        try:
            matrix = apply_overlay(matrix, found)
        except ValidationError as error:  # OverlayConflictError too
            lines = [f"{overlay}: {session.problem(p)}" for p in error.problems]
            raise Failure(ExitStatus.INVALID, lines) from None
    return matrix


def _read(
    path: str, session: Session, cls: type[Any] = Matrix, *, overlay: bool = False
) -> Any:
    """Return the *cls* in the file *path*: see :func:`read_matrix`.

    With *overlay*, a file that holds an overlay where a matrix is asked
    for is read as one.
    """
    # The reader (cattrs and the parsers) is loaded only for a file: the
    # built-in matrix comes compiled (see _serialization.builtin).
    from escalation_matrix._serialization.io import load  # noqa: PLC0415

    try:
        return load(path, cls)
    except UnknownFormatError as error:
        raise unknown_format(session, path, error.suffix) from None
    except ValidationError as error:
        problems = error.problems
        if cls is Matrix and [p.path for p in problems] == ["$.overlay"]:
            if overlay:
                from escalation_matrix._model.overlay import Overlay  # noqa: PLC0415

                return _read(path, session, Overlay)
            # The library's advice is Python's: say the command's.
            problems = (Problem("$.overlay", _AN_OVERLAY),)
        lines = [f"{path}: {session.problem(problem)}" for problem in problems]
        raise Failure(ExitStatus.INVALID, lines) from None
    except OptionalDependencyError as error:
        raise session.fail(
            ExitStatus.DEPENDENCY, NEEDS_EXTRA, extra=error.extra
        ) from None
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_READ,
            path=repr(path),
            reason=_reason(error, session),
        ) from None


# What a file given as the matrix, which is an overlay, is told.
_AN_OVERLAY: Final = Phrase(
    "this is an overlay, not a matrix: give it with --overlay, after the matrix "
    "it goes on (the built-in matrix when no FILE is given)"
)


def unknown_format(session: Session, path: str, suffix: str) -> Failure:
    """Return the usage failure that says *path*'s *suffix* names no format."""
    from escalation_matrix._serialization.io import FORMATS  # noqa: PLC0415

    known = ", ".join(FORMATS)
    if not suffix:
        return session.fail(ExitStatus.USAGE, NO_SUFFIX, path=repr(path), known=known)
    return session.fail(
        ExitStatus.USAGE,
        UNKNOWN_FORMAT,
        suffix=repr(suffix),
        path=repr(path),
        known=known,
    )


def emit(text: str, output: str | None, session: Session) -> None:
    """Write *text* to standard output, or to the file *output*, safely.

    The file is written as :func:`~escalation_matrix.dump` writes: only a
    regular file, replaced in one step.

    Raises:
        Failure: the file cannot be written, or is not a regular file.
    """
    if output is None:
        try:
            write(sys.stdout, text)
        except BrokenPipeError:
            raise  # the reader went away: the command ends quietly
        except OSError as error:
            raise unwritten_output(session, error) from None
        return
    # Loaded for a file only: most answers go to standard output.
    from pathlib import Path  # noqa: PLC0415 -- as the module below

    from escalation_matrix._serialization.files import write_file  # noqa: PLC0415

    try:
        write_file(Path(output), text.encode("utf-8"))
    except OSError as error:
        raise _cannot_write(session, output, error) from None


def unwritten_output(session: Session, error: OSError) -> Failure:
    """Return the failure that says standard output cannot be written, and why."""
    where = session.translated(STANDARD_OUTPUT)
    reason = _reason(error, session)
    return session.fail(ExitStatus.FILE, CANNOT_WRITE, path=where, reason=reason)


def _cannot_write(
    session: Session, path: str, error: OSError, text: Message = CANNOT_WRITE
) -> Failure:
    """Return the failure that says the file *path* cannot be written, and why.

    With *text* ``CANNOT_READ``, that it cannot be read: a catalog that is
    not a regular file.
    """
    where = repr(path)
    if not isinstance(error, NotARegularFileError):
        reason = _reason(error, session)
    elif error.kind == "dangling symbolic link":
        reason = session.translated(DANGLING_LINK, target=repr(error.target))
    else:
        reason = _reason(error, session)
        if error.target is not None:
            # A link to it: both, so that the user sees what is there.
            where = f"{quoted(session.tr, path)} -> {quoted(session.tr, error.target)}"
    return session.fail(ExitStatus.FILE, text, path=where, reason=reason)


def _not_a_directory(session: Session, directory: str) -> Failure:
    """Return the failure that says *directory* cannot be read, and why."""
    try:
        os.stat(directory)  # noqa: PTH116 -- see CatalogPath
    except OSError as error:  # not there at all, say
        reason = _reason(error, session)
    else:
        reason = session.translated(NOT_A_DIRECTORY)
    return session.fail(
        ExitStatus.FILE, CANNOT_READ, path=repr(directory), reason=reason
    )


def _catalogs(args: argparse.Namespace, session: Session) -> tuple[str, ...]:
    """Return the ``--catalogs`` directories; warn about unusable translations.

    Raises:
        Failure: a directory does not exist.
    """
    directories: tuple[str, ...] = tuple(args.catalogs)
    for directory in directories:
        if not os.path.isdir(directory):  # noqa: PTH112 -- see CatalogPath
            raise _not_a_directory(session, directory)
    # The answer is still given, each such text in its source language;
    # the warning says which translation to fix, and where.
    # The locale asked for, even when its catalog has nothing usable and
    # the output is in English.
    asked = getattr(args, "locale", None) or session.locale
    for problem in translator(asked, catalogs=directories).problems:
        said = _catalog_problem(problem, session)
        message = session.translated(UNUSED_TRANSLATION, problem=said)
        warning = session.translated(WARNING, prog=session.parser.prog, message=message)
        tell(sys.stderr, warning + "\n")
    return directories


def _width(args: argparse.Namespace) -> int:
    """Return the width of the output: ``--width``'s, else the terminal's."""
    # As render() finds the terminal's, without loading shutil for it.
    return terminal_width() if args.width is None else int(args.width)


def show(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Print a matrix as a table."""
    catalogs = _catalogs(args, session)
    matrix = read_matrix(args.file, session, args.overlay)
    text = render(
        matrix,
        args.format,
        locale=session.output_locale(matrix.language, catalogs),
        width=_width(args),
        catalogs=catalogs,
        csv_formulas=args.csv_formulas,
    )
    emit(text, args.output, session)
    return ExitStatus.OK


class _Question:
    """An issue, the moment to answer for, and the zone to show times in."""

    __slots__ = ("catalogs", "issue", "matrix", "now", "zone")

    def __init__(
        self,
        matrix: Matrix,
        issue: Issue,
        now: datetime,
        zone: tzinfo,
        catalogs: tuple[str, ...],
    ) -> None:
        self.matrix = matrix
        self.issue = issue
        self.now = now
        self.zone = zone
        self.catalogs = catalogs


def _moment(
    session: Session, option: str, text: str, base: datetime, zone: tzinfo
) -> datetime:
    try:
        return parse_when(text, now=base, zone=zone, tr=session.tr)
    except ValidationError as error:
        (problem,) = error.problems
        raise session.fail(
            ExitStatus.USAGE, BAD_OPTION, option=option, message=problem.message
        ) from None


def _check_keys(args: argparse.Namespace, matrix: Matrix, session: Session) -> None:
    try:
        matrix.issue_type(args.type)
    except UnknownIssueTypeError as error:
        raise _unknown_key(
            session, UNKNOWN_ISSUE_TYPE, args.type, error.known
        ) from None
    if args.severity is not None:
        try:
            matrix.policy.severity(args.severity)
        except UnknownSeverityError as error:
            text = UNKNOWN_SEVERITY if error.known else NO_SEVERITIES
            raise _unknown_key(session, text, args.severity, error.known) from None


def _unknown_key(
    session: Session, text: Message, key: str, known: tuple[str, ...]
) -> Failure:
    """Return the failure for an unknown *key*, with the likely one suggested."""
    message = session.translated(
        text, key=quoted(session.tr, key), known=", ".join(known)
    )
    said = suggested(session.tr, message, key, known)
    return Failure(
        ExitStatus.USAGE,
        [session.translated(ERROR, prog=session.parser.prog, message=said)],
        usage=session.usage,
    )


def _check_order(args: argparse.Namespace, session: Session) -> None:
    """Refuse a matrix file given first and an issue type second, saying so.

    Else the issue type would be read as a file, said to lack a suffix.
    """
    file, kind = args.file, args.type
    if file is None or os.path.splitext(file)[1]:  # noqa: PTH122 -- no pathlib here
        return
    # The reader is loaded only now: the file is read as no matrix anyway.
    from escalation_matrix._serialization.io import FORMATS  # noqa: PLC0415

    if os.path.splitext(kind)[1].lower() in FORMATS:  # noqa: PTH122
        raise session.fail(
            ExitStatus.USAGE,
            SWAPPED,
            type=repr(file),
            file=repr(kind),
        )


def _question(
    args: argparse.Namespace,
    session: Session,
    matrix: Matrix,
    catalogs: tuple[str, ...],
) -> _Question:
    _check_keys(args, matrix, session)
    zone: tzinfo = args.timezone or local_time_zone()
    clock = now()
    moment = (
        clock.astimezone(zone)
        if args.now is None
        else _moment(session, "--now", args.now, clock, zone)
    )
    opened = (
        moment
        if args.opened is None
        else _moment(session, "--opened", args.opened, moment, zone)
    )
    later: dict[str, datetime | None] = {
        option: None if text is None else _moment(session, option, text, moment, zone)
        for option, text in (
            ("--acknowledged", args.acknowledged),
            ("--resolved", args.resolved),
        )
    }
    for option, value in (("--now", moment), *later.items()):
        # In UTC: aware times sharing a time zone compare by the wall clock,
        # which goes back an hour when summer time ends.
        if value is not None and value.astimezone(UTC) < opened.astimezone(UTC):
            raise session.fail(
                ExitStatus.USAGE,
                BEFORE_OPENED,
                option=option,
                # Dates as the answers' sentences say them.
                time=say_moment(session.tr, value, zone),
                opened=say_moment(session.tr, opened, zone),
            )
    acknowledged, resolved = (
        None if value is None else value.astimezone(UTC) for value in later.values()
    )
    issue = Issue(
        args.type,
        opened.astimezone(UTC),
        severity=args.severity,
        acknowledged_at=acknowledged,
        resolved_at=resolved,
    )
    return _Question(matrix, issue, moment.astimezone(UTC), zone, catalogs)


def _answer(text: str, question: _Question, locale: str) -> str:
    # In the answer's language, which may be the matrix's (see Session).
    tr = translator(locale, catalogs=question.catalogs)
    footer = tr.pgettext(*TIMES_IN).format(zone=zone_name(question.zone))
    return f"{text}\n{footer}\n"


def route_command(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Say who handles an issue now, what they must do, what next, and why.

    ``route --batch`` is :func:`~escalation_matrix._cli.batch.route_batch`,
    chosen by the caller.
    """
    if args.type is None:
        raise session.fail(ExitStatus.USAGE, TYPE_REQUIRED)
    for option, given in (
        ("--strict", args.strict),
        ("--csv-formulas", args.csv_formulas is not None),
    ):
        if given:
            raise session.fail(ExitStatus.USAGE, BATCH_ONLY, option=option)
    return _respond(
        args,
        session,
        lambda question: route(question.matrix, question.issue, now=question.now),
    )


def plan_command(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Lay out who handles an issue from when until when."""
    return _respond(
        args,
        session,
        lambda question: plan(question.matrix, question.issue, now=question.now),
    )


def _respond(
    args: argparse.Namespace,
    session: Session,
    decide: Callable[[_Question], Decision | Plan],
) -> ExitStatus:
    """Answer the question of a route or plan command, as data or as text."""
    catalogs = _catalogs(args, session)
    _check_order(args, session)
    matrix = read_matrix(args.file, session, args.overlay)
    # Once the matrix is known, its errors are in the answer's language,
    # which may be the matrix's (see Session.output_locale).
    session = session.answering(matrix.language, catalogs)
    try:
        question = _question(args, session, matrix, catalogs)
        answer = decide(question)
        if args.format == "json":
            from escalation_matrix._serialization.io import dumps  # noqa: PLC0415

            text = dumps(answer, "json")
        else:
            locale = session.output_locale(question.matrix.language, question.catalogs)
            told = render(
                answer,
                locale=locale,
                timezone=question.zone,
                width=_width(args),
                catalogs=question.catalogs,
            )
            text = _answer(told, question, locale)
    except (ArgumentError, CalendarError, RoutingError, ValidationError) as error:
        raise _cannot_answer(error, session) from None
    emit(text, args.output, session)
    return ExitStatus.OK


def _cannot_answer(
    error: ArgumentError | CalendarError | RoutingError | ValidationError,
    session: Session,
) -> Failure:
    """The failure for moments whose answer falls outside the calendar.

    The issue type, severity and times given were all checked by then: what
    is left are escalations after year 9999, and times that cannot be
    written in the reader's time zone.
    """
    if isinstance(error, ValidationError):
        reason = "; ".join(map(session.said, error.problems))
    else:
        reason = error_reason(error, session)
    return session.fail(ExitStatus.USAGE, CANNOT_ANSWER, reason=reason)


def error_reason(error: EscalationMatrixError, session: Session) -> str:
    """Say what *error* says, in the session's language when it has a phrase.

    An :class:`ArgumentError`'s reason is said without the argument's name.
    """
    # The library's errors carry their message as a phrase (see
    # escalation_matrix._base.phrased); one without says it in English.
    phrase = getattr(error, "phrase", None)
    if isinstance(error, ArgumentError) and isinstance(phrase, Phrase):
        # The whole message ("{argument} {reason}"), or the reason alone.
        reason = phrase.values.get("reason")
        phrase = reason if str(phrase) != error.reason else phrase
    if not isinstance(phrase, Phrase):
        return error.reason if isinstance(error, ArgumentError) else str(error)
    return phrase.said(session.tr.gettext)


def _check_matrix(path: str, session: Session) -> None:
    """Check a matrix file, or an overlay file; say it is valid.

    Raises:
        Failure: as :func:`read_matrix`, or standard output cannot be
            written.
    """
    found = _read(path, session, overlay=True)
    if not isinstance(found, Matrix) and found.base == default_matrix().key:
        # An overlay of the built-in matrix is checked against it too.
        read_matrix(None, session, (path,))
    emit(escape_controls(session.translated(VALID, path=path)) + "\n", None, session)


def _check_catalogs(directory: str, session: Session) -> None:
    """Check the catalogs of *directory* that translations would be read from.

    Raises:
        Failure: the directory does not exist, holds no catalog, a catalog
            cannot be read or has translations that cannot be used, or
            standard output cannot be written.
    """
    from pathlib import Path  # noqa: PLC0415 -- loaded by the commands that need it

    folder = Path(directory)
    if not folder.is_dir():
        raise _not_a_directory(session, directory)
    try:
        children = [child for child in sorted(folder.iterdir()) if child.is_dir()]
        for child in children:
            _check_regular(child, session)
        files = [
            found
            for child in children
            for domain in DOMAINS
            if (found := find_catalog(folder, child.name, domain))
        ]
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_READ,
            path=repr(directory),
            reason=_reason(error, session),
        ) from None
    if not files:
        raise Failure(
            ExitStatus.INVALID, [session.translated(NO_CATALOGS, path=directory)]
        )
    lines: list[str] = []
    for file in files:
        # Fuzzy, untranslated and misplaced entries too, as the docs say.
        problems = catalog_file_problems(file)
        if problems:
            lines += [_catalog_problem(problem, session) for problem in problems]
        else:
            valid = session.translated(VALID, path=str(file))
            emit(escape_controls(valid) + "\n", None, session)
    if lines:
        raise Failure(ExitStatus.INVALID, lines)


def _check_regular(locale_directory: Path, session: Session) -> None:
    """Refuse a catalog of *locale_directory* that is not a regular file.

    Translations skip it, as they skip a missing catalog; validating says
    what is there instead (a link to a device, say).

    Raises:
        Failure: a catalog's path holds something other than a regular file.
    """
    from escalation_matrix._serialization.files import check_target  # noqa: PLC0415

    for domain in DOMAINS:
        for suffix in (".mo", ".po"):
            path = locale_directory / "LC_MESSAGES" / f"{domain}{suffix}"
            try:
                check_target(path)
            except NotARegularFileError as error:
                raise _cannot_write(session, str(path), error, CANNOT_READ) from None


def _catalog_problem(problem: Problem, session: Session) -> str:
    """Say a catalog's *problem*, after its file, in the session's language."""
    if problem.phrase is not None:
        return session.problem(problem)
    # A catalog check's words, from the checks run without the package.
    return f"{problem.path}: {catalog_problem(session.tr, problem.message)}"


def validate(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Check matrix files and catalogs; report every problem of every file."""
    if not args.files and not args.catalogs:
        raise session.fail(ExitStatus.USAGE, NOTHING_TO_CHECK)
    checks: list[tuple[Callable[[str, Session], None], str]] = [
        *((_check_matrix, path) for path in args.files),
        *((_check_catalogs, directory) for directory in args.catalogs),
    ]
    status = ExitStatus.OK
    for check, path in checks:
        try:
            check(path, session)
        except Failure as failure:
            for line in failure.lines:
                tell(sys.stderr, line + "\n")
            status = max(status, failure.status)
    return status


def convert(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Read a matrix file and write it in the format of another's suffix."""
    from pathlib import Path  # noqa: PLC0415 -- loaded by the commands that need it

    from escalation_matrix._serialization.files import check_target  # noqa: PLC0415
    from escalation_matrix._serialization.io import FORMATS, dump  # noqa: PLC0415

    target = Path(args.target)
    try:
        check_target(target)  # a device or a FIFO is no file, whatever its suffix
    except OSError as error:
        raise _cannot_write(session, args.target, error) from None
    if target.suffix.lower() not in FORMATS:
        raise unknown_format(session, args.target, target.suffix)
    matrix = read_matrix(args.source, session, args.overlay)
    try:
        dump(matrix, target)
    except OptionalDependencyError as error:
        raise session.fail(
            ExitStatus.DEPENDENCY, NEEDS_EXTRA, extra=error.extra
        ) from None
    except OSError as error:
        raise _cannot_write(session, args.target, error) from None
    return ExitStatus.OK


def schema(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Print the JSON Schema of the matrix file format."""
    import json  # noqa: PLC0415 -- for this command only

    from escalation_matrix._serialization.schema import json_schema  # noqa: PLC0415

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    emit(text, args.output, session)
    return ExitStatus.OK


#: Each subcommand's implementation, by name.
COMMANDS: Mapping[str, Callable[[argparse.Namespace, Session], ExitStatus]] = {
    "show": show,
    "route": route_command,
    "plan": plan_command,
    "validate": validate,
    "convert": convert,
    "schema": schema,
}
