"""Reading tables: plain rows, refs by id, moments in UTC."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, Table, select
from sqlmodel import Session, SQLModel

from tracker.errors import NotFoundError


def plain(model: type[SQLModel]) -> Select[Any]:
    """A query for a table's rows as plain tuples: far cheaper than ORM objects when
    reading tens of thousands of records."""
    table = model.__table__  # type: ignore[attr-defined]
    query: Select[Any] = select(*table.columns)
    return query


def row_by_ref(session: Session, table: Table, ref: str, kind: str) -> Row[Any]:
    """The row of ``table`` whose reference is ``ref``; NotFoundError naming the
    record a ``kind`` otherwise."""
    row = session.execute(select(table).where(table.c.ref == ref)).first()
    if row is None:
        raise NotFoundError(kind, ref)
    return row


def refs_by_id(session: Session, model: type[SQLModel]) -> dict[int, str]:
    table = table_of(model)
    rows = session.execute(select(table.c.id, table.c.ref))
    return {int(row[0]): str(row[1]) for row in rows}


def refs_of(
    session: Session, table: Table, ids: Iterable[int | None]
) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(table.c.id, table.c.ref).where(table.c.id.in_(wanted))
    return {int(i): str(ref) for i, ref in session.execute(query)}


def grouped_refs(rows: Iterable[Any]) -> dict[int, tuple[str, ...]]:
    """(owner id, ref) rows as each owner's sorted refs."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for owner, ref in rows:
        grouped[int(owner)].append(str(ref))
    return {owner: tuple(sorted(refs)) for owner, refs in grouped.items()}


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored moment is UTC."""
    return (
        moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    )


def table_of(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def in_order(rows: Iterable[Any], ids: Sequence[int]) -> list[Any]:
    """Rows read by id (their first column), in the order of ``ids``: a page keeps
    the order its list was sorted in."""
    position = {row_id: i for i, row_id in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row[0]])


def lot_order(lot: Table) -> tuple[Any, ...]:
    """Lots by number, those published without one after the numbered, then in the
    order they were added: the same on SQLite (NULL first) and PostgreSQL (last)."""
    return (lot.c.number.is_(None), lot.c.number, lot.c.id)
