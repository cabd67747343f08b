"""The command line loads only what the command it runs needs.

Each case runs the console script's entry point in a fresh interpreter
and looks at :data:`sys.modules` when it is done: what a command did not
load cannot slow its start. The timing itself is ``benchmarks/bench_startup.py``'s.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import babel
import pytest

from escalation_matrix._cli import entry
from escalation_matrix._cli.parser import SUBCOMMANDS, Parser, _Parsers, build_parser
from escalation_matrix._i18n.locale_data import SNAPSHOT, read_snapshot
from escalation_matrix._i18n.translator import translator
from escalation_matrix._serialization.builtin import DATA

# Runs the command with the arguments after it, then prints the names of
# the modules loaded, as the last line of standard error (json is loaded
# after they are listed, so that the list says whether the command did).
_PROBE = """
import sys
from escalation_matrix._cli.entry import main
status = main(sys.argv[1:])
names = sorted(sys.modules)
import json
sys.stderr.write("\\n" + json.dumps(names) + "\\n")
sys.exit(status)
"""
# The same for a first translation of the built-in matrix, as a program does.
_TRANSLATE = """
import sys
import escalation_matrix as em
em.translate(em.default_matrix(), "it")
names = sorted(sys.modules)
import json
sys.stderr.write("\\n" + json.dumps(names) + "\\n")
"""
#: What answering a question about the built-in matrix, or translating it,
#: does not need: a fingerprint's hash, JSON, the checks of ``.po`` texts,
#: the heap of business-hours routing, what only a mistake needs (the
#: wording of syntax errors, the calendar of a date that does not exist, a
#: duration's fractions), pathlib (catalogs are found through os.path;
#: with what it imports, pathlib alone would cost a tenth of a first
#: translation), rules, business calendars, contacts, first waits and
#: repeats, which the built-in matrix has none of, actions, which the
#: command's issue has none of, plans, and the checks across a matrix
#: being made (the built-in one comes compiled).
UNUSED_BY_ANSWERS = (
    "calendar",
    "escalation_matrix._i18n.catalog_checks",
    "escalation_matrix._model.action",
    "escalation_matrix._model.calendar",
    "escalation_matrix._model.consistency",
    "escalation_matrix._model.contacts",
    "escalation_matrix._model.pacing",
    "escalation_matrix._model.rule",
    "escalation_matrix._model.rules",
    "escalation_matrix._routing.plan",
    # The reasons of a manual move, a new round or a stop: an issue opened
    # a day ago has none.
    "escalation_matrix._routing.reasons_later",
    "escalation_matrix._serialization.files",
    "escalation_matrix._serialization.syntax",
    "fractions",
    "hashlib",
    "heapq",
    "json",
    "pathlib",
)

#: What reads matrix files, which the compiled built-in matrix does not need.
READER = (
    "cattrs",
    "escalation_matrix._serialization.hooks",
    "escalation_matrix._serialization.io",
    "tomllib",
)

#: What no command's start needs: the commands' code, the layers below
#: the parser, Babel's catalogs and the package metadata.
HEAVY = (
    "babel.messages",
    "cattrs",
    "escalation_matrix._cli.batch",
    "escalation_matrix._cli.commands",
    "escalation_matrix._interop",
    "escalation_matrix._model.matrix",
    "escalation_matrix._render.render",
    "escalation_matrix._routing",
    "escalation_matrix._serialization",
    "importlib.metadata",
    "orjson",
    "yaml",
)


def loaded(*args: str, probe: str = _PROBE) -> tuple[int, set[str]]:
    """Run the command with *args*; return its status and the modules it loaded."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "TZ": "UTC"},
        check=False,
    )
    modules = json.loads(result.stderr.splitlines()[-1])
    return result.returncode, set(modules)


def among(modules: Iterable[str], prefixes: Iterable[str]) -> list[str]:
    """Return the *modules* that are, or are inside, one of *prefixes*."""
    return sorted(
        module
        for module in modules
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    )


def test_help_loads_nothing_heavy() -> None:
    """``--help`` loads the parser only: no command, model, file format or catalog code."""
    status, modules = loaded("--help")
    assert status == 0
    # Nor what only a running command or a usage error needs, nor attrs:
    # the errors and translators the parser uses are plain classes.
    unneeded = [*HEAVY, "attr", "attrs", "escalation_matrix._cli.session", "difflib"]
    # Nor the time zone database: the help shows no time. Nor the checks
    # of values, with the modules they show values through.
    unneeded += ["zoneinfo", "babel.localtime", "copy", "pathlib"]
    unneeded += ["escalation_matrix._base.checks", "escalation_matrix._base.shown"]
    assert among(modules, unneeded) == []


def test_version_reads_the_metadata() -> None:
    """``--version`` is the one start that reads the package's metadata."""
    status, modules = loaded("--version")
    assert status == 0
    assert "importlib.metadata" in modules
    assert among(modules, ["escalation_matrix._cli.commands"]) == []


def test_route_loads_what_routing_needs_only() -> None:
    """Routing with the built-in matrix loads no other command, format or extra.

    Nor the reader: the built-in matrix comes compiled, so neither cattrs
    nor a TOML parser is loaded.
    """
    status, modules = loaded("route", "performance_hiccups", "--opened", "1d ago")
    assert status == 0
    assert "escalation_matrix._routing.router" in modules
    unneeded = [
        "babel.messages",
        *READER,
        "escalation_matrix._cli.batch",
        "escalation_matrix._interop",
        "importlib.metadata",
        "orjson",
        "yaml",
        # What only a matrix's table, another table format or YAML needs.
        "csv",
        "escalation_matrix._render.table",
        "escalation_matrix._render.text_table",
        "escalation_matrix._serialization.schema",
        "escalation_matrix._serialization.yaml_text",
        "html",
        "shutil",
        *UNUSED_BY_ANSWERS,
    ]
    unneeded += [
        command.module
        for command in SUBCOMMANDS
        if command.module != "escalation_matrix._cli.commands"
    ]
    assert among(modules, unneeded) == []


# Lists, after the command, the locales Babel read from its own files.
_READ_LOCALES = """
import sys
from escalation_matrix._cli.entry import main
status = main(sys.argv[1:])
from babel import localedata
sys.stderr.write("\\n" + repr(sorted(localedata._cache)) + "\\n")
sys.exit(status)
"""


def _kept_by() -> str:
    """The version of Babel that made the package's file of CLDR data."""
    with Path(SNAPSHOT).open("rb") as handle:
        version: str = pickle.loads(handle.read()[8:])[0]  # noqa: S301 -- the package's
    return version


@pytest.mark.skipif(
    _kept_by() != babel.__version__,
    reason="the package's CLDR data was kept by another version of Babel",
)
@pytest.mark.parametrize("language", ["en", "en_US.UTF-8", "it_IT.UTF-8"])
def test_route_reads_no_locale_data_of_babels(language: str) -> None:
    """Dates and durations are written from the CLDR data the build kept."""
    result = subprocess.run(
        [sys.executable, "-c", _READ_LOCALES, "route", "performance_hiccups"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "TZ": "UTC", "LANGUAGE": "", "LC_ALL": language},
        check=False,
    )
    assert read_snapshot(SNAPSHOT) is not None
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "[]"


def test_route_of_a_file_loads_the_reader(tmp_path: Path) -> None:
    """A matrix file is read by cattrs' generated hooks: the reader is loaded."""
    path = tmp_path / "matrix.toml"
    path.write_bytes(Path(DATA).read_bytes())
    status, modules = loaded(
        "route", "performance_hiccups", str(path), "--opened", "1d ago"
    )
    assert status == 0
    assert set(READER) <= modules


def test_route_works_out_the_fingerprint_only_when_asked() -> None:
    """The JSON answer carries the fingerprint: only then is hashlib loaded."""
    status, modules = loaded(
        "route", "performance_hiccups", "--opened", "1d ago", "--format", "json"
    )
    assert status == 0
    assert "hashlib" in modules


def test_first_translation_loads_no_routing_nor_checks() -> None:
    """A first translation of the built-in matrix reads it and the catalogs only."""
    status, modules = loaded(probe=_TRANSLATE)
    assert status == 0
    assert "escalation_matrix._i18n.translate" in modules
    unneeded = [
        "babel.messages",
        "escalation_matrix._routing",
        *READER,
        *UNUSED_BY_ANSWERS,
    ]
    assert among(modules, unneeded) == []


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda command: command.name)
def test_each_command_help_loads_its_own_module_only(command: object) -> None:
    """A command's help loads no other command's module."""
    name = command.name  # type: ignore[attr-defined]
    status, modules = loaded(name, "--help")
    assert status == 0
    others = {other.module for other in SUBCOMMANDS} - {command.module}  # type: ignore[attr-defined]
    others.discard("escalation_matrix._cli.commands")
    assert among(modules, others) == []


def test_json_commands_load_orjson_with_signals_held() -> None:
    """A command that may read JSON loads orjson first (whole, signals held)."""
    status, modules = loaded("schema", "--locale", "en")
    assert status == 0
    assert "orjson" in modules


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--help"], False),
        (["--version"], False),
        (["route", "outage", "--opened", "1d ago"], False),
        (["--locale", "it", "show"], False),
        (["plan", "outage", "matrix.JSON"], True),
        (["route", "--batch", "tickets.jsonl"], True),
        (["route", "outage", "--format", "json"], True),
        (["convert", "a.toml", "b.yaml"], True),
        (["--locale", "it", "validate"], True),
        (["schema"], True),
        (["--locale", "it"], True),
        ([], True),
    ],
)
def test_may_use_json(argv: list[str], expected: bool) -> None:  # noqa: FBT001
    """Only a command that may read or write JSON pays for loading orjson."""
    assert entry._may_use_json(argv) is expected


def test_only_the_chosen_command_gets_a_parser() -> None:
    """The other commands' parsers are made only when looked up, however."""
    parser, parsers = build_parser(
        translator("en"), prog="escalation-matrix", version="1"
    )
    args, _ = parser.parse_known_args(["route", "outage", "--opened", "1d ago"])
    assert isinstance(parsers, _Parsers)
    assert list(parsers.made) == ["route"]
    assert args.parser is parsers["route"]
    assert "convert" in parsers
    assert "nothing" not in parsers
    assert parsers["show"].prog == "escalation-matrix show"
    assert parsers["show"] is parsers.get("show")
    assert all(isinstance(made, Parser) for made in parsers.values())
    assert sorted(parsers) == sorted(command.name for command in SUBCOMMANDS)
    assert sorted(parsers.made) == sorted(parsers)


def test_the_help_is_laid_out_when_asked_for() -> None:
    """A command that runs does not wrap its help's paragraphs and tables."""
    parser, _ = build_parser(translator("en"), prog="escalation-matrix", version="1")
    args, _ = parser.parse_known_args(["route", "outage", "--opened", "1d ago"])
    assert (args.parser.description, args.parser.epilog) == (None, None)
    assert (parser.description, parser.epilog) == (None, None)
    assert "Say who handles an issue" in args.parser.format_help()
    assert args.parser.epilog.startswith("moments (WHEN):")
    assert "exit status:" in parser.format_help()


def test_a_parser_added_as_argparse_adds_one_is_kept() -> None:
    parser = Parser(prog="x", translator=translator("en"))
    commands = parser.add_subparsers()
    made = commands.add_parser("one", translator=translator("en"))
    assert commands.choices is not None
    assert dict(commands.choices) == {"one": made}
    args = parser.parse_args(["one"])
    assert vars(args) == {}
