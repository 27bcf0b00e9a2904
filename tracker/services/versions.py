"""Versions: no save based on a stale read, no lost update.

Every editable record carries a ``version``. A write to it, or to a row it owns (a
consortium's members, a contract's services, staffing and options, a tender's lots
and their services), first *claims* it: ``UPDATE … SET version = version + 1
WHERE id = :id [AND version = :seen]``. The claim is the first write of the unit of
work, so it also takes the record's row lock (PostgreSQL) or the write lock
(SQLite): whatever is read after it is current and nobody else can change the
record before the commit. With ``seen`` (the version the person read with the
draft) and 0 rows updated, someone else changed the record: ConflictError, nothing
written. Without it (internal callers), the save still moves the version.

The rule the versions keep: a record's version moves whenever the draft
``record_draft`` gives for it changes (except when a record it names is renamed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlmodel import Session, SQLModel

from tracker import models
from tracker.domain.reapply import Clash, reapply
from tracker.drafts import Draft
from tracker.errors import ConflictError, NotFoundError
from tracker.history import ensure_writable
from tracker.history_reading import changes_since
from tracker.i18n import _
from tracker.queries.refs import KIND_OF
from tracker.services.refs import record_id

__all__ = [
    "Clash",
    "claim",
    "claim_owner",
    "lock_row",
    "reapply_draft",
    "record_version",
]

M = TypeVar("M", bound=SQLModel)
D = TypeVar("D", bound=Draft)


def claim(session: Session, record: M, base_version: int | None = None) -> M:
    """Move ``record``'s version (only from ``base_version`` when given) and reload
    it: from here on it is current and ours until the commit."""
    ensure_writable(session)
    model = type(record)
    table: Any = model.__table__  # type: ignore[attr-defined]
    statement = update(table).where(table.c.id == record_id(record))
    if base_version is not None:
        statement = statement.where(table.c.version == base_version)
    result: Any = session.execute(statement.values(version=table.c.version + 1))
    if result.rowcount == 0:
        if base_version is None:
            raise NotFoundError(KIND_OF.get(model, "record"), _name(record))
        raise conflict(session, record, base_version)
    session.refresh(record)
    claimed = session.info.setdefault("claimed", set())
    claimed.add((str(model.__tablename__), record_id(record)))
    return record


def lock_row(session: Session, model: type[SQLModel], id_: int) -> None:
    """Hold the row ``id_`` until the commit without changing it, so that two
    acknowledgements or snoozes of one record's alerts follow each other."""
    ensure_writable(session)
    table: Any = model.__table__  # type: ignore[attr-defined]
    session.execute(update(table).where(table.c.id == id_).values(id=table.c.id))


# The form that edits each versioned table, whose labels name a conflict's fields.
FORM_OF = {
    "tender": "tender",
    "lot": "lot",
    "contract": "contract",
    "contract_option": "option",
    "organisation": "organisation",
    "consortium": "consortium",
    "act": "act",
    "funding_source": "funding_source",
    "funding_allocation": "allocation",
    "deadline": "deadline",
    "note": "note",
}


def conflict(session: Session, record: SQLModel, base_version: int) -> ConflictError:
    """The ConflictError for a save of ``record`` based on ``base_version``: who
    changed it last, when, and which fields since that version."""
    model = type(record)
    table: Any = model.__table__  # type: ignore[attr-defined]
    current = session.execute(
        table.select()
        .with_only_columns(table.c.version)
        .where(table.c.id == record_id(record))
    ).scalar()
    since = changes_since(
        session, (str(model.__tablename__), record_id(record)), base_version
    )
    return ConflictError(
        _name(record),
        actor=since.actor,
        at=since.at,
        fields=since.fields,
        base_version=base_version,
        version=current,
        kind=FORM_OF.get(str(model.__tablename__)),
    )


def _name(record: SQLModel) -> str:
    if isinstance(record, models.Note):
        # A note has no reference of its own: it is named by the record it is on.
        return _("{ref} (note {id})").format(ref=record.subject_ref, id=record.id)
    return str(getattr(record, "ref", "?"))


def reapply_draft(base: D, mine: D, current: D) -> tuple[D, tuple[Clash, ...]]:
    """The person's edits (``mine`` against ``base``, the draft they opened) applied
    on the ``current`` draft, with the fields both changed as clashes (their value
    kept in the result; ``Clash.theirs`` has the other person's)."""
    result = reapply(_fields(base), _fields(mine), _fields(current))
    merged = type(current).model_validate(result.values)
    return merged, result.clashes


def _fields(draft: Draft) -> Mapping[str, Any]:
    return draft.model_dump(mode="python", warnings=False)


def claim_owner(session: Session, record: SQLModel) -> None:
    """A lot is part of its tender's draft, an option of its contract's: a write to
    one moves the owner's version too (the owner first, always, so that two units
    of work lock in the same order)."""
    owner: SQLModel | None = None
    if isinstance(record, models.Lot):
        owner = session.get(models.Tender, record.tender_id)
    elif isinstance(record, models.ContractOption):
        owner = session.get(models.Contract, record.contract_id)
    if owner is not None:
        claim(session, owner)


def record_version(session: Session, ref: str) -> int | None:
    """The version of the editable record ``ref``, or None."""
    for model in models.EDITABLE:
        table: Any = model.__table__  # type: ignore[attr-defined]
        found = session.execute(
            select(table.c.version).where(table.c.ref == ref)
        ).scalar()
        if found is not None:
            return int(found)
    return None
