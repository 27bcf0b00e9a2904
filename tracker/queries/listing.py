"""Lists of tenders, contracts, services and organisations, read in a few batched
queries (one per table, never one per row) so that they stay cheap on large databases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.domain.kinds import OptionState
from tracker.domain.money import Amount, Totals, from_cents, share_from_hundredths
from tracker.history import subject_of_ref
from tracker.history_reading import subject_condition
from tracker.queries.rows import (
    ActRow,
    AllocationRow,
    AmountRow,
    ChangeRow,
    ContractRow,
    DeadlineRow,
    LotRow,
    MemberRow,
    NoteRow,
    OptionRow,
    OrganisationRow,
    ServiceRow,
    StaffRow,
    SupplierRow,
    TenderRow,
    TotalsRow,
    amount_row,
)


def plain(model: type[SQLModel]) -> Select[Any]:
    """A query for a table's rows as plain tuples: far cheaper than ORM objects when
    reading tens of thousands of records."""
    table = model.__table__  # type: ignore[attr-defined]
    query: Select[Any] = select(*table.columns)
    return query


def refs_by_id(session: Session, model: type[SQLModel]) -> dict[int, str]:
    rows = session.exec(select(model.id, model.ref))  # type: ignore[attr-defined]
    return {int(row[0]): str(row[1]) for row in rows}


def _suppliers(
    session: Session,
) -> tuple[dict[int, SupplierRow], dict[int, SupplierRow]]:
    organisations = {o.id: o for o in session.execute(plain(models.Organisation))}
    by_organisation = {
        oid: SupplierRow(
            ref=o.ref,
            name=o.name,
            kind="organisation",
            partita_iva=o.partita_iva,
            members=(),
        )
        for oid, o in organisations.items()
        if oid is not None
    }
    members: dict[int, list[MemberRow]] = defaultdict(list)
    for member in session.execute(
        plain(models.ConsortiumMember).order_by(
            col(models.ConsortiumMember.consortium_id),
            col(models.ConsortiumMember.position),
        )
    ):
        organisation = organisations[member.organisation_id]
        members[member.consortium_id].append(
            MemberRow(
                ref=organisation.ref,
                name=organisation.name,
                role=member.role,
                share=share_from_hundredths(member.share_hundredths),
                partita_iva=organisation.partita_iva,
            )
        )
    by_consortium = {
        c.id: SupplierRow(
            ref=c.ref,
            name=c.name,
            kind=c.kind,
            partita_iva=None,
            members=tuple(members[c.id]),
        )
        for c in session.execute(plain(models.Consortium))
        if c.id is not None
    }
    return by_organisation, by_consortium


def _links(
    rows: Iterable[tuple[int, int]], names: dict[int, str]
) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for owner, target in rows:
        grouped[owner].append(names[target])
    return {owner: tuple(sorted(refs)) for owner, refs in grouped.items()}


def option_row(option: Any) -> OptionRow:
    return OptionRow(
        ref=option.ref,
        kind=option.kind,
        state=option.state,
        start=option.start,
        end=option.end,
        months=option.months,
        amount=amount_row(
            option.amount_cents, option.amount_basis, option.amount_vat_rate
        ),
        decided_on=option.decided_on,
        cig=option.cig,
        note=option.note,
    )


EXERCISED = {OptionState.EXERCISED.value}
EXERCISED_OR_PLANNED = {OptionState.EXERCISED.value, OptionState.PLANNED.value}


def _totals_of_base(base: AmountRow) -> TotalsRow:
    return TotalsRow(net=base.net, vat=base.vat, gross=base.gross, parts=1)


def _totals(
    base: Amount | None,
    base_row: AmountRow | None,
    options: Sequence[OptionRow],
    states: set[str],
) -> TotalsRow | None:
    if base is None or base_row is None:
        return None
    counted = [o.amount.amount() for o in options if o.state in states and o.amount]
    missing = tuple(o.ref for o in options if o.state in states and o.amount is None)
    if not counted and not missing:
        return _totals_of_base(base_row)
    return TotalsRow.of(Totals.of([base, *counted]), missing)


def list_contracts(
    session: Session, *, refs: Sequence[str] | None = None
) -> list[ContractRow]:
    """Contracts by ref, each with supplier, options, totals and covered services."""
    query = plain(models.Contract).order_by(col(models.Contract.ref))
    if refs is not None:
        query = query.where(col(models.Contract.ref).in_(refs))
    contracts = list(session.execute(query))
    by_organisation, by_consortium = _suppliers(session)
    lots = {lot.id: lot for lot in session.execute(plain(models.Lot))}
    tenders = refs_by_id(session, models.Tender)
    acts = refs_by_id(session, models.Act)
    services = _links(
        session.exec(
            select(
                models.ContractService.contract_id, models.ContractService.service_id
            )
        ),
        refs_by_id(session, models.Service),
    )
    options: dict[int, list[OptionRow]] = defaultdict(list)
    for option in session.execute(
        plain(models.ContractOption).order_by(
            col(models.ContractOption.contract_id), col(models.ContractOption.id)
        )
    ):
        options[option.contract_id].append(option_row(option))
    rows: list[ContractRow] = []
    for contract in contracts:
        assert contract.id is not None
        lot = lots.get(contract.lot_id)
        supplier = (
            by_organisation.get(contract.supplier_organisation_id)
            if contract.supplier_organisation_id is not None
            else by_consortium.get(contract.supplier_consortium_id)
            if contract.supplier_consortium_id is not None
            else None
        )
        contract_options = tuple(options[contract.id])
        exercised_ends = [
            o.end
            for o in contract_options
            if o.state == OptionState.EXERCISED and o.end
        ]
        base = Amount.from_columns(
            contract.amount_cents, contract.amount_basis, contract.amount_vat_rate
        )
        base_row = None if base is None else AmountRow.of(base)
        rows.append(
            ContractRow(
                ref=contract.ref,
                title=contract.title,
                tender=None if lot is None else tenders[lot.tender_id],
                lot=None if lot is None else lot.ref,
                cig=contract.cig,
                supplier=supplier,
                services=services.get(contract.id, ()),
                signed_on=contract.signed_on,
                start=contract.start,
                start_precision=contract.start_precision,
                end=contract.end,
                end_precision=contract.end_precision,
                months=contract.months,
                covered_until=max([contract.end, *exercised_ends]),
                amount=base_row,
                options=contract_options,
                total_base_and_exercised=_totals(
                    base, base_row, contract_options, EXERCISED
                ),
                total_with_all_options=_totals(
                    base, base_row, contract_options, EXERCISED_OR_PLANNED
                ),
                act=None if contract.act_id is None else acts[contract.act_id],
                note=contract.note,
            )
        )
    return rows


def list_tenders(
    session: Session, *, refs: Sequence[str] | None = None
) -> list[TenderRow]:
    """Tenders by ref, each with its lots and the contracts awarded on them."""
    query = plain(models.Tender).order_by(col(models.Tender.ref))
    if refs is not None:
        query = query.where(col(models.Tender.ref).in_(refs))
    tenders = list(session.execute(query))
    programmes = refs_by_id(session, models.Programme)
    acts = refs_by_id(session, models.Act)
    lot_services = _links(
        session.exec(select(models.LotService.lot_id, models.LotService.service_id)),
        refs_by_id(session, models.Service),
    )
    lot_contracts: dict[int, list[str]] = defaultdict(list)
    for lot_id, ref in session.exec(
        select(models.Contract.lot_id, models.Contract.ref).where(
            col(models.Contract.lot_id).is_not(None)
        )
    ):
        assert lot_id is not None
        lot_contracts[lot_id].append(ref)
    lots: dict[int, list[LotRow]] = defaultdict(list)
    for lot in session.execute(
        plain(models.Lot).order_by(col(models.Lot.tender_id), col(models.Lot.number))
    ):
        assert lot.id is not None
        lots[lot.tender_id].append(
            LotRow(
                ref=lot.ref,
                number=lot.number,
                title=lot.title,
                cig=lot.cig,
                value=amount_row(lot.value_cents, lot.value_basis, lot.value_vat_rate),
                services=lot_services.get(lot.id, ()),
                contracts=tuple(sorted(lot_contracts[lot.id])),
                note=lot.note,
            )
        )
    return [
        TenderRow(
            ref=t.ref,
            title=t.title,
            procedure_type=t.procedure_type,
            status=t.status,
            programme=None if t.programme_id is None else programmes[t.programme_id],
            cup=t.cup,
            rup=t.rup,
            planned_start=t.planned_start,
            planned_start_precision=t.planned_start_precision,
            planned_months=t.planned_months,
            publication_date=t.publication_date,
            offer_deadline=t.offer_deadline,
            award_date=t.award_date,
            standstill_end=t.standstill_end,
            signature_date=t.signature_date,
            estimated_value=amount_row(
                t.estimate_cents, t.estimate_basis, t.estimate_vat_rate
            ),
            authorising_act=None
            if t.authorising_act_id is None
            else acts[t.authorising_act_id],
            plan_entry=t.plan_entry,
            lots=tuple(lots[t.id]) if t.id is not None else (),
            note=t.note,
        )
        for t in tenders
    ]


def list_services(session: Session) -> list[ServiceRow]:
    """Services by ref with their neighbourhood, site and programme."""
    neighbourhoods = {n.id: n for n in session.execute(plain(models.Neighbourhood))}
    sites = {s.id: s for s in session.execute(plain(models.Site))}
    programmes = refs_by_id(session, models.Programme)
    rows: list[ServiceRow] = []
    for service in session.execute(
        plain(models.Service).order_by(col(models.Service.ref))
    ):
        neighbourhood = neighbourhoods[service.neighbourhood_id]
        site = sites.get(service.site_id)
        rows.append(
            ServiceRow(
                ref=service.ref,
                name=service.name,
                neighbourhood=neighbourhood.ref,
                neighbourhood_name=neighbourhood.name,
                site=None if site is None else site.ref,
                address=None if site is None else site.address,
                programme=None
                if service.programme_id is None
                else programmes[service.programme_id],
                required_from=service.required_from,
                required_from_precision=service.required_from_precision,
                required_until=service.required_until,
                required_until_precision=service.required_until_precision,
                note=service.note,
            )
        )
    return rows


def list_organisations(session: Session) -> list[OrganisationRow]:
    """Organisations by ref with the consortia they belong to."""
    consortia = refs_by_id(session, models.Consortium)
    memberships: dict[int, list[str]] = defaultdict(list)
    for member in session.execute(plain(models.ConsortiumMember)):
        memberships[member.organisation_id].append(
            f"{consortia[member.consortium_id]} ({member.role})"
        )
    return [
        OrganisationRow(
            ref=o.ref,
            name=o.name,
            kind=o.kind,
            legal_form=o.legal_form,
            partita_iva=o.partita_iva,
            codice_fiscale=o.codice_fiscale,
            address=o.address,
            consortia=tuple(sorted(memberships[o.id])) if o.id is not None else (),
            note=o.note,
        )
        for o in session.execute(
            plain(models.Organisation).order_by(col(models.Organisation.ref))
        )
    ]


def get_act(session: Session, act_ref: str | None) -> ActRow | None:
    if act_ref is None:
        return None
    act = session.execute(plain(models.Act).where(col(models.Act.ref) == act_ref)).one()
    return ActRow(
        ref=act.ref,
        kind=act.kind,
        number=act.number,
        adopted_on=act.adopted_on,
        body=act.body,
        subject=act.subject,
    )


def list_allocations(
    session: Session,
    *,
    tender_ids: Sequence[int] = (),
    contract_ids: Sequence[int] = (),
) -> list[AllocationRow]:
    """Allocations funding the given tenders and contracts."""
    sources = {s.id: s for s in session.execute(plain(models.FundingSource))}
    tenders = refs_by_id(session, models.Tender)
    contracts = refs_by_id(session, models.Contract)
    query = select(models.FundingAllocation).where(
        col(models.FundingAllocation.tender_id).in_(tender_ids)
        | col(models.FundingAllocation.contract_id).in_(contract_ids)
    )
    rows: list[AllocationRow] = []
    for allocation in session.exec(query.order_by(col(models.FundingAllocation.ref))):
        source = sources[allocation.source_id]
        funds = (
            tenders[allocation.tender_id]
            if allocation.tender_id is not None
            else contracts[allocation.contract_id]  # type: ignore[index]
        )
        rows.append(
            AllocationRow(
                ref=allocation.ref,
                source=source.ref,
                source_name=source.name,
                funds=funds,
                amount=None
                if allocation.amount_cents is None
                else from_cents(allocation.amount_cents),
                status=allocation.status,
                eligible_until=source.eligible_until,
                note=allocation.note,
            )
        )
    return rows


def list_staffing(session: Session, contract_id: int) -> list[StaffRow]:
    query = (
        select(models.Staffing)
        .where(models.Staffing.contract_id == contract_id)
        .order_by(col(models.Staffing.position))
    )
    return [
        StaffRow(role=s.role, count=s.count, note=s.note) for s in session.exec(query)
    ]


def list_deadlines_for(
    session: Session, subject_refs: Sequence[str]
) -> list[DeadlineRow]:
    query = (
        select(models.Deadline)
        .where(col(models.Deadline.subject_ref).in_(subject_refs))
        .order_by(col(models.Deadline.due), col(models.Deadline.ref))
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
        for d in session.exec(query)
    ]


def list_notes_for(session: Session, subject_refs: Sequence[str]) -> list[NoteRow]:
    query = (
        select(models.Note)
        .where(col(models.Note.subject_ref).in_(subject_refs))
        .order_by(col(models.Note.written_at), col(models.Note.id))
    )
    return [
        NoteRow(written_at=as_utc(n.written_at), author=n.author, text=n.text)
        for n in session.exec(query)
    ]


def list_history_for(session: Session, refs: Sequence[str]) -> list[ChangeRow]:
    """The history of the records ``refs``: every write recorded against each of
    them (their members, links, staffing, notes, acknowledgements and snoozes too),
    from each record's own creation on, oldest first, as written."""
    connection = session.connection()
    subjects = [
        found
        for found in (subject_of_ref(connection, ref) for ref in dict.fromkeys(refs))
        if found is not None
    ]
    if not subjects:
        return []
    query = (
        select(models.Change)
        .where(subject_condition(connection, subjects))
        .order_by(col(models.Change.at), col(models.Change.id))
    )
    return [
        ChangeRow(
            at=as_utc(c.at),
            actor=c.actor,
            action=c.action,
            entity=c.entity,
            ref=c.ref,
            changes=c.changes,
            role=c.role,
        )
        for c in session.exec(query)
    ]


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored moment is UTC."""
    return (
        moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    )
