"""Where the command starts: ``escalation-matrix`` and ``python -m escalation_matrix``.

The command line's modules are imported here, inside :func:`main`, so that
Ctrl-C pressed while they load ends the command quietly with its status,
as it does later, instead of printing a traceback; a broken installation
says so in one line. SIGTERM is turned into an exception here too, so that
a file being written is cleaned up.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import NoReturn

#: The exit status of an interrupted command (128 + SIGINT), as shells report.
INTERRUPTED = 130
#: The exit status of a command ended by SIGTERM (128 + SIGTERM), as shells
#: report.
TERMINATED = 143
#: The exit status of an unexpected error (``EX_SOFTWARE``), as the command's.
INTERNAL = 70
# The command's message for an unexpected error, in its source language: the
# modules that would translate it are what failed to load.
_BUG = (
    "{prog}: internal error: {error}; this is a bug, please report it with "
    "the command that caused it"
)


class Terminated(BaseException):
    """SIGTERM arrived: the command unwinds, removing any temporary file.

    A BaseException, as KeyboardInterrupt is, so that no handler of
    errors takes it for one.
    """


def _terminate(_signal: int, _frame: FrameType | None) -> NoReturn:
    # One is enough: a second SIGTERM must not cut the cleanup short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Make SIGTERM raise :class:`Terminated` inside the block.

    Only the main thread may set a handler: when a program calls
    :func:`main` from another one, SIGTERM keeps its own.
    """
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        # None: a handler set outside Python, which cannot be set back.
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


#: The commands that read or write JSON only when an argument says so (a
#: ``.json`` file, ``--format json``); the others may always.
_JSON_IF_ASKED = frozenset({"show", "route", "plan"})
#: The options that take a value before the command's name.
_GLOBAL_VALUES = frozenset({"--locale"})


def _may_use_json(argv: Sequence[str]) -> bool:
    """Tell whether the command *argv* asks for may read or write JSON.

    >>> _may_use_json(["route", "outage", "--opened", "1d ago"])
    False
    >>> _may_use_json(["route", "outage", "matrix.json"])
    True
    >>> _may_use_json(["validate", "matrix.toml"])
    True
    >>> _may_use_json(["convert", "--help"])
    False
    """
    words = [argument.lower() for argument in argv]
    if {"-h", "--help", "--version"}.intersection(words):
        return False
    if any("json" in word for word in words):
        return True
    command = None
    after_option = False
    for word in words:
        if after_option:
            after_option = False
        elif word in _GLOBAL_VALUES:
            after_option = True
        elif not word.startswith("-"):
            command = word
            break
    return command not in _JSON_IF_ASKED


def _load_native_modules(argv: Sequence[str] = ()) -> None:
    """Import the optional native modules the command may use, interrupts held back.

    orjson's module set-up does not survive an exception raised in the
    middle of it: Ctrl-C or SIGTERM arriving then could crash the process
    instead of ending it with its status. Imported here, with the signals
    held until the import is over, it is loaded whole or not at all. Only
    a command that may read or write JSON pays for it: the help and a
    question about the built-in matrix start sooner without it.
    """
    if not _may_use_json(argv):
        return
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError):  # pragma: no cover -- no POSIX masks
        return
    try:
        with contextlib.suppress(ImportError):
            import orjson  # noqa: F401, PLC0415 -- loaded for its side effect
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _report_bug(error: Exception, prog: str) -> None:
    """Say in one line, if standard error is there, that loading failed."""
    # An error without a message (MemoryError()) is its type alone.
    said = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    described = " ".join(said.split())
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(_BUG.format(prog=prog, error=described) + "\n")


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Run the command with *argv* (the process's arguments if None).

    Args:
        argv: The arguments after the command's name.
        prog: The command's name, for its usage and messages.

    Returns:
        The exit status.
    """
    try:
        with _sigterm_raises():
            try:
                _load_native_modules(sys.argv[1:] if argv is None else argv)
                from escalation_matrix._cli.main import PROG  # noqa: PLC0415 -- see the module's docstring
                from escalation_matrix._cli.main import main as run  # noqa: PLC0415
            except KeyboardInterrupt:
                return INTERRUPTED
            except Exception as error:  # noqa: BLE001 -- a broken installation, say
                _report_bug(error, "escalation-matrix" if prog is None else prog)
                return INTERNAL
            return run(argv, prog=PROG if prog is None else prog)
    except Terminated:
        return TERMINATED
