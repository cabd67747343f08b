"""Issue's own quick checks agree with the full ones, whatever the fields.

``Issue()`` lets the fields ticket data gives pass a few quick tests and
sends anything else through every check. A subclass made by attrs runs
attrs' own ``__init__``, which converts every field and runs every check:
the two must build the same issue, or refuse with the same problems.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from http import HTTPStatus
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix.exceptions import ValidationError
from tests.strategies import aware_datetimes


@attrs.frozen(repr=False)
class Checked(em.Issue):
    """An issue built by attrs' own __init__: every check, every field."""


ROME = ZoneInfo("Europe/Rome")
OPENED = datetime(2026, 3, 29, 1, 30, tzinfo=ROME)


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> Any:
    """Values mostly of *usual*, some of *odd*: most issues drawn are valid."""
    return st.integers(0, 7).flatmap(lambda n: odd if n == 0 else usual)


#: Keys, well formed or not, and values of other types.
keys = mostly(
    st.sampled_from(["performance_hiccups", "high", "low", "x1", "tier"]),
    st.one_of(
        st.sampled_from(["", "High", "a-b", "1st", " x", "x\n", "\ud800"]),
        st.text(max_size=6),
        st.integers(),
    ),
)

#: Times: aware ones near the opening (before and after it, in one zone or
#: several) and over two centuries, and naive ones, the edges of the
#: calendar, and no datetime at all.
times = mostly(
    st.one_of(
        st.builds(
            lambda minutes, zone, fold: (
                (OPENED + timedelta(minutes=minutes))
                .astimezone(zone)
                .replace(fold=fold)
            ),
            st.integers(-180, 180),
            st.sampled_from([UTC, ROME, timezone(timedelta(hours=5, minutes=30))]),
            st.integers(0, 1),
        ),
        aware_datetimes(),
        st.just(datetime(2026, 3, 29, 2, 30, tzinfo=ROME)),  # a time that never was
    ),
    st.sampled_from(
        [
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
            datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))),
            datetime(2026, 1, 1),  # noqa: DTZ001 -- naive, refused
            "2026-01-01T00:00:00Z",
        ]
    ),
)

scalars = mostly(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=4),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    st.one_of(
        st.sampled_from([10**100, 10**100 - 1, -(10**100), 1 - 10**100]),
        st.just(HTTPStatus.OK),  # an int of another type
        st.floats(),
        st.just("\udc80"),
        st.lists(st.integers(), max_size=1),
    ),
)
attribute_maps = mostly(
    st.dictionaries(st.text(min_size=1, max_size=4), scalars, max_size=3),
    st.one_of(
        st.dictionaries(st.one_of(st.just(""), st.integers()), scalars, max_size=2),
        st.just([("tier", "gold")]),
    ),
)
optional = st.none()
#: A field left out of the call.
OMIT: Any = object()


def built(cls: type[em.Issue], fields: dict[str, Any]) -> object:
    """The issue *cls* builds from *fields*, or the problems it refuses them with."""
    given = {name: value for name, value in fields.items() if value is not OMIT}
    try:
        issue = cls(**given)
    except ValidationError as error:
        return [(problem.path, problem.message) for problem in error.problems]
    return attrs.astuple(issue, recurse=False)


@given(
    issue_type=keys,
    opened_at=times,
    severity=mostly(optional, keys),
    priority=st.one_of(
        st.just((None, None)),
        st.tuples(keys, keys),
        st.tuples(mostly(optional, keys), mostly(optional, keys)),
    ),
    acknowledged_at=st.one_of(optional, times),
    resolved_at=st.one_of(optional, times),
    attributes=st.one_of(st.just(OMIT), attribute_maps),
    id=mostly(
        st.sampled_from([None, "T-1"]),
        st.one_of(st.sampled_from(["", " ", "a\tb"]), st.integers()),
    ),
)
@example(
    priority=("high", "High"),
    issue_type="x1",
    opened_at=OPENED,
    severity=None,
    acknowledged_at=None,
    resolved_at=None,
    attributes=OMIT,
    id=None,
)
@example(
    priority=(None, None),
    issue_type="x1",
    opened_at=OPENED,
    severity="low",
    acknowledged_at=OPENED + timedelta(minutes=1),
    resolved_at=None,
    attributes={"tier": float("nan")},
    id="T-1",
)
@example(
    priority=(None, None),
    issue_type="x1",
    opened_at=OPENED,
    severity=None,
    acknowledged_at=None,
    resolved_at=OPENED.astimezone(UTC) - timedelta(seconds=1),
    attributes={"tier": "gold"},
    id=None,
)
@example(
    priority=(None, None),
    issue_type="x1",
    opened_at=OPENED,
    severity=None,
    acknowledged_at=OPENED,
    resolved_at=None,
    attributes={"tier": "gold", "": 1},
    id=None,
)
def test_quick_checks_agree_with_the_full_ones(
    priority: tuple[object, object], **fields: Any
) -> None:
    """Issue() and attrs' own __init__ build the same issue, or say the same."""
    fields["impact"], fields["urgency"] = priority
    assert built(em.Issue, fields) == built(Checked, fields)


@pytest.mark.parametrize(
    "attributes",
    [
        {"città": "Torino", "tier": "gold"},
        {"\ud800": 1},
        {"tier": "\udc80"},
        {"tier": "città"},
        {"seats": 10**100},
        {"seats": -(10**100)},
        {"seats": 10**100 - 1},
        {"ratio": float("inf")},
        {"ratio": 0.5, "open": True, "owner": None},
        {"status": HTTPStatus.OK},
        {"": 1},
        {1: "one"},
        {"tags": ["a"]},
    ],
    ids=repr,
)
def test_attributes_each_way(attributes: dict[Any, Any]) -> None:
    """Each kind of attribute the quick test takes, or leaves, is judged alike."""
    fields = {"issue_type": "x1", "opened_at": OPENED, "attributes": attributes}
    assert built(em.Issue, fields) == built(Checked, fields)


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        MappingProxyType({}),
        MappingProxyType({"tier": "gold"}),
        OrderedDict(tier="città"),
        FrozenDict({"tier": "gold"}),
        FrozenDict(),
        "tier",
        [("tier", "gold")],
    ],
    ids=repr,
)
def test_attribute_containers_each_way(attributes: object) -> None:
    """Attributes in a dict, in another mapping, or in no mapping are judged alike."""
    fields = {"issue_type": "x1", "opened_at": OPENED, "attributes": attributes}
    assert built(em.Issue, fields) == built(Checked, fields)


class Wavering(tzinfo):
    """A zone that gives an offset a few times, then none that can be used."""

    def __init__(self, good: int) -> None:
        self.good = good

    def utcoffset(self, _: datetime | None) -> timedelta:  # noqa: D102
        self.good -= 1
        if self.good < 0:
            message = "offset unknown"
            raise ValueError(message)
        return timedelta(hours=-5)

    def dst(self, _: datetime | None) -> timedelta:  # noqa: D102
        return timedelta(0)

    def tzname(self, _: datetime | None) -> None:  # noqa: D102
        return None


@pytest.mark.parametrize("good", range(1, 9))
@pytest.mark.parametrize("wavering", ["opened_at", "later"])
@pytest.mark.parametrize("field", ["acknowledged_at", "resolved_at", "actions"])
def test_a_zone_that_stops_giving_offsets(good: int, wavering: str, field: str) -> None:
    """A zone failing half way is reported as a problem, never raised as is."""
    zone = Wavering(good)
    opened = datetime(2026, 1, 2, tzinfo=zone if wavering == "opened_at" else UTC)
    # Before the opening, so that the times are compared and written.
    later = datetime(2026, 1, 1, tzinfo=zone if wavering == "later" else UTC)

    def build() -> em.Issue:
        given: Any = [em.Action.acknowledge(later)] if field == "actions" else later
        return em.Issue("performance_hiccups", opened, **{field: given})

    with pytest.raises(ValidationError) as caught:
        build()
    paths = {problem.path for problem in caught.value.problems}
    assert paths <= {"$.opened_at", "$.at", f"$.{field}", "$.actions[0].at"}


@pytest.mark.parametrize(
    "fold",
    [
        # The second 02:15 of the night clocks go back is after the first 02:45.
        1,
        0,
    ],
)
def test_times_of_one_zone_compare_as_instants(fold: int) -> None:
    """An acknowledgement's order is its instant's, not its wall clock's."""
    opened = datetime(2026, 10, 25, 2, 45, tzinfo=ROME)
    acknowledged = datetime(2026, 10, 25, 2, 15, fold=fold, tzinfo=ROME)
    if fold:
        issue = em.Issue("performance_hiccups", opened, acknowledged_at=acknowledged)
        assert issue.acknowledged_at == acknowledged
    else:
        with pytest.raises(ValidationError, match=r"\$\.acknowledged_at: must not"):
            em.Issue("performance_hiccups", opened, acknowledged_at=acknowledged)


FAR: Any = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "paths"),
    [
        ({"opened_at": NOW, "acknowledged_at": FAR}, ["$.acknowledged_at"]),
        ({"opened_at": NOW, "resolved_at": FAR}, ["$.resolved_at"]),
        ({"opened_at": FAR, "resolved_at": NOW, "id": ""}, ["$.opened_at", "$.id"]),
    ],
)
def test_times_outside_the_calendar(fields: dict[str, Any], paths: list[str]) -> None:
    """A time that UTC cannot hold is a problem, never compared with another."""
    with pytest.raises(ValidationError) as caught:
        em.Issue("performance_hiccups", **fields)
    assert [problem.path for problem in caught.value.problems] == paths
