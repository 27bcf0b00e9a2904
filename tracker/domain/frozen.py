"""Frozen records made at the cost of a plain object.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
one call per field: the seventeen of a service's continuity cost four times what
filling the record's ``__dict__`` at once does, and a city's continuity makes ten
thousand of them, with their gaps and contracts. ``maker(cls)`` makes records of
``cls`` that way: the same object as ``cls(...)`` makes (equal, hashed, shown and
written alike, and still frozen), for callers that name every field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

R = TypeVar("R")


def maker(cls: type[R]) -> Callable[..., R]:
    """A maker of records of ``cls`` from all its fields by name.

    ``cls`` must be a frozen dataclass whose ``__init__`` does nothing but set
    its fields: no ``__post_init__``, no field left out of ``__init__``, no
    slots. The maker checks nothing as it makes (that is its point): a caller
    names every field, and its tests compare what it makes with ``cls(...)``.
    """
    if not is_plain_frozen(cls):
        raise TypeError(f"{cls.__name__} is not a plain frozen dataclass")
    new = object.__new__

    def make(**fields: Any) -> R:
        record: R = new(cls)
        record.__dict__.update(fields)
        return record

    return make


def is_plain_frozen(cls: type) -> bool:
    """Whether ``maker`` and ``positional_maker`` take ``cls``."""
    params = getattr(cls, "__dataclass_params__", None)
    return not (
        params is None
        or not params.frozen
        or hasattr(cls, "__post_init__")
        or hasattr(cls, "__slots__")
        or not all(f.init for f in dataclasses.fields(cls))
    )


def positional_maker(cls: type[R]) -> Callable[[Sequence[Any]], R]:
    """``maker`` for callers that hold every field's value in their order, as
    ``cls(*values)`` takes them: a city's kept findings are read that way."""
    if not is_plain_frozen(cls):
        raise TypeError(f"{cls.__name__} is not a plain frozen dataclass")
    new = object.__new__
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]

    def make(values: Sequence[Any]) -> R:
        if len(values) != len(names):
            raise TypeError(f"{cls.__name__} takes {len(names)} values")
        record: R = new(cls)
        record.__dict__.update(zip(names, values))  # noqa: B905 (counted above)
        return record

    return make


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the fields of ``cls``, a frozen dataclass with slots, in
    their order: each slot's own, which the class's refusal of ``setattr`` does
    not stand in the way of, for an ``__init__`` of its own to set the fields
    at the cost of a plain object's (a dataclass's sets each through a call of
    ``object.__setattr__``)."""
    if not hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} has no slots")
    return tuple(vars(cls)[f.name].__set__ for f in dataclasses.fields(cls))
