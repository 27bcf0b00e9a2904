"""The money side of the plan: the yearly commitments of the contracts, with the
allocations and payments beside them, and the tenders the programme may list.

Read once per plan by ``tracker.queries.planning.read_plan``: the CLI, the app and
the documents all receive these through ``PlanData``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.commitments import (
    ZERO,
    Columns,
    CommitmentPart,
    ContractYears,
    Key,
    PartKind,
    YearlyCommitments,
    YearRow,
    commitment_parts,
    contract_row,
    empty_row,
    grouped_rows,
    row_of,
    spread,
    sum_rows,
    year_days,
)
from tracker.domain.kinds import FundingStatus, TenderStatus
from tracker.domain.money import Amount, from_cents
from tracker.domain.periods import Period, end_of_term
from tracker.domain.programme_purchases import (
    NeedFacts,
    PlanMoney,
    programme_purchases,
)
from tracker.domain.programme_schede import Purchase, programme
from tracker.queries.facts import contract_facts
from tracker.queries.tables import table_of


def read_commitments(session: Session, columns: Columns) -> YearlyCommitments:
    """The contracts running in the years shown or after (or whose period is not
    known), their parts' figures by year and the funds and payments beside them."""
    first_day = date(columns.first, 1, 1)
    facts = contract_facts(session, running_from=first_day)
    parts = {c.ref: commitment_parts(c) for c in facts}
    services = _contract_links(session, models.ContractService, "contract_id")
    programmes, funding, names = _contract_groups(session, services)
    contracts = tuple(
        ContractYears(
            c.ref,
            c.title,
            services.get(c.ref, ()),
            programmes.get(c.ref, ()),
            funding.get(c.ref, ()),
            contract_row(parts[c.ref], columns),
            contract_row(parts[c.ref], columns, planned=True),
        )
        for c in facts
    )
    rows = {c.ref: c.committed for c in contracts}
    confirmed, awaited = _allocations(session, parts, columns)
    return YearlyCommitments(
        columns,
        contracts,
        grouped_rows(rows, {c.ref: c.services for c in contracts}, columns),
        grouped_rows(rows, {c.ref: c.programmes for c in contracts}, columns),
        grouped_rows(rows, {c.ref: c.funding for c in contracts}, columns),
        sum_rows((c.committed for c in contracts), columns),
        sum_rows((c.planned_options for c in contracts), columns),
        confirmed,
        awaited,
        _paid(session, {c.ref for c in facts}, columns),
        names,
    )


def _contract_links(session: Session, model: type, owner: str) -> dict[str, Key]:
    c, link, s = (
        table_of(models.Contract),
        table_of(model),
        table_of(models.Service),
    )
    query = (
        select(c.c.ref, s.c.ref)
        .join(link, link.c[owner] == c.c.id)
        .join(s, s.c.id == link.c.service_id)
    )
    return _grouped(session.execute(query))


def _pairs(session: Session, query: Any) -> list[tuple[str, str]]:
    return [(str(a), str(b)) for a, b in session.execute(query)]


def _grouped(rows: Iterable[tuple[str, str]]) -> dict[str, Key]:
    found: dict[str, set[str]] = defaultdict(set)
    for owner, ref in rows:
        found[str(owner)].add(str(ref))
    return {owner: tuple(sorted(refs)) for owner, refs in found.items()}


def _contract_groups(
    session: Session, services: Mapping[str, Key]
) -> tuple[dict[str, Key], dict[str, Key], dict[str, str]]:
    """Each contract's programmes (its tender's, else its services') and funding
    sources (allocated to it or to its tender), and the names of all these."""
    c, lot, t, s, p, a, src = (
        table_of(models.Contract),
        table_of(models.Lot),
        table_of(models.Tender),
        table_of(models.Service),
        table_of(models.Programme),
        table_of(models.FundingAllocation),
        table_of(models.FundingSource),
    )
    names: dict[str, str] = {}
    for table in (s, p, src):
        names.update(
            (str(ref), str(name))
            for ref, name in session.execute(select(table.c.ref, table.c.name))
        )
    by_tender = select(c.c.ref, p.c.ref).join(lot, lot.c.id == c.c.lot_id)
    by_tender = by_tender.join(t, t.c.id == lot.c.tender_id).join(
        p, p.c.id == t.c.programme_id
    )
    programmes = _grouped(session.execute(by_tender))
    service_programme = dict(
        _pairs(session, select(s.c.ref, p.c.ref).join(p, p.c.id == s.c.programme_id))
    )
    for contract, refs in services.items():
        if contract not in programmes:
            found = {service_programme[r] for r in refs if r in service_programme}
            if found:
                programmes[contract] = tuple(sorted(found))
    own = select(c.c.ref, src.c.ref).join(a, a.c.contract_id == c.c.id)
    own = own.join(src, src.c.id == a.c.source_id)
    tenders = (
        select(c.c.ref, src.c.ref)
        .join(lot, lot.c.id == c.c.lot_id)
        .join(a, a.c.tender_id == lot.c.tender_id)
        .join(src, src.c.id == a.c.source_id)
    )
    rows = [*_pairs(session, own), *_pairs(session, tenders)]
    return programmes, _grouped(rows), names


def _allocations(
    session: Session, parts: Mapping[str, list[CommitmentPart]], columns: Columns
) -> tuple[YearRow, YearRow]:
    """Confirmed, and planned or pending, allocations to the contracts shown (to
    them or to their tenders), spread over the years like their cost."""
    c, lot, a = (
        table_of(models.Contract),
        table_of(models.Lot),
        table_of(models.FundingAllocation),
    )
    tender_contracts: dict[int, list[str]] = defaultdict(list)
    for ref, tender in session.execute(
        select(c.c.ref, lot.c.tender_id).join(lot, lot.c.id == c.c.lot_id)
    ):
        if ref in parts:
            tender_contracts[int(tender)].append(str(ref))
    contract_ref = {int(i): str(r) for i, r in session.execute(select(c.c.id, c.c.ref))}
    confirmed: list[YearRow] = []
    awaited: list[YearRow] = []
    for row in session.execute(
        select(a.c.ref, a.c.contract_id, a.c.tender_id, a.c.amount_cents, a.c.status)
    ):
        funded = (
            [contract_ref[row.contract_id]]
            if row.contract_id is not None
            else tender_contracts.get(row.tender_id, [])
        )
        funded = [f for f in funded if f in parts]
        if not funded:
            continue
        spent = [p for f in funded for p in parts[f]]
        figures = _allocation_row(row.ref, row.amount_cents, spent, columns)
        target = confirmed if row.status == FundingStatus.CONFIRMED else awaited
        target.append(figures)
    return sum_rows(confirmed, columns), sum_rows(awaited, columns)


def _allocation_row(
    ref: str, cents: int | None, parts: Sequence[CommitmentPart], columns: Columns
) -> YearRow:
    years = {
        y
        for p in parts
        if p.kind is not PartKind.PLANNED_OPTION and p.period is not None
        for y in year_days(p.period)
    }
    shares = {} if cents is None else spread(from_cents(cents), parts)
    if cents is None or not shares:
        # with no amount or no period its years are not known either
        missing = years or {*columns.years, columns.last + 1}
        return row_of({}, columns, missing_in=missing, ref=ref)
    return row_of(shares, columns)


def _paid(session: Session, contracts: set[str], columns: Columns) -> YearRow:
    c, pay = table_of(models.Contract), table_of(models.Payment)
    shares: dict[int, Decimal] = defaultdict(Decimal)
    query = select(c.c.ref, pay.c.paid_on, pay.c.amount_cents).join(
        c, c.c.id == pay.c.contract_id
    )
    for ref, paid_on, cents in session.execute(query):
        if ref in contracts:
            shares[paid_on.year] += from_cents(cents)
    return row_of(shares, columns) if shares else empty_row(columns)


PROGRAMMABLE = (TenderStatus.PROPOSED.value, TenderStatus.PLANNED.value)


def tender_purchases(
    session: Session, statuses: Sequence[str] = PROGRAMMABLE
) -> dict[str, Purchase]:
    """The tenders not published yet, as purchases the programme may list, by
    reference: their planned period, estimate, services, funding sources, CPV,
    CUP, RUP, buyer's codice fiscale and plan entry."""
    t, lot, ls, s, a, src, org = (
        table_of(models.Tender),
        table_of(models.Lot),
        table_of(models.LotService),
        table_of(models.Service),
        table_of(models.FundingAllocation),
        table_of(models.FundingSource),
        table_of(models.Organisation),
    )
    services = _grouped(
        _pairs(
            session,
            select(t.c.ref, s.c.ref)
            .join(lot, lot.c.tender_id == t.c.id)
            .join(ls, ls.c.lot_id == lot.c.id)
            .join(s, s.c.id == ls.c.service_id)
            .where(t.c.status.in_(statuses)),
        )
    )
    funding = _grouped(
        _pairs(
            session,
            select(t.c.ref, src.c.ref)
            .join(a, a.c.tender_id == t.c.id)
            .join(src, src.c.id == a.c.source_id)
            .where(t.c.status.in_(statuses)),
        )
    )
    lot_cups = _grouped(
        _pairs(
            session,
            select(t.c.ref, lot.c.cups)
            .join(lot, lot.c.tender_id == t.c.id)
            .where(t.c.status.in_(statuses), lot.c.cups.is_not(None)),
        )
    )
    query = (
        select(t, org.c.codice_fiscale, org.c.partita_iva)
        .outerjoin(org, org.c.id == t.c.buyer_organisation_id)
        .where(t.c.status.in_(statuses))
        .order_by(t.c.ref)
    )
    confirmed = _confirmed(session, statuses)
    return {
        row.ref: replace(
            _tender_purchase(row, services, funding, lot_cups),
            confirmed=confirmed.get(row.ref, ZERO),
        )
        for row in session.execute(query)
    }


def _confirmed(session: Session, statuses: Sequence[str]) -> dict[str, Decimal | None]:
    """The funds confirmed for each tender, VAT included; None when a confirmed
    allocation states no amount (the sum would read as all of them)."""
    t, a = table_of(models.Tender), table_of(models.FundingAllocation)
    query = (
        select(t.c.ref, a.c.amount_cents)
        .join(a, a.c.tender_id == t.c.id)
        .where(
            t.c.status.in_(statuses),
            a.c.status == FundingStatus.CONFIRMED.value,
        )
    )
    found: dict[str, Decimal | None] = {}
    for ref, cents in session.execute(query):
        known = found.get(ref, ZERO)
        found[ref] = (
            None if cents is None or known is None else known + from_cents(cents)
        )
    return found


def _tender_purchase(
    row: Any,
    services: Mapping[str, Key],
    funding: Mapping[str, Key],
    lot_cups: Mapping[str, Key],
) -> Purchase:
    start, months = row.planned_start, row.planned_months
    period = (
        Period(start, end_of_term(start, months))
        if start is not None and months is not None
        else None
    )
    return Purchase(
        key=row.ref,
        description=row.title,
        tender=row.ref,
        needs=(),
        services=services.get(row.ref, ()),
        period=period,
        months=months,
        value=Amount.from_columns(
            row.estimate_cents, row.estimate_basis, row.estimate_vat_rate
        ),
        funding=funding.get(row.ref, ()),
        cpv=row.cpv_codes,
        cup=row.cup or ", ".join(lot_cups.get(row.ref, ())) or None,
        rup=row.rup,
        supplies=row.main_category == "goods",
        codice_fiscale=row.codice_fiscale or row.partita_iva,
        plan_entry=row.plan_entry,
    )


def read_plan_money(
    session: Session,
    *,
    from_year: int,
    needs: Sequence[NeedFacts] = (),
    counted: Sequence[str] = (),
    commitments: YearlyCommitments | None = None,
) -> PlanMoney:
    """Schede H and G of the programme from ``from_year`` for ``needs`` and the
    planned and proposed tenders (``counted``: proposed ones a scenario counts as
    planned), and the commitments of the same years (read unless given)."""
    columns = Columns(from_year)
    if commitments is None:
        commitments = read_commitments(session, columns)
    tenders = tender_purchases(session)
    t = table_of(models.Tender)
    statuses = dict(
        _pairs(session, select(t.c.ref, t.c.status).where(t.c.status.in_(PROGRAMMABLE)))
    )
    statuses.update((ref, TenderStatus.PLANNED.value) for ref in counted)
    purchases = programme_purchases(needs, tenders, statuses, from_year)
    return PlanMoney(programme(purchases, from_year), commitments, commitments.names)


__all__ = [
    "ContractYears",
    "PlanMoney",
    "YearlyCommitments",
    "read_commitments",
    "read_plan_money",
    "tender_purchases",
]
