"""Problems of translations, catalogs, routing and the command line, said in Italian.

Each family of problems these layers report carries a phrase, and says it
in Italian as reviewed here; whatever bad input reaches the public API or
the command line, no problem is left in English in an Italian output.
"""

from __future__ import annotations

import importlib
import json
import re
import struct
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

import escalation_matrix as em
from escalation_matrix import Action
from escalation_matrix._cli import commands
from escalation_matrix._cli.commands import _catalog_problem, error_reason
from escalation_matrix._cli.main import _invalid_catalog
from escalation_matrix._cli.session import Session
from escalation_matrix._i18n.catalogs import check_phrase, language_packs, read_catalog
from escalation_matrix._i18n.locale_format import format_datetime, say_duration
from escalation_matrix._i18n.messages import check_messages
from escalation_matrix._i18n.translator import clear_cache, translator
from escalation_matrix._routing.names import CarriedNames
from escalation_matrix.exceptions import (
    ArgumentError,
    CatalogError,
    Phrase,
    Problem,
    RoutingError,
    ValidationError,
)
from tests.helpers import Result, run_cli, small_matrix

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"
# Text between placeholders with a word in it: a template with nothing but
# placeholders and punctuation ("{entry}: {problem}") says nothing in English.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[A-Za-z]{2,}")


def italian(problem: Problem) -> str:
    """Say *problem* in Italian, as the Italian catalog has it."""
    return problem.said(translator("it").gettext)


def english_left(phrase: Phrase) -> list[str]:
    """Return the templates of *phrase* (and its nested ones) left in English."""
    gettext = translator("it").gettext
    return [
        phrase.template
        for phrase in _phrases(phrase)
        if _WORD.search(_PLACEHOLDER.sub("", phrase.template))
        and gettext(phrase.template) == phrase.template
    ]


def _phrases(phrase: Phrase) -> Iterator[Phrase]:
    yield phrase
    for value in phrase.values.values():
        if isinstance(value, Phrase):
            yield from _phrases(value)


def problems_of(call: Callable[[], object]) -> tuple[Problem, ...]:
    """Return the problems of the error *call* raises."""
    with pytest.raises((ValidationError, CatalogError)) as caught:
        call()
    error = caught.value
    assert isinstance(error, ValidationError | CatalogError)
    return error.problems


def phrase_of(call: Callable[[], object]) -> Phrase:
    """Return the phrase of the routing or argument error *call* raises."""
    with pytest.raises((RoutingError, ArgumentError)) as caught:
        call()
    phrase = getattr(caught.value, "phrase", None)
    assert isinstance(phrase, Phrase)
    assert str(phrase) == str(caught.value)
    return phrase


def decision() -> em.Decision:
    issue = em.Issue("performance_hiccups", OPENED)
    return em.route(em.default_matrix(), issue, now=OPENED + timedelta(hours=1))


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An English, UTC environment, unless a test asks for Italian."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(commands, "now", lambda: OPENED + timedelta(days=1))
    clear_cache()
    yield
    clear_cache()


# Translations given in code -------------------------------------------------

MATRIX_MESSAGES = [
    (
        {"level:L9:name": "x"},
        "non è un testo della matrice; forse intendevi 'level:L4:name'?",
    ),
    ({"role:qqqqqqqq:title": "x"}, "non è un testo della matrice"),
    (
        {"matrix:name": "x"},
        "i testi di tipo 'matrix' sono title, description; valore trovato: "
        "'matrix:name'",
    ),
    (
        {"level:L1:title": "x"},
        "i testi di tipo 'level' sono name, description; valore trovato: "
        "'level:L1:title'",
    ),
    (
        {"cell:outage": "x"},
        "deve essere un contesto di testo come 'matrix:title', 'level:<key>:name' o "
        "'cell:<issue type>:<level>'; valore trovato: 'cell:outage'",
    ),
    (
        {3: "x"},
        "un contesto deve essere una stringa come 'level:L5:name'; valore trovato: 3",
    ),
    ({"level:L1:name": " "}, "deve essere un testo non vuoto; valore trovato: ' '"),
    (
        {"level:L1:name": "A\nB"},
        "deve stare su una sola riga come l'originale, senza il carattere di a capo "
        "U+000A; valore trovato: 'A\\nB'",
    ),
    (
        {"level:L1:name": "A\x1b"},
        "non deve contenere il carattere di controllo U+001B; valore trovato: 'A\\x1b'",
    ),
    (
        {"matrix:title": "{x}"},
        "i segnaposto non corrispondono: nell'originale nessuno, nella traduzione {x}",
    ),
    (
        {"matrix:title": "{x"},
        "non è una stringa di formato come l'originale: expected '}' before end "
        "of string",
    ),
]


class TestTranslationsInCode:
    @pytest.mark.parametrize(("messages", "expected"), MATRIX_MESSAGES)
    def test_translate(self, messages: dict[object, str], expected: str) -> None:
        """Each wrong entry of translate(messages=) is said in Italian."""
        (problem,) = problems_of(
            lambda: em.translate(em.default_matrix(), "it", messages=messages)  # type: ignore[arg-type]
        )
        assert problem.phrase is not None
        assert expected == italian(problem)

    @pytest.mark.parametrize(
        ("context", "expected"),
        [
            ("level:L9:name", "non corrisponde a nessun livello della matrice: 'L9'"),
            (
                "role:project_managr:title",
                "non corrisponde a nessun ruolo della matrice: 'project_managr'; "
                "forse intendevi 'project_manager'?",
            ),
        ],
    )
    def test_render_without_matrix(self, context: str, expected: str) -> None:
        """A decision's translations name its own levels and roles, said in Italian."""
        (problem,) = problems_of(
            lambda: em.render(decision(), locale="it", messages={context: "x"})
        )
        assert expected == italian(problem)

    def test_other_kinds_of_key(self) -> None:
        """A context naming an unknown key of another kind says which kind."""
        with pytest.raises(CatalogError) as caught:
            check_messages(
                {"severity:urgent:name": "Urgente"}, keys={"severity": ("low",)}
            )
        (problem,) = caught.value.problems
        assert problem.message == "names no severity of the matrix: 'urgent'"
        assert italian(problem) == (
            "non corrisponde a nessuna parte di tipo severity della matrice: 'urgent'"
        )

    def test_catalog_update_in_another_language(self) -> None:
        """Updating an Italian catalog as a German one is refused in Italian."""
        italian_catalog = em.matrix_catalog(em.default_matrix(), "it")
        (problem,) = problems_of(
            lambda: em.matrix_catalog(em.default_matrix(), "de", update=italian_catalog)
        )
        assert italian(problem) == (
            "il catalogo da aggiornare è in 'it', non in 'de': le sue traduzioni "
            "passerebbero per traduzioni in 'de'; aggiornare il catalogo in 'de' o "
            "crearne uno nuovo"
        )

    def test_domain(self) -> None:
        """A domain that cannot name a file is refused in Italian."""
        (problem,) = problems_of(
            lambda: em.translate(em.default_matrix(), "it", domain="../x")
        )
        assert italian(problem).startswith(
            "il dominio deve essere un nome di file senza estensione"
        )
        assert italian(problem).endswith("; valore trovato: '../x'")


class TestFlatMessages:
    """Flat messages are in the output's language, whichever of a list it is."""

    FLAT = {"role:project_team_contact:title": "Referente"}  # noqa: RUF012

    def test_second_locale_of_a_list(self) -> None:
        """No French catalog: the output is Italian, with the flat texts."""
        text = em.render(decision(), locale=["fr", "it"], messages=self.FLAT)
        assert text.startswith("La segnalazione è in carico al ruolo Referente (L1)")

    def test_table_second_locale_of_a_list(self) -> None:
        """A matrix's table takes them the same way."""
        table = em.render(
            em.default_matrix(), "csv", locale=["fr", "it"], messages=self.FLAT
        )
        assert table.splitlines()[1].startswith("Ruolo operativo,Referente,")

    def test_no_language_asked_for(self) -> None:
        """An output in no language asked for (English here) leaves them out."""
        text = em.render(decision(), locale=["fr", "de"], messages=self.FLAT)
        assert "Referente" not in text
        assert "Project team contact (L1)" in text


# Catalog files ----------------------------------------------------------------


def _catalog_dir(tmp_path: Path, name: str, data: bytes, locale: str = "de") -> Path:
    folder = tmp_path / "cat" / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)
    return tmp_path / "cat"


def _po(catalog: Catalog) -> bytes:
    import io  # noqa: PLC0415

    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


def _mo(catalog: Catalog) -> bytes:
    import io  # noqa: PLC0415

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _mo_with_charset(charset: str, text: str = "Stufe") -> bytes:
    """A compiled catalog whose header names *charset*, its text in UTF-8."""
    catalog = Catalog(locale="de")
    catalog.add("Level", text, context="a")
    data = _mo(catalog)
    return data.replace(b"charset=utf-8", f"charset={charset}".encode())


class TestCatalogFiles:
    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (
                b"not a catalog at all",
                "non è un catalogo compilato (file .mo): numero magico errato",
            ),
            (
                struct.pack("<7I", 0x950412DE, 5 << 16, 0, 28, 28, 0, 0),
                "versione 5 del file .mo sconosciuta",
            ),
            (
                struct.pack("<7I", 0x950412DE, 0, 1, 28, 36, 0, 0)
                + struct.pack("<4I", 100, 44, 1, 44),
                "un messaggio si trova oltre la fine del file",
            ),
            (
                _mo_with_charset("nonesuch"),
                "set di caratteri 'nonesuch' sconosciuto",
            ),
            (
                _mo_with_charset("ascii", "Stufe \u00e9"),
                "impossibile leggere il file: 'ascii' codec can't decode byte 0xc3 "
                "in position 6: ordinal not in range(128)",
            ),
            (
                b"\xde\x12\x04\x95\x00\x00\x05\x00",
                "non è un catalogo compilato (file .mo): il file finisce troppo "
                "presto (unpack_from requires a buffer of at least 20 bytes for "
                "unpacking 16 bytes at offset 4 (actual buffer size is 8))",
            ),
        ],
    )
    def test_broken_compiled_catalog(
        self, tmp_path: Path, data: bytes, expected: str
    ) -> None:
        """A file that is no compiled catalog is said so in Italian."""
        directory = _catalog_dir(tmp_path, "escalation_matrix.mo", data)
        (problem,) = problems_of(
            lambda: em.translate(em.default_matrix(), "de", catalogs=[directory])
        )
        assert expected == italian(problem)

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (
                b'msgid "a"\nmsgstr "b"\nnonsense\n',
                "non è un file .po valido: impossibile leggere la riga 3: 'nonsense'",
            ),
            (
                b'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n',
                "non è un file .po valido: la voce alla riga 1 è incompleta",
            ),
        ],
    )
    def test_broken_po_file(self, tmp_path: Path, data: bytes, expected: str) -> None:
        """A .po file Babel cannot read: where it stops, said in Italian."""
        directory = _catalog_dir(tmp_path, "escalation_matrix.po", data)
        (problem,) = problems_of(
            lambda: em.translate(em.default_matrix(), "de", catalogs=[directory])
        )
        assert expected == italian(problem)

    def test_unreadable_file(self, tmp_path: Path) -> None:
        """A file the system cannot read: its reason, after Italian words."""
        with pytest.raises(CatalogError) as caught:
            read_catalog(tmp_path / "missing.mo")
        (problem,) = caught.value.problems
        assert italian(problem) == (
            "impossibile leggere il file: No such file or directory"
        )

    def test_wrong_entries_of_a_po_file(self, tmp_path: Path) -> None:
        """Each unusable translation is said in Italian, with its line."""
        catalog = Catalog(locale="de")
        catalog.add("Level {n}", "Stufe {m}", context="a")
        catalog.add(
            ("{n} level", "{n} levels"), ("{x} Stufe", "{n} Stufen"), context="b"
        )
        catalog.add("Outage", "Aus\x1bfall", context="c")
        directory = _catalog_dir(tmp_path, "escalation_matrix.po", _po(catalog))
        problems = problems_of(
            lambda: em.translate(
                em.default_matrix(), "de", catalogs=[directory], strict=True
            )
        )
        assert [italian(problem) for problem in problems] == [
            "riga 24: msgctxt 'a' msgid 'Level {n}': i segnaposto non corrispondono: "
            "nell'originale {n}, nella traduzione {m}",
            "riga 29: msgctxt 'b' msgid '{n} level': i segnaposto non corrispondono: "
            "nell'originale {n} o nessuno, nella traduzione {x}",
            "riga 35: msgctxt 'c' msgid 'Outage': non deve contenere il carattere "
            "di controllo U+001B; valore trovato: 'Aus\\x1bfall'",
        ]

    def test_wrong_entry_of_a_compiled_catalog(self, tmp_path: Path) -> None:
        """A compiled catalog has no lines: the entry alone says which."""
        catalog = Catalog(locale="de")
        catalog.add("Level {n}", "Stufe {m}", context="a")
        directory = _catalog_dir(tmp_path, "escalation_matrix.mo", _mo(catalog))
        (problem,) = translator("de", catalogs=[directory]).problems
        assert italian(problem) == (
            "msgctxt 'a' msgid 'Level {n}': i segnaposto non corrispondono: "
            "nell'originale {n}, nella traduzione {m}"
        )

    def test_unknown_check_kept_as_written(self) -> None:
        """A catalog check this release does not know is kept as it says it."""
        assert check_phrase("something new") == "something new"


def _install_pack(site: Path, name: str, source: str, target: str) -> None:
    package = site / name
    package.mkdir()
    (package / "__init__.py").write_text(source, "utf-8")
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", "utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[escalation_matrix.catalogs]\n{name} = {target}\n", "utf-8"
    )
    importlib.invalidate_caches()


class TestLanguagePacks:
    @pytest.fixture
    def site(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
        """A directory on sys.path where fake distributions are installed."""
        site = tmp_path / "site"
        site.mkdir()
        monkeypatch.syspath_prepend(str(site))
        yield site
        for name in list(sys.modules):
            if name.startswith("h4pack_"):
                del sys.modules[name]

    def test_failing_pack(self, site: Path) -> None:
        """A pack that fails to load: said in Italian, its error kept."""
        gettext = translator("it").gettext  # before the pack breaks every lookup
        _install_pack(site, "h4pack_a", "raise RuntimeError('boom')\n", "h4pack_a:X")
        language_packs.cache_clear()
        (problem,) = problems_of(language_packs)
        assert problem.said(gettext) == "caricamento non riuscito: RuntimeError: boom"

    def test_pack_giving_no_directory(self, site: Path) -> None:
        """A pack that gives no directory: said in Italian."""
        gettext = translator("it").gettext
        _install_pack(site, "h4pack_b", "NUMBER = 42\n", "h4pack_b:NUMBER")
        language_packs.cache_clear()
        (problem,) = problems_of(language_packs)
        assert problem.said(gettext) == (
            "deve essere una cartella di cataloghi (un percorso, un Traversable o un "
            "callable che ne restituisca uno); valore trovato: 42"
        )


# Routing --------------------------------------------------------------------


class TestRouting:
    def test_unknown_impact_and_urgency(self) -> None:
        """Values missing from the priority table, each said in Italian."""
        issue = em.Issue("performance_hiccups", OPENED, impact="huge", urgency="now")
        problems = problems_of(lambda: em.route(em.default_matrix(), issue, now=OPENED))
        assert [italian(problem) for problem in problems] == [
            "impatto 'huge' sconosciuto; valori noti: high, medium, low",
            "urgenza 'now' sconosciuta; valori noti: high, medium, low",
        ]

    def test_no_priority_table(self) -> None:
        """Impact and urgency without a table: said in Italian."""
        issue = em.Issue("outage", OPENED, impact="high", urgency="low")
        (problem,) = problems_of(lambda: em.route(small_matrix(), issue, now=OPENED))
        assert italian(problem) == (
            "la matrice non ha una tabella delle priorità da cui ricavare la "
            "gravità in base a impatto e urgenza"
        )

    def test_jump_to_unknown_level(self) -> None:
        """A manual jump to a level the matrix lacks: said in Italian."""
        issue = em.Issue(
            "performance_hiccups", OPENED, actions=[Action.jump(OPENED, "L9")]
        )
        (problem,) = problems_of(
            lambda: em.route(em.default_matrix(), issue, now=OPENED)
        )
        assert italian(problem) == (
            "salto a un livello sconosciuto, 'L9'; livelli noti: L1, L2, L3, L4"
        )

    @pytest.mark.parametrize(
        ("opened", "now", "expected"),
        [
            (
                OPENED,
                OPENED - timedelta(hours=1),
                "now (2026-11-27T08:00:00+00:00) è precedente all'apertura della "
                "segnalazione (2026-11-27T09:00:00+00:00)",
            ),
            (
                OPENED,
                datetime(2026, 1, 1),  # noqa: DTZ001 -- the mistake
                "now deve essere un datetime con fuso orario; valore trovato: "
                "'2026-01-01T00:00:00'",
            ),
            (
                datetime(9999, 12, 31, 22, tzinfo=UTC),
                datetime(9999, 12, 31, 23, tzinfo=UTC),
                "l'escalation prevista 4h dopo 9999-12-31T22:00:00+00:00 cade dopo "
                "l'anno 9999.",
            ),
            (
                datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=9))),
                datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=9))),
                "l'escalation prevista per 9999-12-31T15:00:00+00:00 non si può "
                "indicare nel fuso orario in cui è stata aperta la segnalazione: lì "
                "cade dopo l'anno 9999.",
            ),
        ],
    )
    def test_routing_errors(
        self, opened: datetime, now: datetime, expected: str
    ) -> None:
        """Routing errors carry their message as a phrase, said in Italian."""
        issue = em.Issue("operational_challenges", opened)
        phrase = phrase_of(lambda: em.route(em.default_matrix(), issue, now=now))
        assert phrase.said(translator("it").gettext) == expected
        assert not english_left(phrase)

    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            (
                OPENED - timedelta(hours=1),
                "2026-11-27T08:00:00+00:00 è precedente all'apertura della "
                "segnalazione",
            ),
            (
                datetime(2026, 1, 1),  # noqa: DTZ001 -- the mistake
                "serve un datetime con fuso orario; valore trovato: "
                "'2026-01-01T00:00:00'",
            ),
        ],
    )
    def test_stage_at(self, moment: datetime, expected: str) -> None:
        """A plan's stage_at() says what is wrong with the moment in Italian."""
        planned = em.plan(
            em.default_matrix(), em.Issue("performance_hiccups", OPENED), now=OPENED
        )
        phrase = phrase_of(lambda: planned.stage_at(moment))
        assert phrase.said(translator("it").gettext) == expected

    def test_resolver_errors(self) -> None:
        """A resolver giving something other than contacts: said in Italian."""
        issue = em.Issue("performance_hiccups", OPENED)
        phrase = phrase_of(
            lambda: em.route(
                em.default_matrix(),
                issue,
                now=OPENED,
                resolver=lambda *_: ["Ada"],  # type: ignore[arg-type]
            )
        )
        assert phrase.said(translator("it").gettext) == (
            "il resolver deve restituire un elenco di Contact; tra i valori "
            "restituiti per il ruolo 'project_team_contact' c'è 'Ada'"
        )
        phrase = phrase_of(
            lambda: em.route(
                em.default_matrix(),
                issue,
                now=OPENED,
                resolver=lambda *_: None,  # type: ignore[arg-type]
            )
        )
        assert phrase.said(translator("it").gettext) == (
            "il resolver deve restituire un elenco di Contact; valore trovato: null"
        )

    def test_carried_names(self) -> None:
        """Names carried by a result, refused in Italian."""
        problems = problems_of(
            lambda: CarriedNames(level_roles="x", texts={"bad": "t"})  # type: ignore[arg-type]
        )
        assert [problem.phrase is not None for problem in problems] == [True, True]
        assert italian(problems[1]) == (
            "deve essere un contesto di traduzione, uno tra role:<key>:title, "
            "level:<key>:name, severity:<key>:name, issue_type:<key>:name, "
            "cell:<issue type>:<level>; "
            "valore trovato: 'bad'"
        )


class TestArguments:
    def test_moment_beyond_the_calendar(self) -> None:
        """A moment no time zone can write: the reason said in Italian."""
        moment = datetime(9999, 12, 31, 20, tzinfo=UTC)
        phrase = phrase_of(lambda: format_datetime(moment, "it", "Pacific/Kiritimati"))
        assert phrase.said(translator("it").gettext) == (
            "moment non si può esprimere nel fuso orario Pacific/Kiritimati: lì "
            "cade fuori dagli anni da 1 a 9999; valore trovato: "
            "9999-12-31T20:00:00+00:00"
        )

    def test_naive_moment(self) -> None:
        """A naive moment: said in Italian."""
        naive = datetime(2026, 1, 1)  # noqa: DTZ001 -- the mistake
        phrase = phrase_of(lambda: format_datetime(naive, "it", "UTC"))
        assert phrase.said(translator("it").gettext) == (
            "moment deve avere un fuso orario (un datetime senza fuso è ambiguo); "
            "valore trovato: '2026-01-01T00:00:00'"
        )


# Durations in Italian sentences ---------------------------------------------


class TestItalianDurations:
    @pytest.mark.parametrize(
        ("duration", "english", "italian"),
        [
            (timedelta(hours=1), "1 hour", "un'ora"),
            (timedelta(hours=1, minutes=30), "1 hour, 30 minutes", "un'ora e 30 minuti"),
            (timedelta(days=1, hours=4), "1 day, 4 hours", "un giorno e 4 ore"),
            (timedelta(minutes=1, seconds=1), "1 minute, 1 second", "un minuto e un secondo"),
            (timedelta(hours=2, minutes=1), "2 hours, 1 minute", "2 ore e un minuto"),
            (timedelta(0), "0 seconds", "0 secondi"),
        ],
    )  # fmt: skip
    def test_one_of_a_unit(
        self, duration: timedelta, english: str, italian: str
    ) -> None:
        """Italian says one of a unit in words; English keeps CLDR's count."""
        assert say_duration(duration, translator("en")) == english
        assert say_duration(duration, translator("it")) == italian

    def test_in_an_explanation(self) -> None:
        """The escalation after one hour reads "per un'ora" in Italian."""
        levels = [
            em.Level("L1", 1, "agent", "First line", delay=timedelta(hours=1)),
            em.Level("L2", 2, "lead", "Second line", delay=timedelta(hours=1)),
            em.Level("L3", 3, "boss", "Management"),
        ]
        matrix = small_matrix(levels=levels)
        decided = em.route(
            matrix, em.Issue("outage", OPENED), now=OPENED + timedelta(minutes=90)
        )
        text = em.render(decided, locale="it", timezone="UTC", width=1000)
        assert (
            "- Il giorno 27 nov 2026 alle 10:00 è scattata l'escalation dal ruolo "
            "Agent (L1) al ruolo Team lead (L2): la segnalazione era rimasta "
            "irrisolta per un'ora.\n"
        ) in text

    def test_in_the_notes_under_a_table(self) -> None:
        """The notes on a policy's waits say one minute in words."""
        matrix = small_matrix(
            policy=em.Policy(first_wait=em.FirstWait(timedelta(minutes=1)))
        )
        text = em.render(matrix, locale="it", width=1000)
        assert "dopo un'attesa di un minuto;" in text
        assert "passa al successivo dopo un'ora," in text


# Everything at once, in Italian -----------------------------------------------


class _Case(NamedTuple):
    name: str
    call: Callable[[], object]


def _bad_inputs() -> list[_Case]:
    matrix = em.default_matrix()
    issue = em.Issue("performance_hiccups", OPENED)
    broken = (DATA / "broken.toml").read_text("utf-8")
    return [
        _Case("a broken matrix file", lambda: em.loads(broken, "toml")),
        *(
            _Case(f"translate messages {messages}", lambda m=messages: em.translate(matrix, "it", messages=m))  # type: ignore[misc]
            for messages, _ in MATRIX_MESSAGES
        ),
        _Case(
            "render messages",
            lambda: em.render(decision(), locale="it", messages={"level:L9:name": "x"}),
        ),
        _Case(
            "a catalog of another language",
            lambda: em.matrix_catalog(
                matrix, "de", update=em.matrix_catalog(matrix, "it")
            ),
        ),
        _Case("a bad domain", lambda: em.translate(matrix, "it", domain="../x")),
        _Case(
            "impact and urgency",
            lambda: em.route(
                matrix,
                em.Issue("performance_hiccups", OPENED, impact="x", urgency="y"),
                now=OPENED,
            ),
        ),
        _Case(
            "a jump",
            lambda: em.route(
                matrix,
                em.Issue(
                    "performance_hiccups", OPENED, actions=[Action.jump(OPENED, "L9")]
                ),
                now=OPENED,
            ),
        ),
        _Case(
            "routing before the opening",
            lambda: em.route(matrix, issue, now=OPENED - timedelta(hours=1)),
        ),
        _Case(
            "routing after year 9999",
            lambda: em.route(
                matrix,
                em.Issue("operational_challenges", datetime(9999, 12, 31, 22, tzinfo=UTC)),
                now=datetime(9999, 12, 31, 23, tzinfo=UTC),
            ),
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("case", _bad_inputs(), ids=lambda case: case.name)
def test_nothing_left_in_english(case: _Case) -> None:
    """Every problem of a bad input has a phrase, all of it said in Italian."""
    with pytest.raises((ValidationError, CatalogError, RoutingError)) as caught:
        case.call()
    error = caught.value
    if isinstance(error, RoutingError):
        phrases = [getattr(error, "phrase", None)]
    else:
        assert isinstance(error, ValidationError | CatalogError)
        phrases = [problem.phrase for problem in error.problems]
    for phrase in phrases:
        assert isinstance(phrase, Phrase)
        assert english_left(phrase) == []
        assert phrase.said(translator("it").gettext) != str(phrase)


# The command line, in Italian --------------------------------------------------


@pytest.fixture
def italian_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run the command under LANG=it_IT.UTF-8; return what it gave."""
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    clear_cache()

    def run(*args: str | Path) -> Result:
        return run_cli(capsys, *args)

    return run


class TestItalianCommandLine:
    def test_validate_a_broken_file(self, italian_cli: Callable[..., Result]) -> None:
        """Every problem line of validate is the problem said in Italian."""
        path = DATA / "broken.toml"
        problems = problems_of(lambda: em.load(path))
        result = italian_cli("validate", path)
        assert result.status == 1
        assert result.err.splitlines() == [
            f"{path}: {problem.path}: {italian(problem)}" for problem in problems
        ]
        for problem in problems:
            assert problem.phrase is not None
            assert english_left(problem.phrase) == []

    def test_answer_beyond_year_9999(self, italian_cli: Callable[..., Result]) -> None:
        """The reason routing cannot answer is said in Italian."""
        result = italian_cli(
            "route", "performance_hiccups",
            "--opened", "9999-12-31T22:00Z", "--now", "9999-12-31T23:00Z",
        )  # fmt: skip
        assert result.err.splitlines()[-1] == (
            "escalation-matrix route: errore: impossibile rispondere per queste date "
            "e ore: l'escalation prevista 4h dopo 9999-12-31T22:00:00+00:00 cade "
            "dopo l'anno 9999."
        )

    def test_time_zone_beyond_year_9999(
        self, italian_cli: Callable[..., Result]
    ) -> None:
        """A moment the time zone cannot write: refused up front, in Italian."""
        result = italian_cli(
            "route", "performance_hiccups",
            "--opened", "9999-12-31T20:00Z", "--timezone", "Pacific/Kiritimati",
        )  # fmt: skip
        assert result.err.splitlines()[-1] == (
            "escalation-matrix route: errore: --opened: «9999-12-31T20:00Z» cade "
            "fuori dagli anni da 1 a 9999 nel fuso orario Pacific/Kiritimati"
        )

    def test_validate_catalogs(
        self, italian_cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """A catalog's unusable translations and broken files, said in Italian."""
        catalog = Catalog(locale="de")
        catalog.add("Level 1 - Escalation", "Stufe {x}", context="level:L1:name")
        directory = _catalog_dir(tmp_path, "escalation_matrix.po", _po(catalog))
        broken = directory / "de" / "LC_MESSAGES" / "escalation_matrix_messages.mo"
        broken.write_bytes(b"not a catalog")
        result = italian_cli("validate", "--catalogs", directory)
        assert result.status == 1
        assert result.err.splitlines() == [
            f"{directory / 'de' / 'LC_MESSAGES' / 'escalation_matrix.po'}: riga 23: "
            "msgctxt 'level:L1:name' msgid 'Level 1 - Escalation': i segnaposto non "
            "corrispondono: nell'originale nessuno, nella traduzione {x}",
            f"{broken}: non è un catalogo compilato (file .mo): numero magico errato",
        ]

    def test_broken_catalog(
        self, italian_cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """A catalog a command cannot read: the whole error in Italian."""
        data = b"not a catalog"
        directory = _catalog_dir(tmp_path, "escalation_matrix.mo", data, "it")
        result = italian_cli("show", "--catalogs", directory)
        path = directory / "it" / "LC_MESSAGES" / "escalation_matrix.mo"
        assert result.status == 1
        assert result.err.splitlines() == [
            f"escalation-matrix show: errore: Catalogo di messaggi {path} non valido:",
            f"  {path}: non è un catalogo compilato (file .mo): numero magico errato",
        ]

    def test_batch_lines(
        self, italian_cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        """Each refused line of a batch says why in Italian."""
        opened = OPENED.isoformat()
        lines = [
            "{bad",
            "[1]",
            json.dumps({"issue_type": "nope", "opened_at": opened}),
            json.dumps(
                {"issue_type": "performance_hiccups", "opened_at": opened,
                 "severity": "urgent"}
            ),
            json.dumps(
                {"issue_type": "performance_hiccups",
                 "opened_at": (OPENED + timedelta(days=9)).isoformat()}
            ),
        ]  # fmt: skip
        tickets = tmp_path / "t.jsonl"
        tickets.write_text("".join(f"{line}\n" for line in lines), "utf-8")
        result = italian_cli("route", "--batch", tickets, "-o", tmp_path / "d.jsonl")
        errors = [
            line for line in result.err.splitlines() if line.startswith(str(tickets))
        ]
        known = ", ".join(kind.key for kind in em.default_matrix().issue_types)
        assert errors == [
            f"{tickets}:1: $: JSON non valido alla colonna 2: qui è attesa una "
            "chiave tra virgolette doppie",
            f"{tickets}:2: $: deve essere un oggetto JSON con i campi della "
            "segnalazione",
            f"{tickets}:3: $.issue_type: tipo di segnalazione 'nope' sconosciuto; "
            f"tipi noti: {known}",
            f"{tickets}:4: $.severity: gravità 'urgent' sconosciuta; gravità note: "
            "critical, high, medium, low",
            f"{tickets}:5: $.opened_at: now (2026-11-28T09:00:00+00:00) è "
            "precedente all'apertura della segnalazione (2026-12-06T09:00:00+00:00)",
        ]


class TestReasonsOfErrors:
    """How the command line says the reason of an error raised by the library."""

    @staticmethod
    def _session() -> Session:
        import argparse  # noqa: PLC0415

        return Session(translator("it"), "it", argparse.ArgumentParser())

    def test_reason_only_phrase(self) -> None:
        """An ArgumentError whose phrase is its reason alone is said in Italian."""
        phrase = Phrase("{moment} is before the issue was opened", moment="a")
        error = ArgumentError("moment", "a", str(phrase))
        vars(error)["phrase"] = phrase
        assert error_reason(error, self._session()) == (
            "a è precedente all'apertura della segnalazione"
        )

    def test_without_phrase(self) -> None:
        """An error without a phrase is said as it is."""
        session = self._session()
        assert error_reason(ArgumentError("width", 2, "is too small"), session) == (
            "is too small"
        )
        assert error_reason(RoutingError("plain words"), session) == "plain words"

    def test_catalog_error_without_file(self) -> None:
        """A catalog error naming no file still lists its problems, in Italian."""
        error = CatalogError(
            [Problem("messages['x']", Phrase("not a text of the matrix"))]
        )
        assert _invalid_catalog(error, translator("it")) == (
            "Catalogo di messaggi non valido:\n"
            "  messages['x']: non è un testo della matrice"
        )

    def test_catalog_problem_without_phrase(self) -> None:
        """A catalog check's own words, from the checks run alone, are translated."""
        problem = Problem("x.po", "line 3: msgid 'a': untranslated")
        assert _catalog_problem(problem, self._session()) == (
            "x.po: riga 3: msgid 'a': non tradotto"
        )
