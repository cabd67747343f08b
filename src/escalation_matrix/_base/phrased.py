"""Errors of the standard library's kinds whose messages can be translated.

Parsers such as :func:`~escalation_matrix._base.durations.parse_duration`
raise :class:`ValueError`, as the standard library's do; the library's
own say what is wrong as a :class:`~escalation_matrix.exceptions.Phrase`,
so that a problem made from them is said in the language of the output.
"""

from __future__ import annotations

from escalation_matrix.exceptions import Phrase

__all__ = ["PhrasedValueError", "error_phrase"]


class PhrasedValueError(ValueError):
    """A :class:`ValueError` whose message is a :class:`Phrase`.

    Attributes:
        phrase: The message, to be said in another language.
    """

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


def error_phrase(error: BaseException) -> Phrase | str:
    """Return what *error* says: its phrase if it has one, else its text.

    >>> print(error_phrase(PhrasedValueError(Phrase("must be {x}", x="1"))))
    must be 1
    >>> error_phrase(ValueError("plain"))
    'plain'
    """
    phrase = getattr(error, "phrase", None)
    if isinstance(phrase, Phrase):
        return phrase
    return str(error)
