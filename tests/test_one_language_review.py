"""One language per output, as a review found it wanting: translations given in code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix._i18n.translator import clear_cache, output_locale
from escalation_matrix._routing.names import CarriedNames
from escalation_matrix.exceptions import CatalogError, ValidationError
from tests.catalog_files import write_catalog

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LATE = OPENED + timedelta(days=5)
LEVELS = ("L1", "L2", "L3", "L4", "L5")

#: The English texts of the parts added, none of which any catalog has.
ENGLISH = (
    "Level 5 - Escalation",
    "Chief technology officer",
    "Security breach",
    "Contain the breach",
    "Decide what",
)
#: Their Italian translations, given in code.
ITALIAN = (
    "Livello 5 - Escalation",
    "Direttore tecnico",
    "Violazione della sicurezza",
    "Contiene la violazione",
    "Decide che cosa",
)


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Catalogs are read anew by each test."""
    clear_cache()
    yield
    clear_cache()


def _bigger() -> em.Matrix:
    """The built-in matrix with a role, a fifth level and an issue type added."""
    base = em.default_matrix()
    return (
        em.MatrixBuilder.from_matrix(base)
        .update_level("L4", delay="1d 4h")
        .add_role("cto", "Chief technology officer")
        .add_level(
            "L5",
            role="cto",
            name="Level 5 - Escalation",
            delay=None,
            responsibilities={
                it.key: "Decide what to stop." for it in base.issue_types
            },
        )
        .add_issue_type(
            "security_breach",
            "Security breach",
            responsibilities={key: f"Contain the breach at {key}." for key in LEVELS},
            description="Someone got in.",
        )
        .build()
    )


def _in_italian(matrix: em.Matrix) -> dict[str, str]:
    return {
        "role:cto:title": "Direttore tecnico",
        "level:L5:name": "Livello 5 - Escalation",
        "issue_type:security_breach:name": "Violazione della sicurezza",
        "issue_type:security_breach:description": "Qualcuno è entrato.",
        **{
            f"cell:{it.key}:L5": "Decide che cosa fermare."
            for it in matrix.issue_types
            if it.key != "security_breach"
        },
        **{
            f"cell:security_breach:L{i}": f"Contiene la violazione al livello {i}."
            for i in range(1, 6)
        },
    }


@pytest.fixture(scope="module")
def bigger() -> em.Matrix:
    return _bigger()


@pytest.fixture(scope="module")
def italian(bigger: em.Matrix) -> em.Matrix:
    return em.translate(bigger, "it", messages=_in_italian(bigger), strict=True)


def _only_italian(text: str) -> None:
    for word in ENGLISH:
        assert word not in text
    for word in ITALIAN:
        assert word in text


class TestTranslatedMatrixKeepsItsTexts:
    @pytest.mark.parametrize("locale", ["it", "it_CH", "it-IT", ["de", "it"]])
    @pytest.mark.parametrize("form", ["md", "csv", "text", "html"])
    def test_rendered_in_its_language(
        self, italian: em.Matrix, locale: Any, form: Any
    ) -> None:
        """Asked for Italian, an Italian matrix never brings back English."""
        _only_italian(em.render(italian, form, locale=locale, width=400))

    def test_without_a_locale_as_before(self, italian: em.Matrix) -> None:
        """Without a locale, its texts as they are."""
        _only_italian(em.render(italian, "csv"))

    def test_english_is_its_source(self, italian: em.Matrix) -> None:
        """English gives its source texts back."""
        english = em.render(italian, "csv", locale="en")
        assert all(word in english for word in ENGLISH)
        assert "Direttore" not in english

    def test_translated_again(self, bigger: em.Matrix, italian: em.Matrix) -> None:
        """translate() of a translation, in its language, keeps its texts."""
        plain = em.translate(bigger, "it")  # kept for the next call alike
        assert plain.role("cto").title == "Chief technology officer"
        assert em.translate(plain, "it") is plain
        assert em.translate(italian, "it").role("cto").title == "Direttore tecnico"
        again = em.translate(italian, "it_CH", strict=True)
        assert again.role("cto").title == "Direttore tecnico"
        assert again.language == "it"
        assert em.translate(again, "en").role("cto").title == "Chief technology officer"

    def test_a_more_specific_catalog_comes_first(
        self, italian: em.Matrix, tmp_path: Path
    ) -> None:
        """A Swiss catalog of the text wins over the Italian translation's text."""
        write_catalog(
            tmp_path,
            "it_CH",
            [("role:cto:title", "Chief technology officer", "Capo tecnico")],
        )
        swiss = em.translate(italian, "it_CH", catalogs=[tmp_path])
        assert swiss.role("cto").title == "Capo tecnico"
        assert swiss.level("L5").name == "Livello 5 - Escalation"
        assert swiss.language == "it_CH"
        same = em.translate(italian, "it", catalogs=[tmp_path])
        assert same.role("cto").title == "Direttore tecnico"

    def test_a_regional_translation_in_its_language(self, bigger: em.Matrix) -> None:
        """A translation to it_CH, rendered in it, keeps its texts: Italian too."""
        swiss = em.translate(bigger, "it_CH", messages=_in_italian(bigger), strict=True)
        assert swiss.language == "it_CH"
        again = em.translate(swiss, "it", strict=True)
        assert again.role("cto").title == "Direttore tecnico"
        assert again.language == "it"
        _only_italian(em.render(swiss, "csv", locale="it"))

    def test_messages_of_the_call_come_first(self, italian: em.Matrix) -> None:
        """Translations given to the call come before the kept texts."""
        again = em.translate(italian, "it", messages={"role:cto:title": "CTO"})
        assert again.role("cto").title == "CTO"
        assert again.level("L5").name == "Livello 5 - Escalation"

    def test_a_partial_translation_keeps_its_texts(self, bigger: em.Matrix) -> None:
        """A partial translation keeps the texts it has, in their language."""
        partial = em.translate(bigger, "de", messages={"role:cto:title": "Technikchef"})
        assert partial.language == "en"
        assert em.translate(partial, "de").role("cto").title == "Technikchef"


class TestDecisionsRoutedOnATranslation:
    def _decision(self, matrix: em.Matrix) -> em.Decision:
        issue = em.Issue("security_breach", OPENED, severity="critical")
        return em.route(matrix, issue, now=LATE)

    @pytest.mark.parametrize("locale", ["it", "it_CH", ["fr", "it"]])
    def test_told_in_italian(self, italian: em.Matrix, locale: Any) -> None:
        """Routed on the Italian matrix, the added parts are Italian, with or without matrix=."""
        decision = self._decision(italian)
        for matrix in (None, italian):
            text = em.render(decision, locale=locale, matrix=matrix, width=400)
            first = text.splitlines()[0]
            assert first == (
                "La segnalazione è in carico al ruolo Direttore tecnico (L5). "
                "Contiene la violazione al livello 5."
            )
            assert "Chief" not in text

    def test_plans_too(self, italian: em.Matrix) -> None:
        """A plan routed on it tells each stage's text in Italian."""
        timeline = em.plan(italian, em.Issue("security_breach", OPENED))
        text = em.render(timeline, locale="it", width=400)
        assert "Contiene la violazione al livello 1." in text
        assert "in carico al ruolo Direttore tecnico (L5)" in text
        assert "Contain" not in text

    def test_english_still_english(self, italian: em.Matrix) -> None:
        """Told in English, the source texts."""
        text = em.render(self._decision(italian), locale="en", width=400)
        assert text.startswith(
            "Chief technology officer (L5) handles it: Contain the breach at L5."
        )

    def test_a_locale_without_messages_gives_the_matrix_language(
        self, italian: em.Matrix
    ) -> None:
        """German has no catalog: the matrix's language, Italian, wholly."""
        text = em.render(self._decision(italian), locale="de_DE", width=400)
        assert text.startswith("La segnalazione è in carico al ruolo Direttore")

    def test_payload_carries_the_translations(self, italian: em.Matrix) -> None:
        """to_dict() keeps the translations; the decision read back reads the same."""
        decision = self._decision(italian)
        payload = em.to_dict(decision)
        translations = payload["names"]["translations"]
        assert list(translations) == ["it"]
        assert translations["it"]["role:cto:title"] == "Direttore tecnico"
        assert payload["names"]["texts"]["role:cto:title"] == "Chief technology officer"
        read_back = em.from_dict(payload, em.Decision)
        for locale in ("it", "en", None):
            assert em.render(read_back, locale=locale, width=400) == em.render(
                decision, locale=locale, width=400
            )
        timeline = em.plan(italian, em.Issue("security_breach", OPENED))
        plan_back = em.from_dict(em.to_dict(timeline), em.Plan)
        assert em.render(plan_back, locale="it", width=400) == em.render(
            timeline, locale="it", width=400
        )

    def test_routed_on_the_source_no_translations(self, bigger: em.Matrix) -> None:
        """A decision routed on a source matrix carries no translations."""
        payload = em.to_dict(self._decision(bigger))
        assert "translations" not in payload["names"]

    def test_bad_translations_in_a_payload(self, italian: em.Matrix) -> None:
        """Translations of texts a payload does not carry, or not by locale, are refused."""
        payload = em.to_dict(self._decision(italian))
        payload["names"]["translations"] = {"it": {"role:nobody:title": "X"}}
        with pytest.raises(ValidationError, match=r"translates no text of \$\.texts"):
            em.from_dict(payload, em.Decision)
        payload["names"]["translations"] = {"it": "Direttore"}
        with pytest.raises(ValidationError, match=r"translations\.it"):
            em.from_dict(payload, em.Decision)
        payload["names"]["translations"] = ["it"]
        with pytest.raises(ValidationError, match=r"translations"):
            em.from_dict(payload, em.Decision)

    def test_names_check_their_translations(self) -> None:
        """Names refuse a bad locale, a stray context, a translations value not a mapping."""
        with pytest.raises(ValidationError, match="language tag"):
            CarriedNames(
                {"L1": "a"}, {"role:a:title": "A"}, {"x/y": {"role:a:title": "B"}}
            )
        with pytest.raises(ValidationError, match="translates no text"):
            CarriedNames(
                {"L1": "a"}, {"role:a:title": "A"}, {"it": {"role:b:title": "B"}}
            )
        with pytest.raises(ValidationError, match="contexts to texts"):
            CarriedNames({"L1": "a"}, {"role:a:title": "A"}, {"it": "Uno"})  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="locales to translations"):
            CarriedNames({"L1": "a"}, {"role:a:title": "A"}, "it")  # type: ignore[arg-type]

    def test_names_merge_their_translations(self) -> None:
        """Merging names merges their translations, by locale."""
        one = CarriedNames(
            {"L1": "a"}, {"role:a:title": "A"}, {"it": {"role:a:title": "Uno"}}
        )
        two = CarriedNames(
            {"L2": "b"}, {"role:b:title": "B"}, {"it": {"role:b:title": "Due"}}
        )
        merged = one | two
        assert dict(merged.translations["it"]) == {
            "role:a:title": "Uno",
            "role:b:title": "Due",
        }
        assert merged.language == "it"
        assert CarriedNames().language is None


class TestWithoutALocale:
    def test_matrix_given_names_the_language(self, italian: em.Matrix) -> None:
        """render(decision, matrix=italian) is Italian, as render(italian) is."""
        decision = em.route(
            em.default_matrix(), em.Issue("operational_challenges", OPENED), now=LATE
        )
        text = em.render(decision, matrix=italian, width=400)
        assert text.startswith("La segnalazione è in carico al ruolo Sales Manager")
        assert "Perché:" in text

    def test_routed_on_a_translation(self, italian: em.Matrix) -> None:
        """Without a locale or matrix=, the language of the translation routed on."""
        decision = em.route(italian, em.Issue("security_breach", OPENED), now=LATE)
        assert em.render(decision, width=400).startswith(
            "La segnalazione è in carico al ruolo Direttore tecnico (L5)."
        )

    def test_routed_on_english_stays_english(self) -> None:
        """Routed on the English matrix, English."""
        decision = em.route(
            em.default_matrix(), em.Issue("operational_challenges", OPENED), now=LATE
        )
        assert em.render(decision, width=400).startswith("Sales Manager (L4) handles")
        english = em.default_matrix()
        assert em.render(decision, matrix=english, width=400).startswith("Sales")

    def test_a_matrix_language_without_messages(self) -> None:
        """A German translation, German having no catalog: English sentences."""
        german = em.translate(
            _bigger(), "de", messages={"role:cto:title": "Technikchef"}
        )
        decision = em.route(german, em.Issue("security_breach", OPENED), now=LATE)
        assert em.render(decision, width=400).startswith("Chief technology officer")


class TestMessagesShapes:
    def test_translate_takes_them_by_locale(self, bigger: em.Matrix) -> None:
        """translate() takes messages by locale, as render() does."""
        by_locale = {"it": _in_italian(bigger), "de": {"role:cto:title": "Technikchef"}}
        italian = em.translate(bigger, "it_CH", messages=by_locale, strict=True)
        assert italian.role("cto").title == "Direttore tecnico"
        german = em.translate(bigger, "de", messages=by_locale)
        assert german.role("cto").title == "Technikchef"

    def test_by_locale_entries_are_checked(self, bigger: em.Matrix) -> None:
        """Every locale's entries are checked, used or not."""
        with pytest.raises(CatalogError, match=r"messages\['level:L9:name'\]"):
            em.translate(bigger, "it", messages={"de": {"level:L9:name": "Stufe 9"}})

    def test_one_form_per_mapping(self, bigger: em.Matrix) -> None:
        """A mapping of texts and locales mixed is refused, saying which is which."""
        mixed: dict[str, Any] = {
            "it": {"role:cto:title": "Direttore"},
            "level:L5:name": "Livello 5",
        }
        with pytest.raises(CatalogError) as caught:
            em.translate(bigger, "it", messages=mixed)
        assert str(caught.value.problems[0]) == (
            "messages: must be translations by context or by locale, not both: "
            "'level:L5:name' maps to a text, 'it' to a mapping"
        )

    def test_suggestion_of_the_same_kind(self) -> None:
        """A wrong level context suggests a level's context."""
        with pytest.raises(CatalogError) as caught:
            em.translate(
                em.default_matrix(), "it", messages={"level:L1:description": "Primo"}
            )
        message = str(caught.value)
        assert "did you mean 'level:L1:name'?" in message
        assert "severity" not in message


class TestHtmlLanguages:
    def _support(self) -> em.Matrix:
        return (
            em.MatrixBuilder.from_matrix(em.default_matrix())
            .update_level("L1", name="First line")
            .build()
        )

    def test_untranslated_texts_say_their_language(self) -> None:
        """The page is Italian; the one English name says so."""
        page = em.render(self._support(), "html", locale="it")
        assert page.splitlines()[1] == '<html lang="it">'
        assert '<th scope="col" lang="en">First line</th>' in page
        assert '<th scope="col">Livello 2 - Escalation</th>' in page
        # A catalog's translation to the same words is Italian.
        assert "<td>Project Manager</td>" in page
        assert '<th scope="col">Tipi di escalation</th>' in page

    def test_an_english_matrix_under_italian_labels(self) -> None:
        """An issue type no catalog translates is marked English."""
        matrix = em.loads(
            em.dumps(self._support(), "toml").replace(
                "Operational challenges", "Ops trouble"
            ),
            "toml",
        )
        page = em.render(matrix, "html", locale="it")
        assert '<th scope="row" lang="en">Ops trouble</th>' in page
        assert page.count(' lang="en"') == 2

    def test_one_language_no_marks(self, italian: em.Matrix) -> None:
        """One language throughout: only the page says it."""
        for page in (
            em.render(em.default_matrix(), "html", locale="it"),
            em.render(italian, "html", locale="it_CH"),
            em.render(em.default_matrix(), "html"),
        ):
            assert len(re.findall(r' lang="', page)) == 1

    def test_title_and_description(self) -> None:
        """The title and description say their language too."""
        matrix = (
            em.MatrixBuilder.from_matrix(em.default_matrix())
            .update(title="Support", description="Who does what.")
            .build()
        )
        page = em.render(matrix, "html", locale="it")
        assert '<title lang="en">Support</title>' in page
        assert '<h1 lang="en">Support</h1>' in page
        assert '<p lang="en">Who does what.</p>' in page

    def test_direction_said_when_it_differs(self, tmp_path: Path) -> None:
        """Left-to-right texts on a right-to-left page say their direction."""
        write_catalog(
            tmp_path,
            "ar",
            [("table", "Escalation types", "أنواع التصعيد")],
            domain="escalation_matrix_messages",
        )
        page = em.render(em.default_matrix(), "html", locale="ar", catalogs=[tmp_path])
        assert page.splitlines()[1] == '<html lang="ar" dir="rtl">'
        assert '<h1 lang="en" dir="ltr">' in page


class TestPartialCatalogs:
    def test_one_message_makes_an_output_language(self, tmp_path: Path) -> None:
        """As GNU gettext: what the catalog lacks is said in English."""
        write_catalog(
            tmp_path,
            "de",
            [("table", "Escalation types", "Eskalationsarten")],
            domain="escalation_matrix_messages",
        )
        assert str(output_locale("de_DE", catalogs=[tmp_path])) == "de_DE"
        assert str(output_locale("de", catalogs=[tmp_path])) == "de"
        table = em.render(em.default_matrix(), "csv", locale="de", catalogs=[tmp_path])
        assert table.startswith("Eskalationsarten,Level 1 - Escalation")
        assert "Operational role" in table

    def test_matrix_texts_alone_do_not(self, tmp_path: Path) -> None:
        """A catalog of matrix texts alone makes no output language."""
        write_catalog(
            tmp_path,
            "de",
            [("level:L1:name", "Level 1 - Escalation", "Stufe 1")],
        )
        assert str(output_locale("de", catalogs=[tmp_path])) == "en"
