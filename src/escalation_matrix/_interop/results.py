"""What a conversion returns: the matrices or payloads made, and the losses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from escalation_matrix._base.checks import require_type
from escalation_matrix._base.frozendict import FrozenDict
from escalation_matrix._i18n.translator import translator
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._model.overlay import Overlay
from escalation_matrix.exceptions import ArgumentError, Loss, LossyConversionError

__all__ = ["Exported", "Imported", "finish", "translate_loss"]

R = TypeVar("R", "Imported", "Exported")


def _matrices(value: Mapping[str, Matrix]) -> FrozenDict[str, Matrix]:
    return FrozenDict(value)


@attrs.frozen(repr=False)
class Imported:
    """The matrices made from a tool's payload, and what they do not keep.

    Attributes:
        matrices: One matrix per policy (or escalation chain), by the
            tool's id of it (its JSON path in the payload when it has
            none), in the payload's order.
        losses: What the matrices do not keep of the payload, in the
            payload's order, each with its JSON path there.
        overlay: For a priority table, the overlay that puts it on a
            matrix; else None.
    """

    matrices: Mapping[str, Matrix] = attrs.field(converter=_matrices)
    losses: tuple[Loss, ...] = ()
    overlay: Overlay | None = None

    @property
    def matrix(self) -> Matrix:
        """The one matrix made.

        Raises:
            ArgumentError: The payload gave no matrix, or several.
        """
        if len(self.matrices) != 1:
            keys = ", ".join(self.matrices) or "none"
            reason = f"holds {len(self.matrices)} matrices, not exactly one ({keys})"
            raise ArgumentError("matrices", len(self.matrices), reason)
        return next(iter(self.matrices.values()))

    def __repr__(self) -> str:
        return f"<Imported matrices={len(self.matrices)} losses={len(self.losses)}>"


@attrs.frozen(repr=False)
class Exported:
    """A matrix as the payloads of a tool's API, and what they do not keep.

    Attributes:
        payloads: The request bodies the tool's API takes to create each
            policy, as JSON-ready data: one per distinct path of levels
            that the matrix's issue types and severities follow.
        used_by: For each payload, the ``(issue type, severity)`` kinds of
            issue that follow it (severity None: an issue without one).
        losses: What the payloads do not keep of the matrix, each with its
            JSON path in the matrix's data (``$.levels[1].delay``).
    """

    payloads: tuple[dict[str, Any], ...]
    used_by: tuple[tuple[tuple[str, str | None], ...], ...]
    losses: tuple[Loss, ...] = ()

    def __repr__(self) -> str:
        return f"<Exported payloads={len(self.payloads)} losses={len(self.losses)}>"


def finish(result: R, *, strict: bool) -> R:
    """Return *result*; with *strict*, raise if it has any loss.

    Raises:
        LossyConversionError: *strict* and *result* has losses.
    """
    if strict and result.losses:
        raise LossyConversionError(result.losses, result)
    return result


def translate_loss(
    loss: Loss, locale: str | None = None, *, catalogs: Iterable[str] = ()
) -> str:
    """Return what *loss* says (its detail) in *locale*.

    Args:
        loss: A loss from a conversion.
        locale: The locale to say it in; None for English.
        catalogs: Catalog directories searched before the built-in ones.

    >>> from escalation_matrix.interop import from_opsgenie
    >>> payload = {"name": "Ops", "enabled": False, "rules": [{"delay": 0,
    ...     "recipient": {"type": "team", "id": "T1"}}]}
    >>> (loss,) = from_opsgenie(payload).losses
    >>> translate_loss(loss, "it")
    "nello strumento l'escalation è disattivata; nella matrice è attiva"
    """
    require_type("loss", loss, Loss, "a Loss")
    context, text = loss.message
    if not text:
        return loss.detail
    translated = translator(locale, catalogs=catalogs).pgettext(context, text)
    return translated.format(**dict(loss.values))
