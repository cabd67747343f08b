"""Loading and dumping a big matrix as JSON, against pydantic v2.

Goals, measured in the same run on the same JSON text (a matrix with 1,000
issue types and 8 levels): loading with ``escalation_matrix.loads(text,
"json")`` at most 2x pydantic's ``model_validate_json`` on an equivalent
model, and dumping a matrix built in code with
``escalation_matrix.dumps(matrix, "json")`` at most pydantic's
``model_dump_json(indent=2, exclude_defaults=True)``, which writes the
same shape of text as the canonical form ``dumps`` writes (two-space
indentation, defaults left out; the two texts differ in size by less than
0.1%). orjson writes the JSON when it is installed, as the ``bench`` extra
does. Pydantic's one-line dump (no ``indent``) is reported too, with no
goal. The library reads and writes with the hooks cattrs generates for its
types; it has no other path.

The two sides are built fairly. The pydantic model is strict (a string only
for a string, an integer only for an integer that is not a bool), forbids
unknown fields, and checks on every key and text what the library checks:
keys of the library's shape (responsibilities' keys included) and at most
64 characters; one-line texts (names, titles) without control characters
and not blank; multi-line texts (responsibilities, descriptions) without
control characters but line feeds, responsibilities not blank; the
language tag; delays, ranks and the closed vocabularies; and across the
matrix unique keys, ranks in order, known roles, known entry levels and a
text for exactly every level in each issue type. Dumping is timed on
matrices built in code, one per round, so that nothing of an earlier round
helps; pydantic dumps models it validated, one per round.

YAML, on the same matrix written as YAML: ``loads(text, "yaml")`` at most
1.3x ``yaml.load(text, yaml.CSafeLoader)``, which only parses (the library
also refuses keys given twice, applies its limits and builds the matrix);
``dumps(matrix, "yaml")`` is reported against ``yaml.dump`` with
``CSafeDumper`` on the same plain data. Loading is also timed call by call
from a collected heap (``gc.collect()`` before each call, outside the
time), on both sides: run back to back, the collections one side's
objects set off may fall in the other side's calls, and a caller loading
one matrix pays for the collections its own load sets off.
Install with ``pip install -e '.[bench]'`` (orjson and PyYAML are part of it).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Literal, Self

import pyperf
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

import escalation_matrix as em
from _figures import Figure, report

KEY_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
LEVEL_KEY_PATTERN = r"^(L[1-9][0-9]*|[a-z][a-z0-9]*(_[a-z0-9]+)*)$"
DURATION = r"^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$"
# C0 and C1 controls and DEL; the multi-line texts allow the line feed.
CONTROLS = r"\x00-\x1f\x7f-\x9f"
CONTROLS_BUT_LF = r"\x00-\x09\x0b-\x1f\x7f-\x9f"
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]
LevelKey = Annotated[str, StringConstraints(pattern=LEVEL_KEY_PATTERN, max_length=64)]
Line = Annotated[str, StringConstraints(pattern=rf"^[^{CONTROLS}]*\S[^{CONTROLS}]*$")]
Text = Annotated[
    str, StringConstraints(pattern=rf"^[^{CONTROLS_BUT_LF}]*\S[^{CONTROLS_BUT_LF}]*$")
]
OptionalText = Annotated[str, StringConstraints(pattern=rf"^[^{CONTROLS_BUT_LF}]*$")]
Language = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*$")
]
ISSUE_TYPES, LEVELS = 1000, 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PContact(_Strict):
    """A contact (the benchmark matrix has none; the field is checked)."""

    name: Line
    email: Line | None = None
    phone: Line | None = None
    chat: Line | None = None


class PRole(_Strict):
    """A role."""

    key: Key
    title: Line
    description: OptionalText = ""
    contacts: tuple[PContact, ...] = ()


class PLevel(_Strict):
    """A level."""

    key: LevelKey
    rank: int = Field(ge=1)
    role: Key
    name: Line
    description: OptionalText = ""
    delay: str | None = Field(default=None, pattern=DURATION, min_length=2)
    business_time: bool = False
    escalate_while: Literal["unacknowledged", "unresolved"] = "unresolved"
    assignment: Literal["all", "round_robin"] = "all"


class PIssueType(_Strict):
    """An issue type."""

    key: Key
    name: Line
    description: OptionalText = ""
    entry_level: LevelKey | None = None
    responsibilities: dict[LevelKey, Text]


class PPolicy(_Strict):
    """The policy (the benchmark matrix uses the defaults)."""

    delay_mode: Literal["per_level", "since_opened"] = "per_level"
    at_end: Literal["hold", "resolve"] = "hold"


class PMatrix(_Strict):
    """A matrix, with the same cross-checks as the library's."""

    schema_version: int = Field(ge=1, le=1)
    key: Key
    title: Line
    description: OptionalText = ""
    language: Language = "en"
    policy: PPolicy = PPolicy()
    roles: tuple[PRole, ...]
    levels: tuple[PLevel, ...] = Field(min_length=1)
    issue_types: tuple[PIssueType, ...] = ()

    @model_validator(mode="after")
    def _cross_checks(self) -> Self:
        level_keys = [level.key for level in self.levels]
        known = set(level_keys)
        role_keys = {role.key for role in self.roles}
        if len(known) != len(level_keys) or len(role_keys) != len(self.roles):
            raise ValueError("duplicate key")
        for index, level in enumerate(self.levels):
            if level.rank != index + 1 or level.role not in role_keys:
                raise ValueError("bad level")
        seen: set[str] = set()
        for issue_type in self.issue_types:
            if issue_type.key in seen or issue_type.responsibilities.keys() != known:
                raise ValueError("bad issue type")
            if (
                issue_type.entry_level is not None
                and issue_type.entry_level not in known
            ):
                raise ValueError("bad entry level")
            seen.add(issue_type.key)
        return self


def big_matrix() -> em.Matrix:
    """A matrix with 1,000 issue types and 8 levels."""
    levels = [
        em.Level(f"L{n}", n, f"role_{n}", f"Level {n}", delay=timedelta(hours=n))
        for n in range(1, LEVELS + 1)
    ]
    roles = [em.Role(f"role_{n}", f"Role {n}") for n in range(1, LEVELS + 1)]
    issue_types = [
        em.IssueType(
            f"issue_type_{n}",
            f"Issue type {n}",
            {
                f"L{level}": f"What level {level} does about issue type {n}, said once."
                for level in range(1, LEVELS + 1)
            },
        )
        for n in range(ISSUE_TYPES)
    ]
    return em.Matrix(
        "big", "A big matrix", levels=levels, roles=roles, issue_types=issue_types
    )


TEXT = em.dumps(big_matrix(), "json")
YAML_TEXT = em.dumps(big_matrix(), "yaml")


def time_ours_load(loops: int) -> float:
    """Time loads on the text."""
    start = time.perf_counter()
    for _ in range(loops):
        em.loads(TEXT, "json")
    return time.perf_counter() - start


def time_pydantic_load(loops: int) -> float:
    """Time model_validate_json on the text."""
    start = time.perf_counter()
    for _ in range(loops):
        PMatrix.model_validate_json(TEXT)
    return time.perf_counter() - start


def time_ours_dump_built(loops: int) -> float:
    """Time dumps on matrices built in code, one per round."""
    matrices = [big_matrix() for _ in range(loops)]
    start = time.perf_counter()
    for matrix in matrices:
        em.dumps(matrix, "json")
    return time.perf_counter() - start


def time_pydantic_dump(loops: int) -> float:
    """Time model_dump_json, indented as ``dumps`` writes, one model per round."""
    models = [PMatrix.model_validate_json(TEXT) for _ in range(loops)]
    start = time.perf_counter()
    for model in models:
        model.model_dump_json(exclude_defaults=True, indent=2)
    return time.perf_counter() - start


def time_pydantic_dump_line(loops: int) -> float:
    """Time model_dump_json on one line, one model per round."""
    models = [PMatrix.model_validate_json(TEXT) for _ in range(loops)]
    start = time.perf_counter()
    for model in models:
        model.model_dump_json(exclude_defaults=True)
    return time.perf_counter() - start


def time_ours_load_yaml(loops: int) -> float:
    """Time loads on the YAML text."""
    start = time.perf_counter()
    for _ in range(loops):
        em.loads(YAML_TEXT, "yaml")
    return time.perf_counter() - start


def time_pyyaml_load(loops: int) -> float:
    """Time PyYAML's C loader alone on the YAML text."""
    start = time.perf_counter()
    for _ in range(loops):
        yaml.load(YAML_TEXT, yaml.CSafeLoader)
    return time.perf_counter() - start


def _collected(load: Callable[[], object], loops: int) -> float:
    """Time *load* call by call, each from a heap just collected."""
    total = 0.0
    for _ in range(loops):
        gc.collect()
        start = time.perf_counter()
        load()
        total += time.perf_counter() - start
    return total


def time_ours_load_yaml_collected(loops: int) -> float:
    """Time loads on the YAML text, each call from a collected heap."""
    return _collected(lambda: em.loads(YAML_TEXT, "yaml"), loops)


def time_pyyaml_load_collected(loops: int) -> float:
    """Time PyYAML's C loader alone, each call from a collected heap."""
    return _collected(lambda: yaml.load(YAML_TEXT, yaml.CSafeLoader), loops)


def time_ours_dump_yaml(loops: int) -> float:
    """Time dumps to YAML on matrices built in code, one per round."""
    matrices = [big_matrix() for _ in range(loops)]
    start = time.perf_counter()
    for matrix in matrices:
        em.dumps(matrix, "yaml")
    return time.perf_counter() - start


def time_pyyaml_dump(loops: int) -> float:
    """Time PyYAML's C dumper alone on the matrix's plain data."""
    data = em.to_dict(big_matrix())
    start = time.perf_counter()
    for _ in range(loops):
        yaml.dump(
            data,
            Dumper=yaml.CSafeDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
        )
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmarks and report the ratios."""
    assert em.loads(TEXT, "json") == big_matrix()
    assert em.loads(YAML_TEXT, "yaml") == big_matrix()
    assert PMatrix.model_validate_json(TEXT).model_dump(exclude_defaults=True)
    runner = pyperf.Runner()
    results = [
        runner.bench_time_func("loads json, 1,000 issue types", time_ours_load),
        runner.bench_time_func("pydantic load, 1,000 issue types", time_pydantic_load),
        runner.bench_time_func("pydantic dump, 1,000 issue types", time_pydantic_dump),
        runner.bench_time_func(
            "pydantic dump on one line, 1,000 issue types", time_pydantic_dump_line
        ),
        runner.bench_time_func(
            "dumps json of a matrix built in code, 1,000 issue types",
            time_ours_dump_built,
        ),
        runner.bench_time_func("loads yaml, 1,000 issue types", time_ours_load_yaml),
        runner.bench_time_func(
            "yaml.load CSafeLoader, 1,000 issue types", time_pyyaml_load
        ),
        runner.bench_time_func(
            "loads yaml, each from a collected heap", time_ours_load_yaml_collected
        ),
        runner.bench_time_func(
            "yaml.load CSafeLoader, each from a collected heap",
            time_pyyaml_load_collected,
        ),
        runner.bench_time_func(
            "dumps yaml of a matrix built in code, 1,000 issue types",
            time_ours_dump_yaml,
        ),
        runner.bench_time_func(
            "yaml.dump CSafeDumper, 1,000 issue types", time_pyyaml_dump
        ),
    ]
    if runner.args.worker:
        return
    (
        ours_load,
        their_load,
        their_dump,
        their_line,
        ours_built,
        yaml_load,
        c_load,
        yaml_fresh,
        c_fresh,
        yaml_dump,
        c_dump,
    ) = (bench.mean() * 1e3 for bench in results if bench is not None)
    print()
    print(f"JSON text: {len(TEXT):,} characters")
    print(f"load: ours {ours_load:6.3f} ms, pydantic {their_load:6.3f} ms")
    print(f"  ratio {ours_load / their_load:5.2f}x  (goal <= 2x)")
    print(f"dump of a matrix built in code: {ours_built:6.3f} ms")
    print(
        f"  pydantic {their_dump:6.3f} ms (indented), {their_line:6.3f} ms (one line)"
    )
    print(f"  ratio {ours_built / their_dump:5.2f}x  (goal <= 1x)")
    print(f"YAML text: {len(YAML_TEXT):,} characters")
    print(f"yaml load: ours {yaml_load:6.3f} ms, CSafeLoader {c_load:6.3f} ms")
    print(
        f"  each from a collected heap: ours {yaml_fresh:6.3f} ms, "
        f"CSafeLoader {c_fresh:6.3f} ms"
    )
    print(f"yaml dump: ours {yaml_dump:6.3f} ms, CSafeDumper {c_dump:6.3f} ms")
    report(
        [
            Figure(
                '`loads(text, "json")`, 1,000 x 8, ratio to pydantic',
                "<= 2x",
                f"{ours_load / their_load:.2f}x ({ours_load:.2f} ms)",
                met=ours_load / their_load <= 2,  # noqa: PLR2004
            ),
            Figure(
                '`dumps(matrix, "json")` of a matrix built in code, ratio to pydantic',
                "<= 1x",
                f"{ours_built / their_dump:.2f}x ({ours_built:.2f} ms)",
                met=ours_built <= their_dump,
            ),
            Figure(
                '`dumps(matrix, "json")` built in code, ratio to pydantic on one line',
                "none set",
                f"{ours_built / their_line:.2f}x ({ours_built:.2f} ms)",
            ),
            Figure(
                '`loads(text, "yaml")`, 1,000 x 8, ratio to `yaml.load` (CSafeLoader)',
                "<= 1.3x",
                f"{yaml_load / c_load:.2f}x ({yaml_load:.2f} ms)",
                met=yaml_load / c_load <= 1.3,  # noqa: PLR2004
            ),
            Figure(
                '`loads(text, "yaml")`, each call from a collected heap, ratio to '
                "`yaml.load` (CSafeLoader) alike",
                "<= 1.3x",
                f"{yaml_fresh / c_fresh:.2f}x ({yaml_fresh:.2f} ms)",
                met=yaml_fresh / c_fresh <= 1.3,  # noqa: PLR2004
            ),
            Figure(
                '`dumps(matrix, "yaml")` built in code, ratio to `yaml.dump` (C)',
                "none set",
                f"{yaml_dump / c_dump:.2f}x ({yaml_dump:.2f} ms)",
            ),
        ]
    )


if __name__ == "__main__":
    main()
