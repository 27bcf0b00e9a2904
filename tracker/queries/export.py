"""The whole database as a dataset document (the inverse of loading one): each
section streamed a page at a time, the history as written, and one record's draft.

Records are written in ref order (members, lots, options and staffing in their own
order) so that dumping the same data always gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.drafts import (
    AcknowledgementDraft,
    ActDraft,
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    Dataset,
    DeadlineDraft,
    FundingSourceDraft,
    HistoryEntry,
    LotDraft,
    OptionDraft,
    OrganisationDraft,
    SnoozeDraft,
    TenderDraft,
    read_stored,
)
from tracker.history import RECORDS
from tracker.queries.record_readers import (
    Refs,
    read_acts,
    read_allocations,
    read_consortia,
    read_contracts,
    read_deadlines,
    read_funding_sources,
    read_in_house_periods,
    read_neighbourhoods,
    read_note,
    read_option,
    read_organisations,
    read_programmes,
    read_services,
    read_sites,
    read_tenders,
    record_id,
)
from tracker.queries.tables import as_utc, refs_by_id

PAGE = 500
"""Records read per query when a whole table is exported: enough to keep the
number of queries small, few enough that memory stays flat at any size."""

SectionReader = Callable[[Session, "Refs"], Iterator[BaseModel]]
PageBuilder = Callable[[Session, "Refs", list[int]], Iterable[BaseModel]]


def _id_pages(session: Session, model: type[SQLModel]) -> Iterator[list[int]]:
    """The ids of a table in ref order, a page at a time (keyset on the ref, so that
    each page is one indexed query however far into the table it is)."""
    ref: Any = col(model.ref)  # type: ignore[attr-defined]
    last: str | None = None
    while True:
        query = select(col(model.id), ref).order_by(ref).limit(PAGE)  # type: ignore[attr-defined]
        if last is not None:
            query = query.where(ref > last)
        rows = list(session.exec(query))
        if not rows:
            return
        yield [int(row[0]) for row in rows]
        last = rows[-1][1]


def _paged(model: type[SQLModel], build: PageBuilder) -> SectionReader:
    """A section read page by page: ``build`` turns a page of ids into drafts."""

    def read(session: Session, refs: Refs) -> Iterator[BaseModel]:
        for ids in _id_pages(session, model):
            yield from build(session, refs, ids)

    return read


def _streamed(query: Any, make: Callable[[Any], BaseModel]) -> SectionReader:
    """A section of records without a ref, read in batches in the query's order."""

    def read(session: Session, refs: Refs) -> Iterator[BaseModel]:
        del refs
        offset = 0
        while True:
            rows = list(session.exec(query.offset(offset).limit(PAGE)))
            yield from (make(row) for row in rows)
            if len(rows) < PAGE:
                return
            offset += PAGE

    return read


SECTIONS: dict[str, SectionReader] = {
    "programmes": _paged(models.Programme, read_programmes),
    "neighbourhoods": _paged(models.Neighbourhood, read_neighbourhoods),
    "sites": _paged(models.Site, read_sites),
    "services": _paged(models.Service, read_services),
    "organisations": _paged(
        models.Organisation, lambda session, _, ids: read_organisations(session, ids)
    ),
    "consortia": _paged(models.Consortium, read_consortia),
    "acts": _paged(models.Act, read_acts),
    "funding_sources": _paged(
        models.FundingSource, lambda session, _, ids: read_funding_sources(session, ids)
    ),
    "tenders": _paged(models.Tender, read_tenders),
    "contracts": _paged(
        models.Contract, lambda session, refs, ids: read_contracts(session, refs, ids)
    ),
    "in_house_periods": _paged(models.InHousePeriod, read_in_house_periods),
    "allocations": _paged(models.FundingAllocation, read_allocations),
    "deadlines": _paged(
        models.Deadline, lambda session, _, ids: read_deadlines(session, ids)
    ),
    "acknowledgements": _streamed(
        select(models.Acknowledgement).order_by(col(models.Acknowledgement.key)),
        lambda a: read_stored(
            AcknowledgementDraft,
            {"key": a.key, "through": a.through, "at": as_utc(a.at), "actor": a.actor},
        ),
    ),
    "snoozes": _streamed(
        select(models.Snooze).order_by(col(models.Snooze.key)),
        lambda s: read_stored(
            SnoozeDraft,
            {"key": s.key, "until": s.until, "at": as_utc(s.at), "actor": s.actor},
        ),
    ),
    "notes": _streamed(
        select(models.Note).order_by(
            col(models.Note.subject_ref),
            col(models.Note.written_at),
            col(models.Note.id),
        ),
        read_note,
    ),
}
"""How each section of the dataset is read from the database, a page at a time.

A new section of the dataset gets its reader here; ``export_section`` serves one
that has none yet from a whole ``export_dataset``, so the document stays complete.
"""


def export_dataset(session: Session, *, description: str | None = None) -> Dataset:
    """Every record in the database as a Dataset (in memory: for small databases
    and tests; ``export_section`` streams)."""
    refs = Refs(session)
    data: dict[str, Any] = {"description": description}
    for name, read in SECTIONS.items():
        data[name] = list(read(session, refs))
    return read_stored(Dataset, data)


class SectionExport:
    """The sections of the dataset read one at a time from one session, sharing
    the refs of each table."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._refs = Refs(session)
        self._whole: Dataset | None = None

    def __call__(self, name: str) -> Iterator[BaseModel]:
        read = SECTIONS.get(name)
        if read is not None:
            return read(self._session, self._refs)
        if self._whole is None:
            self._whole = export_dataset(self._session)
        return iter(getattr(self._whole, name))


RecordDraft = (
    TenderDraft
    | LotDraft
    | ContractDraft
    | OptionDraft
    | OrganisationDraft
    | ConsortiumDraft
    | ActDraft
    | FundingSourceDraft
    | AllocationDraft
    | DeadlineDraft
)


def record_draft(session: Session, ref: str) -> RecordDraft | None:
    """The current values of the record ``ref`` as the draft that would save them
    (the shape of the dataset file); None when no editable record has this ref."""
    refs = Refs(session)
    for model in models.EDITABLE:
        found = session.exec(
            select(model).where(model.ref == ref)  # type: ignore[attr-defined]
        ).first()
        if found is None:
            continue
        if isinstance(found, models.Tender):
            return read_tenders(session, refs, [record_id(found)])[0]
        if isinstance(found, models.Lot):
            [tender] = read_tenders(session, refs, [found.tender_id])
            return next(lot for lot in tender.lots if lot.ref == ref)
        if isinstance(found, models.Contract):
            return read_contracts(session, refs, [record_id(found)])[0]
        if isinstance(found, models.ContractOption):
            return read_stored(OptionDraft, read_option(found, refs))
        if isinstance(found, models.Organisation):
            return read_organisations(session, [record_id(found)])[0]
        if isinstance(found, models.Consortium):
            return read_consortia(session, refs, [record_id(found)])[0]
        if isinstance(found, models.Act):
            return read_acts(session, refs, [record_id(found)])[0]
        if isinstance(found, models.FundingSource):
            return read_funding_sources(session, [record_id(found)])[0]
        if isinstance(found, models.FundingAllocation):
            return read_allocations(session, refs, [record_id(found)])[0]
        assert isinstance(found, models.Deadline)
        return read_deadlines(session, [record_id(found)])[0]
    return None


HISTORY_PAGE = 1000


def export_history(session: Session, refs: object = None) -> Iterator[HistoryEntry]:
    """The history as written, in the order it was written (by id, a page at a
    time), each entry with the ref its subject has now: none once the record is
    deleted, or for an entry older than its subject's own creation (a deleted
    record whose ref, or on SQLite whose id, a new record took)."""
    del refs
    change: Any = models.Change.__table__  # type: ignore[attr-defined]
    floors = {
        (str(kind), int(id_)): int(first)
        for kind, id_, first in session.execute(
            sql_select(
                change.c.subject_kind, change.c.subject_id, func.max(change.c.id)
            )
            .where(
                change.c.action == "create",
                change.c.entity == change.c.subject_kind,
                change.c.subject_id.is_not(None),
            )
            .group_by(change.c.subject_kind, change.c.subject_id)
        )
    }
    names: dict[str, dict[int, str]] = {}

    def subject(kind: str | None, id_: int | None, entry: int) -> str | None:
        model = None if kind is None or id_ is None else RECORDS.get(kind)
        if model is None or kind is None or id_ is None:
            return None
        if entry < floors.get((kind, id_), 0):
            return None
        if kind not in names:
            names[kind] = refs_by_id(session, model)
        return names[kind].get(id_)

    last = 0
    while True:
        rows = session.execute(
            sql_select(change)
            .where(change.c.id > last)
            .order_by(change.c.id)
            .limit(HISTORY_PAGE)
        ).all()
        for row in rows:
            yield HistoryEntry(
                at=as_utc(row.at),
                actor=row.actor,
                role=row.role,
                action=row.action,
                entity=row.entity,
                record_id=row.record_id,
                ref=row.ref,
                subject_kind=row.subject_kind,
                subject=subject(row.subject_kind, row.subject_id, row.id),
                subject_version=row.subject_version,
                changes=row.changes,
            )
        if len(rows) < HISTORY_PAGE:
            return
        last = rows[-1].id


SECTIONS["history"] = export_history
