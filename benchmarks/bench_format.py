"""Loading and dumping a big matrix as JSON, against pydantic v2.

Goals, measured in the same run on the same JSON text (a matrix with 1,000
issue types and 8 levels): loading with ``escalation_matrix.loads(text,
"json")`` at most 1.5x pydantic's ``model_validate_json`` on an equivalent
model, and dumping with ``escalation_matrix.dumps(matrix, "json")`` at most
0.6x pydantic's ``model_dump_json``. Pydantic dumps one line; ``dumps``
writes the canonical form, indented by two spaces.

The pydantic model checks what the library checks: key shapes, non-empty
texts, ranks in order, known roles, unique keys, and one text for exactly
every level in each issue type. Dumping is timed on matrices freshly loaded
from the text, one per round, so that nothing of an earlier round helps; a
loaded matrix keeps the issue-type payloads it read when they were already
canonical, so writing it back rebuilds none. Dumping a matrix built in code,
which has no such payloads, is reported too.

YAML, on the same matrix written as YAML: ``loads(text, "yaml")`` at most
1.3x ``yaml.load(text, yaml.CSafeLoader)``, which only parses (the library
also refuses keys given twice, applies its limits and builds the matrix);
``dumps(matrix, "yaml")`` is reported against ``yaml.dump`` with
``CSafeDumper`` on the same plain data.
Install with ``pip install -e '.[bench]'`` (orjson and PyYAML are part of it).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Self

import pyperf
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

import escalation_matrix as em
from _figures import Figure, report

KEY = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
LEVEL_KEY = r"^(L[1-9][0-9]*|[a-z][a-z0-9]*(_[a-z0-9]+)*)$"
DURATION = r"^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$"
ISSUE_TYPES, LEVELS = 1000, 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PRole(_Strict):
    """A role."""

    key: str = Field(pattern=KEY, max_length=64)
    title: str = Field(min_length=1, pattern=r"\S")
    description: str = ""


class PLevel(_Strict):
    """A level."""

    key: str = Field(pattern=LEVEL_KEY, max_length=64)
    rank: int = Field(ge=1)
    role: str = Field(pattern=KEY, max_length=64)
    name: str = Field(min_length=1, pattern=r"\S")
    description: str = ""
    delay: str | None = Field(default=None, pattern=DURATION, min_length=2)
    business_time: bool = False
    escalate_while: str = Field(
        default="unresolved", pattern="^(unacknowledged|unresolved)$"
    )


class PIssueType(_Strict):
    """An issue type."""

    key: str = Field(pattern=KEY, max_length=64)
    name: str = Field(min_length=1, pattern=r"\S")
    description: str = ""
    entry_level: str | None = None
    responsibilities: dict[str, str]


class PPolicy(_Strict):
    """The policy (the benchmark matrix uses the defaults)."""

    delay_mode: str = Field(default="per_level", pattern="^(per_level|since_opened)$")


class PMatrix(_Strict):
    """A matrix, with the same cross-checks as the library's."""

    schema_version: int = Field(ge=1, le=1)
    key: str = Field(pattern=KEY, max_length=64)
    title: str = Field(min_length=1, pattern=r"\S")
    description: str = ""
    language: str = "en"
    policy: PPolicy = PPolicy()
    roles: list[PRole]
    levels: list[PLevel] = Field(min_length=1)
    issue_types: list[PIssueType] = Field(min_length=1)

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
            texts = issue_type.responsibilities
            if issue_type.key in seen or texts.keys() != known:
                raise ValueError("bad issue type")
            if any(not text.strip() for text in texts.values()):
                raise ValueError("empty text")
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


def time_ours_dump(loops: int) -> float:
    """Time dumps on matrices freshly loaded, one per round."""
    matrices = [em.loads(TEXT, "json") for _ in range(loops)]
    start = time.perf_counter()
    for matrix in matrices:
        em.dumps(matrix, "json")
    return time.perf_counter() - start


def time_ours_dump_built(loops: int) -> float:
    """Time dumps on matrices built in code, one per round."""
    matrices = [big_matrix() for _ in range(loops)]
    start = time.perf_counter()
    for matrix in matrices:
        em.dumps(matrix, "json")
    return time.perf_counter() - start


def time_pydantic_dump(loops: int) -> float:
    """Time model_dump_json on models freshly loaded, one per round."""
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
        runner.bench_time_func("dumps json, 1,000 issue types", time_ours_dump),
        runner.bench_time_func("pydantic dump, 1,000 issue types", time_pydantic_dump),
        runner.bench_time_func(
            "dumps json of a matrix built in code, 1,000 issue types",
            time_ours_dump_built,
        ),
        runner.bench_time_func("loads yaml, 1,000 issue types", time_ours_load_yaml),
        runner.bench_time_func(
            "yaml.load CSafeLoader, 1,000 issue types", time_pyyaml_load
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
        ours_dump,
        their_dump,
        ours_built,
        yaml_load,
        c_load,
        yaml_dump,
        c_dump,
    ) = (bench.mean() * 1e3 for bench in results if bench is not None)
    print()
    print(f"JSON text: {len(TEXT):,} characters")
    print(f"load: ours {ours_load:6.3f} ms, pydantic {their_load:6.3f} ms")
    print(f"  ratio {ours_load / their_load:5.2f}x  (goal <= 1.5x)")
    print(f"dump: ours {ours_dump:6.3f} ms, pydantic {their_dump:6.3f} ms")
    print(f"  ratio {ours_dump / their_dump:5.2f}x  (goal <= 0.6x)")
    print(f"dump of a matrix built in code: {ours_built:6.3f} ms")
    print(f"  ratio {ours_built / their_dump:5.2f}x  (the same, without kept payloads)")
    print(f"YAML text: {len(YAML_TEXT):,} characters")
    print(f"yaml load: ours {yaml_load:6.3f} ms, CSafeLoader {c_load:6.3f} ms")
    print(f"yaml dump: ours {yaml_dump:6.3f} ms, CSafeDumper {c_dump:6.3f} ms")
    report(
        [
            Figure(
                '`loads(text, "json")`, 1,000 x 8, ratio to pydantic',
                "<= 1.5x",
                f"{ours_load / their_load:.2f}x ({ours_load:.2f} ms)",
                met=ours_load / their_load <= 1.5,  # noqa: PLR2004
            ),
            Figure(
                '`dumps(matrix, "json")` of a loaded matrix, ratio to pydantic',
                "<= 0.6x",
                f"{ours_dump / their_dump:.2f}x ({ours_dump:.2f} ms)",
                met=ours_dump / their_dump <= 0.6,  # noqa: PLR2004
            ),
            Figure(
                '`dumps(matrix, "json")` of a matrix built in code, ratio to pydantic',
                "<= 0.6x",
                f"{ours_built / their_dump:.2f}x ({ours_built:.2f} ms)",
                met=ours_built / their_dump <= 0.6,  # noqa: PLR2004
            ),
            Figure(
                '`loads(text, "yaml")`, 1,000 x 8, ratio to `yaml.load` (CSafeLoader)',
                "<= 1.3x",
                f"{yaml_load / c_load:.2f}x ({yaml_load:.2f} ms)",
                met=yaml_load / c_load <= 1.3,  # noqa: PLR2004
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
