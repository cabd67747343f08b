"""The catalog command: a matrix's texts as a .po file, made and updated."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import escalation_matrix as em
from tests.test_cli import Run, cli, environment, matrix_file

__all__ = ["cli", "environment"]  # the fixtures, used by name


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _small() -> em.Matrix:
    return (
        em.MatrixBuilder("support", "Support")
        .add_role("agent", "Agent")
        .add_level("L1", role="agent", name="First line")
        .add_issue_type("outage", "Outage", {"L1": "Restart the service."})
        .build()
    )


def test_writes_a_catalog_to_translate(cli: Run, tmp_path: Path) -> None:
    """--locale and -o write the language's .po, every text untranslated."""
    source = matrix_file(tmp_path, _small())
    target = tmp_path / "de.po"
    assert cli("catalog", source, "--locale", "de", "-o", target) == (0, "", "")
    catalog = _read(target)
    assert catalog.locale_identifier == "de"
    assert [(m.context, m.id, m.string) for m in catalog if m.id] == [
        ("matrix:title", "Support", ""),
        ("role:agent:title", "Agent", ""),
        ("level:L1:name", "First line", ""),
        ("issue_type:outage:name", "Outage", ""),
        ("cell:outage:L1", "Restart the service.", ""),
    ]


def test_template_on_standard_output(cli: Run) -> None:
    """Without --locale or -o, the built-in matrix's template is printed."""
    result = cli("catalog")
    assert (result.status, result.err) == (0, "")
    assert (
        'msgctxt "level:L1:name"\nmsgid "Level 1 - Escalation"\nmsgstr ""' in result.out
    )
    assert '"Language:' not in result.out


def test_update_keeps_translations_and_loads(cli: Run, tmp_path: Path) -> None:
    """Run again after the matrix changed: translations stay, new texts come."""
    source = matrix_file(tmp_path, _small())
    folder = tmp_path / "catalogs" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    target = folder / "escalation_matrix.po"
    assert cli("catalog", source, "--locale", "de", "-o", target).status == 0
    text = target.read_text("utf-8").replace(
        'msgid "First line"\nmsgstr ""', 'msgid "First line"\nmsgstr "Erste Ebene"'
    )
    target.write_text(text, "utf-8")
    grown = (
        em.MatrixBuilder.from_matrix(_small())
        .add_level("L2", role="agent", name="Second line")
        .set_responsibility("outage", "L2", "Find the cause.")
        .build()
    )
    em.dump(grown, source)
    assert cli("catalog", source, "-o", target) == (0, "", "")
    catalog = _read(target)
    assert catalog.locale_identifier == "de"
    assert catalog.get("First line", context="level:L1:name").string == "Erste Ebene"  # type: ignore[union-attr]
    assert catalog.get("Second line", context="level:L2:name").string == ""  # type: ignore[union-attr]
    german = em.translate(grown, "de", catalogs=[tmp_path / "catalogs"])
    assert german.level("L1").name == "Erste Ebene"


def test_not_a_catalog(cli: Run, tmp_path: Path) -> None:
    """An -o file that is no catalog is left alone, with an error: status 1."""
    target = tmp_path / "de.po"
    target.write_text('msgid "a"\nnonsense\n', "utf-8")
    result = cli("catalog", "-o", target)
    assert result.status == 1
    assert result.err.startswith(
        f"escalation-matrix catalog: error: {str(target)!r} is not a message "
        "catalog (.po file), so it cannot be updated: "
    )
    assert target.read_text("utf-8") == 'msgid "a"\nnonsense\n'


def test_unreadable_catalog(cli: Run, tmp_path: Path) -> None:
    """An -o that is no regular file is refused before it is read: status 3."""
    result = cli("catalog", "-o", tmp_path)
    assert result.status == 3
    assert result.err.startswith("escalation-matrix catalog: error: cannot write ")


def test_bad_matrix_file(cli: Run, tmp_path: Path) -> None:
    """An invalid matrix file is reported as show reports it."""
    broken = tmp_path / "m.toml"
    broken.write_text("key = 3\n", "utf-8")
    result = cli("catalog", broken, "--locale", "de")
    assert (result.status, result.out) == (1, "")


def test_bad_locale(cli: Run) -> None:
    """A malformed locale is a usage error."""
    assert cli("catalog", "--locale", "../x").status == 2


@pytest.mark.parametrize("command", ["catalog", "route"])
def test_help_in_italian(cli: Run, command: str) -> None:
    """The help's placeholders are Italian, and so are its texts."""
    result = cli("--locale", "it", command, "--help")
    assert result.status == 0
    assert "[--locale LINGUA]" in result.out
    assert "LOCALE" not in result.out.replace("LC_MESSAGES", "")
