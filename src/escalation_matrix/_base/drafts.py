"""Building frozen objects quickly: fill in a draft, then freeze it.

A frozen attrs class refuses assignment in ``__setattr__``, so its own
``__init__`` sets each field through ``object.__setattr__``, a call per
field. Objects built by the million (issues, decisions) are filled in as
their draft class instead, which has the same slots and plain assignment,
and are then given their frozen class: the same object, field for field.
A draft never leaves the function that fills it in.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DRAFT_CLASSES", "set_class"]


def _draft_class(cls: type[Any]) -> type[Any]:
    # Both methods, so that Python gives the type the plain attribute slot;
    # with only one of them, every assignment looks the other up.
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        # Calling the draft class makes an empty draft, as object.__new__
        # does, but in one call of the type (quicker than object.__new__'s
        # own checks).
        "__init__": object.__init__,
    }
    return type(f"Draft{cls.__name__}", (cls,), namespace)


class _DraftClasses(dict[type[Any], type[Any]]):
    """The draft class of each frozen attrs class, made on first use.

    Calling a draft class makes an empty draft. An object's class can be
    switched between the two (``obj.__class__ = cls`` from the draft side,
    ``set_class(obj, draft)`` from the frozen side): the draft adds no
    slot, so both have the same layout.

    >>> import attrs
    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    >>> point = DRAFT_CLASSES[Point]()
    >>> point.x = 1
    >>> point.__class__ = Point
    >>> point
    Point(x=1)
    >>> set_class(point, DRAFT_CLASSES[Point])
    >>> point.x = 2
    >>> point.__class__ = Point
    >>> point
    Point(x=2)
    """

    def __missing__(self, cls: type[Any]) -> type[Any]:
        draft = self[cls] = _draft_class(cls)
        return draft


DRAFT_CLASSES: Final = _DraftClasses()

#: Gives an object another class, from either side: ``set_class(obj, cls)``.
#: The setter of ``__class__`` itself, called directly; quicker than
#: ``object.__setattr__``, which looks the name up first.
set_class: Final = object.__dict__["__class__"].__set__
