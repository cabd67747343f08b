"""Regression tests of review findings on the command line's options and Italian.

Long options typed with one dash, the hints of a moment's duration, the
reasons of file errors, the quotes of what was typed, ``import --base``,
and the register of the Italian messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import escalation_matrix as em
from escalation_matrix._cli import entry
from escalation_matrix._cli import main as cli_main
from escalation_matrix._cli.main import main
from escalation_matrix._i18n.translator import clear_cache, translator

Run = Callable[..., tuple[int, str, str]]
TYPE = "performance_hiccups"
EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
ITALIAN_MESSAGES = (
    Path(em.__file__).parent
    / "_i18n/locale/it/LC_MESSAGES/escalation_matrix_messages.po"
)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """An English, UTC environment, in an empty working directory."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command; return its status, standard output and the last error line."""

    def call(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        out, err = capsys.readouterr()
        lines = err.rstrip("\n").splitlines()
        return status, out, lines[-1] if lines else ""

    return call


# A long option with one dash -------------------------------------------------


@pytest.mark.parametrize(
    ("words", "typed", "meant"),
    [
        (["-opened"], "-opened", "--opened"),
        (["-opened", "1d ago"], "-opened", "--opened"),
        (["-opend", "1d ago"], "-opend", "--opened"),
        (["-opened=1d ago"], "-opened=1d ago", "--opened"),
        (["-output", "x.txt"], "-output", "--output"),
    ],
)
def test_a_long_option_with_one_dash_is_refused_not_taken_as_o(
    run: Run, tmp_path: Path, words: list[str], typed: str, meant: str
) -> None:
    status, out, err = run("route", TYPE, *words)
    assert status == 2
    assert out == ""
    assert err == (
        f"escalation-matrix route: error: unrecognized arguments: {typed}; "
        f"did you mean {meant}?"
    )
    assert list(tmp_path.iterdir()) == []  # no file "pened", "utput"...


def test_a_long_option_with_one_dash_is_refused_in_italian(run: Run) -> None:
    status, _, err = run("--locale", "it", "route", TYPE, "-opened", "1d")
    assert status == 2
    assert err == (
        "escalation-matrix route: errore: argomenti non riconosciuti: -opened; "
        "forse intendevi --opened?"
    )


def test_help_with_one_dash_is_refused(run: Run) -> None:
    status, _, err = run("route", "-help")
    assert status == 2
    assert err.endswith("unrecognized arguments: -help; did you mean --help?")


@pytest.mark.parametrize(
    "words",
    [["-oanswer.txt"], ["-o", "answer.txt"], ["-oresult"]],
    ids=["attached", "apart", "attached-word"],
)
def test_short_options_still_take_their_value(
    run: Run, tmp_path: Path, words: list[str]
) -> None:
    status, out, _ = run("route", TYPE, "--opened", "1d ago", *words)
    assert status == 0
    assert out == ""
    (written,) = tmp_path.iterdir()
    assert written.name == words[-1].removeprefix("-o")
    assert "handles it" in written.read_text(encoding="utf-8")


def test_short_help_still_shows_the_help(run: Run) -> None:
    status, out, _ = run("route", "-h")
    assert status == 0
    assert out.startswith("usage: escalation-matrix route")


# The hints of a moment's duration --------------------------------------------


@pytest.mark.parametrize(
    ("when", "hint"),
    [
        ("PT1.5H ago", "; the duration's numbers must be whole: write 'PT1H30M ago'"),
        ("-1,5h", "; the duration's numbers must be whole: write '-1h30m'"),
        ("in 1.5d", "; the duration's numbers must be whole: write 'in 1d12h'"),
        (
            "0.5s ago",
            "; the duration's numbers must be whole, and its smallest unit is "
            "the second",
        ),
        (
            "P1M ago",
            "; years and months have no fixed length: count in days, such as '30d ago'",
        ),
    ],
)
def test_a_moments_duration_gets_the_hint_a_files_gets(
    run: Run, when: str, hint: str
) -> None:
    status, _, err = run("route", TYPE, "--opened", when)
    assert status == 2
    assert err.startswith(
        f"escalation-matrix route: error: argument --opened: invalid moment '{when}'"
    )
    assert err.endswith(hint)


def test_a_moments_whole_numbers_hint_in_italian(run: Run) -> None:
    status, _, err = run("--locale", "it", "route", TYPE, "--opened", "PT1.5H ago")
    assert status == 2
    assert err.endswith(
        "; i numeri della durata devono essere interi: indicare «PT1H30M ago»"
    )


def test_a_duration_without_hint_gets_none(run: Run) -> None:
    _, _, err = run("route", TYPE, "--opened", "1x ago")
    assert err.endswith("'-4h30m' or 'in 2h'")


# Italian wording -------------------------------------------------------------


def test_validate_help_says_its_example_in_the_helps_language(run: Run) -> None:
    status, out, _ = run("--locale", "it", "validate", "--help")
    assert status == 0
    paragraph = " ".join(out.split())
    assert (
        "come «matrix.toml: $.levels[2].rank: deve essere >= 1; valore trovato: 0»."
        in paragraph
    )
    assert "must be" not in out


def test_validate_help_in_english_is_unchanged(run: Run) -> None:
    _, out, _ = run("validate", "--help")
    assert "such as 'matrix.toml: $.levels[2].rank: must be >= 1, got 0'." in " ".join(
        out.split()
    )


def test_working_time_reads_as_italian() -> None:
    tr = translator("it")
    said = tr.pgettext("reason", "{delay} of working time").format(delay="4 ore")
    assert said == "4 ore in orario lavorativo"


@pytest.mark.parametrize("command", ["convert", "import"])
def test_a_file_without_suffix_is_said_to_have_none(run: Run, command: str) -> None:
    args = {
        "convert": ["convert", str(EXAMPLES / "support.toml"), "noext"],
        "import": [
            "import",
            "pagerduty",
            str(EXAMPLES / "pagerduty.json"),
            "-o",
            "noext",
        ],
    }[command]
    status, _, err = run("--locale", "it", *args)
    assert status == 2
    assert err.endswith(
        "errore: il nome del file «noext» non ha un'estensione che ne indichi il "
        "formato; formati noti: .toml, .json, .yaml, .yml"
    )
    status, _, err = run(*args)
    assert err.endswith(
        "error: 'noext' has no suffix to name its format; known formats: "
        ".toml, .json, .yaml, .yml"
    )


def test_an_internal_error_without_message_is_its_type(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli_main._report_bug(MemoryError(), "prog", None)
    assert capsys.readouterr().err.startswith(
        "prog: internal error: MemoryError; this is a bug"
    )
    cli_main._report_bug(ValueError("bad"), "prog", None)
    assert capsys.readouterr().err.startswith("prog: internal error: ValueError: bad;")


def test_a_failed_start_without_message_is_its_type(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry._report_bug(MemoryError(), "prog")
    assert capsys.readouterr().err.startswith(
        "prog: internal error: MemoryError; this is a bug"
    )


# Instructions to the reader are impersonal infinitives ("indicare"), never
# the familiar imperative ("indica", "installala").
_FAMILIAR = re.compile(
    r"\b(?:metti|eseguilo|installala|segnalalo|scrivi|prova|aggiungi)\b"
    # "indica" after a colon or a semicolon is an instruction; elsewhere
    # ("Indica chi gestisce...", "se -o indica") it describes.
    r"|[:;] indica\b"
)


def test_italian_command_line_instructions_are_impersonal() -> None:
    with ITALIAN_MESSAGES.open("rb") as handle:
        catalog = read_po(handle)
    familiar = [
        message.string
        for message in catalog
        if message.context == "cli"
        and isinstance(message.string, str)
        and _FAMILIAR.search(message.string)
    ]
    assert familiar == []


# File errors say the right reason, and quote what was typed ------------------


def test_a_missing_catalog_directory_is_said_missing(run: Run) -> None:
    status, _, err = run("--locale", "it", "show", "--catalogs", "nonexist")
    assert status == 3
    assert err == (
        "escalation-matrix show: errore: impossibile leggere «nonexist»: "
        "file o cartella inesistente"
    )


def test_a_file_given_as_catalog_directory_is_no_directory(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "f.toml").write_text("", encoding="utf-8")
    status, _, err = run("--locale", "it", "show", "--catalogs", "f.toml")
    assert status == 3
    assert err.endswith("impossibile leggere «f.toml»: non è una cartella")


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_catalog_linked_to_a_device_is_no_regular_file(
    run: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "cat" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "escalation_matrix.po").symlink_to("/dev/null")
    status, _, err = run("--locale", "it", "validate", "--catalogs", "cat")
    assert status == 3
    assert err == (
        "escalation-matrix validate: errore: impossibile leggere "
        "«cat/de/LC_MESSAGES/escalation_matrix.po» -> «/dev/null»: "
        "è un dispositivo a caratteri, non un file regolare"
    )


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_link_to_a_device_is_quoted_in_the_languages_quotes(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "z.json").symlink_to("/dev/null")
    status, _, err = run(
        "--locale", "it", "convert", str(EXAMPLES / "support.toml"), "z.json"
    )
    assert status == 3
    assert err == (
        "escalation-matrix convert: errore: impossibile scrivere su «z.json» -> "
        "«/dev/null»: è un dispositivo a caratteri, non un file regolare"
    )


# import --base ---------------------------------------------------------------


@pytest.mark.parametrize("tool", ["pagerduty", "opsgenie", "grafana-oncall"])
def test_import_base_is_refused_for_other_tools(run: Run, tool: str) -> None:
    status, out, err = run("import", tool, "policy.json", "--base", "m.toml")
    assert status == 2
    assert out == ""
    assert err == (
        "escalation-matrix import: error: --base works with priority-matrix only, "
        f"not with '{tool}'"
    )


def test_import_base_is_refused_in_italian(run: Run) -> None:
    status, _, err = run(
        "--locale", "it", "import", "opsgenie", "policy.json", "--base", "m.toml"
    )
    assert status == 2
    assert err.endswith("--base si usa solo con priority-matrix, non con «opsgenie»")
