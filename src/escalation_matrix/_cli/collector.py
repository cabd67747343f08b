"""Python's cyclic garbage collector, off in the command's own process.

A command answers once about one input, then its process ends: the modules
it loads, the matrix it reads and the answer it writes all live until then,
so the collector's passes free little (the parser's few cycles, and the
tracebacks of a failing file's errors), and neither does the full pass the
interpreter makes on exiting. The console script turns the collector off
before it starts (about 3 ms of ``route``'s 100). A command that goes
through many inputs, and may leave cycles behind for each, turns it back
on: ``route --batch``, whose failing lines raise errors that hold their
tracebacks, and ``validate`` given more than one file. Objects without
cycles are freed as ever; those in cycles are not finalized on exit.

Only the command's own process is changed so: a program calling
:func:`~escalation_matrix._cli.entry.main` keeps its collector as it set it.
"""

from __future__ import annotations

import gc

__all__ = ["resume", "stop"]

# Holds True once stop() has turned the collector off, for resume().
_stopped: list[bool] = []


def stop() -> None:
    """Turn the collector off for the rest of the process, if it is on."""
    if gc.isenabled():
        gc.disable()
        _stopped.append(True)


def resume() -> None:
    """Turn the collector back on, if :func:`stop` turned it off."""
    if _stopped:
        _stopped.clear()
        gc.enable()
