"""The built-in matrix: read from its data file, or from the build's compiled form."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import escalation_matrix as em
from escalation_matrix._routing.router import fingerprint
from escalation_matrix._serialization import builtin
from escalation_matrix._serialization.builtin import (
    COMPILED,
    DATA,
    compile_matrix,
    compiled_matrix,
    default_matrix,
)
from escalation_matrix.exceptions import ValidationError
from tests.helpers import same_objects

TEXT = Path(DATA).read_bytes()


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    """A compiled form of the data file, made as the build hook makes it."""
    path = tmp_path / "default.pickle"
    compile_matrix(TEXT, path)
    return path


@pytest.fixture
def uncached() -> Iterator[None]:
    """The built-in matrix made afresh by the test, and again after it."""
    default_matrix.cache_clear()
    yield
    default_matrix.cache_clear()


def _parts(path: Path) -> list[object]:
    with path.open("rb") as handle:
        return list(pickle.load(handle))  # noqa: S301 -- the test's own file


def _write(path: Path, parts: list[object]) -> None:
    path.write_bytes(pickle.dumps(tuple(parts)))


def test_installed_package_carries_the_compiled_matrix() -> None:
    """The package as installed holds a usable compiled form of its data file.

    Installing builds it (the build hook), for editable installs too.
    """
    # An editable install compiled it when installed: after a change to the
    # reader, install again (pip install -e .) to compile it anew.
    matrix = compiled_matrix(TEXT, COMPILED)
    assert matrix is not None, "no usable compiled matrix: install the package again"
    assert same_objects(matrix, em.loads(TEXT, "toml")), "compiled by older code"


def test_compiled_matrix_is_the_one_read(compiled: Path) -> None:
    """The compiled matrix is the data file's, field for field."""
    matrix = compiled_matrix(TEXT, compiled)
    assert matrix is not None
    assert same_objects(matrix, em.loads(TEXT, "toml"))
    assert fingerprint(matrix) == fingerprint(em.loads(TEXT, "toml"))


def test_compiled_matrix_routes_and_translates(compiled: Path) -> None:
    """Its caches are rebuilt: lookups, routing and translation work on it."""
    matrix = compiled_matrix(TEXT, compiled)
    assert matrix is not None
    read = em.loads(TEXT, "toml")
    assert matrix.level(2) == read.level("L2")
    opened = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    issue = em.Issue("performance_hiccups", opened, severity="critical")
    now = opened + timedelta(hours=9)
    assert em.route(matrix, issue, now=now) == em.route(read, issue, now=now)
    assert em.translate(matrix, "it") == em.translate(read, "it")


def test_default_matrix_uses_the_compiled_form(
    compiled: Path, monkeypatch: pytest.MonkeyPatch, uncached: None
) -> None:
    """default_matrix() takes the compiled matrix, without reading the file."""
    del uncached
    monkeypatch.setattr(builtin, "COMPILED", str(compiled))

    def unread(*args: object) -> None:
        raise AssertionError(args)

    monkeypatch.setattr("escalation_matrix._serialization.io.loads", unread)
    assert same_objects(default_matrix(), compiled_matrix(TEXT, compiled))


def test_default_matrix_reads_the_data_file_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached: None
) -> None:
    """Without a compiled form (a source checkout never built), the file is read."""
    del uncached
    monkeypatch.setattr(builtin, "COMPILED", str(tmp_path / "missing.pickle"))
    matrix = default_matrix()
    assert same_objects(matrix, em.loads(TEXT, "toml"))
    assert default_matrix() is matrix


def test_other_text_is_not_used(compiled: Path) -> None:
    """A compiled form of another text (the data file edited since) is not used."""
    edited = TEXT.replace(b"Identify and resolve", b"Find and fix")
    assert compiled_matrix(edited, compiled) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle",
        pickle.dumps(("a", "tuple", "of", "four")),
        pickle.dumps([1, 2]),
        pickle.dumps(None),
        # A class or module that no longer exists.
        b"cescalation_matrix._model.matrix\nNoSuchClass\n.",
        b"cno_such_module_of_escalation_matrix\nMatrix\n.",
    ],
    ids=["empty", "garbage", "other-values", "short", "none", "class", "module"],
)
def test_unusable_file_is_not_used(tmp_path: Path, content: bytes) -> None:
    """A broken or foreign file is not used: the data file is read instead."""
    path = tmp_path / "default.pickle"
    path.write_bytes(content)
    assert compiled_matrix(TEXT, path) is None


def test_missing_file_is_not_used(tmp_path: Path) -> None:
    """No compiled form: nothing to use."""
    assert compiled_matrix(TEXT, tmp_path / "missing.pickle") is None


def test_changed_fields_are_not_used(compiled: Path) -> None:
    """A class whose fields changed since the file was made voids it.

    Unpickling would leave a new field unset and ignore a removed one.
    """
    parts = _parts(compiled)
    fields = dict(parts[2])  # type: ignore[call-overload]
    assert ("escalation_matrix._model.matrix", "Level") in fields
    fields["escalation_matrix._model.matrix", "Level"] += ("new_field",)
    parts[2] = fields
    _write(compiled, parts)
    assert compiled_matrix(TEXT, compiled) is None


def test_gone_class_is_not_used(compiled: Path) -> None:
    """A class named in the file that no longer exists voids it."""
    parts = _parts(compiled)
    parts[2] = {**parts[2], ("escalation_matrix._model.matrix", "Gone"): ("x",)}  # type: ignore[dict-item]
    _write(compiled, parts)
    assert compiled_matrix(TEXT, compiled) is None


def test_other_format_is_not_used(compiled: Path) -> None:
    """A file of another layout of the compiled form is not used."""
    parts = _parts(compiled)
    parts[0] = 2
    _write(compiled, parts)
    assert compiled_matrix(TEXT, compiled) is None


def test_not_a_matrix_is_not_used(compiled: Path) -> None:
    """A file whose matrix is something else is not used."""
    parts = _parts(compiled)
    parts[3] = em.default_matrix().levels[0]
    _write(compiled, parts)
    assert compiled_matrix(TEXT, compiled) is None


def test_invalid_data_is_not_compiled(tmp_path: Path) -> None:
    """Compiling an invalid matrix raises the reader's error and writes nothing."""
    target = tmp_path / "default.pickle"
    with pytest.raises(ValidationError, match=r"\$\.levels\[1\]\.rank"):
        compile_matrix(TEXT.replace(b"rank = 2", b'rank = "two"'), target)
    assert not target.exists()
