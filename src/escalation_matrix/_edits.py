"""Immutable edits of a matrix: each returns a new, validated matrix.

:class:`~escalation_matrix.Matrix` gets these methods from
:class:`MatrixEdits`; each drafts the matrix in a
:class:`~escalation_matrix.MatrixBuilder`, makes one change and builds the
result, so an edit that would make the matrix invalid raises
:class:`~escalation_matrix.exceptions.ValidationError` listing every
problem. Chain several changes with :meth:`MatrixEdits.edit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from ._builder import MatrixBuilder
    from ._contacts import Contact
    from ._model import EscalateWhile, Matrix

__all__ = ["MatrixEdits"]


class MatrixEdits:
    """The editing methods of :class:`~escalation_matrix.Matrix`."""

    __slots__ = ()

    def edit(self) -> MatrixBuilder:
        """Return a :class:`~escalation_matrix.MatrixBuilder` drafted from this matrix.

        Chain changes on it and :meth:`~escalation_matrix.MatrixBuilder.build`
        the new matrix; this one never changes.

        >>> from datetime import timedelta
        >>> from escalation_matrix import default_matrix
        >>> five = (
        ...     default_matrix().edit()
        ...     .update_level("L4", delay=timedelta(hours=8))
        ...     .add_role("executive", "Executive")
        ...     .add_level(
        ...         "L5",
        ...         role="executive",
        ...         name="Level 5 - Executive",
        ...         responsibilities=dict.fromkeys(
        ...             default_matrix().issue_type_keys, "Decide at board level."
        ...         ),
        ...     )
        ...     .build()
        ... )
        >>> five.level_keys
        ('L1', 'L2', 'L3', 'L4', 'L5')
        """
        from ._builder import MatrixBuilder  # noqa: PLC0415 -- the builder builds on the model

        return MatrixBuilder.from_matrix(cast("Matrix", self))

    def add_level(
        self,
        key: str,
        *,
        role: str,
        name: str,
        rank: int | None = None,
        description: str = "",
        delay: timedelta | None = None,
        business_time: bool = False,
        escalate_while: EscalateWhile = "unresolved",
        responsibilities: Mapping[str, str] | None = None,
    ) -> Matrix:
        """Return a copy with a new level at *rank* (None: at the top).

        See :meth:`~escalation_matrix.MatrixBuilder.add_level`; the new
        level needs a text for every issue type.

        Raises:
            ValidationError: The result would be invalid; every problem is
                listed, every missing text with its path.
            UnknownIssueTypeError: *responsibilities* names an unknown
                issue type.

        >>> from escalation_matrix import default_matrix
        >>> default_matrix().add_level(
        ...     "L5", role="sales_manager", name="Level 5",
        ...     responsibilities={"performance_hiccups": "Call the customer."},
        ... )
        Traceback (most recent call last):
        ...
        escalation_matrix.exceptions.ValidationError: Invalid matrix: 7 problems:
          $.issue_types[0].responsibilities.L5: missing: issue type
          'operational_challenges' needs a text for level 'L5'
        ...
        """
        return (
            self.edit()
            .add_level(
                key,
                role=role,
                name=name,
                rank=rank,
                description=description,
                delay=delay,
                business_time=business_time,
                escalate_while=escalate_while,
                responsibilities=responsibilities,
            )
            .build()
        )

    def update_level(self, key: str, /, **changes: Any) -> Matrix:
        """Return a copy with fields of the level *key* changed.

        See :meth:`~escalation_matrix.MatrixBuilder.update_level`.
        """
        return self.edit().update_level(key, **changes).build()

    def rename_level(self, key: str, new_key: str, /) -> Matrix:
        """Return a copy with the level *key* re-keyed, references included.

        See :meth:`~escalation_matrix.MatrixBuilder.rename_level`.
        """
        return self.edit().rename_level(key, new_key).build()

    def remove_level(self, key: str, /) -> Matrix:
        """Return a copy without the level *key* and its texts.

        See :meth:`~escalation_matrix.MatrixBuilder.remove_level`.
        """
        return self.edit().remove_level(key).build()

    def add_role(
        self,
        key: str,
        title: str,
        *,
        description: str = "",
        contacts: Iterable[Contact] = (),
    ) -> Matrix:
        """Return a copy with a new role.

        See :meth:`~escalation_matrix.MatrixBuilder.add_role`.
        """
        return (
            self.edit()
            .add_role(key, title, description=description, contacts=contacts)
            .build()
        )

    def update_role(self, key: str, /, **changes: Any) -> Matrix:
        """Return a copy with fields of the role *key* changed.

        See :meth:`~escalation_matrix.MatrixBuilder.update_role`.
        """
        return self.edit().update_role(key, **changes).build()

    def rename_role(self, key: str, new_key: str, /) -> Matrix:
        """Return a copy with the role *key* re-keyed, its levels included.

        See :meth:`~escalation_matrix.MatrixBuilder.rename_role`.
        """
        return self.edit().rename_role(key, new_key).build()

    def remove_role(self, key: str, /) -> Matrix:
        """Return a copy without the role *key*, which must hold no level.

        Raises:
            ValidationError: A level is still held by the role.

        >>> from escalation_matrix import default_matrix
        >>> default_matrix().remove_role("project_manager")
        Traceback (most recent call last):
        ...
        escalation_matrix.exceptions.ValidationError: Invalid matrix: 1 problem:
          $.levels[1].role: unknown role 'project_manager'; known role keys:
          project_team_contact, account_manager, sales_manager
        """
        return self.edit().remove_role(key).build()

    def add_issue_type(
        self,
        key: str,
        name: str,
        responsibilities: Mapping[str, str],
        *,
        description: str = "",
        entry_level: str | None = None,
    ) -> Matrix:
        """Return a copy with a new issue type, with a text for every level.

        See :meth:`~escalation_matrix.MatrixBuilder.add_issue_type`.
        """
        return (
            self.edit()
            .add_issue_type(
                key,
                name,
                responsibilities,
                description=description,
                entry_level=entry_level,
            )
            .build()
        )

    def update_issue_type(self, key: str, /, **changes: Any) -> Matrix:
        """Return a copy with fields of the issue type *key* changed.

        See :meth:`~escalation_matrix.MatrixBuilder.update_issue_type`.
        """
        return self.edit().update_issue_type(key, **changes).build()

    def rename_issue_type(self, key: str, new_key: str, /) -> Matrix:
        """Return a copy with the issue type *key* re-keyed, rules included.

        See :meth:`~escalation_matrix.MatrixBuilder.rename_issue_type`.
        """
        return self.edit().rename_issue_type(key, new_key).build()

    def remove_issue_type(self, key: str, /) -> Matrix:
        """Return a copy without the issue type *key* and its texts.

        See :meth:`~escalation_matrix.MatrixBuilder.remove_issue_type`.
        """
        return self.edit().remove_issue_type(key).build()

    def set_text(self, context: str, text: str, /) -> Matrix:
        """Return a copy with the display text at *context* replaced.

        See :meth:`~escalation_matrix.MatrixBuilder.set_text`.

        >>> from escalation_matrix import default_matrix
        >>> default_matrix().set_text(
        ...     "cell:performance_hiccups:L1", "Check the dashboards."
        ... ).responsibility("performance_hiccups", "L1")
        'Check the dashboards.'
        """
        return self.edit().set_text(context, text).build()
