"""YAML through PyYAML's C classes reads and writes exactly as the pure-Python path.

The C reader is used when PyYAML was built with libyaml; every document it
accepts must give the data the pure-Python reader gives, and every document
it doubts (past a limit, a key given twice, an unusual tag, a syntax error)
must get the pure-Python reader's error, word for word. The hostile inputs
of ``test_fuzz`` are run here again with the C classes switched off, so
both paths hold them.
"""

from __future__ import annotations

import enum
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import process_time
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix._serialization import yaml_text
from escalation_matrix.exceptions import EscalationMatrixError, ValidationError
from escalation_matrix.schema import Limits
from tests.test_fuzz import (
    BOUND,
    FUZZ,
    FUZZING,
    HOSTILE,
    TYPES,
    _mutate,
    _type_named,
    check_error,
    check_reader,
    check_usable,
    json_values,
    seeds,
)

LIMITS = Limits()

pytestmark = pytest.mark.skipif(
    not yaml_text._native_available(),
    reason="PyYAML without libyaml 0.2.6 or later",
)


@pytest.fixture
def pure_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read and write YAML as if PyYAML had no C classes."""
    monkeypatch.setattr(yaml_text, "_native_available", lambda: False)


def outcome(text: str, cls: type = em.Matrix, **options: Any) -> object:
    """Return what reading *text* gives: the object, or the error's type and message."""
    try:
        return em.loads(text, "yaml", cls, **options)
    except EscalationMatrixError as error:
        return type(error), str(error)


def both(
    text: str, monkeypatch: pytest.MonkeyPatch, cls: type = em.Matrix
) -> tuple[object, object]:
    """Return what the C path and the pure-Python path make of *text*."""
    native = outcome(text, cls)
    with monkeypatch.context() as patch:
        patch.setattr(yaml_text, "_native_available", lambda: False)
        pure = outcome(text, cls)
    return native, pure


DEFAULT_YAML = em.dumps(em.default_matrix(), "yaml")

#: Documents each path must refuse with the same words, or read the same.
DOCUMENTS = {
    "key twice": DEFAULT_YAML.replace("title: ", "title: First\ntitle: ", 1),
    "key twice deep": DEFAULT_YAML.replace("  title: ", "  title: A\n  title: ", 1),
    "int and bool keys alike": "a: {1: x, true: y}\n",
    "syntax": "key: [unclosed\n",
    "tab": "key:\t\n\t- x\n",
    "two documents": "key: a\n---\nkey: b\n",
    "empty": "",
    "null": "~\n",
    "list": "- 1\n- 2\n",
    "deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "deep by alias": "a: &a "
    + "[" * 40
    + "]" * 40
    + "\nb: "
    + "[" * 30
    + "*a"
    + "]" * 30,
    "alias bomb": 'a: &a ["x"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
        for before, name in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "recursive alias": "a: &a [1, *a]\n",
    "recursive mapping": "a: &a {b: *a}\n",
    "long integer": "schema_version: " + "9" * 150 + "\n",
    "merge key": "base: &b {title: T}\nmatrix:\n  <<: *b\n  key: k\n",
    "binary": "key: !!binary aGk=\n",
    "set": "key: !!set {a, b}\n",
    "timestamp": "key: 2026-01-01T10:00:00Z\n",
    "explicit timestamp": "key: !!timestamp 2026-01-01\n",
    "unhashable key": "? [a, b]\n: c\n",
    "unknown tag": "key: !thing x\n",
    "value tag": "key: =\n",
    "tagged str": "key: !!str 12\ntitle: !!str [x]\n",
    "floats": "a: [.inf, -.inf, .nan, 1.5e3, 0x1F, 0o17, 1_000]\n",
    "nel": 'key: "a\\x85b"\ntitle: "\\u2028"\n',
    "bom": "\ufeffkey: k\n",
    "control": "key: \x01\n",
    "surrogate escape": 'key: "\\ud800"\n',
    "non-printable escape": 'key: "\\x01"\n',
    "scalar at the depth limit": "- " * 64 + "x\n",
    "scalar past the depth limit": "- " * 65 + "x\n",
    "lone surrogate": DEFAULT_YAML.replace("title: ", 'title: "\ud800" # ', 1),
    "lone surrogate in a comment": "# \ud800\n" + DEFAULT_YAML,
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_same_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document gets the same object, or the same error, from both paths."""
    native, pure = both(text, monkeypatch)
    assert native == pure


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (em.Matrix, DOCUMENTS["lone surrogate"]),
        (em.Issue, 'issue_type: "\ud800"\nopened_at: 2026-11-27T09:00:00Z\n'),
        (em.Overlay, "schema_version: 1\noverlay: one # \ud800\n"),
    ],
    ids=["matrix", "issue", "overlay"],
)
def test_lone_surrogate_is_refused_alike(
    cls: type, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lone surrogate, which libyaml cannot be given, gets the pure reader's error."""
    native, pure = both(text, monkeypatch, cls)
    assert native == pure
    assert isinstance(native, tuple)
    assert native[0] is ValidationError
    assert "unacceptable character #xd800" in native[1]


def test_key_given_twice_names_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key given twice is refused with the pure-Python reader's line and words."""
    native, _ = both(DOCUMENTS["key twice"], monkeypatch)
    assert isinstance(native, tuple)
    assert "found the key 'title' a second time in the same mapping" in native[1]
    assert "line 4" in native[1]


def test_limits_apply_to_the_c_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Depth, alias expansion and digits are refused by the C path's checks too."""
    for name, limit in [
        ("deep", "max_depth"),
        ("alias bomb", "max_yaml_nodes"),
        ("long integer", "max_int_digits"),
    ]:
        native, _ = both(DOCUMENTS[name], monkeypatch)
        assert isinstance(native, tuple)
        assert limit in native[1], name


@pytest.mark.parametrize("native", [True, False])
def test_depth_counts_lists_and_mappings(native: bool) -> None:  # noqa: FBT001
    """A scalar adds no level: max_depth lists nested, however they end."""
    for end in ("x", "[]", "{}", "&a x", "{a: 1}"):
        text = "- " * 63 + end + "\n"
        assert yaml_text.read_yaml(text, LIMITS, native=native) is not None
    assert yaml_text.read_yaml("- " * 64 + "x\n", LIMITS, native=native)
    with pytest.raises(yaml_text.YamlLimitError) as error:
        yaml_text.read_yaml("- " * 64 + "[x]\n", LIMITS, native=native)
    assert (error.value.limit, error.value.line) == ("max_depth", 1)


def test_alias_expansion_is_bounded_in_time() -> None:
    """An alias bomb costs the C path bounded time."""
    started = process_time()
    with pytest.raises(EscalationMatrixError, match="max_yaml_nodes"):
        em.loads(DOCUMENTS["alias bomb"], "yaml")
    assert process_time() - started < BOUND


def test_valid_documents_take_the_c_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid matrix is read by the C classes alone: the pure reader is not asked."""

    def refuse() -> None:
        raise AssertionError("the pure-Python reader was used")

    monkeypatch.setattr(yaml_text, "_strict_loader", refuse)
    assert em.loads(DEFAULT_YAML, "yaml") == em.default_matrix()
    shared = "key: k\ntitle: &t Title\ndescription: *t\n"
    assert yaml_text.read_yaml(shared, LIMITS) == {
        "key": "k",
        "title": "Title",
        "description": "Title",
    }


def test_doubts_go_to_the_pure_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document the C path doubts is read again by the pure-Python reader."""
    asked: list[str] = []
    real = yaml_text._strict_loader

    def spy() -> Any:
        asked.append("pure")
        return real()

    monkeypatch.setattr(yaml_text, "_strict_loader", spy)
    with pytest.raises(yaml.constructor.ConstructorError, match="second time"):
        yaml_text.read_yaml("key: k\ntitle: T\nkey: j\n", LIMITS)
    assert asked == ["pure"]


@pytest.mark.parametrize(
    "text",
    ["a: !!set {x}\n", "a: !!omap [x: 1]\n", "a: !!str [x]\n", "a: !!binary aGk=\n"],
)
def test_tags_are_left_to_the_pure_reader(text: str) -> None:
    """Tags other than the plain ones make the fast build doubt, not guess."""
    assert yaml_text._read_native(text, LIMITS) is yaml_text._DOUBT


def test_deep_limits_use_the_pure_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A depth limit libyaml cannot honour (1,000 or more) reads without the C classes."""
    monkeypatch.setattr(yaml_text, "_native_loader", None)
    text = "[" * 100 + "]" * 100
    assert yaml_text.read_yaml(text, Limits(max_depth=1000)) is not None


@pytest.mark.parametrize(
    ("with_libyaml", "version", "expected"),
    [(True, (0, 2, 6), True), (True, (0, 2, 5), False), (False, (0, 2, 6), False)],
)
def test_old_libyaml_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
    with_libyaml: bool,  # noqa: FBT001
    version: tuple[int, ...],
    expected: bool,  # noqa: FBT001
) -> None:
    """A libyaml without its own nesting bound (before 0.2.6) is left alone."""
    from yaml import _yaml  # noqa: PLC0415

    yaml_text._native_available.cache_clear()
    monkeypatch.setattr(yaml, "__with_libyaml__", with_libyaml)
    monkeypatch.setattr(_yaml, "get_version", lambda: version)
    try:
        assert yaml_text._native_available() is expected
    finally:
        yaml_text._native_available.cache_clear()


texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
keys = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)


def documents(key: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Plain data whose mappings have keys drawn from *key*."""
    return st.dictionaries(
        key,
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | texts,
            lambda children: (
                st.lists(children, max_size=4)
                | st.dictionaries(key, children, max_size=4)
            ),
            max_leaves=20,
        ),
        max_size=4,
    )


class Team(enum.StrEnum):
    """A user's enumeration of texts."""

    NETWORK = "network"


class Step(enum.IntEnum):
    """A user's enumeration of numbers."""

    ONE = 1


class OwnText(str):
    """A user's own kind of text."""

    __slots__ = ()

    def __str__(self) -> str:
        return "not what is written"


class OwnNumber(float):
    """A user's own kind of number."""

    __slots__ = ()


@pytest.mark.parametrize("native", [True, False])
def test_subclasses_of_plain_values_are_written_as_plain(
    native: bool,  # noqa: FBT001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Subclasses of str, int and float are written as their values, as JSON does."""
    monkeypatch.setattr(yaml_text, "_native_available", lambda: native)
    opened = datetime(2026, 11, 27, 9, tzinfo=UTC)
    attributes: dict[str, str | int | float] = {
        "team": Team.NETWORK,
        "step": Step.ONE,
        "load": OwnNumber(0.5),
    }
    issue = em.Issue("performance_hiccups", opened, attributes=attributes)
    later = opened + timedelta(hours=1)
    decision = em.route(em.default_matrix(), issue, now=later)
    data = em.to_dict(decision)
    assert yaml.safe_load(em.dumps(decision, "yaml")) == data
    assert "team: network\n" in em.dumps(decision, "yaml")
    assert em.loads(em.dumps(issue, "yaml"), "yaml", em.Issue) == issue

    payload = em.to_dict(em.default_matrix())
    payload["title"] = OwnText("Support")
    payload["levels"][0]["rank"] = Step.ONE
    matrix = em.from_dict(payload)
    text = em.dumps(matrix, "yaml")
    assert "title: Support\n" in text
    assert em.loads(text, "yaml") == matrix
    assert json.loads(em.dumps(matrix, "json")) == yaml.safe_load(text)


@given(data=documents(keys) | documents(texts))
def test_dumpers_write_the_same(data: Any) -> None:
    """Both dumpers write the same text."""
    assert yaml_text.write_yaml(data, native=True) == yaml_text.write_yaml(
        data, native=False
    )


@given(data=documents(texts))
def test_round_trip_both_ways(data: Any) -> None:
    """Whatever either dumper writes, both readers read back the same."""
    for native in (True, False):
        text = yaml_text.write_yaml(data, native=native)
        for reader in (True, False):
            again = yaml_text.read_yaml(text, LIMITS, native=reader)
            assert json.dumps(again, sort_keys=True) == json.dumps(data, sort_keys=True)


#: Characters that YAML gives a meaning, and a few it refuses.
SYNTAX = list("ab:-[]{}&*!?|>'\"#%@`,\n\t \\\x01\x85~0.5e<=\u2028\ufeff\r+_/()")


def read_both(text: str) -> tuple[object, object]:
    """Return what each reader makes of *text*: its data, or its error's words."""

    def read(native: bool) -> object:  # noqa: FBT001
        try:
            return yaml_text.read_yaml(text, LIMITS, native=native)
        except (yaml.YAMLError, yaml_text.YamlLimitError) as error:
            return type(error), str(error)

    return read(native=True), read(native=False)


@settings(max_examples=20_000 if FUZZING else 300)
@given(text=st.text(st.sampled_from(SYNTAX), max_size=40))
def test_arbitrary_text_both_ways(text: str) -> None:
    """Any text gets the same data, or the same error, from both readers."""
    native, pure = read_both(text)
    assert native == pure


# Each example reads a whole matrix file twice: fewer, to keep the fuzz run short.
@settings(max_examples=2_000 if FUZZING else 100, deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(["", *SYNTAX])),
        min_size=1,
        max_size=3,
    )
)
def test_edited_matrix_both_ways(edits: list[tuple[float, str]]) -> None:
    """A matrix file with a few characters changed reads the same both ways."""
    text = DEFAULT_YAML
    for where, character in edits:
        place = int(where * len(text))
        text = text[:place] + character + text[place + 1 :]
    native, pure = read_both(text)
    assert native == pure


@pytest.mark.usefixtures("pure_only")
@pytest.mark.parametrize(
    "path",
    sorted(path for path in HOSTILE.iterdir() if path.suffix == ".yaml"),
    ids=lambda path: path.name,
)
def test_regression_corpus_without_c(path: Path) -> None:
    """Each hostile YAML file holds for the pure-Python path too."""
    _, type_name, _ = path.name.rsplit(".", 2)
    cls = _type_named(type_name)
    started = process_time()
    obj: object
    try:
        obj = em.load(path, cls)
    except EscalationMatrixError as error:
        check_error(error)
    else:
        check_usable(obj, cls)
    assert process_time() - started < BOUND


# A quarter of test_fuzz's examples: it already runs them through the C path.
@settings(FUZZ, max_examples=5_000 if FUZZING else 150)
@given(data=st.data())
def test_hostile_input_without_c(data: st.DataObject) -> None:
    """``test_fuzz``'s hostile YAML, read by the pure-Python path."""
    if data.draw(st.booleans()):
        value = data.draw(json_values)
        cls = data.draw(st.sampled_from(TYPES))
    else:
        cls, seed = data.draw(st.sampled_from(seeds()))
        value = _mutate(data, seed)
        cls = data.draw(st.one_of(st.just(cls), st.sampled_from(TYPES)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_text, "_native_available", lambda: False)
        check_reader("yaml", value, cls)


def test_big_matrix_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """A matrix of many issue types reads the same both ways (the benchmark's shape)."""
    data = json.loads(em.dumps(em.default_matrix(), "json"))
    template = data["issue_types"][0]
    data["issue_types"] = [
        {**template, "key": f"type_{n}", "name": f"Type {n}"} for n in range(300)
    ]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    native, pure = both(text, monkeypatch)
    assert isinstance(native, em.Matrix)
    assert native == pure
