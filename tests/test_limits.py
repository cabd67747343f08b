"""Bounded reads: file size, nesting, integer digits, YAML aliases; files that are not files.

Also the moments and arguments that once escaped as raw exceptions: times
beyond the calendar's ends, wall-clock times a daylight-saving change
skips, and wrong-typed ``catalogs`` and ``locale`` arguments.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from time import process_time
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

import escalation_matrix as em
from escalation_matrix._cli.main import main
from escalation_matrix.exceptions import (
    ArgumentError,
    LimitExceededError,
    NotARegularFileError,
    UnserializableError,
    ValidationError,
    WrongTypeError,
)
from escalation_matrix.rules import Compare, Condition, Not, Rule
from escalation_matrix.schema import DEFAULT_LIMITS, Limits
from escalation_matrix.typing import Format

FORMATS: tuple[Format, ...] = ("json", "yaml", "toml")


def _limit(error: pytest.ExceptionInfo[LimitExceededError]) -> tuple[str, int, str]:
    (problem,) = error.value.problems
    return error.value.limit, error.value.maximum, problem.path


class TestDefaults:
    def test_documented_values(self) -> None:
        """The defaults the file-format reference gives."""
        assert (
            Limits(
                max_file_size=16 * 2**20,
                max_depth=64,
                max_int_digits=100,
                max_yaml_nodes=1_000_000,
            )
            == DEFAULT_LIMITS
        )

    @pytest.mark.parametrize("value", [1.5, True, "64"])
    def test_limits_are_whole_numbers(self, value: Any) -> None:
        """A limit of another type is a type error."""
        with pytest.raises(WrongTypeError, match="max_depth must be a whole number"):
            Limits(max_depth=value)

    @pytest.mark.parametrize("value", [0, -1])
    @pytest.mark.parametrize("name", ["max_depth", "max_file_size", "max_int_digits"])
    def test_limits_are_positive(self, name: str, value: int) -> None:
        """A whole number below 1 is a bad value, as one above Python's own."""
        with pytest.raises(
            ArgumentError, match=f"{name} must be 1 or more, got {value}"
        ):
            Limits(**{name: value})

    def test_limits_argument_type(self) -> None:
        """Limits argument type."""
        with pytest.raises(WrongTypeError, match="limits must be a Limits or None"):
            em.loads("{}", "json", limits=64)  # type: ignore[call-overload]


class TestDepth:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_deep_documents(self, fmt: Format) -> None:
        """Far deeper than the parsers' recursion: the library's error."""
        text = (
            "a = " + "[" * 5000 + "]" * 5000
            if fmt == "toml"
            else "[" * 5000 + "]" * 5000
        )
        with pytest.raises(LimitExceededError, match="max_depth in Limits") as error:
            em.loads(text, fmt)
        assert _limit(error)[:2] == ("max_depth", 64)

    def test_path_of_the_first_too_deep_value(self) -> None:
        """Path of the first too deep value."""
        data = {"key": "k", "levels": [json.loads("[" * 70 + "]" * 70)]}
        with pytest.raises(LimitExceededError) as error:
            em.loads(json.dumps(data), "json")
        assert _limit(error) == ("max_depth", 64, "$.levels[0]" + "[0]" * 62)

    def test_raising_the_limit(self) -> None:
        """Past the default, within a given limit: read, and refused as a matrix."""
        text = json.dumps({"title": json.loads("[" * 70 + "]" * 70)})
        with pytest.raises(ValidationError) as error:
            em.loads(text, "json", limits=Limits(max_depth=100))
        assert not isinstance(error.value, LimitExceededError)

    def test_cyclic_data_from_code(self) -> None:
        """Cyclic data from code."""
        cycle: list[object] = []
        cycle.append(cycle)
        with pytest.raises(LimitExceededError, match="nested too deeply"):
            em.from_dict({"levels": cycle})

    def test_deep_condition(self) -> None:
        """Deep condition."""
        condition = json.loads(
            '{"not":' * 300 + '{"field": "id", "op": "exists"}' + "}" * 300
        )
        with pytest.raises(LimitExceededError, match="max_depth"):
            em.from_dict({"name": "r", "when": condition}, Rule)


class TestDottedTomlKeys:
    def test_a_key_of_thousands_of_parts_is_refused_before_parsing(self) -> None:
        """Tomllib's work grows with a dotted key's square: refused up front."""
        text = ".".join(["a"] * 20_000) + " = 1\n"
        with pytest.raises(LimitExceededError) as error:
            em.loads(text, "toml")
        assert _limit(error) == ("max_depth", 64, "$")

    def test_dots_elsewhere_are_read(self) -> None:
        """Sentences, quoted keys and short dotted keys are no nesting."""
        matrix = attrs.evolve(
            em.default_matrix(), description=". ".join(["It is so"] * 100) + "."
        )
        sentences = em.dumps(matrix, "toml")
        assert em.loads(sentences, "toml").description.count(".") == 100
        dotted = ".".join(["a"] * 100)
        data = {**em.to_dict(matrix), "title": f"1. 2. {dotted}"}
        read = em.loads(json.dumps(data), "json")
        assert em.loads(em.dumps(read, "toml"), "toml").title == f"1. 2. {dotted}"
        quoted = em.dumps(read, "toml").replace(
            'title = "', f'"{dotted}" = 1\ntitle = "', 1
        )
        with pytest.raises(ValidationError) as error:
            em.loads(quoted, "toml")
        assert not isinstance(error.value, LimitExceededError)
        (problem,) = error.value.problems
        assert problem.path.startswith("$['a.a.a.")
        assert problem.message.startswith("unknown field")

    def test_in_an_inline_table(self) -> None:
        """A key within an inline table is a key too."""
        text = "x = {" + ".".join(["a"] * 20_000) + " = 1}\n"
        with pytest.raises(LimitExceededError):
            em.loads(text, "toml")

    def test_within_a_raised_limit(self) -> None:
        """A user who raised max_depth reads deeper dotted keys."""
        text = ".".join(["a"] * 80) + " = 1\n"
        with pytest.raises(ValidationError) as error:
            em.loads(text, "toml", limits=Limits(max_depth=100))
        assert not isinstance(error.value, LimitExceededError)


class TestRaisedLimits:
    def test_more_digits_than_python_reads(self) -> None:
        """A digit limit past Python's own is refused when the limits are made."""
        with pytest.raises(ArgumentError, match="max_int_digits must be at most 4300"):
            Limits(max_int_digits=10_000)
        assert Limits(max_int_digits=4300).max_int_digits == 4300

    def test_yaml_deeper_than_its_reader_goes(self) -> None:
        """Within a raised depth limit, the pure-Python reader's own depth."""
        text = "a: " + "[" * 2000 + "]" * 2000
        with pytest.raises(LimitExceededError, match="nested too deeply"):
            em.loads(text, "yaml", em.Issue, limits=Limits(max_depth=5000))


class TestWithinAValidMatrix:
    """A matrix otherwise valid is held to the limits, however it is read."""

    @staticmethod
    def with_rule(condition: dict[str, Any]) -> dict[str, Any]:
        """The built-in matrix as data, with one rule of *condition*."""
        data: dict[str, Any] = em.to_dict(em.default_matrix())
        data["policy"]["rules"] = [
            {"name": "r", "when": condition, "entry_level": "L2"}
        ]
        return data

    @pytest.mark.parametrize("fmt", ["json", "toml"])
    def test_long_integer_in_a_rule(self, fmt: Format) -> None:
        """A rule's value past max_int_digits is refused, naming the limit."""
        data = self.with_rule({"field": "attributes.n", "op": "==", "value": 1})
        text = em.dumps(em.from_dict(data), fmt).replace(
            "value = 1", "value = " + "9" * 150
        )
        text = text.replace('"value": 1', '"value": ' + "9" * 150)
        with pytest.raises(LimitExceededError, match="max_int_digits"):
            em.loads(text, fmt)

    def test_deep_condition_in_a_matrix(self) -> None:
        """A condition nested past max_depth in a matrix file names the limit."""
        condition: dict[str, Any] = {"field": "id", "op": "exists"}
        for _ in range(70):
            condition = {"not": condition}
        text = json.dumps(self.with_rule(condition))
        with pytest.raises(LimitExceededError, match="max_depth"):
            em.loads(text, "json")
        matrix = em.loads(text, "json", limits=em.schema.Limits(max_depth=100))
        assert len(matrix.policy.rules) == 1

    @staticmethod
    def nots(depth: int) -> dict[str, Any]:
        """A condition of *depth* nots around a comparison."""
        condition: dict[str, Any] = {"field": "severity", "op": "exists"}
        for _ in range(depth):
            condition = {"not": condition}
        return condition

    def test_condition_deeper_than_the_hooks_go(self) -> None:
        """Within a raised limit, deeper than reading recurses: the limit's words."""
        data = self.with_rule(self.nots(400))
        limits = Limits(max_depth=1000)
        text = json.dumps(data)
        with pytest.raises(LimitExceededError) as error:
            em.loads(text, "json", limits=limits)
        assert _limit(error) == ("max_depth", 1000, "$")
        assert "nested too deeply" in str(error.value)
        assert "recursion" not in str(error.value)
        with pytest.raises(LimitExceededError, match="nested too deeply"):
            em.from_dict(data, limits=limits)

    def test_condition_deeper_than_a_writer_goes(self) -> None:
        """A writer that cannot go as deep says where, and which format can."""
        condition: Condition = Compare("severity", "exists")
        for _ in range(250):
            condition = Not(condition)
        rule = Rule("deep", condition, entry_level="L2")
        builder = em.MatrixBuilder.from_matrix(em.default_matrix())
        matrix = builder.update_policy(rules=[rule]).build()
        with pytest.raises(UnserializableError) as error:
            em.dumps(matrix, "toml")
        said = str(error.value)
        assert "its data nests 255 levels deep at $.policy.rules[0].when.not." in said
        assert said.endswith("deeper than the TOML writer goes; use JSON")
        assert json.loads(em.dumps(matrix, "json")) == em.to_dict(matrix)


class TestIntegers:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("digits", [101, 5000, 100_000])
    def test_long_integers(self, fmt: Format, digits: int) -> None:
        """Long integers."""
        text = (
            f"schema_version = {'9' * digits}"
            if fmt == "toml"
            else (f'{{"schema_version": {"9" * digits}}}')
        )
        started = process_time()
        with pytest.raises(LimitExceededError, match="max_int_digits") as error:
            em.loads(text, fmt)
        assert process_time() - started < 1
        limit, maximum, path = _limit(error)
        assert (limit, maximum) == ("max_int_digits", 100)
        assert path in {"$", "$.schema_version"}

    def test_path_in_json(self) -> None:
        """Path in json."""
        text = '{"levels": [{"rank": ' + "1" * 200 + "}]}"
        with pytest.raises(LimitExceededError) as error:
            em.loads(text, "json")
        assert _limit(error)[2] == "$.levels[0].rank"
        assert "an integer of 200 digits" in str(error.value)

    def test_from_dict(self) -> None:
        """From dict."""
        with pytest.raises(LimitExceededError, match="too large an integer"):
            em.from_dict({"rank": 10**100}, em.Level)
        with pytest.raises(ValidationError) as error:
            em.from_dict({"rank": -(10**99)}, em.Level)
        assert not isinstance(error.value, LimitExceededError)


class TestYamlAliases:
    BOMB = "".join(
        f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
        for before, name in zip("abcdefgh", "bcdefghi", strict=True)
    )

    def test_alias_bomb(self) -> None:
        """Alias bomb."""
        started = process_time()
        with pytest.raises(LimitExceededError, match="max_yaml_nodes") as error:
            em.loads('a: &a ["x"]\n' + self.BOMB, "yaml")
        assert process_time() - started < 5
        assert "(line " in error.value.problems[0].message

    def test_a_few_aliases_are_read(self) -> None:
        """A few aliases are read."""
        text = "key: k\ntitle: &t Title\ndescription: *t\n"
        with pytest.raises(ValidationError) as error:
            em.loads(text, "yaml")
        assert not isinstance(error.value, LimitExceededError)

    def test_recursive_alias(self) -> None:
        """Recursive alias."""
        with pytest.raises(ValidationError, match="repeats a value that holds it"):
            em.loads("a: &a [1, *a]\n", "yaml")


class TestFiles:
    def test_file_size(self, tmp_path: Path) -> None:
        """File size."""
        path = tmp_path / "big.json"
        path.write_text(json.dumps({"title": "x" * 200}), "utf-8")
        with pytest.raises(LimitExceededError, match="max_file_size") as error:
            em.load(path, limits=Limits(max_file_size=100))
        assert error.value.source == str(path)

    def test_text_size(self) -> None:
        """Text size."""
        with pytest.raises(LimitExceededError, match="a text of 11 characters"):
            em.loads(" " * 11, "json", limits=Limits(max_file_size=10))

    def test_device(self) -> None:
        """Device."""
        with pytest.raises(NotARegularFileError, match="character device") as error:
            em.load("/dev/zero", format="json")
        assert str(error.value).startswith("Cannot read '/dev/zero'")

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
    def test_fifo_does_not_block(self, tmp_path: Path) -> None:
        """Fifo does not block."""
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        with pytest.raises(NotARegularFileError, match="FIFO"):
            em.load(fifo)

    def test_directory(self, tmp_path: Path) -> None:
        """Directory."""
        with pytest.raises(NotARegularFileError, match="directory"):
            em.load(tmp_path, format="json")

    def test_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Command line."""
        deep = tmp_path / "deep.json"
        deep.write_text("[" * 5000 + "]" * 5000, "utf-8")
        zero = tmp_path / "zero.json"
        zero.symlink_to("/dev/zero")
        assert main(["validate", str(deep)]) == 1
        assert main(["validate", str(zero)]) == 3  # a file error
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out
        assert "max_depth" in captured.out + captured.err
        assert "it is a character device, not a regular file" in captured.err


class TestMoments:
    @pytest.mark.parametrize(
        "moment", ["0001-01-01T00:00+14:00", "9999-12-31T23:59:00-14:00"]
    )
    def test_beyond_the_calendar(self, moment: str) -> None:
        """Beyond the calendar."""
        data = {"issue_type": "outage", "opened_at": moment}
        with pytest.raises(ValidationError, match="within years 1 to 9999 in UTC"):
            em.from_dict(data, em.Issue)
        with pytest.raises(ValidationError, match="within years 1 to 9999 in UTC"):
            em.Issue("outage", datetime.fromisoformat(moment))

    @pytest.mark.parametrize("fold", [0, 1])
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_skipped_wall_time_round_trips(self, fold: int, fmt: Format) -> None:
        """02:30 on the night Rome skips from 02:00 to 03:00 reads back as written."""
        moment = datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Europe/Rome"), fold=fold)
        issue = em.Issue("outage", moment)
        again = em.loads(em.dumps(issue, fmt), fmt, em.Issue)
        assert again == issue
        assert again.opened_at.utcoffset() == moment.utcoffset()
        assert again.opened_at.astimezone(UTC) == moment.astimezone(UTC)

    def test_wrong_offset_still_refused(self) -> None:
        """Wrong offset still refused."""
        data = {
            "issue_type": "o",
            "opened_at": "2026-03-29T04:30:00+01:00[Europe/Rome]",
        }
        with pytest.raises(ValidationError, match="is not Europe/Rome's"):
            em.from_dict(data, em.Issue)


class TestArguments:
    @pytest.mark.parametrize(
        "catalogs", [[None], [1], [b"catalogs"], "catalogs", b"catalogs", 5]
    )
    def test_catalogs(self, catalogs: Any) -> None:
        """Catalogs."""
        matrix = em.default_matrix()
        with pytest.raises(WrongTypeError, match="catalogs"):
            em.translate(matrix, "it", catalogs=catalogs)
        with pytest.raises(WrongTypeError, match="catalogs"):
            em.render(matrix, locale="it", catalogs=catalogs)

    @pytest.mark.parametrize("locale", [5, b"it", {"it"}])
    def test_locale(self, locale: Any) -> None:
        """Locale."""
        matrix = em.default_matrix()
        with pytest.raises(WrongTypeError, match="locale must be"):
            em.translate(matrix, locale)
        with pytest.raises(WrongTypeError, match="locale must be"):
            em.render(matrix, locale=locale)

    @pytest.mark.parametrize("width", ["80", 3.5, True])
    def test_width(self, width: Any) -> None:
        """Width."""
        with pytest.raises(WrongTypeError, match="width"):
            em.render(em.default_matrix(), width=width)
