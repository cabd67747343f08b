"""Routing speed: one call, a batch of a million, and a rule-engine version.

Goals, each measured against a baseline in the same run:

- ``route()`` at most 3x a hand-written dict-and-timedelta router making the
  same decision (level, role, responsibility text, next escalation time);
- ``route_many()`` at most 1.5 us per issue over 1,000,000 issues;
- ``route()`` at least 7x faster than the same decision written with the
  ``rule-engine`` package.

The issues are open, unacknowledged ones of the built-in matrix, spread over
two days so that every level is reached. Before timing, the three routers are
checked to agree on every sample.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pyperf
import rule_engine

import escalation_matrix as em

MATRIX = em.default_matrix()
OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NOW = OPENED + timedelta(days=2)
BATCH = 1_000_000

# The hand-written baseline: the same matrix as dicts and timedeltas.
LEVELS = [level.key for level in MATRIX.levels]
DELAYS = {level.key: level.delay for level in MATRIX.levels if level.delay is not None}
ROLES = {level.key: level.role for level in MATRIX.levels}
TEXTS = {(cell.issue_type.key, cell.level.key): cell.text for cell in MATRIX.cells()}


def by_hand(
    issue_type: str, opened: datetime, now: datetime
) -> tuple[str, str, str, datetime | None]:
    """Walk the levels, adding delays until the next one is in the future."""
    since = opened
    for key in LEVELS:
        delay = DELAYS.get(key)
        if delay is None or since + delay > now:
            upcoming = None if delay is None else since + delay
            return key, ROLES[key], TEXTS[issue_type, key], upcoming
        since += delay
    raise AssertionError


# The same decision with rule-engine: one rule per level on the hours elapsed.
def _rule_engine_rules() -> list[tuple[rule_engine.Rule, str, timedelta | None]]:
    rules, start = [], timedelta(0)
    for level in MATRIX.levels:
        low = start.total_seconds() / 3600
        if level.delay is None:
            text = f"elapsed_hours >= {low}"
            end = None
        else:
            end = start + level.delay
            high = end.total_seconds() / 3600
            text = f"elapsed_hours >= {low} and elapsed_hours < {high}"
        rules.append((rule_engine.Rule(text), level.key, end))
        start = end if end is not None else start
    return rules


RULES = _rule_engine_rules()


def with_rule_engine(
    issue_type: str, opened: datetime, now: datetime
) -> tuple[str, str, str, datetime | None]:
    """Find the first rule matching the elapsed hours."""
    facts = {"elapsed_hours": (now - opened).total_seconds() / 3600}
    for rule, key, end in RULES:
        if rule.matches(facts):
            upcoming = None if end is None else opened + end
            return key, ROLES[key], TEXTS[issue_type, key], upcoming
    raise AssertionError


def _issues(count: int) -> list[em.Issue]:
    types = MATRIX.issue_type_keys
    return [
        em.Issue(types[n % len(types)], OPENED + timedelta(minutes=n % 2880))
        for n in range(count)
    ]


def _check_agreement() -> None:
    for issue in _issues(3000):
        decision = em.route(MATRIX, issue, now=NOW)
        ours = (
            decision.level.key,
            decision.role.key,
            decision.responsibility,
            decision.next_escalation_at,
        )
        assert ours == by_hand(issue.issue_type, issue.opened_at, NOW), issue
        assert ours == with_rule_engine(issue.issue_type, issue.opened_at, NOW), issue


SAMPLE = _issues(100)
PAIRS = [(issue.issue_type, issue.opened_at) for issue in SAMPLE]
BATCH_ISSUES: list[em.Issue] = []


def time_by_hand(loops: int) -> float:
    """Time the hand-written router over the sample."""
    start = time.perf_counter()
    for _ in range(loops):
        for issue_type, opened in PAIRS:
            by_hand(issue_type, opened, NOW)
    return time.perf_counter() - start


def time_route(loops: int) -> float:
    """Time route() over the sample."""
    route, matrix = em.route, MATRIX
    start = time.perf_counter()
    for _ in range(loops):
        for issue in SAMPLE:
            route(matrix, issue, now=NOW)
    return time.perf_counter() - start


def time_rule_engine(loops: int) -> float:
    """Time the rule-engine router over the sample."""
    start = time.perf_counter()
    for _ in range(loops):
        for issue_type, opened in PAIRS:
            with_rule_engine(issue_type, opened, NOW)
    return time.perf_counter() - start


def time_batch(loops: int) -> float:
    """Time route_many() over a million issues (built once per process)."""
    if not BATCH_ISSUES:
        BATCH_ISSUES.extend(_issues(BATCH))
    start = time.perf_counter()
    for _ in range(loops):
        em.route_many(MATRIX, BATCH_ISSUES, now=NOW)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmarks and report the ratios."""
    runner = pyperf.Runner()
    _check_agreement()
    per = len(SAMPLE)
    results = [
        runner.bench_time_func("hand-written router, 100 issues", time_by_hand),
        runner.bench_time_func("route(), 100 issues", time_route),
        runner.bench_time_func("rule-engine, 100 issues", time_rule_engine),
        runner.bench_time_func(
            "route_many(), 1,000,000 issues", time_batch, inner_loops=1
        ),
    ]
    if runner.args.worker:
        return
    hand, ours, engine, batch = (bench.mean() for bench in results if bench is not None)
    hand_us, ours_us, engine_us = (t / per * 1e6 for t in (hand, ours, engine))
    batch_us = batch / BATCH * 1e6
    print()
    print(f"hand-written router: {hand_us:6.3f} us per issue")
    print(f"route():             {ours_us:6.3f} us per issue")
    print(f"  ratio to hand-written: {ours_us / hand_us:5.2f}x  (goal <= 3x)")
    print(f"rule-engine:         {engine_us:6.3f} us per issue")
    print(f"  route() is {engine_us / ours_us:5.1f}x faster  (goal >= 7x)")
    print(f"route_many():        {batch_us:6.3f} us per issue over {BATCH:,}")
    print("  (goal <= 1.5 us per issue)")


if __name__ == "__main__":
    main()
