"""A JSON Schema of the matrix file format, for editors and other tools.

The schema checks what a schema can: field names and types, key and
duration shapes, closed vocabularies, and the characters of texts (no
control character, one line where a text must be, something visible).
What spans the file (unique keys, a level's role among the roles, one
text for every level) is checked by the library when it loads the file.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any, Final

from escalation_matrix._base.checks import _UNSEEN
from escalation_matrix._base.durations import DURATION_PATTERN
from escalation_matrix._base.keys import (
    LEVEL_KEY_PATTERN,
    MAX_KEY_LENGTH,
    SNAKE_KEY_PATTERN,
)
from escalation_matrix._model.calendar import WEEKDAYS
from escalation_matrix._model.contacts import (
    CONTACT_KINDS,
    CONTACT_SELECTS,
    SELECTS_BY_KIND,
)
from escalation_matrix._model.matrix import ASSIGNMENTS, ESCALATE_WHILE
from escalation_matrix._model.pacing import MAX_REPEATS
from escalation_matrix._model.policy import AT_END, DELAY_MODES
from escalation_matrix._model.rules import _MEMBERSHIP, _PRESENCE, FIELDS, OPERATORS
from escalation_matrix._serialization.matrix_format import SCHEMA_VERSION

__all__ = ["json_schema"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


# The control characters no text holds (C0, DEL and C1), and the same but
# the line feed, which multi-line texts hold. The schema says a text must not
# hold one (a "not" of a pattern found anywhere): a pattern anchored with
# "$" would let a line feed at the end through, in Python's dialect.
_CONTROL: Final = r"[\u0000-\u001f\u007f-\u009f]"
_CONTROL_BUT_LINE_FEED: Final = r"[\u0000-\u0009\u000b-\u001f\u007f-\u009f]"


@cache
def _visible() -> str:
    """A pattern found in a text with something visible in it.

    That is, a character other than whitespace, control and format
    characters (a zero-width space), as the loader tells them; those above
    U+FFFF, which a pattern cannot name in every dialect, count as visible.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code)) not in _UNSEEN:
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    shown = "".join(
        f"\\u{first:04x}" if first == last else f"\\u{first:04x}-\\u{last:04x}"
        for first, last in ranges
    )
    return f"[^{shown}]"


def _text(*, multiline: bool = False, optional: bool = False) -> dict[str, Any]:
    """A text: without control characters, on one line unless *multiline*.

    Unless *optional*, it has something visible in it.
    """
    control = _CONTROL_BUT_LINE_FEED if multiline else _CONTROL
    rules: list[dict[str, Any]] = [{"not": {"pattern": control}}]
    if not optional:
        rules.insert(0, {"pattern": _visible()})
    return {"type": "string", "allOf": rules}


def _object(
    properties: dict[str, Any], required: tuple[str, ...], description: str
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _list(schema: dict[str, Any], *, min_items: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": schema}
    if min_items:
        out["minItems"] = min_items
    return out


def _contact() -> dict[str, Any]:
    """A contact, its ``select`` limited by its ``kind``."""
    contact = _object(
        {
            "name": _ref("text"),
            "email": _nullable(
                {
                    "type": "string",
                    "allOf": [
                        {"pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"},
                        {"not": {"pattern": _CONTROL}},
                    ],
                }
            ),
            "phone": _nullable(
                {
                    "type": "string",
                    "allOf": [
                        {"pattern": r"^\+?[0-9 ()./-]+$"},
                        {"pattern": "[0-9][^0-9]*[0-9][^0-9]*[0-9]"},
                        {"not": {"pattern": _CONTROL}},
                    ],
                    "description": "Digits (at least 3), spaces and +()./-.",
                }
            ),
            "chat": _nullable(_ref("line")),
            "kind": {
                "enum": list(CONTACT_KINDS),
                "description": "What the contact stands for; person by default.",
            },
            "ids": {
                "type": "object",
                "description": "The contact's id in each tool, by the tool's name.",
                "propertyNames": _ref("key"),
                "additionalProperties": _ref("line"),
            },
            "select": {
                "enum": list(CONTACT_SELECTS),
                "description": "Who inside a schedule, team or user group is meant.",
            },
        },
        ("name",),
        "A person, or a schedule, team or user group a tool resolves, who holds "
        "a role; names are never translated.",
    )
    # Each kind limits what select may be; no kind means a person.
    contact["allOf"] = [
        {
            "if": {"not": {"required": ["kind"]}},
            "then": {"properties": {"select": {"enum": ["default"]}}},
        },
        *(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"select": {"enum": list(selects)}}},
            }
            for kind, selects in SELECTS_BY_KIND.items()
        ),
    ]
    return contact


def _compare() -> dict[str, Any]:
    """A comparison, its value's shape set by its operator."""
    value = {"type": ["string", "number", "boolean"]}
    listed = sorted(_MEMBERSHIP)
    present = sorted(_PRESENCE)
    single = [op for op in OPERATORS if op not in _MEMBERSHIP | _PRESENCE]
    compare = _object(
        {
            "field": {
                "type": "string",
                "pattern": "^(" + "|".join(FIELDS) + r"|attributes\..+)$",
            },
            "op": {"enum": list(OPERATORS)},
            "value": {"anyOf": [value, _list(value), {"type": "null"}]},
        },
        ("field", "op"),
        "Compare a field of the issue with a value: one value, a list of "
        "values for in and not_in, none for exists and missing.",
    )
    compare["allOf"] = [
        {
            "if": {"properties": {"op": {"enum": single}}},
            "then": {"properties": {"value": value}, "required": ["value"]},
        },
        {
            "if": {"properties": {"op": {"enum": listed}}},
            "then": {"properties": {"value": _list(value)}, "required": ["value"]},
        },
        {
            "if": {"properties": {"op": {"enum": present}}},
            "then": {"properties": {"value": {"type": "null"}}},
        },
    ]
    return compare


def _definitions() -> dict[str, Any]:
    return {
        "key": {
            "type": "string",
            "pattern": SNAKE_KEY_PATTERN,
            "maxLength": MAX_KEY_LENGTH,
            "description": "A lowercase snake_case ASCII key.",
        },
        "level_key": {
            "type": "string",
            "pattern": LEVEL_KEY_PATTERN,
            "maxLength": MAX_KEY_LENGTH,
            "description": "A level key: L1-style or lowercase snake_case.",
        },
        "text": {
            **_text(),
            "description": (
                "A display text, translatable: one line with something visible "
                "in it, without control characters."
            ),
        },
        "multiline_text": {
            **_text(multiline=True),
            "description": (
                "A display text, translatable, with something visible in it; it "
                "may break its lines, and holds no other control character."
            ),
        },
        "optional_text": {
            **_text(multiline=True, optional=True),
            "description": (
                "A display text, translatable, maybe empty; it may break its "
                "lines, and holds no other control character."
            ),
        },
        "line": {
            **_text(),
            "description": (
                "A text on one line with something visible in it, without "
                "control characters; never translated."
            ),
        },
        "duration": {
            "type": "string",
            "allOf": [
                {"pattern": DURATION_PATTERN},
                {"pattern": "[1-9]", "description": "Not zero."},
            ],
            "description": (
                "A positive duration: days, hours, minutes, seconds in that "
                "order, with or without spaces ('30m', '1h 30m', '1d12h'), or "
                "ISO 8601 ('PT1H30M', 'P1DT4H', 'P2W'). Written back as '1h30m'."
            ),
        },
        "wait": {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": ("A duration that may be zero: '0s', '30m', '4h', '1d12h'."),
        },
        "contact": _contact(),
        "role": _object(
            {
                "key": _ref("key"),
                "title": _ref("text"),
                "description": _ref("optional_text"),
                "contacts": _list(_ref("contact")),
            },
            ("key", "title"),
            "Who holds a level.",
        ),
        "level": _object(
            {
                "key": _ref("level_key"),
                "rank": {
                    "type": "integer",
                    "minimum": 1,
                    "description": (
                        "1 for the first level, then one more per level. Written "
                        "without a fraction: JSON Schema takes 1.0 for an "
                        "integer, the library does not."
                    ),
                },
                "role": _ref("key"),
                "name": _ref("text"),
                "description": _ref("optional_text"),
                "delay": _nullable(_ref("duration")),
                "business_time": {"type": "boolean"},
                "escalate_while": {"enum": list(ESCALATE_WHILE)},
                "assignment": {
                    "enum": list(ASSIGNMENTS),
                    "description": (
                        "Notify every contact of the role (all), or one of them "
                        "in turn (round_robin)."
                    ),
                },
            },
            ("key", "rank", "role", "name"),
            "One step of escalation; levels are listed in rank order from 1.",
        ),
        "issue_type": _object(
            {
                "key": _ref("key"),
                "name": _ref("text"),
                "description": _ref("optional_text"),
                "entry_level": _nullable(_ref("level_key")),
                "responsibilities": {
                    "type": "object",
                    "description": "For every level key, what that level's role does.",
                    "propertyNames": _ref("level_key"),
                    "additionalProperties": _ref("multiline_text"),
                    "minProperties": 1,
                },
            },
            ("key", "name", "responsibilities"),
            "A kind of issue, with a text for every level.",
        ),
        "severity": _object(
            {
                "key": _ref("key"),
                "name": _ref("text"),
                "description": _ref("optional_text"),
                "entry_level": _nullable(_ref("level_key")),
                "max_level": _nullable(_ref("level_key")),
                "skip_levels": _list(_ref("level_key")),
            },
            ("key", "name"),
            "How serious an issue is; listed most severe first.",
        ),
        "priority": _object(
            {
                "impacts": _list(_ref("key"), min_items=1),
                "urgencies": _list(_ref("key"), min_items=1),
                "table": _list(_list(_ref("key"), min_items=1), min_items=1),
            },
            ("impacts", "urgencies", "table"),
            "Impact x urgency table giving a severity key.",
        ),
        "working_hours": _object(
            {
                "days": {
                    "type": "array",
                    "items": {"enum": list(WEEKDAYS)},
                    "minItems": 1,
                    "uniqueItems": True,
                },
                "start": {
                    "type": "string",
                    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
                },
                "end": {
                    "type": "string",
                    "pattern": (
                        r"^(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?)$"
                    ),
                },
            },
            ("days", "start", "end"),
            "Working hours on some days of the week, as wall-clock times.",
        ),
        "calendar": _object(
            {
                "timezone": {"type": "string", "description": "IANA time zone name."},
                "hours": _list(_ref("working_hours"), min_items=1),
                "holidays": _list(
                    {
                        "type": "string",
                        "format": "date",
                        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    }
                ),
            },
            ("timezone", "hours"),
            "Working hours in a time zone, less holidays.",
        ),
        "condition": {
            "description": "A routing condition.",
            "oneOf": [
                _compare(),
                _object(
                    {"all": _list(_ref("condition"), min_items=1)},
                    ("all",),
                    "Every condition matches.",
                ),
                _object(
                    {"any": _list(_ref("condition"), min_items=1)},
                    ("any",),
                    "At least one condition matches.",
                ),
                _object(
                    {"not": _ref("condition")},
                    ("not",),
                    "The condition does not match.",
                ),
                _object(
                    {"during": _ref("calendar")},
                    ("during",),
                    "The issue was opened during the calendar's working time.",
                ),
            ],
        },
        "rule": {
            **_object(
                {
                    "name": _ref("key"),
                    "description": _ref("optional_text"),
                    "when": _ref("condition"),
                    "entry_level": _nullable(_ref("level_key")),
                    "max_level": _nullable(_ref("level_key")),
                    "skip_levels": _nullable(_list(_ref("level_key"))),
                },
                ("name", "when"),
                "A routing rule; it sets at least one of entry_level, max_level, "
                "skip_levels.",
            ),
            "anyOf": [
                {"required": ["entry_level"]},
                {"required": ["max_level"]},
                {"required": ["skip_levels"]},
            ],
        },
        "policy": _object(
            {
                "delay_mode": {"enum": list(DELAY_MODES)},
                "default_severity": _nullable(_ref("key")),
                "severities": _list(_ref("severity")),
                "priority": _nullable(_ref("priority")),
                "calendar": _nullable(_ref("calendar")),
                "rules": _list(_ref("rule")),
                "first_wait": _nullable(
                    {
                        "anyOf": [
                            _ref("duration"),
                            _object(
                                {
                                    "delay": _ref("duration"),
                                    "escalate_while": {"enum": list(ESCALATE_WHILE)},
                                },
                                ("delay",),
                                "The wait, and whether an acknowledgement ends it "
                                "as resolution does.",
                            ),
                        ],
                        "description": (
                            "A wait before the first level of each round is "
                            "notified; a duration alone is ended by resolution "
                            "only."
                        ),
                    }
                ),
                "repeat": _nullable(
                    _object(
                        {
                            "times": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_REPEATS,
                                "description": "Further rounds after the first.",
                            },
                            "wait": _ref("wait"),
                            "from_level": _nullable(_ref("level_key")),
                            "reset_acknowledgement": {"type": "boolean"},
                        },
                        ("times", "wait"),
                        "Run the levels again after the last one is notified.",
                    )
                ),
                "at_end": {"enum": list(AT_END)},
            },
            (),
            "Matrix-wide escalation settings.",
        ),
    }


def json_schema() -> dict[str, Any]:
    """Return a JSON Schema (draft 2020-12) of the matrix file format.

    Editors use it to check matrix files as they are written, in JSON, or in
    YAML and TOML through their plugins. It checks each value's shape; the
    library's loader also checks what spans the file (unique keys, known
    roles and levels, a text for every level) and reports every problem.

    >>> from escalation_matrix.schema import json_schema
    >>> schema = json_schema()
    >>> schema["properties"]["schema_version"]
    {'const': 1}
    >>> sorted(schema["required"])
    ['key', 'levels', 'roles', 'schema_version', 'title']
    """
    root = _object(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "key": _ref("key"),
            "title": _ref("text"),
            "description": _ref("optional_text"),
            "language": {
                "type": "string",
                "pattern": r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*$",
            },
            "policy": _ref("policy"),
            "roles": _list(_ref("role")),
            "levels": _list(_ref("level"), min_items=1),
            "issue_types": {
                **_list(_ref("issue_type")),
                "description": (
                    "The issue types; none (or left out) for a matrix with the one "
                    "implicit issue type 'any', which has no texts."
                ),
            },
        },
        ("schema_version", "key", "title", "roles", "levels"),
        "An issue-escalation matrix: levels held by roles, issue types, and "
        "what each level's role does about each issue type.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://escalation-matrix.readthedocs.io/schema/matrix-{SCHEMA_VERSION}.json",
        "title": "escalation_matrix matrix file",
        **root,
        "$defs": _definitions(),
    }
