"""Modules bound for type hints only load when a policy or a hint needs them."""

from __future__ import annotations

import copy
import importlib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

import escalation_matrix
from escalation_matrix._base import lazy
from escalation_matrix._base.lazy import LazyModule

# Run in a fresh interpreter: the modules loaded are those the code asks for.
_PROBE = """
import sys
from escalation_matrix._model.matrix import Role
from escalation_matrix._model.policy import Policy
from escalation_matrix._routing.decision import Assignment

LAZY = (
    "escalation_matrix._model.action",
    "escalation_matrix._model.calendar",
    "escalation_matrix._model.contacts",
    "escalation_matrix._model.pacing",
    "escalation_matrix._model.rule",
)
print(sorted(name for name in LAZY if name in sys.modules))
"""


def _run(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_policy_and_roles_without_them_load_no_module() -> None:
    lines = _run(
        """
        from datetime import UTC, datetime
        from escalation_matrix._model.issue import Issue
        Policy()
        Role("lead", "Lead", contacts=[])
        Issue("outage", datetime(2026, 11, 27, tzinfo=UTC), actions=[])
        print(sorted(n for n in LAZY if n in sys.modules))
        """
    )
    assert lines == ["[]", "[]"]


def test_type_hints_resolve_in_a_fresh_process() -> None:
    lines = _run(
        """
        import inspect, typing
        hints = typing.get_type_hints(Policy)
        print(hints["rules"], hints["calendar"])
        print(inspect.signature(Policy, eval_str=True).parameters["rules"].annotation)
        print(typing.get_type_hints(Role)["contacts"])
        print(typing.get_type_hints(Assignment)["contacts"])
        print(hints["first_wait"], hints["repeat"])
        from escalation_matrix._render.render import render
        print(typing.get_type_hints(render)["obj"])
        """
    )
    assert lines[1] == (
        "tuple[escalation_matrix._model.rule.Rule, ...] "
        "escalation_matrix._model.calendar.BusinessCalendar | None"
    )
    assert "escalation_matrix._model.rule.Rule" in lines[2]
    assert lines[3] == "tuple[escalation_matrix._model.contacts.Contact, ...]"
    assert lines[4] == "tuple[escalation_matrix._model.contacts.Contact, ...] | None"
    assert lines[5] == (
        "escalation_matrix._model.pacing.FirstWait | None "
        "escalation_matrix._model.pacing.Repeat | None"
    )
    assert "escalation_matrix._routing.plan.Plan" in lines[6]


def test_checks_load_the_classes_they_compare_with() -> None:
    lines = _run(
        """
        from escalation_matrix.exceptions import ValidationError
        print(Policy(first_wait="5m").first_wait)
        wrong = ({"rules": ["weekend"]}, {"calendar": "weekdays"}, {"repeat": 2})
        for given in wrong:
            try:
                Policy(**given)
            except ValidationError as error:
                print(error.problems[0].path, error.problems[0].message)
        for contacts in ("desk", ["desk"]):
            try:
                Role("lead", "Lead", contacts=contacts)
            except ValidationError as error:
                print(error.problems[0].path, error.problems[0].message)
        """
    )
    assert lines[1] == "<FirstWait 5m while unresolved>"
    assert lines[2] == "$.rules[0] must be a Rule, got 'weekend'"
    assert lines[3].startswith("$.calendar must be a BusinessCalendar or None")
    assert lines[4] == "$.repeat must be a Repeat or None, got 2"
    assert lines[5].startswith("$.contacts must be a list of Contact")
    assert lines[6] == "$.contacts[0] must be a Contact, got 'desk'"


def test_a_file_with_rules_reads_in_a_fresh_process() -> None:
    lines = _run(
        """
        from escalation_matrix import make_converter
        policy = make_converter().structure(
            {
                "rules": [
                    {
                        "name": "vip",
                        "when": {"field": "severity", "op": "exists"},
                        "entry_level": "L2",
                    }
                ],
                "calendar": {
                    "timezone": "Europe/Rome",
                    "hours": [{"days": ["mon"], "start": "09:00", "end": "17:00"}],
                },
            },
            Policy,
        )
        print(type(policy.rules[0]).__name__, type(policy.calendar).__name__)
        """
    )
    assert lines[1] == "Rule BusinessCalendar"


def test_threads_reading_first_share_one_class() -> None:
    lines = _run(
        """
        from concurrent.futures import ThreadPoolExecutor
        from escalation_matrix._model import policy
        with ThreadPoolExecutor(8) as pool:
            found = set(pool.map(lambda _: policy._rule.Rule, range(64)))
        from escalation_matrix.rules import Rule
        print(found == {Rule})
        """
    )
    assert lines[1] == "True"


def test_a_missing_attribute_or_module_says_so() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = LazyModule("json").no_such_name
    with pytest.raises(ModuleNotFoundError, match="no_such_module"):
        _ = LazyModule("escalation_matrix.no_such_module").anything


def test_objects_pickled_where_the_classes_were_still_load() -> None:
    """FirstWait and Repeat were defined in the policy's module."""
    lines = _run(
        """
        import pickle
        from escalation_matrix._model import policy
        print(policy.Repeat.__module__, policy.MAX_REPEATS)
        # As pickle names a class: its module and its name.
        old = pickle.dumps(policy.Repeat(2, "5m")).replace(
            b"escalation_matrix._model.pacing", b"escalation_matrix._model.policy"
        )
        print(pickle.loads(old))
        try:
            policy.NoSuchName
        except AttributeError as error:
            print(error)
        """
    )
    assert lines[1:] == [
        "escalation_matrix._model.pacing 100",
        "<Repeat 2x wait=5m>",
        "module 'escalation_matrix._model.policy' has no attribute 'NoSuchName'",
    ]


def test_plans_load_their_module_when_made() -> None:
    lines = _run(
        """
        import pickle
        from datetime import UTC, datetime
        import escalation_matrix as em
        from escalation_matrix._routing import decision

        matrix = em.default_matrix()
        issue = em.Issue("performance_hiccups", datetime(2026, 11, 27, 9, tzinfo=UTC))
        em.render(matrix)
        em.render(em.route(matrix, issue, now=datetime(2026, 11, 28, tzinfo=UTC)))
        print("escalation_matrix._routing.plan" in sys.modules)
        made = em.plan(matrix, issue)
        print(em.render(made).splitlines()[0])
        old = pickle.dumps(made, protocol=0).replace(
            b"escalation_matrix._routing.plan", b"escalation_matrix._routing.decision"
        )
        print(pickle.loads(old) == made, decision.Stage is type(made.stages[0]))
        """
    )
    assert lines[1] == "False"
    assert lines[2].startswith("- From Nov 27, 2026")
    assert lines[3] == "True True"


def test_issues_load_the_actions_module_when_they_have_actions() -> None:
    lines = _run(
        """
        import pickle, typing
        from datetime import UTC, datetime
        from escalation_matrix._model import issue
        from escalation_matrix._routing.reasons import ReasonMoved
        from escalation_matrix.exceptions import ValidationError

        opened = datetime(2026, 11, 27, tzinfo=UTC)
        try:
            issue.Issue("outage", opened, actions=["escalate"])
        except ValidationError as error:
            print(error.problems[0].path, error.problems[0].message)
        print(typing.get_type_hints(issue.Issue)["actions"])
        print(typing.get_type_hints(ReasonMoved)["action"])
        made = issue.Issue("outage", opened, actions=[issue.Action.escalate(opened)])
        # As pickle names a class: the module it was defined in, then.
        old = pickle.dumps(made, protocol=0).replace(
            b"escalation_matrix._model.action", b"escalation_matrix._model.issue"
        )
        print(pickle.loads(old) == made)
        """
    )
    assert lines[1] == "$.actions[0] must be an Action, got 'escalate'"
    assert lines[2] == "tuple[escalation_matrix._model.action.Action, ...]"
    assert lines[3] == "typing.Literal['escalate', 'deescalate', 'jump']"
    assert lines[4] == "True"


@pytest.mark.parametrize(
    ("module", "names", "home"),
    [
        ("escalation_matrix._model.policy", ["FirstWait", "Repeat"], "pacing"),
        ("escalation_matrix._model.issue", ["Action"], "action"),
        ("escalation_matrix._routing.decision", ["Plan", "Stage"], "plan"),
    ],
)
def test_old_homes_give_the_moved_names(
    module: str, names: list[str], home: str
) -> None:
    """The modules the classes were first defined in give them, and no other name."""
    old = importlib.import_module(module)
    for name in names:
        found = getattr(old, name)
        assert found.__module__.rpartition(".")[2] == home
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchName'"):
        _ = old.NoSuchName


def test_every_public_class_has_signatures_and_hints_that_resolve() -> None:
    """In a fresh process, as a documentation tool or a type-driven library reads them."""
    lines = _run(
        """
        import importlib, inspect, typing
        import attrs
        failed, count = [], 0
        for name in ("", ".rules", ".calendar", ".contacts", ".reasons"):
            module = importlib.import_module("escalation_matrix" + name)
            for public in module.__all__:
                cls = getattr(module, public)
                if not (isinstance(cls, type) and attrs.has(cls)):
                    continue
                count += 1
                try:
                    inspect.signature(cls, eval_str=True)
                    typing.get_type_hints(cls)
                    typing.get_type_hints(cls.__init__)
                except Exception as error:
                    failed.append(f"{public}: {error!r}")
        print(count, failed)
        """
    )
    count, failed = lines[1].split(" ", 1)
    assert int(count) >= 25
    assert failed == "[]"


def test_the_module_is_imported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    imported: list[str] = []

    def counting(name: str) -> object:
        imported.append(name)
        return importlib.import_module(name)

    monkeypatch.setattr(lazy, "import_module", counting)
    module = LazyModule("json")
    assert module.dumps(1) == "1"
    assert module.loads("2") == 2
    assert imported == ["json"]


def test_the_importing_module_then_reads_the_module_itself() -> None:
    lines = _run(
        """
        from escalation_matrix._model import policy
        print(type(policy._rule).__name__)
        Policy(rules=[])
        print(type(policy._rule).__name__)
        try:
            Policy(rules=["weekend"])
        except Exception:
            pass
        print(type(policy._rule).__name__, policy._rule.__name__)
        """
    )
    assert lines[1:] == [
        "LazyModule",
        "LazyModule",
        "module escalation_matrix._model.rule",
    ]


# Where the package binds a LazyModule: the module, and the one it imports.
_BOUND = re.compile(r'LazyModule\("(escalation_matrix[\w.]*)", globals\(\)\)')


def test_no_lazy_module_imports_the_module_that_binds_it() -> None:
    """A module imported lazily would otherwise be read half made."""
    graph = grimp.build_graph("escalation_matrix")
    source = Path(escalation_matrix.__file__).parent
    bound = [
        (
            ".".join(
                ("escalation_matrix", *path.relative_to(source).with_suffix("").parts)
            ),
            target,
        )
        for path in sorted(source.rglob("*.py"))
        for target in _BOUND.findall(path.read_text(encoding="utf-8"))
    ]
    assert len(bound) >= 8
    assert [
        (holder, target)
        for holder, target in bound
        if graph.chain_exists(importer=target, imported=holder)
    ] == []


def test_copies_and_probes_leave_the_module_unloaded() -> None:
    namespace: dict[str, object] = {}
    module = LazyModule("json", namespace)
    namespace["codec"] = module
    assert copy.copy(module) is not module
    assert not hasattr(module, "__wrapped__")
    assert namespace["codec"] is module  # nothing was imported for them
    assert module.dumps(1) == "1"
    assert namespace.get("codec") is sys.modules["json"]


class _Hostile:
    """A value whose comparisons fail, as a user's object may."""

    def __eq__(self, other: object) -> bool:
        raise ZeroDivisionError

    __hash__ = None  # type: ignore[assignment]


@pytest.mark.parametrize("field", ["actions", "attributes"])
def test_values_that_fail_to_compare_are_reported(field: str) -> None:
    from datetime import UTC, datetime  # noqa: PLC0415

    from escalation_matrix import Issue  # noqa: PLC0415
    from escalation_matrix.exceptions import ValidationError  # noqa: PLC0415

    with pytest.raises(ValidationError, match=rf"\$\.{field}: must be"):
        Issue("outage", datetime(2026, 11, 27, tzinfo=UTC), **{field: _Hostile()})  # type: ignore[arg-type]
