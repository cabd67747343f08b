"""Decisions, plans and reasons as sentences, in English and Italian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import escalation_matrix as em
from escalation_matrix import Action, Issue, MatrixBuilder, default_matrix
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import LocaleError
from escalation_matrix.reasons import ReasonEscalated
from escalation_matrix.rules import Compare, Rule
from tests.helpers import explain

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return OPENED + timedelta(hours=hours)


def test_decision_in_english() -> None:
    """A routed decision explains itself with role titles and local times."""
    decision = em.route(
        default_matrix(), Issue("performance_hiccups", OPENED), now=at(24)
    )
    assert explain(decision, "en", timezone="Europe/Rome") == (
        "Opened on Nov 27, 2026, 10:00\u202fAM; it starts at the first level, "
        "Project team contact (L1).",
        "On Nov 27, 2026, 2:00\u202fPM, escalated from Project team contact (L1) to "
        "Project Manager (L2): 4 hours at Project team contact (L1) without being "
        "resolved.",
        "On Nov 27, 2026, 10:00\u202fPM, escalated from Project Manager (L2) to Account "
        "Manager (L3): 8 hours at Project Manager (L2) without being resolved.",
        "Account Manager (L3) handles it: Communicate with customers about operational "
        "performance and recovery plans.",
        "Next escalation: to Sales Manager (L4) on Nov 28, 2026, 10:00\u202fPM.",
    )


def test_decision_in_italian() -> None:
    """The same decision in Italian: messages, names, texts and dates."""
    issue = Issue(
        "performance_hiccups",
        OPENED,
        severity="critical",
        actions=[Action.escalate(at(2), "cliente arrabbiato")],
    )
    decision = em.route(default_matrix(), issue, now=at(48))
    assert explain(decision, "it", timezone="Europe/Rome") == (
        "Segnalazione aperta il giorno 27 nov 2026 alle 10:00 con gravità "
        "critica: parte dal ruolo Project Manager (L2).",
        "Il giorno 27 nov 2026 alle 12:00 è stata eseguita un'escalation manuale "
        "dal ruolo Project Manager (L2) al ruolo Account Manager (L3). Motivo: "
        "cliente arrabbiato",
        "Il giorno 28 nov 2026 alle 12:00 è scattata l'escalation dal ruolo Account "
        "Manager (L3) al ruolo Sales Manager (L4): la segnalazione era rimasta "
        "irrisolta per un giorno.",
        "Il ruolo Sales Manager (L4) occupa il livello più alto: l'escalation non "
        "va oltre.",
        "La segnalazione è in carico al ruolo Sales Manager (L4). Promuovi "
        "iniziative per recuperare e migliorare le prestazioni del servizio.",
    )


@pytest.mark.parametrize(
    ("issue", "hours", "english", "italian"),
    [
        (
            Issue("performance_hiccups", OPENED, resolved_at=at(1)),
            2,
            "Resolved on Nov 27, 2026, 11:00\u202fAM.",
            "Risolta il giorno 27 nov 2026 alle 11:00.",
        ),
        (
            Issue("performance_hiccups", OPENED, severity="low"),
            20,
            "Issues of severity Low escalate no higher than Project Manager (L2).",
            "Per le segnalazioni di gravità bassa l'escalation non va oltre il "
            "ruolo Project Manager (L2).",
        ),
        (
            Issue("performance_hiccups", OPENED, actions=[Action.deescalate(at(5))]),
            6,
            "On Nov 27, 2026, 3:00\u202fPM, de-escalated by hand from Project Manager "
            "(L2) to Project team contact (L1).",
            "Il giorno 27 nov 2026 alle 15:00 la segnalazione è stata riportata "
            "manualmente a un livello inferiore, dal ruolo Project Manager (L2) al "
            "ruolo Contatto del team del progetto (L1).",
        ),
        (
            Issue(
                "performance_hiccups", OPENED, actions=[Action.jump(at(5), "L4", "CEO")]
            ),
            6,
            "On Nov 27, 2026, 3:00\u202fPM, moved by hand from Project Manager (L2) to "
            "Sales Manager (L4): CEO",
            "Il giorno 27 nov 2026 alle 15:00 la segnalazione è stata spostata "
            "manualmente dal ruolo Project Manager (L2) al ruolo Sales Manager (L4). "
            "Motivo: CEO",
        ),
    ],
)
def test_reason_sentences(
    issue: Issue, hours: float, english: str, italian: str
) -> None:
    """Each kind of reason has its sentence in both shipped languages."""
    decision = em.route(default_matrix(), issue, now=at(hours))
    assert english in explain(decision, "en", timezone="Europe/Rome")
    assert italian in explain(decision, "it", timezone="Europe/Rome")


def small_policy_matrix() -> em.Matrix:
    """Three levels: unacknowledged first line, a skipped level, rules."""
    base = default_matrix()
    levels = [
        em.Level(
            "L1",
            1,
            "project_team_contact",
            "One",
            delay=timedelta(hours=1),
            escalate_while="unacknowledged",
        ),
        em.Level("L2", 2, "project_manager", "Two", delay=timedelta(hours=2)),
        em.Level("L3", 3, "account_manager", "Three", delay=timedelta(hours=3)),
        em.Level("L4", 4, "sales_manager", "Four"),
    ]
    rule = Rule("vip", Compare("attributes.vip", "==", True), entry_level="L3",
                   max_level="L3")  # fmt: skip
    policy = em.Policy(
        delay_mode="since_opened",
        severities=[em.Severity("sev1", "Sev 1", skip_levels=["L2"])],
        rules=[rule],
    )
    issue_types = [
        em.IssueType(it.key, it.name, it.responsibilities, entry_level="L2")
        if it.key == "material_procurement"
        else it
        for it in base.issue_types
    ]
    return em.Matrix("m", "M", levels=levels, roles=base.roles, issue_types=issue_types,
                     policy=policy)  # fmt: skip


@pytest.mark.parametrize(
    ("issue", "hours", "expected"),
    [
        (
            Issue("performance_hiccups", OPENED, acknowledged_at=at(0.5)),
            3,
            "Acknowledged on Nov 27, 2026, 9:30\u202fAM: Project team contact (L1) "
            "escalates only while unacknowledged.",
        ),
        (
            Issue("performance_hiccups", OPENED, severity="sev1"),
            1,
            "On Nov 27, 2026, 10:00\u202fAM, escalated from Project team contact (L1) "
            "to Account Manager (L3): 1 hour since opening without being "
            "acknowledged. It passed over Project Manager (L2).",
        ),
        (
            Issue("performance_hiccups", OPENED, attributes={"vip": True}),
            5,
            "Opened on Nov 27, 2026, 9:00\u202fAM; rule vip starts it at Account "
            "Manager (L3).",
        ),
        (
            Issue("performance_hiccups", OPENED, attributes={"vip": True}),
            5,
            "Rule vip stops escalation at Account Manager (L3).",
        ),
        (
            Issue("material_procurement", OPENED),
            0,
            "Opened on Nov 27, 2026, 9:00\u202fAM; issues of type Material procurement "
            "start at Project Manager (L2).",
        ),
    ],
)
def test_policy_sentences(issue: Issue, hours: float, expected: str) -> None:
    """Stop conditions, skips, rules and issue-type entries are explained."""
    decision = em.route(small_policy_matrix(), issue, now=at(hours))
    assert expected in explain(decision, "en", timezone="UTC")


def test_business_time_sentence() -> None:
    """A delay on working time says so."""
    office = BusinessCalendar(
        "UTC",
        [
            WorkingHours(
                ["fri", "mon"], OPENED.time(), (OPENED + timedelta(hours=2)).time()
            )
        ],
    )
    base = default_matrix()
    levels = [em.Level("L1", 1, "project_team_contact", "One", delay=timedelta(hours=3), business_time=True),
              em.Level("L2", 2, "project_manager", "Two")]  # fmt: skip
    matrix = em.Matrix(
        "m", "M", levels=levels, roles=base.roles,
        issue_types=[em.IssueType("x", "X", {"L1": "a", "L2": "b"})],
        policy=em.Policy(calendar=office),
    )  # fmt: skip
    decision = em.route(matrix, Issue("x", OPENED), now=at(80))
    assert explain(decision, "en")[1] == (
        "On Nov 30, 2026, 10:00\u202fAM, escalated from Project team contact (L1) to "
        "Project Manager (L2): 3 hours of working time at Project team contact (L1) "
        "without being resolved."
    )
    assert "per 3 ore in orario lavorativo." in explain(decision, "it")[1]


def test_plan_in_both_languages() -> None:
    """A plan reads as one line per stage, then why it ends, without its matrix."""
    plan = em.plan(
        default_matrix(), Issue("performance_hiccups", OPENED, severity="low")
    )
    assert explain(plan, "en") == (
        "From Nov 27, 2026, 9:00\u202fAM to Nov 27, 2026, 1:00\u202fPM: Project team "
        "contact (L1).",
        "From Nov 27, 2026, 1:00\u202fPM: Project Manager (L2).",
        "Issues of severity Low escalate no higher than Project Manager (L2).",
    )
    assert explain(plan, "it", timezone="Europe/Rome")[0] == (
        "Dal giorno 27 nov 2026 alle 10:00 al giorno 27 nov 2026 alle 14:00: in carico al "
        "ruolo Contatto del team del progetto (L1)."
    )
    assert explain(plan, "it")[-1] == (
        "Per le segnalazioni di gravità bassa l'escalation non va oltre il ruolo "
        "Project Manager (L2)."
    )


def test_source_language_by_default() -> None:
    """Without a locale, explanations use the matrix's own texts."""
    decision = em.route(
        default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED
    )
    assert explain(decision)[-2].startswith("Project team contact (L1) handles it:")


def test_decision_read_back_explains_with_its_own_names() -> None:
    """A decision read from data names every level by its role, as the original."""
    routed = em.route(default_matrix(), Issue("performance_hiccups", OPENED), now=at(5))
    copy = em.loads(em.dumps(routed, "json"), "json", em.Decision)
    lines = explain(copy, "it", timezone="UTC")
    assert lines[1] == (
        "Il giorno 27 nov 2026 alle 13:00 è scattata l'escalation dal ruolo "
        "Contatto del team del progetto (L1) al ruolo Project Manager (L2): la "
        "segnalazione era rimasta irrisolta per 4 ore."
    )
    assert lines[2] == (
        "La segnalazione è in carico al ruolo Project Manager (L2). Formula "
        "strategie per migliorare le prestazioni del servizio."
    )
    assert lines == explain(routed, "it", timezone="UTC")


def test_decision_from_an_old_payload_names_levels_by_key() -> None:
    """A payload written before names were kept reads back; other levels show as keys."""
    routed = em.route(default_matrix(), Issue("performance_hiccups", OPENED), now=at(5))
    data = em.to_dict(routed)
    del data["names"]
    old = em.from_dict(data, em.Decision)
    assert old == routed
    assert explain(old, "en", timezone="UTC")[1] == (
        "On Nov 27, 2026, 1:00\u202fPM, escalated from L1 to L2: 4 hours at L1 without "
        "being resolved."
    )
    assert explain(old, "en", timezone="UTC", matrix=default_matrix()) == explain(
        routed, "en", timezone="UTC"
    )


def test_unknown_locale_is_an_error() -> None:
    """A malformed locale is the library's error, as everywhere."""
    decision = em.route(
        default_matrix(), Issue("performance_hiccups", OPENED), now=OPENED
    )
    with pytest.raises(LocaleError):
        explain(decision, "../../etc")


def test_contacts_are_named() -> None:
    """A decision names the people to contact, with how to reach them."""
    people = [
        Contact("Ada Lovelace", email="ada@example.com", phone="+39 02 1234"),
        Contact("Team inbox"),
    ]
    matrix = (
        MatrixBuilder.from_matrix(default_matrix())
        .update_role("account_manager", contacts=people)
        .build()
    )
    decision = em.route(matrix, Issue("performance_hiccups", OPENED), now=at(24))
    assert (
        "Contact Ada Lovelace (ada@example.com, +39 02 1234) and Team inbox."
        in explain(decision, "en")
    )
    assert "Contatta Ada Lovelace (ada@example.com, +39 02 1234) e Team inbox." in (
        explain(decision, "it")
    )
    resolved = em.route(
        matrix, Issue("performance_hiccups", OPENED, resolved_at=at(13)), now=at(24)
    )
    assert not any(line.startswith("Contact") for line in explain(resolved, "en"))


@pytest.mark.parametrize(
    "actions",
    [
        [Action.jump(at(1), "L3", "customer call")],
        [Action.escalate(at(1), "busy"), Action.escalate(at(2), "still busy")],
    ],
)
def test_moved_by_hand_above_the_cap(actions: list[Action]) -> None:
    """An issue moved above its severity's cap stays there, said as such."""
    issue = Issue("timeline_adjustments", OPENED, severity="low", actions=actions)
    decision = em.route(default_matrix(), issue, now=at(30))
    assert decision.level.key == "L3"
    assert decision.held is not None
    assert decision.held.cause == "above_cap"
    said = (
        "It is at Account Manager (L3), higher than issues of severity Low "
        "escalate on their own: it stays there."
    )
    assert said in explain(decision, "en")
    plan = em.plan(default_matrix(), issue)
    assert explain(plan, "en", matrix=default_matrix())[-1] == said
    # At the cap itself, the cap is the cause.
    at_cap = Issue("timeline_adjustments", OPENED, severity="low", actions=actions[:1])
    if actions[0].kind == "escalate":
        held = em.route(default_matrix(), at_cap, now=at(30)).held
        assert held is not None
        assert held.cause == "cap"


def test_plan_without_the_matrix_names_its_levels() -> None:
    """Without the matrix, a plan names the level it stops at by its role."""
    plan = em.plan(default_matrix(), Issue("performance_hiccups", OPENED))
    assert explain(plan, "en")[-1] == (
        "Sales Manager (L4) is the top level: escalation stops there."
    )


@pytest.mark.parametrize(
    ("matrix", "issue", "english"),
    [
        (
            MatrixBuilder.from_matrix(default_matrix())
            .update_issue_type("performance_hiccups", entry_level="L3")
            .build(),
            Issue("performance_hiccups", OPENED, severity="low"),
            "It is at Account Manager (L3), higher than issues of severity Low "
            "escalate on their own: it stays there.",
        ),
        (
            MatrixBuilder.from_matrix(default_matrix())
            .update_policy(rules=[Rule("r", Compare("id", "exists"), max_level="L1")])
            .build(),
            Issue("performance_hiccups", OPENED, severity="critical", id="T-1"),
            "It is at Project Manager (L2), higher than rule r lets issues escalate "
            "on their own: it stays there.",
        ),
    ],
)
def test_starting_above_a_cap(matrix: em.Matrix, issue: Issue, english: str) -> None:
    """An issue that starts above its cap is explained as such, not misquoted."""
    decision = em.route(matrix, issue, now=at(100))
    assert decision.held is not None
    assert decision.held.cause == "above_cap"
    assert english in explain(decision, "en")
    assert any(
        line.startswith("La segnalazione è al livello del ruolo ")
        for line in explain(decision, "it")
    )


def test_since_opened_after_a_manual_move() -> None:
    """After a manual move, since_opened delays are said to count from the move."""
    matrix = small_policy_matrix()
    issue = Issue("performance_hiccups", OPENED, actions=[Action.deescalate(at(0.5))])
    decision = em.route(matrix, issue, now=at(5))
    escalated = [r for r in decision.reasons if isinstance(r, ReasonEscalated)]
    assert escalated[0].counted_from == at(0.5)
    assert (
        "On Nov 27, 2026, 10:30\u202fAM, escalated from Project team contact (L1) to "
        "Project Manager (L2): 1 hour since the manual move on Nov 27, 2026, "
        "9:30\u202fAM without being acknowledged."
    ) in explain(decision, "en", timezone="UTC")
    assert any(
        "dopo lo spostamento manuale" in line for line in explain(decision, "it")
    )
    assert (
        em.loads(em.dumps(decision, "json"), "json", em.Decision).reasons
        == decision.reasons
    )
