"""Lean facts about contracts and tenders, for the engine.

The display rows in ``contracts`` and ``tenders`` carry suppliers, members, services and lots; the rules
need only dates, states and amounts. Reading just those keeps alerts over tens of
thousands of contracts in the same few queries and a fraction of the work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import exists, select
from sqlmodel import Session

from tracker import models
from tracker.domain.contracts import covered_until
from tracker.domain.kinds import OptionState
from tracker.domain.lazy import cached_property
from tracker.domain.money import Amount
from tracker.domain.periods import end_of_precision
from tracker.queries.contracts import base_and_options


@dataclass(frozen=True)
class OptionFacts:
    ref: str
    kind: str
    state: str
    start: date | None
    end: date | None
    months: int | None
    amount: Amount | None


@dataclass(frozen=True)
class ContractFacts:
    ref: str
    title: str
    start: date | None
    end: date | None
    months: int | None
    amount: Amount | None
    options: tuple[OptionFacts, ...]
    tender: str | None = None
    """The tender of the lot the contract was awarded on, if recorded."""
    id: int | None = None
    """Its row's, when read from the database."""

    @cached_property
    def covered_until(self) -> date | None:
        """The end of the base period or of the last exercised option (None while
        neither is known)."""
        return covered_until(self.end, self.options)

    @cached_property
    def total_gross(self) -> Decimal | None:
        """Base plus exercised options, VAT included; None if the base is not stated."""
        total = base_and_options(
            self.amount,
            [o.amount for o in self.options if o.state == OptionState.EXERCISED],
        )
        return None if total is None else total.gross


@dataclass(frozen=True)
class TenderFacts:
    ref: str
    title: str
    status: str
    procedure_type: str | None
    planned_start: date | None
    planned_start_precision: str
    publication_date: date | None
    offer_deadline: date | None
    award_date: date | None
    standstill_end: date | None
    signature_date: date | None
    rup: str | None
    estimate: Amount | None
    signed: bool
    id: int | None = None
    """Its row's, when read from the database."""

    @property
    def latest_start(self) -> date | None:
        """The last day the planned start can mean ("2023" means by 31/12/2023)."""
        if self.planned_start is None:
            return None
        return end_of_precision(self.planned_start, self.planned_start_precision)


ID_CHUNK = 500
"""Ids asked for in one query: far below any backend's limit on parameters."""


def id_chunks(ids: Collection[int] | None) -> Iterator[list[int] | None]:
    """``ids`` in chunks to ask for a chunk at a time; None (every row) once."""
    if ids is None:
        yield None
        return
    ordered = sorted(ids)
    for i in range(0, len(ordered), ID_CHUNK):
        yield ordered[i : i + ID_CHUNK]


SHARED = "shared_reads"
"""session.info: the whole reads made while ``shared_reads`` is open, by name."""

T = TypeVar("T")


@contextmanager
def shared_reads(session: Session) -> Iterator[None]:
    """While open, a read of every record of a kind (every contract, every
    tender, every allocation) is made once and shared by whoever asks again,
    and a read of some of them is answered from it: a whole build of the kept
    facts reads each table once. Only for work that writes nothing in between
    (a build), and only around a whole build: a few records are read as they
    are asked for."""
    if SHARED in session.info:
        yield
        return
    session.info[SHARED] = {}
    try:
        yield
    finally:
        del session.info[SHARED]


def shared(session: Session, name: str, read: Callable[[], list[T]]) -> list[T] | None:
    """The whole read ``name`` shared while ``shared_reads`` is open (made by
    ``read`` the first time); None when it is not open."""
    reads: dict[str, Any] | None = session.info.get(SHARED)
    if reads is None:
        return None
    if name not in reads:
        reads[name] = read()
    found: list[T] = reads[name]
    return found


def _some(
    every: list[T], ids: Collection[int] | None, key: Callable[[T], int | None]
) -> list[T]:
    """Those of ``every`` (in its order) whose ``key`` is one of ``ids`` (all
    with None)."""
    if ids is None:
        return list(every)
    wanted = set(ids)
    return [item for item in every if key(item) in wanted]


def contract_facts(
    session: Session,
    ids: Collection[int] | None = None,
    *,
    running_from: date | None = None,
) -> list[ContractFacts]:
    """Every contract with its options, or those with ``ids``, by reference: two
    queries (a pair per few hundred ids). With ``running_from``, only those that
    may run on that day or after: an end, or an option's end, on or after it, or
    not known."""
    facts: list[ContractFacts] | None = None
    if running_from is None:
        every = shared(
            session, "contracts", lambda: _contract_facts(session, None, None)
        )
        facts = None if every is None else _some(every, ids, lambda f: f.id)
    if facts is None:
        facts = [
            f
            for chunk in id_chunks(ids)
            for f in _contract_facts(session, chunk, running_from)
        ]
    if ids is not None:
        facts.sort(key=lambda f: f.ref)
    return facts


def _contract_facts(
    session: Session, ids: list[int] | None, running_from: date | None
) -> list[ContractFacts]:
    c = models.Contract.__table__  # type: ignore[attr-defined]
    o = models.ContractOption.__table__  # type: ignore[attr-defined]
    running = None
    if running_from is not None:
        late_option = select(o.c.contract_id).where(
            o.c.end.is_(None) | (o.c.end >= running_from)
        )
        running = (
            c.c.end.is_(None) | (c.c.end >= running_from) | c.c.id.in_(late_option)
        )
    options: dict[int, list[OptionFacts]] = defaultdict(list)
    option_query = select(
        o.c.contract_id,
        o.c.ref,
        o.c.kind,
        o.c.state,
        o.c.start,
        o.c.end,
        o.c.months,
        o.c.amount_cents,
        o.c.amount_basis,
        o.c.amount_vat_rate,
    ).order_by(o.c.contract_id, o.c.id)
    if ids is not None:
        option_query = option_query.where(o.c.contract_id.in_(ids))
    if running is not None:
        option_query = option_query.where(
            o.c.contract_id.in_(select(c.c.id).where(running))
        )
    # fetched whole and unpacked as tuples: a whole build reads every option
    connection = session.connection()
    for (
        contract_id,
        ref,
        kind,
        state,
        start,
        end,
        months,
        *amount,
    ) in connection.execute(option_query).all():
        options[contract_id].append(
            OptionFacts(
                ref, kind, state, start, end, months, Amount.from_columns(*amount)
            )
        )
    lot = models.Lot.__table__  # type: ignore[attr-defined]
    t = models.Tender.__table__  # type: ignore[attr-defined]
    query = (
        select(
            c.c.id,
            c.c.ref,
            c.c.title,
            c.c.start,
            c.c.end,
            c.c.months,
            c.c.amount_cents,
            c.c.amount_basis,
            c.c.amount_vat_rate,
            t.c.ref.label("tender_ref"),
        )
        .outerjoin(lot, lot.c.id == c.c.lot_id)
        .outerjoin(t, t.c.id == lot.c.tender_id)
        .order_by(c.c.ref)
    )
    if ids is not None:
        query = query.where(c.c.id.in_(ids))
    if running is not None:
        query = query.where(running)
    return [
        ContractFacts(
            ref,
            title,
            start,
            end,
            months,
            Amount.from_columns(cents, basis, vat_rate),
            tuple(options.get(contract_id, ())),
            tender_ref,
            id=contract_id,
        )
        for (
            contract_id,
            ref,
            title,
            start,
            end,
            months,
            cents,
            basis,
            vat_rate,
            tender_ref,
        ) in connection.execute(query).all()
    ]


def tender_facts(
    session: Session, ids: Collection[int] | None = None
) -> list[TenderFacts]:
    """Every tender, or those with ``ids``, with whether a contract was signed on
    one of its lots."""
    every = shared(session, "tenders", lambda: _tender_facts(session, None))
    if every is not None:
        facts = _some(every, ids, lambda f: f.id)
    else:
        facts = [f for chunk in id_chunks(ids) for f in _tender_facts(session, chunk)]
    if ids is not None:
        facts.sort(key=lambda f: f.ref)
    return facts


def _tender_facts(session: Session, ids: list[int] | None) -> list[TenderFacts]:
    t = models.Tender.__table__  # type: ignore[attr-defined]
    lot = models.Lot.__table__  # type: ignore[attr-defined]
    c = models.Contract.__table__  # type: ignore[attr-defined]
    signed = (
        exists()
        .where(lot.c.tender_id == t.c.id, c.c.lot_id == lot.c.id)
        .correlate(t)
        .label("signed")
    )
    # the columns named and unpacked as tuples: a whole build reads every tender
    query = select(*(t.c[name] for name in _TENDER_COLUMNS), signed).order_by(t.c.ref)
    if ids is not None:
        query = query.where(t.c.id.in_(ids))
    return [
        TenderFacts(
            ref,
            title,
            status,
            procedure_type,
            planned_start,
            precision,
            publication,
            offers,
            award,
            standstill,
            signature,
            rup,
            Amount.from_columns(cents, basis, vat_rate),
            bool(is_signed),
            tender_id,
        )
        for (
            ref,
            title,
            status,
            procedure_type,
            planned_start,
            precision,
            publication,
            offers,
            award,
            standstill,
            signature,
            rup,
            cents,
            basis,
            vat_rate,
            tender_id,
            is_signed,
        ) in session.connection().execute(query).all()
    ]


_TENDER_COLUMNS = (
    "ref",
    "title",
    "status",
    "procedure_type",
    "planned_start",
    "planned_start_precision",
    "publication_date",
    "offer_deadline",
    "award_date",
    "standstill_end",
    "signature_date",
    "rup",
    "estimate_cents",
    "estimate_basis",
    "estimate_vat_rate",
    "id",
)
"""The columns of a tender its facts are made of, in the order they are read."""


def tender_facts_of(
    row: Any, estimate: Amount | None, *, signed: bool, id: int | None = None
) -> TenderFacts:
    """The facts of a tender read as a row of its table or as a ``TenderRow``: both
    name its dates and people alike."""
    return TenderFacts(
        row.ref,
        row.title,
        row.status,
        row.procedure_type,
        row.planned_start,
        row.planned_start_precision,
        row.publication_date,
        row.offer_deadline,
        row.award_date,
        row.standstill_end,
        row.signature_date,
        row.rup,
        estimate,
        signed,
        id,
    )
