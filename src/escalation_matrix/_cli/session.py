"""What every command shares: its session, its failures, and writing to the terminal.

Kept apart from the commands themselves, which load the layers they work
with, so that the command line can report a failed ``--help`` without them.
"""

from __future__ import annotations

import argparse
import errno
from collections.abc import Iterable
from typing import TextIO

from escalation_matrix._base.controls import escape_controls
from escalation_matrix._cli.parser import ERROR, ExitStatus
from escalation_matrix._cli.wording import requoted
from escalation_matrix._i18n.locales import locale_identifier
from escalation_matrix._i18n.translator import (
    Message,
    Translator,
    output_locale,
    pN_,
    translator,
)
from escalation_matrix.exceptions import Problem

__all__ = ["CANNOT_WRITE", "STANDARD_OUTPUT", "Failure", "Session", "tell", "write"]

# Translators: a file cannot be written; {path} is the file, quoted, and
# {reason} what the system said ("Permission denied").
CANNOT_WRITE = pN_("cli", "cannot write {path}: {reason}")
# Translators: what "cannot write {path}" names when standard output, where
# answers are printed, cannot be written (a full disk).
STANDARD_OUTPUT = pN_("cli", "standard output")


class Failure(Exception):  # noqa: N818 -- a control-flow signal, not an error type
    """A command cannot go on: what to print on standard error, and the status.

    Attributes:
        status: The exit status.
        lines: The lines to print, in full.
        usage: Whether a usage error shows the command's usage first: not
            when its lines are in another language than the usage.
    """

    def __init__(
        self, status: ExitStatus, lines: Iterable[str], *, usage: bool = True
    ) -> None:
        self.status = status
        self.lines = tuple(lines)
        self.usage = usage
        super().__init__(*self.lines)


class Session:
    """What a command knows about how it was called.

    Attributes:
        tr: The translator of the messages.
        locale: The locale of the output (``--locale``, else the
            environment's).
        parser: The parser of the subcommand, for its name and usage.
        wanted: The locales asked for, most wanted first (``--locale``'s,
            else the environment's list): an output showing a matrix is in
            the first of them with the program's messages, else in the
            matrix's language (see :meth:`output_locale`).
        usage: Whether its usage errors show the command's usage, which is
            in the language the session started in.
    """

    # A plain class: made once per command, never compared or written out,
    # it starts sooner than an attrs class, whose methods are compiled.
    __slots__ = ("locale", "parser", "tr", "usage", "wanted")

    def __init__(
        self,
        tr: Translator,
        locale: str,
        parser: argparse.ArgumentParser,
        wanted: tuple[str, ...] = (),
        *,
        usage: bool = True,
    ) -> None:
        self.tr = tr
        self.locale = locale
        self.parser = parser
        self.wanted = wanted
        self.usage = usage

    def output_locale(self, language: str, catalogs: tuple[str, ...]) -> str:
        """Return the locale of an output showing a matrix in *language*.

        The first locale asked for in which the program's messages exist,
        else the matrix's *language* if they exist in it, else English:
        a matrix written in Italian is shown in Italian to a reader asking
        for German, which the program does not speak.
        """
        chosen = output_locale(
            self.wanted or (self.locale,), catalogs=catalogs, fallback=language
        )
        return self.locale if chosen is None else locale_identifier(chosen)

    def answering(self, language: str, catalogs: tuple[str, ...]) -> Session:
        """Return the session of an answer about a matrix in *language*.

        Its messages are in the answer's locale (see :meth:`output_locale`),
        which is the matrix's when the locales asked for have no messages.
        """
        locale = self.output_locale(language, catalogs)
        if locale == self.locale:
            return self
        tr = translator(locale, catalogs=catalogs)
        # The usage, made before the matrix was read, is in another language.
        return Session(tr, locale, self.parser, self.wanted, usage=False)

    def translated(self, text: Message, /, **values: str) -> str:
        """Return *text* translated, its placeholders filled.

        Values quoted as Python quotes them (``'x.toml'``) are shown in the
        quotes of the message's language.
        """
        filled = {name: requoted(self.tr, value) for name, value in values.items()}
        return self.tr.pgettext(*text).format(**filled)

    def problem(self, problem: Problem, /) -> str:
        """Return *problem*'s path and message, the message translated."""
        return f"{problem.path}: {self.said(problem)}"

    def said(self, problem: Problem, /) -> str:
        """Return *problem*'s message, translated."""
        return problem.said(self.tr.gettext)

    def fail(self, status: ExitStatus, text: Message, /, **values: str) -> Failure:
        """Return the failure that reports *text* as an error."""
        message = self.translated(text, **values)
        said = self.translated(ERROR, prog=self.parser.prog, message=message)
        return Failure(status, [said], usage=self.usage)


def write(stream: TextIO, text: str) -> None:
    """Write *text* to *stream* as it is, in the stream's encoding.

    The bytes go to the stream's buffer, so that line ends are not
    translated (a CSV's CRLF would get a second CR on Windows), and a
    character the encoding lacks (a narrow no-break space in an English
    time, on a Latin-1 terminal) shows as "?" instead of failing.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    data = memoryview(text.encode(stream.encoding or "utf-8", "replace"))
    # A buffered write may write part of the data and return its length
    # without an error (CPython does when a pipe's reader goes away); the
    # next write then raises BrokenPipeError instead of dropping the rest.
    while data:
        written = buffer.write(data)
        if not written:
            raise BlockingIOError(errno.EAGAIN, "the output takes no more data")
        data = data[written:]
    buffer.flush()


def tell(stream: TextIO, text: str) -> None:
    r"""Write a message for people (an error, a warning, a report) to *stream*.

    Messages quote what the user gave (file names, arguments, lines of a
    file): any control character in them is shown as ``\xNN``, so that
    nothing printed can act on the terminal.
    """
    write(stream, escape_controls(text))
