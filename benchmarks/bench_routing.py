"""Routing speed: ready issues, issues from raw fields, and a batch.

What both sides do. The floor is the minimal hand-written router: the
matrix laid out in lists indexed by position, with, per kind of issue
(type and severity), the cumulative delays at which it moves up; a
decision is one ``bisect`` in them, giving the level key, role key,
responsibility text and next escalation time (in the issue's zone).
``route()`` gives a whole :class:`~escalation_matrix.Decision` with the same
four facts (checked equal before timing) and its reasons on demand. On
both sides the caller reads the four facts, as a caller does: the floor's
tuple unpacked, the decision's level key, role key, responsibility and next
escalation.

The issues spread over every level, every severity (entry and cap rules
included), both delay modes (``per_level`` and ``since_opened``, one
matrix each) and two time zones (UTC and Asia/Tokyo).

Goals, as ratios to the floor in the same run:

- ``route()`` on ready :class:`Issue` objects: at most 3x;
- "from raw fields" (building the ``Issue`` from type, opening, severity
  and id, then routing it; the floor gets the same raw fields): at most 4x;
- building an ``Issue``: at most 1.5 us, from the raw fields above and
  from the fields a ticket export carries besides (a third of the issues
  acknowledged, a sixth resolved, a quarter with impact and urgency
  instead of a severity, a quarter with attributes);
- ``route_many()``: per issue, at most 1.5 us over 1,000,000 issues.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pyperf

import escalation_matrix as em
from _figures import Figure, report

PER_LEVEL = em.default_matrix()
SINCE_OPENED = attrs.evolve(
    PER_LEVEL, policy=attrs.evolve(PER_LEVEL.policy, delay_mode="since_opened")
)
MATRICES = (PER_LEVEL, SINCE_OPENED)
ZONES = (UTC, ZoneInfo("Asia/Tokyo"))
OPENED = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NOW = OPENED + timedelta(days=3)
BATCH = 1_000_000
SAMPLE_SIZE = 1000


class Floor:
    """The minimal hand-written router of one matrix."""

    def __init__(self, matrix: em.Matrix) -> None:
        levels = matrix.levels
        index = {level.key: n for n, level in enumerate(levels)}
        self.keys = [level.key for level in levels]
        self.roles = [level.role for level in levels]
        self.texts = {
            it.key: [it.responsibilities[key] for key in self.keys]
            for it in matrix.issue_types
        }
        since_opened = matrix.policy.delay_mode == "since_opened"
        # Per severity: the positions an untouched issue passes, and when.
        self.paths: dict[str | None, tuple[list[timedelta], list[int]]] = {}
        for severity in (*matrix.policy.severities, None):
            chosen = severity or matrix.policy.severity(matrix.policy.default_severity)
            start = 0 if chosen.entry_level is None else index[chosen.entry_level]
            cap = (
                len(levels) - 1 if chosen.max_level is None else index[chosen.max_level]
            )
            offsets, positions, total = [timedelta(0)], [start], timedelta(0)
            for n in range(start, cap):
                delay = levels[n].delay
                assert delay is not None
                total = delay if since_opened else total + delay
                offsets.append(total)
                positions.append(n + 1)
            self.paths[None if severity is None else severity.key] = (
                offsets,
                positions,
            )

    def route(
        self, issue_type: str, opened: datetime, severity: str | None, now: datetime
    ) -> tuple[str, str, str, datetime | None]:
        """Return the level, role, text and next escalation time."""
        offsets, positions = self.paths[severity]
        stage = bisect_right(offsets, now - opened) - 1
        position = positions[stage]
        upcoming = opened + offsets[stage + 1] if stage + 1 < len(offsets) else None
        return (
            self.keys[position],
            self.roles[position],
            self.texts[issue_type][position],
            upcoming,
        )


FLOORS = [Floor(matrix) for matrix in MATRICES]


def raw_sample(count: int) -> list[tuple[int, str, datetime, str | None, str]]:
    """Raw ticket fields spread over matrices, types, severities and zones."""
    types = PER_LEVEL.issue_type_keys
    severities = [s.key for s in PER_LEVEL.policy.severities] + [None]
    out = []
    for n in range(count):
        opened = (OPENED + timedelta(minutes=37 * n % 4320)).astimezone(ZONES[n % 2])
        out.append(
            (
                n // 2 % 2,
                types[n % len(types)],
                opened,
                severities[n // 4 % len(severities)],
                f"T-{n}",
            )
        )
    return out


RAW = raw_sample(SAMPLE_SIZE)


def ticket_sample(count: int) -> list[dict[str, object]]:
    """The keyword arguments of issues as a ticket export gives them."""
    levels = ("high", "medium", "low")
    tickets = []
    for n, (_, issue_type, opened, severity, ident) in enumerate(raw_sample(count)):
        fields: dict[str, object] = {"severity": severity, "id": ident}
        if n % 3 == 0:
            fields["acknowledged_at"] = opened + timedelta(minutes=n % 50)
        if n % 6 == 1:
            fields["resolved_at"] = opened + timedelta(hours=n % 30)
        quarter = ("", "", "priority", "attributes")[n % 4]
        if quarter == "priority":
            fields.update(
                severity=None, impact=levels[n % 3], urgency=levels[n // 3 % 3]
            )
        elif quarter == "attributes":
            fields["attributes"] = {"tier": ("gold", "silver")[n % 2], "seats": n}
        tickets.append({"issue_type": issue_type, "opened_at": opened, **fields})
    return tickets


TICKETS = ticket_sample(SAMPLE_SIZE)
READY = [(MATRICES[m], em.Issue(t, o, severity=s, id=i)) for m, t, o, s, i in RAW]


def check_agreement() -> None:
    """route() and the floor agree on every sample, and every level is reached."""
    reached = set()
    for (m, t, o, s, _), (matrix, issue) in zip(RAW, READY, strict=True):
        decision = em.route(matrix, issue, now=NOW)
        ours = (
            decision.level.key,
            decision.role.key,
            decision.responsibility,
            decision.next_escalation_at,
        )
        assert ours == FLOORS[m].route(t, o, s, NOW), issue
        reached.add(decision.level.key)
    assert reached == {level.key for level in PER_LEVEL.levels}, reached


def time_floor(loops: int) -> float:
    """The floor, from raw fields."""
    floors, now = FLOORS, NOW
    start = time.perf_counter()
    for _ in range(loops):
        for m, t, o, s, _ in RAW:
            _level, _role, _text, _due = floors[m].route(t, o, s, now)
    return time.perf_counter() - start


def time_ready(loops: int) -> float:
    """route() on ready issues."""
    route, now = em.route, NOW
    start = time.perf_counter()
    for _ in range(loops):
        for matrix, issue in READY:
            decision = route(matrix, issue, now=now)
            _level = decision.level.key
            _role = decision.role.key
            _text = decision.responsibility
            _due = decision.next_escalation_at
    return time.perf_counter() - start


def time_raw(loops: int) -> float:
    """Building each Issue from raw fields, then route()."""
    route, issue_cls, matrices, now = em.route, em.Issue, MATRICES, NOW
    start = time.perf_counter()
    for _ in range(loops):
        for m, t, o, s, i in RAW:
            decision = route(matrices[m], issue_cls(t, o, severity=s, id=i), now=now)
            _level = decision.level.key
            _role = decision.role.key
            _text = decision.responsibility
            _due = decision.next_escalation_at
    return time.perf_counter() - start


def time_build(loops: int) -> float:
    """Building each Issue from raw fields alone."""
    issue_cls = em.Issue
    start = time.perf_counter()
    for _ in range(loops):
        for _m, t, o, s, i in RAW:
            issue_cls(t, o, severity=s, id=i)
    return time.perf_counter() - start


def time_build_tickets(loops: int) -> float:
    """Building each Issue from a ticket export's fields."""
    issue_cls = em.Issue
    start = time.perf_counter()
    for _ in range(loops):
        for fields in TICKETS:
            issue_cls(**fields)  # type: ignore[arg-type]
    return time.perf_counter() - start


BATCH_ISSUES: list[em.Issue] = []


def time_batch(loops: int) -> float:
    """route_many() over a million ready issues (built once per process)."""
    if not BATCH_ISSUES:
        BATCH_ISSUES.extend(
            issue for _, issue in READY for _ in range(BATCH // SAMPLE_SIZE)
        )
    start = time.perf_counter()
    for _ in range(loops):
        em.route_many(PER_LEVEL, BATCH_ISSUES, now=NOW)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmarks and report the ratios."""
    runner = pyperf.Runner()
    check_agreement()
    results = [
        runner.bench_time_func("floor: hand-written router", time_floor),
        runner.bench_time_func("route(), ready issues", time_ready),
        runner.bench_time_func("route(), from raw fields", time_raw),
        runner.bench_time_func("Issue(), from raw fields", time_build),
        runner.bench_time_func("Issue(), from ticket fields", time_build_tickets),
        runner.bench_time_func("route_many(), 1,000,000", time_batch, inner_loops=1),
    ]
    if runner.args.worker:
        return
    floor, ready, raw, build, tickets, batch = (
        bench.mean() for bench in results if bench is not None
    )
    floor_us, ready_us, raw_us, build_us, tickets_us = (
        t / SAMPLE_SIZE * 1e6 for t in (floor, ready, raw, build, tickets)
    )
    print()
    print(f"floor:              {floor_us:6.3f} us per issue")
    print(
        f"route(), ready: {ready_us:6.3f} us {ready_us / floor_us:5.2f}x (goal <= 3x)"
    )
    print(f"route(), raw:   {raw_us:6.3f} us {raw_us / floor_us:5.2f}x (goal <= 4x)")
    print(f"Issue():            {build_us:6.3f} us  (goal <= 1.5 us)")
    print(f"Issue(), tickets:   {tickets_us:6.3f} us  (goal <= 1.5 us)")
    print(
        f"route_many():       {batch / BATCH * 1e6:6.3f} us per issue (goal <= 1.5 us)"
    )
    batch_us = batch / BATCH * 1e6
    report(
        [
            Figure(
                f"`route()` on ready issues, ratio to the hand-written floor "
                f"({floor_us:.2f} us)",
                "<= 3x",
                f"{ready_us / floor_us:.2f}x ({ready_us:.2f} us)",
                met=ready_us / floor_us <= 3,  # noqa: PLR2004
            ),
            Figure(
                "`route()` from raw fields, ratio to the floor",
                "<= 4x",
                f"{raw_us / floor_us:.2f}x ({raw_us:.2f} us)",
                met=raw_us / floor_us <= 4,  # noqa: PLR2004
            ),
            Figure(
                "`Issue()` from raw fields",
                "<= 1.5 us",
                f"{build_us:.2f} us",
                met=build_us <= 1.5,  # noqa: PLR2004
            ),
            Figure(
                "`Issue()` from a ticket export's fields (acknowledged, resolved, "
                "impact and urgency, attributes)",
                "<= 1.5 us",
                f"{tickets_us:.2f} us",
                met=tickets_us <= 1.5,  # noqa: PLR2004
            ),
            Figure(
                "`route_many()` per issue, 1,000,000 issues",
                "<= 1.5 us",
                f"{batch_us:.2f} us",
                met=batch_us <= 1.5,  # noqa: PLR2004
            ),
        ]
    )


if __name__ == "__main__":
    main()
