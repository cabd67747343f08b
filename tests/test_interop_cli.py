"""The import and export commands, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import escalation_matrix as em
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix.contacts import Contact
from escalation_matrix.interop import from_opsgenie
from tests.helpers import Result, plain_environment, run_cli

DATA = Path(__file__).parent / "data" / "interop"


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, 80-column environment."""
    plain_environment(monkeypatch, COLUMNS="80")
    yield
    clear_cache()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str | Path) -> Result:
        return run_cli(capsys, *args)

    return run


def test_import_prints_the_matrix_and_the_losses(cli: Run) -> None:
    """One policy is printed as TOML; each loss goes to standard error."""
    path = DATA / "pagerduty_get.json"
    result = cli("import", "pagerduty", path)
    assert result.status == 0
    matrix = em.loads(result.out, "toml")
    assert matrix.key == "payments_on_call"
    assert matrix.policy.repeat is not None
    assert result.err.splitlines() == [
        f"{path}: $.escalation_policy.services[0]: dropped: service 'Checkout' "
        "(PSVC001) that uses this policy is not kept",
        f"{path}: $.escalation_policy.teams[0]: dropped: owner team 'Payments' "
        "(PTEAM01) is not kept",
    ]


def test_losses_in_italian(cli: Run) -> None:
    """The losses are said in the reader's language."""
    path = DATA / "jsm_ops_create.json"
    result = cli("--locale", "it", "import", "opsgenie", path)
    assert result.status == 0
    assert result.err == (
        f"{path}: $.repeat.closeAlertAfterAll: ipotizzato: si assume che l'avviso "
        "venga chiuso quando l'ultima regola dell'ultima ripetizione ha inviato la "
        "sua notifica\n"
    )


def test_strict_writes_nothing(cli: Run, tmp_path: Path) -> None:
    """With --strict, a loss fails the command and no file is written."""
    out = tmp_path / "m.toml"
    result = cli(
        "import", "opsgenie", DATA / "jsm_ops_create.json", "-o", out, "--strict"
    )
    assert result.status == 1
    assert not out.exists()
    assert result.err.splitlines()[-1] == (
        "escalation-matrix import: error: the conversion is not exact (losses "
        "listed above: 1); nothing was written"
    )


def test_strict_without_loss(cli: Run, tmp_path: Path) -> None:
    """A lossless import with --strict writes the file."""
    out = tmp_path / "m.json"
    result = cli(
        "import", "opsgenie", DATA / "opsgenie_create.json", "-o", out, "--strict"
    )
    assert (result.status, result.err) == (0, "")
    assert em.load(out).title == "Billing escalation"


def test_several_matrices_need_a_directory(cli: Run, tmp_path: Path) -> None:
    """Several matrices are written into a directory, one file each."""
    path = DATA / "pagerduty_escalation_policy_7.json"
    result = cli("import", "pagerduty", path)
    assert result.status == 2
    assert (
        "2 matrices were made (engineering_team_escalation, devops_team_escalation)"
        in result.err
    )
    result = cli("import", "pagerduty", path, "-o", tmp_path, "--format", "yaml")
    assert result.status == 0
    assert sorted(file.name for file in tmp_path.iterdir()) == [
        "devops_team_escalation.yaml",
        "engineering_team_escalation.yaml",
    ]


def test_several_files(cli: Run, tmp_path: Path) -> None:
    """Matrices of several files go to one directory; same keys get a number."""
    path = DATA / "pagerduty_escalation_policy_6.json"
    result = cli("import", "pagerduty", path, path, "-o", tmp_path)
    assert result.status == 0
    assert sorted(file.name for file in tmp_path.iterdir()) == [
        "engineering_team_escalation.toml",
        "engineering_team_escalation_2.toml",
    ]
    assert result.err.count(str(path)) == 10


def test_grafana_chains_and_policies(cli: Run) -> None:
    """A file of chains and one of steps are told apart by their content."""
    result = cli(
        "import",
        "grafana-oncall",
        DATA / "grafana_steps_page.json",
        DATA / "grafana_chains_page.json",
        "--format",
        "json",
    )
    assert (result.status, result.err) == (0, "")
    assert json.loads(result.out)["title"] == "primary"


def test_grafana_losses_name_their_file(cli: Run) -> None:
    """A loss of the chains names the chains' file."""
    chain = DATA / "grafana_chain.json"
    result = cli("import", "grafana-oncall", chain, DATA / "grafana_wait_step.json")
    # Nothing written is a failure, after the losses that say why.
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{chain}: $: dropped: escalation chain 'primary' (FCHAIN01ABCDE) notifies "
        "nobody: its steps only wait (10m); a matrix needs at least one level",
        "escalation-matrix import: error: no matrix was made",
    ]
    assert result.out == ""


def test_grafana_takes_one_file_of_each(cli: Run) -> None:
    """Two files of chains are a usage error."""
    chain = DATA / "grafana_chain.json"
    result = cli("import", "grafana-oncall", chain, chain)
    assert result.status == 2
    assert (
        "takes one file of escalation chains and one of escalation policies"
        in result.err
    )


def test_grafana_invalid_file(cli: Run, tmp_path: Path) -> None:
    """A problem in the steps names the steps' file."""
    steps = tmp_path / "steps.json"
    steps.write_text('[{"escalation_chain_id": "C", "position": "x", "type": "wait"}]')
    result = cli("import", "grafana-oncall", steps)
    assert result.status == 1
    assert result.err == f"{steps}: $[0].position: must be a whole number, got 'x'\n"


def test_grafana_request_with_a_list_endpoint(cli: Run, tmp_path: Path) -> None:
    """A request pair whose endpoint is a list is invalid input, not a crash."""
    chains = tmp_path / "chains.json"
    chains.write_text("[]")
    steps = tmp_path / "steps.json"
    steps.write_text('[[["escalation_policies"], {"type": "wait"}]]')
    result = cli("import", "grafana-oncall", chains, steps)
    assert result.status == 1
    assert result.err == (
        f"{steps}: $[0][0]: must be one of 'escalation_chains', "
        "'escalation_policies', got [\"escalation_policies\"]\n"
    )


def test_priority_matrix_overlay_and_base(cli: Run, tmp_path: Path) -> None:
    """A priority table is written as an overlay, or applied to --base."""
    path = DATA / "itil_lookup.json"
    result = cli("import", "priority-matrix", path)
    assert result.status == 0
    overlay = em.loads(result.out, "json", em.Overlay)
    assert [severity.key for severity in overlay.policy["severities"]] == [
        "p1",
        "p2",
        "p3",
        "p4",
        "p5",
    ]
    base = tmp_path / "base.toml"
    em.dump(em.default_matrix(), base)
    result = cli("import", "priority-matrix", path, "--base", base)
    assert result.status == 0
    assert em.loads(result.out, "toml").policy.priority is not None


def test_overlay_to_toml_is_refused(cli: Run, tmp_path: Path) -> None:
    """An overlay holding a null cannot be TOML: the command says so."""
    result = cli(
        "import",
        "priority-matrix",
        DATA / "itil_lookup.json",
        "-o",
        tmp_path / "o.toml",
    )
    assert result.status == 1
    assert result.err.startswith(
        f"escalation-matrix import: error: cannot write {str(tmp_path / 'o.toml')!r}: "
    )
    assert "TOML has no null value" in result.err


def test_invalid_payload(cli: Run, tmp_path: Path) -> None:
    """Every problem of a payload is listed after its file, exit status 1."""
    path = tmp_path / "bad.json"
    path.write_text('{"escalation_rules": [{"targets": []}]}')
    result = cli("import", "pagerduty", path)
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{path}: $.escalation_rules[0].escalation_delay_in_minutes: missing: a whole number is required",
        f"{path}: $.escalation_rules[0].targets: must hold 1 to 10 targets, got 0",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"a": 1, "a": 2}',
            "$.a: given more than once in the same object; only one value may be given",
        ),
        (
            "{nope",
            "$: not valid JSON at line 1, column 2: a key in double quotes is expected here",
        ),
    ],
)
def test_not_json(cli: Run, tmp_path: Path, text: str, message: str) -> None:
    """A file that is not one JSON value is refused, saying why."""
    path = tmp_path / "bad.json"
    path.write_text(text)
    result = cli("import", "opsgenie", path)
    assert (result.status, result.err) == (1, f"{path}: {message}\n")


def test_missing_file(cli: Run, tmp_path: Path) -> None:
    """A file that cannot be read is exit status 3."""
    result = cli("import", "opsgenie", tmp_path / "none.json")
    assert result.status == 3
    assert "cannot read" in result.err


def test_bad_language(cli: Run) -> None:
    """A --language that is no identifier is a usage error."""
    result = cli(
        "import", "opsgenie", DATA / "opsgenie_create.json", "--language", "x!"
    )
    assert result.status == 2
    assert "argument --language:" in result.err


def test_unknown_output_suffix(cli: Run, tmp_path: Path) -> None:
    """An output suffix naming no format is a usage error."""
    result = cli(
        "import", "opsgenie", DATA / "opsgenie_create.json", "-o", tmp_path / "m.txt"
    )
    assert result.status == 2
    assert "unknown file format '.txt'" in result.err


def _exportable(tmp_path: Path) -> Path:
    matrix = from_opsgenie(
        json.loads((DATA / "opsgenie_list.json").read_text())
    ).matrices
    first = next(iter(matrix.values()))
    path = tmp_path / "m.toml"
    em.dump(first, path)
    return path


def test_export_opsgenie(cli: Run, tmp_path: Path) -> None:
    """A matrix is written as the body of Opsgenie's create request."""
    path = _exportable(tmp_path)
    result = cli("export", "opsgenie", path)
    assert (result.status, result.err) == (0, "")
    body = json.loads(result.out)
    assert [rule["delay"]["timeAmount"] for rule in body["rules"]] == [0, 3, 8, 15]
    result = cli(
        "export", "opsgenie", path, "--shape", "jsm-ops", "-o", tmp_path / "o.json"
    )
    assert result.status == 0
    assert [
        rule["delay"] for rule in json.loads((tmp_path / "o.json").read_text())["rules"]
    ] == [0, 3, 8, 15]


def test_export_pagerduty_several(cli: Run, tmp_path: Path) -> None:
    """Several level paths give a JSON list; losses go to standard error."""
    matrix = em.default_matrix()
    builder = em.MatrixBuilder.from_matrix(matrix)
    for index, role in enumerate(matrix.roles):
        builder.update_role(
            role.key, contacts=[Contact(role.title, ids={"pagerduty": f"P{index}"})]
        )
    path = tmp_path / "m.toml"
    em.dump(builder.build(), path)
    result = cli("export", "pagerduty", path)
    assert result.status == 0
    assert len(json.loads(result.out)) == 3
    assert (
        f"{path}: $.policy.priority: dropped: the priority table is not kept: PagerDuty has none"
        in result.err.splitlines()
    )
    result = cli("export", "pagerduty", path, "--strict")
    assert (result.status, result.out) == (1, "")


def test_export_without_targets(cli: Run, tmp_path: Path) -> None:
    """A matrix without tool ids cannot be exported: every role is named."""
    path = tmp_path / "m.toml"
    em.dump(em.default_matrix(), path)
    result = cli("export", "opsgenie", path)
    assert result.status == 1
    assert result.err.splitlines()[0].startswith(
        f"{path}: $.roles[1].contacts: level L2 has no contact Opsgenie can notify"
    )


def test_help_lists_the_commands(cli: Run) -> None:
    """The commands are listed, and their help is in the reader's language."""
    result = cli("--help")
    assert "import" in result.out
    assert "export" in result.out
    result = cli("--locale", "it", "import", "--help")
    assert "Legge le policy di escalation" in result.out


def test_command_module_loads_little() -> None:
    """The command's module loads no converter, model, routing or file format."""
    code = (
        "import sys, escalation_matrix._cli.interop_commands\n"
        "heavy = ('_interop', '_model', '_routing', '_serialization', '_render.render')\n"
        "print(sorted(m for m in sys.modules if m.startswith("
        "tuple('escalation_matrix.' + name for name in heavy))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
