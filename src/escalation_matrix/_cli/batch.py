"""``route --batch``: route a ticket export line by line, as a stream.

Tickets are read one line at a time from a JSON-lines or CSV file, routed,
and written out at once, so memory stays flat however long the export is.
A line that cannot be routed is reported with its number and field, and the
batch goes on unless ``--strict``.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import errno
import io
import json
import os
import re
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Any, Final, Self, TextIO

from escalation_matrix._base.phrased import error_phrase
from escalation_matrix._base.shown import shown
from escalation_matrix._cli import commands
from escalation_matrix._cli.commands import (
    CANNOT_READ,
    CANNOT_WRITE,
    Failure,
    Session,
    _cannot_write,
    _moment,
    _reason,
    read_matrix,
    tell,
    unwritten_output,
)
from escalation_matrix._cli.parser import ExitStatus
from escalation_matrix._cli.wording import closest
from escalation_matrix._i18n.environment import local_time_zone, zone_name
from escalation_matrix._i18n.translator import pN_
from escalation_matrix._model.consistency import compares
from escalation_matrix._model.issue import Issue
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._render.choices import FORMULA
from escalation_matrix._routing.decision import Decision
from escalation_matrix._routing.router import decider
from escalation_matrix._serialization.files import check_source, writing
from escalation_matrix._serialization.io import (
    from_dict,
    json_with_unique_keys,
    too_deep,
)
from escalation_matrix._serialization.limits import (
    DEFAULT_LIMITS,
    limit_error,
)
from escalation_matrix._serialization.payloads import (
    as_written,
    local_moment,
    write_moment,
)
from escalation_matrix._serialization.syntax import json_problem
from escalation_matrix.exceptions import (
    LimitExceededError,
    Phrase,
    Problem,
    RoutingError,
    UnknownIssueTypeError,
    UnknownSeverityError,
    ValidationError,
)

__all__ = ["COLUMNS", "ISSUE_COLUMNS", "route_batch"]

#: The columns of each decision written, in order.
COLUMNS: Final = (
    "line",
    "id",
    "issue_type",
    "severity",
    "level",
    "role",
    "responsibility",
    "since",
    "next_escalation_at",
    "next_level",
    "resolved",
)
#: The columns of a CSV export read as the issue's fields; any other column
#: is one of its attributes.
ISSUE_COLUMNS: Final = (
    "id",
    "issue_type",
    "opened_at",
    "severity",
    "impact",
    "urgency",
    "acknowledged_at",
    "resolved_at",
)
# Fields a CSV cell cannot hold: they are lists and tables.
_NESTED: Final = ("actions", "attributes")
#: The fields a CSV column gives: one named like them but for case or
#: spaces is refused (actions and attributes, which no column gives, are
#: left to be attributes).
_FIELD_NAMES: Final = frozenset(ISSUE_COLUMNS)
# Each suffix read and written, and its format: JSON lines (also called
# newline-delimited JSON), or CSV (also tab-separated: the cells of an
# export are separated as its header's line tells, see _csv_header).
_SUFFIXES: Final = {
    ".jsonl": ".jsonl",
    ".ndjson": ".jsonl",
    ".csv": ".csv",
    ".tsv": ".csv",
}
# How many lines go by between two redraws of the progress bar.
_PROGRESS_EVERY: Final = 2048

# Translators: a ticket export's line could not be routed; {path} is the
# file, {line} its line number, {field} where in the line (such as
# $.opened_at) and {message} what is wrong.
BAD_LINE = pN_("cli", "{path}:{line}: {field}: {message}")
# Translators: a ticket export's line was routed, with a warning; {path} is
# the file, {line} its line number and {message} the warning.
WARNED_LINE = pN_("cli", "{path}:{line}: warning: {message}")
# Translators: the export or output file of --batch has a suffix the
# command does not read; {path} is the file.
BATCH_SUFFIX = pN_(
    "cli",
    "cannot tell the format of {path}: expected a .jsonl or .ndjson file (JSON "
    "lines), or a .csv or .tsv file",
)
# Translators: an option of route that cannot go with --batch; {option} is
# the option, such as --opened.
NOT_WITH_BATCH = pN_(
    "cli",
    "{option} cannot be used with --batch: each line of the export gives its own issue",
)
# Translators: route --batch was given two positional arguments.
BATCH_ONE_FILE = pN_(
    "cli", "with --batch, route takes at most one argument: the matrix FILE"
)
# Translators: route --batch was given an argument that is no matrix file
# (it has no suffix and no such file exists), likely an issue type; {given}
# is the argument.
BATCH_NO_TYPE = pN_(
    "cli",
    "with --batch, the one argument is the matrix FILE, and {given} is none: "
    "each line of the export gives its own issue type",
)
# Translators: the header of a CSV export lacks a required column, or has
# a column that cannot be given in CSV; {path} is the file, {column} the
# column.
MISSING_COLUMN = pN_("cli", "{path}:{line}: the CSV header has no column {column}")
# Translators: the header row of a CSV export cannot be read; {path} is
# the file, {line} the header's line, {reason} says why (a stray quote, a
# byte that is not UTF-8).
BAD_HEADER = pN_("cli", "{path}:{line}: the CSV header row cannot be read: {reason}")
# Translators: a CSV export has no header row (it is empty, or holds only
# blank lines, or a line naming its separator); {path} is the file.
NO_HEADER = pN_("cli", "{path}: the CSV export has no header row")
# Translators: a ticket export is in UTF-16 or UTF-32 (it opens with such
# a byte order mark), as some spreadsheet programs save "Unicode text";
# {path} is the file, {encoding} the encoding.
UTF16_EXPORT = pN_(
    "cli", "{path}: the export is in {encoding}; save it in UTF-8 to route it"
)
#: The byte order marks that open a file in another encoding than UTF-8,
#: longest first (UTF-32's little-endian mark starts as UTF-16's).
_MARKS: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# Translators: a warning; a rule of the matrix compares the attribute
# {column}, a column of the CSV export {path}, with a number or true or
# false; {rule} is the rule's name.
TEXT_ATTRIBUTE = pN_(
    "cli",
    "{path}: warning: rule {rule} compares the attribute {column} with a "
    "number or true or false, but the cells of a CSV export are text, never "
    "equal to or ordered with either: give such tickets as JSON lines",
)
# Translators: a column of a CSV export's header is named like one of the
# issue's fields but for letter case, spaces or hyphens ("Severity",
# "resolved at"); {column} is the column, quoted, {field} the field.
NEAR_COLUMN = pN_(
    "cli",
    "{path}:{line}: the CSV column {column} would be read as an attribute, not as "
    "the issue's {field}: name it {field} to give the {field}, or give it "
    "another name to keep it as an attribute",
)
# Translators: the reason after "cannot write {path}: " when -o names the
# ticket export that --batch reads.
SAME_AS_EXPORT = pN_("cli", "it is the ticket export being read")
# Translators: the header of a CSV export names a column twice; {path} is
# the file, {column} the column.
REPEATED_COLUMN = pN_(
    "cli", "{path}:{line}: the CSV header has the column {column} twice"
)
# Translators: as above, for the columns actions and attributes.
NESTED_COLUMN = pN_(
    "cli",
    "{path}:{line}: the CSV column {column} cannot be read: a list or table "
    "needs a "
    "JSON-lines export",
)
# Translators: route --batch --strict stopped at a line it could not route
# (reported just before); {line} is its number.
STOPPED = pN_("cli", "the batch stopped at line {line} (--strict)")
# Translators: the summary of route --batch, on standard error: {tickets}
# says how many tickets were read ("12 tickets"), {routed} how many were
# routed ("10 routed"), {errors} how many had errors ("2 with errors").
SUMMARY = pN_("cli", "{tickets}: {routed}, {errors}")
# Translators: one line of the summary of route --batch: how many tickets
# are at a level; {level} is its key and {count} the number.
SUMMARY_LEVEL = pN_("cli", "  {level}: {count}")
# Translators: the progress bar of route --batch, on a terminal; {percent}
# is the part of the file read, {tickets} says how many tickets were read
# ("2048 tickets") and {errors} how many had errors ("3 errors").
PROGRESS = pN_("cli", "{percent}% {tickets}, {errors}")


def _tickets(session: Session, count: int) -> str:
    # Translators: how many tickets route --batch read; {count} is a number.
    text = session.tr.npgettext("cli", "{count} ticket", "{count} tickets", count)
    return text.format(count=count)


def _routed(session: Session, count: int) -> str:
    # Translators: how many tickets route --batch routed; {count} is a number.
    text = session.tr.npgettext("cli", "{count} routed", "{count} routed", count)
    return text.format(count=count)


def _with_errors(session: Session, count: int) -> str:
    # Translators: how many tickets route --batch could not route.
    text = session.tr.npgettext(
        "cli", "{count} with errors", "{count} with errors", count
    )
    return text.format(count=count)


def _errors(session: Session, count: int) -> str:
    # Translators: how many errors the progress bar of route --batch counts.
    text = session.tr.npgettext("cli", "{count} error", "{count} errors", count)
    return text.format(count=count)


class _LineError(Exception):
    """A line cannot be routed: where, and what is wrong."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(*self.problems)


class _Progress:
    """A one-line progress bar on standard error, when it is a terminal.

    Nothing is drawn when standard error is a pipe or a file: a log would
    fill with redrawn lines; nor when the decisions are written to the
    terminal too, where each would follow the bar on its line.
    """

    def __init__(self, session: Session, size: int, *, to_file: bool) -> None:
        self.session = session
        self.size = max(size, 1)
        self.shown = _terminal(sys.stderr) and (to_file or not _terminal(sys.stdout))

    def update(self, read: int, lines: int, errors: int) -> None:
        """Redraw the bar: *read* bytes of the export, *lines* tickets."""
        if self.shown:
            percent = min(100, read * 100 // self.size)
            text = self.session.translated(
                PROGRESS,
                percent=str(percent),
                tickets=_tickets(self.session, lines),
                errors=_errors(self.session, errors),
            )
            sys.stderr.write(f"\r{text}\x1b[K")
            sys.stderr.flush()

    def clear(self) -> None:
        """Remove the bar, for a message or the summary."""
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _terminal(stream: TextIO | None) -> bool:
    """Tell whether *stream* is a terminal (a closed one is not)."""
    return stream is not None and stream.isatty()


def _suffix(path: str, session: Session) -> str:
    """Return the suffix of *path*, one of :data:`_SUFFIXES`, or refuse it."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise session.fail(ExitStatus.USAGE, BATCH_SUFFIX, path=repr(path))
    return suffix


def _check_options(args: argparse.Namespace, session: Session) -> None:
    for option, value in (
        ("--opened", args.opened),
        ("--acknowledged", args.acknowledged),
        ("--resolved", args.resolved),
        ("--severity", args.severity),
        ("--width", args.width),
        ("--format", args.format),
    ):
        if value is not None:
            raise session.fail(ExitStatus.USAGE, NOT_WITH_BATCH, option=option)
    if args.type is not None and args.file is not None:
        raise session.fail(ExitStatus.USAGE, BATCH_ONE_FILE)
    given = args.type
    if given is not None and not Path(given).suffix and not Path(given).exists():
        # Not a matrix file, which names its format: an issue type, likely.
        raise session.fail(ExitStatus.USAGE, BATCH_NO_TYPE, given=repr(given))


#: The longest line read, in bytes: the file-size limit of one file.
MAX_LINE: Final = DEFAULT_LIMITS.max_file_size


class _LongLine(str):
    """A line longer than :data:`MAX_LINE`, of which only the start is kept."""

    __slots__ = ()


def _lines(stream: IO[bytes], counter: list[int]) -> Iterator[str]:
    """Yield the lines of *stream* as text, counting the bytes read.

    A byte order mark opening the first line is left out. A line past
    :data:`MAX_LINE` bytes is yielded as a :class:`_LongLine` of nothing,
    the rest of it skipped, so one line costs bounded memory.
    """
    first = True
    while raw := _read_line(stream, MAX_LINE + 1):
        counter[0] += len(raw)
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            first = False
            quotes = raw.count(b'"')
            while (rest := _read_line(stream, 2**20)) and not rest.endswith(b"\n"):
                counter[0] += len(rest)
                quotes += rest.count(b'"')
            counter[0] += len(rest)
            # An empty line in its place, with a quote if it holds an odd
            # number of them: a CSV reader then sees a quoted cell end (or
            # start) where it did, and the records after it as they are.
            yield _LongLine('"\n' if (quotes + rest.count(b'"')) % 2 else "\n")
            continue
        if first:
            # A byte order mark opening the export, as spreadsheet programs
            # and some editors write one before UTF-8: no part of the text.
            first = False
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield _BadLine(raw, error.start)


class _UnreadableExport(Exception):  # noqa: N818 -- said as the export's failure
    """The export could not be read on (an OSError reading it, not writing)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _opening(stream: io.BufferedReader) -> bytes:
    """Return the first four bytes of *stream*, leaving them to be read."""
    try:
        return stream.peek(4)[:4]
    except OSError as error:
        raise _UnreadableExport(error) from None


def _read_line(stream: IO[bytes], most: int) -> bytes:
    """Read a line of *stream*, at most *most* bytes; an error is the export's."""
    try:
        return stream.readline(most)
    except OSError as error:
        raise _UnreadableExport(error) from None


class _BadLine(str):  # noqa: SLOT000 -- a str keeps no attributes in slots
    """A line that is not UTF-8, each bad byte replaced, and where the first is.

    Its quotes and line end are kept, so that a CSV reader still sees where
    its cells and its record end: only the record holding it is lost.
    """

    def __new__(cls, raw: bytes, offset: int) -> Self:
        """Make the line of *raw*, whose first bad byte is at *offset*."""
        line = super().__new__(cls, raw.decode("utf-8", "replace"))
        line.offset = offset
        line.byte = raw[offset : offset + 1].hex()
        return line

    offset: int
    byte: str

    def problem(self) -> Problem:
        """The line's problem."""
        said = Phrase(
            "not valid UTF-8: byte 0x{byte} at offset {offset}",
            byte=self.byte,
            offset=str(self.offset),
        )
        return Problem("$", said)


def _line_too_long() -> LimitExceededError:
    """The error of a line longer than :data:`MAX_LINE`."""
    what = Phrase("a line of more than {size} bytes", size=str(MAX_LINE))
    return limit_error(
        "$", what, limit="max_file_size", maximum=MAX_LINE, subject="issue"
    )


def _json_records(
    lines: Iterable[str], path: str, session: Session, typed: Mapping[str, str]
) -> Iterator[tuple[int, Any]]:
    del path, session, typed  # a JSON-lines export has no header to check
    for number, line in enumerate(lines, 1):
        if isinstance(line, _LongLine):
            yield number, _LineError(_line_too_long().problems)
            continue
        if isinstance(line, _BadLine):
            yield number, _LineError([line.problem()])
            continue
        if not line.strip():
            continue
        try:
            # Without its end: a line cut short is said at its own end.
            data, repeated = json_with_unique_keys(line.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            yield number, _LineError([json_problem(error, one_line=True)])
            continue
        except RecursionError:
            yield number, _LineError(too_deep(DEFAULT_LIMITS, "issue").problems)
            continue
        if repeated:
            # Refused as a matrix file's are: which value was meant is unknown.
            yield number, _LineError(repeated)
            continue
        if not isinstance(data, dict):
            said = Phrase("must be a JSON object with the issue's fields")
            yield number, _LineError([Problem("$", said)])
            continue
        yield number, data


def _check_header(header: list[str], path: str, line: int, session: Session) -> None:
    """Refuse *header*, of the export *path* at *line*, if it cannot be read."""
    at = str(line)
    counts = Counter(header)  # once: an export may have thousands of columns
    # Columns without a name are left out (spreadsheets add empty ones).
    repeated = next((c for c in header if c and counts[c] > 1), None)
    if repeated is not None:
        # Which of its cells was meant is unknown, as for a key given twice.
        raise session.fail(
            ExitStatus.INVALID,
            REPEATED_COLUMN,
            path=path,
            line=at,
            column=repr(repeated),
        )
    for column in _NESTED:
        if column in header:
            raise session.fail(
                ExitStatus.INVALID, NESTED_COLUMN, path=path, line=at, column=column
            )
    for column in header:
        # A field's name but for case, spaces or hyphens would route the
        # ticket without that field (at the default severity, unresolved).
        field = _near_field(column)
        if field != column and field in _FIELD_NAMES:
            raise session.fail(
                ExitStatus.INVALID,
                NEAR_COLUMN,
                path=path,
                line=at,
                column=repr(column),
                field=field,
            )
    for column in ("issue_type", "opened_at"):
        if column not in header:
            raise session.fail(
                ExitStatus.INVALID, MISSING_COLUMN, path=path, line=at, column=column
            )


def _near_field(column: str) -> str:
    """Return *column* as the name of a field it may be meant as.

    >>> _near_field(" Resolved At")
    'resolved_at'
    """
    return column.strip().lower().replace(" ", "_").replace("-", "_")


class _Source:
    """The lines of a CSV export, numbered, as its reader takes them.

    A record's lines are kept while it is read, so that a record that
    cannot be read, as when a quote left open runs a cell over the lines
    after it, is said at its first line, and its other lines are read
    again as records of their own. Both are bounded, so that no export
    costs more than a few times its reading: a record's lines are kept up
    to :data:`_KEPT` bytes (counting each line's own cost in memory), and
    in all at most twice as many lines as the export has are read again.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = enumerate(lines, 1)
        self._again: deque[tuple[int, str]] = deque()
        self.kept: list[tuple[int, str]] = []
        self._size = 0
        self._read = 0  # lines of the export read, each once
        self._read_again = 0  # lines sent back to be read again
        #: The first line of the record being read, and its last so far.
        self.first = self.last = 0
        #: The lines of the record that could not be read, and why.
        self.odd: list[tuple[int, Problem]] = []

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> str:
        if self._again:
            number, line = self._again.popleft()
        else:
            number, line = next(self._lines)
            self._read += 1
        if isinstance(line, _LongLine):
            self.odd.append((number, _line_too_long().problems[0]))
        elif isinstance(line, _BadLine):
            self.odd.append((number, line.problem()))
        if not self.first:
            self.first = number
        self.last = number
        self._size += len(line) + _LINE_COST
        if self._size <= _KEPT:
            self.kept.append((number, line))
        return line

    def next_record(self) -> None:
        """Start a record: forget the lines of the last one."""
        self.first = 0
        self.kept.clear()
        self.odd.clear()
        self._size = 0

    def read_again(self) -> bool:
        """Read the record's lines but its first again; tell whether they are.

        They are not when they were not all kept, or when reading them
        again would pass the export's share of lines read again.
        """
        again = self.kept[1:]
        if (
            self._size > _KEPT
            or self._read_again + len(again) > 2 * self._read + _FREE_AGAIN
        ):
            return False
        self._read_again += len(again)
        self._again.extendleft(reversed(again))
        return True


#: The bytes a record's lines are kept in, to be read again: each line
#: counted with :data:`_LINE_COST`, what a line costs besides its text.
_KEPT: Final = 2 * MAX_LINE
_LINE_COST: Final = 128
#: Lines read again at any rate, however short the export read so far.
_FREE_AGAIN: Final = 1024


def _csv_records(
    lines: Iterable[str], path: str, session: Session, typed: Mapping[str, str]
) -> Iterator[tuple[int, Any]]:
    """Yield each record of a CSV export, numbered by its first line.

    *typed* names the attributes the matrix's rules compare with a number
    or true or false, each with a rule's name: a column of one is warned of.
    """
    source = _Source(lines)
    reader, header = _csv_header(source, path, session)
    _warn_typed(header, typed, path, session)
    known = frozenset(ISSUE_COLUMNS)
    while True:
        source.next_record()
        row = _csv_row(reader)
        if row is None:
            return
        first, last = source.first, source.last
        if isinstance(row, _LineError) and last > first:
            # Not CSV, over several lines: a quote left open ran its cell on
            # to the end of the file, or to a quote that cannot close it.
            yield first, _spanning(row, source)
        elif source.odd:
            # A line past the limit, or one not UTF-8: said at that line,
            # which a quoted cell may have put after the record's first.
            number, problem = source.odd[0]
            yield number, _LineError([_within(problem, first, last)])
        elif isinstance(row, _LineError):
            yield first, row
        elif any(cell.strip() for cell in row):
            found = _row_data(header, row, known)
            if isinstance(found, _LineError):
                found = _LineError(_within(p, first, last) for p in found.problems)
            elif last > first:
                inner = _row_inside(source, reader, len(header))
                if inner is not None:
                    yield first, _Suspect(found, _swallowed(first, last, inner))
                    continue
            yield first, found
        # Else a blank line, as in a JSON-lines export.


def _csv_header(source: _Source, path: str, session: Session) -> tuple[Any, list[str]]:
    """Return the reader of the CSV export *source*, and its header, checked.

    Blank lines before the header are skipped. The cells are separated by
    what a first line ``sep=X`` names, as spreadsheet programs write it;
    else by commas, unless the header's line does not read with them into
    both required columns, and holds more semicolons or tabs than commas
    (see :func:`_separator`).
    """
    # Strict, so that a quote left open is an error at the end of the
    # export, or where a later quote cannot close a cell, instead of a cell
    # that quietly holds the rest of the export.
    reader = csv.reader(source, strict=True)
    header, line = _first_row(reader, source)
    named = line is not None and _SEPARATOR_LINE.fullmatch(line.rstrip("\r\n"))
    if named:
        reader = csv.reader(source, strict=True, delimiter=named[1])
        header, line = _first_row(reader, source)
    if header is None:
        raise session.fail(ExitStatus.INVALID, NO_HEADER, path=path)
    unread = _unread_header(header, source)
    columns = set(header) if isinstance(header, list) else set()
    if (
        not named
        and line is not None
        and (unread is not None or not columns >= _REQUIRED)
    ):
        separator = _separator(line)
        if separator != ",":
            reader = csv.reader(source, strict=True, delimiter=separator)
            header = _csv_row(csv.reader([line], reader.dialect))
            unread = header.problems[0] if isinstance(header, _LineError) else None
            if unread is not None and unread.phrase == _NEVER_CLOSED:
                # Read alone, its line ends inside a quoted cell.
                unread = Problem("$", _PAST_ITS_LINE)
    if unread is not None:
        reason = session.said(unread)
        at = str(source.odd[0][0] if source.odd else source.first)
        raise session.fail(
            ExitStatus.INVALID, BAD_HEADER, path=path, line=at, reason=reason
        )
    checked = header if isinstance(header, list) else []
    _check_header(checked, path, source.first, session)
    return reader, checked


#: What a blank line of a CSV export may hold: separators and spaces.
_BLANK: Final = " \t\r\n,;"
#: Spreadsheet programs' first line naming the separator of the cells, as
#: they write it (sep=;), or as they save it again, as a row of empty cells
#: (sep=;;;).
_SEPARATOR_LINE: Final = re.compile(r"sep=([^\r\n\"])\1*")


def _first_row(
    reader: Any, source: _Source
) -> tuple[list[str] | _LineError | None, str | None]:
    """Return the first row of *reader* that is not blank, and its one line."""
    while True:
        source.next_record()
        row = _csv_row(reader)
        # Blank: empty cells, however separated (a spreadsheet's empty row).
        text = "".join(line for _, line in source.kept)
        blank = isinstance(row, list) and not text.strip(_BLANK)
        if not blank or source.odd:
            break
    one_line = source.kept and source.last == source.first and not source.odd
    return row, source.kept[0][1] if one_line else None


def _unread_header(header: list[str] | _LineError, source: _Source) -> Problem | None:
    """Say why the header just read cannot be used, if it cannot."""
    if source.odd:
        return source.odd[0][1]  # a line not UTF-8, or too long
    if source.last > source.first:
        # Translators: why a CSV header cannot be read: it runs over several
        # lines, from line {first} to line {last}.
        said = Phrase(
            "a quote opened in it runs on from line {first} to line {last}",
            first=str(source.first),
            last=str(source.last),
        )
        return Problem("$", said)
    if isinstance(header, _LineError):
        return header.problems[0]
    return None


class _Suspect:
    """A record that routes, with a warning of what it may have swallowed."""

    def __init__(self, data: dict[str, Any], warning: Phrase) -> None:
        self.data = data
        self.warning = warning


def _row_inside(source: _Source, reader: Any, width: int) -> int | None:
    """Return the first line after the record's first that reads as a row alone.

    It is the line of a ticket of its own, most likely, held in a cell by a
    quote left open that a later cell's closing quote happened to close.
    """
    for number, line in source.kept[1:]:
        try:
            cells = next(csv.reader([line], reader.dialect, strict=True), [])
        except csv.Error:
            continue
        if len(cells) == width:
            return number
    return None


def _swallowed(first: int, last: int, inner: int) -> Phrase:
    # Translators: a warning on a record of a CSV export that runs from line
    # {first} to line {last}, one of whose cells holds line {inner}, which
    # has as many cells as the header.
    return Phrase(
        "the record runs from line {first} to line {last}, and holds line "
        "{inner}, which reads as a ticket of its own: if a quote was left open "
        "on line {first}, that ticket is not routed",
        first=str(first),
        last=str(last),
        inner=str(inner),
    )


def _warn_typed(
    header: list[str], typed: Mapping[str, str], path: str, session: Session
) -> None:
    """Warn of each column of *header* that *typed* names (see :func:`_typed`)."""
    for column in header:
        if column in typed:
            said = session.translated(
                TEXT_ATTRIBUTE, path=path, rule=typed[column], column=column
            )
            tell(sys.stderr, said + "\n")


def _typed(matrix: Matrix) -> dict[str, str]:
    """Return the attributes *matrix*'s rules compare with a number or a bool.

    Each is given with the name of the first rule that does. A CSV cell is
    text, which never equals a number or a bool (see
    :class:`~escalation_matrix.rules.Compare`).
    """
    found: dict[str, str] = {}
    for rule in matrix.policy.rules:
        for compare, _ in compares(rule.when, "$"):
            name = compare.field.removeprefix("attributes.")
            if name != compare.field and _typed_value(compare.value):
                found.setdefault(name, rule.name)
    return found


def _typed_value(value: object) -> bool:
    """Whether *value*, or an item of it, is a number or a bool."""
    items = value if isinstance(value, tuple | list) else (value,)
    return any(isinstance(item, int | float) for item in items)


def _within(problem: Problem, first: int, last: int) -> Problem:
    """*problem*, of a record from line *first* to *last*, saying so if it spans."""
    if last == first:
        return problem
    # Translators: a record of a CSV export, over several lines, has a
    # problem; {problem} says which, {first} and {last} are line numbers.
    said = Phrase(
        "{problem}; the record runs from line {first} to line {last}",
        problem=problem.phrase or problem.message,
        first=str(first),
        last=str(last),
    )
    return Problem(problem.path, said)


def _spanning(error: _LineError, source: _Source) -> _LineError:
    """The error of a record over several lines that is not CSV.

    The lines after its first are read again, unless there are too many.
    """
    first, last = source.first, source.last
    again: Phrase
    if not source.read_again():
        # Translators: ends the message below, when the lines are too many
        # to be read again (too long, or after too many others read
        # again); {next} and {last} are line numbers.
        again = Phrase(
            "lines {next} to {last} are too many to be read again",
            next=str(first + 1),
            last=str(last),
        )
    elif last == first + 1:
        # Translators: ends the message below; {next} is a line number.
        again = Phrase("line {next} is read again", next=str(last))
    else:
        # Translators: ends the message below; {next} and {last} are line
        # numbers.
        again = Phrase(
            "lines {next} to {last} are read again",
            next=str(first + 1),
            last=str(last),
        )
    problems = []
    for problem in error.problems:
        spanned = _within(problem, first, last)
        # Translators: follows a problem of a record of a CSV export over
        # several lines that is not CSV, said with the lines it runs over
        # ({problem}); {first} is a line number, {again} says which lines
        # are read again.
        said = Phrase(
            "{problem}, as when a quote is left open on line {first}: {again}",
            problem=spanned.phrase or spanned.message,
            first=str(first),
            again=again,
        )
        problems.append(Problem(problem.path, said))
    return _LineError(problems)


def _row_data(
    header: list[str], row: list[str], known: frozenset[str]
) -> dict[str, Any] | _LineError:
    """The issue's fields of a CSV *row*, the others its attributes."""
    if len(row) != len(header):
        said = (
            Phrase(
                "has more cells ({cells}) than the header has columns ({columns})",
                cells=str(len(row)),
                columns=str(len(header)),
            )
            if len(row) > len(header)
            else Phrase(
                "has fewer cells ({cells}) than the header has columns ({columns})",
                cells=str(len(row)),
                columns=str(len(header)),
            )
        )
        return _LineError([Problem("$", said)])
    data: dict[str, Any] = {}
    attributes = {}
    for column, (name, cell) in enumerate(zip(header, row, strict=True), 1):
        if cell == "":
            continue
        if not name:
            # Translators: a cell of a CSV export is in a column that the
            # header leaves without a name; {column} is its number, from 1.
            said = Phrase(
                "column {column} has no name in the header, yet this row gives "
                "it a value",
                column=str(column),
            )
            return _LineError([Problem("$", said)])
        if name in known:
            if "\n" in cell or "\r" in cell:
                # No field of an issue spans lines.
                said = Phrase("must be one line, got a cell over several lines")
                return _LineError([Problem(f"$.{name}", said)])
            data[name] = cell
        else:
            attributes[name] = cell
    if attributes:
        data["attributes"] = attributes
    return data


#: The columns every CSV export has.
_REQUIRED: Final = frozenset({"issue_type", "opened_at"})
#: What may separate the cells of a CSV export: commas, semicolons, as
#: spreadsheet programs write CSV in the locales whose decimal mark is a
#: comma (Italian among them), and tabs; commas first, as they win a tie.
_SEPARATORS: Final = (",", ";", "\t")


def _separator(line: str) -> str:
    """Return what most likely separates the cells of the header *line*.

    Of commas, semicolons and tabs, the one that reads the line into the
    most of the required columns, by their names, then by names they are
    near (see :func:`_near_field`), then into the most cells; commas first,
    then semicolons, on a tie.
    """
    best: tuple[int, int, int] | None = None
    chosen = ","
    for separator in _SEPARATORS:
        try:
            cells = next(csv.reader([line], strict=True, delimiter=separator), [])
        except csv.Error:
            # Not read alone (a quoted name over several lines): its names
            # as split plainly still tell whether it is the separator.
            cells = line.split(separator)
        near = {_near_field(cell) for cell in cells}
        score = (len(_REQUIRED & set(cells)), len(_REQUIRED & near), len(cells))
        if best is None or score > best:
            best, chosen = score, separator
    return chosen


def _csv_row(reader: Any) -> list[str] | _LineError | None:
    """Return the next row of the CSV *reader*, its problem, or None at the end."""
    try:
        return next(reader)  # type: ignore[no-any-return]
    except StopIteration:
        return None
    except csv.Error as error:
        separator = reader.dialect.delimiter
        return _LineError([Problem("$", _csv_reason(str(error), separator))])


#: A quote that the record's end leaves open.
_NEVER_CLOSED: Final = Phrase("a quote opened in the record is never closed")
#: A quoted name of a CSV header that goes on past its line.
_PAST_ITS_LINE: Final = Phrase(
    "a quote opened in it is not closed on its line: the header's names must "
    "each be on its line"
)


def _csv_reason(reason: str, separator: str = ",") -> Phrase:
    """Say what the csv module's *reason* means, in the export's terms.

    *separator* is what separates the export's cells.
    """
    if reason == "unexpected end of data":
        return _NEVER_CLOSED
    if reason.startswith("field larger than field limit"):
        limit = str(csv.field_size_limit())
        return Phrase("a cell is longer than {size} characters", size=limit)
    if reason.endswith("expected after '\"'"):
        # Translators: {separator} is what separates the cells, quoted:
        # ',', ';' or '\t'.
        return Phrase(
            "a quoted cell must end at the separator {separator} or at the end "
            "of a line, got more text after its closing quote",
            separator=shown(separator),
        )
    if reason.startswith("new-line character seen in unquoted field"):
        return Phrase("a carriage return in a cell that is not quoted")
    # Translators: {reason} is the CSV reader's, in English, quoted.
    return Phrase("not valid CSV: {reason}", reason=shown(reason))


def _issue(data: Any, zone: tzinfo | None) -> Issue:
    """Build the issue of a line's *data*, reading times without an offset in *zone*."""
    if isinstance(data, _LineError):
        raise data
    try:
        return from_dict(_zoned(data, zone), Issue)
    except ValidationError as error:
        # Times quoted as the line wrote them, not as read in the zone.
        raise _LineError(as_written(list(error.problems), data)) from None


#: The fields of an issue that hold moments.
_MOMENT_FIELDS: Final = ("opened_at", "acknowledged_at", "resolved_at")


def _has_offset(text: str) -> bool:
    """Whether the time *text* plainly ends with a UTC offset (or a zone's name).

    A quick look, so that most times are read once: any other is read by
    :func:`local_moment`.
    """
    return text[-1:] in "Zz]" or "+" in text or text.rfind("-") > 10  # noqa: PLR2004


def _zoned(data: dict[str, Any], zone: tzinfo | None) -> dict[str, Any]:
    """Return *data*, its moments without a UTC offset read in *zone*.

    An ``id`` given as a whole number is its digits.

    *zone* is ``--timezone``'s, given for the export's times; without it,
    such a moment is the line's error. A time the zone's clocks skip is
    too; one they show twice is the earlier, as for ``--opened``.

    Raises:
        _LineError: a moment has no offset and there is no *zone*, the
            zone's clocks skip it, or it falls outside the calendar in UTC.
    """
    zoned = data
    ident = data.get("id")
    if type(ident) is int:
        # Service desks number their tickets: the number, as its digits.
        zoned = {**data, "id": str(ident)}
    for name in _MOMENT_FIELDS:
        text = data.get(name)
        # Most times plainly end with an offset: read as any payload's, once.
        if type(text) is not str or _has_offset(text):
            continue
        local = local_moment(text)
        if local is None:
            continue  # not a moment without an offset: read as any payload's
        got = shown(text)
        if zone is None:
            # Translators: a time of a ticket export has no UTC offset, and
            # route --batch was not given the export's --timezone.
            said = Phrase(
                "has no UTC offset, got {got}: give one (+01:00, Z), or the "
                "time zone of the export's times with --timezone",
                got=got,
            )
            raise _LineError([Problem(f"$.{name}", said)])
        moment = local.replace(tzinfo=zone)
        try:
            back = moment.astimezone(UTC).astimezone(zone)
        except OverflowError:
            said = Phrase("must fall within years 1 to 9999 in UTC, got {got}", got=got)
            raise _LineError([Problem(f"$.{name}", said)]) from None
        if back.replace(tzinfo=None) != local:
            # Translators: a time of a ticket export, read in the time zone
            # of --timezone, is one its clocks skip (summer time starts).
            said = Phrase(
                "is a time the clocks skip in {zone}, got {got}: give its UTC offset",
                zone=zone_name(zone),
                got=got,
            )
            raise _LineError([Problem(f"$.{name}", said)])
        zoned = {**zoned, name: moment}
    return zoned


def _decide(
    decide: Callable[[Issue, datetime], Decision],
    issue: Issue,
    at: datetime,
    data: dict[str, Any],
) -> Decision:
    """Route *issue*, read from the line's *data*; say a problem as a line's."""
    try:
        return decide(issue, at)
    except UnknownIssueTypeError as error:
        said = Phrase(
            "unknown issue type {key}; known issue types: {known}",
            key=shown(error.key),
            known=", ".join(error.known),
        )
        raise _LineError([Problem("$.issue_type", _meant(said, error))]) from None
    except UnknownSeverityError as error:
        said = (
            Phrase(
                "unknown severity {key}; known severities: {known}",
                key=shown(error.key),
                known=", ".join(error.known),
            )
            if error.known
            else Phrase(
                "unknown severity {key}; known severities: none", key=shown(error.key)
            )
        )
        raise _LineError([Problem("$.severity", said)]) from None
    except RoutingError as error:
        reason = error_phrase(error)
        written = data.get("opened_at")
        if (
            isinstance(reason, Phrase)
            and "opened" in reason.values
            and isinstance(written, str)
        ):
            # The opening as the line wrote it, not as Python writes it.
            reason = Phrase(reason.template, **{**reason.values, "opened": written})
        raise _LineError([Problem("$.opened_at", reason)]) from None
    except ValidationError as error:
        raise _LineError(error.problems) from None


def _meant(said: Phrase, error: UnknownIssueTypeError) -> Phrase:
    """Add to *said* the known key *error*'s was likely meant as, as TYPE does."""
    close = closest(str(error.key), error.known)
    if close is None:
        return said
    # Translators: {problem} says what is wrong; {close} is what was likely meant.
    return Phrase("{problem}; did you mean {close}?", problem=said, close=repr(close))


def _row(line: int, decision: Decision) -> dict[str, Any]:
    issue = decision.issue
    upcoming = decision.next_escalation_at
    following = decision.next_level
    return {
        "line": line,
        "id": issue.id,
        "issue_type": issue.issue_type,
        "severity": decision.severity,
        "level": decision.level.key,
        "role": decision.role.key,
        "responsibility": decision.responsibility,
        "since": write_moment(decision.since),
        "next_escalation_at": None if upcoming is None else write_moment(upcoming),
        "next_level": None if following is None else following.key,
        "resolved": decision.resolved,
    }


class _Writer:
    """Writes decisions as JSON lines or CSV rows, one at a time.

    In CSV, a text a spreadsheet would take for a formula (a ticket's id,
    a responsibility) gets a leading apostrophe unless *formulas* is
    ``"keep"``, as ``show --format csv`` writes it.
    """

    def __init__(self, stream: TextIO, suffix: str, formulas: str = "escape") -> None:
        self.stream = stream
        # One encoder for every line: json.dumps makes one per call when
        # given options.
        self.encode = json.JSONEncoder(ensure_ascii=False).encode
        self.csv = None
        self.escape = formulas == "escape"
        if _SUFFIXES[suffix] == ".csv":
            separator = "\t" if suffix == ".tsv" else ","
            self.csv = csv.DictWriter(
                stream, COLUMNS, lineterminator="\n", delimiter=separator
            )
            self.csv.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        if self.csv is None:
            self.stream.write(self.encode(row) + "\n")
            return
        if self.escape:
            for column in _TEXT_COLUMNS:
                cell = row[column]
                if cell is not None and re.match(FORMULA, cell):
                    row[column] = f"'{cell}"
        # As JSON writes it, not as Python names it.
        row["resolved"] = "true" if row["resolved"] else "false"
        self.csv.writerow(row)


# The columns of a decision that hold texts given by a person (the others
# are keys, numbers and times, which cannot start a formula).
_TEXT_COLUMNS: Final = ("id", "responsibility")


def route_batch(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Route every ticket of the export ``--batch`` and write the decisions.

    Returns:
        OK when every line was routed, INVALID when some were not (each is
        reported on standard error).

    Raises:
        Failure: the export or the matrix cannot be read, the output cannot
            be written, an option does not go with --batch, or (with
            --strict) a line cannot be routed.
    """
    _check_options(args, session)
    source: str = args.batch
    csv_export = _SUFFIXES[_suffix(source, session)] == ".csv"
    records = _csv_records if csv_export else _json_records
    if args.output is not None and Path(args.output).is_dir():
        # Said as for any other --output, before its lack of a suffix.
        denied = IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        raise _cannot_write(session, args.output, denied)
    out_suffix = ".jsonl" if args.output is None else _suffix(args.output, session)
    matrix = read_matrix(args.file or args.type, session, args.overlay)
    clock = commands.now()
    # A --now without an offset is read as the single form reads it: in
    # --timezone, else the machine's.
    moment = (
        clock
        if args.now is None
        else _moment(
            session, "--now", args.now, clock, args.timezone or local_time_zone()
        )
    )
    decide = decider(matrix)
    try:
        check_source(Path(source))  # a device never ends, a FIFO may block
        stream = Path(source).open("rb")  # noqa: SIM115 -- closed below
        size = os.fstat(stream.fileno()).st_size
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_READ,
            path=repr(source),
            reason=_reason(error, session),
        ) from None
    with stream, _reading(source, session):
        opening = _opening(stream)
        for mark, encoding in _MARKS:
            if opening.startswith(mark):
                raise session.fail(
                    ExitStatus.INVALID, UTF16_EXPORT, path=source, encoding=encoding
                )
        if args.output is not None:
            _check_not_the_export(args.output, stream, session)
        counter = [0]
        progress = _Progress(session, size, to_file=args.output is not None)
        batch = _Batch(
            session, source, progress, strict=args.strict, zone=args.timezone
        )
        found = records(_lines(stream, counter), source, session, _typed(matrix))

        def run(writer: _Writer) -> None:
            batch.run(found, decide, moment, writer, counter)

        if args.output is None:
            _to_standard_output(run, session)
        else:
            formulas = args.csv_formulas or "escape"

            def writer(file: TextIO) -> _Writer:
                return _Writer(file, out_suffix, formulas)

            _to_file(args.output, writer, run, session)
    batch.summarize()
    return ExitStatus.INVALID if batch.errors else ExitStatus.OK


@contextlib.contextmanager
def _reading(source: str, session: Session) -> Iterator[None]:
    """Say an error reading the export *source* as one, not as the output's."""
    try:
        yield
    except _UnreadableExport as unreadable:
        reason = _reason(unreadable.error, session)
        raise session.fail(
            ExitStatus.FILE, CANNOT_READ, path=repr(source), reason=reason
        ) from None


def _check_not_the_export(output: str, stream: IO[bytes], session: Session) -> None:
    """Refuse to write the decisions over the export being read (or a link to it).

    Raises:
        Failure: *output* is the export's file.
    """
    try:
        written = Path(output).stat()
    except OSError:
        return  # nothing there yet, or nothing that can be the export
    read = os.fstat(stream.fileno())
    if (written.st_dev, written.st_ino) == (read.st_dev, read.st_ino):
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_WRITE,
            path=repr(output),
            reason=session.translated(SAME_AS_EXPORT),
        )


def _to_standard_output(run: Callable[[_Writer], None], session: Session) -> None:
    """Write the decisions *run* makes to standard output, as JSON lines."""
    try:
        run(_Writer(sys.stdout, ".jsonl"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away: the command ends quietly
    except OSError as error:
        raise unwritten_output(session, error) from None


def _to_file(
    output: str,
    writer: Callable[[TextIO], _Writer],
    run: Callable[[_Writer], None],
    session: Session,
) -> None:
    """Write the decisions *run* makes to *output* as every ``--output`` is written.

    They go to a temporary file that takes the file's place at the end
    (see :func:`~escalation_matrix._serialization.files.writing`).
    """
    try:
        with writing(Path(output)) as handle:
            file = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            run(writer(file))
            file.flush()
            file.detach()
    except OSError as error:
        raise _cannot_write(session, output, error) from None


class _Batch:
    """The routing of one export: what was read, routed and refused."""

    def __init__(
        self,
        session: Session,
        path: str,
        progress: _Progress,
        *,
        strict: bool,
        zone: tzinfo | None,
    ) -> None:
        self.session = session
        self.path = path
        self.progress = progress
        self.strict = strict
        #: The zone of the export's times that have no offset, if given.
        self.zone = zone
        self.lines = 0
        self.errors = 0
        self.levels: Counter[str] = Counter()

    def run(
        self,
        found: Iterable[tuple[int, Any]],
        decide: Callable[[Issue, datetime], Decision],
        moment: datetime,
        writer: _Writer,
        counter: list[int],
    ) -> None:
        """Route each record of *found* and write its decision."""
        levels = self.levels
        for line, record in found:
            self.lines += 1
            data = record
            if isinstance(record, _Suspect):
                self.warn(line, record.warning)
                data = record.data
            try:
                decision = _decide(decide, _issue(data, self.zone), moment, data)
            except _LineError as error:
                self.refuse(line, error.problems)
            else:
                levels[decision.level.key] += 1
                writer.write(_row(line, decision))
            # Every so many lines, routed or not.
            if not self.lines % _PROGRESS_EVERY:
                self.progress.update(counter[0], self.lines, self.errors)
        self.progress.clear()

    def refuse(self, line: int, problems: Iterable[Problem]) -> None:
        """Report the problems of *line*; stop the batch if --strict."""
        self.errors += 1
        reports = [
            self.session.translated(
                BAD_LINE,
                path=self.path,
                line=str(line),
                field=problem.path,
                message=self.session.said(problem),
            )
            for problem in problems
        ]
        self.progress.clear()
        if self.strict:
            stopped = self.session.fail(ExitStatus.INVALID, STOPPED, line=str(line))
            raise Failure(ExitStatus.INVALID, [*reports, *stopped.lines])
        tell(sys.stderr, "".join(f"{report}\n" for report in reports))

    def warn(self, line: int, warning: Phrase) -> None:
        """Say *warning* about *line*, which still routes."""
        said = self.session.translated(
            WARNED_LINE,
            path=self.path,
            line=str(line),
            message=self.session.said(Problem("$", warning)),
        )
        self.progress.clear()
        tell(sys.stderr, said + "\n")

    def summarize(self) -> None:
        """Print how many tickets went to each level, and how many failed."""
        routed = self.lines - self.errors
        text = [
            self.session.translated(
                SUMMARY,
                tickets=_tickets(self.session, self.lines),
                routed=_routed(self.session, routed),
                errors=_with_errors(self.session, self.errors),
            )
        ]
        text += [
            self.session.translated(SUMMARY_LEVEL, level=level, count=str(count))
            for level, count in sorted(self.levels.items())
        ]
        tell(sys.stderr, "".join(f"{line}\n" for line in text))
