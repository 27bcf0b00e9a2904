"""An attribute worked out once, on first reading: ``functools.cached_property``
without its lock.

Python 3.11's ``cached_property`` takes a lock on every first reading (3.12
dropped it); whole builds of the kept facts read such attributes of a hundred
thousand records, once each, and the lock was most of the cost. Records are
worked on by one thread at a time, and working one out twice gives the same
value, so nothing is lost without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - named as the one it replaces
    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(
        self, instance: None, owner: type | None = None
    ) -> cached_property[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        # kept in the instance's own attributes, which are read before this
        # (a descriptor without __set__) from then on
        value = instance.__dict__[self.name] = self.func(instance)
        return value
