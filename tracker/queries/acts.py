"""Administrative acts (delibere, determine): the list, and each act with the
records that cite it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, func, literal, select, union_all
from sqlmodel import Session

from tracker import models
from tracker.domain.kinds import ActKind
from tracker.domain.refs import RecordKind
from tracker.queries.paging import (
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    matching,
    search_terms,
    sorted_page,
)
from tracker.queries.records import RecordContext, list_history_for, list_notes_for
from tracker.queries.rows import ChangeRow, NoteRow
from tracker.queries.tables import in_order, row_by_ref, table_of

ACTS = ListShape(
    "acts",
    ("adopted_on", "ref", "kind", "number", "subject", "cited"),
    tuple(k.value for k in ActKind),
)


@dataclass(frozen=True)
class ActListRow:
    ref: str
    kind: str
    number: str | None
    adopted_on: date | None
    body: str | None
    subject: str
    cited: int
    """The records that cite the act: tenders it authorised, contracts, options
    and in-house periods."""
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class CitingRow:
    """A record citing an act: a tender it authorised, a contract, an option
    decided by it, an in-house period."""

    kind: str
    """A ``RecordKind`` value."""
    ref: str
    title: str
    """The record's title; an option's is its contract's reference."""
    option_kind: str | None = None


@dataclass(frozen=True)
class ActView:
    ref: str
    kind: str
    number: str | None
    adopted_on: date | None
    body: str | None
    subject: str
    url: str | None
    note: str | None
    cited_by: tuple[CitingRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def _citing_columns() -> tuple[tuple[Table, Any], ...]:
    """Each table that cites acts and its column naming the act."""
    t, c = table_of(models.Tender), table_of(models.Contract)
    o, h = table_of(models.ContractOption), table_of(models.InHousePeriod)
    return (
        (t, t.c.authorising_act_id),
        (c, c.c.act_id),
        (o, o.c.act_id),
        (h, h.c.act_id),
    )


def _cited_by_act() -> Any:
    """(act id, records citing it) of every cited act, as a subquery to sort by."""
    citing = union_all(
        *(
            select(column.label("aid"), literal(1).label("n")).where(
                column.is_not(None)
            )
            for _table, column in _citing_columns()
        )
    ).subquery()
    return (
        select(citing.c.aid, func.sum(citing.c.n).label("n"))
        .group_by(citing.c.aid)
        .subquery()
    )


def _cited_counts(session: Session, ids: Sequence[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for _table, column in _citing_columns():
        for act_id, n in session.execute(
            select(column, func.count()).where(column.in_(ids)).group_by(column)
        ):
            counts[int(act_id)] += int(n)
    return counts


def browse_acts(session: Session, query: BrowseQuery) -> Page[ActListRow]:
    """A page of acts; the search looks at ref, number, subject and body; the
    filter is the act's kind."""
    sort = checked_sort(ACTS, query)
    a = table_of(models.Act)
    conditions: list[ColumnElement[bool]] = [
        matching([a.c.ref, a.c.number, a.c.subject, a.c.body], [word])
        for word in search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(a.c.kind == query.status)
    page = select(a.c.id).where(*conditions)
    keys: dict[str, Any] = {
        "adopted_on": a.c.adopted_on,
        "ref": a.c.ref,
        "kind": a.c.kind,
        "number": a.c.number,
        "subject": a.c.subject,
    }
    if sort == "cited":
        cited = _cited_by_act()
        page = page.outerjoin(cited, cited.c.aid == a.c.id)
        keys["cited"] = func.coalesce(cited.c.n, 0)
    found, total = sorted_page(
        session,
        page,
        key=keys[sort],
        ref=a.c.ref,
        whole=(a, conditions),
        browse=query,
    )
    ids = [row.id for row in found]
    counts = _cited_counts(session, ids)
    rows = in_order(session.execute(select(a).where(a.c.id.in_(ids))), ids)
    return Page(
        tuple(
            ActListRow(
                ref=row.ref,
                kind=row.kind,
                number=row.number,
                adopted_on=row.adopted_on,
                body=row.body,
                subject=row.subject,
                cited=counts.get(row.id, 0),
                url=row.url,
                note=row.note,
            )
            for row in rows
        ),
        total,
        query.offset,
        sort,
    )


def _cited_by(session: Session, act_id: int) -> tuple[CitingRow, ...]:
    t, c = table_of(models.Tender), table_of(models.Contract)
    o, h = table_of(models.ContractOption), table_of(models.InHousePeriod)
    rows = [
        CitingRow(RecordKind.TENDER.value, ref, title)
        for ref, title in session.execute(
            select(t.c.ref, t.c.title)
            .where(t.c.authorising_act_id == act_id)
            .order_by(t.c.ref)
        )
    ]
    rows += [
        CitingRow(RecordKind.CONTRACT.value, ref, title)
        for ref, title in session.execute(
            select(c.c.ref, c.c.title).where(c.c.act_id == act_id).order_by(c.c.ref)
        )
    ]
    rows += [
        CitingRow(RecordKind.OPTION.value, ref, contract, option_kind=kind)
        for ref, contract, kind in session.execute(
            select(o.c.ref, c.c.ref, o.c.kind)
            .join(c, c.c.id == o.c.contract_id)
            .where(o.c.act_id == act_id)
            .order_by(o.c.ref)
        )
    ]
    rows += [
        CitingRow(RecordKind.IN_HOUSE_PERIOD.value, ref, title)
        for ref, title in session.execute(
            select(h.c.ref, h.c.title).where(h.c.act_id == act_id).order_by(h.c.ref)
        )
    ]
    return tuple(rows)


def act_view(session: Session, ref: str, context: RecordContext) -> ActView:
    """The act ``ref`` with the records that cite it."""
    del context
    row = row_by_ref(session, table_of(models.Act), ref, "act")
    return ActView(
        ref=row.ref,
        kind=row.kind,
        number=row.number,
        adopted_on=row.adopted_on,
        body=row.body,
        subject=row.subject,
        url=row.url,
        note=row.note,
        cited_by=_cited_by(session, row.id),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )
