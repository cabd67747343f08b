"""Review findings: unhashable values, messages in one language, render of any error."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

import escalation_matrix as em
from escalation_matrix import rules
from escalation_matrix.exceptions import (
    ArgumentError,
    CalendarError,
    CatalogError,
    EscalationMatrixError,
    LocaleError,
    Phrase,
    Problem,
    RoutingError,
    UnknownFormatError,
    UnknownIssueTypeError,
    UnknownKeyError,
    UnknownLevelError,
    UnknownRoleError,
    UnknownSeverityError,
    UnserializableError,
    ValidationError,
    WrongTypeError,
)

OPENED = datetime(2026, 1, 1, tzinfo=UTC)


def _problems(make: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        make()
    return [str(problem) for problem in caught.value.problems]


class TestUnhashableValues:
    """A list where a key is expected is a library error, not a TypeError."""

    def test_issue_type(self) -> None:
        """An issue's type given as a list is a problem at its path."""
        assert _problems(lambda: em.Issue(["a"], OPENED)) == [  # type: ignore[arg-type]
            '$.issue_type: must be an issue type key or an IssueType, got ["a"]'
        ]

    def test_issue_severity(self) -> None:
        """An issue's severity given as a list is a problem at its path."""
        assert _problems(lambda: em.Issue("x", OPENED, severity=["a"])) == [  # type: ignore[arg-type]
            '$.severity: must be a severity key or a Severity, got ["a"]'
        ]

    def test_default_severity(self) -> None:
        """A policy's default severity given as a list is a problem."""
        assert _problems(lambda: em.Policy(default_severity=["a"])) == [  # type: ignore[arg-type]
            '$.default_severity: must be a severity key or a Severity, got ["a"]'
        ]

    @pytest.mark.parametrize("given", [["a"], {"a": 1}, 1.5])
    def test_priority(self, given: object) -> None:
        """A policy's priority table of the wrong class is a problem."""
        problems = _problems(lambda: em.Policy(priority=given))  # type: ignore[arg-type]
        assert [p.split(":")[0] for p in problems] == ["$.priority"]

    @pytest.mark.parametrize("given", ["ab", 1.5, {"a": 1}])
    def test_conditions_not_a_list(self, given: object) -> None:
        """AllOf takes a list of conditions, never a text or a number."""
        assert _problems(lambda: rules.AllOf(given)) == [  # type: ignore[arg-type]
            f"$.conditions: must be a list of conditions, got {em_shown(given)}"
        ]

    def test_dumps_format_list(self) -> None:
        """A format name given as a list is a WrongTypeError."""
        with pytest.raises(WrongTypeError, match=r'got \["json"\]'):
            em.dumps(em.default_matrix(), ["json"])  # type: ignore[arg-type]

    def test_iter_route_not_iterable(self) -> None:
        """Issues that are not iterable are a WrongTypeError."""
        with pytest.raises(WrongTypeError, match="issues must be an iterable"):
            em.route_many(em.default_matrix(), Decimal(1))  # type: ignore[arg-type]

    def test_builder_add_wrong_part(self) -> None:
        """Adding something that is not a part is a WrongTypeError."""
        builder = em.MatrixBuilder.from_matrix(em.default_matrix())
        with pytest.raises(WrongTypeError, match=r"part must be .*, got 1\.5"):
            builder.add(1.5)  # type: ignore[arg-type]


def em_shown(value: object) -> str:
    """Show *value* as messages do (the library's own function)."""
    from escalation_matrix._base.shown import shown  # noqa: PLC0415

    return shown(value)


@pytest.mark.parametrize(
    ("given", "got"),
    [
        (None, "null"),
        (True, "true"),
        (datetime(2026, 1, 1), "'2026-01-01T00:00:00'"),  # noqa: DTZ001
        (Decimal("1.5"), "a decimal number (1.5)"),
        (b"x", "bytes (not a text)"),
    ],
)
def test_dumps_format_shown(given: object, got: str) -> None:
    """A format name of the wrong type is quoted as messages quote values."""
    with pytest.raises(WrongTypeError) as caught:
        em.dumps(em.default_matrix(), given)  # type: ignore[arg-type]
    assert str(caught.value).endswith(f"got {got}")


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (UnknownFormatError(Decimal("1.5"), ["json"]), "a decimal number (1.5)"),  # type: ignore[arg-type]
        (UnknownFormatError(float("nan"), ["json"]), "NaN"),  # type: ignore[arg-type]
        (LocaleError(b"it", "bad"), "bytes (not a text)"),
        (UnserializableError(Decimal("1.5"), "no"), "a decimal number (1.5)"),
        (WrongTypeError("x", float("-inf"), "a str"), "-Infinity"),
        (WrongTypeError("x", ["a", 1, None], "a str"), '["a", 1, null]'),
        (WrongTypeError("x", {"a": 1}, "a str"), 'got {"a": 1}'),
        (WrongTypeError("x", [[[[1]]]], "a str"), "got [[[a list]]]"),
        (WrongTypeError("x", len, "a str"), "got a function"),
        (UnserializableError(rules.Predicate(bool), "no"), "a Predicate ('bool')"),
    ],
)
def test_error_messages_show_values(error: Exception, text: str) -> None:
    """Errors raised with users' values quote them as shown, never as repr."""
    assert text in str(error)
    assert "Decimal(" not in str(error)
    assert "b'" not in str(error)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda: em.Issue("x", Decimal("1.5")),  # type: ignore[arg-type]
            "$.opened_at: deve essere un datetime; valore trovato: "
            "un numero decimale (1.5)\n",
        ),
        (
            lambda: em.Repeat(times=Decimal("1.5"), wait="1h"),  # type: ignore[arg-type]
            "$.times: deve essere un numero intero; valore trovato: "
            "un numero decimale (1.5)\n",
        ),
        (
            lambda: em.Action("acknowledge", Decimal("1.5")),  # type: ignore[arg-type]
            "$.at: deve essere un datetime; valore trovato: un numero decimale (1.5)\n",
        ),
        (
            lambda: em.Issue(em.default_matrix().level("L1"), OPENED),  # type: ignore[arg-type]
            "$.issue_type: deve essere la chiave di un tipo di segnalazione o un "
            "oggetto IssueType; valore trovato: un oggetto Level ('L1')\n",
        ),
    ],
)
def test_italian_problems_have_no_english(make: Any, expected: str) -> None:
    """A value named by its kind is said in the problem's language."""
    with pytest.raises(ValidationError) as caught:
        make()
    assert em.render(caught.value, locale="it") == expected


class TestRenderAnyError:
    """render() says any library error in the output's language."""

    def test_unknown_issue_type(self) -> None:
        """A lookup error is said from its phrase."""
        with pytest.raises(UnknownIssueTypeError) as caught:
            em.route(em.default_matrix(), em.Issue("nope", OPENED), now=OPENED)
        said = em.render(caught.value, locale="it")
        assert said.startswith("tipo di segnalazione 'nope' sconosciuto; ")
        assert em.render(caught.value) == str(caught.value) + "\n"

    @pytest.mark.parametrize(
        ("error", "expected"),
        [
            (
                UnknownLevelError("L9", ["L1"]),
                "livello 'L9' sconosciuto; livelli noti: L1",
            ),
            (UnknownRoleError("x", []), "ruolo 'x' sconosciuto; ruoli noti: nessuno"),
            (
                UnknownSeverityError("x", []),
                "gravità 'x' sconosciuta; gravità note: nessuna",
            ),
            (UnknownKeyError("x", ["a"]), "chiave 'x' sconosciuta; chiavi note: a"),
        ],
    )
    def test_lookup_errors_have_phrases(
        self, error: UnknownKeyError, expected: str
    ) -> None:
        """Every lookup error has a phrase, said in Italian."""
        assert isinstance(error.phrase, Phrase)
        assert str(error.phrase) == str(error)
        assert em.render(error, locale="it") == expected + "\n"

    def test_english_messages_unchanged(self) -> None:
        """The lookup errors' English messages keep their form."""
        assert str(UnknownLevelError("L9", ["L1", "L2"])) == (
            "Unknown level 'L9'; known levels: L1, L2."
        )
        assert str(UnknownSeverityError("x", [])) == (
            "Unknown severity 'x'; known severities: none."
        )

    def test_errors_with_phrases(self) -> None:
        """Routing, calendar and argument errors are said from their phrase."""
        phrase = Phrase("must be a string, got {got}", got="1")
        expected = "deve essere una stringa; valore trovato: 1\n"
        assert em.render(RoutingError(phrase), locale="it") == expected
        assert em.render(CalendarError(phrase), locale="it") == expected
        argument = ArgumentError("x", 1, phrase)
        assert em.render(argument, locale="it") == "x " + expected

    def test_catalog_error(self) -> None:
        """A catalog error is said by its problems, one line each."""
        error = CatalogError(
            [Problem("a.po:3", Phrase("must be a string, got {got}", got="1"))]
        )
        assert em.render(error, locale="it") == (
            "a.po:3: deve essere una stringa; valore trovato: 1\n"
        )

    def test_error_without_phrase(self) -> None:
        """An error without a phrase is said in English, on its own line."""
        error = WrongTypeError("x", 1, "a str")
        assert em.render(error, locale="it") == "x must be a str, got 1\n"

    def test_error_format(self) -> None:
        """An error renders as text only."""
        with pytest.raises(UnknownFormatError, match="error format"):
            em.render(UnknownLevelError("L9", []), "md")

    def test_not_an_error(self) -> None:
        """Anything else is still refused."""
        with pytest.raises(WrongTypeError, match="or library error"):
            em.render(ValueError("x"))  # type: ignore[arg-type]

    def test_every_error_class(self) -> None:
        """The render signature takes the base class of the hierarchy."""
        error: EscalationMatrixError = UnknownLevelError("L9", [])
        assert em.render(error).startswith("Unknown level")


class TestLocales:
    """Locales asked for: unknown ones passed over, malformed ones refused."""

    @pytest.mark.parametrize("locale", ["xx", ["xx"], "xx_YY", ["tlh", "zz_ZZ"]])
    def test_unknown_gives_english(self, locale: Any) -> None:
        """A well-formed locale without data falls back to the source language."""
        assert em.render(em.default_matrix(), "md", locale=locale).startswith(
            "# Example issue escalation matrix template"
        )

    @pytest.mark.parametrize(
        "locale", [["xx", "it"], "it_IT@euro", ["it_IT.UTF-8@euro"]]
    )
    def test_next_or_modified_locale(self, locale: Any) -> None:
        """The next locale of a list is used; a modifier is dropped as LANG's is."""
        assert em.render(em.default_matrix(), "md", locale=locale).startswith(
            "# Esempio di modello"
        )

    @pytest.mark.parametrize("locale", [["it", "../x"], ["xx", "it@"], "und"])
    def test_every_entry_checked(self, locale: Any) -> None:
        """A malformed entry is refused wherever it stands in the list."""
        with pytest.raises(LocaleError):
            em.render(em.default_matrix(), locale=locale)

    def test_decision_in_unknown_locale(self) -> None:
        """A decision rendered in an unknown locale is in English."""
        matrix = em.default_matrix()
        decision = em.route(matrix, em.Issue("performance_hiccups", OPENED), now=OPENED)
        assert em.render(decision, locale="xx") == em.render(decision, locale="en")

    def test_problems_in_unknown_then_known_locale(self) -> None:
        """Problems are said in the first known locale of the list."""
        with pytest.raises(ValidationError) as caught:
            em.Issue("x", Decimal("1.5"))  # type: ignore[arg-type]
        assert "deve essere" in em.render(caught.value, locale=["xx", "it"])

    def test_sr_latin_modifier(self) -> None:
        """A modifier that names a script is kept as the script."""
        from escalation_matrix._i18n.locales import parse_locale  # noqa: PLC0415

        assert str(parse_locale("sr_RS@latin")) == "sr_Latn_RS"

    def test_translate_still_refuses_unknown(self) -> None:
        """translate() names the matrix's language: an unknown one is refused."""
        with pytest.raises(LocaleError, match="Babel has no data"):
            em.translate(em.default_matrix(), "xx")


class TestMessagesMatchWhatIsAccepted:
    """Messages say what a field takes."""

    def test_first_wait(self) -> None:
        """first_wait takes durations too, and its message says so."""
        assert _problems(lambda: em.Policy(first_wait=True)) == [  # type: ignore[arg-type]
            "$.first_wait: must be a FirstWait, a duration or None, got true"
        ]

    def test_first_wait_duration_accepted(self) -> None:
        """A duration string is a first wait."""
        assert em.Policy(first_wait="1h").first_wait == em.FirstWait("1h")

    def test_issue_type_object_accepted(self) -> None:
        """An IssueType is taken for its key."""
        matrix = em.default_matrix()
        issue = em.Issue(matrix.issue_type("performance_hiccups"), OPENED)
        assert issue.issue_type == "performance_hiccups"


class TestBuilderMessages:
    """A regional locale finds its language's translations."""

    def _builder(self, messages: dict[str, dict[str, str]]) -> em.MatrixBuilder:
        return em.MatrixBuilder.from_matrix(em.default_matrix()).add_role(
            "cto", "CTO", messages=messages
        )

    def test_regional_falls_back(self) -> None:
        """it_CH (or it-CH) includes it's translations."""
        builder = self._builder({"it": {"role:cto:title": "Direttore tecnico"}})
        expected = {"role:cto:title": "Direttore tecnico"}
        assert builder.messages("it_CH") == expected
        assert builder.messages("it-CH") == expected

    def test_regional_wins(self) -> None:
        """A regional translation wins over its language's; not the other way."""
        builder = self._builder(
            {
                "it": {"role:cto:title": "Direttore tecnico"},
                "it_CH": {"role:cto:title": "Direttore"},
            }
        )
        assert builder.messages("it_CH") == {"role:cto:title": "Direttore"}
        assert builder.messages("it") == {"role:cto:title": "Direttore tecnico"}
        assert builder.messages("en") == {}

    def test_not_a_locale(self) -> None:
        """A locale that is not a string is a WrongTypeError; a malformed one finds none."""
        builder = self._builder({"it": {"role:cto:title": "Direttore tecnico"}})
        with pytest.raises(WrongTypeError):
            builder.messages(["it"])  # type: ignore[arg-type]
        assert builder.messages("../x") == {}


@pytest.mark.parametrize(
    ("width", "got"),
    [
        (float("nan"), "got NaN"),
        (float("inf"), "got Infinity"),
        (Decimal("1.5"), "got a decimal number (1.5)"),
    ],
)
def test_width_shown(width: object, got: str) -> None:
    """A width of the wrong type is quoted as messages quote values."""
    with pytest.raises(WrongTypeError) as caught:
        em.render(em.default_matrix(), width=width)  # type: ignore[arg-type]
    assert str(caught.value).endswith(got)


@pytest.mark.parametrize("timezone", [Decimal("1.5"), b"x", 1])
def test_timezone_wrong_type(timezone: object) -> None:
    """A time zone that is not a name is a WrongTypeError shown without a repr."""
    matrix = em.default_matrix()
    decision = em.route(matrix, em.Issue("performance_hiccups", OPENED), now=OPENED)
    with pytest.raises(WrongTypeError) as caught:
        em.render(decision, timezone=timezone)  # type: ignore[arg-type]
    assert "Decimal(" not in str(caught.value)
    assert "b'" not in str(caught.value)


def test_csv_formulas_shown() -> None:
    """csv_formulas' message quotes the value as messages do."""
    with pytest.raises(ArgumentError, match=r"got a decimal number \(1\.5\)"):
        em.render(em.default_matrix(), "csv", csv_formulas=Decimal("1.5"))  # type: ignore[arg-type]


def test_list_style_unhashable() -> None:
    """A list style given as a list is an ArgumentError quoting it as JSON."""
    from escalation_matrix._i18n.locale_format import format_list  # noqa: PLC0415

    with pytest.raises(ArgumentError, match=r'got \["x"\]'):
        format_list(["a"], "it", style=["x"])  # type: ignore[arg-type]


def test_format_date_quotes_datetime() -> None:
    """A datetime refused as a day is quoted in ISO 8601, not as a repr."""
    from escalation_matrix._i18n.locale_format import format_date  # noqa: PLC0415

    with pytest.raises(ArgumentError) as caught:
        format_date(OPENED, "it")
    assert str(caught.value).endswith("got '2026-01-01T00:00:00+00:00'")


def test_locale_list_entry_wrong_type() -> None:
    """An entry of a locale list that is not a string is a WrongTypeError."""
    with pytest.raises(
        WrongTypeError, match=r"locale must be a str or a babel\.Locale"
    ):
        em.render(em.default_matrix(), locale=["it", 1])  # type: ignore[list-item]


def test_empty_locale_list_asks_for_no_language() -> None:
    """An empty list of locales asks for no language: English, no given texts."""
    from escalation_matrix._i18n.translator import (  # noqa: PLC0415
        in_asked_language,
        output_locale,
    )

    assert str(output_locale([])) == "en"
    assert not in_asked_language([], output_locale([]))
    assert not in_asked_language(["xx"], output_locale(["xx"]))
