"""Writing and changing matrices step by step, then checking them once.

A :class:`MatrixBuilder` holds a draft: the fields of every role, level and
issue type, kept as plain values until :meth:`MatrixBuilder.build` makes the
objects and the matrix, checks everything and reports every problem at
once, with its path in the matrix that was being built. Matrices never
change; editing one (:meth:`Matrix.edit`, :meth:`Matrix.add_level`...)
means drafting from it and building a new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, Final, Self, TypeVar, cast

import attrs

from escalation_matrix._base.checks import check_key, nested, require_type
from escalation_matrix._base.shown import shown_phrase
from escalation_matrix._model.consistency import PartlyRead, cross_problems
from escalation_matrix._model.contacts import Contact
from escalation_matrix._model.matrix import (
    EscalateWhile,
    IssueType,
    Level,
    LevelAssignment,
    Matrix,
    Role,
)
from escalation_matrix._model.matrix import matrix_scalar_problems as _scalar_problems
from escalation_matrix._model.part_messages import PartMessages
from escalation_matrix._model.policy import Policy
from escalation_matrix._model.rules import AllOf, AnyOf, Compare, Condition, Not
from escalation_matrix._model.texts import TRANSLATABLE
from escalation_matrix.exceptions import (
    Phrase,
    Problem,
    UnknownIssueTypeError,
    UnknownLevelError,
    UnknownRoleError,
    UnknownSeverityError,
    ValidationError,
    WrongTypeError,
)

__all__ = ["MatrixBuilder", "text_target"]

T = TypeVar("T")


class _Draft:
    """The fields of one part, and the part itself while they are unchanged."""

    __slots__ = ("built", "cls", "fields")

    def __init__(self, cls: type, fields: dict[str, Any], built: object = None) -> None:
        self.cls = cls
        self.fields = fields
        self.built = built

    @classmethod
    def of(cls, obj: Any) -> _Draft:
        fields = {
            field.alias: getattr(obj, field.name)
            for field in attrs.fields(type(obj))
            if field.init
        }
        return cls(type(obj), fields, obj)

    @property
    def key(self) -> object:
        return self.fields.get("key")

    def change(self, **changes: Any) -> None:
        self.fields.update(changes)
        self.built = None

    def copy(self) -> _Draft:
        # Changes replace values, never change them in place: the values can
        # be shared.
        return _Draft(self.cls, dict(self.fields), self.built)


_PATH_FIELD: Final = re.compile(r"\$\.([A-Za-z_]+)")
_GROUPS: Final = {"roles": "role", "levels": "level", "issue_types": "issue type"}
# Fields that edits change through their own methods.
_FIXED: Final = ("key", "rank")


class MatrixBuilder:
    """Write a matrix in code, or change one, step by step.

    Every method changes the draft and returns the builder, so calls chain;
    :meth:`build` checks the whole draft and returns the new
    :class:`~escalation_matrix.Matrix`, or raises
    :class:`~escalation_matrix.exceptions.ValidationError` listing every
    problem with its path in the matrix being built. Steps that name a key
    the draft does not hold raise the matching ``Unknown...Error`` (a
    :class:`LookupError`) at once and change nothing.

    Levels are ranked by their order: adding one at a rank moves the levels
    from that rank up by one, and :meth:`build` renumbers the ranks 1 to n.
    Keys never change by themselves: a level added at rank 3 above ``L3``
    is rank 3, and ``L3`` becomes rank 4 under its old key (rename it with
    :meth:`rename_level` if the keys should follow the ranks).

    Objects of subclasses (an :class:`~escalation_matrix.IssueType` with
    extra fields) keep their class and extra fields through every step.

    >>> from datetime import timedelta
    >>> from escalation_matrix import MatrixBuilder
    >>> matrix = (
    ...     MatrixBuilder("support", "Support escalation")
    ...     .add_role("agent", "Support agent")
    ...     .add_role("lead", "Team lead")
    ...     .add_level("L1", role="agent", name="First line", delay=timedelta(hours=2))
    ...     .add_level("L2", role="lead", name="Second line")
    ...     .add_issue_type(
    ...         "outage",
    ...         "Outage",
    ...         {"L1": "Restart the service.", "L2": "Find the cause."},
    ...     )
    ...     .build()
    ... )
    >>> matrix
    <Matrix 'support' levels=2 roles=2 issue_types=1>
    >>> MatrixBuilder("support", "Support").add_role("agent", "Agent").add_level(
    ...     "L1", role="agnet", name="First line"
    ... ).build()
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.ValidationError: Invalid matrix: 1 problem:
      $.levels[0].role: unknown role 'agnet'; known role keys: agent
    """

    __slots__ = (
        "_description",
        "_issue_types",
        "_key",
        "_language",
        "_levels",
        "_messages",
        "_policy",
        "_roles",
        "_title",
    )

    def __init__(
        self,
        key: str,
        title: str,
        *,
        description: str = "",
        language: str = "en",
        policy: Policy | None = None,
    ) -> None:
        self._key = key
        self._title = title
        self._description = description
        self._language = language
        self._policy = Policy() if policy is None else policy
        self._roles: list[_Draft] = []
        self._levels: list[_Draft] = []
        self._issue_types: list[_Draft] = []
        self._messages = PartMessages()

    @classmethod
    def from_matrix(cls, matrix: Matrix, /) -> Self:
        """Return a builder whose draft is *matrix*, to change it.

        >>> from escalation_matrix import default_matrix
        >>> MatrixBuilder.from_matrix(default_matrix()).build() == default_matrix()
        True
        """
        builder = cls(
            matrix.key,
            matrix.title,
            description=matrix.description,
            language=matrix.language,
            policy=matrix.policy,
        )
        builder._roles = [_Draft.of(role) for role in matrix.roles]
        builder._levels = [_Draft.of(level) for level in matrix.levels]
        builder._issue_types = [_Draft.of(it) for it in matrix.issue_types]
        return builder

    def __copy__(self) -> Self:
        # The methods change the draft in place: a copy is a draft of its
        # own, which changes to either builder do not reach.
        twin = object.__new__(type(self))
        for cls in type(self).__mro__:
            for name in getattr(cls, "__slots__", ()):
                setattr(twin, name, getattr(self, name))
        twin._roles = [draft.copy() for draft in self._roles]
        twin._levels = [draft.copy() for draft in self._levels]
        twin._issue_types = [draft.copy() for draft in self._issue_types]
        twin._messages = self._messages.copy()
        return twin

    def __repr__(self) -> str:
        return (
            f"<MatrixBuilder {self._key!r} levels={len(self._levels)} "
            f"roles={len(self._roles)} issue_types={len(self._issue_types)}>"
        )

    # The matrix itself ----------------------------------------------------

    def update(
        self,
        *,
        key: str | None = None,
        title: str | None = None,
        description: str | None = None,
        language: str | None = None,
    ) -> MatrixBuilder:
        """Change the matrix's own fields; those not given are kept."""
        if key is not None:
            self._key = key
        if title is not None:
            self._title = title
        if description is not None:
            self._description = description
        if language is not None:
            self._language = language
        return self

    def update_policy(self, **changes: Any) -> MatrixBuilder:
        """Change fields of the policy (``delay_mode``, ``rules``...).

        Raises:
            ValidationError: The policy would be invalid; paths start at
                ``$.policy``.
        """
        self._policy = _evolve(self._policy, "$.policy", "policy", changes)
        return self

    # Parts ----------------------------------------------------------------

    def add(self, part: Role | Level | IssueType, /) -> MatrixBuilder:
        """Add a role, level or issue type made beforehand (of a subclass, say).

        Roles and issue types go after the others; a level goes at its own
        rank, which must be 1 to the number of levels plus one.

        Raises:
            ValidationError: A level's rank is out of range.
            WrongTypeError: *part* is none of those.
        """
        if isinstance(part, Level):
            self._insert_level(part.rank, _Draft.of(part))
        elif isinstance(part, Role | IssueType):
            group = self._roles if isinstance(part, Role) else self._issue_types
            group.append(_Draft.of(part))
        else:
            raise WrongTypeError("part", part, "a Role, Level or IssueType")
        return self

    # Roles ----------------------------------------------------------------

    def add_role(
        self,
        key: str,
        title: str,
        *,
        description: str = "",
        contacts: Iterable[Contact] = (),
        messages: Mapping[str, Mapping[str, str]] | None = None,
    ) -> MatrixBuilder:
        """Add a role, after the others.

        *messages* are its texts' translations, by locale then context
        (``{"it": {"role:cto:title": "Direttore tecnico"}}``): see
        :meth:`messages`.
        """
        if messages is not None:
            sources = {
                f"role:{key}:title": title,
                f"role:{key}:description": description,
            }
            self._messages.add("role", key, messages, sources)
        fields = {
            "key": key,
            "title": title,
            "description": description,
            "contacts": contacts,
        }
        self._roles.append(_Draft(Role, fields))
        return self

    def update_role(self, key: str | Role, /, **changes: Any) -> MatrixBuilder:
        """Change fields of the role *key* (``title``, ``description``, ``contacts``).

        Raises:
            UnknownRoleError: No role has that key.
            ValidationError: A field is unknown or cannot be changed here.
        """
        key = _part_key(key, Role)
        self._change("roles", self._role(key), changes)
        return self

    def rename_role(self, key: str | Role, new_key: str, /) -> MatrixBuilder:
        """Give the role *key* a new key, and every level it holds too.

        Raises:
            UnknownRoleError: No role has that key.
            ValidationError: *new_key* is not a key.
        """
        key = _part_key(key, Role)
        index = self._role(key)
        self._check_new_key("roles", index, new_key)
        self._roles[index].change(key=new_key)
        self._messages.rename("role", key, new_key)
        for draft in self._levels:
            if draft.fields.get("role") == key:
                draft.change(role=new_key)
        return self

    def remove_role(self, key: str | Role, /) -> MatrixBuilder:
        """Remove the role *key*; levels that it holds make :meth:`build` fail.

        Raises:
            UnknownRoleError: No role has that key.
        """
        key = _part_key(key, Role)
        del self._roles[self._role(key)]
        self._messages.remove("role", key)
        return self

    # Levels ---------------------------------------------------------------

    def add_level(
        self,
        key: str,
        *,
        role: str,
        name: str,
        rank: int | None = None,
        description: str = "",
        delay: timedelta | str | None = None,
        business_time: bool = False,
        escalate_while: EscalateWhile = "unresolved",
        assignment: LevelAssignment = "all",
        responsibilities: Mapping[str, str] | None = None,
        messages: Mapping[str, Mapping[str, str]] | None = None,
    ) -> MatrixBuilder:
        """Add a level at *rank*, or at the top.

        Args:
            key: The new level's key.
            role: Key of the role that holds it.
            name: Its display name.
            rank: Where it goes, 1 to the number of levels plus one; the
                levels from that rank up move up by one. None puts it at the
                top.
            description: Its longer description.
            delay: How long before issues escalate past it, a timedelta or
                written as in files (``"4h"``, ``"PT4H"``); the delay of
                the level below decides when issues reach it (give the level
                below one with :meth:`update_level` if it has none).
            business_time: Whether *delay* counts working hours only.
            escalate_while: ``"unresolved"`` or ``"unacknowledged"``.
            assignment: ``"all"`` to notify every contact of the role,
                ``"round_robin"`` for one of them, in turn.
            responsibilities: The new level's text for each issue type, by
                issue type key; every issue type needs one.
            messages: Translations of its texts (its name, description and
                cells), by locale then context: ``{"it": {"level:L5:name":
                "Livello 5", "cell:outage:L5": "..."}}``; see
                :meth:`messages`.

        Raises:
            UnknownIssueTypeError: *responsibilities* names an issue type
                the draft does not hold.
            ValidationError: *rank* is out of range, *responsibilities*
                is not a mapping, or *messages* names a text of another part.
        """
        if responsibilities is not None and not isinstance(responsibilities, Mapping):
            message = Phrase(
                "must be a mapping of issue type keys to texts, got {got}",
                got=shown_phrase(responsibilities),
            )
            problem = Problem("$.responsibilities", message)
            raise ValidationError([problem], subject=f"level {key!r}")
        texts = dict(responsibilities or {})
        for issue_type in texts:
            self._issue_type(issue_type)
        if messages is not None:
            sources = {
                f"level:{key}:name": name,
                f"level:{key}:description": description,
                **{f"cell:{it}:{key}": text for it, text in texts.items()},
            }
            self._messages.add("level", key, messages, sources)
        if rank is None:
            rank = len(self._levels) + 1
        fields = {
            "key": key,
            "rank": rank,
            "role": role,
            "name": name,
            "description": description,
            "delay": delay,
            "business_time": business_time,
            "escalate_while": escalate_while,
            "assignment": assignment,
        }
        self._insert_level(rank, _Draft(Level, fields))
        for issue_type, text in texts.items():
            self.set_responsibility(issue_type, key, text)
        return self

    def update_level(self, key: str | Level, /, **changes: Any) -> MatrixBuilder:
        """Change fields of the level *key* (``delay``, ``role``, ``name``...).

        Raises:
            UnknownLevelError: No level has that key.
            ValidationError: A field is unknown or cannot be changed here
                (``key``: use :meth:`rename_level`; ``rank``).
        """
        key = _part_key(key, Level)
        self._change("levels", self._level(key), changes)
        return self

    def rename_level(self, key: str | Level, new_key: str, /) -> MatrixBuilder:
        """Give the level *key* a new key, and update every reference to it.

        The issue types' texts and entry levels, and the severities' and
        rules' levels follow.

        Raises:
            UnknownLevelError: No level has that key.
            ValidationError: *new_key* is not a level key.
        """
        key = _part_key(key, Level)
        index = self._level(key)
        self._check_new_key("levels", index, new_key, level=True)
        self._levels[index].change(key=new_key)
        for draft in self._issue_types:
            texts = draft.fields.get("responsibilities")
            if isinstance(texts, Mapping) and key in texts:
                draft.change(
                    responsibilities={
                        new_key if level == key else level: text
                        for level, text in texts.items()
                    }
                )
            if draft.fields.get("entry_level") == key:
                draft.change(entry_level=new_key)
        self._policy = _rename_policy_level(self._policy, key, new_key)
        self._messages.rename("level", key, new_key)
        return self

    def remove_level(self, key: str | Level, /) -> MatrixBuilder:
        """Remove the level *key* and its texts; ranks close up.

        References to it (entry levels, severities, rules) make
        :meth:`build` fail, as does removing the last level.

        Raises:
            UnknownLevelError: No level has that key.
        """
        key = _part_key(key, Level)
        del self._levels[self._level(key)]
        self._messages.remove("level", key)
        for draft in self._issue_types:
            texts = draft.fields.get("responsibilities")
            if isinstance(texts, Mapping) and key in texts:
                draft.change(
                    responsibilities={k: v for k, v in texts.items() if k != key}
                )
        return self

    # Issue types ----------------------------------------------------------

    def add_issue_type(
        self,
        key: str,
        name: str,
        responsibilities: Mapping[str, str],
        *,
        description: str = "",
        entry_level: str | None = None,
        messages: Mapping[str, Mapping[str, str]] | None = None,
    ) -> MatrixBuilder:
        """Add an issue type, after the others, with a text for every level.

        *messages* are its texts' translations (its name, description and
        cells), by locale then context: ``{"it": {"issue_type:outage:name":
        "Disservizio", "cell:outage:L1": "..."}}``; see :meth:`messages`.
        """
        if messages is not None:
            given: object = responsibilities  # anything, from untyped callers
            cells = given if isinstance(given, Mapping) else {}
            sources = {
                f"issue_type:{key}:name": name,
                f"issue_type:{key}:description": description,
                **{f"cell:{key}:{level}": text for level, text in cells.items()},
            }
            self._messages.add("issue_type", key, messages, sources)
        # Anything but a mapping is kept for the issue type's checks to report.
        texts: object = responsibilities
        fields = {
            "key": key,
            "name": name,
            "responsibilities": dict(texts) if isinstance(texts, Mapping) else texts,
            "description": description,
            "entry_level": entry_level,
        }
        self._issue_types.append(_Draft(IssueType, fields))
        return self

    def update_issue_type(
        self, key: str | IssueType, /, **changes: Any
    ) -> MatrixBuilder:
        """Change fields of the issue type *key* (``name``, ``entry_level``...).

        Texts given in ``responsibilities`` replace those levels' texts; the
        texts of the other levels are kept.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
            ValidationError: A field is unknown or cannot be changed here.
        """
        key = _part_key(key, IssueType)
        index = self._issue_type(key)
        if "responsibilities" in changes:
            texts = changes["responsibilities"]
            if isinstance(texts, Mapping):
                own = self._issue_types[index].fields.get("responsibilities")
                base = dict(own) if isinstance(own, Mapping) else {}
                changes = {**changes, "responsibilities": {**base, **texts}}
        self._change("issue_types", index, changes)
        return self

    def rename_issue_type(self, key: str | IssueType, new_key: str, /) -> MatrixBuilder:
        """Give the issue type *key* a new key, and update the rules naming it.

        Declarative rule conditions (``issue_type == "..."``) follow; rules
        written as Python callables are code and are left as they are.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
            ValidationError: *new_key* is not a key.
        """
        key = _part_key(key, IssueType)
        index = self._issue_type(key)
        self._check_new_key("issue_types", index, new_key)
        self._issue_types[index].change(key=new_key)
        self._messages.rename("issue_type", key, new_key)
        policy = self._policy
        rules = tuple(
            attrs.evolve(rule, when=_rename_in_condition(rule.when, key, new_key))
            for rule in policy.rules
        )
        if rules != policy.rules:
            self._policy = attrs.evolve(policy, rules=rules)
        return self

    def remove_issue_type(self, key: str | IssueType, /) -> MatrixBuilder:
        """Remove the issue type *key* and its texts.

        Rules naming it make :meth:`build` fail. Without issue types, the
        matrix has the one implicit issue type
        :data:`~escalation_matrix.schema.DEFAULT_ISSUE_TYPE`, without
        responsibility texts.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
        """
        key = _part_key(key, IssueType)
        del self._issue_types[self._issue_type(key)]
        self._messages.remove("issue_type", key)
        return self

    # Texts ----------------------------------------------------------------

    def set_responsibility(
        self, issue_type: str | IssueType, level: str | Level, text: str
    ) -> MatrixBuilder:
        """Set what *level*'s role does about issues of *issue_type*.

        Raises:
            UnknownIssueTypeError: No issue type has that key.
            UnknownLevelError: No level has that key.
        """
        issue_type = _part_key(issue_type, IssueType)
        level = _part_key(level, Level)
        self._level(level)
        draft = self._issue_types[self._issue_type(issue_type)]
        own = draft.fields.get("responsibilities")
        texts = dict(own) if isinstance(own, Mapping) else {}
        texts[level] = text
        draft.change(responsibilities=texts)
        return self

    def set_text(self, context: str, text: str) -> MatrixBuilder:
        """Replace the display text at *context*, as translation names it.

        Contexts are those of the catalogs: ``matrix:title``,
        ``role:<key>:title``, ``level:<key>:name``, ``issue_type:<key>:name``,
        ``severity:<key>:name``, ``...:description``, and
        ``cell:<issue type>:<level>`` for a responsibility text.

        Raises:
            ValidationError: *context* names no kind of text.
            WrongTypeError: *context* is not a str.
            UnknownKeyError: *context* names a key the draft does not hold
                (one of its subclasses, such as ``UnknownRoleError``).

        >>> from escalation_matrix import default_matrix
        >>> builder = MatrixBuilder.from_matrix(default_matrix())
        >>> builder.set_text("level:L4:name", "Sales").build().level("L4").name
        'Sales'
        >>> builder.set_text("level:L4:title", "Sales")
        Traceback (most recent call last):
        ...
        escalation_matrix.exceptions.ValidationError: Invalid text context: 1 problem:
          $: 'level' texts are name, description; got 'level:L4:title'
        """
        require_type("context", context, str, "a str")
        target = text_target(context)
        if isinstance(target, Phrase):
            raise ValidationError([Problem("$", target)], subject="text context")
        kind, key, field = target
        if kind == "cell":
            assert key is not None  # noqa: S101 -- a cell names its issue type
            return self.set_responsibility(key, field, text)
        changes = {field: text}
        if kind == "matrix":
            return self.update(**changes)
        assert key is not None  # noqa: S101 -- checked above
        if kind == "role":
            return self.update_role(key, **changes)
        if kind == "level":
            return self.update_level(key, **changes)
        if kind == "issue_type":
            return self.update_issue_type(key, **changes)
        self._policy = _change_severity(self._policy, key, changes)
        return self

    def messages(self, locale: str, /) -> dict[str, str]:
        """Return the translations into *locale* that added parts brought.

        They are keyed by context, as ``translate(matrix, locale,
        messages=...)`` takes them; renaming a part renames its contexts,
        and removing it drops its translations. Locales are compared by
        their identifiers (``"it-CH"`` finds what was given as ``"it_CH"``),
        and a regional locale falls back to its language, as catalogs do:
        ``"it_CH"`` finds ``"it"``'s translations, with its own over them,
        while ``"it"`` does not find ``"it_IT"``'s.

        Raises:
            WrongTypeError: *locale* is not a string.

        >>> from escalation_matrix import default_matrix, translate
        >>> builder = MatrixBuilder.from_matrix(default_matrix()).add_role(
        ...     "cto", "CTO", messages={"it": {"role:cto:title": "Direttore tecnico"}}
        ... )
        >>> builder.messages("it")
        {'role:cto:title': 'Direttore tecnico'}
        >>> italian = translate(builder.build(), "it", messages=builder.messages("it"))
        >>> italian.role("cto").title
        'Direttore tecnico'
        """
        require_type("locale", locale, str, "a locale (str)")
        return self._messages.of(locale)

    # Building -------------------------------------------------------------

    def build(self) -> Matrix:
        """Check the draft and return it as a new matrix.

        Raises:
            ValidationError: Listing every problem of the draft, with its
                path in the matrix being built.
        """
        for rank, draft in enumerate(self._levels, start=1):
            if draft.fields.get("rank") != rank:
                draft.change(rank=rank)
        problems: list[Problem] = []
        parts = {
            name: [
                _build(draft, f"$.{name}[{index}]", problems)
                for index, draft in enumerate(drafts)
            ]
            for name, drafts in (
                ("roles", self._roles),
                ("levels", self._levels),
                ("issue_types", self._issue_types),
            )
        }
        if not problems:
            return Matrix(
                self._key,
                self._title,
                levels=parts["levels"],
                roles=parts["roles"],
                issue_types=parts["issue_types"],
                description=self._description,
                language=self._language,
                policy=self._policy,
            )
        everything = _scalar_problems(
            self._key, self._title, self._description, self._language
        )
        everything.extend(problems)
        everything.extend(
            cross_problems(
                parts["levels"], parts["roles"], parts["issue_types"], self._policy
            )
        )
        raise ValidationError(everything)

    # Helpers --------------------------------------------------------------

    def _find(self, drafts: list[_Draft], key: str, error: type[LookupError]) -> int:
        for index, draft in enumerate(drafts):
            if draft.key == key:
                return index
        raise error(key, [str(draft.key) for draft in drafts])

    def _role(self, key: str) -> int:
        return self._find(self._roles, key, UnknownRoleError)

    def _level(self, key: str) -> int:
        return self._find(self._levels, key, UnknownLevelError)

    def _issue_type(self, key: str) -> int:
        return self._find(self._issue_types, key, UnknownIssueTypeError)

    def _insert_level(self, rank: int, draft: _Draft) -> None:
        count = len(self._levels)
        checked: object = rank
        if (
            isinstance(checked, bool)
            or not isinstance(checked, int)
            or not 1 <= checked <= count + 1
        ):
            message = Phrase(
                "must be between 1 and {highest} (the levels so far plus one), "
                "got {got}",
                highest=str(count + 1),
                got=shown_phrase(rank),
            )
            raise ValidationError([Problem(f"$.levels[{count}].rank", message)])
        self._levels.insert(rank - 1, draft)

    def _check_new_key(
        self, group: str, index: int, new_key: str, *, level: bool = False
    ) -> None:
        problems: list[Problem] = []
        check_key(problems, f"$.{group}[{index}].key", new_key, level=level)
        if problems:
            raise ValidationError(problems)

    def _change(self, group: str, index: int, changes: Mapping[str, Any]) -> None:
        draft = getattr(self, f"_{group}")[index]
        allowed = [field.alias for field in attrs.fields(draft.cls) if field.init]
        kind = _GROUPS[group].replace(" ", "_")
        problems = []
        for name in changes:
            path = f"$.{group}[{index}].{name}"
            if name in _FIXED:
                problems.append(Problem(path, _fixed(name, kind)))
            elif name not in allowed:
                expected = ", ".join(n for n in allowed if n not in _FIXED)
                problems.append(Problem(path, _unknown_field(expected)))
        if problems:
            raise ValidationError(problems)
        draft.change(**changes)


def text_target(context: object) -> tuple[str, str | None, str] | Phrase:
    """Split the text *context* into its kind, key and field, or say why it cannot.

    ``"level:L4:name"`` is ``("level", "L4", "name")``, ``"matrix:title"``
    ``("matrix", None, "title")``, and a cell ``"cell:outage:L2"``
    ``("cell", "outage", "L2")``: its issue type, then its level.

    >>> print(text_target("level:L4:title"))
    'level' texts are name, description; got 'level:L4:title'
    """
    if not isinstance(context, str):
        return _not_a_context(context)
    kind, _, rest = context.partition(":")
    if kind == "cell":
        issue_type, _, level = rest.partition(":")
        return kind, issue_type, level
    if kind == "matrix":
        key, field = None, rest
    else:
        key, _, field = rest.rpartition(":")
    known = {
        spec.kind: [name for name, _ in spec.fields] for spec in TRANSLATABLE.values()
    }
    if kind not in known or (kind != "matrix" and not key):
        return _not_a_context(context)
    if field not in known[kind]:
        # Translators: {kind} is the first part of a context ('role'),
        # {fields} the names of its texts ("title, description").
        return Phrase(
            "{kind} texts are {fields}; got {got}",
            kind=repr(kind),
            fields=", ".join(known[kind]),
            got=repr(context),
        )
    return kind, key, field


def _not_a_context(context: object) -> Phrase:
    return Phrase(
        "must be a text context such as 'matrix:title', 'role:<key>:title' "
        "or 'cell:<issue type>:<level>', got {got}",
        got=shown_phrase(context),
    )


def _fixed(name: str, kind: str) -> Phrase:
    """Say that the field *name* of a part of *kind* changes by its own method."""
    if name == "key":
        method = f"rename_{kind}()"
        # Translators: {method} is a method of MatrixBuilder, rename_level().
        return Phrase("cannot be changed here: rename it with {method}", method=method)
    return Phrase(
        "cannot be changed here: levels are ranked by their order: remove the "
        "level and add it again"
    )


def _unknown_field(expected: str) -> Phrase:
    # Translators: {expected} lists the names of the fields.
    return Phrase("unknown field; expected one of: {expected}", expected=expected)


def _build(draft: _Draft, path: str, problems: list[Problem]) -> Any:
    """Return the part of *draft*, or a stand-in after recording its problems."""
    if draft.built is not None:
        return draft.built
    try:
        built = draft.cls(**draft.fields)
    except ValidationError as error:
        problems.extend(nested(path, error.problems))
        failed = {
            match[1]
            for problem in error.problems
            if (match := _PATH_FIELD.match(problem.path)) is not None
        }
        return PartlyRead(
            {name: value for name, value in draft.fields.items() if name not in failed}
        )
    draft.built = built
    return built


def _evolve(obj: T, path: str, subject: str, changes: Mapping[str, Any]) -> T:
    """Return *obj* with *changes*, its problems rooted at *path*."""
    allowed = [field.alias for field in attrs.fields(type(obj)) if field.init]  # type: ignore[arg-type]
    unknown = [name for name in changes if name not in allowed]
    if unknown:
        expected = ", ".join(allowed)
        problems = [
            Problem(f"{path}.{name}", _unknown_field(expected)) for name in unknown
        ]
        raise ValidationError(problems, subject=subject)
    try:
        changed: T = attrs.evolve(obj, **changes)  # type: ignore[misc]
    except ValidationError as error:
        raise ValidationError(nested(path, error.problems), subject="matrix") from None
    return changed


def _change_severity(policy: Policy, key: str, changes: Mapping[str, Any]) -> Policy:
    keys = [severity.key for severity in policy.severities]
    if key not in keys:
        raise UnknownSeverityError(key, keys)
    index = keys.index(key)
    severities = list(policy.severities)
    severities[index] = _evolve(
        severities[index], f"$.policy.severities[{index}]", "severity", changes
    )
    return attrs.evolve(policy, severities=severities)


def _renamed(value: str | None, key: str, new_key: str) -> str | None:
    return new_key if value == key else value


def _rename_policy_level(policy: Policy, key: str, new_key: str) -> Policy:
    def levels(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new_key if v == key else v for v in values)

    severities = tuple(
        attrs.evolve(
            severity,
            entry_level=_renamed(severity.entry_level, key, new_key),
            max_level=_renamed(severity.max_level, key, new_key),
            skip_levels=levels(severity.skip_levels),
        )
        for severity in policy.severities
    )
    rules = tuple(
        attrs.evolve(
            rule,
            entry_level=_renamed(rule.entry_level, key, new_key),
            max_level=_renamed(rule.max_level, key, new_key),
            skip_levels=None if rule.skip_levels is None else levels(rule.skip_levels),
        )
        for rule in policy.rules
    )
    repeat = policy.repeat
    if repeat is not None and repeat.from_level == key:
        repeat = attrs.evolve(repeat, from_level=new_key)
    if (
        severities == policy.severities
        and rules == policy.rules
        and repeat is policy.repeat
    ):
        return policy
    return attrs.evolve(policy, severities=severities, rules=rules, repeat=repeat)


def _rename_in_condition(condition: Condition, key: str, new_key: str) -> Condition:
    if isinstance(condition, Compare):
        if condition.field != "issue_type":
            return condition
        value = condition.value
        if isinstance(value, tuple):
            return attrs.evolve(
                condition, value=tuple(new_key if v == key else v for v in value)
            )
        return attrs.evolve(condition, value=new_key) if value == key else condition
    if isinstance(condition, AllOf | AnyOf):
        inner = tuple(
            _rename_in_condition(c, key, new_key) for c in condition.conditions
        )
        return condition if inner == condition.conditions else type(condition)(inner)
    if isinstance(condition, Not):
        inner_one = _rename_in_condition(condition.condition, key, new_key)
        return condition if inner_one is condition.condition else Not(inner_one)
    return condition  # During and Python predicates name no issue type


def _part_key(value: object, kind: type[Role | Level | IssueType]) -> str:
    """Return the key of *value*, a key or a part of *kind*, as lookups take.

    ``update_level(matrix.level("L4"), ...)`` edits the level ``L4``; a
    part of another kind, or anything else, is left for the lookup to
    refuse.
    """
    if isinstance(value, kind):
        return value.key
    return cast("str", value)
