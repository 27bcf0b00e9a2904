"""Taking published data again without losing what people wrote here.

An imported record remembers the values the last import wrote (``written``). When
the data is published again, each field the publisher changed (``published``
differs from ``written``) is taken, unless someone here changed that field too
(``current`` differs from both): then the local value stays and the field is a
conflict, reported, unless the import is told to prefer the published values.
A field only changed here stays as it is; a field nobody changed stays too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tracker.domain.reapply import reapply


@dataclass(frozen=True)
class Conflict:
    """A field changed both here and by the publisher, since the last import."""

    field: str
    local: Any
    published: Any


@dataclass(frozen=True)
class Taken:
    """The values to save, the fields taken from the publisher, the conflicts."""

    values: dict[str, Any]
    updated: tuple[str, ...]
    conflicts: tuple[Conflict, ...]


def take_published(
    written: Mapping[str, Any],
    published: Mapping[str, Any],
    current: Mapping[str, Any],
    *,
    overwrite_local: bool = False,
) -> Taken:
    """``current`` with the publisher's changes since ``written`` applied; a field
    both sides changed keeps the local value unless ``overwrite_local``."""
    merged = reapply(written, published, current)
    values = dict(merged.values)
    conflicts = tuple(
        Conflict(clash.field, clash.theirs, clash.mine) for clash in merged.clashes
    )
    if not overwrite_local:
        for conflict in conflicts:
            values[conflict.field] = conflict.local
    updated = tuple(
        field for field in merged.changed if values[field] != current.get(field)
    )
    return Taken(values, updated, conflicts)
