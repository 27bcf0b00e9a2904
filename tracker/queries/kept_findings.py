"""Reading the kept facts of a family of findings for a day: one indexed query
and one call of a C JSON decoder for all their payloads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

import msgspec
from sqlalchemy import or_, select, union_all
from sqlmodel import Session

from tracker import models
from tracker.domain.kept import FamilyName
from tracker.errors import KeptFactsError
from tracker.queries.tables import table_of

FACT: Any = table_of(models.KeptFact)


def payloads_on(
    session: Session, family: FamilyName, day: date | None
) -> list[dict[str, Any]]:
    """The payloads of the kept facts of ``family`` whose days hold ``day``
    (all with None): all a family's findings of the day need once the query has
    chosen the facts by their days.

    The facts must be built (``tracker.kept``): a caller that cannot rely on it
    (a read-only database from an older appalti) builds them in memory with the
    family's builder instead."""
    query = _held(select(FACT.c.payload), family, day)
    return payloads_of(session.connection().execute(query).scalars().all())


def payloads_of(texts: Iterable[str]) -> list[Any]:
    """The payloads kept as ``texts``, decoded in one call of msgspec's decoder
    (half the time of Python's on a city's funding facts); a text that is no JSON
    (damaged by hand, or by a fault of the disk) is told as such, ``appalti check
    --repair`` builds the facts again."""
    whole = "[" + ",".join(texts) + "]"
    try:
        payloads: list[Any] = _DECODER.decode(whole)
    except ValueError:
        # what msgspec refuses and Python reads (a lone surrogate a name kept
        # escaped, a number beyond a float) is read as it always was
        try:
            payloads = json.loads(whole)
        except ValueError as error:
            raise KeptFactsError from error
    return payloads


_DECODER = msgspec.json.Decoder()


def _held(query: Any, family: FamilyName, day: date | None) -> Any:
    """``query`` of the facts of ``family`` whose days hold ``day`` (all with
    None).

    With a day, two ranges of the index on (family, day_until, day_from): the
    facts that last for ever and those that last until ``day`` or later, told
    apart within the index, so that the facts ended before ``day`` are not read
    from the table only to be dropped."""
    f = FACT
    query = query.where(f.c.family == family.value)
    if day is None:
        return query
    started = or_(f.c.day_from.is_(None), f.c.day_from <= day)
    return union_all(
        query.where(f.c.day_until.is_(None), started),
        query.where(f.c.day_until >= day, started),
    )
