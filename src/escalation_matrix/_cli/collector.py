"""Python's cyclic garbage collector, off in the command's own process.

A command answers once, then its process ends: the modules it loads, the
matrix it reads and the answer it writes all live until then, so the
collector's passes over them free nothing, and the full pass the
interpreter makes on exiting frees nothing either. The console script
turns the collector off before it starts (about 3 ms of ``route``'s 100).
A command that runs long, and may leave cycles behind, turns it back on:
``route --batch``, whose failing lines raise errors that hold their
tracebacks. Objects without cycles are freed as ever.

Only the command's own process is changed so: a program calling
:func:`~escalation_matrix._cli.entry.main` keeps its collector as it set it.
"""

from __future__ import annotations

import gc

__all__ = ["resume", "stop"]

# Whether stop() turned the collector off, for resume() to turn it back on.
_stopped = False


def stop() -> None:
    """Turn the collector off for the rest of the process, if it is on."""
    global _stopped  # noqa: PLW0603 -- one collector per process
    if gc.isenabled():
        gc.disable()
        _stopped = True


def resume() -> None:
    """Turn the collector back on, if :func:`stop` turned it off."""
    global _stopped  # noqa: PLW0603
    if _stopped:
        gc.enable()
        _stopped = False
