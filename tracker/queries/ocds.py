"""Everything one OCDS release needs, read per contracting process a page at a time.

A release is a tender with its lots, the contracts awarded on them, their options
and payments, the organisations involved and the funds allocated; a contract
without a tender is a release of its own. Tenders come in ref order, then the
contracts without a tender in ref order, a page of each per few queries, so that
50,000 contracts never sit in memory at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session

from tracker import models
from tracker.domain.money import from_cents
from tracker.queries.contracts import contract_rows
from tracker.queries.rows import ContractRow, LotRow, OptionRow, TenderRow
from tracker.queries.tables import table_of
from tracker.queries.tenders import tender_rows

PAGE = 200
"""Tenders (or lone contracts) read per page of releases."""


@dataclass(frozen=True)
class PartyFacts:
    ref: str
    name: str
    codice_fiscale: str | None
    partita_iva: str | None
    ausa: str | None
    address: str | None

    @property
    def identifier(self) -> str | None:
        """The IT-CF identifier: the codice fiscale, else the partita IVA."""
        return self.codice_fiscale or self.partita_iva


@dataclass(frozen=True)
class FundingFacts:
    ref: str
    name: str
    kind: str
    funder: str | None
    eligible_from: date | None
    eligible_until: date | None
    paid_by: date | None


@dataclass(frozen=True)
class AllocationFacts:
    ref: str
    source: FundingFacts
    amount: Decimal | None
    status: str
    contract: str | None
    """The contract funded, when the allocation funds a contract."""


@dataclass(frozen=True)
class PaymentFacts:
    position: int
    paid_on: date
    amount: Decimal
    reference: str | None


@dataclass(frozen=True)
class OptionFacts:
    row: OptionRow
    basis: str | None


@dataclass(frozen=True)
class ContractFacts:
    row: ContractRow
    options: tuple[OptionFacts, ...]
    payments: tuple[PaymentFacts, ...]
    organisation: PartyFacts | None
    """The supplier when it is one organisation."""
    members: tuple[PartyFacts, ...]
    """The consortium's members, in its order, when the supplier is a consortium."""


@dataclass(frozen=True)
class LotFacts:
    row: LotRow
    number: int | None
    cups: tuple[str, ...]


@dataclass(frozen=True)
class TenderFacts:
    row: TenderRow
    ocid: str | None
    buyer: PartyFacts | None
    main_category: str | None
    cpv: tuple[str, ...]
    procedure_code: str | None
    procedure_title: str | None
    lots: tuple[LotFacts, ...]


@dataclass(frozen=True)
class ReleaseFacts:
    """One contracting process: a tender, or a contract awarded without one."""

    tender: TenderFacts | None
    contracts: tuple[ContractFacts, ...]
    allocations: tuple[AllocationFacts, ...]


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


def _parties(session: Session, ids: Collection[int | None]) -> dict[int, PartyFacts]:
    org = table_of(models.Organisation)
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        row.id: PartyFacts(
            ref=row.ref,
            name=row.name,
            codice_fiscale=row.codice_fiscale,
            partita_iva=row.partita_iva,
            ausa=row.ausa,
            address=row.address,
        )
        for row in session.execute(select(org).where(org.c.id.in_(wanted)))
    }


def _members(
    session: Session, consortium_ids: Collection[int]
) -> dict[int, tuple[PartyFacts, ...]]:
    cm = table_of(models.ConsortiumMember)
    rows = list(
        session.execute(
            select(cm.c.consortium_id, cm.c.organisation_id)
            .where(cm.c.consortium_id.in_(consortium_ids))
            .order_by(cm.c.consortium_id, cm.c.position)
        )
    )
    parties = _parties(session, [row.organisation_id for row in rows])
    grouped: dict[int, list[PartyFacts]] = defaultdict(list)
    for row in rows:
        grouped[row.consortium_id].append(parties[row.organisation_id])
    return {k: tuple(v) for k, v in grouped.items()}


def _contracts(session: Session, ids: Sequence[int]) -> list[ContractFacts]:
    """The contracts ``ids`` through the contracts' own read, with what a release
    adds: option bases, payments and the supplier's identifiers."""
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    pay = table_of(models.Payment)
    own = {
        row.ref: row
        for row in session.execute(
            select(
                c.c.id,
                c.c.ref,
                c.c.supplier_organisation_id,
                c.c.supplier_consortium_id,
            ).where(c.c.id.in_(ids))
        )
    }
    bases = {
        row.ref: row.basis
        for row in session.execute(
            select(o.c.ref, o.c.basis).where(o.c.contract_id.in_(ids))
        )
    }
    payments: dict[int, list[PaymentFacts]] = defaultdict(list)
    for row in session.execute(
        select(pay)
        .where(pay.c.contract_id.in_(ids))
        .order_by(pay.c.contract_id, pay.c.position)
    ):
        payments[row.contract_id].append(
            PaymentFacts(
                position=row.position,
                paid_on=row.paid_on,
                amount=from_cents(row.amount_cents),
                reference=row.reference,
            )
        )
    organisations = _parties(
        session, [row.supplier_organisation_id for row in own.values()]
    )
    members = _members(
        session,
        {r.supplier_consortium_id for r in own.values() if r.supplier_consortium_id},
    )
    facts = []
    for contract in contract_rows(session, ids=ids):
        mine = own[contract.ref]
        facts.append(
            ContractFacts(
                row=contract,
                options=tuple(
                    OptionFacts(option, bases.get(option.ref))
                    for option in contract.options
                ),
                payments=tuple(payments[mine.id]),
                organisation=organisations.get(mine.supplier_organisation_id)
                if mine.supplier_organisation_id is not None
                else None,
                members=members.get(mine.supplier_consortium_id, ())
                if mine.supplier_consortium_id is not None
                else (),
            )
        )
    return facts


def _allocations(
    session: Session, where: ColumnElement[bool]
) -> list[tuple[Any, AllocationFacts]]:
    """Allocations matching a condition, by ref, each with its tender and contract
    ids (the first item) to sort them into releases."""
    a, fs = table_of(models.FundingAllocation), table_of(models.FundingSource)
    c = table_of(models.Contract)
    rows = session.execute(
        select(
            a.c.ref,
            a.c.tender_id,
            a.c.contract_id,
            a.c.amount_cents,
            a.c.status,
            c.c.ref.label("contract_ref"),
            fs.c.ref.label("source_ref"),
            fs.c.name,
            fs.c.kind,
            fs.c.funder,
            fs.c.eligible_from,
            fs.c.eligible_until,
            fs.c.paid_by,
        )
        .join(fs, fs.c.id == a.c.source_id)
        .outerjoin(c, c.c.id == a.c.contract_id)
        .where(where)
        .order_by(a.c.ref)
    )
    return [
        (
            row,
            AllocationFacts(
                ref=row.ref,
                source=FundingFacts(
                    ref=row.source_ref,
                    name=row.name,
                    kind=row.kind,
                    funder=row.funder,
                    eligible_from=row.eligible_from,
                    eligible_until=row.eligible_until,
                    paid_by=row.paid_by,
                ),
                amount=None
                if row.amount_cents is None
                else from_cents(row.amount_cents),
                status=row.status,
                contract=row.contract_ref,
            ),
        )
        for row in rows
    ]


def _tender_funds(
    session: Session, ids: Sequence[int], contract_ids: Sequence[int]
) -> dict[int, list[AllocationFacts]]:
    """The allocations funding the tenders ``ids`` or their contracts, by tender id."""
    a, c, lot = (
        table_of(models.FundingAllocation),
        table_of(models.Contract),
        table_of(models.Lot),
    )
    contract_tender = {
        int(row.id): int(row.tender_id)
        for row in session.execute(
            select(c.c.id, lot.c.tender_id)
            .join(lot, lot.c.id == c.c.lot_id)
            .where(c.c.id.in_(contract_ids))
        )
    }
    funds: dict[int, list[AllocationFacts]] = defaultdict(list)
    for row, allocation in _allocations(
        session, or_(a.c.tender_id.in_(ids), a.c.contract_id.in_(contract_ids))
    ):
        owner = row.tender_id
        if owner is None:
            owner = contract_tender[row.contract_id]
        funds[owner].append(allocation)
    return funds


def _tender_releases(session: Session, ids: Sequence[int]) -> list[ReleaseFacts]:
    t, lot, c = (
        table_of(models.Tender),
        table_of(models.Lot),
        table_of(models.Contract),
    )
    own = {
        row.ref: row
        for row in session.execute(
            select(
                t.c.id,
                t.c.ref,
                t.c.ocid,
                t.c.buyer_organisation_id,
                t.c.main_category,
                t.c.cpv_codes,
                t.c.procedure_code,
                t.c.procedure_title,
            ).where(t.c.id.in_(ids))
        )
    }
    lots = {
        row.ref: row
        for row in session.execute(
            select(lot.c.ref, lot.c.number, lot.c.cups).where(lot.c.tender_id.in_(ids))
        )
    }
    contract_ids = [
        int(row.id)
        for row in session.execute(
            select(c.c.id)
            .join(lot, lot.c.id == c.c.lot_id)
            .where(lot.c.tender_id.in_(ids))
            .order_by(c.c.ref)
        )
    ]
    by_tender: dict[str, list[ContractFacts]] = defaultdict(list)
    for contract in _contracts(session, contract_ids):
        by_tender[contract.row.tender or ""].append(contract)
    funds = _tender_funds(session, ids, contract_ids)
    buyers = _parties(session, [row.buyer_organisation_id for row in own.values()])
    releases = []
    for tender in tender_rows(session, ids=ids):
        mine = own[tender.ref]
        releases.append(
            ReleaseFacts(
                tender=TenderFacts(
                    row=tender,
                    ocid=mine.ocid,
                    buyer=buyers.get(mine.buyer_organisation_id)
                    if mine.buyer_organisation_id is not None
                    else None,
                    main_category=mine.main_category,
                    cpv=_words(mine.cpv_codes),
                    procedure_code=mine.procedure_code,
                    procedure_title=mine.procedure_title,
                    lots=tuple(
                        LotFacts(
                            row=row,
                            number=lots[row.ref].number,
                            cups=_words(lots[row.ref].cups),
                        )
                        for row in tender.lots
                    ),
                ),
                contracts=tuple(by_tender[tender.ref]),
                allocations=tuple(funds[mine.id]),
            )
        )
    return releases


def _lone_releases(session: Session, ids: Sequence[int]) -> list[ReleaseFacts]:
    a = table_of(models.FundingAllocation)
    funds: dict[int, list[AllocationFacts]] = defaultdict(list)
    for row, allocation in _allocations(session, a.c.contract_id.in_(ids)):
        funds[row.contract_id].append(allocation)
    return [
        ReleaseFacts(
            tender=None,
            contracts=(contract,),
            allocations=tuple(funds[contract_id]),
        )
        for contract_id, contract in zip(ids, _contracts(session, ids), strict=True)
    ]


def _id_pages(
    session: Session, table: Any, conditions: Sequence[ColumnElement[bool]]
) -> Iterator[list[int]]:
    """Ids in ref order, a page at a time (keyset on the ref)."""
    last: str | None = None
    while True:
        query = select(table.c.id, table.c.ref).where(*conditions)
        if last is not None:
            query = query.where(table.c.ref > last)
        rows = list(session.execute(query.order_by(table.c.ref).limit(PAGE)))
        if not rows:
            return
        yield [int(row.id) for row in rows]
        last = rows[-1].ref


def buyer_ids(session: Session, codice_fiscale: str) -> list[int]:
    """The organisations whose codice fiscale (or partita IVA) is the one given."""
    org = table_of(models.Organisation)
    wanted = codice_fiscale.strip().upper()
    return [
        int(i)
        for i in session.execute(
            select(org.c.id).where(
                or_(org.c.codice_fiscale == wanted, org.c.partita_iva == wanted)
            )
        ).scalars()
    ]


def release_facts(
    session: Session, *, buyer: str | None = None
) -> Iterator[ReleaseFacts]:
    """Every contracting process, tenders first (by ref), then the contracts
    without a tender (by ref); only the tenders of the buyer with that codice
    fiscale when one is given (a contract without a tender has no buyer)."""
    t, c = table_of(models.Tender), table_of(models.Contract)
    conditions: list[ColumnElement[bool]] = []
    if buyer is not None:
        conditions.append(t.c.buyer_organisation_id.in_(buyer_ids(session, buyer)))
    for ids in _id_pages(session, t, conditions):
        yield from _tender_releases(session, ids)
    if buyer is not None:
        return
    for ids in _id_pages(session, c, [c.c.lot_id.is_(None)]):
        yield from _lone_releases(session, ids)
