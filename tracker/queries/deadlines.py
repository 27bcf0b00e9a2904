"""Deadlines: explicit ones as stored, and every deadline as people read it on a day."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    deadline_status,
)
from tracker.queries.alerts import AllocationFact, derive_deadlines
from tracker.queries.facts import (
    ContractFacts,
    OptionFacts,
    TenderFacts,
    tender_facts_of,
)
from tracker.queries.paging import (
    DEADLINE_WINDOW_DAYS,
    BrowseQuery,
    ListShape,
    Page,
    held_page,
)
from tracker.queries.records import (
    RecordContext,
    list_history_for,
    list_notes_for,
)
from tracker.queries.refs import RECORD_KINDS, find_ref
from tracker.queries.rows import (
    AllocationRow,
    ChangeRow,
    ContractRow,
    DeadlineRow,
    NoteRow,
    TenderRow,
)
from tracker.queries.tables import (
    row_by_ref,
    table_of,
)

DEADLINES = ListShape(
    "deadlines",
    ("due", "title", "subject", "state"),
    tuple(s.value for s in DeadlineStatus),
)


def list_deadlines_for(
    session: Session, subject_refs: Sequence[str]
) -> list[DeadlineRow]:
    dl = table_of(models.Deadline)
    query = (
        select(dl)
        .where(dl.c.subject_ref.in_(subject_refs))
        .order_by(dl.c.due, dl.c.ref)
    )
    return [
        DeadlineRow(
            ref=d.ref,
            title=d.title,
            due=d.due,
            state=d.state,
            recurrence=d.recurrence,
            owner=d.owner,
        )
        for d in session.execute(query)
    ]


@dataclass(frozen=True)
class DeadlineListRow:
    key: str
    ref: str
    """The record to open: an explicit deadline, or what a derived one is about."""
    kind: str
    due: date
    days: int
    """Days from the as-of day to the due day (negative once past)."""
    title: str
    subject: str
    status: str
    owner: str | None
    actionable: bool
    moved_from: date | None


def deadline_row(d: Deadline, as_of: date) -> DeadlineListRow:
    explicit = d.kind == DeadlineKind.EXPLICIT
    return DeadlineListRow(
        key=d.key,
        ref=d.key.partition("@")[0] if explicit else d.subject,
        kind=str(d.kind),
        due=d.due,
        days=(d.due - as_of).days,
        title=d.title,
        subject=d.subject,
        status=deadline_status(d, as_of).value,
        owner=d.owner,
        actionable=d.actionable,
        moved_from=d.moved_from,
    )


DEADLINE_STATUS_ORDER = {
    DeadlineStatus.OVERDUE.value: 0,
    DeadlineStatus.OPEN.value: 1,
    DeadlineStatus.PASSED.value: 2,
    DeadlineStatus.ACKNOWLEDGED.value: 3,
    DeadlineStatus.DONE.value: 4,
}


@dataclass(frozen=True)
class DeadlineBrowser:
    """Deadlines that matter on one day (open ones whatever their date, the rest from
    that day on; recurring ones up to a year ahead), to page through."""

    as_of: date
    rows: tuple[DeadlineListRow, ...]

    def page(self, query: BrowseQuery) -> Page[DeadlineListRow]:
        """A page of deadlines; the search looks at title, subject, key and owner."""
        keys: dict[str, Callable[[DeadlineListRow], Any]] = {
            "due": lambda r: r.due,
            "title": lambda r: r.title.casefold(),
            "subject": lambda r: r.subject,
            "state": lambda r: DEADLINE_STATUS_ORDER[r.status],
        }
        return held_page(
            self.rows,
            query,
            DEADLINES,
            lambda r: (r.title, r.subject, r.key, r.owner),
            keys,
        )


def deadline_browser(deadlines: Iterable[Deadline], *, as_of: date) -> DeadlineBrowser:
    """Deadlines computed by the engine, ready to page."""
    rows = sorted(
        (deadline_row(d, as_of) for d in deadlines), key=lambda r: (r.due, r.key)
    )
    return DeadlineBrowser(as_of, tuple(rows))


def _contract_facts(row: ContractRow) -> ContractFacts:
    return ContractFacts(
        row.ref,
        row.title,
        row.start,
        row.end,
        row.months,
        None if row.amount is None else row.amount.amount(),
        tuple(
            OptionFacts(
                o.ref,
                o.kind,
                o.state,
                o.start,
                o.end,
                o.months,
                None if o.amount is None else o.amount.amount(),
            )
            for o in row.options
        ),
    )


def _tender_facts(row: TenderRow) -> TenderFacts:
    return tender_facts_of(
        row,
        None if row.estimated_value is None else row.estimated_value.amount(),
        signed=any(lot.contracts for lot in row.lots),
    )


def record_deadlines(
    session: Session,
    context: RecordContext,
    *,
    subjects: Collection[str],
    contracts: Sequence[ContractRow] = (),
    tenders: Sequence[TenderRow] = (),
    allocations: Sequence[AllocationRow] = (),
) -> tuple[DeadlineListRow, ...]:
    """Derived and explicit deadlines about some records (and the eligibility ends of
    the sources funding them), whatever their date, by due day."""
    explicit = list_deadlines_for(session, list(subjects))
    through = max(
        [context.as_of + timedelta(days=DEADLINE_WINDOW_DAYS)]
        + [row.due for row in explicit]
    )
    wanted = set(subjects) | {a.source for a in allocations}
    deadlines = derive_deadlines(
        session,
        contracts=[_contract_facts(c) for c in contracts],
        tenders=[_tender_facts(t) for t in tenders],
        allocations=[
            AllocationFact(
                a.ref,
                a.source,
                a.source_name,
                a.eligible_until,
                a.funds,
                a.amount,
                a.status,
            )
            for a in allocations
        ],
        settings=context.settings,
        fmt=context.fmt,
        through=through,
        since=None,
    )
    return tuple(
        deadline_row(d, context.as_of)
        for d in deadlines
        if d.subject in wanted and d.kind != DeadlineKind.PROGRAMME_END
    )


@dataclass(frozen=True)
class DeadlineView:
    """An explicit deadline with its occurrences (one unless it recurs)."""

    ref: str
    title: str
    due: date
    lead_days: int
    owner: str | None
    subject_ref: str | None
    subject_kind: str | None
    recurrence: str
    recurrence_until: date | None
    state: str
    done_through: date | None
    note: str | None
    occurrences: tuple[DeadlineListRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def deadline_view(session: Session, ref: str, context: RecordContext) -> DeadlineView:
    """The explicit deadline ``ref`` with its occurrences up to a year ahead."""
    d = table_of(models.Deadline)
    row = row_by_ref(session, d, ref, "deadline")
    through = max(row.due, context.as_of + timedelta(days=DEADLINE_WINDOW_DAYS))
    occurrences = [
        deadline_row(x, context.as_of)
        for x in derive_deadlines(
            session,
            contracts=[],
            tenders=[],
            allocations=[],
            settings=context.settings,
            fmt=context.fmt,
            through=through,
            since=None,
        )
        if x.kind == DeadlineKind.EXPLICIT and x.key.partition("@")[0] == ref
    ]
    subject = None if row.subject_ref is None else find_ref(session, row.subject_ref)
    return DeadlineView(
        ref=row.ref,
        title=row.title,
        due=row.due,
        lead_days=row.lead_days,
        owner=row.owner,
        subject_ref=row.subject_ref,
        subject_kind=None if subject is None else RECORD_KINDS[subject[0]].value,
        recurrence=row.recurrence,
        recurrence_until=row.recurrence_until,
        state=row.state,
        done_through=row.done_through,
        note=row.note,
        occurrences=tuple(occurrences),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )
