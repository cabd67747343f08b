"""One language per output, catalogs made from matrices, and the builder's translations.

The output's language is the first asked for in which the program's
messages exist, else the matrix's, else English; catalogs of matrix texts
alone do not change it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import escalation_matrix as em
from escalation_matrix._i18n.locales import parse_locale
from escalation_matrix._i18n.template import plural_forms
from escalation_matrix._i18n.translator import clear_cache, output_locale
from escalation_matrix.exceptions import (
    CatalogError,
    UnknownLevelError,
    ValidationError,
    WrongTypeError,
)
from tests.catalog_files import write_catalog
from tests.test_cli import Run, cli, environment, matrix_file

__all__ = ["cli", "environment"]  # the fixtures, used by name

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
WHEN = ("--opened", "2026-11-27T09:00Z", "--now", "2026-11-27T12:00Z")


def _italian_matrix() -> em.Matrix:
    """A matrix written in Italian, as a file would have it."""
    return (
        em.MatrixBuilder("supporto", "Escalation del supporto", language="it")
        .add_role("agent", "Operatore")
        .add_role("lead", "Capo squadra")
        .add_level("L1", role="agent", name="Primo livello", delay="1h 30m")
        .add_level("L2", role="lead", name="Secondo livello")
        .add_issue_type(
            "outage",
            "Disservizio",
            {"L1": "Riavvia il servizio.", "L2": "Trova la causa."},
        )
        .build()
    )


def _german_matrix_texts(directory: Path) -> Path:
    """A German catalog of the Italian matrix's texts, and nothing else."""
    return write_catalog(
        directory,
        "de",
        [
            ("role:lead:title", "Capo squadra", "Teamleiter"),
            ("cell:outage:L2", "Trova la causa.", "Ursache finden."),
        ],
    )


class TestTheLanguageOfAnOutput:
    def test_matrix_texts_alone_make_no_output_language(self, tmp_path: Path) -> None:
        """A German catalog of matrix texts: no German sentences, so no German."""
        _german_matrix_texts(tmp_path)
        assert str(output_locale("de", catalogs=[tmp_path])) == "en"
        assert str(output_locale("de", catalogs=[tmp_path], fallback="it")) == "it"
        write_catalog(
            tmp_path,
            "de",
            [("decision", "Why:", "Warum:")],
            domain="escalation_matrix_messages",
        )
        clear_cache()  # the directory's catalogs are read anew
        assert str(output_locale("de", catalogs=[tmp_path], fallback="it")) == "de"

    def test_an_unknown_matrix_language_falls_back_to_english(self) -> None:
        """The matrix's language counts only where the program speaks it."""
        assert str(output_locale("de", fallback="fr")) == "en"
        assert str(output_locale(["fr", "de"], fallback="it_CH")) == "it_CH"
        assert str(output_locale("de", fallback="tlh_QO")) == "en"

    def test_german_reader_italian_matrix_file(self, cli: Run, tmp_path: Path) -> None:
        """LANG=de on an Italian matrix: Italian sentences, names and dates."""
        path = matrix_file(tmp_path, _italian_matrix())
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("LANG", "de_DE.UTF-8")
            result = cli("route", "outage", path, *WHEN, "--width", "200")
        assert result.status == 0, result.err
        assert result.out.startswith(
            "La segnalazione è in carico al ruolo Capo squadra (L2). Trova la causa."
        )
        assert "Il giorno 27 nov 2026 alle 10:30 è scattata" in result.out
        assert "handles" not in result.out
        assert result.out.endswith("Orari espressi nel fuso orario UTC.\n")

    def test_matrix_only_catalog_gives_no_mixed_output(
        self, cli: Run, tmp_path: Path
    ) -> None:
        """--locale de with a German catalog of the matrix only: one language."""
        path = matrix_file(tmp_path, _italian_matrix())
        _german_matrix_texts(tmp_path / "cat")
        args = ("--locale", "de", "--catalogs", tmp_path / "cat", "--width", "200")
        italian = cli("route", "outage", path, *WHEN, *args)
        assert italian.status == 0, italian.err
        assert "Capo squadra (L2)" in italian.out
        assert "Teamleiter" not in italian.out
        assert "27 nov 2026" in italian.out
        english = cli(
            "plan", "performance_hiccups", "--opened", "2026-11-27T09:00Z", *args
        )
        assert english.out.startswith("- From Nov 27, 2026, 9:00\u202fAM")
        assert "27.11.2026" not in english.out

    def test_show_italian_matrix_to_a_german_reader(
        self, cli: Run, tmp_path: Path
    ) -> None:
        """The table's labels are in the matrix's language too."""
        path = matrix_file(tmp_path, _italian_matrix())
        result = cli("show", path, "--locale", "de_DE", "--format", "csv")
        assert result.out.splitlines()[0] == (
            "Tipi di escalation,Primo livello,Secondo livello"
        )

    def test_api_decision_with_its_matrix(self) -> None:
        """render(decision, matrix=...) finds the matrix's language."""
        matrix = _italian_matrix()
        decision = em.route(matrix, em.Issue("outage", OPENED), now=NOW)
        text = em.render(decision, locale="de", matrix=matrix, width=200)
        assert text.startswith("La segnalazione è in carico al ruolo Capo squadra")
        english = em.render(decision, locale="de", width=200)
        assert english.startswith("Capo squadra (L2) handles it")
        assert "Nov 27, 2026" in english

    def test_help_names_language_and_both_catalogs(self, cli: Run) -> None:
        """--locale's help names LANGUAGE; --catalogs' names both files."""
        out = " ".join(cli("route", "--help").out.split())
        assert "the first language of LANGUAGE, then of LC_ALL" in out
        assert "escalation_matrix_messages.po (or .mo)" in out


class TestDomains:
    def test_entries_count_by_context_in_either_file(
        self, cli: Run, tmp_path: Path
    ) -> None:
        """A matrix text in the messages' file, a message in the matrix's: used."""
        write_catalog(
            tmp_path,
            "it",
            [("level:L1:name", "Level 1 - Escalation", "PRIMO")],
            domain="escalation_matrix_messages",
        )
        write_catalog(
            tmp_path,
            "it",
            [("table", "Escalation types", "TIPI")],
        )
        italian = em.translate(em.default_matrix(), "it", catalogs=[tmp_path])
        assert italian.level("L1").name == "PRIMO"
        shown = cli("show", "--locale", "it", "--catalogs", tmp_path, "--format", "csv")
        assert shown.out.splitlines()[0].startswith("TIPI,PRIMO,")
        checked = cli("validate", "--catalogs", tmp_path)
        assert checked.status == 0
        assert checked.out.count(": valid\n") == 2


class TestMessagesOfRender:
    def _decision(self) -> em.Decision:
        return em.route(
            em.default_matrix(), em.Issue("performance_hiccups", OPENED), now=NOW
        )

    def test_unknown_level_and_role_of_a_decision(self) -> None:
        """The keys of levels and roles a decision carries are checked."""
        with pytest.raises(CatalogError) as raised:
            em.render(
                self._decision(),
                locale="it",
                messages={
                    "cell:performance_hiccups:L9": "x",
                    "role:cto:title": "y",
                    "level:L1:title": "z",
                },
            )
        text = str(raised.value)
        assert "messages['cell:performance_hiccups:L9']: names no level" in text
        assert "messages['role:cto:title']: names no role" in text
        assert "'level' texts are name, description" in text

    def test_by_locale_with_a_list(self) -> None:
        """{locale: {context: text}} finds the output's language in a list."""
        given = {"it-CH": {"role:project_manager:title": "Capo progetto"}}
        text = em.render(self._decision(), locale=["fr", "it_CH"], messages=given)
        assert "ruolo Capo progetto (L2)" in text
        # Given for another language: checked, not used.
        other = {"de": {"role:project_manager:title": "Projektleiter"}}
        assert "Projektleiter" not in em.render(
            self._decision(), locale="it", messages=other
        )
        with pytest.raises(CatalogError, match="names no level"):
            em.render(
                self._decision(), locale="it", messages={"de": {"level:L9:name": "x"}}
            )

    def test_flat_messages_are_the_outputs_language(self) -> None:
        """Flat messages are in the output's language, whichever of a list it is."""
        flat = {"role:project_manager:title": "Capo progetto"}
        assert "Capo progetto" in em.render(
            self._decision(), locale=["it", "fr"], messages=flat
        )
        # No French catalog: the output is Italian, and so are the texts.
        assert "Capo progetto" in em.render(
            self._decision(), locale=["fr", "it"], messages=flat
        )
        # In no language asked for (English, the source's): left out.
        assert "Capo progetto" not in em.render(
            self._decision(), locale=["fr", "de"], messages=flat
        )

    def test_messages_must_be_a_mapping(self) -> None:
        """Anything but a mapping is refused, by name."""
        with pytest.raises(WrongTypeError, match="messages"):
            em.render(self._decision(), locale="it", messages=["x"])  # type: ignore[arg-type]

    def test_table_by_locale(self) -> None:
        """A matrix's table takes translations by locale too."""
        given = {"it": {"level:L1:name": "Primo"}}
        text = em.render(em.default_matrix(), "csv", locale="it_CH", messages=given)
        assert text.splitlines()[0].startswith("Tipi di escalation,Primo,")


class TestCatalogs:
    def test_plural_rule_and_header(self) -> None:
        """Gettext's plural rule for the language; no placeholders in the header."""
        catalog = em.matrix_catalog(em.default_matrix(), "it")
        assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
        assert catalog.num_plurals == 2
        headers = dict(catalog.mime_headers)
        assert headers["Project-Id-Version"].startswith("default (escalation-matrix ")
        assert "VERSION" not in headers["Project-Id-Version"]
        assert headers["Report-Msgid-Bugs-To"] == ""
        assert plural_forms(parse_locale("fr")) == "nplurals=2; plural=(n > 1);"
        assert plural_forms(parse_locale("ja")) == "nplurals=1; plural=(0);"
        assert plural_forms(parse_locale("ru")).startswith("nplurals=3;")

    def test_another_language_is_refused(self) -> None:
        """Updating an Italian catalog as a German one would mislabel it."""
        italian = em.matrix_catalog(em.default_matrix(), "it")
        with pytest.raises(CatalogError, match="is in 'it', not 'de'"):
            em.matrix_catalog(em.default_matrix(), "de", update=italian)
        swiss = em.matrix_catalog(em.default_matrix(), "it_CH", update=italian)
        assert swiss.locale_identifier == "it_CH"
        template = em.matrix_catalog(em.default_matrix())
        assert isinstance(
            em.matrix_catalog(em.default_matrix(), "de", update=template), Catalog
        )

    def test_command_makes_folders(self, cli: Run, tmp_path: Path) -> None:
        """-o in folders that do not exist yet: they are made."""
        target = tmp_path / "locale" / "de" / "LC_MESSAGES" / "escalation_matrix.po"
        assert cli("catalog", "--locale", "de", "-o", target).status == 0
        with target.open("rb") as handle:
            assert read_po(handle).locale_identifier == "de"
        blocked = tmp_path / "file"
        blocked.write_text("x", "utf-8")
        failed = cli("catalog", "--locale", "de", "-o", blocked / "de.po")
        assert failed.status == 3
        assert "cannot write" in failed.err

    def test_command_speaks_the_readers_language(
        self, cli: Run, tmp_path: Path
    ) -> None:
        """Catalog --locale de: the catalog is German, the messages Italian."""
        target = tmp_path / "it.po"
        assert cli("catalog", "--locale", "it", "-o", target).status == 0
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("LANG", "it_IT.UTF-8")
            result = cli("catalog", "--locale", "de", "-o", target)
        assert result.status == 1
        assert "è un catalogo per «it», non per «de»" in result.err
        english = cli("catalog", "--locale", "de", "-o", target)
        assert "is a catalog of 'it', not of 'de'" in english.err
        with target.open("rb") as handle:
            assert read_po(handle).locale_identifier == "it"

    def test_not_a_catalog_is_said_in_the_readers_words(
        self, cli: Run, tmp_path: Path
    ) -> None:
        """Why a file is no catalog, without the catalog reader's English."""
        garbage = tmp_path / "bad.po"
        garbage.write_text("garbage\n", "utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("LANG", "it_IT.UTF-8")
            result = cli("catalog", "--locale", "de", "-o", garbage)
        assert result.status == 1
        assert result.err.endswith(
            "non contiene voci gettext leggibili (msgid, msgstr)\n"
        )
        binary = tmp_path / "bin.po"
        binary.write_bytes(b"\xff\xfe")
        result = cli("catalog", "--locale", "de", "-o", binary)
        assert result.err.endswith("it is not UTF-8 text\n")


class TestBuilder:
    def _builder(self) -> em.MatrixBuilder:
        return em.MatrixBuilder.from_matrix(em.default_matrix())

    @pytest.mark.parametrize(
        ("messages", "problem"),
        [
            ({"../x": {"role:cto:title": "D"}}, "must be a locale such as"),
            ({"it": {"role:cto:nome": "D"}}, "'role' texts are title, description"),
            ({"it": {"role:cto:title": "a {x}"}}, "placeholders differ"),
            ({"it": {"role:cto:title": "a\x1b"}}, "control character U\\+001B"),
            ({"it": {"role:cto:title": "a\nb"}}, "line break"),
            ({"it": {"role:cto:title": " "}}, "something visible"),
            ({"it": {"role:cto:title": "a {"}}, "a lone"),
            ({"xx_YY": {"role:cto:title": "D"}}, "must be a locale such as"),
            ({"it": {"role:boss:title": "D"}}, "of a text of role 'cto'"),
        ],
    )
    def test_messages_are_checked(self, messages: object, problem: str) -> None:
        """The builder checks its translations as translate() checks them."""
        with pytest.raises(ValidationError, match=problem):
            self._builder().add_role("cto", "CTO", messages=messages)  # type: ignore[arg-type]

    def test_locales_are_normalised(self) -> None:
        """it_CH and it-CH are one locale."""
        builder = self._builder().add_role(
            "cto", "CTO", messages={"it-CH": {"role:cto:title": "Direttore"}}
        )
        assert builder.messages("it_CH") == {"role:cto:title": "Direttore"}
        assert builder.messages("it-CH") == builder.messages("it_CH")

    def test_placeholders_of_the_source_are_kept(self) -> None:
        """A source with a placeholder needs it in the translation."""
        with pytest.raises(ValidationError, match="placeholders differ"):
            self._builder().add_level(
                "L5",
                role="sales_manager",
                name="Level {n}",
                responsibilities={
                    it.key: "x" for it in em.default_matrix().issue_types
                },
                messages={"it": {"level:L5:name": "Livello"}},
            )

    def test_edits_take_parts(self) -> None:
        """Edit methods take the parts that lookups take."""
        matrix = em.default_matrix()
        built = (
            self._builder()
            .update_level(matrix.level("L4"), delay="9h")
            .update_role(matrix.role("sales_manager"), title="Sales")
            .rename_role(matrix.role("sales_manager"), "sales")
            .update_issue_type(matrix.issue_type("performance_hiccups"), name="Perf")
            .set_responsibility(
                matrix.issue_type("performance_hiccups"), matrix.level("L1"), "Look."
            )
            .build()
        )
        assert built.level("L4").delay == timedelta(hours=9)
        assert built.role("sales").title == "Sales"
        assert built.issue_type("performance_hiccups").name == "Perf"
        assert built.responsibility("performance_hiccups", "L1") == "Look."
        removed = self._builder().remove_level(matrix.level("L4"))
        with pytest.raises(UnknownLevelError):
            removed.update_level(matrix.level("L4"), delay="1h")

    def test_issue_takes_a_severity(self) -> None:
        """Issue(severity=<Severity>) keeps its key, as lookups would."""
        matrix = em.default_matrix()
        critical = matrix.policy.severities[0]
        issue = em.Issue("performance_hiccups", OPENED, severity=critical)
        assert issue.severity == critical.key
        assert em.route(matrix, issue, now=NOW).severity == critical.key
        with pytest.raises(ValidationError, match="severity"):
            em.Issue("performance_hiccups", OPENED, severity=3)  # type: ignore[arg-type]
