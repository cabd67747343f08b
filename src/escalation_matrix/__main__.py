"""``python -m escalation_matrix``: the command line."""

from __future__ import annotations

import sys

from escalation_matrix._cli.entry import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m escalation_matrix"))
