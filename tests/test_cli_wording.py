"""The command line's wording: suggestions, quotes, system reasons, catalog problems.

Typos of global options, commands and values get "did you mean", in the
language of the output; Italian quotes values with « » and says the
system's reasons and the catalog checks' problems in Italian.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from escalation_matrix._cli.main import main
from escalation_matrix._cli.wording import (
    catalog_problem,
    closest,
    os_reason,
    quoted,
    requoted,
)
from escalation_matrix._i18n.translator import clear_cache, translator

Run = Callable[..., tuple[int, str]]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, UTC environment."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "200")
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command; return its status and the last line of standard error."""

    def call(*args: str) -> tuple[int, str]:
        status = main(list(args))
        err = capsys.readouterr().err
        return status, err.rstrip("\n").splitlines()[-1]

    return call


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--locle", "it", "show"],
            "escalation-matrix: error: unrecognized arguments: --locle; "
            "did you mean --locale?",
        ),
        (
            ["--verison"],
            "escalation-matrix: error: unrecognized arguments: --verison; "
            "did you mean --version?",
        ),
        (
            ["--locale", "en", "--widht=80", "show"],
            "escalation-matrix show: error: unrecognized arguments: --widht=80; "
            "did you mean --width?",
        ),
        (
            ["rout"],
            "escalation-matrix: error: argument COMMAND: invalid choice: 'rout' "
            "(choose from 'show', 'route', 'plan', 'validate', 'convert', 'schema', "
            "'import', 'export', 'catalog'); did you mean 'route'?",
        ),
        (
            ["route", "performance_hiccups", "--severity", "critica"],
            "escalation-matrix route: error: unknown severity 'critica'; known "
            "severities: critical, high, medium, low; did you mean 'critical'?",
        ),
        (
            ["route", "performance_hicups"],
            "escalation-matrix route: error: unknown issue type 'performance_hicups'; "
            "known issue types: operational_challenges, timeline_adjustments, "
            "guidance_acquisition, customer_data_issues, service_detail_issues, "
            "material_procurement, performance_hiccups, subscription_interruptions; "
            "did you mean 'performance_hiccups'?",
        ),
        (
            ["route", "performance_hiccups", "--timezone", "Europe/Roma"],
            "escalation-matrix route: error: argument --timezone: unknown time zone "
            "'Europe/Roma': expected an IANA name such as 'Europe/Rome' or 'UTC'; "
            "did you mean 'Europe/Rome'?",
        ),
        (
            ["route", "performance_hiccups", "--timezone", "europe/rome"],
            "escalation-matrix route: error: argument --timezone: unknown time zone "
            "'europe/rome': expected an IANA name such as 'Europe/Rome' or 'UTC'; "
            "did you mean 'Europe/Rome'?",
        ),
        (
            ["route", "performance_hiccups", "--severity", "zzz"],
            "escalation-matrix route: error: unknown severity 'zzz'; known "
            "severities: critical, high, medium, low",
        ),
        (
            ["route", "performance_hiccups", "--opened", "-P1M"],
            "escalation-matrix route: error: argument --opened: invalid moment "
            "'-P1M': expected 'now', an ISO 8601 date and time such as "
            "'2026-11-27T09:00+01:00', or a duration before or after such as "
            "'1d ago', '-4h30m' or 'in 2h'; years and months have no fixed "
            "length: count in days, such as '30d ago'",
        ),
    ],
)
def test_suggestions(run: Run, args: list[str], expected: str) -> None:
    """Each typo gets the closest option, command or value suggested."""
    assert run(*args) == (2, expected)


def test_after_a_double_dash(run: Run) -> None:
    """Words after "--" are not options: none is taken for a mistyped one."""
    status, line = run("--", "--locle")
    assert status == 2
    assert "--locle" not in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--locle", "it", "show"],
            "escalation-matrix: errore: argomenti non riconosciuti: --locle; "
            "forse intendevi --locale?",
        ),
        (
            ["route", "performance_hiccups", "--severity", "critica"],
            "escalation-matrix route: errore: gravità «critica» sconosciuta; "
            "gravità note: critical, high, medium, low; forse intendevi «critical»?",
        ),
        (
            ["route", "performance_hiccups", "--timezone", "Europe/Roma"],
            "escalation-matrix route: errore: --timezone: fuso orario «Europe/Roma» "
            "sconosciuto: indicare un nome IANA come «Europe/Rome» o «UTC»; forse "
            "intendevi «Europe/Rome»?",
        ),
        (
            ["route", "performance_hiccups", "--opened", "1 month ago"],
            "escalation-matrix route: errore: --opened: data e ora «1 month ago» non "
            "valida: indicare «now», una data e ora ISO 8601 come "
            "«2026-11-27T09:00+01:00» o una durata prima o dopo, come «1d ago», "
            "«-4h30m» o «in 2h»; anni e mesi non hanno una durata fissa: indicare i "
            "giorni, come «30d ago»",
        ),
        (
            ["show", "nofile.toml"],
            "escalation-matrix show: errore: impossibile leggere «nofile.toml»: "
            "file o cartella inesistente",
        ),
        (
            [
                "route",
                "performance_hiccups",
                "--opened",
                "2026-12-01T09:00",
                "--now",
                "2026-11-30T09:00",
            ],
            "escalation-matrix route: errore: --now (30 nov 2026 alle 09:00) è "
            "anteriore all'apertura indicata da --opened (1º dic 2026 alle 09:00)",
        ),
    ],
)
def test_in_italian(run: Run, args: list[str], expected: str) -> None:
    """The same mistakes in Italian: « » quotes, Italian reasons and dates."""
    status, line = run("--locale", "it", *args)
    assert status in {2, 3}
    assert line == expected


def test_a_directory_is_said_in_italian(run: Run, tmp_path: Path) -> None:
    """Another system reason, for a directory given as a matrix file."""
    folder = tmp_path / "m.toml"
    folder.mkdir()
    status, line = run("--locale", "it", "show", str(folder))
    assert status == 3
    assert line.endswith(": è una cartella, non un file regolare")


def test_catalog_problems_in_italian(run: Run, tmp_path: Path) -> None:
    """Validate --catalogs lists a catalog's problems in the output's language."""
    po = tmp_path / "it" / "LC_MESSAGES" / "escalation_matrix_messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "decision"\nmsgid "Next escalation: to {level} on {time}."\n'
        'msgstr "Prossima escalation: {livello}, {time}."\n',
        encoding="utf-8",
    )
    status, line = run("--locale", "it", "validate", "--catalogs", str(tmp_path))
    assert status == 1
    assert line.endswith(
        ": riga 6: msgctxt 'decision' msgid 'Next escalation: to {level} on {time}.': "
        "i segnaposto non corrispondono: nell'originale {level}, {time}, nella "
        "traduzione {livello}, {time}"
    )


def test_wording_pieces() -> None:
    """The helpers, one by one."""
    it, en = translator("it"), translator("en")
    assert quoted(it, "x") == "«x»"
    assert quoted(en, "x") == "'x'"
    assert requoted(it, "'text', 'md'") == "«text», «md»"
    # Words with apostrophes are not values: left alone.
    assert requoted(it, "l'opzione e l'altra") == "l'opzione e l'altra"
    assert (
        os_reason(it, OSError(errno.EACCES, "Permission denied")) == "permesso negato"
    )
    # An uncommon reason keeps the system's words.
    assert (
        os_reason(it, OSError(errno.EXDEV, "Cross-device link")) == "Cross-device link"
    )
    assert closest("CRITICAL", ["critical", "low"]) == "critical"
    assert closest("zzz", ["critical", "low"]) is None
    assert catalog_problem(it, "untranslated") == "untranslated"
    assert catalog_problem(it, "line 3: msgid 'x': untranslated") == (
        "riga 3: msgid 'x': non tradotto"
    )
    assert catalog_problem(
        it, "the header is marked fuzzy; remove the flag once reviewed"
    ) == (
        "l'intestazione è segnata come fuzzy: togliere il contrassegno dopo la revisione"
    )
