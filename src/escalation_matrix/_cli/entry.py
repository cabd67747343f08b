"""Where the command starts: ``escalation-matrix`` and ``python -m escalation_matrix``.

The command line's modules are imported here, inside :func:`main`, so that
Ctrl-C pressed while they load ends the command quietly with its status,
as it does later, instead of printing a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The exit status of an interrupted command (128 + SIGINT), as shells report.
INTERRUPTED = 130


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
    """Run the command with *argv* (the process's arguments if None).

    Args:
        argv: The arguments after the command's name.
        prog: The command's name, for its usage and messages.

    Returns:
        The exit status.
    """
    try:
        from escalation_matrix._cli.main import PROG  # noqa: PLC0415 -- see the module's docstring
        from escalation_matrix._cli.main import main as run  # noqa: PLC0415
    except KeyboardInterrupt:
        return INTERRUPTED
    return run(argv, prog=PROG if prog is None else prog)
