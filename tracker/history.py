"""The change history: every flush records what it wrote, against its subject.

Each write becomes a ``change`` row: who (the configured person and, on PostgreSQL,
the database role, which no environment variable can fake), when, which row, which
fields with their old and new values, and the record the row belongs to, its
*subject*: a consortium member's share belongs to its consortium, a contract's
service link, staffing row or payment to its contract, a lot's service link to its lot, a
note, an acknowledgement or a snooze to the record it is about. A record's history
is read by its subject, from its own ``create`` entry on, so a record recreated
under a deleted one's reference (SQLite may even give it the same id) never shows
the old record's history, and a rename leaves earlier entries as they were written.
The database itself refuses to update or delete history rows (migration 0005).
A record restored to an earlier version (tracker.services.restoring) gets, after
the entries of that save, one ``restore`` entry naming the version it went back to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    inspect,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, SQLModel

from tracker import models
from tracker.drafts import HistoryEntry
from tracker.errors import ReadOnlyError

Clock = Callable[[], datetime]
Subject = tuple[str, int]

RECORDS: dict[str, type[SQLModel]] = {
    model.__tablename__: model  # type: ignore[misc]
    for model in (
        models.Programme,
        models.Neighbourhood,
        models.Site,
        models.Service,
        models.Organisation,
        models.Consortium,
        models.Act,
        models.FundingSource,
        models.Tender,
        models.Lot,
        models.Contract,
        models.ContractOption,
        models.InHousePeriod,
        models.FundingAllocation,
        models.Deadline,
    )
}
"""Records with a reference: the subjects of the history, by table name."""

OWNED: dict[str, str] = {
    "consortium_member": "members",
    "contract_service": "services",
    "lot_service": "services",
    "in_house_service": "services",
    "staffing": "staffing",
    "payment": "payments",
    "neighbourhood_programme": "programmes",
    "lot": "lots",
    "contract_option": "options",
}
"""A row written as part of another record's draft: the draft field it shows in."""


def install(factory: sessionmaker[Session]) -> None:
    """Record every flush of ``factory``'s sessions; refuse them when read-only."""
    from sqlalchemy import event

    event.listen(factory, "before_flush", _refuse_when_read_only)
    event.listen(factory, "after_flush", record_changes)


def ensure_writable(session: Session) -> None:
    """ReadOnlyError when the session's database role may not write."""
    if session.info.get("read_only"):
        raise ReadOnlyError(str(session.info.get("role") or "?"))


def _refuse_when_read_only(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        ensure_writable(session)


def database_role(connection: Connection) -> str | None:
    """The database role writing (PostgreSQL's ``current_user``); None on SQLite."""
    if connection.dialect.name != "postgresql":
        return None
    return str(connection.execute(text("SELECT current_user")).scalar_one())


def can_write(engine: Engine) -> tuple[bool, str | None]:
    """Whether the database role may write the records and the history, and its
    name. SQLite has no roles: a file it cannot write fails when it writes."""
    if engine.dialect.name != "postgresql":
        return True, None
    with engine.connect() as connection:
        role = database_role(connection)
        allowed = connection.execute(
            text(
                # a table not there yet (a database still to migrate) says nothing
                "SELECT coalesce(has_table_privilege(to_regclass('change'), 'INSERT'), "
                "true) AND coalesce(has_table_privilege(to_regclass('contract'), "
                "'UPDATE'), true)"
            )
        ).scalar_one()
    return bool(allowed), role


def _role(session: Session) -> str | None:
    if "role" not in session.info:
        session.info["role"] = database_role(session.connection())
    role = session.info["role"]
    return None if role is None else str(role)


def subject_of_ref(connection: Connection, ref: str) -> Subject | None:
    """The record (table name and id) a reference names, or None."""
    branches = [
        select(literal(kind).label("kind"), model.id.label("id")).where(  # type: ignore[attr-defined]
            model.ref == ref  # type: ignore[attr-defined]
        )
        for kind, model in RECORDS.items()
    ]
    row = connection.execute(union_all(*branches)).first()
    return None if row is None else (str(row[0]), int(row[1]))


def subject_of_key(connection: Connection, key: str) -> Subject | None:
    """The record an alert's or a deadline's key is about: the ref itself (an
    explicit deadline) or ``<ref>/<part>`` (``LOR-2019-C1/end``)."""
    found = subject_of_ref(connection, key)
    if found is not None:
        return found
    ref, slash, part = key.rpartition("/")
    if slash and ref and part:
        return subject_of_ref(connection, ref)
    return None


class _Subjects:
    """Finds the subject of each row a flush wrote."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.gone: dict[str, Subject] = session.info.setdefault("gone", {})

    def by_ref(self, ref: str | None, *, key: bool = False) -> Subject | None:
        if ref is None:
            return None
        connection = self.session.connection()
        found = (subject_of_key if key else subject_of_ref)(connection, ref)
        if found is None:
            # The record went earlier in this unit of work (deleted with its notes).
            found = self.gone.get(ref)
            if found is None and key:
                found = self.gone.get(ref.rpartition("/")[0])
        return found

    def of(self, obj: SQLModel, old: dict[str, Any]) -> Subject | None:
        table = str(obj.__tablename__)
        if table in RECORDS:
            return table, int(getattr(obj, "id"))  # noqa: B009
        if isinstance(obj, models.ConsortiumMember):
            return "consortium", obj.consortium_id
        if isinstance(obj, models.ContractService):
            return "contract", obj.contract_id
        if isinstance(obj, models.LotService):
            return "lot", obj.lot_id
        if isinstance(obj, models.InHouseService):
            return "in_house_period", obj.in_house_id
        if isinstance(obj, models.NeighbourhoodProgramme):
            return "neighbourhood", obj.neighbourhood_id
        if isinstance(obj, models.Payment):
            return "contract", obj.contract_id
        if isinstance(obj, models.Staffing):
            if obj.contract_id is not None:
                return "contract", obj.contract_id
            return (
                None
                if obj.in_house_id is None
                else ("in_house_period", obj.in_house_id)
            )
        if isinstance(obj, models.Note):
            return self.by_ref(obj.subject_ref) or self.by_ref(old.get("subject_ref"))
        if isinstance(obj, models.Acknowledgement | models.Snooze):
            return self.by_ref(obj.key, key=True) or self.by_ref(
                old.get("key"), key=True
            )
        return None

    def version(self, subject: Subject) -> int | None:
        model = RECORDS.get(subject[0])
        if model is None or "version" not in model.model_fields:
            return None
        record = self.session.identity_map.get(identity_key(model, subject[1]))
        value = getattr(record, "version", None)
        return value if isinstance(value, int) else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(obj: SQLModel) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {col.key: _plain(getattr(obj, col.key)) for col in mapper.column_attrs}


def _updated(obj: SQLModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """The changed fields as ``{field: [old, new]}``, and the old values."""
    state = inspect(obj)
    changed: dict[str, Any] = {}
    old_values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changed[attr.key] = [_plain(old), _plain(new)]
                old_values[attr.key] = old
    # The version moves by a compare-and-swap before the write, not by the form.
    changed.pop("version", None)
    return changed, old_values


def record_changes(session: Session, _flush_context: Any) -> None:
    """After each flush: one history row per row written (not when the session's
    ``history`` is off, as while a dataset's own history is restored)."""
    if not session.info.get("history", True):
        return
    subjects = _Subjects(session)
    now = session.info["clock"]()
    actor = str(session.info.get("actor", "unknown"))
    rows: list[dict[str, Any]] = []

    def add(
        action: str, obj: SQLModel, changes: dict[str, Any], old: dict[str, Any]
    ) -> None:
        subject = subjects.of(obj, old)
        rows.append(
            {
                "at": now,
                "actor": actor,
                "role": _role(session),
                "action": action,
                "entity": obj.__tablename__,
                "record_id": getattr(obj, "id", None),
                "ref": getattr(obj, "ref", None),
                "subject_kind": None if subject is None else subject[0],
                "subject_id": None if subject is None else subject[1],
                "subject_version": None
                if subject is None
                else subjects.version(subject),
                "changes": json.dumps(changes, sort_keys=True, ensure_ascii=False),
            }
        )

    def recorded(objects: Iterable[Any]) -> list[SQLModel]:
        return [
            o
            for o in objects
            if isinstance(o, SQLModel) and not isinstance(o, models.Change)
        ]

    for obj in recorded(session.new):
        add("create", obj, _columns(obj), {})
    for obj in recorded(session.dirty):
        changed, old = _updated(obj)
        if changed:
            add("update", obj, changed, old)
    for obj in recorded(session.deleted):
        if obj.__tablename__ in RECORDS:
            subjects.gone[str(getattr(obj, "ref"))] = (  # noqa: B009
                str(obj.__tablename__),
                int(getattr(obj, "id")),  # noqa: B009
            )
        add("delete", obj, _columns(obj), {})
    # the owner's note first, the lot's or the option's own entry after it
    rows[:0] = _owner_rows(session, subjects, rows)
    if rows:
        session.connection().execute(models.Change.__table__.insert(), rows)  # type: ignore[attr-defined]


def record_restore(session: Session, subject: Subject, ref: str, version: int) -> None:
    """The history entry saying that the record ``subject`` (now ``ref``) was
    restored to its version ``version``; it follows the save's own entries."""
    table: Any = RECORDS[subject[0]].__table__  # type: ignore[attr-defined]
    current = (
        session.connection()
        .execute(select(table.c.version).where(table.c.id == subject[1]))
        .scalar()
    )
    row = {
        "at": session.info["clock"](),
        "actor": str(session.info.get("actor", "unknown")),
        "role": _role(session),
        "action": "restore",
        "entity": subject[0],
        "record_id": subject[1],
        "ref": ref,
        "subject_kind": subject[0],
        "subject_id": subject[1],
        "subject_version": current if isinstance(current, int) else None,
        "changes": json.dumps({"version": version}),
    }
    session.connection().execute(models.Change.__table__.insert(), [row])  # type: ignore[attr-defined]


OWNERS = {
    "lot": ("tender", "tender_id"),
    "contract_option": ("contract", "contract_id"),
}
"""Records that are also part of another's draft: a lot of its tender's, an option
of its contract's."""


def _owner_rows(
    session: Session, subjects: _Subjects, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A write to a lot or an option (or to its service links) moves its owner's
    version (the owner's draft shows it): the owner's history says so once per
    unit of work, naming the lot or option (``{"options": [old ref, new ref]}``),
    unless the owner itself goes."""
    claimed: set[Subject] = session.info.get("claimed", set())
    noted: set[Subject] = session.info.setdefault("owners_noted", set())
    going: set[Subject] = session.info.get("deleting", set())
    extra: list[dict[str, Any]] = []
    for row in rows:
        child = row["subject_kind"]
        if child not in OWNERS or row["subject_id"] is None:
            continue
        kind, column = OWNERS[child]
        changes = json.loads(row["changes"]) if row["entity"] == child else {}
        owner_id = changes.get(column)
        if isinstance(owner_id, list):  # moved: an update names old and new
            owner_id = owner_id[1]
        if owner_id is None:
            owner_id = _column_of(session, child, row["subject_id"], column)
        owner = (kind, owner_id)
        if owner not in claimed or owner in noted or owner in going:
            continue
        noted.add(owner)
        record = session.identity_map.get(identity_key(RECORDS[kind], owner_id))
        named = _column_of(session, child, row["subject_id"], "ref")
        old = None if row["action"] == "create" and row["entity"] == child else named
        new = None if row["action"] == "delete" and row["entity"] == child else named
        extra.append(
            {
                **row,
                "action": "update",
                "entity": kind,
                "record_id": owner_id,
                "ref": getattr(record, "ref", None),
                "subject_kind": kind,
                "subject_id": owner_id,
                "subject_version": subjects.version(owner),
                "changes": json.dumps({OWNED[child]: [old, new]}),
            }
        )
    return extra


def _column_of(session: Session, table: str, id_: int, column: str) -> Any:
    """A column of a row the unit of work holds (or, failing that, reads)."""
    model = RECORDS[table]
    record = session.identity_map.get(identity_key(model, id_))
    if record is not None:
        return getattr(record, column, None)
    found: Any = model.__table__  # type: ignore[attr-defined]
    return (
        session.connection()
        .execute(select(found.c[column]).where(found.c.id == id_))
        .scalar()
    )


RESTORE_BATCH = 1000


def restore(session: Session, entries: Sequence[HistoryEntry]) -> int:
    """Insert a dataset's history as written, in its order, each entry against the
    record its subject's ref names here; each record's version becomes the last its
    history made, so that later conflicts compare like with like. How many."""
    connection = session.connection()
    ids: dict[str, dict[str, int]] = {}
    versions: dict[Subject, int] = {}

    def subject_id(kind: str | None, ref: str | None) -> int | None:
        model = None if kind is None or ref is None else RECORDS.get(kind)
        if model is None or kind is None or ref is None:
            return None
        if kind not in ids:
            table: Any = model.__table__  # type: ignore[attr-defined]
            ids[kind] = {
                str(r): int(i)
                for i, r in connection.execute(select(table.c.id, table.c.ref))
            }
        return ids[kind].get(ref)

    rows: list[dict[str, Any]] = []
    for entry in entries:
        found = subject_id(entry.subject_kind, entry.subject)
        if found is not None and entry.subject_kind and entry.subject_version:
            key = (entry.subject_kind, found)
            versions[key] = max(versions.get(key, 1), entry.subject_version)
        rows.append(
            {
                "at": entry.at,
                "actor": entry.actor,
                "role": entry.role,
                "action": entry.action,
                "entity": entry.entity,
                "record_id": entry.record_id,
                "ref": entry.ref,
                "subject_kind": entry.subject_kind,
                "subject_id": found,
                "subject_version": entry.subject_version,
                "changes": entry.changes,
            }
        )
    change: Any = models.Change.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), RESTORE_BATCH):
        connection.execute(change.insert(), rows[start : start + RESTORE_BATCH])
    for (kind, id_), version in versions.items():
        model = RECORDS[kind]
        if "version" in model.model_fields:
            table = model.__table__  # type: ignore[attr-defined]
            connection.execute(
                table.update().where(table.c.id == id_).values(version=version)
            )
    return len(rows)
