"""Import time and the built-in matrix's load time.

Goal: ``import escalation_matrix`` takes at most 1.3x ``import attrs, cattrs,
babel``, measured in the same run. Public names load on first use, so the
import alone costs little; the cost of loading every public name (but
translation) is reported too. Both are measured as whole fresh
interpreter runs; the time of an interpreter that imports nothing is
measured too and subtracted, so the ratio compares the imports themselves.
"""

from __future__ import annotations

import sys

import pyperf

import escalation_matrix as em
from _figures import Figure, report

PYTHON = sys.executable
_EVERYTHING = (
    "import escalation_matrix as em; "
    "[getattr(em, name) for name in em.__all__ "
    "if name not in ('translate', '__version__')]"
)


def _mean(bench: pyperf.Benchmark | None) -> float:
    assert bench is not None
    return bench.mean()


def main() -> None:
    """Run the benchmarks and report the ratios."""
    runner = pyperf.Runner()
    empty = runner.bench_command("python -c pass", [PYTHON, "-c", "pass"])
    baseline = runner.bench_command(
        "import attrs, cattrs, babel", [PYTHON, "-c", "import attrs, cattrs, babel"]
    )
    ours = runner.bench_command(
        "import escalation_matrix", [PYTHON, "-c", "import escalation_matrix"]
    )
    # Public names load on first use; this also loads every one of them but
    # translation (which loads Babel, as translating does).
    everything = runner.bench_command(
        "import escalation_matrix and use every name",
        [PYTHON, "-c", _EVERYTHING],
    )

    def first_call() -> None:
        em.default_matrix.cache_clear()
        em.default_matrix()

    first = runner.bench_func("default_matrix() first call", first_call)
    em.default_matrix()
    cached = runner.bench_func("default_matrix() cached call", em.default_matrix)

    if runner.args.worker:
        return
    start = _mean(empty)
    ours_net = _mean(ours) - start
    base_net = _mean(baseline) - start
    print()
    print(f"interpreter start-up:          {start * 1e3:8.2f} ms")
    print(f"import attrs, cattrs, babel:   {base_net * 1e3:8.2f} ms (net)")
    print(f"import escalation_matrix:      {ours_net * 1e3:8.2f} ms (net)")
    print(f"  ratio net:   {ours_net / base_net:5.2f}x  (goal <= 1.3x)")
    print(f"  ratio whole: {_mean(ours) / _mean(baseline):5.2f}x  (with start-up)")
    all_net = _mean(everything) - start
    print(f"import and use every name:     {all_net * 1e3:8.2f} ms (net)")
    print(f"  ratio net:   {all_net / base_net:5.2f}x")
    print(f"default_matrix() first call:   {_mean(first) * 1e3:8.3f} ms")
    print(f"default_matrix() cached call:  {_mean(cached) * 1e9:8.1f} ns")
    report(
        [
            Figure(
                "`import escalation_matrix`, net, ratio to "
                "`import attrs, cattrs, babel`",
                "<= 1.3x",
                f"{ours_net / base_net:.2f}x ({ours_net * 1e3:.1f} ms)",
                met=ours_net / base_net <= 1.3,  # noqa: PLR2004
            ),
            Figure(
                "import and use every public name (but `translate`), net, ratio",
                "none set",
                f"{all_net / base_net:.2f}x ({all_net * 1e3:.1f} ms)",
            ),
        ]
    )


if __name__ == "__main__":
    main()
