"""Subclasses of the public types: kept whole, or refused clearly, never trimmed."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time, timedelta

import attrs
import cattrs
import pytest

import escalation_matrix as em
from escalation_matrix import (
    Issue,
    IssueType,
    Level,
    Matrix,
    MatrixBuilder,
    default_matrix,
)
from escalation_matrix._model.texts import matrix_texts
from escalation_matrix.contacts import Contact
from escalation_matrix.exceptions import UnserializableError, ValidationError
from escalation_matrix.rules import Compare, Rule
from escalation_matrix.typing import Format
from tests.helpers import small_matrix

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@attrs.frozen(repr=False)
class TeamIssueType(IssueType):
    """An issue type that names the team owning it."""

    owner: str = attrs.field(default="support", kw_only=True)
    tags: tuple[str, ...] = attrs.field(default=(), kw_only=True)


@attrs.frozen(repr=False)
class PagedContact(Contact):
    """A contact with a pager number, which must be given."""

    pager: str = attrs.field(kw_only=True)


@attrs.frozen(repr=False)
class FriendlyLevel(Level):
    """A level with a method and no extra field."""

    def label(self) -> str:
        """Say the level's key and name together."""
        return f"{self.key}: {self.name}"


@attrs.frozen(repr=False)
class TaggedRule(Rule):
    """A rule with an extra field: rules are not extensible."""

    tag: str = attrs.field(default="x", kw_only=True)


OUTAGE = TeamIssueType(
    "outage",
    "Outage",
    {"L1": "Restart it.", "L2": "Find the cause.", "L3": "Tell customers."},
    owner="sre",
    tags=("infra", "urgent"),
)


def team_matrix() -> Matrix:
    """The small matrix whose outage issue type is a TeamIssueType."""
    return small_matrix(issue_types=[OUTAGE, small_matrix().issue_type("billing")])


class TestOnTheirOwn:
    def test_payload_holds_extra_fields(self) -> None:
        """A subclass is written as its base's payload plus its extra fields."""
        assert em.to_dict(OUTAGE) == {
            "key": "outage",
            "name": "Outage",
            "responsibilities": {
                "L1": "Restart it.",
                "L2": "Find the cause.",
                "L3": "Tell customers.",
            },
            "owner": "sre",
            "tags": ["infra", "urgent"],
        }

    def test_defaults_left_out(self) -> None:
        """Extra fields holding their defaults are left out, as other defaults are."""
        plain = TeamIssueType("outage", "Outage", {"L1": "Go."})
        assert em.to_dict(plain) == {
            "key": "outage",
            "name": "Outage",
            "responsibilities": {"L1": "Go."},
        }

    @pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
    def test_round_trip(self, fmt: Format) -> None:
        """A subclass reads back as itself, extra fields included, from every format."""
        assert em.loads(em.dumps(OUTAGE, fmt), fmt, TeamIssueType) == OUTAGE

    @pytest.mark.parametrize("make", [cattrs.Converter, cattrs.BaseConverter])
    def test_users_converter(self, make: type[cattrs.BaseConverter]) -> None:
        """A user's converter taught by register_hooks() keeps extra fields too."""
        converter = em.register_hooks(make())
        assert converter.structure(converter.unstructure(OUTAGE), TeamIssueType) == (
            OUTAGE
        )

    def test_required_extra_field(self) -> None:
        """A subclass's required extra field is required in its payload."""
        contact = PagedContact("Ada", pager="555 0100")
        assert em.from_dict(em.to_dict(contact), PagedContact) == contact
        with pytest.raises(ValidationError) as caught:
            em.from_dict({"name": ""}, PagedContact)
        assert [str(p) for p in caught.value.problems] == [
            "$.name: must be a text with something visible in it, got ''",
            "$.pager: missing required field",
        ]

    def test_bad_extra_value(self) -> None:
        """An extra field the converter cannot read is a problem with its path."""
        data = {**em.to_dict(OUTAGE), "tags": 3}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, TeamIssueType)
        assert [p.path for p in caught.value.problems] == ["$.tags"]

    @pytest.mark.parametrize(
        ("extra", "expected"),
        [
            (
                {"owner": None},
                ["$.owner: cannot be read as str: expected a string, got null"],
            ),
            (
                {"owner": 5},
                ["$.owner: cannot be read as str: expected a string, got 5"],
            ),
            (
                {"tags": ["a", 1, None]},
                [
                    "$.tags[1]: expected a string, got 1",
                    "$.tags[2]: expected a string, got null",
                ],
            ),
        ],
    )
    def test_extra_values_are_not_converted(
        self, extra: dict[str, object], expected: list[str]
    ) -> None:
        """The library's converter never turns None or 5 into a string."""
        with pytest.raises(ValidationError) as caught:
            em.from_dict({**em.to_dict(OUTAGE), **extra}, TeamIssueType)
        assert [str(p) for p in caught.value.problems] == expected

    def test_unknown_field_lists_the_extra_fields(self) -> None:
        """The fields a payload may hold include the subclass's own."""
        with pytest.raises(ValidationError) as caught:
            em.from_dict({**em.to_dict(OUTAGE), "colour": "red"}, TeamIssueType)
        assert [str(p) for p in caught.value.problems] == [
            "$.colour: unknown field; expected one of: key, name, description, "
            "entry_level, responsibilities, owner, tags"
        ]

    def test_missing_extra_fields_take_their_defaults(self) -> None:
        """A payload without a subclass's optional fields reads them as defaults."""
        data = {"key": "outage", "name": "Outage", "responsibilities": {"L1": "Go."}}
        assert em.from_dict(data, TeamIssueType).owner == "support"

    def test_not_an_object(self) -> None:
        """A subclass payload that is not an object is reported as such."""
        with pytest.raises(ValidationError) as caught:
            em.from_dict(3, TeamIssueType)
        assert [str(p) for p in caught.value.problems] == [
            "$: must be an object (a table), got 3"
        ]

    def test_unresolvable_annotations_keep_values(self) -> None:
        """Extra fields whose types cannot be resolved are read as they are."""

        class Local:
            pass

        @attrs.frozen(repr=False)
        class Odd(IssueType):
            extra: Local | None = attrs.field(default=None, kw_only=True)

        read = em.from_dict(
            {"key": "x", "name": "X", "responsibilities": {}, "extra": "raw"}, Odd
        )
        assert read.extra == "raw"  # type: ignore[comparison-overlap]

    def test_base_fields_still_checked(self) -> None:
        """The base's fields of a subclass payload are read as strictly as ever."""
        data = {**em.to_dict(OUTAGE), "colour": "red"}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, TeamIssueType)
        assert [p.path for p in caught.value.problems] == ["$.colour"]

    def test_subclass_without_extra_fields(self) -> None:
        """A subclass adding only behaviour is written as its base, read as itself."""
        level = FriendlyLevel("L1", 1, "agent", "First line")
        data = em.to_dict(level)
        assert (data, em.from_dict(data, FriendlyLevel).label()) == (
            em.to_dict(Level("L1", 1, "agent", "First line")),
            "L1: First line",
        )

    def test_other_subclasses_with_extra_fields_refused(self) -> None:
        """Subclasses of types that are not extensible cannot hide fields."""
        rule = TaggedRule("r", Compare("severity", "==", "high"), entry_level="L2")
        with pytest.raises(UnserializableError, match=r"no place for: tag"):
            em.to_dict(rule)
        with pytest.raises(UnserializableError, match=r"TaggedRule adds tag"):
            em.from_dict(em.to_dict(Rule("r", rule.when, entry_level="L2")), TaggedRule)


class TestInsideAMatrix:
    def test_matrix_holds_and_routes_them(self) -> None:
        """A matrix keeps subclass parts as they are, and routes with them."""
        matrix = team_matrix()
        decision = em.route(matrix, Issue("outage", OPENED), now=OPENED)
        assert (matrix.issue_type("outage") is OUTAGE, decision.responsibility) == (
            True,
            "Restart it.",
        )

    def test_edits_keep_them(self) -> None:
        """Edits keep a part's class and extra fields."""
        matrix = (
            MatrixBuilder.from_matrix(team_matrix())
            .add_level(
                "L4",
                role="boss",
                name="Board",
                responsibilities={"outage": "Decide.", "billing": "Decide."},
            )
            .rename_issue_type("outage", "service_down")
            .set_text("issue_type:service_down:name", "Service down")
            .build()
        )
        edited = matrix.issue_type("service_down")
        assert (type(edited), edited.owner, edited.tags, edited.name) == (  # type: ignore[attr-defined]
            TeamIssueType,
            "sre",
            ("infra", "urgent"),
            "Service down",
        )

    def test_translation_keeps_them(self) -> None:
        """A translated part keeps its class and extra fields."""
        matrix = team_matrix()
        translated = em.translate(
            matrix, "it", catalogs=[]
        )  # no Italian texts for these: the same texts, in the same language
        part = translated.issue_type("outage")
        assert (type(part), part.owner, translated.language) == (  # type: ignore[attr-defined]
            TeamIssueType,
            "sre",
            "en",
        )

    def test_translated_subclass_texts(self) -> None:
        """A subclass part's texts are translated like its base's."""
        outage = TeamIssueType(
            "performance_hiccups",
            "Performance hiccups",
            default_matrix().issue_type("performance_hiccups").responsibilities,
            owner="sre",
        )
        matrix = (
            MatrixBuilder.from_matrix(default_matrix())
            .remove_issue_type("performance_hiccups")
            .add(outage)
            .build()
        )
        part = em.translate(matrix, "it").issue_type("performance_hiccups")
        assert (type(part), part.owner, part.responsibilities["L2"]) == (  # type: ignore[attr-defined]
            TeamIssueType,
            "sre",
            "Formula strategie per migliorare le prestazioni del servizio.",
        )

    def test_texts_offered_to_translators(self) -> None:
        """A subclass part's texts are extracted with the base's contexts."""
        contexts = [t.context for t in matrix_texts(team_matrix())]
        assert "issue_type:outage:name" in contexts

    def test_matrix_file_refuses_extra_fields(self) -> None:
        """Writing a matrix whose part has extra fields is refused, naming it."""
        with pytest.raises(UnserializableError) as caught:
            em.dumps(team_matrix(), "json")
        assert str(caught.value).endswith(
            "$.issue_types[0] is a TeamIssueType with fields that a matrix file has "
            "no place for: owner, tags; serialize it on its own (to_dict(), a cattrs "
            "converter with register_hooks()), or keep that data beside it"
        )

    def test_contacts_with_extra_fields_refused(self) -> None:
        """A contact with extra fields in a matrix is refused with its path."""
        role = em.Role("agent", "Agent", contacts=[PagedContact("Ada", pager="1")])
        matrix = small_matrix(roles=[role, *small_matrix().roles[1:]])
        with pytest.raises(
            UnserializableError,
            match=r"\$\.roles\[0\]\.contacts\[0\] is a PagedContact",
        ):
            em.to_dict(matrix)

    def test_behaviour_only_parts_written_as_base(self) -> None:
        """Parts of subclasses without extra fields are written as their base."""
        levels = [FriendlyLevel("L1", 1, "agent", "First"), *small_matrix().levels[1:]]
        plain = [Level("L1", 1, "agent", "First"), *small_matrix().levels[1:]]
        assert em.to_dict(small_matrix(levels=levels)) == em.to_dict(
            small_matrix(levels=plain)
        )

    def test_decision_refuses_extra_fields(self) -> None:
        """A decision about a subclass level with extra fields cannot be written."""

        @attrs.frozen(repr=False)
        class OwnedLevel(Level):
            owner: str = attrs.field(default="ops", kw_only=True)

        levels = [OwnedLevel("L1", 1, "agent", "First"), *small_matrix().levels[1:]]
        decision = em.route(
            small_matrix(levels=levels), Issue("outage", OPENED), now=OPENED
        )
        with pytest.raises(UnserializableError, match=r"\$\.level is a OwnedLevel"):
            em.to_dict(decision)

    def test_decision_refuses_extra_fields_of_its_next_level_and_contacts(
        self,
    ) -> None:
        """Nothing of a decision is written without its own fields: refused."""

        @attrs.frozen(repr=False)
        class OwnedLevel(Level):
            owner: str = attrs.field(default="ops", kw_only=True)

        @attrs.frozen(repr=False)
        class Pager(Contact):
            pager: str = attrs.field(default="", kw_only=True)

        base = small_matrix()
        second = base.levels[1]
        owned = OwnedLevel(second.key, second.rank, second.role, second.name)
        matrix = small_matrix(levels=[base.levels[0], owned, *base.levels[2:]])
        decision = em.route(matrix, Issue("outage", OPENED), now=OPENED)
        assert type(decision.next_level) is OwnedLevel
        with pytest.raises(
            UnserializableError, match=r"\$\.next_level is a OwnedLevel"
        ):
            em.to_dict(decision)
        paged = em.route(
            base,
            Issue("outage", OPENED),
            now=OPENED,
            resolver=lambda _role, _decision: [Pager("Ada", pager="42")],
        )
        with pytest.raises(UnserializableError, match=r"\$\.contacts\[0\] is a Pager"):
            em.to_dict(paged)


def test_matrix_cannot_be_subclassed() -> None:
    """Subclassing Matrix is refused at once, saying to wrap it instead."""
    with pytest.raises(TypeError, match="wrap one in your own class instead"):

        class MyMatrix(Matrix):
            pass


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (1.5, int),
        (True, int),
        ("1", int),
        ("x", float),
        (float("nan"), float),
        (False, float),
        (1, bool),
        (None, str),
        (b"a", str),
    ],
)
def test_library_converter_takes_values_as_they_are(value: object, kind: type) -> None:
    """make_converter() refuses a value of another type instead of converting it."""
    with pytest.raises(TypeError, match="expected"):
        em.make_converter().structure(value, kind)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (1, int, 1),
        (2, float, 2.0),
        (0.5, float, 0.5),
        (True, bool, True),
        ("a", str, "a"),
    ],
)
def test_library_converter_reads_plain_values(
    value: object, kind: type, expected: object
) -> None:
    """Values of the right type pass; an integer is a number."""
    read: object = em.make_converter().structure(value, kind)
    assert (read, type(read)) == (expected, kind)


class Tier(enum.StrEnum):
    """An enumeration of strings, as a subclass's field."""

    GOLD = "gold"
    SILVER = "silver"


class Shift(enum.IntEnum):
    """An enumeration of integers."""

    DAY = 1
    NIGHT = 2


@attrs.frozen(repr=False)
class RankedIssueType(IssueType):
    """An issue type with enumerated extra fields."""

    tier: Tier = attrs.field(default=Tier.GOLD, kw_only=True)
    shift: Shift = attrs.field(default=Shift.DAY, kw_only=True)


def test_enumerated_extra_fields() -> None:
    """Enumerations are read as themselves, and values they lack refused."""
    ranked = RankedIssueType(
        "outage", "Outage", {"L1": "x"}, tier=Tier.SILVER, shift=Shift.NIGHT
    )
    back = em.from_dict(em.to_dict(ranked), RankedIssueType)
    assert back == ranked
    assert (type(back.tier), type(back.shift)) == (Tier, Shift)
    with pytest.raises(ValidationError) as caught:
        em.from_dict(
            {**em.to_dict(ranked), "tier": "bronze", "shift": 3}, RankedIssueType
        )
    assert [p.path for p in caught.value.problems] == ["$.tier", "$.shift"]


@attrs.frozen(repr=False)
class TaggedIssueType(IssueType):
    """An issue type with a mapping of numbers."""

    weights: dict[str, int] = attrs.field(factory=dict, kw_only=True)


def test_paths_of_keys_holding_at_signs() -> None:
    """A key with " @ " in it stays whole in the problem's path."""
    data = {**em.to_dict(OUTAGE), "weights": {"a @ b": "x"}}
    data.pop("owner", None)
    data.pop("tags", None)
    with pytest.raises(ValidationError) as caught:
        em.from_dict(data, TaggedIssueType)
    assert [str(p) for p in caught.value.problems] == [
        "$.weights['a @ b']: expected an integer, got 'x'"
    ]


class Grade(enum.StrEnum):
    """A user's enumeration that is also a str."""

    GOLD = "gold"
    SILVER = "silver"


@attrs.frozen(repr=False, kw_only=True)
class RichLevel(Level):
    """A level whose own fields hold dates, times, durations, sets and an enum."""

    tier: Grade = Grade.GOLD
    tags: frozenset[str] = frozenset()
    since: date | None = None
    at: datetime | None = None
    wait: timedelta = timedelta(hours=1)
    opens: time | None = None


class TestPlainValuesOfOwnFields:
    def rich(self) -> RichLevel:
        """A level with every such field set."""
        return RichLevel(
            key="L1",
            rank=1,
            role="agent",
            name="First",
            tier=Grade.SILVER,
            tags=frozenset({"b", "a"}),
            since=date(2026, 1, 2),
            at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
            wait=timedelta(minutes=90),
            opens=time(9, 30),
        )

    def test_written_as_the_library_writes_its_own(self) -> None:
        """Dates, times and durations in their written forms; sets as sorted lists."""
        data = em.to_dict(self.rich())
        assert {name: data[name] for name in ("tier", "tags", "since", "at")} == {
            "tier": "silver",
            "tags": ["a", "b"],
            "since": "2026-01-02",
            "at": "2026-01-02T03:04:00+00:00",
        }
        assert (data["wait"], data["opens"]) == ("1h30m", "09:30")
        assert type(data["tier"]) is str

    @pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
    def test_round_trip(self, fmt: Format) -> None:
        """Each format gives the same level back."""
        rich = self.rich()
        assert em.loads(em.dumps(rich, fmt), fmt, RichLevel) == rich

    @pytest.mark.parametrize(
        ("field", "value", "said"),
        [
            ("since", "2026-13-01", "there is no month 13"),
            ("at", "yesterday", "must be an ISO 8601 date and time"),
            ("wait", 5, "expected a duration as a string"),
            ("opens", "25:00", "must be a time of day"),
            ("tier", "tin", "'tin' is not a valid Grade"),
        ],
    )
    def test_read_strictly(self, field: str, value: object, said: str) -> None:
        """A value not in its written form is a problem of its field."""
        data = {**em.to_dict(self.rich()), field: value}
        with pytest.raises(ValidationError) as caught:
            em.from_dict(data, RichLevel)
        (problem,) = caught.value.problems
        assert problem.path == f"$.{field}"
        assert said in problem.message


@attrs.frozen(repr=False, kw_only=True)
class TaggedLevel(Level):
    """A level whose own fields hold a list, a set and an optional mapping."""

    tags: list[str] = attrs.field(factory=list)
    labels: frozenset[str] = frozenset()
    extra: dict[str, int] | None = None


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("tags", "abc", "must be a list, got 'abc'"),
        ("tags", {"a": 1}, 'must be a list, got {"a": 1}'),
        ("labels", "xyz", "must be a list, got 'xyz'"),
        ("extra", [1], "must be an object (a table), got [1]"),
    ],
)
def test_own_collections_are_not_made_of_other_shapes(
    field: str, value: object, said: str
) -> None:
    """A text is not a list of its characters, nor an object a list of its keys."""
    level = TaggedLevel(key="L1", rank=1, role="agent", name="First", tags=["a"])
    data = {**em.to_dict(level), field: value}
    with pytest.raises(ValidationError) as caught:
        em.from_dict(data, TaggedLevel)
    assert [str(problem) for problem in caught.value.problems] == [f"$.{field}: {said}"]
    assert em.from_dict(em.to_dict(level), TaggedLevel) == level
