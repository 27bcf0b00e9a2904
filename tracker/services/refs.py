"""References: every nameable record has a ref unique across the whole database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import event, func, literal, union_all
from sqlmodel import Session, SQLModel, select

from tracker.domain.refs import check_ref
from tracker.errors import N_, Kind, ValidationError
from tracker.kept.marks import touch_rows
from tracker.queries.refs import INDEX, KIND_OF, find_ref, ref_column

M = TypeVar("M", bound=SQLModel)


class Named(Protocol):
    """A draft of a record with a reference of its own."""

    @property
    def ref(self) -> str: ...


N = TypeVar("N", bound=Named)


class Row:
    """A new record's columns while a dataset's own history is restored: the
    services check and set it as they would a model (the rules stay theirs), and
    it goes to the database as a plain row, a table at a time, at far less cost
    than a model's construction, attribute tracking and unit of work."""

    _model: type[SQLModel]
    _queued: bool
    id: int | None

    def __init__(self, model: type[SQLModel], values: dict[str, Any]) -> None:
        self.__dict__.update(_defaults(model))
        self.__dict__.update(values)
        self.__dict__["_model"] = model
        self.__dict__["_queued"] = False

    def columns(self) -> dict[str, Any]:
        return {key: self.__dict__[key] for key in _defaults(self._model)}


_DEFAULTS: dict[type[SQLModel], dict[str, Any]] = {}


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    """Every column of a model's table with the value a new model would have."""
    found = _DEFAULTS.get(model)
    if found is None:
        table: Any = getattr(model, "__table__")  # noqa: B009
        found = {}
        for column in table.c:
            default = column.default
            scalar = default is not None and default.is_scalar
            found[column.key] = default.arg if scalar else None
        _DEFAULTS[model] = found
    return found


ROWS = "bulk_rows"
"""The plain rows added and not yet sent, by table rank, while ``bulk_adding``
with the recording of history off."""


def new_record(session: Session, model: type[M], **values: Any) -> M:
    """A new record of ``model``: a plain ``Row`` while a load restores its own
    history (nothing is recorded for it, so the model's machinery is not needed),
    otherwise the model itself."""
    if ROWS in session.info:
        return cast(M, Row(model, values))
    return model(**values)


def model_of(record: object) -> type[Any]:
    """The model of a record, be it a model or a ``Row``."""
    return record._model if isinstance(record, Row) else type(record)


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


def _ref_index(session: Session) -> dict[str, tuple[str, int]]:
    """The kind and id of every record in the database, by ref."""
    return {
        str(ref): (str(kind), int(id_))
        for kind, id_, ref in session.execute(
            union_all(
                *(
                    select(
                        literal(kind).label("kind"),
                        ref_column(model, "id").label("id"),
                        ref_column(model, "ref").label("ref"),
                    )
                    for model, kind in KIND_OF.items()
                )
            )
        )
    }


def _send(session: Session, rows: dict[int, list[Row]]) -> None:
    """Insert the records added since the last time, models and plain rows."""
    # Records are given no relationships, so a flush does not know that a lot
    # must be inserted after its tender: send them table by table, parents first.
    waiting: dict[int, list[Any]] = {}
    for obj in list(session.new):
        rank = RANKS.get(getattr(type(obj), "__tablename__", ""), len(RANKS))
        waiting.setdefault(rank, []).append(obj)
        session.expunge(obj)
    connection = session.connection()
    for rank in sorted(waiting.keys() | rows.keys()):
        if rank in waiting:
            session.add_all(
                sorted(waiting[rank], key=lambda o: getattr(o, "id", 0) or 0)
            )
            Session.flush(session)
        plain = rows.pop(rank, [])
        if plain:
            table: Any = getattr(plain[0]._model, "__table__")  # noqa: B009
            values = [row.columns() for row in plain]
            connection.execute(table.insert(), values)
            # Plain rows bypass the unit of work the upkeep follows.
            touch_rows(session, table.name, values)
    Session.flush(session)


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
    index = _ref_index(session)
    pending: dict[tuple[str, int], SQLModel] = {}
    known_records: dict[tuple[str, int], SQLModel] = {}
    ids = _Ids(session)

    def added(_session: Session, obj: Any) -> None:
        table = getattr(type(obj), "__table__", None)
        if table is None or "id" not in table.c or getattr(obj, "id", 0) is not None:
            return
        obj.id = ids.next(table)
        _noted(obj, type(obj))

    rows: dict[int, list[Row]] | None = (
        None if session.info.get("history", True) else {}
    )
    model_add = session.add

    def add(obj: Any, *, _warn: bool = True) -> None:
        if not isinstance(obj, Row):
            model_add(obj, _warn=_warn)
            return
        if not obj._queued:
            assert rows is not None
            obj._queued = True
            table: Any = getattr(obj._model, "__table__")  # noqa: B009
            rows.setdefault(RANKS[table.name], []).append(obj)
            if "id" in table.c and obj.id is None:
                obj.id = ids.next(table)
                _noted(obj, obj._model)

    def _noted(obj: Any, model: type[SQLModel]) -> None:
        kind = KIND_OF.get(model)
        if kind is not None:
            index[obj.ref] = (kind, obj.id)
            pending[(kind, obj.id)] = obj
            if kind in NAMED:
                known_records[(kind, obj.id)] = obj

    def flush() -> None:
        _send(session, rows or {})
        pending.clear()

    autoflush = session.autoflush
    event.listen(session, "transient_to_pending", added)
    session.info[INDEX] = index
    session.info[PENDING] = pending
    session.info[KNOWN] = known_records
    if rows is not None:
        session.info[ROWS] = rows
        session.add = add  # type: ignore[method-assign,assignment]
    session.autoflush = False
    # The services flush after each record to get its id; here the id is given
    # on add, so their flushes wait for the caller's.
    session.flush = _deferred  # type: ignore[method-assign]
    try:
        yield flush
        flush()
    finally:
        del session.flush
        if rows is not None:
            del session.add
        session.info.pop(ROWS, None)
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
    kind = KIND_OF.get(model_of(record))
    return (
        pending is not None
        and kind is not None
        and pending.get((kind, getattr(record, "id", None))) is record
    )


def ensure_ref_free(session: Session, ref: str, *, field: str = "ref") -> str:
    """Check a new ref's shape and that no record already has it."""
    check_ref(ref, field=field)
    found = find_ref(session, ref)
    if found is not None:
        raise ValidationError(
            field,
            ref,
            N_("this reference is already used by a {kind}"),
            kind=Kind(found[0]),
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
        raise ValidationError(
            field, ref, N_("no {kind} has this reference"), kind=Kind(KIND_OF[model])
        )
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


def add_new(
    session: Session,
    record: M,
    draft: N,
    apply: Callable[[Session, M, N], object],
) -> M:
    """Add ``record`` as its draft says: the ref must be free, and ``apply`` (the
    record's own checks, shared with changing it) sets its columns."""
    ensure_ref_free(session, draft.ref)
    apply(session, record, draft)
    session.add(record)
    session.flush()
    return record
