"""The library's errors travel: they pickle and copy whole."""

from __future__ import annotations

import copy
import pickle

import pytest

from escalation_matrix import exceptions
from escalation_matrix.exceptions import EscalationMatrixError, Problem

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
