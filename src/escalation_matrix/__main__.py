"""``python -m escalation_matrix``: the command line."""

from __future__ import annotations

import sys

from escalation_matrix._cli.entry import console

if __name__ == "__main__":
    sys.exit(console(prog="python -m escalation_matrix"))
