"""Objects cross process boundaries and files whole: pickled, copied, read back.

Every public object pickles, copies and deep-copies to an equal object that
routes, renders and serializes the same, before and after routing; caches
are rebuilt on the other side, never carried. Decisions and plans carry the
names they are told with, so one read back or unpickled renders as the
original in every shipped language.
"""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import (
    Action,
    Decision,
    Issue,
    Matrix,
    MatrixBuilder,
    Overlay,
    Plan,
    PriorityTable,
    default_matrix,
    plan,
    render,
    route,
)
from escalation_matrix._routing.names import NO_NAMES, CarriedNames
from escalation_matrix._routing.router import Router
from escalation_matrix.calendar import BusinessCalendar, WorkingHours
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import (
    UnknownIssueTypeError,
    UnserializableError,
    ValidationError,
)
from escalation_matrix.rules import AllOf, AnyOf, Compare, During, Not, Predicate, Rule
from escalation_matrix.typing import Format
from tests.catalog_files import write_catalog
from tests.helpers import small_matrix
from tests.strategies import matrices

OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LOCALES = (None, "en", "it")
ZONES = (None, "Europe/Rome", "America/New_York")
FORMATS: tuple[Format, ...] = ("json", "toml", "yaml")


def at(hours: float) -> datetime:
    return OPENED + timedelta(hours=hours)


def is_gold(issue: Issue) -> bool:
    """A rule's condition written in Python, at the top level: it pickles."""
    return issue.attributes.get("tier") == "gold"


OFFICE = BusinessCalendar(
    "Europe/Rome",
    [WorkingHours(["mon", "tue", "wed", "thu", "fri"], time(9), time(17))],
    holidays=[date(2026, 12, 25)],
)


def rich_matrix() -> Matrix:
    """The built-in matrix with every kind of part: rules, calendar, contacts."""
    rules = [
        Rule("gold", Predicate(is_gold), entry_level="L2"),
        Rule(
            "night",
            AllOf([Compare("severity", ">=", "high"), Not(During(OFFICE))]),
            max_level="L3",
        ),
        Rule(
            "tagged",
            AnyOf([Compare("id", "exists"), Compare("attributes.n", "in", [1, 2])]),
            skip_levels=["L2"],
        ),
    ]
    priority = PriorityTable(
        ["high", "low"], ["high", "low"], [["critical", "high"], ["medium", "low"]]
    )
    return (
        MatrixBuilder.from_matrix(default_matrix())
        .update_role("account_manager", contacts=[Contact("Ada", email="ada@ex.com")])
        .update_level("L2", business_time=True)
        .update_issue_type("material_procurement", entry_level="L2")
        .update_policy(calendar=OFFICE, rules=rules, priority=priority)
        .build()
    )


def issues() -> list[Issue]:
    """Issues that take every path through routing."""
    return [
        Issue("performance_hiccups", OPENED),
        Issue("performance_hiccups", OPENED, severity="critical"),
        Issue("performance_hiccups", OPENED, severity="low"),
        Issue("material_procurement", OPENED, severity="medium"),
        Issue("timeline_adjustments", OPENED, impact="high", urgency="low"),
        Issue("timeline_adjustments", OPENED, attributes={"tier": "gold"}),
        Issue("service_detail_issues", OPENED, id="T-1", severity="high"),
        Issue(
            "operational_challenges",
            OPENED,
            actions=[Action.escalate(at(1), "angry"), Action.jump(at(3), "L4")],
            acknowledged_at=at(4),
        ),
        Issue("customer_data_issues", OPENED, resolved_at=at(30)),
    ]


MOMENTS = (at(0), at(7), at(50), at(400))


def roundtrip_pickle(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))  # noqa: S301 -- our own bytes


COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle": roundtrip_pickle,
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


def renderings(result: Decision | Plan) -> list[str]:
    """*result* rendered in every shipped language and in several zones."""
    return [
        render(result, locale=locale, timezone=zone, width=80)
        for locale in LOCALES
        for zone in ZONES
    ]


def answers(matrix: Matrix) -> Iterator[Decision | Plan]:
    for issue in issues():
        for moment in MOMENTS:
            yield route(matrix, issue, now=moment)
            yield plan(matrix, issue, now=moment)
        yield plan(matrix, issue)


def public_objects() -> dict[str, object]:
    """One object of every public type, results of routing included."""
    matrix = rich_matrix()
    issue = issues()[7]
    decision = route(matrix, issue, now=at(50))
    timeline = plan(matrix, issue)
    return {
        "matrix": matrix,
        "level": matrix.levels[0],
        "role": matrix.role("account_manager"),
        "issue_type": matrix.issue_types[0],
        "cell": next(matrix.cells()),
        "policy": matrix.policy,
        "severity": matrix.policy.severities[0],
        "priority_table": matrix.policy.priority,
        "rule": matrix.policy.rules[1],
        "predicate": matrix.policy.rules[0].when,
        "compare": Compare("severity", ">=", "high"),
        "all_of": matrix.policy.rules[1].when,
        "any_of": matrix.policy.rules[2].when,
        "during": During(OFFICE),
        "calendar": OFFICE,
        "working_hours": OFFICE.hours[0],
        "contact": Contact("Ada", email="ada@ex.com", phone="+39 02 1234"),
        "issue": issue,
        "action": issue.actions[0],
        "overlay": Overlay(
            "acme", base="default", texts={"role:sales_manager:title": "Boss"}
        ),
        "decision": decision,
        "plan": timeline,
        "stage": timeline.stages[0],
        **{f"reason_{reason.kind}": reason for reason in decision.reasons},
        "reason_held": timeline.held,
        "error": UnknownIssueTypeError("nope", ["a", "b"]),
    }


OBJECTS = public_objects()


class TestEveryPublicObject:
    @pytest.mark.parametrize("how", COPIES)
    @pytest.mark.parametrize("name", OBJECTS)
    def test_comes_back_equal(self, name: str, how: str) -> None:
        """Pickling, copying and deep-copying give an equal object of the same type."""
        original = OBJECTS[name]
        back = COPIES[how](original)
        assert type(back) is type(original)
        if isinstance(original, Exception):
            assert isinstance(back, Exception)
            assert (back.args, back.__dict__) == (original.args, original.__dict__)
        else:
            assert back == original
            assert hash(back) == hash(original)
            assert repr(back) == repr(original)

    @pytest.mark.parametrize("how", COPIES)
    @pytest.mark.parametrize("name", ["decision", "plan", "stage", "issue", "overlay"])
    def test_serializes_the_same(self, name: str, how: str) -> None:
        """A copy writes the same payload as the original."""
        original = OBJECTS[name]
        assert em.to_dict(COPIES[how](original)) == em.to_dict(original)

    @pytest.mark.parametrize("how", COPIES)
    def test_calendar_counts_the_same(self, how: str) -> None:
        """A copied calendar counts working time as the original does."""
        back = COPIES[how](OFFICE)
        start = datetime(2026, 12, 24, 16, tzinfo=UTC)
        assert back.add(start, timedelta(hours=5)) == OFFICE.add(
            start, timedelta(hours=5)
        )
        assert back.is_working(start) == OFFICE.is_working(start)


class TestMatrix:
    @pytest.mark.parametrize("routed", [False, True], ids=["fresh", "routed"])
    @pytest.mark.parametrize("how", COPIES)
    def test_routes_renders_and_serializes_alike(
        self, how: str, *, routed: bool
    ) -> None:
        """A copy of a matrix, made before or after routing, answers as it does."""
        matrix = rich_matrix()
        expected = list(answers(matrix)) if routed else None
        back = COPIES[how](matrix)
        assert back == matrix
        mine, theirs = list(answers(back)), expected or list(answers(matrix))
        assert mine == theirs
        for ours, original in zip(mine, theirs, strict=True):
            assert renderings(ours) == renderings(original)
            assert em.to_dict(ours) == em.to_dict(original)
            if isinstance(ours, Decision):
                assert isinstance(original, Decision)
                assert ours.reasons == original.reasons
        assert render(back, "md", locale="it") == render(matrix, "md", locale="it")

    def test_pickle_is_the_same_before_and_after_routing(self) -> None:
        """Routing leaves nothing in a matrix's pickle: caches are not carried."""
        matrix = rich_matrix()
        before = pickle.dumps(matrix)
        list(answers(matrix))
        assert pickle.dumps(matrix) == before

    @pytest.mark.parametrize("how", COPIES)
    def test_caches_are_rebuilt(self, how: str) -> None:
        """A copy compiles its own router and builds its own lookups."""
        matrix = rich_matrix()
        route(matrix, issues()[0], now=at(5))
        back = COPIES[how](matrix)
        assert back._router is None
        assert back._level_index is not matrix._level_index
        assert back.level(2) == matrix.level(2)
        route(back, issues()[0], now=at(5))
        assert isinstance(back._router, Router)
        assert back._router.matrix is back
        assert back._router is not matrix._router

    @pytest.mark.parametrize("routed", [False, True], ids=["fresh", "routed"])
    @pytest.mark.parametrize("how", COPIES)
    def test_loaded_matrix_writes_the_same(
        self, how: str, tmp_path: Path, *, routed: bool
    ) -> None:
        """A matrix read from a file writes the same files once copied."""
        path = tmp_path / "m.json"
        em.dump(default_matrix(), path)
        loaded = em.load(path)
        if routed:
            route(loaded, issues()[0], now=at(5))
        back = COPIES[how](loaded)
        for fmt in FORMATS:
            assert em.dumps(back, fmt) == em.dumps(loaded, fmt)


class TestPredicates:
    def test_lambda_cannot_be_pickled_and_says_why(self) -> None:
        """A rule written as a lambda is refused by pickle with the library's error."""
        rule = Rule("vip", lambda issue: issue.id == "VIP", entry_level="L3")
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .update_policy(rules=[rule])
            .build()
        )
        for obj in (rule.when, rule, matrix):
            with pytest.raises(UnserializableError) as info:
                pickle.dumps(obj)
            assert str(info.value) == (
                "Cannot serialize a Predicate ('<lambda>'): pickle refers to a function "
                "by its module and name, and tests.test_portability.TestPredicates."
                "test_lambda_cannot_be_pickled_and_says_why.<locals>.<lambda> does "
                "not lead back to this one (a lambda, or a function defined inside "
                "another); define the function at the top level of a module, or "
                "write the condition as data (Compare, AllOf, AnyOf, Not, During)"
            )
            assert isinstance(info.value, TypeError)

    def test_lambda_copies(self) -> None:
        """Copies need no pickling: a matrix with a lambda rule copies and routes."""
        rule = Rule("vip", lambda issue: issue.id == "VIP", entry_level="L3")
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .update_policy(rules=[rule])
            .build()
        )
        issue = Issue("performance_hiccups", OPENED, id="VIP")
        for how in (copy.copy, copy.deepcopy):
            back = how(matrix)
            assert back == matrix
            assert route(back, issue, now=at(1)).level.key == "L3"

    def test_top_level_function_pickles(self) -> None:
        """A predicate whose function pickle can import comes back equal."""
        predicate = Predicate(is_gold)
        back = roundtrip_pickle(predicate)
        assert back == predicate
        assert back.function is is_gold


class TestBuilder:
    @pytest.mark.parametrize("how", COPIES)
    def test_copy_is_a_draft_of_its_own(self, how: str) -> None:
        """A copied builder builds the same matrix; changing it leaves the original."""
        builder = MatrixBuilder.from_matrix(default_matrix()).update_role(
            "sales_manager", title="Boss"
        )
        twin = COPIES[how](builder)
        assert twin.build() == builder.build()
        twin.update_role("sales_manager", title="Chief").set_responsibility(
            "performance_hiccups", "L1", "Look."
        )
        assert builder.build().role("sales_manager").title == "Boss"
        assert builder.build().responsibility("performance_hiccups", "L1") == (
            default_matrix().responsibility("performance_hiccups", "L1")
        )
        assert twin.build().role("sales_manager").title == "Chief"


# Decisions and plans read back ----------------------------------------


def read_back(result: Decision | Plan, fmt: str) -> Decision | Plan:
    """Return *result* written and read back as *fmt* says, or unpickled."""
    kind: type[Decision | Plan] = type(result)
    back: Decision | Plan
    if fmt == "dict":
        back = em.from_dict(em.to_dict(result), kind)
    elif fmt == "pickle":
        back = roundtrip_pickle(result)
    else:
        back = em.loads(
            em.dumps(result, cast("Format", fmt)), cast("Format", fmt), kind
        )
    return back


READ_BACK = ("json", "toml", "yaml", "dict", "pickle")


class TestReadBack:
    @pytest.mark.parametrize("fmt", READ_BACK)
    def test_renders_as_the_original(self, fmt: str) -> None:
        """Read back from any format, decisions and plans render as the originals."""
        for result in answers(rich_matrix()):
            back = read_back(result, fmt)
            assert back == result
            assert renderings(back) == renderings(result)

    @pytest.mark.parametrize("fmt", READ_BACK)
    def test_names_levels_by_their_roles(self, fmt: str) -> None:
        """The sentences a read-back decision says name roles, not bare keys."""
        issue = Issue("performance_hiccups", OPENED, severity="critical")
        back = read_back(route(default_matrix(), issue, now=at(9)), fmt)
        assert render(back, locale="it", timezone="UTC", width=200) == (
            "La segnalazione è in carico al ruolo Account Manager (L3). Comunica "
            "con i clienti sulle prestazioni operative e i piani di risanamento.\n"
            "Prossima escalation: al ruolo Sales Manager (L4), il giorno 28 nov "
            "2026 alle 17:00.\n"
            "\n"
            "Perché:\n"
            "- Segnalazione aperta il giorno 27 nov 2026 alle 09:00 con gravità "
            "critica: parte dal ruolo Project Manager (L2).\n"
            "- Il giorno 27 nov 2026 alle 17:00 è scattata l'escalation dal ruolo "
            "Project Manager (L2) al ruolo Account Manager (L3): la segnalazione "
            "era rimasta irrisolta per 8 ore.\n"
        )

    @pytest.mark.parametrize("fmt", READ_BACK)
    def test_plan_needs_no_matrix(self, fmt: str) -> None:
        """A plan names its severity without the matrix it was made with."""
        issue = Issue("performance_hiccups", OPENED, severity="low")
        back = read_back(plan(default_matrix(), issue), fmt)
        assert render(back, locale="it", width=200).endswith(
            "\nPer le segnalazioni di gravità bassa l'escalation non va oltre il ruolo "
            "Project Manager (L2).\n"
        )

    @pytest.mark.parametrize("fmt", READ_BACK)
    def test_translated_matrix_keeps_its_names(self, fmt: str) -> None:
        """A decision routed on a translated matrix is told in any locale."""
        italian = em.translate(default_matrix(), "it")
        issue = Issue("material_procurement", OPENED, severity="high")
        for result in (route(italian, issue, now=at(30)), plan(italian, issue)):
            back = read_back(result, fmt)
            assert renderings(back) == renderings(result)
            english = render(back, locale="en", width=200)
            assert "Project team contact (L1)" in english
            assert "Contatto" not in english
            assert "Facilita l'acquisizione" not in english
            in_italian = render(back, locale="it", width=200)
            assert "Contatto del team del progetto (L1)" in in_italian

    @pytest.mark.parametrize("fmt", READ_BACK)
    def test_users_catalogs_translate_by_context(
        self, fmt: str, tmp_path: Path
    ) -> None:
        """A user's catalog translates a read-back decision's names as the original's."""
        write_catalog(
            tmp_path,
            "it",
            [
                ("role:project_manager:title", "Project Manager", "Capo progetto"),
                ("severity:critical:name", "Critical", "Gravissima"),
            ],
        )
        issue = Issue("performance_hiccups", OPENED, severity="critical")
        result = route(default_matrix(), issue, now=at(1))
        back = read_back(result, fmt)
        text = render(back, locale="it", catalogs=[tmp_path], width=200)
        assert text == render(result, locale="it", catalogs=[tmp_path], width=200)
        assert "gravità gravissima: parte dal ruolo Capo progetto (L2)" in text

    @given(st.data())
    def test_any_matrix(self, data: st.DataObject) -> None:
        """For any matrix, issue and moment, read-back results render the same."""
        matrix = data.draw(matrices(max_levels=4, max_issue_types=3))
        issue = data.draw(matrix_issues(matrix))
        now = issue.opened_at + data.draw(
            st.timedeltas(timedelta(0), timedelta(days=90))
        )
        fmt = data.draw(st.sampled_from(["json", "yaml", "pickle"]))
        for result in (route(matrix, issue, now=now), plan(matrix, issue, now=now)):
            back = read_back(result, fmt)
            assert back == result
            assert renderings(back) == renderings(result)


@st.composite
def matrix_issues(draw: st.DrawFn, matrix: Matrix) -> Issue:
    """An issue of *matrix*, moved by hand now and then."""
    keys = matrix.level_keys
    steps = draw(st.lists(st.integers(1, 600), max_size=3))
    moments = [
        OPENED + timedelta(minutes=sum(steps[: n + 1])) for n in range(len(steps))
    ]
    actions = [
        draw(
            st.sampled_from(
                [
                    Action.escalate(moment, "why"),
                    Action.deescalate(moment),
                    Action.jump(moment, draw(st.sampled_from(keys))),
                ]
            )
        )
        for moment in moments
    ]
    severities = [None, *(severity.key for severity in matrix.policy.severities)]
    return Issue(
        draw(st.sampled_from(matrix.issue_type_keys)),
        OPENED,
        severity=draw(st.sampled_from(severities)),
        actions=actions,
        acknowledged_at=draw(st.sampled_from([None, at(2)])),
    )


class TestPayloadNames:
    def test_payload_carries_the_names_it_mentions(self) -> None:
        """A decision payload holds the source texts it names, with their contexts."""
        decision = route(
            default_matrix(), Issue("timeline_adjustments", OPENED), now=at(1)
        )
        assert em.to_dict(decision)["names"] == {
            "level_roles": {"L1": "project_team_contact", "L2": "project_manager"},
            "texts": {
                "role:project_team_contact:title": "Project team contact",
                "role:project_manager:title": "Project Manager",
                "issue_type:timeline_adjustments:name": "Timeline adjustments",
                "severity:medium:name": "Medium",
            },
        }

    @pytest.mark.parametrize("kind", [Decision, Plan])
    def test_old_payload_without_names(self, kind: type[Decision | Plan]) -> None:
        """A payload written before names were kept reads back equal; keys name levels."""
        issue = Issue("performance_hiccups", OPENED, severity="low")
        result: Decision | Plan = (
            route(default_matrix(), issue, now=at(20))
            if kind is Decision
            else plan(default_matrix(), issue)
        )
        data = em.to_dict(result)
        del data["names"]
        old = em.from_dict(data, kind)
        assert old == result
        assert "names" not in em.to_dict(old)
        english = render(old, locale="en", width=200)
        assert "Issues of severity low escalate no higher than" in english
        assert render(old, locale="en", width=200, matrix=default_matrix()) == (
            render(result, locale="en", width=200)
        )

    def test_old_payload_with_another_matrix(self) -> None:
        """The matrix given for an old payload names what it has, keys the rest."""
        issue = Issue("material_procurement", OPENED, severity="medium")
        data = em.to_dict(route(rich_matrix(), issue, now=at(1)))
        del data["names"]
        old = em.from_dict(data, Decision)
        lines = {
            "own": render(old, width=200, matrix=default_matrix()),
            "other": render(old, width=200, matrix=small_matrix()),
        }
        assert "issues of type Material procurement start at" in lines["own"]
        assert "issues of type material_procurement start at" in lines["other"]

    def test_pickles_made_before_names_were_kept(self) -> None:
        """A decision or plan pickled without names unpickles, naming levels by key."""
        issue = Issue("performance_hiccups", OPENED, severity="low")
        decision = route(default_matrix(), issue, now=at(20))
        restore, fields = decision._assignment.__reduce__()
        old_step = restore(*fields[:-1])
        assert old_step == decision._assignment
        assert old_step.names == NO_NAMES
        timeline = plan(default_matrix(), issue)
        state = timeline.__getstate__()
        del state["_names"]
        old_plan = Plan.__new__(Plan)
        old_plan.__setstate__(state)
        assert old_plan == timeline
        assert "severity low" in render(old_plan, width=200)

    def test_names_are_checked_when_made(self) -> None:
        """CarriedNames that are not mappings are refused, each with its path."""
        with pytest.raises(ValidationError) as info:
            CarriedNames(3, ["role:a:title"])  # type: ignore[arg-type]
        assert [problem.path for problem in info.value.problems] == [
            "$.level_roles",
            "$.texts",
        ]
        assert repr(CarriedNames({"L1": "a"}, {"role:a:title": "A"})) == (
            "<CarriedNames levels=1 texts=1>"
        )

    @pytest.mark.parametrize(
        ("names", "expected"),
        [
            (
                {"level_roles": {"L 1": "pm"}},
                ["$.names.level_roles['L 1']: must be a 'L1'-style or lowercase "],
            ),
            (
                {"texts": {"role:pm:name": "PM"}},
                [
                    "$.names.texts['role:pm:name']: must be a translation context, one "
                    "of role:<key>:title, level:<key>:name, severity:<key>:name, "
                    "issue_type:<key>:name, cell:<issue type>:<level>; got "
                    "'role:pm:name'"
                ],
            ),
            (
                {"texts": {"role:pm:title": 3}},
                ["$.names.texts['role:pm:title']: must be a string, got 3"],
            ),
            ({"colour": "red"}, ["$.names.colour: unknown field; expected one of"]),
            ("Ada", ["$.names: must be an object (a table), got 'Ada'"]),
        ],
    )
    def test_bad_names(self, names: object, expected: list[str]) -> None:
        """Broken names are refused, each problem with its path."""
        decision = route(
            default_matrix(), Issue("timeline_adjustments", OPENED), now=at(1)
        )
        data = em.to_dict(decision)
        data["names"] = names
        with pytest.raises(ValidationError) as info:
            em.from_dict(data, Decision)
        found = [str(problem) for problem in info.value.problems]
        assert len(found) == len(expected)
        for problem, start in zip(found, expected, strict=True):
            assert problem.startswith(start)


# Through a real process pool --------------------------------------------


def work(matrix: Matrix, issue_list: list[Issue], now: datetime) -> dict[str, Any]:
    """Route and plan in a worker process, and render there too."""
    decisions = em.route_many(matrix, issue_list, now=now)
    plans = [plan(matrix, issue, now=now) for issue in issue_list]
    results: list[Decision | Plan] = [*decisions, *plans]
    return {
        "decisions": decisions,
        "plans": plans,
        "texts": [renderings(result) for result in results],
    }


def fail(matrix: Matrix) -> Decision:
    """Route an issue of a type the matrix lacks, in a worker process."""
    return route(matrix, Issue("no_such_type", OPENED), now=OPENED)


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    # Spawned workers start from nothing: all they have comes through pickle.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        yield executor


class TestProcessPool:
    @pytest.mark.parametrize("routed", [False, True], ids=["fresh", "routed"])
    def test_same_answers_as_in_process(
        self, pool: ProcessPoolExecutor, *, routed: bool
    ) -> None:
        """Routing in worker processes answers, and renders, as in this one."""
        matrix = rich_matrix()
        if routed:
            list(answers(matrix))
        futures = [pool.submit(work, matrix, issues(), moment) for moment in MOMENTS]
        for moment, future in zip(MOMENTS, futures, strict=True):
            there = future.result(timeout=120)
            decisions = [route(matrix, issue, now=moment) for issue in issues()]
            plans = [plan(matrix, issue, now=moment) for issue in issues()]
            assert there["decisions"] == decisions
            assert there["plans"] == plans
            results: list[Decision | Plan] = [*decisions, *plans]
            here = [renderings(result) for result in results]
            assert there["texts"] == here
            theirs: list[Decision | Plan] = [*there["decisions"], *there["plans"]]
            back = [renderings(result) for result in theirs]
            assert back == here
            for mine, ours in zip(there["decisions"], decisions, strict=True):
                assert mine.reasons == ours.reasons
                assert em.to_dict(mine) == em.to_dict(ours)

    def test_errors_come_back_whole(self, pool: ProcessPoolExecutor) -> None:
        """An error raised in a worker reaches this process with its attributes."""
        with pytest.raises(UnknownIssueTypeError) as info:
            pool.submit(fail, default_matrix()).result(timeout=120)
        assert info.value.key == "no_such_type"
        assert "performance_hiccups" in info.value.known

    def test_lambda_rule_is_refused_clearly(self, pool: ProcessPoolExecutor) -> None:
        """A matrix whose rule is a lambda cannot be sent; the error says why."""
        rule = Rule("vip", lambda issue: issue.id == "VIP", entry_level="L3")
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .update_policy(rules=[rule])
            .build()
        )
        with pytest.raises(UnserializableError, match="define the function at the top"):
            pool.submit(fail, matrix).result(timeout=120)


class TestNamesAgreeWithTheirPayload:
    """A payload's names cannot contradict the levels and roles it writes whole."""

    def test_tampered_decision_names_are_refused(self) -> None:
        """A level named with another role than the payload's is refused."""
        opened = datetime(2026, 1, 5, tzinfo=UTC)
        issue = em.Issue("performance_hiccups", opened, severity="critical")
        decision = em.route(em.default_matrix(), issue, now=opened + timedelta(days=1))
        data = em.to_dict(decision)
        data["names"]["level_roles"]["L3"] = "sales_manager"
        data["names"]["level_roles"]["L4"] = "project_manager"
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, em.Decision)
        assert [problem.path for problem in caught.value.problems] == [
            "$.names.level_roles.L3",
            "$.names.level_roles.L4",
        ]

    def test_tampered_plan_names_are_refused(self) -> None:
        """A stage's level named with another role is refused."""
        opened = datetime(2026, 1, 5, tzinfo=UTC)
        issue = em.Issue("performance_hiccups", opened, severity="critical")
        data = em.to_dict(em.plan(em.default_matrix(), issue))
        data["names"]["level_roles"]["L3"] = "project_manager"
        with pytest.raises(ValidationError, match=r"\$\.names\.level_roles\.L3"):
            em.from_dict(data, em.Plan)
