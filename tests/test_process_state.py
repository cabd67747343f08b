"""Using the library leaves the process as it found it.

A library shares its process with the program that uses it and with that
program's other threads: it must not switch the garbage collector, the
locale, the warning filters, signal handlers or the environment. Each test
runs a fresh interpreter, records that state, imports and uses the library,
and compares.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Records the process-wide state before and after *work*, and prints both.
_PROBE = """\
import decimal, faulthandler, gc, json, locale, logging, os, signal, sys
import threading, warnings

def state():
    handlers = {}
    for number in sorted(signal.valid_signals()):
        try:
            handlers[int(number)] = repr(signal.getsignal(number))
        except (OSError, ValueError):
            pass
    categories = [
        name for name in ("LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_TIME",
                          "LC_MONETARY", "LC_NUMERIC", "LC_MESSAGES")
        if hasattr(locale, name)
    ]
    return {
        "gc enabled": gc.isenabled(),
        "gc thresholds": gc.get_threshold(),
        "gc debug": gc.get_debug(),
        "warning filters": [repr(entry) for entry in warnings.filters],
        "showwarning": repr(warnings.showwarning),
        "signal handlers": handlers,
        "locale": {name: locale.setlocale(getattr(locale, name)) for name in categories},
        "recursion limit": sys.getrecursionlimit(),
        "switch interval": sys.getswitchinterval(),
        "environment": dict(os.environ),
        "working directory": os.getcwd(),
        "sys.path": list(sys.path),
        "hooks": [repr(sys.excepthook), repr(sys.unraisablehook),
                  repr(sys.displayhook), repr(threading.excepthook)],
        "streams": [repr(sys.stdin), repr(sys.stdout), repr(sys.stderr)],
        "faulthandler": faulthandler.is_enabled(),
        "decimal context": repr(decimal.getcontext()),
        "logging": [logging.root.level, repr(logging.root.handlers),
                    logging.root.manager.disable],
    }

before = state()
exec(sys.argv[1], {"__name__": "__work__"})
after = state()
print(json.dumps({"before": before, "after": after}))
"""

# Loads, routes, translates, renders and dumps, in every way the public API
# offers, in English and Italian.
_USE_THE_LIBRARY = """\
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
import escalation_matrix as em

now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
folder = Path(tempfile.mkdtemp())
em.dump(em.default_matrix(), folder / "m.toml")
for suffix in ("json", "yaml"):
    em.dump(em.load(folder / "m.toml"), folder / f"m.{suffix}")
matrix = em.load(folder / "m.json")
issues = [
    em.Issue(issue_type.key, now - timedelta(hours=hours))
    for issue_type in matrix.issue_types
    for hours in (0, 5, 30)
]
decisions = [em.route(matrix, issue, now=now) for issue in issues]
list(em.route_many(matrix, issues, now=now))
plans = [em.plan(matrix, issue, now=now) for issue in issues[:3]]
for locale in ("it", "en", "it_CH"):
    translated = em.translate(matrix, locale)
    for fmt in ("text", "md", "csv", "html"):
        em.render(translated, fmt, locale=locale, width=60)
    em.render(decisions[-1], locale=locale, timezone="Europe/Rome")
    em.render(plans[-1], matrix=matrix, locale=locale, timezone="Europe/Rome")
for fmt in ("json", "toml", "yaml"):
    em.loads(em.dumps(matrix, fmt), fmt)
em.dumps(decisions[-1], "json")
em.dumps(plans[-1], "json")
"""

# The command line, run in-process as a program embedding it would.
_RUN_THE_COMMAND = """\
import io, sys, tempfile
from pathlib import Path
from escalation_matrix._cli.main import main

out = Path(tempfile.mkdtemp()) / "out.txt"
for args in (["show", "--output", str(out)], ["schema", "--output", str(out)],
             ["route", "nope"], ["route", "performance_hiccups", "--output", str(out)]):
    main(args)
"""


def _probe(work: str) -> tuple[dict[str, object], dict[str, object]]:
    """Run *work* in a fresh interpreter; return the state before and after."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, work],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent,
    )
    states = json.loads(done.stdout)
    return states["before"], states["after"]


@pytest.mark.parametrize(
    "work",
    [_USE_THE_LIBRARY, _RUN_THE_COMMAND],
    ids=["library", "command in-process"],
)
def test_process_state_unchanged(work: str) -> None:
    """gc, warning filters, signal handlers, locale and the rest are unchanged."""
    before, after = _probe(work)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == set()
    assert before["gc enabled"] is True


def test_probe_sees_changes() -> None:
    """The probe notices each kind of change it checks for."""
    before, after = _probe(
        "import gc, locale, signal, warnings\n"
        "gc.disable()\n"
        "warnings.simplefilter('ignore')\n"
        "signal.signal(signal.SIGUSR1, signal.SIG_IGN)\n"
        # LC_NUMERIC starts as "C"; any other locale the system has will do.
        "for name in ('C.UTF-8', 'C.utf8', 'en_US.UTF-8'):\n"
        "    try:\n"
        "        locale.setlocale(locale.LC_NUMERIC, name)\n"
        "        break\n"
        "    except locale.Error:\n"
        "        pass\n"
    )
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"gc enabled", "warning filters", "signal handlers", "locale"}
