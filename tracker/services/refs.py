"""References: every nameable record has a ref unique across the whole database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event, func, literal, union_all
from sqlmodel import Session, SQLModel, select

from tracker import models
from tracker.domain.refs import check_ref
from tracker.errors import ValidationError

KIND_OF: dict[type[SQLModel], str] = {
    models.Programme: "programme",
    models.Neighbourhood: "neighbourhood",
    models.Site: "site",
    models.Service: "service",
    models.Organisation: "organisation",
    models.Consortium: "consortium",
    models.Act: "act",
    models.FundingSource: "funding source",
    models.Tender: "tender",
    models.Lot: "lot",
    models.Contract: "contract",
    models.ContractOption: "contract option",
    models.InHousePeriod: "in-house period",
    models.FundingAllocation: "funding allocation",
    models.Deadline: "deadline",
}

M = TypeVar("M", bound=SQLModel)


def _column(model: type[SQLModel], name: str) -> Any:
    return getattr(model, name)


INDEX = "ref_index"
"""Where a session keeps the refs it knows while ``bulk_adding`` is on."""
PENDING = "bulk_pending"
"""The records added and not yet flushed, by kind and id, while ``bulk_adding``."""
ID_BLOCK = 1000
RANKS = {table.name: rank for rank, table in enumerate(SQLModel.metadata.sorted_tables)}
"""Tables in the order their rows can be inserted (each after those it refers to)."""


class _Ids:
    """Primary keys handed out before the insert, so that a record's children can
    name it without a flush: on PostgreSQL drawn from the table's own sequence (a
    block at a time), on SQLite counted on from the largest id (the load holds the
    write lock, so nobody else inserts meanwhile)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._free: dict[str, list[int]] = {}
        self._last: dict[str, int] = {}

    def next(self, table: Any) -> int:
        free = self._free.setdefault(table.name, [])
        if not free:
            free.extend(self._block(table, ID_BLOCK))
            free.reverse()
        return free.pop()

    def _block(self, table: Any, size: int) -> list[int]:
        connection = self._session.connection()
        if connection.dialect.name == "postgresql":
            rows = connection.execute(
                select(
                    func.nextval(func.pg_get_serial_sequence(table.name, "id"))
                ).select_from(func.generate_series(1, size))
            )
            return [int(row[0]) for row in rows]
        last = self._last.get(table.name)
        if last is None:
            last = int(
                connection.execute(
                    select(func.coalesce(func.max(table.c.id), 0))
                ).scalar_one()
            )
        self._last[table.name] = last + size
        return list(range(last + 1, last + size + 1))


def _deferred(objects: object = None) -> None:
    del objects


@contextmanager
def bulk_adding(session: Session) -> Iterator[Callable[[], None]]:
    """Add many records quickly (a load), with the same checks and answers.

    Every ref of the database is read once and each new record's ref noted as it
    is added, so ``find_ref``, ``ensure_ref_free`` and ``resolve`` need no query; a
    new record gets its id when it is added, so the services' own flushes are not
    needed and the records go to the database by the thousand, when the caller
    calls the flush this yields (before records added later look up earlier ones
    by query: at the end of each kind of record, and every few thousand records).
    """
    session.flush()
    index: dict[str, tuple[str, int]] = {
        str(ref): (str(kind), int(id_))
        for kind, id_, ref in session.execute(
            union_all(
                *(
                    select(
                        literal(kind).label("kind"),
                        _column(model, "id").label("id"),
                        _column(model, "ref").label("ref"),
                    )
                    for model, kind in KIND_OF.items()
                )
            )
        )
    }
    pending: dict[tuple[str, int], SQLModel] = {}
    known_records: dict[tuple[str, int], SQLModel] = {}
    ids = _Ids(session)

    def added(_session: Session, obj: Any) -> None:
        table = getattr(type(obj), "__table__", None)
        if table is None or "id" not in table.c or getattr(obj, "id", 0) is not None:
            return
        obj.id = ids.next(table)
        kind = KIND_OF.get(type(obj))
        if kind is not None:
            index[obj.ref] = (kind, obj.id)
            pending[(kind, obj.id)] = obj
            if kind in NAMED:
                known_records[(kind, obj.id)] = obj

    def flush() -> None:
        # Records are given no relationships, so a flush does not know that a lot
        # must be inserted after its tender: send them table by table, parents first.
        waiting: dict[int, list[Any]] = {}
        for obj in list(session.new):
            rank = RANKS.get(getattr(type(obj), "__tablename__", ""), len(RANKS))
            waiting.setdefault(rank, []).append(obj)
            session.expunge(obj)
        for rank in sorted(waiting):
            session.add_all(
                sorted(waiting[rank], key=lambda o: getattr(o, "id", 0) or 0)
            )
            Session.flush(session)
        Session.flush(session)
        pending.clear()

    autoflush = session.autoflush
    event.listen(session, "transient_to_pending", added)
    session.info[INDEX] = index
    session.info[PENDING] = pending
    session.info[KNOWN] = known_records
    session.autoflush = False
    # The services flush after each record to get its id; here the id is given
    # on add, so their flushes wait for the caller's.
    session.flush = _deferred  # type: ignore[method-assign]
    try:
        yield flush
        flush()
    finally:
        del session.flush
        session.autoflush = autoflush
        session.info.pop(INDEX, None)
        session.info.pop(PENDING, None)
        session.info.pop(KNOWN, None)
        event.remove(session, "transient_to_pending", added)


KNOWN = "bulk_known"
NAMED = {
    "programme",
    "neighbourhood",
    "site",
    "service",
    "organisation",
    "consortium",
    "act",
    "funding source",
    "tender",
    "lot",
}
"""Kinds that other records name: kept at hand while ``bulk_adding``."""


def known(session: Session, model: type[M], record_id: int) -> M:
    """A record by id while ``bulk_adding``: the one just added, or one read
    or added before (kept: a load names the same records often)."""
    kind = KIND_OF[model]
    added = session.info[PENDING].get((kind, record_id))
    if added is not None:
        return added  # type: ignore[no-any-return]
    cache: dict[tuple[str, int], Any] = session.info[KNOWN]
    record = cache.get((kind, record_id))
    if record is None:
        record = session.get(model, record_id)
        assert record is not None, "an indexed ref names a record"
        cache[(kind, record_id)] = record
    return record


def bulk(session: Session) -> bool:
    """Whether the session is ``bulk_adding``."""
    return PENDING in session.info


def is_new(session: Session, record: SQLModel) -> bool:
    """Whether ``record`` was added in this ``bulk_adding`` and not yet sent: it
    has no rows of its own in the database to look for."""
    pending = session.info.get(PENDING)
    kind = KIND_OF.get(type(record))
    return (
        pending is not None
        and kind is not None
        and pending.get((kind, getattr(record, "id", None))) is record
    )


def find_ref(session: Session, ref: str) -> tuple[str, int] | None:
    """The kind and id of the record a ref names, or None."""
    index = session.info.get(INDEX)
    if index is not None:
        found: tuple[str, int] | None = index.get(ref)
        return found
    branches = [
        select(literal(kind).label("kind"), _column(model, "id").label("id")).where(
            _column(model, "ref") == ref
        )
        for model, kind in KIND_OF.items()
    ]
    row = session.execute(union_all(*branches)).first()
    if row is None:
        return None
    return str(row[0]), int(row[1])


def ensure_ref_free(session: Session, ref: str, *, field: str = "ref") -> str:
    """Check a new ref's shape and that no record already has it."""
    check_ref(ref, field=field)
    found = find_ref(session, ref)
    if found is not None:
        raise ValidationError(
            field, ref, f"this reference is already used by a {found[0]}"
        )
    return ref


def resolve(session: Session, model: type[M], ref: str, *, field: str) -> M:
    """The record of kind ``model`` named ``ref``, or a ValidationError on ``field``."""
    record: M | None
    index = session.info.get(INDEX)
    if index is not None:
        found = index.get(ref)
        if found is None or found[0] != KIND_OF[model]:
            record = None
        else:
            record = known(session, model, found[1])
    else:
        record = session.exec(
            select(model).where(model.ref == ref)  # type: ignore[attr-defined]
        ).first()
    if record is None:
        raise ValidationError(field, ref, f"no {KIND_OF[model]} has this reference")
    return record


def resolve_optional(
    session: Session, model: type[M], ref: str | None, *, field: str
) -> M | None:
    return None if ref is None else resolve(session, model, ref, field=field)


def record_id(record: SQLModel) -> int:
    """The primary key of a flushed record."""
    value = getattr(record, "id", None)
    assert isinstance(value, int), "record must be flushed before its id is used"
    return value
