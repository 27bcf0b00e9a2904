"""Restoring a record to an earlier version of its history.

A version is what a record's draft was after one save (the history entries that
made it carry it as ``subject_version``). To read version N again, the writes made
after it to the record and to the rows it owns (a consortium's members, a
contract's services, staffing and payments, a lot's services) are undone, newest
first, inside a savepoint that is always rolled back: the draft is read there with
the same reader the forms use, so it names every other record by its reference as
it is now. That draft is then saved like any other, with every rule checked and
the version the person saw compared, and one more history entry says which
version was restored.

A tender's lots and a contract's options are records of their own: restoring the
tender or the contract leaves them as they are (each has its own history).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from tracker import models
from tracker.drafts import ContractDraft, TenderDraft
from tracker.errors import N_, Kind, NotFoundError, TrackerError
from tracker.history import OWNED, RECORDS, Subject, record_restore, subject_of_ref
from tracker.history_reading import subject_condition, versions_made
from tracker.queries.export import RecordDraft, record_draft
from tracker.services import saving

__all__ = ["draft_at", "restore_version", "versions_of"]

PARTS = {
    "consortium_member": "consortium_id",
    "contract_service": "contract_id",
    "lot_service": "lot_id",
    "staffing": "contract_id",
    "payment": "contract_id",
}
"""Rows a record's own draft holds (not records of their own), by the column that
names their record."""

assert set(PARTS) <= set(OWNED), "every part is a row the history files as owned"


def _subject(session: Session, ref: str) -> Subject:
    found = subject_of_ref(session.connection(), ref)
    if found is None:
        raise NotFoundError("record", ref)
    model = RECORDS[found[0]]
    if model not in models.EDITABLE:
        raise TrackerError(
            N_("{ref} is a {kind}: it has no versions to restore"),
            ref=ref,
            kind=Kind(found[0]),
        )
    return found


def _entries(session: Session, subject: Subject) -> list[Any]:
    change: Any = models.Change.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    query = (
        select(change)
        .where(subject_condition(connection, [subject]))
        .order_by(change.c.id)
    )
    return list(connection.execute(query))


def versions_of(session: Session, ref: str) -> list[int]:
    """The versions of the record ``ref`` its history holds, oldest first."""
    subject = _subject(session, ref)
    found = versions_made(_entries(session, subject))
    return sorted({v for v in found if v is not None})


def draft_at(session: Session, ref: str, version: int) -> RecordDraft:
    """The draft of the record ``ref`` as version ``version`` left it; nothing is
    changed. A TrackerError when the history holds no such version or a record
    that version named is gone."""
    subject = _subject(session, ref)
    entries = _entries(session, subject)
    versions = versions_made(entries)
    known = sorted({v for v in versions if v is not None})
    if version not in known:
        raise TrackerError(
            N_("{ref} has no version {version} in its history (versions: {known})"),
            ref=ref,
            version=version,
            known=", ".join(str(v) for v in known) or "-",
        )
    last = max(i for i, v in enumerate(versions) if v is not None and v <= version)
    later = [e for e in entries[last + 1 :] if _undoable(e, subject)]
    old_ref = _ref_at(later, ref)
    savepoint = session.begin_nested()
    try:
        _Rewind(session, subject, ref, version).undo(reversed(later))
        session.expire_all()
        draft = record_draft(session, ref)
    except IntegrityError:
        raise TrackerError(
            N_(
                "version {version} of {ref} cannot be restored: it names a "
                "record deleted since, or a value another record now holds"
            ),
            ref=ref,
            version=version,
        ) from None
    finally:
        savepoint.rollback()
        session.expire_all()
    assert draft is not None, "an editable record has a draft"
    return draft.model_copy(update={"ref": old_ref})


def restore_version(
    session: Session, ref: str, version: int, *, base_version: int | None = None
) -> str:
    """Save the record ``ref`` as version ``version`` left it, checked like any
    save (against ``base_version``, the version the person saw, when given), and
    record that the version was restored; the record's ref afterwards."""
    subject = _subject(session, ref)
    draft = draft_at(session, ref, version)
    # A tender's lots and a contract's options are saved on their own.
    if isinstance(draft, TenderDraft):
        draft = draft.model_copy(update={"lots": []})
    elif isinstance(draft, ContractDraft):
        draft = draft.model_copy(update={"options": []})
    saved = saving.save(session, draft, original=ref, base_version=base_version)
    session.flush()
    record_restore(session, subject, saved, version)
    return saved


def _undoable(entry: Any, subject: Subject) -> bool:
    """A write that changed the record's own draft (not a note, a snooze or the
    mention of a lot or an option, which keep their own history)."""
    if entry.action not in ("create", "update", "delete"):
        return False
    return entry.entity == subject[0] or entry.entity in PARTS


def _ref_at(later: Sequence[Any], ref: str) -> str:
    """The record's ref before the writes ``later`` (the oldest rename's old ref)."""
    for entry in later:
        if entry.action == "update" and entry.entity == entry.subject_kind:
            renamed = json.loads(entry.changes).get("ref")
            if isinstance(renamed, list) and isinstance(renamed[0], str):
                return renamed[0]
    return ref


def _table(name: str) -> Table:
    table = SQLModel.metadata.tables.get(name)
    assert table is not None, f"the history names a table of this database: {name}"
    return table


def _stored(table: Table, column: str, value: Any) -> Any:
    """A value as the history wrote it (dates as ISO text) in its column's type."""
    if value is None or not isinstance(value, str):
        return value
    try:
        kind = table.c[column].type.python_type
    except NotImplementedError:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


class _Rewind:
    """Undoes history entries of one record inside a savepoint."""

    def __init__(self, session: Session, subject: Subject, ref: str, version: int):
        self.connection = session.connection()
        self.subject = subject
        self.ref = ref
        self.version = version
        self.moved: dict[tuple[str, int], int] = {}
        """Rows put back under a new id: (table, id in the history) -> id now."""

    def undo(self, entries: Any) -> None:
        for entry in entries:
            table = _table(entry.entity)
            changes = json.loads(entry.changes)
            if entry.entity == self.subject[0]:
                self._own(table, entry.action, changes)
            else:
                self._part(table, entry, changes)

    def _own(self, table: Table, action: str, changes: dict[str, Any]) -> None:
        if action != "update":
            self._refuse()
        values = {
            column: _stored(table, column, pair[0])
            for column, pair in changes.items()
            # the ref goes back on the draft: here it may clash with a record
            # that took it since, which the save then names
            if column in table.c and column not in ("id", "version", "ref")
        }
        if values:
            self.connection.execute(
                update(table).where(table.c.id == self.subject[1]).values(values)
            )

    def _part(self, table: Table, entry: Any, changes: dict[str, Any]) -> None:
        owner = PARTS[entry.entity]
        if entry.action == "delete":
            values = {
                column: _stored(table, column, value)
                for column, value in changes.items()
                if column in table.c and column != "id"
            }
            values[owner] = self.subject[1]
            result = self.connection.execute(insert(table).values(values))
            if "id" in table.c and entry.record_id is not None:
                new_key = result.inserted_primary_key
                assert new_key is not None, "a row put back has an id"
                self.moved[(entry.entity, int(entry.record_id))] = int(new_key[0])
            return
        where = [table.c[owner] == self.subject[1]]
        if "id" in table.c:
            if entry.record_id is None:
                self._refuse()
            row_id = self.moved.get((entry.entity, entry.record_id), entry.record_id)
            where.append(table.c.id == row_id)
        elif entry.action == "create":
            where += [
                table.c[column] == _stored(table, column, value)
                for column, value in changes.items()
                if column in table.c and column != owner
            ]
        else:
            self._refuse()
        if entry.action == "create":
            statement: Any = delete(table)
        else:
            statement = update(table).values(
                {
                    column: _stored(table, column, pair[0])
                    for column, pair in changes.items()
                    if column in table.c and column not in ("id", owner)
                }
            )
        if self.connection.execute(statement.where(*where)).rowcount != 1:
            self._refuse()

    def _refuse(self) -> None:
        """A history this database did not write itself (a loaded dump names rows
        by the ids they had elsewhere) is not replayed on a guess."""
        raise TrackerError(
            N_(
                "the history of {ref} cannot be replayed back to version {version}: "
                "it was written in another database"
            ),
            ref=self.ref,
            version=self.version,
        )
