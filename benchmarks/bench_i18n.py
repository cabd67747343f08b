"""Translation speed: translating the built-in matrix, and reading a catalog.

Goals: ``translate(default_matrix(), "it")`` with its catalogs already read
takes at most 50 microseconds; it is also reported as a ratio to building
the same Italian matrix from already-translated strings through the public,
validating constructors, measured in the same run. Reading a compiled
catalog (``.mo``) for the first time takes at most 5 milliseconds.
"""

from __future__ import annotations

from typing import Any

import attrs
import pyperf

import escalation_matrix as em
from escalation_matrix._i18n.catalogs import (
    builtin_directory,
    find_catalog,
    read_catalog,
)
from escalation_matrix._i18n.translator import clear_cache, translator


def _mean(bench: pyperf.Benchmark | None) -> float:
    assert bench is not None
    return bench.mean()


def _arguments(obj: object) -> dict[str, Any]:
    """Return the keyword arguments that rebuild *obj* through its constructor."""
    return {
        field.alias: getattr(obj, field.name)
        for field in attrs.fields(type(obj))
        if field.init
    }


def _constructors(italian: em.Matrix) -> Any:
    """Return a function building *italian* anew through the public constructors."""
    matrix = _arguments(italian)
    roles = [_arguments(role) for role in italian.roles]
    levels = [_arguments(level) for level in italian.levels]
    issue_types = [_arguments(issue_type) for issue_type in italian.issue_types]
    for arguments in issue_types:
        arguments["responsibilities"] = dict(arguments["responsibilities"])
    policy = _arguments(italian.policy)
    severities = [_arguments(severity) for severity in italian.policy.severities]
    priority = _arguments(italian.policy.priority)

    def build() -> em.Matrix:
        return em.Matrix(
            **{
                **matrix,
                "roles": [em.Role(**arguments) for arguments in roles],
                "levels": [em.Level(**arguments) for arguments in levels],
                "issue_types": [em.IssueType(**arguments) for arguments in issue_types],
                "policy": em.Policy(
                    **{
                        **policy,
                        "severities": [em.Severity(**item) for item in severities],
                        "priority": em.PriorityTable(**priority),
                    }
                ),
            }
        )

    return build


def main() -> None:
    """Run the benchmarks and report the figures with their goals."""
    runner = pyperf.Runner()
    source = em.default_matrix()
    italian = em.translate(source, "it")
    build = _constructors(italian)
    assert build() == italian

    mo = find_catalog(builtin_directory(), "it", "escalation_matrix")
    assert mo is not None
    assert mo.name.endswith(".mo"), f"compile the catalogs first: found {mo}"

    translated = runner.bench_func(
        'translate(default_matrix(), "it") cached', em.translate, source, "it"
    )
    constructed = runner.bench_func("Italian matrix through constructors", build)
    read = runner.bench_func("read the Italian .mo", read_catalog, mo)

    def first_translator() -> None:
        # Installed language packs are scanned once per process, not per
        # catalog: they are kept here, and measured on their own below.
        clear_cache(language_packs=False)
        translator("it")

    def first_translator_and_packs() -> None:
        clear_cache()
        translator("it")

    first = runner.bench_func('first translator("it") from .mo', first_translator)
    first_all = runner.bench_func(
        'first translator("it") with the pack scan', first_translator_and_packs
    )

    if runner.args.worker:
        return
    ours, baseline = _mean(translated), _mean(constructed)
    print()
    print(f'translate(default_matrix(), "it"):  {ours * 1e6:8.1f} us  (goal <= 50 us)')
    print(f"same matrix through constructors:  {baseline * 1e6:8.1f} us")
    print(f"  ratio: {ours / baseline:5.2f}x")
    print(f"read the Italian .mo:              {_mean(read) * 1e3:8.3f} ms")
    first_ms = _mean(first) * 1e3
    print(f'first translator("it") from .mo:   {first_ms:8.3f} ms  (goal <= 5 ms)')
    print(f"  with the language-pack scan:     {_mean(first_all) * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
