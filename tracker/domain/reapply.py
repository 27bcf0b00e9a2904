"""Reapplying a person's edits on values someone else changed meanwhile.

The person opened a record (``base``), changed some fields (``mine``) and could not
save because someone else saved first (``current``). Their edits are the fields
where ``mine`` differs from ``base``; each is applied on ``current``. A field both
changed, to different values, is a clash: the person's value is kept and the clash
says what the other person wrote, so the form can show both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Clash:
    """A field both people changed: from ``base`` to ``mine`` and to ``theirs``."""

    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class Reapplied:
    values: dict[str, Any]
    changed: tuple[str, ...]
    clashes: tuple[Clash, ...]


def reapply(
    base: Mapping[str, Any], mine: Mapping[str, Any], current: Mapping[str, Any]
) -> Reapplied:
    """``current`` with the fields the person changed from ``base`` set as in
    ``mine``; a list (members, staffing) counts as one field."""
    values = dict(current)
    changed: list[str] = []
    clashes: list[Clash] = []
    for field in [*mine, *(f for f in base if f not in mine)]:
        was, wanted = base.get(field), mine.get(field)
        if wanted == was:
            continue
        theirs = current.get(field)
        if theirs not in (was, wanted):
            clashes.append(Clash(field, was, wanted, theirs))
        values[field] = wanted
        changed.append(field)
    return Reapplied(values, tuple(changed), tuple(clashes))
