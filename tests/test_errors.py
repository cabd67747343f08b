"""The library's errors travel: they pickle and copy whole, and so do their problems."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from escalation_matrix import exceptions
from escalation_matrix.exceptions import EscalationMatrixError, Loss, Phrase, Problem

PROBLEMS = [Problem("$.levels[0].rank", "must be >= 1, got 0")]

#: One of each of the library's errors, as the library raises them.
SAMPLES: dict[str, EscalationMatrixError] = {
    "ArgumentError": exceptions.ArgumentError(
        "width",
        2,
        "must be at least 4 columns (a wide character after an indent), got 2",
    ),
    "CalendarError": exceptions.CalendarError(
        "Expected a timedelta of zero or more as duration, got -1.", value=-1
    ),
    "CatalogError": exceptions.CatalogError(
        [Problem("de.po", "line 3: bad")], path="de.po"
    ),
    "EscalationMatrixError": EscalationMatrixError("something"),
    "LocaleError": exceptions.LocaleError("../etc", "not a locale identifier"),
    "LossyConversionError": exceptions.LossyConversionError(
        [exceptions.Loss("$.teams[0]", "dropped", "owner team is not kept")], 7
    ),
    "MissingTranslationsError": exceptions.MissingTranslationsError(
        "de", [("matrix:title", "Title")]
    ),
    "NotARegularFileError": exceptions.NotARegularFileError(
        "out.json", "FIFO", target="/run/fifo"
    ),
    "LimitExceededError": exceptions.LimitExceededError(
        PROBLEMS, limit="max_depth", maximum=64, source="deep.json"
    ),
    "OptionalDependencyError": exceptions.OptionalDependencyError("YAML", "yaml"),
    "OverlayConflictError": exceptions.OverlayConflictError(PROBLEMS, source="o.toml"),
    "RoutingError": exceptions.RoutingError("too early", value=3),
    "UnknownFormatError": exceptions.UnknownFormatError(
        "pdf", ["md"], kind="table format"
    ),
    "UnknownIssueTypeError": exceptions.UnknownIssueTypeError("jam", ["outage"]),
    "UnknownKeyError": exceptions.UnknownKeyError("x", ["y"]),
    "UnknownLevelError": exceptions.UnknownLevelError("L9", ["L1", "L2"]),
    "UnknownRoleError": exceptions.UnknownRoleError("ghost", ["agent"]),
    "UnknownSeverityError": exceptions.UnknownSeverityError("sev1", ["high"]),
    "UnserializableError": exceptions.UnserializableError(print, "holds code"),
    "UnsupportedSchemaVersionError": exceptions.UnsupportedSchemaVersionError(
        9, PROBLEMS, source="m.toml"
    ),
    "ValidationError": exceptions.ValidationError(PROBLEMS, subject="issue"),
    "WrongTypeError": exceptions.WrongTypeError("matrix", 5, "a Matrix"),
}


def test_every_error_has_a_sample() -> None:
    """Each public error class is checked below."""
    public = {
        name
        for name in exceptions.__all__
        if isinstance(getattr(exceptions, name), type)
        and issubclass(getattr(exceptions, name), EscalationMatrixError)
    }
    assert public == set(SAMPLES)
    assert all(type(error).__name__ == name for name, error in SAMPLES.items())


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_pickles_whole(name: str) -> None:
    """An error from a worker process reaches its parent with everything."""
    error = SAMPLES[name]
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.args == error.args
    assert vars(back) == vars(error)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_copies_whole(name: str) -> None:
    """copy.copy keeps the message and every attribute."""
    error = SAMPLES[name]
    copied = copy.copy(error)
    assert (type(copied), str(copied), vars(copied)) == (
        type(error),
        str(error),
        vars(error),
    )


def test_unpicklable_attributes_travel_as_their_repr() -> None:
    """A function an error holds cannot be pickled: its repr goes instead."""

    def check(issue: object) -> bool:
        return issue is not None

    error = exceptions.UnserializableError(check, "holds code")
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes
    assert str(back) == str(error)
    assert back.value == repr(check)
    assert copy.copy(error).value is check


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_deep_copies_whole(name: str) -> None:
    """copy.deepcopy gives an equal error of the same class."""
    error = SAMPLES[name]
    copied = copy.deepcopy(error)
    assert (type(copied), str(copied), vars(copied)) == (
        type(error),
        str(error),
        vars(error),
    )


#: The values errors hold, one of each kind.
RECORDS: list[Any] = [
    Phrase("must be >= {minimum}, got {got}", minimum="1", got=Phrase("nothing")),
    Problem("$.levels[0].rank", Phrase("must be >= {minimum}", minimum="1")),
    Problem("de.po", "line 3: bad"),
    Loss(
        "$.teams[0]",
        "approximated",
        "owner team is kept as a role",
        "teams.json",
        timing=True,
        message=("loss", "owner team is kept as a role"),
        values=(("team", "ops"),),
    ),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: type(record).__name__)
def test_values_travel_whole(record: Any) -> None:
    """Problems, phrases and losses pickle and copy with every field."""
    pickled = pickle.loads(pickle.dumps(record))  # noqa: S301 -- our own bytes
    for back in (pickled, copy.copy(record), copy.deepcopy(record)):
        assert type(back) is type(record)
        assert (back, hash(back)) == (record, hash(record))
        fields = type(record).__slots__
        assert [getattr(back, name) for name in fields] == [
            getattr(record, name) for name in fields
        ]


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: type(record).__name__)
def test_values_are_immutable(record: Any) -> None:
    """No field of a problem, phrase or loss can be set or deleted."""
    name = type(record).__slots__[0]
    before = getattr(record, name)
    with pytest.raises(AttributeError, match="immutable: cannot set"):
        setattr(record, name, "changed")
    with pytest.raises(AttributeError, match="immutable: cannot delete"):
        delattr(record, name)
    assert getattr(record, name) == before


def test_problems_compare_by_path_and_message() -> None:
    """A problem's phrase is how to say it, not part of its value."""
    phrased = Problem("$.a", Phrase("bad {x}", x="1"))
    assert phrased == Problem("$.a", "bad 1")
    assert hash(phrased) == hash(Problem("$.a", "bad 1"))
    assert phrased != Problem("$.b", "bad 1")
    assert phrased != ("$.a", "bad 1")
    assert repr(phrased) == "Problem(path='$.a', message='bad 1')"
    moved = phrased.moved("$.b")
    assert (moved.path, moved.message, moved.phrase) == ("$.b", "bad 1", phrased.phrase)


def test_phrases_compare_by_template_and_values() -> None:
    """Phrases are equal when their templates and values are; they hash by template."""
    one = Phrase("x {a}", a="1")
    assert one == Phrase("x {a}", a="1")
    assert one != Phrase("x {a}", a="2")
    assert hash(one) == hash(Phrase("x {a}", a="2"))
    assert one != "x 1"
    assert repr(one) == "Phrase(template='x {a}', values={'a': '1'})"


def test_losses_compare_without_their_message() -> None:
    """A loss's message and values are for translation, not part of its value."""
    loss = Loss("$.x", "dropped", "gone")
    assert loss == Loss("$.x", "dropped", "gone", message=("loss", "gone"))
    assert loss != Loss("$.x", "dropped", "gone", timing=True)
    assert repr(loss) == (
        "Loss(path='$.x', kind='dropped', detail='gone', source=None, timing=False)"
    )
