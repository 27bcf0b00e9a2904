"""Compact JSON of a report's long list of records: the bytes pydantic writes from
the list's schema (``tracker.schemas`` stays the one definition), at half its cost.

msgspec writes a dataclass the way pydantic's schema does for the records of
``continuity`` and ``alerts`` (frozen dataclasses of strings, dates, string enums,
ints, bools, None, tuples and nested such dataclasses), and escapes strings the
same way. Where the two part, pydantic's bytes are written instead:

- a value msgspec refuses (a str subclass; a lone surrogate, which pydantic
  refuses too, in words of its own) falls back to pydantic;
- a ``bool`` in an ``int`` field (which the type allows) is ``1`` to pydantic and
  ``true`` to msgspec: such a list is written by pydantic (a search of the bytes
  tells at once that a list has none);
- a subclass would add its own fields, which pydantic leaves out: the record
  classes are ``@final``, so that mypy refuses one;
- a field with ``init=False`` msgspec leaves out: the records have none, and the
  tests compare the two encodings on generated records of every field.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Any

import msgspec
from pydantic import TypeAdapter

_ENCODER = msgspec.json.Encoder()


def rows_json(rows: TypeAdapter[list[Any]], items: list[Any]) -> bytes:
    """``rows.dump_json(items)``, byte for byte."""
    if items:
        try:
            whole = _ENCODER.encode(items)
            record = type(items[0])
            if not _may_hold_bools(record, whole) or _ints_are_ints(record, items):
                return whole
        # a value msgspec refuses, or one in a field the check cannot walk (a type
        # the field does not allow): pydantic says what it makes of it
        except (TypeError, ValueError, OverflowError, AttributeError):
            pass
    return rows.dump_json(items)


def _may_hold_bools(record: type, whole: bytes) -> bool:
    """Whether ``whole`` may hold a bool in an ``int`` field of the records: it
    would read '"<field>":true' or '"<field>":false' (inside a string that text
    has its quotes escaped), which the C search of the bytes rules out at once
    for nearly every list; only then are the records walked."""
    marks = _bool_marks(record)
    return marks is None or any(mark in whole for mark in marks)


@functools.cache
def _bool_marks(record: type) -> tuple[bytes, ...] | None:
    """How a bool in each ``int`` field of ``record`` reads; None when some are
    ints inside a tuple, which the walk alone tells."""
    marks: list[bytes] = []
    for *_way, (name, held) in _int_paths(record):
        if held is _Held.MANY:
            return None
        marks += [f'"{name}":true'.encode(), f'"{name}":false'.encode()]
    return tuple(marks)


def _ints_are_ints(record: type, items: list[Any]) -> bool:
    """Whether no ``int`` field of the records holds a bool."""
    # comprehensions, not a walk of each record: 10,000 services in milliseconds
    for *way, (name, held) in _int_paths(record):
        values: list[Any] = items
        for step, into in way:
            if into is _Held.MANY:
                values = [one for value in values for one in getattr(value, step) or ()]
            else:
                got = [getattr(value, step) for value in values]
                values = [value for value in got if value is not None]
        if held is _Held.MANY:
            kinds = {one.__class__ for v in values for one in getattr(v, name) or ()}
        else:
            kinds = {getattr(value, name).__class__ for value in values}
        if bool in kinds:
            return False
    return True


class _Held(Enum):
    ONE = "one"
    """one, or None where the type allows it"""
    MANY = "many"
    """a tuple of them (or None)"""


_Path = tuple[tuple[str, _Held], ...]


@functools.cache
def _int_paths(record: type) -> tuple[_Path, ...]:
    """The way to each ``int`` field of ``record`` and of the records it holds, a
    field at a time."""
    if not dataclasses.is_dataclass(record):
        return ()
    hints = typing.get_type_hints(record)
    paths: list[_Path] = []
    for field in dataclasses.fields(record):
        hint = hints[field.name]
        step = (field.name, _held(hint))
        for kind in _kinds(hint):
            if kind is int:
                paths.append((step,))
            elif isinstance(kind, type):
                paths += [(step, *rest) for rest in _int_paths(kind)]
    return tuple(paths)


def _held(hint: Any) -> _Held:
    tuples = [hint, *typing.get_args(hint)]
    return (
        _Held.MANY if any(typing.get_origin(t) is tuple for t in tuples) else _Held.ONE
    )


def _kinds(hint: Any) -> Iterator[Any]:
    """The types a value of ``hint`` may be, through unions and tuples."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType, tuple):
        for arg in typing.get_args(hint):
            if arg is not Ellipsis and arg is not type(None):
                yield from _kinds(arg)
    else:
        yield hint
