"""One record with everything attached, read for the detail screens.

Each view reads only the rows of the record it shows (a contract's options, supplier
and members; a tender's lots and contracts; a service's periods), so opening a record
costs the same on the Milan dataset and on 50,000 contracts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, exists, literal, or_, select, union_all
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.continuity import (
    Coverage,
    ServiceContinuity,
    ServiceInfo,
    SourceKind,
    TenderPlan,
    assess,
)
from tracker.domain.deadlines import DeadlineKind
from tracker.domain.kinds import FundingStatus, OptionKind, OptionState
from tracker.domain.money import Totals, from_cents, share_from_hundredths
from tracker.domain.rules import quinto_usage
from tracker.errors import NotFoundError
from tracker.formatting import Formatter
from tracker.queries.alerts import AllocationFact, derive_deadlines
from tracker.queries.browse import (
    DEADLINE_WINDOW_DAYS,
    DeadlineListRow,
    contract_state,
    deadline_row,
    table_of,
)
from tracker.queries.engine import NOT_COVERING
from tracker.queries.facts import ContractFacts, OptionFacts, TenderFacts
from tracker.queries.listing import (
    EXERCISED,
    EXERCISED_OR_PLANNED,
    get_act,
    list_deadlines_for,
    list_history_for,
    list_notes_for,
    list_staffing,
    option_row,
)
from tracker.queries.refs import find_ref
from tracker.queries.rows import (
    AllocationRow,
    AmountRow,
    ChangeRow,
    ContractDetail,
    ContractRow,
    LotRow,
    MemberRow,
    NoteRow,
    OptionRow,
    OrganisationRow,
    ServiceRow,
    SupplierRow,
    TenderDetail,
    TenderRow,
    TotalsRow,
    amount_row,
)


def _refs(session: Session, table: Table, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(table.c.id, table.c.ref).where(table.c.id.in_(wanted))
    return {int(i): str(ref) for i, ref in session.execute(query)}


def _grouped_refs(rows: Iterable[Any]) -> dict[int, tuple[str, ...]]:
    """(owner id, ref) rows as each owner's sorted refs."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for owner, ref in rows:
        grouped[int(owner)].append(str(ref))
    return {owner: tuple(sorted(refs)) for owner, refs in grouped.items()}


def _suppliers_for(
    session: Session, organisation_ids: set[int], consortium_ids: set[int]
) -> tuple[dict[int, SupplierRow], dict[int, SupplierRow]]:
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm = table_of(models.ConsortiumMember)
    members: dict[int, list[MemberRow]] = defaultdict(list)
    for row in session.execute(
        select(cm.c.consortium_id, cm.c.role, cm.c.share_hundredths, org)
        .join(org, org.c.id == cm.c.organisation_id)
        .where(cm.c.consortium_id.in_(consortium_ids))
        .order_by(cm.c.consortium_id, cm.c.position)
    ):
        members[row.consortium_id].append(
            MemberRow(
                ref=row.ref,
                name=row.name,
                role=row.role,
                share=share_from_hundredths(row.share_hundredths),
                partita_iva=row.partita_iva,
            )
        )
    by_organisation = {
        row.id: SupplierRow(
            ref=row.ref,
            name=row.name,
            kind="organisation",
            partita_iva=row.partita_iva,
            members=(),
        )
        for row in session.execute(select(org).where(org.c.id.in_(organisation_ids)))
    }
    by_consortium = {
        row.id: SupplierRow(
            ref=row.ref,
            name=row.name,
            kind=row.kind,
            partita_iva=None,
            members=tuple(members[row.id]),
        )
        for row in session.execute(select(con).where(con.c.id.in_(consortium_ids)))
    }
    return by_organisation, by_consortium


def _totals(
    base: AmountRow | None, options: Sequence[OptionRow], states: set[str]
) -> TotalsRow | None:
    if base is None:
        return None
    counted = [o.amount.amount() for o in options if o.state in states and o.amount]
    missing = tuple(o.ref for o in options if o.state in states and o.amount is None)
    if not counted and not missing:
        return TotalsRow(net=base.net, vat=base.vat, gross=base.gross, parts=1)
    return TotalsRow.of(Totals.of([base.amount(), *counted]), missing)


def contract_rows(session: Session, *, refs: Collection[str]) -> list[ContractRow]:
    """The display rows of some contracts (as ``listing.list_contracts`` builds them),
    reading only what they need."""
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    lot, cs, s = (
        table_of(models.Lot),
        table_of(models.ContractService),
        table_of(models.Service),
    )
    contracts = list(
        session.execute(select(c).where(c.c.ref.in_(refs)).order_by(c.c.ref))
    )
    ids = [row.id for row in contracts]
    by_organisation, by_consortium = _suppliers_for(
        session,
        {r.supplier_organisation_id for r in contracts if r.supplier_organisation_id},
        {r.supplier_consortium_id for r in contracts if r.supplier_consortium_id},
    )
    lots = {
        row.id: row
        for row in session.execute(
            select(lot.c.id, lot.c.ref, lot.c.tender_id).where(
                lot.c.id.in_({r.lot_id for r in contracts if r.lot_id})
            )
        )
    }
    tenders = _refs(
        session, table_of(models.Tender), (r.tender_id for r in lots.values())
    )
    acts = _refs(session, table_of(models.Act), (r.act_id for r in contracts))
    services = _grouped_refs(
        session.execute(
            select(cs.c.contract_id, s.c.ref)
            .join(s, s.c.id == cs.c.service_id)
            .where(cs.c.contract_id.in_(ids))
        )
    )
    options: dict[int, list[OptionRow]] = defaultdict(list)
    for row in session.execute(
        select(o).where(o.c.contract_id.in_(ids)).order_by(o.c.contract_id, o.c.id)
    ):
        options[row.contract_id].append(option_row(row))
    rows: list[ContractRow] = []
    for row in contracts:
        contract_lot = lots.get(row.lot_id)
        supplier = (
            by_organisation.get(row.supplier_organisation_id)
            if row.supplier_organisation_id is not None
            else by_consortium.get(row.supplier_consortium_id)
            if row.supplier_consortium_id is not None
            else None
        )
        contract_options = tuple(options[row.id])
        exercised_ends = [
            x.end
            for x in contract_options
            if x.state == OptionState.EXERCISED and x.end
        ]
        base = amount_row(row.amount_cents, row.amount_basis, row.amount_vat_rate)
        rows.append(
            ContractRow(
                ref=row.ref,
                title=row.title,
                tender=None
                if contract_lot is None
                else tenders[contract_lot.tender_id],
                lot=None if contract_lot is None else contract_lot.ref,
                cig=row.cig,
                supplier=supplier,
                services=services.get(row.id, ()),
                signed_on=row.signed_on,
                start=row.start,
                start_precision=row.start_precision,
                end=row.end,
                end_precision=row.end_precision,
                months=row.months,
                covered_until=max([row.end, *exercised_ends]),
                amount=base,
                options=contract_options,
                total_base_and_exercised=_totals(base, contract_options, EXERCISED),
                total_with_all_options=_totals(
                    base, contract_options, EXERCISED_OR_PLANNED
                ),
                act=None if row.act_id is None else acts[row.act_id],
                note=row.note,
            )
        )
    return rows


def tender_rows(session: Session, *, refs: Collection[str]) -> list[TenderRow]:
    """The display rows of some tenders (as ``listing.list_tenders`` builds them),
    reading only what they need."""
    t, lot, c = table_of(models.Tender), table_of(models.Lot), table_of(models.Contract)
    ls, s = table_of(models.LotService), table_of(models.Service)
    tenders = list(
        session.execute(select(t).where(t.c.ref.in_(refs)).order_by(t.c.ref))
    )
    programmes = _refs(
        session, table_of(models.Programme), (r.programme_id for r in tenders)
    )
    acts = _refs(session, table_of(models.Act), (r.authorising_act_id for r in tenders))
    lots = list(
        session.execute(
            select(lot)
            .where(lot.c.tender_id.in_([r.id for r in tenders]))
            .order_by(lot.c.tender_id, lot.c.number)
        )
    )
    lot_ids = [row.id for row in lots]
    lot_services = _grouped_refs(
        session.execute(
            select(ls.c.lot_id, s.c.ref)
            .join(s, s.c.id == ls.c.service_id)
            .where(ls.c.lot_id.in_(lot_ids))
        )
    )
    lot_contracts = _grouped_refs(
        session.execute(select(c.c.lot_id, c.c.ref).where(c.c.lot_id.in_(lot_ids)))
    )
    by_tender: dict[int, list[LotRow]] = defaultdict(list)
    for row in lots:
        by_tender[row.tender_id].append(
            LotRow(
                ref=row.ref,
                number=row.number,
                title=row.title,
                cig=row.cig,
                value=amount_row(row.value_cents, row.value_basis, row.value_vat_rate),
                services=lot_services.get(row.id, ()),
                contracts=lot_contracts.get(row.id, ()),
                note=row.note,
            )
        )
    return [
        TenderRow(
            ref=row.ref,
            title=row.title,
            procedure_type=row.procedure_type,
            status=row.status,
            programme=None
            if row.programme_id is None
            else programmes[row.programme_id],
            cup=row.cup,
            rup=row.rup,
            planned_start=row.planned_start,
            planned_start_precision=row.planned_start_precision,
            planned_months=row.planned_months,
            publication_date=row.publication_date,
            offer_deadline=row.offer_deadline,
            award_date=row.award_date,
            standstill_end=row.standstill_end,
            signature_date=row.signature_date,
            estimated_value=amount_row(
                row.estimate_cents, row.estimate_basis, row.estimate_vat_rate
            ),
            authorising_act=None
            if row.authorising_act_id is None
            else acts[row.authorising_act_id],
            plan_entry=row.plan_entry,
            lots=tuple(by_tender[row.id]),
            note=row.note,
        )
        for row in tenders
    ]


def allocation_rows(
    session: Session, where: ColumnElement[bool]
) -> list[AllocationRow]:
    """Allocations matching a condition on the allocation table, by ref."""
    a, fs = table_of(models.FundingAllocation), table_of(models.FundingSource)
    rows = list(
        session.execute(
            select(
                a,
                fs.c.ref.label("source_ref"),
                fs.c.name.label("source_name"),
                fs.c.eligible_until,
            )
            .join(fs, fs.c.id == a.c.source_id)
            .where(where)
            .order_by(a.c.ref)
        )
    )
    tenders = _refs(session, table_of(models.Tender), (r.tender_id for r in rows))
    contracts = _refs(session, table_of(models.Contract), (r.contract_id for r in rows))
    return [
        AllocationRow(
            ref=row.ref,
            source=row.source_ref,
            source_name=row.source_name,
            funds=tenders[row.tender_id]
            if row.tender_id is not None
            else contracts[row.contract_id],
            amount=None if row.amount_cents is None else from_cents(row.amount_cents),
            status=row.status,
            eligible_until=row.eligible_until,
            note=row.note,
        )
        for row in rows
    ]


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
        None if row.estimated_value is None else row.estimated_value.amount(),
        any(lot.contracts for lot in row.lots),
    )


@dataclass(frozen=True)
class RecordContext:
    """What computing a record's deadlines needs besides the session."""

    as_of: date
    settings: Settings
    fmt: Formatter


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


def _found_kind(
    session: Session, ref: str, kinds: Collection[str], label: str
) -> tuple[str, int]:
    found = find_ref(session, ref)
    if found is None or found[0] not in kinds:
        raise NotFoundError(label, ref)
    return found


@dataclass(frozen=True)
class TenderView:
    """A tender with everything attached, and its milestones and deadlines."""

    detail: TenderDetail
    focus: str | None
    """The lot asked for, when the view was opened from a lot's reference."""
    deadlines: tuple[DeadlineListRow, ...]


def _contract_ids(session: Session, refs: Collection[str]) -> list[int]:
    c = table_of(models.Contract)
    return [
        int(i)
        for i in session.execute(select(c.c.id).where(c.c.ref.in_(refs))).scalars()
    ]


def tender_view(session: Session, ref: str, context: RecordContext) -> TenderView:
    """The tender ``ref`` (or the tender of lot ``ref``) with everything attached."""
    kind, record = _found_kind(session, ref, ("tender", "lot"), "tender")
    t, lot = table_of(models.Tender), table_of(models.Lot)
    if kind == "lot":
        tender_id = session.execute(
            select(lot.c.tender_id).where(lot.c.id == record)
        ).scalar_one()
    else:
        tender_id = record
    tender_ref = session.execute(
        select(t.c.ref).where(t.c.id == tender_id)
    ).scalar_one()
    [tender] = tender_rows(session, refs=[tender_ref])
    contract_refs = [c for lot_row in tender.lots for c in lot_row.contracts]
    contracts = contract_rows(session, refs=contract_refs)
    a = table_of(models.FundingAllocation)
    allocations = allocation_rows(
        session,
        or_(
            a.c.tender_id == tender_id,
            a.c.contract_id.in_(_contract_ids(session, contract_refs)),
        ),
    )
    own_refs = [tender.ref, *(lot_row.ref for lot_row in tender.lots)]
    detail = TenderDetail(
        tender=tender,
        contracts=tuple(contracts),
        act=get_act(session, tender.authorising_act),
        allocations=tuple(allocations),
        deadlines=tuple(list_deadlines_for(session, own_refs + contract_refs)),
        notes=tuple(list_notes_for(session, own_refs)),
        history=tuple(list_history_for(session, own_refs)),
    )
    subjects = own_refs + contract_refs + [o.ref for c in contracts for o in c.options]
    return TenderView(
        detail=detail,
        focus=ref if kind == "lot" else None,
        deadlines=record_deadlines(
            session,
            context,
            subjects=subjects,
            contracts=contracts,
            tenders=[tender],
            allocations=allocations,
        ),
    )


@dataclass(frozen=True)
class QuintoRow:
    """Exercised quinto d'obbligo variations against one fifth of the contract."""

    used: Decimal
    limit: Decimal
    net: bool
    """Both are net of VAT (else VAT included, when a net is not known)."""


@dataclass(frozen=True)
class ContractView:
    """A contract with everything attached, its quinto and its deadlines."""

    detail: ContractDetail
    focus: str | None
    """The option asked for, when the view was opened from an option's reference."""
    quinto: QuintoRow | None
    deadlines: tuple[DeadlineListRow, ...]


def quinto_of(contract: ContractRow) -> QuintoRow | None:
    """The quinto d'obbligo used by exercised variations; None without a base amount."""
    if contract.amount is None:
        return None
    variations = [
        o.amount.amount()
        for o in contract.options
        if o.kind == OptionKind.QUINTO_VARIATION
        and o.state == OptionState.EXERCISED
        and o.amount is not None
    ]
    base = contract.amount.amount()
    used, limit = quinto_usage(base, variations)
    net = base.net is not None and all(v.net is not None for v in variations)
    return QuintoRow(used=used, limit=limit, net=net)


def contract_view(session: Session, ref: str, context: RecordContext) -> ContractView:
    """The contract ``ref`` (or the contract of option ``ref``) with everything
    attached."""
    kind, record = _found_kind(
        session, ref, ("contract", "contract option"), "contract"
    )
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    contract_id = (
        session.execute(select(o.c.contract_id).where(o.c.id == record)).scalar_one()
        if kind == "contract option"
        else record
    )
    contract_ref = session.execute(
        select(c.c.ref).where(c.c.id == contract_id)
    ).scalar_one()
    [contract] = contract_rows(session, refs=[contract_ref])
    tender = None
    if contract.tender is not None:
        [tender] = tender_rows(session, refs=[contract.tender])
    a = table_of(models.FundingAllocation)
    allocations = allocation_rows(session, a.c.contract_id == contract_id)
    own_refs = [contract.ref, *(x.ref for x in contract.options)]
    detail = ContractDetail(
        contract=contract,
        tender=tender,
        act=get_act(session, contract.act),
        staffing=tuple(list_staffing(session, contract_id)),
        allocations=tuple(allocations),
        deadlines=tuple(list_deadlines_for(session, own_refs)),
        notes=tuple(list_notes_for(session, own_refs)),
        history=tuple(list_history_for(session, own_refs)),
    )
    return ContractView(
        detail=detail,
        focus=ref if kind == "contract option" else None,
        quinto=quinto_of(contract),
        deadlines=record_deadlines(
            session,
            context,
            subjects=own_refs,
            contracts=[contract],
            allocations=allocations,
        ),
    )


@dataclass(frozen=True)
class PeriodRow:
    """A contract or in-house period that covers a service."""

    kind: str
    ref: str
    title: str
    start: date
    start_precision: str
    end: date
    """The end of the base period and exercised options (the covered end)."""
    end_precision: str
    supplier: str | None
    gross: Decimal | None


@dataclass(frozen=True)
class ServiceTenderRow:
    """A tender with a lot for the service."""

    ref: str
    lot: str
    title: str
    status: str
    procedure_type: str | None
    planned_start: date | None
    planned_start_precision: str
    contracts: tuple[str, ...]


@dataclass(frozen=True)
class ServiceView:
    """A service with its continuity as of a day and what covers it."""

    service: ServiceRow
    continuity: ServiceContinuity
    periods: tuple[PeriodRow, ...]
    tenders: tuple[ServiceTenderRow, ...]
    deadlines: tuple[DeadlineListRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def _service_coverage(session: Session, service_id: int) -> list[Coverage]:
    """The periods covering one service (as the engine reads them for all)."""
    c, cs, o = (
        table_of(models.Contract),
        table_of(models.ContractService),
        table_of(models.ContractOption),
    )
    ih, ihs = table_of(models.InHousePeriod), table_of(models.InHouseService)
    base = (
        select(
            literal(SourceKind.CONTRACT.value).label("kind"),
            c.c.ref,
            literal("base").label("part"),
            c.c.start,
            c.c.end,
        )
        .join(cs, cs.c.contract_id == c.c.id)
        .where(cs.c.service_id == service_id)
    )
    options = (
        select(literal(SourceKind.CONTRACT.value), c.c.ref, o.c.ref, o.c.start, o.c.end)
        .join(c, c.c.id == o.c.contract_id)
        .join(cs, cs.c.contract_id == c.c.id)
        .where(
            cs.c.service_id == service_id,
            o.c.state == OptionState.EXERCISED.value,
            o.c.start.is_not(None),
            o.c.end.is_not(None),
        )
    )
    in_house = (
        select(
            literal(SourceKind.IN_HOUSE.value),
            ih.c.ref,
            literal("in_house"),
            ih.c.start,
            ih.c.end,
        )
        .join(ihs, ihs.c.in_house_id == ih.c.id)
        .where(ihs.c.service_id == service_id)
    )
    union = union_all(base, options, in_house).subquery()
    query = select(union).order_by(union.c[3], union.c[1])
    return [
        Coverage(SourceKind(kind), ref, part, start, end)
        for kind, ref, part, start, end in session.execute(query)
    ]


def _service_plans(session: Session, service_id: int) -> list[TenderPlan]:
    """Tenders for one service that do not cover it (as the engine reads them)."""
    t, lot, ls = (
        table_of(models.Tender),
        table_of(models.Lot),
        table_of(models.LotService),
    )
    con, alloc = table_of(models.Contract), table_of(models.FundingAllocation)
    pending = (
        exists()
        .where(
            alloc.c.tender_id == t.c.id,
            alloc.c.status == FundingStatus.PENDING_CONFIRMATION.value,
        )
        .correlate(t)
    )
    has_contract = exists().where(con.c.lot_id == lot.c.id).correlate(lot)
    query = (
        select(
            t.c.ref,
            t.c.status,
            t.c.procedure_type,
            t.c.planned_start,
            pending.label("pending"),
            t.c.planned_start_precision,
        )
        .join(lot, lot.c.tender_id == t.c.id)
        .join(ls, ls.c.lot_id == lot.c.id)
        .where(
            ls.c.service_id == service_id, t.c.status.in_(NOT_COVERING), ~has_contract
        )
        .order_by(t.c.ref)
    )
    return [
        TenderPlan(ref, status, procedure, start, bool(is_pending), precision)
        for ref, status, procedure, start, is_pending, precision in session.execute(
            query
        )
    ]


def service_view(session: Session, ref: str, context: RecordContext) -> ServiceView:
    """The service ``ref`` with its continuity as of the context's day."""
    s, n = table_of(models.Service), table_of(models.Neighbourhood)
    site, cs, c = (
        table_of(models.Site),
        table_of(models.ContractService),
        table_of(models.Contract),
    )
    ih, ihs = table_of(models.InHousePeriod), table_of(models.InHouseService)
    lot, ls, t = (
        table_of(models.Lot),
        table_of(models.LotService),
        table_of(models.Tender),
    )
    row = session.execute(
        select(
            s,
            n.c.ref.label("neighbourhood_ref"),
            n.c.name.label("neighbourhood_name"),
            site.c.ref.label("site_ref"),
            site.c.address,
        )
        .join(n, n.c.id == s.c.neighbourhood_id)
        .outerjoin(site, site.c.id == s.c.site_id)
        .where(s.c.ref == ref)
    ).first()
    if row is None:
        raise NotFoundError("service", ref)
    programmes = _refs(session, table_of(models.Programme), [row.programme_id])
    service = ServiceRow(
        ref=row.ref,
        name=row.name,
        neighbourhood=row.neighbourhood_ref,
        neighbourhood_name=row.neighbourhood_name,
        site=row.site_ref,
        address=row.address,
        programme=programmes.get(row.programme_id),
        required_from=row.required_from,
        required_from_precision=row.required_from_precision,
        required_until=row.required_until,
        required_until_precision=row.required_until_precision,
        note=row.note,
    )
    continuity = assess(
        ServiceInfo(
            row.ref,
            row.name,
            row.neighbourhood_name,
            row.required_from,
            row.required_until,
        ),
        _service_coverage(session, row.id),
        _service_plans(session, row.id),
        as_of=context.as_of,
        lead_days_for=context.settings.lead_days_for,
    )
    contract_refs = list(
        session.execute(
            select(c.c.ref)
            .join(cs, cs.c.contract_id == c.c.id)
            .where(cs.c.service_id == row.id)
        ).scalars()
    )
    contracts = contract_rows(session, refs=contract_refs)
    periods = [
        PeriodRow(
            kind=SourceKind.CONTRACT.value,
            ref=x.ref,
            title=x.title,
            start=x.start,
            start_precision=x.start_precision,
            end=x.covered_until,
            end_precision=x.end_precision if x.covered_until == x.end else "day",
            supplier=None if x.supplier is None else x.supplier.name,
            gross=None
            if x.total_base_and_exercised is None
            else x.total_base_and_exercised.gross,
        )
        for x in contracts
    ]
    for period in session.execute(
        select(ih)
        .join(ihs, ihs.c.in_house_id == ih.c.id)
        .where(ihs.c.service_id == row.id)
    ):
        periods.append(
            PeriodRow(
                kind=SourceKind.IN_HOUSE.value,
                ref=period.ref,
                title=period.title,
                start=period.start,
                start_precision=period.start_precision,
                end=period.end,
                end_precision=period.end_precision,
                supplier=None,
                gross=None,
            )
        )
    periods.sort(key=lambda p: (p.start, p.end, p.ref))
    lots = list(
        session.execute(
            select(lot.c.ref.label("lot_ref"), t.c.ref.label("tender_ref"))
            .join(ls, ls.c.lot_id == lot.c.id)
            .join(t, t.c.id == lot.c.tender_id)
            .where(ls.c.service_id == row.id)
        )
    )
    tenders = tender_rows(session, refs={x.tender_ref for x in lots})
    lot_of = {x.tender_ref: x.lot_ref for x in lots}
    tender_lines = [
        ServiceTenderRow(
            ref=x.ref,
            lot=lot_of[x.ref],
            title=x.title,
            status=x.status,
            procedure_type=x.procedure_type,
            planned_start=x.planned_start,
            planned_start_precision=x.planned_start_precision,
            contracts=next(
                (
                    lot_row.contracts
                    for lot_row in x.lots
                    if lot_row.ref == lot_of[x.ref]
                ),
                (),
            ),
        )
        for x in tenders
    ]
    tender_lines.sort(
        key=lambda x: (x.planned_start is None, x.planned_start or date.min, x.ref)
    )
    return ServiceView(
        service=service,
        continuity=continuity,
        periods=tuple(periods),
        tenders=tuple(tender_lines),
        deadlines=record_deadlines(
            session,
            context,
            subjects=[ref, *contract_refs, *(x.ref for x in tenders)],
            contracts=contracts,
            tenders=tenders,
        ),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )


@dataclass(frozen=True)
class PartyContractRow:
    """A contract held by an organisation, alone or through a consortium."""

    ref: str
    title: str
    role: str | None
    """The member's role when held through a consortium (None when held alone)."""
    via: str | None
    """The consortium holding it, if any."""
    start: date
    start_precision: str
    covered_until: date
    gross: Decimal | None
    state: str


@dataclass(frozen=True)
class MembershipRow:
    consortium: str
    name: str
    kind: str
    role: str
    share: Decimal | None


@dataclass(frozen=True)
class OrganisationView:
    organisation: OrganisationRow
    memberships: tuple[MembershipRow, ...]
    contracts: tuple[PartyContractRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def _party_contracts(
    session: Session,
    held: dict[str, tuple[str | None, str | None]],
    as_of: date,
) -> tuple[PartyContractRow, ...]:
    """``held`` maps contract refs to (role, consortium)."""
    rows = [
        PartyContractRow(
            ref=x.ref,
            title=x.title,
            role=held[x.ref][0],
            via=held[x.ref][1],
            start=x.start,
            start_precision=x.start_precision,
            covered_until=x.covered_until,
            gross=None
            if x.total_base_and_exercised is None
            else x.total_base_and_exercised.gross,
            state=contract_state(x.start, x.covered_until, as_of),
        )
        for x in contract_rows(session, refs=list(held))
    ]
    rows.sort(key=lambda r: (r.start, r.ref), reverse=True)
    return tuple(rows)


def organisation_view(
    session: Session, ref: str, context: RecordContext
) -> OrganisationView:
    """The organisation ``ref`` with its consortia and contracts."""
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm, c = table_of(models.ConsortiumMember), table_of(models.Contract)
    row = session.execute(select(org).where(org.c.ref == ref)).first()
    if row is None:
        raise NotFoundError("organisation", ref)
    memberships = [
        MembershipRow(
            consortium=m.ref,
            name=m.name,
            kind=m.kind,
            role=m.role,
            share=share_from_hundredths(m.share_hundredths),
        )
        for m in session.execute(
            select(
                con.c.id,
                con.c.ref,
                con.c.name,
                con.c.kind,
                cm.c.role,
                cm.c.share_hundredths,
            )
            .join(cm, cm.c.consortium_id == con.c.id)
            .where(cm.c.organisation_id == row.id)
            .order_by(con.c.ref)
        )
    ]
    held: dict[str, tuple[str | None, str | None]] = dict.fromkeys(
        session.execute(
            select(c.c.ref).where(c.c.supplier_organisation_id == row.id)
        ).scalars(),
        (None, None),
    )
    for contract_ref, consortium_ref, role in session.execute(
        select(c.c.ref, con.c.ref, cm.c.role)
        .join(con, con.c.id == c.c.supplier_consortium_id)
        .join(cm, cm.c.consortium_id == con.c.id)
        .where(cm.c.organisation_id == row.id)
    ):
        held[contract_ref] = (role, consortium_ref)
    organisation = OrganisationRow(
        ref=row.ref,
        name=row.name,
        kind=row.kind,
        legal_form=row.legal_form,
        partita_iva=row.partita_iva,
        codice_fiscale=row.codice_fiscale,
        address=row.address,
        consortia=tuple(sorted(f"{m.consortium} ({m.role})" for m in memberships)),
        note=row.note,
    )
    return OrganisationView(
        organisation=organisation,
        memberships=tuple(memberships),
        contracts=_party_contracts(session, held, context.as_of),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )


@dataclass(frozen=True)
class ConsortiumView:
    ref: str
    name: str
    kind: str
    note: str | None
    members: tuple[MemberRow, ...]
    shares_total: Decimal | None
    """The sum of the members' shares when every share is stated."""
    contracts: tuple[PartyContractRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def consortium_view(
    session: Session, ref: str, context: RecordContext
) -> ConsortiumView:
    """The consortium ``ref`` with its members and contracts."""
    con, c = table_of(models.Consortium), table_of(models.Contract)
    row = session.execute(select(con).where(con.c.ref == ref)).first()
    if row is None:
        raise NotFoundError("consortium", ref)
    _, by_consortium = _suppliers_for(session, set(), {row.id})
    members = by_consortium[row.id].members
    shares = [m.share for m in members]
    held: dict[str, tuple[str | None, str | None]] = dict.fromkeys(
        session.execute(
            select(c.c.ref).where(c.c.supplier_consortium_id == row.id)
        ).scalars(),
        (None, None),
    )
    return ConsortiumView(
        ref=row.ref,
        name=row.name,
        kind=row.kind,
        note=row.note,
        members=members,
        shares_total=None
        if not shares or None in shares
        else sum((s for s in shares if s is not None), Decimal(0)),
        contracts=_party_contracts(session, held, context.as_of),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )


@dataclass(frozen=True)
class StatusTotal:
    """Allocations of one status: how many, the sum of the stated amounts, and how
    many have no amount stated."""

    status: str
    count: int
    amount: Decimal
    unstated: int


@dataclass(frozen=True)
class FundingSourceView:
    ref: str
    name: str
    kind: str
    funder: str | None
    eligible_from: date | None
    eligible_until: date | None
    note: str | None
    allocations: tuple[AllocationRow, ...]
    totals: tuple[StatusTotal, ...]
    deadlines: tuple[DeadlineListRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def funding_source_view(
    session: Session, ref: str, context: RecordContext
) -> FundingSourceView:
    """The funding source ``ref`` with its allocations and totals by status."""
    fs, a = table_of(models.FundingSource), table_of(models.FundingAllocation)
    row = session.execute(select(fs).where(fs.c.ref == ref)).first()
    if row is None:
        raise NotFoundError("funding source", ref)
    allocations = allocation_rows(session, a.c.source_id == row.id)
    totals = [
        StatusTotal(
            status=status.value,
            count=sum(1 for x in allocations if x.status == status),
            amount=sum(
                (x.amount for x in allocations if x.status == status and x.amount),
                Decimal("0.00"),
            ),
            unstated=sum(
                1 for x in allocations if x.status == status and x.amount is None
            ),
        )
        for status in FundingStatus
    ]
    return FundingSourceView(
        ref=row.ref,
        name=row.name,
        kind=row.kind,
        funder=row.funder,
        eligible_from=row.eligible_from,
        eligible_until=row.eligible_until,
        note=row.note,
        allocations=tuple(allocations),
        totals=tuple(t for t in totals if t.count),
        deadlines=record_deadlines(
            session, context, subjects=[ref], allocations=allocations
        ),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )


@dataclass(frozen=True)
class AllocationView:
    allocation: AllocationRow
    funds_kind: str
    """``tender`` or ``contract``."""
    funds_title: str
    source_kind: str
    funder: str | None
    eligible_from: date | None
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def allocation_view(session: Session, ref: str) -> AllocationView:
    """The allocation ``ref`` with what it funds and from which source."""
    a, fs = table_of(models.FundingAllocation), table_of(models.FundingSource)
    t, c = table_of(models.Tender), table_of(models.Contract)
    rows = allocation_rows(session, a.c.ref == ref)
    if not rows:
        raise NotFoundError("allocation", ref)
    [allocation] = rows
    source = session.execute(select(fs).where(fs.c.ref == allocation.source)).one()
    tender_title = session.execute(
        select(t.c.title).where(t.c.ref == allocation.funds)
    ).scalar()
    if tender_title is not None:
        kind, title = "tender", str(tender_title)
    else:
        kind = "contract"
        title = str(
            session.execute(
                select(c.c.title).where(c.c.ref == allocation.funds)
            ).scalar_one()
        )
    return AllocationView(
        allocation=allocation,
        funds_kind=kind,
        funds_title=title,
        source_kind=source.kind,
        funder=source.funder,
        eligible_from=source.eligible_from,
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
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
    row = session.execute(select(d).where(d.c.ref == ref)).first()
    if row is None:
        raise NotFoundError("deadline", ref)
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
        subject_kind=None if subject is None else record_kind_name(subject[0]),
        recurrence=row.recurrence,
        recurrence_until=row.recurrence_until,
        state=row.state,
        done_through=row.done_through,
        note=row.note,
        occurrences=tuple(occurrences),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )


KIND_NAMES = {
    "funding source": "funding_source",
    "contract option": "option",
    "funding allocation": "allocation",
    "in-house period": "in_house_period",
}


def record_kind_name(kind: str) -> str:
    """The kind of a record as front ends name it (``funding_source``, ``option``)."""
    return KIND_NAMES.get(kind, kind)


def get_record_kind(session: Session, ref: str) -> str | None:
    """What kind of record ``ref`` names: tender, lot, contract, option, service,
    organisation, consortium, funding_source, allocation, deadline, programme,
    neighbourhood, site, act, in_house_period; None if no record has it."""
    found = find_ref(session, ref)
    return None if found is None else record_kind_name(found[0])
