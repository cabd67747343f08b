"""Every family of sentences the library tells in Italian, against reviewed text.

The expected texts were read by a native speaker: articles through "il
ruolo", "il giorno" before dates (no "il 8"), "da ... a", the issue named
("la segnalazione", feminine), names of severities and issue types in
quotes so that their capitals stand, "alle" between date and time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import escalation_matrix as em
from escalation_matrix._i18n.translator import translator
from escalation_matrix._routing.explain import (
    DisplayNames,
    mid_sentence,
    render_reason,
)
from escalation_matrix._routing.names import kind_names, level_names
from escalation_matrix._routing.reasons import (
    Reason,
    ReasonEntered,
    ReasonEscalated,
    ReasonHeld,
    ReasonMoved,
)
from tests.helpers import explain

AT = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
MOVED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
FOUR_HOURS = timedelta(hours=4)
L1 = "il ruolo Contatto del team del progetto (L1)"
_ESCALATION = (
    "Il giorno 8 dic 2026 alle 09:00 è scattata l'escalation dal ruolo "
    "Contatto del team del progetto (L1) al ruolo Project Manager (L2): "
)


def _names() -> DisplayNames:
    matrix = em.default_matrix()
    names = kind_names(level_names(matrix), matrix, "timeline_adjustments", "low")
    return DisplayNames(translator("it"), names)


def _escalated(**changes: object) -> ReasonEscalated:
    fields: dict[str, object] = {
        "at": AT,
        "level": "L2",
        "from_level": "L1",
        "after": FOUR_HOURS,
        "since_opened": False,
        "business_time": False,
        "escalate_while": "unresolved",
    }
    fields.update(changes)
    return ReasonEscalated(**fields)  # type: ignore[arg-type]


REASONS: list[tuple[Reason, str]] = [
    (
        ReasonEntered(AT, "L1", "first_level"),
        "Segnalazione aperta il giorno 8 dic 2026 alle 09:00; parte dal primo "
        f"livello, {L1}.",
    ),
    (
        ReasonEntered(AT, "L2", "severity", severity="low"),
        "Segnalazione aperta il giorno 8 dic 2026 alle 09:00 con gravità bassa: "
        "parte dal ruolo Project Manager (L2).",
    ),
    (
        ReasonEntered(AT, "L2", "issue_type"),
        "Segnalazione aperta il giorno 8 dic 2026 alle 09:00; le segnalazioni di "
        "tipo «Aggiustamenti della timeline» partono dal ruolo Project Manager (L2).",
    ),
    (
        ReasonEntered(AT, "L2", "rule", rule="key_customers"),
        "Segnalazione aperta il giorno 8 dic 2026 alle 09:00; la regola "
        "«key_customers» la fa partire dal ruolo Project Manager (L2).",
    ),
    (
        _escalated(),
        _ESCALATION + "la segnalazione era rimasta irrisolta per 4 ore.",
    ),
    (
        _escalated(escalate_while="unacknowledged"),
        _ESCALATION + "per 4 ore nessuno aveva preso in carico la segnalazione.",
    ),
    (
        _escalated(since_opened=True),
        _ESCALATION + "la segnalazione era ancora irrisolta 4 ore dopo l'apertura.",
    ),
    (
        _escalated(since_opened=True, escalate_while="unacknowledged"),
        _ESCALATION + "4 ore dopo l'apertura nessuno aveva ancora preso in carico "
        "la segnalazione.",
    ),
    (
        _escalated(since_opened=True, counted_from=MOVED),
        _ESCALATION + "la segnalazione era ancora irrisolta 4 ore dopo lo "
        "spostamento manuale del giorno 1º dic 2026 alle 09:00.",
    ),
    (
        _escalated(
            since_opened=True, counted_from=MOVED, escalate_while="unacknowledged"
        ),
        _ESCALATION + "4 ore dopo lo spostamento manuale del giorno 1º dic 2026 "
        "alle 09:00 nessuno aveva ancora preso in carico la segnalazione.",
    ),
    (
        _escalated(
            level="L4",
            business_time=True,
            after=timedelta(hours=1, minutes=30),
            skipped=("L2", "L3"),
        ),
        "Il giorno 8 dic 2026 alle 09:00 è scattata l'escalation dal ruolo "
        "Contatto del team del progetto (L1) al ruolo Sales Manager (L4): la "
        "segnalazione era rimasta irrisolta per un'ora e 30 minuti in orario "
        "lavorativo. Livelli saltati: Project Manager (L2) e Account Manager (L3).",
    ),
    (
        ReasonMoved(AT, "L2", "L1", "escalate"),
        "Il giorno 8 dic 2026 alle 09:00 è stata eseguita un'escalation manuale "
        "dal ruolo Contatto del team del progetto (L1) al ruolo Project Manager "
        "(L2).",
    ),
    (
        ReasonMoved(AT, "L2", "L1", "escalate", "cliente importante"),
        "Il giorno 8 dic 2026 alle 09:00 è stata eseguita un'escalation manuale "
        "dal ruolo Contatto del team del progetto (L1) al ruolo Project Manager "
        "(L2). Motivo: cliente importante",
    ),
    (
        ReasonMoved(AT, "L1", "L2", "deescalate"),
        "Il giorno 8 dic 2026 alle 09:00 la segnalazione è stata riportata "
        "manualmente a un livello inferiore, dal ruolo Project Manager (L2) al "
        "ruolo Contatto del team del progetto (L1).",
    ),
    (
        ReasonMoved(AT, "L1", "L2", "deescalate", "falso allarme"),
        "Il giorno 8 dic 2026 alle 09:00 la segnalazione è stata riportata "
        "manualmente a un livello inferiore, dal ruolo Project Manager (L2) al "
        "ruolo Contatto del team del progetto (L1). Motivo: falso allarme",
    ),
    (
        ReasonMoved(AT, "L3", "L1", "jump"),
        "Il giorno 8 dic 2026 alle 09:00 la segnalazione è stata spostata "
        "manualmente dal ruolo Contatto del team del progetto (L1) al ruolo "
        "Account Manager (L3).",
    ),
    (
        ReasonMoved(AT, "L3", "L1", "jump", "contratto"),
        "Il giorno 8 dic 2026 alle 09:00 la segnalazione è stata spostata "
        "manualmente dal ruolo Contatto del team del progetto (L1) al ruolo "
        "Account Manager (L3). Motivo: contratto",
    ),
    (
        ReasonHeld(AT, "L4", "top"),
        "Il ruolo Sales Manager (L4) occupa il livello più alto: l'escalation non "
        "va oltre.",
    ),
    (
        ReasonHeld(AT, "L2", "cap", severity="low"),
        "Per le segnalazioni di gravità bassa l'escalation non va oltre il ruolo "
        "Project Manager (L2).",
    ),
    (
        ReasonHeld(AT, "L3", "above_cap", severity="low"),
        "La segnalazione è al livello del ruolo Account Manager (L3), oltre il "
        "limite dell'escalation automatica per la gravità bassa: rimane dov'è.",
    ),
    (
        ReasonHeld(AT, "L3", "above_cap", rule="key_customers"),
        "La segnalazione è al livello del ruolo Account Manager (L3), oltre il "
        "limite che la regola «key_customers» pone all'escalation automatica: "
        "rimane dov'è.",
    ),
    (
        ReasonHeld(AT, "L2", "cap", rule="key_customers"),
        "La regola «key_customers» ferma l'escalation al ruolo Project Manager (L2).",
    ),
    (
        ReasonHeld(AT, "L1", "no_delay"),
        "Per il ruolo Contatto del team del progetto (L1) non è previsto un tempo "
        "di escalation: la segnalazione resta a questo livello finché qualcuno non "
        "la sposta.",
    ),
    (
        ReasonHeld(AT, "L1", "acknowledged"),
        "Presa in carico il giorno 8 dic 2026 alle 09:00: dal ruolo Contatto del "
        "team del progetto (L1) l'escalation prosegue solo finché nessuno prende "
        "in carico la segnalazione, quindi qui si ferma.",
    ),
    (ReasonHeld(AT, "L1", "resolved"), "Risolta il giorno 8 dic 2026 alle 09:00."),
    (
        ReasonHeld(AT, "L2", "closed"),
        "Il giorno 8 dic 2026 alle 09:00 la segnalazione è stata chiusa "
        "automaticamente mentre era in carico al ruolo Project Manager (L2): "
        "l'escalation era giunta al termine.",
    ),
    (
        ReasonHeld(AT, "L2", "repeats_done"),
        "Il ruolo Project Manager (L2) occupa l'ultimo livello dell'ultimo ciclo: "
        "l'escalation non va oltre.",
    ),
]


@pytest.mark.parametrize(("reason", "expected"), REASONS)
def test_reasons(reason: Reason, expected: str) -> None:
    """Each kind of reason, as a native speaker wrote it."""
    text = render_reason(
        reason, _names(), "Europe/Rome", issue_type="timeline_adjustments"
    )
    assert expected == text


def test_a_decision() -> None:
    """Who handles it, whom to contact, and the next escalation."""
    opened = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    decision = em.route(
        em.default_matrix(),
        em.Issue("performance_hiccups", opened),
        now=opened + timedelta(hours=1),
    )
    assert explain(decision, "it", timezone="Europe/Rome")[1:] == (
        "La segnalazione è in carico al ruolo Contatto del team del progetto "
        "(L1). Identifica e risolve i problemi correlati alle prestazioni.",
        "Prossima escalation: al ruolo Project Manager (L2), il giorno 8 dic "
        "2026 alle 13:00.",
    )


def test_a_resolved_decision() -> None:
    """Handled, in the past, with no assumption on who held the role."""
    opened = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    issue = em.Issue("performance_hiccups", opened, resolved_at=opened)
    decision = em.route(em.default_matrix(), issue, now=opened)
    assert explain(decision, "it", timezone="Europe/Rome")[-1] == (
        "La segnalazione è stata gestita dal ruolo Contatto del team del "
        "progetto (L1). Identifica e risolve i problemi correlati alle "
        "prestazioni."
    )


def test_a_plan() -> None:
    """Stages from when to when, the last without end; 'il giorno' before dates."""
    opened = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    timeline = em.plan(em.default_matrix(), em.Issue("performance_hiccups", opened))
    lines = explain(timeline, "it", timezone="Europe/Rome")
    assert lines[0] == (
        "Dal giorno 1º dic 2026 alle 09:00 al giorno 1º dic 2026 alle 13:00: "
        "in carico al ruolo Contatto del team del progetto (L1)."
    )
    assert lines[-2] == (
        "Dal giorno 2 dic 2026 alle 21:00 in poi: in carico al ruolo Sales "
        "Manager (L4)."
    )


def test_a_resolved_plan_ends() -> None:
    """A plan ending in a resolution: its last stage ends then, no 'in poi'."""
    opened = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    issue = em.Issue(
        "operational_challenges", opened, resolved_at=opened + timedelta(hours=31)
    )
    timeline = em.plan(em.default_matrix(), issue)
    lines = explain(timeline, "it", timezone="Europe/Rome")
    assert lines[-2:] == (
        "Dal giorno 8 dic 2026 alle 21:00 al giorno 9 dic 2026 alle 16:00: in "
        "carico al ruolo Account Manager (L3).",
        "Risolta il giorno 9 dic 2026 alle 16:00.",
    )
    assert not any("in poi" in line for line in lines)


def test_a_plan_closed_by_the_policy_is_told_as_planned() -> None:
    """Rounds and the automatic close, in the present of a timetable."""
    matrix = em.loads(
        """
schema_version = 1
key = "biz"
title = "Biz"
[policy]
at_end = "resolve"
[policy.repeat]
times = 1
wait = "30m"
[[roles]]
key = "agent"
title = "Operatore"
[[levels]]
key = "L1"
rank = 1
role = "agent"
name = "Primo"
delay = "1h"
[[levels]]
key = "L2"
rank = 2
role = "agent"
name = "Secondo"
delay = "2h"
""",
        "toml",
    )
    opened = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    timeline = em.plan(matrix, em.Issue("any", opened), now=opened)
    lines = explain(timeline, "it", timezone="Europe/Rome")
    assert lines[2].startswith(
        "Il giorno 7 dic 2026 alle 10:30 l'escalation riparte dal ruolo Operatore "
        "(L1), ciclo 2 di 2: 30 minuti dopo l'avviso al ruolo Operatore (L2). "
    )
    assert lines[-2] == (
        "Dal giorno 7 dic 2026 alle 11:30 al giorno 7 dic 2026 alle 13:30: in "
        "carico al ruolo Operatore (L2)."
    )
    assert lines[-1] == (
        "Il giorno 7 dic 2026 alle 13:30 la segnalazione viene chiusa "
        "automaticamente mentre è in carico al ruolo Operatore (L2): "
        "l'escalation è giunta al termine."
    )


def test_severity_names_mid_sentence() -> None:
    """Ordinary words lose their capital; acronyms and names keep theirs."""
    assert mid_sentence("Critica", "it") == "critica"
    assert mid_sentence("Alta priorità", "it") == "alta priorità"
    for kept in ("P1", "SEV-1", "Alta (P2)", "NOC", "X"):
        assert mid_sentence(kept, "it") == kept
    assert mid_sentence("Critical", "en") == "Critical"
    assert mid_sentence("Kritisch", "de") == "Kritisch"


def test_contacts_in_turn() -> None:
    """Round robin: 'a rotazione', the people joined with 'o'."""
    tr = translator("it")
    text = tr.pgettext("decision", "Contact {people}, in turn.")
    assert text.format(people="Ada o Bruno") == "Contatta, a rotazione, Ada o Bruno."


def test_the_rendered_heading() -> None:
    """The heading of the reasons."""
    opened = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    decision = em.route(
        em.default_matrix(), em.Issue("performance_hiccups", opened), now=opened
    )
    assert "\nPerché:\n" in em.render(decision, locale="it", width=200)


# The command line ----------------------------------------------------------

CLI_ERRORS: list[tuple[list[str], str]] = [
    (
        ["show", "--format", "pdf"],
        "escalation-matrix show: errore: --format: valore non valido: «pdf» "
        "(valori ammessi: «text», «md», «csv», «html»)",
    ),
    (
        ["plan"],
        "escalation-matrix plan: errore: mancano argomenti obbligatori: TIPO",
    ),
    (
        ["route", "printer_jam"],
        "escalation-matrix route: errore: tipo di segnalazione «printer_jam» "
        "sconosciuto; tipi noti: operational_challenges, timeline_adjustments, "
        "guidance_acquisition, customer_data_issues, service_detail_issues, "
        "material_procurement, performance_hiccups, subscription_interruptions",
    ),
    (
        ["route", "performance_hiccups", "--opened", "yesterday"],
        "escalation-matrix route: errore: --opened: data e ora «yesterday» non "
        "valida: indicare «now», una data e ora ISO 8601 come "
        "«2026-11-27T09:00+01:00» o una durata prima o dopo, come «1d ago», "
        "«-4h30m» o «in 2h»",
    ),
    (
        ["show", "x.pdf"],
        "escalation-matrix show: errore: il file «x.pdf» ha un formato "
        "sconosciuto («.pdf»); formati noti: .toml, .json, .yaml, .yml",
    ),
    (
        ["validate"],
        "escalation-matrix validate: errore: niente da verificare: indicare file "
        "di matrice, cartelle con --catalogs o entrambi",
    ),
    (
        ["show", "--width", "x"],
        "escalation-matrix show: errore: --width: larghezza «x» non valida: "
        "serve un numero intero non inferiore a 4",
    ),
]


@pytest.mark.parametrize(("argv", "expected"), CLI_ERRORS)
def test_command_line_errors(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage and input errors, as a native speaker wrote them."""
    from escalation_matrix._cli.main import main  # noqa: PLC0415

    assert main(["--locale", "it", *argv]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == expected


def test_command_line_help(capsys: pytest.CaptureFixture[str]) -> None:
    """The help of route: placeholders, descriptions and options in Italian."""
    from escalation_matrix._cli.main import main  # noqa: PLC0415

    assert main(["--locale", "it", "route", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for expected in (
        "uso: escalation-matrix route [-h] [--opened QUANDO] [--now QUANDO]",
        "[--severity GRAVITÀ] [--timezone FUSO]",
        "[--catalogs CARTELLA] [-o FILE] [TIPO] [FILE]",
        "Indica chi gestisce una segnalazione di tipo TIPO alla data e ora di "
        "--now, cosa deve fare, quando scatterà la prossima escalation e perché.",
        "--opened QUANDO quando è stata aperta la segnalazione; predefinito: now",
        "--severity GRAVITÀ la chiave della gravità della segnalazione, come "
        "critical; se manca, quella predefinita della matrice",
        "--locale LINGUA la lingua (ed eventualmente la regione) di testi, date "
        "e messaggi, come it o en_GB; se non è indicata, è la prima lingua di "
        "LANGUAGE, poi di LC_ALL, LC_MESSAGES o LANG, in cui il programma sa "
        "rispondere, altrimenti quella della matrice, altrimenti l'inglese",
        "consultati prima di quelli integrati: "
        "CARTELLA/LINGUA/LC_MESSAGES/escalation_matrix.po (o .mo) per i testi "
        "della matrice, escalation_matrix_messages.po (o .mo) per i messaggi del "
        "programma; opzione ripetibile",
        "FILE viene sostituito in modo atomico",
        "valori di QUANDO:",
        "data e ora ISO 8601 con la differenza da UTC; se la differenza manca "
        "(2026-11-27T09:00, o una data sola), vale il fuso orario di --timezone",
    ):
        assert expected in text
    for calque in (
        "momento",
        "tipo di problema",
        "argomento",
        "in un solo passo",
        "stato di uscita",
    ):
        assert calque not in text


def test_command_line_overview(capsys: pytest.CaptureFixture[str]) -> None:
    """The command's own description, without the calques the review found."""
    from escalation_matrix._cli.main import main  # noqa: PLC0415

    assert main(["--locale", "it", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "Mostra le matrici di escalation, indica chi gestisce ogni segnalazione, "
        "verifica e converte i file di matrice. Senza un FILE, i comandi usano la "
        "matrice integrata. Per le opzioni di un comando, eseguirlo con --help."
    ) in text
    assert "uso: escalation-matrix [-h] [--version] [--locale LINGUA] COMANDO" in text
