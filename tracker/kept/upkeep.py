"""Keeping the facts up to date with every write, in the write's transaction.

Each flush notes the rows it wrote (their values before and after: a row that
moves makes both its old and its new owners stale); before the unit of work
commits, the records they touch are worked out (the closure below) and the facts
of those scopes are built again, in the same transaction: a crash at any point
leaves records and facts as they were, or both written.

CLOSURE (row written -> stale scopes): a neighbourhood, a site or a programme ->
its services (and a programme itself, its tenders); a contract -> itself, its
services, the allocations funding it, the tender of its lot, its supplier; an
option, payment, service link or staffing row -> its contract (and its services);
a tender -> itself, the services of its lots, the allocations funding it, the
contracts on its lots; a lot or a lot's service link -> its tender; an in-house
period or link -> its services; an allocation -> itself, its source, what it
funds; a funding source -> itself and its allocations; an organisation -> itself,
its consortia and the contracts they supply; a consortium or member -> the
consortium and the contracts it supplies; a deadline -> itself. Writes the
findings only read (acknowledgements, snoozes, notes, the history) mark nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, inspect, or_, select, text
from sqlalchemy.orm import SessionTransaction, sessionmaker
from sqlmodel import Session, SQLModel

from tracker import db
from tracker.domain.kept import ScopeKind
from tracker.kept.marks import (
    PENDING,
    Pending,
    keeps_facts,
    mark_row,
    pending,
    rebuild_all,
)
from tracker.kept.store import facts_current, replace_facts

WHOLE = 2000
"""Stale records beyond which building everything again costs less than
finding each one's facts (a load, an import of a workbook)."""


def install(factory: sessionmaker[Session]) -> None:
    """Keep the facts of ``factory``'s sessions' writes up to date."""
    event.listen(factory, "after_flush", _note_flush)
    event.listen(factory, "before_commit", _rebuild_before_commit)
    event.listen(factory, "after_transaction_end", _forget)


if install not in db.SESSION_HOOKS:
    db.SESSION_HOOKS.append(install)


def _note_flush(session: Session, _context: Any) -> None:
    if not keeps_facts(session):
        return
    marks = pending(session)
    for obj in session.new:
        if isinstance(obj, SQLModel):
            mark_row(marks, str(obj.__tablename__), _values(obj))
    for obj in session.dirty:
        if isinstance(obj, SQLModel):
            table = str(obj.__tablename__)
            now, before = _values_before_and_after(obj)
            mark_row(marks, table, now)
            mark_row(marks, table, before)
    for obj in session.deleted:
        if isinstance(obj, SQLModel):
            mark_row(marks, str(obj.__tablename__), _values(obj))


def _values(obj: SQLModel) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {attr.key: getattr(obj, attr.key, None) for attr in mapper.column_attrs}


def _values_before_and_after(obj: SQLModel) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    now: dict[str, Any] = {}
    before: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        now[attr.key] = getattr(obj, attr.key, None)
        before[attr.key] = history.deleted[0] if history.deleted else now[attr.key]
    return now, before


def _rebuild_before_commit(session: Session) -> None:
    if session.in_nested_transaction() or not keeps_facts(session):
        return
    marks = session.info.get(PENDING)
    if not marks:
        return
    session.flush()
    _wait_for_other_rebuilds(session)
    settle(session)
    if marks.everything or not facts_current(session):
        replace_facts(session, None)
    else:
        replace_facts(session, {k: v for k, v in marks.scopes.items() if v})
    session.info.pop(PENDING, None)


REBUILD_LOCK = 0x6B657074  # "kept"


def _wait_for_other_rebuilds(session: Session) -> None:
    """On PostgreSQL, one writer at a time rebuilds and commits: each statement
    then sees what the writers before it committed, so two writers touching the
    same service never each keep a fact that misses the other's change. (SQLite
    has one writer at a time already.) Held until this transaction ends."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": REBUILD_LOCK}
        )


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def settle(session: Session) -> None:
    """Work out now the scopes the noted records make stale (the records they
    are linked to as the database holds them at this moment)."""
    marks = pending(session)
    if marks.everything or not marks.seeds:
        return
    noted = sum(len(ids) for ids in [*marks.seeds.values(), *marks.scopes.values()])
    if noted > WHOLE:
        # so many records written (a load, an import): building every fact
        # again costs less than working out first which ones they touch
        rebuild_all(session)
        return
    connection = session.connection()
    _lots_to_tenders(connection, marks)
    for table, expand in _EXPANSIONS:
        ids = marks.seeds.pop(table, set())
        if ids:
            expand(connection, marks, sorted(ids))
    if sum(len(ids) for ids in marks.scopes.values()) > WHOLE:
        rebuild_all(session)


def _ids(connection: Connection, statement: Any) -> list[int]:
    return [int(i) for i in connection.execute(statement).scalars() if i is not None]


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + 500] for start in range(0, len(ids), 500)]


def _table(name: str) -> Any:
    return SQLModel.metadata.tables[name]


def _lots_to_tenders(connection: Connection, marks: Pending) -> None:
    lots = sorted(marks.seeds.pop("lot", set()))
    lot = _table("lot")
    for part in _chunks(lots):
        marks.seed(
            "tender",
            *_ids(connection, select(lot.c.tender_id).where(lot.c.id.in_(part))),
        )


def _services_by(column: str) -> Any:
    def expand(connection: Connection, marks: Pending, ids: list[int]) -> None:
        service = _table("service")
        for part in _chunks(ids):
            found = select(service.c.id).where(service.c[column].in_(part))
            marks.scope(ScopeKind.SERVICE, *_ids(connection, found))

    return expand


def _neighbourhoods(connection: Connection, marks: Pending, ids: list[int]) -> None:
    _services_by("neighbourhood_id")(connection, marks, ids)


def _programmes(connection: Connection, marks: Pending, ids: list[int]) -> None:
    marks.scope(ScopeKind.PROGRAMME, *ids)
    _services_by("programme_id")(connection, marks, ids)
    link = _table("neighbourhood_programme")
    tender = _table("tender")
    for part in _chunks(ids):
        places = select(link.c.neighbourhood_id).where(link.c.programme_id.in_(part))
        _neighbourhoods(connection, marks, _ids(connection, places))
        found = select(tender.c.id).where(tender.c.programme_id.in_(part))
        marks.scope(ScopeKind.TENDER, *_ids(connection, found))


def _contracts(connection: Connection, marks: Pending, ids: list[int]) -> None:
    marks.scope(ScopeKind.CONTRACT, *ids)
    link = _table("contract_service")
    allocation = _table("funding_allocation")
    contract = _table("contract")
    lot = _table("lot")
    for part in _chunks(ids):
        found = select(link.c.service_id).where(link.c.contract_id.in_(part))
        marks.scope(ScopeKind.SERVICE, *_ids(connection, found))
        found = select(allocation.c.id).where(allocation.c.contract_id.in_(part))
        marks.scope(ScopeKind.ALLOCATION, *_ids(connection, found))
        found = (
            select(lot.c.tender_id)
            .join(contract, contract.c.lot_id == lot.c.id)
            .where(contract.c.id.in_(part))
        )
        marks.scope(ScopeKind.TENDER, *_ids(connection, found))


def _tenders(connection: Connection, marks: Pending, ids: list[int]) -> None:
    marks.scope(ScopeKind.TENDER, *ids)
    lot = _table("lot")
    link = _table("lot_service")
    allocation = _table("funding_allocation")
    contract = _table("contract")
    for part in _chunks(ids):
        found = (
            select(link.c.service_id)
            .join(lot, lot.c.id == link.c.lot_id)
            .where(lot.c.tender_id.in_(part))
        )
        marks.scope(ScopeKind.SERVICE, *_ids(connection, found))
        found = select(allocation.c.id).where(allocation.c.tender_id.in_(part))
        marks.scope(ScopeKind.ALLOCATION, *_ids(connection, found))
        found = (
            select(contract.c.id)
            .join(lot, lot.c.id == contract.c.lot_id)
            .where(lot.c.tender_id.in_(part))
        )
        marks.scope(ScopeKind.CONTRACT, *_ids(connection, found))


def _in_house(connection: Connection, marks: Pending, ids: list[int]) -> None:
    link = _table("in_house_service")
    for part in _chunks(ids):
        found = select(link.c.service_id).where(link.c.in_house_id.in_(part))
        marks.scope(ScopeKind.SERVICE, *_ids(connection, found))


def _sources(connection: Connection, marks: Pending, ids: list[int]) -> None:
    marks.scope(ScopeKind.SOURCE, *ids)
    allocation = _table("funding_allocation")
    for part in _chunks(ids):
        found = select(allocation.c.id).where(allocation.c.source_id.in_(part))
        marks.scope(ScopeKind.ALLOCATION, *_ids(connection, found))


def _organisations(connection: Connection, marks: Pending, ids: list[int]) -> None:
    marks.scope(ScopeKind.ORGANISATION, *ids)
    member = _table("consortium_member")
    contract = _table("contract")
    for part in _chunks(ids):
        found = select(member.c.consortium_id).where(member.c.organisation_id.in_(part))
        consortia = _ids(connection, found)
        marks.scope(ScopeKind.CONSORTIUM, *consortia)
        found = select(contract.c.id).where(
            or_(
                contract.c.supplier_organisation_id.in_(part),
                contract.c.supplier_consortium_id.in_(consortia),
            )
        )
        marks.scope(ScopeKind.CONTRACT, *_ids(connection, found))


def _consortia(connection: Connection, marks: Pending, ids: list[int]) -> None:
    marks.scope(ScopeKind.CONSORTIUM, *ids)
    contract = _table("contract")
    for part in _chunks(ids):
        found = select(contract.c.id).where(contract.c.supplier_consortium_id.in_(part))
        marks.scope(ScopeKind.CONTRACT, *_ids(connection, found))


_EXPANSIONS: tuple[tuple[str, Any], ...] = (
    ("programme", _programmes),
    ("neighbourhood", _neighbourhoods),
    ("site", _services_by("site_id")),
    ("in_house_period", _in_house),
    ("contract", _contracts),
    ("tender", _tenders),
    ("funding_source", _sources),
    ("organisation", _organisations),
    ("consortium", _consortia),
)
"""In this order: a seed's expansion only adds scopes, never seeds of a table
expanded before it."""


def ensure_built(session: Session) -> bool:
    """Build every fact when the database holds none, or facts of another format
    (a database from before them, or from another appalti); whether it did."""
    if facts_current(session):
        return False
    replace_facts(session, None)
    return True
