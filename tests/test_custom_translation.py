"""Custom content in the reader's language: extract, translate in a .po, load."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

import escalation_matrix as em
from escalation_matrix import Issue, Overlay, apply_overlay, default_matrix
from escalation_matrix._i18n.translator import clear_cache
from escalation_matrix._model.overlay import overlay_texts
from escalation_matrix._serialization.extractor import extract_matrix
from tests.helpers import explain
from tests.test_edits import EXECUTIVE_TEXTS, five_levels
from tests.test_overlays import ADD_AND_CHANGE

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PYPROJECT = """\
[[tool.babel.mappings]]
method = "escalation_matrix"
pattern = "matrices/**.toml"
"""
# Italian for the custom texts; the last cell of L5 is left untranslated.
ITALIAN = {
    "Executive": "Dirigente",
    "Level 5 - Executive": "Livello 5 - Direzione",
    **{
        text: f"Decidi ai vertici su {key}."
        for key, text in EXECUTIVE_TEXTS.items()
        if key != "subscription_interruptions"
    },
    "Security breach": "Violazione della sicurezza",
    "Check the dashboards first.": "Controlla prima i cruscotti.",
    "Helpdesk": "Assistenza",
}


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Every test reads its catalogs anew."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Extract a custom matrix and an overlay with pybabel; translate to Italian."""
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text(PYPROJECT, "utf-8")
    matrices = root / "matrices"
    matrices.mkdir()
    em.dump(five_levels(), matrices / "five.toml")
    (matrices / "acme.toml").write_text(ADD_AND_CHANGE, "utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "--quiet",
            "extract",
            "--mapping-file=pyproject.toml",
            "--output-file=messages.pot",
            ".",
        ],
        cwd=root,
        check=True,
    )
    with (root / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale="it")
    for message in catalog:
        if isinstance(message.id, str) and message.id in ITALIAN:
            message.string = ITALIAN[message.id]
    target = root / "locale" / "it" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "escalation_matrix.po").open("wb") as handle:
        write_po(handle, catalog)
    return root / "locale"


def test_custom_level_translated(catalogs: Path) -> None:
    """The new level's name, role title and cells come from the user's catalog."""
    italian = em.translate(five_levels(), "it", catalogs=[catalogs])
    assert (
        italian.level("L5").name,
        italian.role("executive").title,
        italian.responsibility("performance_hiccups", "L5"),
    ) == (
        "Livello 5 - Direzione",
        "Dirigente",
        "Decidi ai vertici su performance_hiccups.",
    )


def test_builtin_texts_still_translated(catalogs: Path) -> None:
    """The built-in texts keep their shipped Italian translations."""
    italian = em.translate(five_levels(), "it", catalogs=[catalogs])
    assert (italian.level("L1").name, italian.role("project_manager").title) == (
        "Livello 1 - Escalation",
        "Project Manager",
    )


def test_untranslated_custom_text_falls_back(catalogs: Path) -> None:
    """A custom text without a translation keeps its source text."""
    italian = em.translate(five_levels(), "it", catalogs=[catalogs])
    assert (
        italian.responsibility("subscription_interruptions", "L5")
        == EXECUTIVE_TEXTS["subscription_interruptions"]
    )


def test_strict_lists_the_untranslated_custom_text(catalogs: Path) -> None:
    """Strict translation names the custom text left without a translation."""
    with pytest.raises(em.exceptions.MissingTranslationsError) as caught:
        em.translate(five_levels(), "it", catalogs=[catalogs], strict=True)
    assert caught.value.missing == (
        (
            "cell:subscription_interruptions:L5",
            EXECUTIVE_TEXTS["subscription_interruptions"],
        ),
    )


def test_loaded_matrix_translated(catalogs: Path, tmp_path: Path) -> None:
    """A custom matrix read from its file is translated by translate()."""
    path = tmp_path / "five.json"
    em.dump(five_levels(), path)
    italian = em.translate(em.load(path), "it", catalogs=[catalogs])
    assert italian.level("L5").name == "Livello 5 - Direzione"


def test_overlay_texts_translated(catalogs: Path) -> None:
    """The texts an overlay brings are translated in the matrix it makes."""
    acme = apply_overlay(default_matrix(), em.loads(ADD_AND_CHANGE, "toml", Overlay))
    italian = em.translate(acme, "it", catalogs=[catalogs])
    assert (
        italian.issue_type("security_breach").name,
        italian.responsibility("performance_hiccups", "L1"),
        italian.level("L1").name,
        italian.level("L2").name,
    ) == (
        "Violazione della sicurezza",
        "Controlla prima i cruscotti.",
        "Assistenza",
        "Livello 2 - Escalation",
    )


def test_explained_in_italian(catalogs: Path) -> None:
    """A decision at the new level is explained with its translated names."""
    matrix = five_levels()
    decision = em.route(
        matrix,
        Issue("performance_hiccups", OPENED),
        now=OPENED + timedelta(days=3),
    )
    sentences = explain(decision, "it", catalogs=[str(catalogs)])
    (handles,) = [
        line for line in sentences if line.startswith("La segnalazione è in carico")
    ]
    assert "Dirigente (L5)" in handles
    assert "Decidi ai vertici su performance_hiccups." in handles


def test_overlay_file_gives_only_its_texts() -> None:
    """Extracting an overlay file gives the texts it brings, with their contexts."""
    from io import BytesIO  # noqa: PLC0415

    found = [
        (messages[0], messages[1])
        for _, _, messages, _ in extract_matrix(
            BytesIO(ADD_AND_CHANGE.encode()), ["pgettext"], [], {"format": "toml"}
        )
    ]
    assert found == [
        ("issue_type:security_breach:name", "Security breach"),
        ("cell:security_breach:L1", "Isolate the system."),
        ("cell:security_breach:L2", "Call the security team."),
        ("cell:security_breach:L3", "Inform the customer."),
        ("cell:security_breach:L4", "Agree on compensation."),
        ("cell:performance_hiccups:L1", "Check the dashboards first."),
        ("level:L1:name", "Helpdesk"),
    ]


def test_overlay_texts_cover_every_kind() -> None:
    """Overlay texts include changed names, added levels' cells and severities."""
    overlay = Overlay(
        "all",
        title="T",
        description="D",
        roles=[em.Role("exec", "Exec", description="Boss")],
        levels=[em.Level("L5", 5, "exec", "Top")],
        responsibilities={"L5": {"outage": "Decide."}},
        changes={
            "roles": {"agent": {"title": "Agent!"}},
            "issue_types": {
                "outage": {"name": "Down", "responsibilities": {"L1": "Go."}}
            },
        },
        policy={"severities": [em.Severity("high", "High", description="Bad")]},
    )
    assert [(t.context, t.text) for t in overlay_texts(overlay)] == [
        ("matrix:title", "T"),
        ("matrix:description", "D"),
        ("role:exec:title", "Exec"),
        ("role:exec:description", "Boss"),
        ("level:L5:name", "Top"),
        ("cell:outage:L5", "Decide."),
        ("role:agent:title", "Agent!"),
        ("issue_type:outage:name", "Down"),
        ("cell:outage:L1", "Go."),
        ("severity:high:name", "High"),
        ("severity:high:description", "Bad"),
    ]


def test_overlay_comments_say_where_texts_appear() -> None:
    """Each overlay text carries the translator comment of its place."""
    overlay = Overlay("c", texts={"cell:outage:L2": "Go.", "role:agent:title": "A"})
    assert [t.comment for t in overlay_texts(overlay)] == [
        "Cell of the matrix table: what the role holding level 'L2' does about "
        "issues of type 'outage'.",
        "Title of the role 'agent', shown in the 'Operational role' row of the "
        "matrix table.",
    ]
