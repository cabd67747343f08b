"""The matrix file format: loading, dumping, round trips and broken files."""

from __future__ import annotations

import enum
import json
import sys
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import escalation_matrix as em
from escalation_matrix import (
    Level,
    Matrix,
    MatrixBuilder,
    Overlay,
    Policy,
    Role,
    Severity,
    default_matrix,
)
from escalation_matrix._serialization import io, matrix_format
from escalation_matrix._serialization.hooks import structurers
from escalation_matrix.exceptions import (
    ArgumentError,
    EscalationMatrixError,
    NotARegularFileError,
    OptionalDependencyError,
    Phrase,
    UnknownFormatError,
    UnserializableError,
    UnsupportedSchemaVersionError,
    ValidationError,
    WrongTypeError,
)
from escalation_matrix.rules import Compare, Rule
from escalation_matrix.schema import LONGEST_DELAY, SCHEMA_VERSION
from escalation_matrix.typing import Format
from tests.helpers import small_matrix
from tests.strategies import matrices, visible

DATA = Path(__file__).parent / "data"


def problems(error: ValidationError) -> list[str]:
    return [str(problem) for problem in error.problems]


class TestRoundTrips:
    @given(matrices())
    def test_dict(self, matrix: Matrix) -> None:
        """from_dict(to_dict(m)) == m."""
        assert em.from_dict(em.to_dict(matrix)) == matrix

    @given(matrices())
    def test_json(self, matrix: Matrix) -> None:
        """loads(dumps(m, "json"), "json") == m."""
        assert em.loads(em.dumps(matrix, "json"), "json") == matrix

    @given(matrices())
    def test_toml(self, matrix: Matrix) -> None:
        """loads(dumps(m, "toml"), "toml") == m."""
        assert em.loads(em.dumps(matrix, "toml"), "toml") == matrix

    @given(matrices())
    def test_yaml(self, matrix: Matrix) -> None:
        """loads(dumps(m, "yaml"), "yaml") == m."""
        assert em.loads(em.dumps(matrix, "yaml"), "yaml") == matrix

    @pytest.mark.parametrize("suffix", [".toml", ".json", ".yaml", ".yml"])
    def test_files(self, tmp_path: Path, suffix: str) -> None:
        """Dump then load gives the same matrix, for every suffix."""
        path = tmp_path / f"matrix{suffix}"
        em.dump(default_matrix(), path)
        assert em.load(path) == default_matrix()

    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_text(self, fmt: Format) -> None:
        """Dumps then loads gives the same matrix, for every format."""
        assert em.loads(em.dumps(default_matrix(), fmt), fmt) == default_matrix()

    def test_explicit_format_overrides_suffix(self, tmp_path: Path) -> None:
        """format= chooses the format whatever the file is called."""
        path = tmp_path / "matrix.txt"
        em.dump(default_matrix(), path, format="json")
        assert json.loads(path.read_text("utf-8"))["key"] == "default"
        assert em.load(path, format="json") == default_matrix()

    def test_leaf_objects(self) -> None:
        """Every public value type round-trips on its own."""
        matrix = default_matrix()
        objects: list[Any] = [
            matrix.roles[0],
            matrix.levels[0],
            matrix.issue_types[0],
            matrix.policy,
            matrix.policy.severities[0],
            matrix.policy.priority,
        ]
        for obj in objects:
            assert em.from_dict(em.to_dict(obj), type(obj)) == obj
            assert em.loads(em.dumps(obj, "json"), "json", type(obj)) == obj


class TestDeterminism:
    def test_dump_twice_identical(self, tmp_path: Path) -> None:
        """Dumping the same matrix twice gives identical bytes."""
        for suffix in (".toml", ".json", ".yaml"):
            one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
            em.dump(default_matrix(), one)
            em.dump(em.load(one), two)
            assert one.read_bytes() == two.read_bytes()

    def test_equal_matrices_same_bytes(self) -> None:
        """Equal matrices built in a different dict order give the same text."""
        matrix = small_matrix()
        outage = matrix.issue_types[0]
        shuffled = em.IssueType(
            "outage", "Outage", dict(reversed(list(outage.responsibilities.items())))
        )
        other = small_matrix(issue_types=[shuffled, matrix.issue_types[1]])
        assert em.dumps(matrix, "toml") == em.dumps(other, "toml")
        assert em.dumps(matrix, "json") == em.dumps(other, "json")

    def test_issue_types_in_canonical_order(self) -> None:
        """Every issue type's payload is in the canonical order, plain ones or not."""
        matrix = small_matrix()
        outage, billing = matrix.issue_types
        described = attrs.evolve(
            outage,
            responsibilities=dict(reversed(list(outage.responsibilities.items()))),
            description="Nothing works.",
            entry_level="L2",
        )
        for issue_types in ([outage, billing], [described, billing]):
            data = json.loads(em.dumps(small_matrix(issue_types=issue_types), "json"))
            for written, issue_type in zip(
                data["issue_types"], issue_types, strict=True
            ):
                fields = [
                    "key",
                    "name",
                    "description",
                    "entry_level",
                    "responsibilities",
                ]
                if not issue_type.description:
                    fields.remove("description")
                if issue_type.entry_level is None:
                    fields.remove("entry_level")
                assert list(written) == fields
                assert list(written["responsibilities"]) == ["L1", "L2", "L3"]

    def test_shared_texts_written_twice(self) -> None:
        """Issue types sharing one mapping of texts are written out in full, each."""
        matrix = small_matrix()
        outage, billing = matrix.issue_types
        shared = attrs.evolve(billing, responsibilities=outage.responsibilities)
        assert shared.responsibilities is outage.responsibilities
        matrix = small_matrix(issue_types=[outage, shared])
        for fmt in ("toml", "json", "yaml"):
            text = em.dumps(matrix, fmt)
            assert "&id" not in text
            assert text.count("Restart it.") == 2
            assert em.loads(text, fmt) == matrix

    def test_defaults_left_out(self) -> None:
        """The canonical form leaves out fields at their defaults."""
        data = em.to_dict(small_matrix())
        assert "description" not in data
        assert "description" not in data["levels"][0]
        assert "delay" not in data["levels"][2]
        assert "business_time" not in data["levels"][0]
        assert data["levels"][0]["delay"] == "30m"
        assert "policy" not in data  # every field of it holds its default


class TestHandWritten:
    def test_toml_and_json_agree(self) -> None:
        """Hand-written TOML and JSON files of the same matrix load equal."""
        from_toml = em.load(DATA / "handwritten.toml")
        from_json = em.load(DATA / "handwritten.json")
        assert from_toml == from_json
        assert from_toml.level("L1").escalate_while == "unacknowledged"
        assert from_toml.issue_type("outage").entry_level == "L2"
        assert from_toml.role("lead").description == "Leads the support team."

    def test_builtin_data_file_is_the_user_format(self) -> None:
        """The built-in matrix's data file loads with the public loader."""
        path = Path(em.__file__).parent / "_serialization" / "data" / "default.toml"
        assert em.load(path) == default_matrix()


def load_error(text: str | bytes, fmt: Format = "toml") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        em.loads(text, fmt)
    return info.value


MINIMAL = """
schema_version = 1
key = "m"
title = "M"
[[roles]]
key = "r"
title = "R"
[[levels]]
key = "L1"
rank = 1
role = "r"
name = "One"
[[issue_types]]
key = "t"
name = "T"
responsibilities = { L1 = "Do." }
"""


class TestBrokenFiles:
    def test_minimal_is_valid(self) -> None:
        """The minimal file used below is valid as it stands."""
        assert em.loads(MINIMAL, "toml").level_keys == ("L1",)

    def test_broken_file_lists_every_problem(self) -> None:
        """Wrong type, unknown key, rank 0, bad delay, unknown role, missing cell."""
        with pytest.raises(ValidationError) as info:
            em.load(DATA / "broken.toml")
        assert info.value.source == str(DATA / "broken.toml")
        assert problems(info.value) == [
            "$.colour: unknown field; expected one of: schema_version, key, title, "
            "description, language, policy, roles, levels, issue_types",
            "$.roles[0].title: must be a string, got 42",
            "$.levels[0].rank: must be >= 1, got 0",
            "$.levels[0].delay: expected a duration such as '30m', '1h 30m', "
            "'1d12h' or 'PT1H30M', got 'half an hour'",
            "$.levels[1].role: unknown role 'lead'; known role keys: agent",
            "$.issue_types[0].responsibilities.L2: missing: issue type 'outage' "
            "needs a text for level 'L2'",
        ]
        assert str(info.value).startswith(
            f"Invalid matrix in {DATA / 'broken.toml'}: 6"
        )

    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            (
                "rank = 1",
                'rank = "1"',
                ["$.levels[0].rank: must be an integer, got '1'"],
            ),
            ("rank = 1", "rank = 0", ["$.levels[0].rank: must be >= 1, got 0"]),
            (
                'name = "One"',
                'name = "One"\nrole_name = "x"',
                [
                    "$.levels[0].role_name: unknown field; expected one of: key, rank, "
                    "role, name, description, delay, business_time, escalate_while, "
                    "assignment"
                ],
            ),
            ('key = "m"', "", ["$.key: missing required field"]),
            (
                'key = "m"',
                'key = "My matrix"',
                [
                    "$.key: must be a lowercase snake_case ASCII key of at most 64 characters, got 'My matrix'"
                ],
            ),
            (
                'responsibilities = { L1 = "Do." }',
                "responsibilities = {}",
                [
                    "$.issue_types[0].responsibilities.L1: missing: issue type 't' needs a text for level 'L1'"
                ],
            ),
            (
                'responsibilities = { L1 = "Do." }',
                'responsibilities = { L1 = "Do.", "L 2" = 3 }',
                [
                    "$.issue_types[0].responsibilities['L 2']: must be a 'L1'-style "
                    "or lowercase snake_case ASCII key of at most 64 characters, "
                    "got 'L 2'",
                    "$.issue_types[0].responsibilities['L 2']: must be a string, got 3",
                ],
            ),
            (
                "[[roles]]",
                "roles = 3\n[[xroles]]",
                [
                    "$.roles: must be a list, got 3",
                    "$.xroles: unknown field; expected one of: schema_version, key, title, description, language, policy, roles, levels, issue_types",
                ],
            ),
            (
                'title = "M"',
                'title = "M"\npolicy = 1',
                ["$.policy: must be an object (a table), got 1"],
            ),
            (
                'title = "M"',
                'title = "M"\n[policy]\ndelay_mode = "never"\nseverities = [{ key = "x", name = 1 }]',
                [
                    "$.policy.delay_mode: must be one of 'per_level', 'since_opened', got 'never'",
                    "$.policy.severities[0].name: must be a string, got 1",
                ],
            ),
            (
                'name = "One"',
                'name = "One"\nbusiness_time = "yes"\nescalate_while = "always"',
                [
                    "$.levels[0].business_time: must be true or false, got 'yes'",
                    "$.levels[0].escalate_while: must be one of 'unacknowledged', 'unresolved', got 'always'",
                ],
            ),
            (
                'name = "One"',
                'name = "One"\ndelay = 30',
                [
                    "$.levels[0].delay: expected a duration as a string such as "
                    "'30m', '1h 30m', '1d12h' or 'PT1H30M', got 30; a number has "
                    "no unit: write the duration in quotes"
                ],
            ),
        ],
    )
    def test_single_problem(self, old: str, new: str, expected: list[str]) -> None:
        """Each kind of mistake is reported with its path."""
        assert old in MINIMAL
        assert problems(load_error(MINIMAL.replace(old, new, 1))) == expected

    def test_future_schema_version(self) -> None:
        """A newer schema version is rejected, saying to upgrade."""
        error = load_error(MINIMAL.replace("schema_version = 1", "schema_version = 99"))
        assert isinstance(error, UnsupportedSchemaVersionError)
        assert error.version == 99
        assert problems(error) == [
            "$.schema_version: version 99 was written by a newer release; this release "
            "reads versions 1 to 1: upgrade escalation_matrix"
        ]

    def test_schema_version_zero(self) -> None:
        """Versions below 1 never existed."""
        error = load_error(MINIMAL.replace("schema_version = 1", "schema_version = 0"))
        assert isinstance(error, UnsupportedSchemaVersionError)

    def test_schema_version_wrong_type(self) -> None:
        """A non-integer schema version is an ordinary type problem."""
        error = load_error(
            MINIMAL.replace("schema_version = 1", 'schema_version = "1"')
        )
        assert problems(error) == ["$.schema_version: must be an integer, got '1'"]

    def test_invalid_utf8(self) -> None:
        """Bytes that are not UTF-8 are reported with their offset."""
        data = MINIMAL.replace('"M"', '"M\xe9"').encode("latin-1")
        error = load_error(data)
        assert problems(error) == ["$: not valid UTF-8: byte 0xe9 at offset 40"]

    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_truncated(self, fmt: Format) -> None:
        """A file cut short is a library error, not a parser's exception."""
        text = em.dumps(default_matrix(), fmt)
        error = load_error(text[: text.rindex("L3")], fmt)
        assert isinstance(error, EscalationMatrixError)
        assert isinstance(error, ValueError)
        assert len(error.problems) >= 1

    def test_truncated_but_well_formed(self) -> None:
        """A YAML file cut between lines parses; the checks report what is lost."""
        text = em.dumps(default_matrix(), "yaml")
        error = load_error(text[: text.rindex("    L3:")], "yaml")
        assert problems(error) == [
            "$.issue_types[7].responsibilities.L3: missing: issue type "
            "'subscription_interruptions' needs a text for level 'L3'",
            "$.issue_types[7].responsibilities.L4: missing: issue type "
            "'subscription_interruptions' needs a text for level 'L4'",
        ]

    def test_truncated_json_message(self) -> None:
        """The JSON parser's position is kept."""
        error = load_error('{"schema_version": 1,', "json")
        assert problems(error) == [
            "$: not valid JSON at line 1, column 22: a key in double quotes is "
            "expected here"
        ]

    def test_not_an_object(self) -> None:
        """A payload that is not an object says so."""
        assert problems(load_error("[1, 2]", "json")) == [
            "$: must be an object (a table), got [1, 2]"
        ]

    def test_yaml_is_safe(self) -> None:
        """YAML tags that would build Python objects are refused."""
        error = load_error("!!python/object/apply:os.system ['true']", "yaml")
        assert "not valid YAML" in problems(error)[0]

    def test_leaf_payload_errors(self) -> None:
        """Leaf types report their problems from their own root."""
        with pytest.raises(ValidationError) as info:
            em.from_dict({"key": "L1", "rank": 0}, Level)
        assert problems(info.value) == [
            "$.rank: must be >= 1, got 0",
            "$.role: missing required field",
            "$.name: missing required field",
        ]
        with pytest.raises(ValidationError):
            em.from_dict([], Role)

    def test_every_problem_of_one_field(self) -> None:
        """Several problems an object finds in one field are all reported."""
        with pytest.raises(ValidationError) as info:
            em.from_dict(
                {"key": "s", "name": "S", "skip_levels": ["L 1", "L 2"]}, Severity
            )
        assert problems(info.value) == [
            "$.skip_levels[0]: must be a 'L1'-style or lowercase snake_case ASCII key of at most 64 characters, got 'L 1'",
            "$.skip_levels[1]: must be a 'L1'-style or lowercase snake_case ASCII key of at most 64 characters, got 'L 2'",
        ]


class TestFiles:
    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """A suffix naming no format is an error listing the known ones."""
        with pytest.raises(UnknownFormatError, match=r"Unknown file format '\.ini'"):
            em.dump(default_matrix(), tmp_path / "matrix.ini")
        with pytest.raises(UnknownFormatError):
            em.load(tmp_path / "matrix.ini")
        with pytest.raises(UnknownFormatError):
            em.dumps(default_matrix(), "xml")  # type: ignore[arg-type]

    def test_atomic_dump_keeps_old_file_on_failure(self, tmp_path: Path) -> None:
        """If writing fails, the old file is untouched and no temporary is left."""
        path = tmp_path / "matrix.toml"
        em.dump(default_matrix(), path)
        before = path.read_bytes()
        with pytest.raises(UnserializableError, match="expected one of Action, AllOf"):
            em.dump(object(), path)  # nothing can serialize this
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["matrix.toml"]

    def test_atomic_dump_cleans_up_when_write_fails(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure while writing the temporary file removes it."""
        path = tmp_path / "matrix.json"
        em.dump(small_matrix(), path)
        before = path.read_bytes()

        def broken_fsync(_fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("os.fsync", broken_fsync)
        with pytest.raises(OSError, match="No space left"):
            em.dump(default_matrix(), path)
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["matrix.json"]

    def test_dump_keeps_permissions(self, tmp_path: Path) -> None:
        """Replacing a file keeps its permission bits."""
        path = tmp_path / "matrix.toml"
        em.dump(small_matrix(), path)
        path.chmod(0o640)
        em.dump(default_matrix(), path)
        assert path.stat().st_mode & 0o777 == 0o640

    @pytest.mark.parametrize("name", ["matrices", "matrix.toml"])
    def test_load_a_directory(self, tmp_path: Path, name: str) -> None:
        """A directory is not read as a file, whatever its name ends with."""
        folder = tmp_path / name
        folder.mkdir()
        with pytest.raises(NotARegularFileError, match="it is a directory") as info:
            em.load(folder)
        assert info.value.filename == str(folder)
        assert info.value.kind == "directory"
        with pytest.raises(NotARegularFileError):
            em.load(folder, Overlay)

    def test_a_path_with_a_nul_character(self, tmp_path: Path) -> None:
        """No file's name holds a NUL: the path is refused as an argument."""
        for call in (
            lambda: em.load(str(tmp_path / "a\0b.json")),
            lambda: em.dump(em.default_matrix(), str(tmp_path / "a\0b.json")),
        ):
            with pytest.raises(ArgumentError, match="must not hold a NUL"):
                call()

    def test_dump_through_a_link(self, tmp_path: Path) -> None:
        """A symbolic link stays a link; the file it names is replaced."""
        (tmp_path / "real").mkdir()
        target = tmp_path / "real" / "matrix.toml"
        em.dump(small_matrix(), target)
        link = tmp_path / "matrix.toml"
        link.symlink_to(target)
        em.dump(default_matrix(), link)
        assert link.is_symlink()
        assert em.load(target) == default_matrix()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["matrix.toml", "real"]
        assert [p.name for p in target.parent.iterdir()] == ["matrix.toml"]

    def test_missing_yaml(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without PyYAML, YAML functions say which extra to install."""
        monkeypatch.setitem(sys.modules, "yaml", None)
        with pytest.raises(OptionalDependencyError, match=r"escalation-matrix\[yaml\]"):
            em.dumps(default_matrix(), "yaml")
        with pytest.raises(ImportError):
            em.loads("a: 1", "yaml")


class TestConverters:
    @pytest.mark.parametrize(
        "module", ["json", "orjson", "tomllib", "pyyaml", "msgspec"]
    )
    def test_preconfigured_converters(self, module: str) -> None:
        """register_hooks works on a fresh preconfigured cattrs converter."""
        pytest.importorskip(module if module not in {"pyyaml", "tomllib"} else "yaml")
        preconf = pytest.importorskip(f"cattrs.preconf.{module}")
        converter = em.register_hooks(preconf.make_converter())
        text = converter.dumps(default_matrix())
        assert converter.loads(text, Matrix) == default_matrix()

    def test_forbid_extra_keys_false(self) -> None:
        """Unknown fields can be ignored instead of rejected."""
        data = em.to_dict(small_matrix())
        data["x_comment"] = "ignored"
        data["levels"][0]["colour"] = "red"
        with pytest.raises(ValidationError):
            em.make_converter().structure(data, Matrix)
        lenient = em.make_converter(forbid_extra_keys=False)
        assert lenient.structure(data, Matrix) == small_matrix()

    def test_global_converter_untouched(self) -> None:
        """The library never registers hooks on cattrs' global converter."""
        em.make_converter()
        em.register_hooks(cattrs.Converter())
        data = cattrs.unstructure(Role("pm", "PM"))
        assert data == {"key": "pm", "title": "PM", "description": "", "contacts": []}

    def test_policy_payload(self) -> None:
        """Policies with severities and a priority table round-trip."""
        policy = Policy(
            delay_mode="since_opened",
            severities=[
                Severity("high", "High", skip_levels=["L2"]),
                Severity("low", "Low"),
            ],
            default_severity="low",
        )
        data = em.to_dict(policy)
        assert data == {
            "delay_mode": "since_opened",
            "default_severity": "low",
            "severities": [
                {"key": "high", "name": "High", "skip_levels": ["L2"]},
                {"key": "low", "name": "Low"},
            ],
        }
        assert em.from_dict(data, Policy) == policy


class TestGeneratedHooks:
    @given(matrices())
    def test_generated_hook_reads_what_was_written(self, matrix: Matrix) -> None:
        """Cattrs' generated hook builds the matrix its payload was written from."""
        data = em.to_dict(matrix)
        del data["schema_version"]
        generated = structurers(forbid_extra_keys=True).by_type[Matrix](data, Matrix)
        assert generated == matrix
        assert generated.level_keys == matrix.level_keys

    @pytest.mark.parametrize(
        "change",
        [
            lambda d: d["issue_types"][0].update(colour="red"),
            lambda d: d["issue_types"][0]["responsibilities"].pop("L1"),
            lambda d: d["issue_types"][0].update(key="Bad"),
            lambda d: d["issue_types"][1].update(key=d["issue_types"][0]["key"]),
            lambda d: d["issue_types"][0].update(name=" "),
            lambda d: d["issue_types"][0].update(entry_level="L9"),
            lambda d: d["issue_types"][0]["responsibilities"].update(L1=""),
            lambda d: d["levels"][0].update(rank=0),
            lambda d: d.update(title=""),
            lambda d: d.update(issue_types="none"),
            lambda d: d.update(extra=1),
        ],
    )
    def test_generated_hook_gives_way(self, change: Any) -> None:
        """On any problem the generated hook stops; the field reader reports it."""
        data = em.to_dict(default_matrix())
        change(data)
        fields = {key: value for key, value in data.items() if key != "schema_version"}
        with pytest.raises(Exception):  # noqa: B017, PT011 -- whatever stops it
            structurers(forbid_extra_keys=True).by_type[Matrix](fields, Matrix)
        with pytest.raises(ValidationError):
            em.from_dict(data)

    def test_callers_data_is_copied(self) -> None:
        """A matrix built from a caller's dicts does not change when they do."""
        data = em.to_dict(small_matrix())
        matrix = em.from_dict(data)
        data["issue_types"][0]["responsibilities"]["L1"] = "Changed."
        assert matrix.responsibility("outage", "L1") == "Restart it."

    def test_payloads_handed_out_are_copies(self) -> None:
        """to_dict never hands out the matrix's own dicts."""
        matrix = small_matrix()
        em.to_dict(matrix)["issue_types"][0]["responsibilities"]["L1"] = "Changed."
        assert matrix.responsibility("outage", "L1") == "Restart it."
        assert "Changed" not in em.dumps(matrix, "json")

    def test_payloads_handed_out_are_copies_with_descriptions(self) -> None:
        """to_dict copies the texts of issue types with a description, too."""
        outage, billing = small_matrix().issue_types
        described = attrs.evolve(outage, description="Nothing works.")
        matrix = small_matrix(issue_types=[described, billing])
        for index in (0, 1):
            data = em.to_dict(matrix)
            data["issue_types"][index]["responsibilities"]["L1"] = "Changed."
        assert "Changed" not in em.dumps(matrix, "json")
        assert matrix.responsibility("billing", "L1") == "Check the bill."

    @given(matrices())
    def test_orjson_and_json_write_the_same_bytes(self, matrix: Matrix) -> None:
        """With or without orjson, JSON output is byte for byte the same."""
        pytest.importorskip("orjson")
        with_orjson = em.dumps(matrix, "json")
        io._orjson.cache_clear()
        try:
            with pytest.MonkeyPatch.context() as patch:
                patch.setitem(sys.modules, "orjson", None)
                without = em.dumps(matrix, "json")
                assert em.loads(without, "json") == matrix
        finally:
            io._orjson.cache_clear()
        assert with_orjson == without

    def test_big_integers_in_rules_survive(self) -> None:
        """Integers beyond 64 bits in a matrix file are read exactly."""
        rule = Rule("big", Compare("attributes.n", "==", 2**70), entry_level="L2")
        matrix = attrs.evolve(
            default_matrix(), policy=attrs.evolve(default_matrix().policy, rules=[rule])
        )
        copy = em.loads(em.dumps(matrix, "json"), "json")
        assert copy == matrix
        assert copy.policy.rules[0].when == Compare("attributes.n", "==", 2**70)

    def test_big_integers_fall_back(self) -> None:
        """Integers orjson cannot write are written by the standard library."""
        issue = em.Issue(
            "outage",
            datetime(2026, 1, 1, tzinfo=UTC),
            attributes={"n": 2**70},
        )
        assert em.loads(em.dumps(issue, "json"), "json", em.Issue) == issue


class TestMigrations:
    def test_older_versions_are_migrated(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A payload of an older version goes through every migration to the current one."""
        steps: list[int] = []

        def rename_title(data: dict[str, Any]) -> dict[str, Any]:
            steps.append(data["schema_version"])
            data = dict(data)
            data["title"] = data.pop("name")
            return data

        # Pretend this release writes version 2, whose version 1 called the
        # title "name"; real migrations are registered the same way.
        monkeypatch.setattr(matrix_format, "SCHEMA_VERSION", 2)
        monkeypatch.setitem(matrix_format._MIGRATIONS, 1, rename_title)
        data = em.to_dict(small_matrix())
        data["schema_version"] = 1
        data["name"] = data.pop("title")
        assert em.from_dict(data) == small_matrix()
        assert steps == [1]

    def test_only_version_one_exists(self) -> None:
        """This release writes version 1 and knows no older version."""
        assert SCHEMA_VERSION == 1
        assert matrix_format._MIGRATIONS == {}


def test_overlay_loaded_as_a_matrix(tmp_path: Path) -> None:
    """Loading an overlay file as a matrix says what it is and what to call."""
    path = tmp_path / "acme.toml"
    path.write_text('overlay = "acme"\nschema_version = 1\n', "utf-8")
    with pytest.raises(ValidationError) as info:
        em.load(path)
    assert problems(info.value) == [
        "$.overlay: this is an overlay, not a matrix: read it with load(path, Overlay) "
        "and apply it to its base matrix with apply_overlay()"
    ]


class TestNoCascades:
    def test_bad_severity_key_is_the_only_problem(self) -> None:
        """A misspelt severity key does not make its references look unknown."""
        data = em.to_dict(default_matrix())
        data["policy"]["severities"][1]["key"] = "High"
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert problems(info.value) == [
            "$.policy.severities[1].key: must be a lowercase snake_case ASCII key "
            "of at most 64 characters, got 'High'"
        ]

    def test_non_string_key_with_rules(self) -> None:
        """A severity key of the wrong type is reported, not a TypeError."""
        data = em.to_dict(default_matrix())
        data["policy"]["severities"][1]["key"] = 2
        data["policy"]["rules"] = [
            {
                "name": "r",
                "entry_level": "L2",
                "when": {"field": "severity", "op": "==", "value": "sev9"},
            }
        ]
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert problems(info.value) == [
            "$.policy.severities[1].key: must be a string, got 2",
            "$.policy.rules[0].when.value: unknown severity 'sev9'; known severity "
            "keys: critical, medium, low",
        ]

    def test_bad_calendar_is_reported_once(self) -> None:
        """Levels counting business time do not say that the calendar is missing."""
        data = em.to_dict(default_matrix())
        data["policy"]["calendar"] = {"timezone": "Mars/Base", "hours": []}
        data["levels"][0]["business_time"] = True
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert [problem.path for problem in info.value.problems] == [
            "$.policy.calendar.timezone",
            "$.policy.calendar.hours",
        ]
        del data["policy"]["calendar"]
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert problems(info.value) == [
            "$.levels[0].business_time: counts business time, but the policy has "
            "no business calendar"
        ]


class TestNothingLostOrChanged:
    def test_keys_given_twice_in_json(self) -> None:
        """A key given twice in a JSON object is reported, not silently dropped."""
        text = em.dumps(default_matrix(), "json")
        text = text.replace(
            '"title": "Example', '"title": "First", "title": "Example', 1
        )
        text = text.replace('"delay": "4h"', '"delay": "1h", "delay": "4h"', 1)
        error = load_error(text, "json")
        assert problems(error) == [
            "$.title: given more than once in the same object; only one value may be given",
            "$.levels[0].delay: given more than once in the same object; only one value may be given",
        ]

    def test_keys_given_twice_in_an_issue(self) -> None:
        """Other payloads refuse repeated keys too."""
        with pytest.raises(ValidationError) as info:
            em.loads(
                '{"issue_type": "x", "issue_type": "y", "opened_at": "2026-01-01T00:00Z"}',
                "json",
                em.Issue,
            )
        assert problems(info.value) == [
            "$.issue_type: given more than once in the same object; only one value may be given"
        ]

    @pytest.mark.parametrize(
        ("fmt", "written"),
        [
            ("toml", ["1e-400", "-1e400", "1_0.5e-4_00", "1e4_00"]),
            ("json", ["1e-400", "-1e400", "0.0001e-399", "1E309"]),
            ("yaml", ["1.0e-400", "-1.0e+400", "1_0.5e-400"]),
        ],
    )
    def test_numbers_no_float_holds(self, fmt: Format, written: list[str]) -> None:
        """A nonzero number read as 0, or one past the largest, is refused as written.

        Python reads 1e-400 as 0.0 and 1e400 as infinity without a word.
        """
        for number in written:
            with pytest.raises(ValidationError) as info:
                em.loads(_comparing(fmt, number), fmt)
            small = "e-" in number.lower()
            what = "0 or at least about 2.5e-324" if small else "at most about 1.79e308"
            [problem] = problems(info.value)
            assert problem.startswith(f"$.policy.rules[0].when.value: must be {what}")
            assert problem.endswith(f", got {number}")

    @pytest.mark.parametrize(
        ("fmt", "written", "read"),
        [
            ("toml", "0.1", 0.1),
            ("toml", "0e-999", 0.0),
            ("toml", "5e-324", 5e-324),
            ("toml", "1.7976931348623157e308", 1.7976931348623157e308),
            ("json", "-0.0e-999", 0.0),
            ("json", "3e-324", 5e-324),
            ("yaml", "0.1", 0.1),
            ("yaml", "0.0e-999", 0.0),
        ],
    )
    def test_numbers_rounded_to_a_float_are_read(
        self, fmt: Format, written: str, read: float
    ) -> None:
        """Rounding to the nearest float is no loss: the number is read."""
        matrix = em.loads(_comparing(fmt, written), fmt)
        assert matrix.policy.rules[0].when.value == read  # type: ignore[attr-defined]

    @pytest.mark.parametrize("native", [True, False])
    @pytest.mark.parametrize(
        ("written", "path", "said"),
        [
            (
                "!!float 0x1",
                "$.attributes.a",
                "'0x1' cannot be read as its tag !!float",
            ),
            ("!!int 1.5", "$.attributes.a", "'1.5' cannot be read as its tag !!int"),
            ("!!int ''", "$.attributes.a", "'' cannot be read as its tag !!int"),
            (
                "!!bool maybe",
                "$.attributes.a",
                "'maybe' cannot be read as its tag !!bool",
            ),
            (
                "[1, !!int x]",
                "$.attributes.a[1]",
                "'x' cannot be read as its tag !!int",
            ),
            (
                "{!!float k: 1}",
                "$.attributes.a.k",
                "'k' cannot be read as its tag !!float",
            ),
        ],
    )
    def test_values_their_yaml_tag_does_not_fit(
        self,
        native: bool,  # noqa: FBT001
        written: str,
        path: str,
        said: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """``!!float 0x1`` is refused at its path, with its line, by either reader.

        PyYAML's own constructors raised ValueError (or IndexError, KeyError).
        """
        from escalation_matrix._serialization import yaml_text  # noqa: PLC0415

        monkeypatch.setattr(yaml_text, "_native_available", lambda: native)
        text = (
            "issue_type: outage\nopened_at: '2026-01-01T00:00:00Z'\n"
            f"attributes:\n  a: {written}\n"
        )
        with pytest.raises(ValidationError) as info:
            em.loads(text, "yaml", em.Issue)
        [problem] = problems(info.value)
        assert problem.startswith(f"{path}: not valid YAML at line 4, column ")
        assert problem.endswith(f": the value {said} says")

    @pytest.mark.parametrize("native", [True, False])
    def test_numbers_no_float_holds_in_yaml_by_either_reader(
        self,
        native: bool,  # noqa: FBT001
    ) -> None:
        """PyYAML's C and pure-Python readers mark them alike, keys too."""
        from escalation_matrix._serialization.limits import (  # noqa: PLC0415
            DEFAULT_LIMITS,
            UnfitTag,
            UnheldNumber,
        )
        from escalation_matrix._serialization.yaml_text import read_yaml  # noqa: PLC0415

        unheld: list[UnheldNumber | UnfitTag] = []
        text = "a: [1.0e+400, 0.1, 1.0e-400]\n2.0e+999: x\n"
        data = read_yaml(text, DEFAULT_LIMITS, native=native, unheld=unheld)
        assert data == {
            "a": [
                UnheldNumber("1.0e+400", too_large=True),
                0.1,
                UnheldNumber("1.0e-400", too_large=False),
            ],
            UnheldNumber("2.0e+999", too_large=True): "x",
        }
        assert unheld
        import yaml  # noqa: PLC0415 -- an optional dependency

        # Given twice as a key: said as written.
        with pytest.raises(yaml.YAMLError, match=r"found the key 2\.0e\+999 a second"):
            read_yaml("2.0e+999: x\n2.0e+999: y\n", DEFAULT_LIMITS, native=native)

    def test_numbers_no_float_holds_in_payloads(self) -> None:
        """An issue's attribute, and a line of a ticket export, are refused too."""
        text = (
            '{"issue_type": "x", "opened_at": "2026-01-01T00:00Z", '
            '"attributes": {"size": 1e-400, "cost": 2.5e999}}'
        )
        with pytest.raises(ValidationError) as info:
            em.loads(text, "json", em.Issue)
        assert problems(info.value) == [
            "$.attributes.size: must be 0 or at least about 2.5e-324 in size, the "
            "smallest number that can be read as other than 0, got 1e-400",
            "$.attributes.cost: must be at most about 1.79e308 in size, the largest "
            "number that can be read, got 2.5e999",
        ]
        _, found = io.json_with_unique_keys(text)
        assert [str(problem) for problem in found] == problems(info.value)

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_numbers_no_float_holds_reported_within_bounds(
        self, fmt: Format, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After 1,000 of them the rest is not read, and one last problem says so.

        YAML aliases repeat a number as often as they are expanded: 387
        bytes once gave some 600,000 problems. The walk stops there too.
        """
        from escalation_matrix._serialization.limits import UnheldNumber  # noqa: PLC0415

        said: list[UnheldNumber] = []
        problem = UnheldNumber.problem

        def counted(self: UnheldNumber) -> Phrase:
            said.append(self)
            return problem(self)

        monkeypatch.setattr(UnheldNumber, "problem", counted)
        if fmt == "yaml":
            lines = ["  a: &a [" + ",".join(["1.0e+400"] * 9) + "]"]
            previous = "a"
            for level in range(5):
                repeats = ",".join([f"*{previous}"] * 9)
                lines.append(f"  b{level}: &b{level} [{repeats}]")
                previous = f"b{level}"
            attributes = "\n".join(lines)
            text = f"issue_type: outage\nopened_at: '2026-01-01T00:00:00Z'\nattributes:\n{attributes}\n"
            stop = "$.attributes.b2[0][2][2][1]"
        elif fmt == "json":
            numbers = ", ".join(["1e400"] * 1500)
            text = (
                '{"issue_type": "x", "opened_at": "2026-01-01T00:00Z", '
                f'"attributes": {{"a": [{numbers}]}}}}'
            )
            stop = "$.attributes.a[1000]"
        else:
            numbers = ", ".join(["1e400"] * 1500)
            text = f'issue_type = "x"\nopened_at = "2026-01-01T00:00Z"\n[attributes]\na = [{numbers}]\n'
            stop = "$.attributes.a[1000]"
        with pytest.raises(ValidationError) as info:
            em.loads(text, fmt, em.Issue)
        found = problems(info.value)
        assert len(found) == 1001
        assert found[999].endswith("got 1e400" if fmt != "yaml" else "got 1.0e+400")
        assert found[-1] == (
            f"{stop}: not read, nor what follows it: 1000 problems were found before it"
        )
        assert len(said) == 1001

    def test_spaced_keys_still_read_fast_or_slow_alike(self) -> None:
        """Hand-written JSON with spaces before colons reads the same."""
        text = em.dumps(default_matrix(), "json").replace('": ', '" : ')
        assert em.loads(text, "json") == default_matrix()

    def test_keys_given_twice_in_yaml(self) -> None:
        """YAML mappings may not give a key twice either."""
        text = em.dumps(default_matrix(), "yaml").replace(
            "title: Example", "title: First\ntitle: Example", 1
        )
        error = load_error(text, "yaml")
        assert (
            "found the key 'title' a second time in the same mapping"
            in problems(error)[0]
        )
        assert "line 4" in problems(error)[0]

    def test_lone_surrogates_in_yaml(self) -> None:
        """Text no file can hold is refused when read, not when written later."""
        text = em.dumps(small_matrix(), "yaml").replace(
            "title: Small matrix", 'title: "Small \\ud800 matrix"'
        )
        error = load_error(text, "yaml")
        assert problems(error) == [
            "$.title: must be Unicode text without lone surrogates, got U+D800 at position 6"
        ]

    def test_lone_surrogates_in_code(self) -> None:
        """Building or editing with such a text is refused as well."""
        with pytest.raises(ValidationError, match="lone surrogates"):
            em.Role("r", "R\udfff")
        with pytest.raises(ValidationError, match="lone surrogates"):
            MatrixBuilder.from_matrix(default_matrix()).set_text(
                "matrix:title", "x\ud800"
            ).build()

    def test_lone_surrogates_in_issue_texts(self) -> None:
        """Issue attributes and notes are text too."""
        with pytest.raises(
            ValidationError, match=r"\$\.attributes\.a: must be Unicode"
        ):
            em.Issue("x", datetime(2026, 1, 1, tzinfo=UTC), attributes={"a": "\ud800"})

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
    def test_non_finite_numbers(self, value: float) -> None:
        """NaN and the infinities have no place in JSON, so none in an issue."""
        with pytest.raises(ValidationError, match="must be a finite number"):
            em.Issue("x", datetime(2026, 1, 1, tzinfo=UTC), attributes={"a": value})

    def test_toml_integers_have_64_bits(self) -> None:
        """TOML cannot hold an integer beyond 64 bits; JSON and YAML can."""
        issue = em.Issue("x", datetime(2026, 1, 1, tzinfo=UTC), attributes={"n": 2**64})
        with pytest.raises(UnserializableError, match="TOML integers have 64 bits"):
            em.dumps(issue, "toml")
        assert em.loads(em.dumps(issue, "yaml"), "yaml", em.Issue) == issue

    def test_toml_writes_subclasses_as_plain_values(self) -> None:
        """An IntEnum rank, a float or str subclass are written as JSON writes them.

        tomli_w writes numbers with str(): ``rank = Rank.FIRST``, not TOML.
        """

        class Rank(int, enum.Enum):
            FIRST = 1

        class Shown(float):
            __slots__ = ()

            def __repr__(self) -> str:
                return "not a number"

            __str__ = __repr__

        class Team(enum.StrEnum):
            NETWORK = "net work"

        level = em.Level("L1", Rank.FIRST, "agent", "First line")
        text = em.dumps(level, "toml")
        assert "rank = 1\n" in text
        assert em.loads(text, "toml", em.Level) == level
        opened = datetime(2026, 1, 1, tzinfo=UTC)
        attributes: dict[str, str | int | float] = {
            "load": Shown(0.5),
            "step": Rank.FIRST,
            Team.NETWORK: Team.NETWORK,
        }
        issue = em.Issue("x", opened, attributes=attributes)
        text = em.dumps(issue, "toml")
        assert em.loads(text, "toml", em.Issue) == issue
        assert tomllib.loads(text) == json.loads(em.dumps(issue, "json"))
        assert type(issue.attributes["load"]) is Shown  # the issue is kept as it is

    def test_toml_integer_subclasses_have_64_bits(self) -> None:
        """An int subclass beyond 64 bits is refused as a plain int is."""

        class Big(int):
            __slots__ = ()

        opened = datetime(2026, 1, 1, tzinfo=UTC)
        issue = em.Issue("x", opened, attributes={"n": Big(2**64)})
        with pytest.raises(
            UnserializableError,
            match="TOML integers have 64 bits, got 18446744073709551616",
        ):
            em.dumps(issue, "toml")

    def test_toml_times_finer_than_microseconds(self) -> None:
        """TOML times past microseconds are refused where they stand, as strings are.

        tomllib cuts them without a word; a fraction as long in a string or
        a comment is no time, and a fraction of 6 digits is read.
        """
        fine = "2026-11-27T09:00:00.123456789+01:00"
        text = (
            'issue_type = "outage"  # 10:00:00.1234567\n'
            f"opened_at = {fine}\n"
            "acknowledged_at = 2026-11-27T09:30:00.123456Z\n"
            "resolved_at = 2026-11-27 10:00:00.1234567Z\n"
            "[attributes]\n"
            'note = "11:00:00.1234567"\n'
            "n = 1.12345678\n"
        )
        with pytest.raises(ValidationError) as info:
            em.loads(text, "toml", em.Issue)
        message = "must give a second's fraction to at most 6 digits (microseconds)"
        assert problems(info.value) == [
            f"$.opened_at: {message}, got '{fine}'",
            f"$.resolved_at: {message}, got '2026-11-27 10:00:00.1234567Z'",
        ]
        text = text.replace(fine, "2026-11-27T09:00:00.5+01:00").replace(
            ":00.1234567Z", ":00Z"
        )
        issue = em.loads(text, "toml", em.Issue)
        assert issue.attributes == {"note": "11:00:00.1234567", "n": 1.12345678}
        assert issue.acknowledged_at is not None
        assert issue.acknowledged_at.microsecond == 123456
        # Keys the scan cannot tell apart from times: refused, not let through.
        keys = '"00:00:00.0000010" = 1\n"00:00:00.0000000" = 2\n'
        text = text.replace("  # 10:00:00.1234567", "").replace("11:00:00.1", "1")
        with pytest.raises(ValidationError) as info:
            em.loads(text + keys, "toml", em.Issue)
        assert problems(info.value) == [f"$: {message}, got '00:00:00.0000010'"]

    def test_toml_working_hours_finer_than_microseconds(self) -> None:
        """A TOML time of day past microseconds is refused at its path too."""
        data = em.to_dict(default_matrix())
        hours = {"days": ["mon"], "start": "09:00", "end": "17:00"}
        data["policy"]["calendar"] = {"timezone": "Europe/Rome", "hours": [hours]}
        text = em.dumps(em.from_dict(data), "toml")
        assert 'start = "09:00"' in text
        text = text.replace('start = "09:00"', "start = 09:00:00.123456789")
        error = load_error(text, "toml")
        assert problems(error) == [
            "$.policy.calendar.hours[0].start: must give a second's fraction to "
            "at most 6 digits (microseconds), got '09:00:00.123456789'"
        ]

    @pytest.mark.parametrize("key", ["? a: 1\n", "? [a, b]\n"])
    def test_yaml_mapping_or_list_as_a_key(self, key: str) -> None:
        """YAML allows a mapping or a list as a key; the format does not."""
        error = load_error(key + ": 2\n", "yaml")
        assert "found unhashable key" in problems(error)[0]

    def test_yaml_dates_as_keys_given_twice(self) -> None:
        """Keys YAML reads as dates are still checked for repeats."""
        error = load_error("? 2026-01-01\n: 1\n? 2026-01-01\n: 2\n", "yaml")
        assert "a second time" in problems(error)[0]

    @pytest.mark.parametrize(
        ("delay", "expected"),
        [
            ("1000000000d", "must be at most '3650d' (ten years), got '1000000000d'"),
            ("3651d", "must be at most '3650d' (ten years), got '3651d'"),
        ],
    )
    def test_delays_beyond_ten_years(self, delay: str, expected: str) -> None:
        """A delay too long to add to a date is refused where it stands."""
        data = em.to_dict(default_matrix())
        data["levels"][0]["delay"] = delay
        with pytest.raises(ValidationError) as info:
            em.from_dict(data)
        assert len(info.value.problems) == 1
        assert str(info.value.problems[0]).startswith("$.levels[0].delay: " + expected)

    def test_ten_years_is_the_longest_delay(self) -> None:
        """Ten years to the day is still a delay."""
        data = em.to_dict(default_matrix())
        data["levels"][0]["delay"] = "3650d"
        assert em.from_dict(data).levels[0].delay == LONGEST_DELAY


class TestTargetClasses:
    @pytest.mark.parametrize("cls", [int, list, "Matrix", dict[str, str]])
    def test_not_a_library_type(self, cls: Any, tmp_path: Path) -> None:
        """Asking for something other than a library type is a WrongTypeError."""
        path = tmp_path / "m.json"
        path.write_text("{}", "utf-8")
        calls: list[Callable[[], object]] = [
            lambda: em.from_dict({}, cls),
            lambda: em.loads("{}", "json", cls),
            lambda: em.loads("", "toml", cls),
            lambda: em.loads("{}", "yaml", cls),
            lambda: em.load(path, cls),
        ]
        for call in calls:
            with pytest.raises(WrongTypeError) as info:
                call()
            assert info.value.argument == "cls"
            assert "or a subclass of one" in str(info.value)

    def test_register_hooks_needs_a_converter(self) -> None:
        """Anything but a cattrs converter is refused before any change."""
        with pytest.raises(
            WrongTypeError, match="converter must be a cattrs converter"
        ):
            em.register_hooks(5)  # type: ignore[type-var]


def test_overlay_of_a_future_version(tmp_path: Path) -> None:
    """A file from a newer release names its version and the file."""
    path = tmp_path / "acme.toml"
    path.write_text('schema_version = 7\noverlay = "acme"\n', "utf-8")
    with pytest.raises(UnsupportedSchemaVersionError) as info:
        em.load(path, Overlay)
    assert info.value.version == 7
    assert info.value.source == str(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
@pytest.mark.parametrize("text", ["\u200b", "\u2028", " \u2060\u3000", "\ufeff"])
def test_invisible_texts_are_refused(fmt: Format, text: str) -> None:
    """A text that shows nothing is no text, however it was written."""
    data = em.to_dict(default_matrix())
    data["issue_types"][2]["responsibilities"]["L3"] = text
    data["issue_types"][5]["name"] = text
    with pytest.raises(ValidationError) as info:
        em.loads(json.dumps(data) if fmt == "json" else _as(fmt, data), fmt)
    assert [p.path for p in info.value.problems] == [
        "$.issue_types[2].responsibilities.L3",
        "$.issue_types[5].name",
    ]
    assert all("something visible" in p.message for p in info.value.problems)


def _comparing(fmt: Format, number: str) -> str:
    """The built-in matrix in *fmt* with a rule comparing an attribute with *number*.

    The number is written as given, where a placeholder string was.
    """
    data = em.to_dict(default_matrix())
    when = {"field": "attributes.x", "op": ">", "value": "NUMBER"}
    data["policy"]["rules"] = [{"name": "r", "entry_level": "L2", "when": when}]
    text = json.dumps(data) if fmt == "json" else _as(fmt, data)
    placeholder = "NUMBER" if fmt == "yaml" else '"NUMBER"'
    assert text.count(placeholder) == 1
    return text.replace(placeholder, number)


def _as(fmt: Format, data: dict[str, Any]) -> str:
    if fmt == "toml":
        import tomli_w  # noqa: PLC0415

        return tomli_w.dumps(data)
    import yaml  # noqa: PLC0415

    return str(yaml.safe_dump(data, allow_unicode=False))


@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=5))
def test_every_reader_agrees_on_visible_texts(text: str) -> None:
    """Files and code accept exactly the texts with something visible in them.

    Control characters are refused whatever else a text holds
    (tests/test_safe_output.py).
    """
    data = em.to_dict(small_matrix())
    data["issue_types"][0]["responsibilities"]["L1"] = text
    data["issue_types"][0]["name"] = text
    loaders: list[Callable[[], object]] = [
        lambda: em.loads(json.dumps(data), "json"),
        lambda: em.from_dict(data),
        lambda: em.IssueType("x", text, {"L1": text}),
    ]
    for load in loaders:
        if visible(text):
            load()
        else:
            with pytest.raises(ValidationError, match="something visible"):
                load()
