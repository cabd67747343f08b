"""One language per output: the locale rule, and names told in any locale."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import escalation_matrix as em
from escalation_matrix._cli.main import chosen_locale, main
from escalation_matrix._i18n.environment import environment_locales
from escalation_matrix._i18n.originals import source_texts
from escalation_matrix._i18n.translator import output_locale
from tests.catalog_files import write_catalog

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
ISSUE = em.Issue("performance_hiccups", OPENED)
ENGLISH_NEXT = "Next escalation: to Account Manager (L3) on Nov 27, 2026, 9:00\u202fPM."


def _plan_output(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    *extra: str,
) -> str:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    args = ["plan", "performance_hiccups", "--opened", "2026-11-27T09:00Z"]
    status = main([*args, "--timezone", "UTC", "--width", "200", *extra])
    out = capsys.readouterr().out
    assert status == 0
    return out


class TestTheRule:
    @pytest.mark.parametrize(
        ("environ", "expected"),
        [
            ({"LANGUAGE": "fr:it", "LANG": "it_IT.UTF-8"}, "it"),
            ({"LANGUAGE": "fr:de", "LANG": "it_IT.UTF-8"}, "it_IT"),
            ({"LANGUAGE": "fr:de", "LANG": "de_DE.UTF-8"}, "en"),
            ({"LANG": "de_DE.UTF-8"}, "en"),
            ({"LANG": "it_CH.UTF-8"}, "it_CH"),
            ({"LANG": "en_GB.UTF-8", "LANGUAGE": "de"}, "en_GB"),
            ({"LC_ALL": "C", "LANGUAGE": "it"}, "en"),
            ({"LC_MESSAGES": "it_IT", "LANG": "de_DE"}, "it_IT"),
        ],
    )
    def test_the_first_locale_with_a_catalog(
        self, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], expected: str
    ) -> None:
        """LANGUAGE's list, then the locale variables; no catalog: English."""
        for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        assert chosen_locale(["show"]) == expected

    def test_an_explicit_locale_comes_first(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--locale wins over the environment, by the same rule."""
        monkeypatch.setenv("LANGUAGE", "it")
        monkeypatch.setenv("LANG", "it_IT.UTF-8")
        assert chosen_locale(["show", "--locale", "de_AT"]) == "en"
        assert chosen_locale(["show", "--locale", "it_CH"]) == "it_CH"

    def test_a_catalog_directory_counts(self, tmp_path: Path) -> None:
        """A catalog of program messages in --catalogs makes an output language."""
        write_catalog(
            tmp_path,
            "de",
            [("decision", "Why:", "Warum:")],
            domain="escalation_matrix_messages",
        )
        argv = ["show", "--locale", "de", "--catalogs", str(tmp_path)]
        assert chosen_locale(argv) == "de"
        assert str(output_locale("de", catalogs=[tmp_path])) == "de"
        assert str(output_locale("de_DE")) == "en"
        assert str(output_locale("de_AT", catalogs=[tmp_path])) == "de_AT"

    def test_the_environment_list(self) -> None:
        """LANGUAGE's list, then LANG; unusable values passed over."""
        environ = {"LANGUAGE": "fr::xx_YY:de", "LANG": "it_IT.UTF-8@euro"}
        assert environment_locales(environ) == ("fr", "de", "it_IT")
        assert environment_locales({}) == ("en",)

    def test_none_stays_none(self) -> None:
        """No locale asked for: the source texts as they are."""
        assert output_locale(None) is None


class TestCommandLine:
    def test_language_list_gives_italian(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """French has no catalog, Italian has: the whole plan is in Italian."""
        environ = {"LANGUAGE": "fr:it", "LANG": "it_IT.UTF-8"}
        out = _plan_output(monkeypatch, capsys, environ)
        assert out.startswith("- Dal giorno 27 nov 2026 alle 09:00")
        assert "From" not in out
        assert "nov." not in out  # French dates

    def test_german_without_a_catalog_is_english(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No German catalog: English sentences and English dates."""
        out = _plan_output(monkeypatch, capsys, {"LANG": "de_DE.UTF-8"})
        assert out.startswith("- From Nov 27, 2026, 9:00\u202fAM to")
        assert "27.11.2026" not in out

    def test_regional_variant(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """it_CH: the Italian catalog, the Swiss formats."""
        out = _plan_output(monkeypatch, capsys, {"LANG": "it_CH.UTF-8"})
        assert out.startswith("- Dal giorno 27 nov 2026 alle 09:00")


class TestNamesInAnyLocale:
    def test_routed_on_a_translation_told_in_english(self) -> None:
        """Routed on Italian, told in English: all English."""
        italian = em.translate(em.default_matrix(), "it")
        decision = em.route(italian, ISSUE, now=NOW)
        english = em.render(decision, locale="en", width=200)
        assert english == em.render(
            em.route(em.default_matrix(), ISSUE, now=NOW), locale="en", width=200
        )
        assert ENGLISH_NEXT in english
        assert "Formula" not in english

    def test_routed_on_english_told_in_italian(self) -> None:
        """Routed on English, told in Italian: the cells too."""
        decision = em.route(em.default_matrix(), ISSUE, now=NOW)
        italian = em.render(decision, locale="it", width=200)
        assert "Formula strategie per migliorare" in italian

    def test_plans_too(self) -> None:
        """A plan routed on Italian is told in English too."""
        italian = em.translate(em.default_matrix(), "it")
        timeline = em.plan(italian, ISSUE)
        english = em.render(timeline, locale="en", timezone="UTC", width=200)
        assert "Devise strategies to improve service performance." in english
        assert "Contatto" not in english

    def test_unknown_locale_is_english_throughout(self) -> None:
        """A locale without catalog gives English names, sentences, dates.

        (Routed on an Italian translation, it is told in Italian, the
        matrix's language: see test_one_language_review.py.)
        """
        decision = em.route(em.default_matrix(), ISSUE, now=NOW)
        text = em.render(decision, locale="de_DE", width=200)
        assert ENGLISH_NEXT in text
        table = em.render(em.default_matrix(), "md", locale="de_DE")
        assert table.startswith("# Example issue escalation matrix template")

    def test_unknown_locale_gives_the_matrix_language(self) -> None:
        """No messages in German: an Italian matrix is shown in Italian, wholly."""
        italian = em.translate(em.default_matrix(), "it")
        table = em.render(italian, "md", locale="de_DE")
        assert table.startswith("# Esempio di modello di matrice")
        assert "| Tipi di escalation |" in table
        decision = em.route(italian, ISSUE, now=NOW)
        text = em.render(decision, locale="de_DE", matrix=italian, width=200)
        assert "Prossima escalation: al ruolo Account Manager (L3)" in text
        assert "27 nov 2026" in text
        # English asked for: English sentences (the matrix has no English
        # translation but its source, which the library finds).
        english = em.render(italian, "md", locale=["de", "en"])
        assert english.startswith("# Example issue escalation matrix template")

    def test_payloads_keep_the_source_texts(self) -> None:
        """A decision read back from data is told the same way."""
        italian = em.translate(em.default_matrix(), "it")
        decision = em.route(italian, ISSUE, now=NOW)
        again = em.from_dict(em.to_dict(decision), em.Decision)
        assert em.render(again, locale="en", width=200) == em.render(
            decision, locale="en", width=200
        )

    def test_source_texts(self) -> None:
        """A translation knows its source texts; other matrices have none."""
        italian = em.translate(em.default_matrix(), "it")
        sources = source_texts(italian)
        assert sources["role:project_team_contact:title"] == "Project team contact"
        assert "role:project_manager:title" not in sources  # the same in Italian
        assert source_texts(em.translate(italian, "it")) == sources
        assert not source_texts(em.default_matrix())
