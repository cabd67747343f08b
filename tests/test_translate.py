"""Translating matrices: the built-in one, users' own, fallbacks and strictness."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import babel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import Matrix, default_matrix, translate
from escalation_matrix._i18n.translate import _translate_matrix, retext
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix._model.texts import matrix_texts
from escalation_matrix._render.labels import ESCALATION_TYPES, OPERATIONAL_ROLE
from escalation_matrix.exceptions import LocaleError, MissingTranslationsError
from tests.catalog_files import matrix_entries, write_catalog
from tests.strategies import matrices, texts

DATA = Path(__file__).parent / "data"
Table = dict[tuple[str | None, str], str]
SEED_TITLE = "Esempio di modello di matrice per escalation dei problemi"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Every test reads its catalogs anew, and leaves no cache behind."""
    clear_cache()
    yield
    clear_cache()


def table(matrix: Matrix, locale: str) -> list[str]:
    """Render *matrix* as the seed's table: tab-separated rows."""
    labels = translator(locale)
    header = [labels.pgettext(*ESCALATION_TYPES), *(lv.name for lv in matrix.levels)]
    roles = [
        labels.pgettext(*OPERATIONAL_ROLE),
        *(matrix.role(level).title for level in matrix.levels),
    ]
    rows = [[it.name, *matrix.row(it)] for it in matrix.issue_types]
    return ["\t".join(row) for row in (header, roles, *rows)]


class TestBuiltinMatrix:
    def test_italian_is_the_seed_verbatim(self) -> None:
        """The Italian table is the seed's table, every text verbatim."""
        seed = (DATA / "seed_it.tsv").read_text("utf-8").splitlines()
        # The seed repeats its header rows above its second table and puts
        # some texts in bold; the texts themselves are compared.
        expected = list(dict.fromkeys(re.sub(r"</?b>", "", row) for row in seed))
        assert expected == table(translate(default_matrix(), "it"), "it")

    def test_english_differs_from_italian(self) -> None:
        """Every English text is present and differs from its Italian one.

        Three role titles are the same words in both: the seed itself writes
        them in English ("Project Manager", "Account Manager", "Sales
        Manager").
        """
        english = {text.context: text.text for text in matrix_texts(default_matrix())}
        italian = {
            text.context: text.text
            for text in matrix_texts(translate(default_matrix(), "it"))
        }
        loanwords = {
            "role:project_manager:title",
            "role:account_manager:title",
            "role:sales_manager:title",
        }
        assert english.keys() == italian.keys()
        assert len(english) >= 32 + 8 + 4 + 4 + 1
        for context, text in english.items():
            assert text.strip(), context
            if context in loanwords:
                assert text == italian[context]
            else:
                assert text != italian[context], context

    def test_italian_title(self) -> None:
        """The Italian title is the seed's."""
        assert translate(default_matrix(), "it").title == SEED_TITLE

    @pytest.mark.parametrize(
        ("severity", "name", "description"),
        [
            (
                "critical",
                "Critica",
                "Servizio non disponibile o un cliente chiave a rischio.",
            ),
            ("high", "Alta", "Impatto grave, nessuna soluzione alternativa."),
            (
                "medium",
                "Media",
                "Impatto limitato, oppure esiste una soluzione alternativa.",
            ),
            (
                "low",
                "Bassa",
                "Impatto minore; il problema è gestito dal team del progetto e dal suo responsabile.",
            ),
        ],
    )
    def test_italian_severities(
        self, severity: str, name: str, description: str
    ) -> None:
        """The library's own severity texts have Italian translations."""
        translated = translate(default_matrix(), "it").policy.severity(severity)
        assert (name, description) == (translated.name, translated.description)

    def test_english_is_the_source(self) -> None:
        """Translating to English gives the built-in matrix itself."""
        assert translate(default_matrix(), "en") == default_matrix()

    @pytest.mark.parametrize(
        ("locale", "language"),
        [
            ("it", "it"),
            ("it_IT", "it"),
            ("it-CH", "it"),
            ("it_CH.UTF-8", "it"),
            (babel.Locale("it", territory="CH"), "it"),
        ],
    )
    def test_italian_locales(self, locale: str | babel.Locale, language: str) -> None:
        """Every Italian locale falls back to the Italian catalog, whose language it takes."""
        translated = translate(default_matrix(), locale)
        assert translated.language == language
        assert translated.title == SEED_TITLE

    def test_keys_and_settings_unchanged(self) -> None:
        """Only texts change: keys, ranks, delays, roles and policy settings stay."""
        source, italian = default_matrix(), translate(default_matrix(), "it")
        assert source.level_keys == italian.level_keys
        assert source.role_keys == italian.role_keys
        assert source.issue_type_keys == italian.issue_type_keys
        assert [lv.delay for lv in source.levels] == [lv.delay for lv in italian.levels]
        assert [lv.role for lv in source.levels] == [lv.role for lv in italian.levels]
        assert source.policy.priority is italian.policy.priority

    def test_lookups_on_the_translation(self) -> None:
        """The translated matrix's lookups find its own, translated objects."""
        italian = translate(default_matrix(), "it")
        assert italian.level(2) is italian.levels[1]
        assert (
            italian.role(italian.level("L1")).title == "Contatto del team del progetto"
        )
        assert italian.issue_type("material_procurement") is italian.issue_types[5]
        assert italian.next_level("L3") is italian.levels[3]

    def test_translation_round_trips(self) -> None:
        """The translated matrix is a valid matrix in its own right."""
        italian = translate(default_matrix(), "it")
        assert em.from_dict(em.to_dict(italian)) == italian

    def test_translations_are_the_same_each_time(self) -> None:
        """Translating twice gives equal matrices."""
        first = translate(default_matrix(), "it")
        clear_cache()
        assert first == translate(default_matrix(), "it")

    def test_unknown_language_keeps_source_texts(self) -> None:
        """A language without a catalog keeps every source text, and its language."""
        french = translate(default_matrix(), "fr")
        assert french.language == "en"
        assert french == default_matrix()

    def test_strict_lists_every_missing_text(self) -> None:
        """strict=True raises, listing every (context, text) in reading order."""
        with pytest.raises(MissingTranslationsError) as caught:
            translate(default_matrix(), "fr-CA", strict=True)
        expected = [
            (text.context, text.text) for text in matrix_texts(default_matrix())
        ]
        assert expected == list(caught.value.missing)
        assert caught.value.locale == "fr_CA"

    def test_strict_message(self, tmp_path: Path) -> None:
        """The error message lists what is missing."""
        everything_but_two = {
            text.text: "x" for text in list(matrix_texts(default_matrix()))[2:]
        }
        write_catalog(
            tmp_path, "de", matrix_entries(default_matrix(), everything_but_two)
        )
        with pytest.raises(MissingTranslationsError) as caught:
            translate(default_matrix(), "de", catalogs=[tmp_path], strict=True)
        assert str(caught.value) == (
            "2 texts have no 'de' translation:\n"
            "  matrix:title: 'Example issue escalation matrix template'\n"
            "  role:project_team_contact:title: 'Project team contact'"
        )

    @pytest.mark.parametrize(
        ("locale", "language"),
        [("it", "it"), ("it_CH", "it"), ("en", "en"), ("en_GB", "en")],
    )
    def test_strict_passes(self, locale: str, language: str) -> None:
        """Strictness passes for shipped languages and the source language."""
        translated = translate(default_matrix(), locale, strict=True)
        assert translated.language == language

    @pytest.mark.parametrize("locale", ["xx", "../it", "it/../en", ""])
    def test_bad_locale(self, locale: str) -> None:
        """A malformed or unknown locale raises LocaleError."""
        with pytest.raises(LocaleError):
            translate(default_matrix(), locale)


GERMAN = {
    "Example issue escalation matrix template": "Beispielvorlage einer Eskalationsmatrix",
    "Project Manager": "Projektleitung",
    "Identify and resolve performance-related problems.": (
        "Leistungsprobleme erkennen und beheben."
    ),
    "Support escalation": "Support-Eskalation",
    "Support agent": "Support-Mitarbeiter",
    "Team lead": "Teamleitung",
    "First line": "Erste Ebene",
    "Second line": "Zweite Ebene",
    "Outage": "Ausfall",
    "Restart the service.": "Den Dienst neu starten.",
    "Find the root cause.": "Die Ursache finden.",
}

USER_MATRIX = """
schema_version = 1
key = "support"
title = "Support escalation"

[[roles]]
key = "agent"
title = "Support agent"

[[roles]]
key = "lead"
title = "Team lead"

[[levels]]
key = "L1"
rank = 1
role = "agent"
name = "First line"

[[levels]]
key = "L2"
rank = 2
role = "lead"
name = "Second line"

[[issue_types]]
key = "outage"
name = "Outage"

[issue_types.responsibilities]
L1 = "Restart the service."
L2 = "Find the root cause."
"""


@pytest.fixture
def german(tmp_path: Path) -> Path:
    """A user's catalog directory with a German catalog for both matrices."""
    user = em.loads(USER_MATRIX, "toml")
    entries = matrix_entries(default_matrix(), GERMAN) + matrix_entries(user, GERMAN)
    write_catalog(tmp_path / "catalogs", "de", entries)
    return tmp_path / "catalogs"


class TestUserLanguages:
    def test_german_built_in_matrix(self, german: Path) -> None:
        """A German .po in a user directory translates the built-in matrix."""
        translated = translate(default_matrix(), "de", catalogs=[german])
        assert translated.title == "Beispielvorlage einer Eskalationsmatrix"
        assert translated.role("project_manager").title == "Projektleitung"
        assert translated.responsibility("performance_hiccups", "L1") == (
            "Leistungsprobleme erkennen und beheben."
        )
        assert translated.role("sales_manager").title == "Sales Manager"

    def test_german_user_matrix(self, german: Path, tmp_path: Path) -> None:
        """The same catalog translates a user's own matrix, loaded from its file."""
        path = tmp_path / "support.toml"
        path.write_text(USER_MATRIX, "utf-8")
        translated = translate(em.load(path), "de-AT", catalogs=[german], strict=True)
        assert translated.language == "de"
        assert translated.title == "Support-Eskalation"
        assert [lv.name for lv in translated.levels] == ["Erste Ebene", "Zweite Ebene"]
        assert translated.row("outage") == (
            "Den Dienst neu starten.",
            "Die Ursache finden.",
        )

    def test_strict_lists_what_german_lacks(self, german: Path) -> None:
        """Strict mode lists the texts the German catalog does not translate."""
        with pytest.raises(MissingTranslationsError) as caught:
            translate(default_matrix(), "de", catalogs=[german], strict=True)
        assert len(caught.value.missing) == 57 - 3
        assert ("role:sales_manager:title", "Sales Manager") in caught.value.missing

    def test_context_matters(self, tmp_path: Path) -> None:
        """A translation is used only for the text at the place its context names."""
        write_catalog(
            tmp_path, "de", [("role:account_manager:title", "Project Manager", "x")]
        )
        translated = translate(default_matrix(), "de", catalogs=[tmp_path])
        assert translated.role("project_manager").title == "Project Manager"

    def test_source_language_of_the_matrix(self, tmp_path: Path) -> None:
        """An Italian matrix translated to Italian needs no catalog, even strictly."""
        path = tmp_path / "support.toml"
        path.write_text(
            USER_MATRIX.replace(
                'title = "Support', 'language = "it"\ntitle = "Support', 1
            ),
            "utf-8",
        )
        translated = translate(em.load(path), "it_CH", strict=True)
        assert translated.title == "Support escalation"
        assert translated.language == "it"


def _reference(matrix: Matrix, table: Table, language: str) -> Matrix:
    """Translate *matrix* the slow way, through the validating constructors."""

    def text(context: str, value: str) -> str:
        return table.get((context, value), value) if value else value

    def fields(obj: Any, prefix: str, *names: str) -> dict[str, Any]:
        return {name: text(f"{prefix}:{name}", getattr(obj, name)) for name in names}

    roles = [
        attrs.evolve(r, **fields(r, f"role:{r.key}", "title", "description"))
        for r in matrix.roles
    ]
    levels = [
        attrs.evolve(lv, **fields(lv, f"level:{lv.key}", "name", "description"))
        for lv in matrix.levels
    ]
    issue_types = [
        attrs.evolve(
            it,
            **fields(it, f"issue_type:{it.key}", "name", "description"),
            responsibilities={
                key: text(f"cell:{it.key}:{key}", value)
                for key, value in it.responsibilities.items()
            },
        )
        for it in matrix.issue_types
    ]
    severities = [
        attrs.evolve(s, **fields(s, f"severity:{s.key}", "name", "description"))
        for s in matrix.policy.severities
    ]
    return attrs.evolve(
        matrix,
        **fields(matrix, "matrix", "title", "description"),
        roles=roles,
        levels=levels,
        issue_types=issue_types,
        policy=attrs.evolve(matrix.policy, severities=severities),
        language=language,
    )


class TestFastPath:
    @settings(max_examples=50)
    @given(matrices(), st.data())
    def test_same_as_the_constructors(
        self, matrix: Matrix, data: st.DataObject
    ) -> None:
        """The fast path gives exactly what the validating constructors give."""
        all_texts = list(matrix_texts(matrix))
        chosen = (
            data.draw(st.lists(st.sampled_from(all_texts), unique=True))
            if all_texts
            else []
        )
        table: Table = {(t.context, t.text): data.draw(texts) for t in chosen}
        translated = _translate_matrix(matrix, "de_CH", table.get, [])
        assert _reference(matrix, table, "de_CH") == translated
        for level in matrix.levels:
            assert translated.level(level.key) is translated.level(level.rank)
        assert em.from_dict(em.to_dict(translated)) == translated

    @settings(max_examples=50)
    @given(matrices())
    def test_nothing_to_translate(self, matrix: Matrix) -> None:
        """With no translation and the same language, the matrix itself comes back."""
        missing: list[tuple[str, str]] = []
        nothing: Table = {}
        assert (
            _translate_matrix(matrix, matrix.language, nothing.get, missing) is matrix
        )
        assert [(t.context, t.text) for t in matrix_texts(matrix)] == missing

    def test_unchanged_parts_are_shared(self) -> None:
        """Objects without a translated text are reused, not copied."""
        only_title: Table = {("matrix:title", default_matrix().title): "Titolo"}
        translated = _translate_matrix(default_matrix(), "it", only_title.get, [])
        assert translated.title == "Titolo"
        assert translated.levels is default_matrix().levels
        assert translated.policy is default_matrix().policy

    def test_retext_copies_only_what_changes(self) -> None:
        """Retext replaces translated texts and keeps every other field."""
        level = default_matrix().level("L2")
        table: Table = {("level:L2:name", level.name): "Livello 2"}
        copy = retext(level, table.get, [])
        assert copy == attrs.evolve(level, name="Livello 2")
        assert copy.delay == level.delay


def test_translated_matrix_routes_with_its_own_texts() -> None:
    """A translated copy does not reuse the source matrix's compiled router."""
    from datetime import UTC, datetime  # noqa: PLC0415

    source = em.default_matrix()
    opened = datetime(2026, 11, 27, 9, tzinfo=UTC)
    issue = em.Issue("performance_hiccups", opened)
    assert em.route(source, issue, now=opened).responsibility.startswith("Identify")
    italian = em.translate(source, "it")
    assert em.route(italian, issue, now=opened).responsibility == (
        "Identifica e risolve i problemi correlati alle prestazioni."
    )


def _everything(matrix: Matrix, mark: str) -> list[tuple[str | None, str, str]]:
    """A catalog's entries translating every text of *matrix* with *mark* added."""
    return [(t.context, t.text, f"{t.text} {mark}") for t in matrix_texts(matrix)]


class TestLanguage:
    def test_nothing_translated_keeps_the_language(self) -> None:
        """Without a catalog for the locale, the matrix comes back as it was."""
        source = default_matrix()
        german = translate(source, "de")
        assert (german.language, german) == ("en", source)
        assert 'language = "de"' not in em.dumps(german, "toml")

    def test_strict_is_not_fooled_by_an_earlier_translation(self) -> None:
        """A strict translation of an untranslated result still reports every text."""
        german = translate(default_matrix(), "de")
        with pytest.raises(MissingTranslationsError) as caught:
            translate(german, "de", strict=True)
        assert len(caught.value.missing) == 57

    def test_translating_a_translation(self) -> None:
        """A translation translated again is translated from its source."""
        italian = translate(default_matrix(), "it")
        again = translate(italian, "en")
        assert again == default_matrix()
        assert translate(again, "it") == italian

    def test_partial_translation_keeps_the_source_language(
        self, tmp_path: Path
    ) -> None:
        """Some texts translated and others not: the language of the others."""
        write_catalog(tmp_path, "de", _everything(default_matrix(), "(de)")[:3])
        partial = translate(default_matrix(), "de", catalogs=[tmp_path])
        assert partial.title == "Example issue escalation matrix template (de)"
        assert partial.language == "en"

    @pytest.mark.parametrize(
        ("catalogs", "locale", "language"),
        [
            ({"de": 57}, "de", "de"),
            ({"de": 57}, "de_AT", "de"),
            ({"de_AT": 57}, "de_AT", "de_AT"),
            ({"de_AT": 1, "de": 57}, "de_AT", "de_AT"),
            ({"de_AT": 57, "de": 57}, "de", "de"),
            ({"de_AT": 56}, "de_AT", "en"),
            ({"de_AT": 20, "de": 30}, "de_AT", "en"),
            ({"de": 56}, "de_CH", "en"),
        ],
    )
    def test_complete_translation_takes_the_most_specific_locale(
        self, tmp_path: Path, catalogs: dict[str, int], locale: str, language: str
    ) -> None:
        """Every text translated: the most specific locale that gave one of them."""
        for name, count in catalogs.items():
            entries = _everything(default_matrix(), f"({name})")[:count]
            write_catalog(tmp_path, name, entries)
        translated = translate(default_matrix(), locale, catalogs=[tmp_path])
        assert translated.language == language

    def test_identical_translations_count(self, tmp_path: Path) -> None:
        """A translation equal to its source text is still a translation."""
        entries = [(t.context, t.text, t.text) for t in matrix_texts(default_matrix())]
        write_catalog(tmp_path, "en_GB", entries)
        british = translate(default_matrix(), "en_GB", catalogs=[tmp_path])
        assert british.language == "en_GB"
        assert attrs.evolve(british, language="en") == default_matrix()
