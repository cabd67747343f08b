"""Translations given in code (messages=), carried by the builder, and catalogs made from matrices."""

from __future__ import annotations

import copy
import gc
import io
import weakref
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import escalation_matrix as em
from escalation_matrix._i18n.messages import check_messages, context_problem
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix.exceptions import (
    ArgumentError,
    CatalogError,
    LocaleError,
    ValidationError,
    WrongTypeError,
)
from tests.catalog_files import write_catalog

OPENED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_caches() -> Any:
    """Catalogs are read anew by each test."""
    clear_cache()
    yield
    clear_cache()


def bigger() -> em.MatrixBuilder:
    """The built-in matrix with a fifth level and an issue type, in English."""
    base = em.default_matrix()
    return (
        em.MatrixBuilder.from_matrix(base)
        .update_level("L4", delay=timedelta(hours=8))
        .add_role("cto", "Chief technology officer")
        .add_level(
            "L5",
            role="cto",
            name="Level 5 - Escalation",
            responsibilities={
                it.key: "Decide what to stop." for it in base.issue_types
            },
        )
        .add_issue_type(
            "data_loss",
            "Data loss",
            {f"L{rank}": f"Restore what level {rank} can." for rank in range(1, 6)},
        )
    )


#: Italian for what bigger() adds, and only that.
ITALIAN = {
    "role:cto:title": "Direttore tecnico",
    "level:L5:name": "Livello 5 - Escalation",
    "issue_type:data_loss:name": "Perdita di dati",
    **{
        f"cell:{it.key}:L5": "Decide che cosa fermare."
        for it in em.default_matrix().issue_types
    },
    **{
        f"cell:data_loss:L{rank}": f"Ripristina ciò che il livello {rank} può."
        for rank in range(1, 6)
    },
}


class TestTranslateWithMessages:
    def test_new_parts_translated_with_messages_only(self) -> None:
        """A fifth level and a new issue type read in Italian; strictness holds."""
        matrix = bigger().build()
        italian = em.translate(matrix, "it", messages=ITALIAN, strict=True)
        assert italian.level("L5").name == "Livello 5 - Escalation"
        assert italian.role("cto").title == "Direttore tecnico"
        assert italian.issue_type("data_loss").name == "Perdita di dati"
        assert italian.responsibility("data_loss", "L5") == (
            "Ripristina ciò che il livello 5 può."
        )
        assert italian.responsibility("performance_hiccups", "L5") == (
            "Decide che cosa fermare."
        )
        # The catalogs still give the rest.
        assert italian.level("L1").name == "Livello 1 - Escalation"
        assert italian.language == "it"

    def test_messages_win_over_catalogs(self) -> None:
        """A text given in code replaces the catalog's translation."""
        italian = em.translate(
            em.default_matrix(), "it", messages={"level:L1:name": "Primo livello"}
        )
        assert italian.level("L1").name == "Primo livello"
        assert italian.level("L2").name == "Livello 2 - Escalation"

    def test_messages_without_any_catalog(self) -> None:
        """A language no catalog has is wholly translated by messages."""
        matrix = (
            em.MatrixBuilder("m", "Support")
            .add_role("a", "Agent")
            .add_level("L1", role="a", name="First")
            .add_issue_type("outage", "Outage", {"L1": "Restart it."})
            .build()
        )
        messages = {
            "matrix:title": "Unterstützung",
            "role:a:title": "Agent",
            "level:L1:name": "Erste",
            "issue_type:outage:name": "Ausfall",
            "cell:outage:L1": "Neu starten.",
        }
        german = em.translate(matrix, "de_AT", messages=messages, strict=True)
        assert (german.title, german.language) == ("Unterstützung", "de_AT")

    def test_missing_with_messages_still_strict(self) -> None:
        """strict=True lists what neither messages nor catalogs translate."""
        matrix = bigger().build()
        with pytest.raises(em.exceptions.MissingTranslationsError) as caught:
            em.translate(matrix, "it", messages={"role:cto:title": "CTO"}, strict=True)
        missing = dict(caught.value.missing)
        assert "level:L5:name" in missing
        assert "role:cto:title" not in missing

    def test_every_wrong_entry_reported(self) -> None:
        """Unknown contexts, wrong fields, placeholders, controls: all at once."""
        matrix = (
            em.MatrixBuilder("m", "Support {team}")
            .add_role("a", "Agent")
            .add_level("L1", role="a", name="First")
            .add_issue_type("outage", "Outage", {"L1": "Restart\nit."})
            .build()
        )
        messages: dict[object, object] = {
            "level:L9:name": "x",
            "level:L1:title": "x",
            "matrix:title": "Supporto {squadra}",
            "role:a:title": "Agente\x1b[2J",
            "level:L1:name": "Pri-\nmo",
            "cell:outage:L1": "Riavvia\ndi nuovo.",
            "issue_type:outage:name": "   ",
            42: "x",
            "bogus": "x",
        }
        with pytest.raises(CatalogError) as caught:
            em.translate(matrix, "it", messages=messages)  # type: ignore[arg-type]
        assert [str(problem) for problem in caught.value.problems] == [
            "messages['level:L9:name']: not a text of the matrix; did you mean "
            "'level:L1:name'?",
            "messages['level:L1:title']: 'level' texts are name, description; "
            "got 'level:L1:title'",
            "messages['matrix:title']: placeholders differ: expected {team}, got "
            "{squadra}",
            "messages['role:a:title']: must not contain control character U+001B, "
            "got 'Agente\\x1b[2J'",
            "messages['level:L1:name']: must be one line as its source is, without "
            "line break U+000A, got 'Pri-\\nmo'",
            "messages['issue_type:outage:name']: must be a non-blank text, got '   '",
            "messages[42]: a context must be a str such as 'level:L5:name', got 42",
            "messages['bogus']: must be a text context such as 'matrix:title', "
            "'level:<key>:name' or 'cell:<issue type>:<level>', got 'bogus'",
        ]

    def test_not_a_mapping(self) -> None:
        """The messages must be a mapping."""
        with pytest.raises(WrongTypeError, match="messages"):
            em.translate(em.default_matrix(), "it", messages=[("a", "b")])  # type: ignore[arg-type]

    def test_translation_of_translation_uses_sources(self) -> None:
        """Messages are checked against the source matrix of a translation."""
        italian = em.translate(em.default_matrix(), "it")
        again = em.translate(italian, "it", messages={"level:L1:name": "Uno"})
        assert again.level("L1").name == "Uno"

    @pytest.mark.parametrize(
        ("context", "expected"),
        [
            ("cell:outage:L2", None),
            ("matrix:description", None),
            ("severity:low:name", None),
            ("cell:outage", "must be a text context"),
            ("matrix:name", "'matrix' texts are title, description"),
            ("role::title", "must be a text context"),
        ],
    )
    def test_context_forms(self, context: str, expected: str | None) -> None:
        """Only the contexts the library uses are accepted."""
        found = context_problem(context)
        assert (found is None) if expected is None else (expected in (found or ""))

    def test_check_without_sources(self) -> None:
        """Without a matrix only the form, texts and line breaks are checked."""
        assert dict(check_messages({"cell:a:L9": "Due\nrighe"})) == {
            "cell:a:L9": "Due\nrighe"
        }
        with pytest.raises(CatalogError, match="must be one line"):
            check_messages({"level:L9:name": "Due\nrighe"})


class TestRenderWithMessages:
    def test_table(self) -> None:
        """The table shows the texts given in code, with Italian labels."""
        matrix = bigger().build()
        text = em.render(matrix, "csv", locale="it", messages=ITALIAN)
        header = text.splitlines()[0]
        assert header.endswith(",Livello 5 - Escalation")
        assert "Perdita di dati," in text

    def test_table_in_a_language_without_catalog_is_english(self) -> None:
        """Without a catalog of the language, the output is English, wholly."""
        matrix = bigger().build()
        text = em.render(
            matrix, "csv", locale="de", messages={"level:L5:name": "Stufe 5"}
        )
        assert text.splitlines()[0].endswith(",Level 5 - Escalation")
        with pytest.raises(CatalogError, match="not a text of the matrix"):
            em.render(matrix, "csv", locale="de", messages={"level:L6:name": "x"})

    def test_messages_need_a_locale(self) -> None:
        """Translations given in code say nothing without their locale."""
        with pytest.raises(ArgumentError, match="need the locale"):
            em.render(em.default_matrix(), messages={"level:L1:name": "Uno"})
        decision = em.route(
            em.default_matrix(), em.Issue("performance_hiccups", OPENED)
        )
        with pytest.raises(ArgumentError, match="need the locale"):
            em.render(decision, messages={"level:L1:name": "Uno"})

    def test_decision_and_plan(self) -> None:
        """Sentences name the new level and role with the texts given in code."""
        matrix = bigger().build()
        messages = ITALIAN
        issue = em.Issue("data_loss", OPENED)
        decision = em.route(matrix, issue, now=OPENED + timedelta(days=5))
        text = em.render(decision, locale="it", messages=messages, width=200)
        assert text.startswith(
            "La segnalazione è in carico al ruolo Direttore tecnico (L5). "
            "Ripristina ciò che il livello 5 può."
        )
        timeline = em.render(
            em.plan(matrix, issue), locale="it", messages=messages, width=200
        )
        assert "ruolo Direttore tecnico (L5)." in timeline
        assert "  Ripristina ciò che il livello 5 può." in timeline

    def test_decision_checked_against_the_matrix(self) -> None:
        """With matrix=, the contexts must be the matrix's; without, their form."""
        decision = em.route(
            em.default_matrix(), em.Issue("performance_hiccups", OPENED)
        )
        with pytest.raises(CatalogError, match="not a text of the matrix"):
            em.render(
                decision,
                locale="it",
                matrix=em.default_matrix(),
                messages={"level:L9:name": "x"},
            )
        with pytest.raises(CatalogError, match="'level' texts are"):
            em.render(decision, locale="it", messages={"level:L9:title": "x"})

    def test_decision_translations_checked_against_what_it_carries(self) -> None:
        """A result's own texts are checked as translate() checks the matrix's.

        Its responsibility is one line, so its translation is refused with a
        line break, as translate() refuses it, and not shown reflowed.
        """
        matrix = em.default_matrix()
        issue = em.Issue("performance_hiccups", OPENED)
        decision = em.route(matrix, issue, now=OPENED + timedelta(days=1))
        broken = {"cell:performance_hiccups:L3": "Comunica\ncon i clienti."}
        with pytest.raises(CatalogError) as caught:
            em.translate(matrix, "it", messages=broken)
        expected = [str(problem) for problem in caught.value.problems]
        for result in (decision, em.plan(matrix, issue)):
            for given in (broken, {"it": broken}):
                with pytest.raises(CatalogError) as caught:
                    em.render(result, locale="it", messages=given)
                assert [str(p) for p in caught.value.problems] == expected
        # Routed on a translation, checked against the texts it came from.
        italian = em.route(
            em.translate(matrix, "it"), issue, now=OPENED + timedelta(days=1)
        )
        with pytest.raises(CatalogError, match="must be one line"):
            em.render(italian, locale="it", messages=broken)
        # Placeholders too; a cell the result does not carry may break lines.
        with pytest.raises(CatalogError, match="placeholders differ"):
            em.render(
                decision,
                locale="it",
                messages={"cell:performance_hiccups:L3": "Comunica {a}."},
            )
        text = em.render(
            decision,
            locale="it",
            messages={"cell:data_loss:L3": "Due\nrighe."},
            width=200,
        )
        assert "Account Manager (L3)" in text


class TestBuilderMessages:
    def test_parts_bring_their_translations(self) -> None:
        """Each added part's translations are collected by locale."""
        builder = (
            em.MatrixBuilder("m", "Support")
            .add_role("a", "Agent", messages={"it": {"role:a:title": "Agente"}})
            .add_level(
                "L1",
                role="a",
                name="First",
                messages={
                    "it": {"level:L1:name": "Primo"},
                    "de": {"level:L1:name": "Erste"},
                },
            )
            .add_issue_type(
                "outage",
                "Outage",
                {"L1": "Restart it."},
                messages={
                    "it": {
                        "issue_type:outage:name": "Guasto",
                        "cell:outage:L1": "Riavvia.",
                    }
                },
            )
        )
        assert builder.messages("it") == {
            "role:a:title": "Agente",
            "level:L1:name": "Primo",
            "issue_type:outage:name": "Guasto",
            "cell:outage:L1": "Riavvia.",
        }
        assert builder.messages("de") == {"level:L1:name": "Erste"}
        assert builder.messages("fr") == {}
        matrix = builder.build()
        italian = em.translate(matrix, "it", messages=builder.messages("it"))
        assert italian.responsibility("outage", "L1") == "Riavvia."

    def test_renames_and_removals_follow(self) -> None:
        """Renaming a part renames its contexts; removing it drops them."""
        builder = bigger()
        builder.add_level(
            "L6",
            role="cto",
            name="Board",
            responsibilities=dict.fromkeys(("data_loss",), "Decide."),
            messages={
                "it": {"level:L6:name": "Consiglio", "cell:data_loss:L6": "Decide."}
            },
        )
        builder.add_role("ceo", "CEO", messages={"it": {"role:ceo:title": "AD"}})
        builder.rename_level("L6", "L7").rename_role("ceo", "boss")
        builder.rename_issue_type("data_loss", "loss")
        assert builder.messages("it") == {
            "level:L7:name": "Consiglio",
            "cell:loss:L7": "Decide.",
            "role:boss:title": "AD",
        }
        builder.remove_level("L7").remove_role("boss")
        assert builder.messages("it") == {}

    def test_a_copy_has_its_own(self) -> None:
        """A copied builder's translations change apart."""
        builder = em.MatrixBuilder("m", "S").add_role(
            "a", "A", messages={"it": {"role:a:title": "Agente"}}
        )
        twin = copy.copy(builder)
        twin.remove_role("a")
        assert builder.messages("it") == {"role:a:title": "Agente"}
        assert twin.messages("it") == {}

    def test_foreign_contexts_refused(self) -> None:
        """A part's translations may only name its own texts."""
        with pytest.raises(ValidationError) as caught:
            em.MatrixBuilder("m", "S").add_role(
                "a",
                "A",
                messages={"it": {"role:b:title": "B", "level:L1:name": "x"}, "de": 3},  # type: ignore[dict-item]
            )
        assert [str(problem) for problem in caught.value.problems] == [
            "$['it']['role:b:title']: must be a context of a text of role 'a', got "
            "'role:b:title'",
            "$['it']['level:L1:name']: must be a context of a text of role 'a', got "
            "'level:L1:name'",
            "$['de']: must map a locale (str) to texts by context, got 3",
        ]
        with pytest.raises(ValidationError, match="must be a mapping of locales"):
            em.MatrixBuilder("m", "S").add_role("a", "A", messages="it")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be a str"):
            em.MatrixBuilder("m", "S").add_role(
                "a",
                "A",
                messages={"it": {"role:a:title": 1}},  # type: ignore[dict-item]
            )


def _po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


class TestMatrixCatalog:
    def test_template_of_a_matrix_built_in_code(self) -> None:
        """Every text, with its context and comment; no language: a template."""
        matrix = bigger().build()
        template = em.matrix_catalog(matrix)
        assert template.locale is None
        messages = {(m.context, m.id): m for m in template if m.id}
        assert len(messages) == 57 + 3 + 8 + 5
        level = messages["level:L5:name", "Level 5 - Escalation"]
        assert level.auto_comments == [
            "Name of the escalation level 'L5', a column header of the matrix table."
        ]
        assert level.string == ""

    def test_a_po_made_edited_and_loaded(self, tmp_path: Path) -> None:
        """A catalog made from a matrix in code, filled in, translates it."""
        matrix = bigger().build()
        catalog = em.matrix_catalog(matrix, "it")
        assert catalog.locale_identifier == "it"
        for message in catalog:
            if message.id:
                message.string = ITALIAN.get(str(message.context), "")
        folder = tmp_path / "it" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "escalation_matrix.po").write_bytes(_po(catalog))
        italian = em.translate(matrix, "it", catalogs=[tmp_path])
        assert italian.level("L5").name == "Livello 5 - Escalation"
        assert italian.issue_type("data_loss").name == "Perdita di dati"
        # The user's catalog has empty strings for the built-in texts: the
        # built-in catalog still gives them.
        assert italian.level("L1").name == "Livello 1 - Escalation"

    def test_update_keeps_translations(self) -> None:
        """Updating keeps translations; a changed text gets a fuzzy guess."""
        matrix = bigger().build()
        catalog = em.matrix_catalog(matrix, "it")
        catalog.get("Data loss", context="issue_type:data_loss:name").string = "Perdita"  # type: ignore[union-attr]
        catalog.get("Chief technology officer", context="role:cto:title").string = "DT"  # type: ignore[union-attr]
        changed = bigger().update_role("cto", title="Chief technical officer").build()
        updated = em.matrix_catalog(changed, update=read_po(io.BytesIO(_po(catalog))))
        assert updated.get("Data loss", context="issue_type:data_loss:name").string == (  # type: ignore[union-attr]
            "Perdita"
        )
        guess = updated.get("Chief technical officer", context="role:cto:title")
        assert guess is not None
        assert guess.fuzzy
        assert str(updated.locale) == "it"

    def test_translation_gives_its_source(self) -> None:
        """A translated matrix's catalog has its source texts as messages."""
        italian = em.translate(em.default_matrix(), "it")
        catalog = em.matrix_catalog(italian, "fr")
        assert catalog.get("Level 1 - Escalation", context="level:L1:name") is not None

    def test_bad_arguments(self) -> None:
        """Wrong types and locales get the library's errors."""
        with pytest.raises(WrongTypeError, match="matrix"):
            em.matrix_catalog("m")  # type: ignore[arg-type]
        with pytest.raises(WrongTypeError, match="update"):
            em.matrix_catalog(em.default_matrix(), update={})  # type: ignore[arg-type]
        with pytest.raises(LocaleError):
            em.matrix_catalog(em.default_matrix(), "../x")


class TestDomains:
    def test_a_pack_of_matrix_texts_only(self, tmp_path: Path) -> None:
        """A directory with matrix texts only translates the matrix."""
        write_catalog(
            tmp_path, "de", [("level:L1:name", "Level 1 - Escalation", "Stufe 1")]
        )
        german = em.translate(em.default_matrix(), "de", catalogs=[tmp_path])
        assert german.level("L1").name == "Stufe 1"

    def test_a_pack_of_program_messages_only(self, tmp_path: Path) -> None:
        """A directory with program messages only translates the labels."""
        write_catalog(
            tmp_path,
            "de",
            [("table", "Escalation types", "Eskalationsarten")],
            domain="escalation_matrix_messages",
        )
        text = em.render(em.default_matrix(), "csv", locale="de", catalogs=[tmp_path])
        assert text.startswith("Eskalationsarten,Level 1 - Escalation")

    def test_an_entry_counts_by_its_context_in_either_file(
        self, tmp_path: Path
    ) -> None:
        """A matrix text in the messages' file is used: entries count by context."""
        write_catalog(
            tmp_path,
            "de",
            [("level:L1:name", "Level 1 - Escalation", "Stufe 1")],
            domain="escalation_matrix_messages",
        )
        german = em.translate(em.default_matrix(), "de", catalogs=[tmp_path])
        assert german.level("L1").name == "Stufe 1"
        assert (
            translator("de", catalogs=[tmp_path]).pgettext(
                "level:L1:name", "Level 1 - Escalation"
            )
            == "Stufe 1"
        )


class TestReuse:
    def test_same_translation_again(self) -> None:
        """The same matrix, locale and catalogs give the translation made before."""
        first = em.translate(em.default_matrix(), "it")
        assert em.translate(em.default_matrix(), "it") is first
        assert em.translate(em.default_matrix(), "it_CH") is not first

    def test_catalogs_read_anew(self, tmp_path: Path) -> None:
        """After clear_cache, a changed catalog is read and used."""
        path = write_catalog(
            tmp_path, "de", [("level:L1:name", "Level 1 - Escalation", "Stufe 1")]
        )
        first = em.translate(em.default_matrix(), "de", catalogs=[tmp_path])
        path.unlink()
        write_catalog(
            tmp_path, "de", [("level:L1:name", "Level 1 - Escalation", "Ebene 1")]
        )
        assert em.translate(em.default_matrix(), "de", catalogs=[tmp_path]) is first
        clear_cache()
        again = em.translate(em.default_matrix(), "de", catalogs=[tmp_path])
        assert again.level("L1").name == "Ebene 1"

    def test_strict_on_a_kept_translation(self) -> None:
        """A kept partial translation is still refused under strict=True."""
        matrix = bigger().build()
        em.translate(matrix, "it")
        with pytest.raises(em.exceptions.MissingTranslationsError):
            em.translate(matrix, "it", strict=True)

    def test_messages_not_kept(self) -> None:
        """Translations given in code make a new translation every time."""
        messages = {"level:L1:name": "Uno"}
        first = em.translate(em.default_matrix(), "it", messages=messages)
        second = em.translate(
            em.default_matrix(), "it", messages={"level:L1:name": "Due"}
        )
        assert (first.level("L1").name, second.level("L1").name) == ("Uno", "Due")
        assert em.translate(em.default_matrix(), "it").level("L1").name == (
            "Livello 1 - Escalation"
        )

    def test_matrices_translated_once_are_let_go(self) -> None:
        """Only the latest translations are kept: older matrices can be freed."""
        matrix = bigger().build()
        em.translate(matrix, "it")
        gone = weakref.ref(matrix)
        del matrix
        for _ in range(70):
            em.translate(bigger().build(), "it")
        gc.collect()
        assert gone() is None


@attrs.frozen(slots=False)
class _NotedRole(em.Role):
    """A role of a subclass without slots, with a field of its own."""

    note: str = "kept"


class TestCopies:
    def test_subclass_without_slots(self) -> None:
        """A part of a subclass without slots is copied with its own field."""
        matrix = (
            em.MatrixBuilder("m", "Support")
            .add(_NotedRole("agent", "Agent", note="on call"))
            .add_level("L1", role="agent", name="First")
            .add_issue_type("outage", "Outage", {"L1": "Restart."})
            .build()
        )
        italian = em.translate(matrix, "it", messages={"role:agent:title": "Agente"})
        role = italian.role("agent")
        assert isinstance(role, _NotedRole)
        assert (role.title, role.note) == ("Agente", "on call")

    def test_no_messages(self) -> None:
        """None is no translations at all."""
        assert dict(check_messages(None)) == {}

    def test_update_into_another_language(self) -> None:
        """An existing catalog updated with a locale takes that language."""
        catalog = em.matrix_catalog(em.default_matrix(), "de")
        assert em.matrix_catalog(
            em.default_matrix(), "de_AT", update=catalog
        ).locale_identifier == ("de_AT")
