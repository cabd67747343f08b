"""Hypothesis strategies for the library's value objects."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from escalation_matrix import IssueType, Level, Matrix, Policy, Role, Severity

snake_keys = st.from_regex(r"[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,3}){0,2}", fullmatch=True)
level_keys = st.one_of(st.from_regex(r"L[1-9][0-9]{0,2}", fullmatch=True), snake_keys)
# Any Unicode text with something visible in it.
texts = st.text(min_size=1, max_size=40).filter(lambda text: bool(text.strip()))
optional_texts = st.one_of(st.just(""), texts)
delays = st.integers(min_value=1, max_value=30 * 86400).map(
    lambda seconds: timedelta(seconds=seconds)
)


@st.composite
def matrices(
    draw: st.DrawFn, *, max_levels: int = 6, max_issue_types: int = 8
) -> Matrix:
    """Draw a valid matrix: 1 to *max_levels* levels, any Unicode texts."""
    level_count = draw(st.integers(min_value=1, max_value=max_levels))
    keys = draw(
        st.lists(level_keys, min_size=level_count, max_size=level_count, unique=True)
    )
    roles = draw(
        st.lists(
            st.builds(Role, key=snake_keys, title=texts, description=optional_texts),
            min_size=1,
            max_size=level_count,
            unique_by=lambda role: role.key,
        )
    )
    role_keys = [role.key for role in roles]
    since_opened = draw(st.booleans())
    levels = []
    total = timedelta(0)
    for rank, key in enumerate(keys, start=1):
        delay = draw(st.one_of(st.none(), delays))
        if since_opened and delay is not None:
            total += delay
            delay = total
        levels.append(
            Level(
                key,
                rank,
                draw(st.sampled_from(role_keys)),
                draw(texts),
                description=draw(optional_texts),
                delay=delay,
                escalate_while=draw(st.sampled_from(["unacknowledged", "unresolved"])),
            )
        )
    issue_types = draw(
        st.lists(
            st.builds(
                IssueType,
                key=snake_keys,
                name=texts,
                responsibilities=st.fixed_dictionaries(dict.fromkeys(keys, texts)),
                description=optional_texts,
                entry_level=st.one_of(st.none(), st.sampled_from(keys)),
            ),
            min_size=1,
            max_size=max_issue_types,
            unique_by=lambda issue_type: issue_type.key,
        )
    )
    severities = draw(
        st.lists(
            st.builds(Severity, key=snake_keys, name=texts, description=optional_texts),
            max_size=4,
            unique_by=lambda severity: severity.key,
        )
    )
    default = draw(st.sampled_from([None, *[s.key for s in severities]]))
    policy = Policy(
        delay_mode="since_opened" if since_opened else "per_level",
        severities=severities,
        default_severity=default,
    )
    return Matrix(
        draw(snake_keys),
        draw(texts),
        levels=levels,
        roles=roles,
        issue_types=issue_types,
        description=draw(optional_texts),
        language=draw(st.sampled_from(["en", "it", "de", "pt_BR"])),
        policy=policy,
    )
