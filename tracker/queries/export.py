"""The whole database as a dataset document (the inverse of loading one).

Records are written in ref order (members, lots, options and staffing in their own
order) so that dumping the same data always gives the same document.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.domain.money import Amount, from_cents
from tracker.drafts import (
    AcknowledgementDraft,
    AllocationDraft,
    ConsortiumDraft,
    Dataset,
    DeadlineDraft,
    MemberDraft,
    NeighbourhoodDraft,
    NoteDraft,
    OrganisationDraft,
    ProgrammeDraft,
    ServiceDraft,
    SiteDraft,
    StaffDraft,
)
from tracker.queries.listing import as_utc, refs_by_id


def _amount(
    cents: int | None, basis: str | None, vat_rate: str | None
) -> dict[str, Any] | None:
    amount = Amount.from_columns(cents, basis, vat_rate)
    if amount is None:
        return None
    return {amount.basis.value: str(amount.value), "vat_rate": amount.vat_rate.value}


def _share(hundredths: int | None) -> str | None:
    return None if hundredths is None else f"{Decimal(hundredths) / 100:f}"


def _by_ref(session: Session, model: type[SQLModel]) -> list[Any]:
    return list(session.exec(select(model).order_by(col(model.ref))))  # type: ignore[attr-defined]


def export_dataset(session: Session, *, description: str | None = None) -> Dataset:
    """Every record in the database as a Dataset."""
    programmes = refs_by_id(session, models.Programme)
    neighbourhoods = refs_by_id(session, models.Neighbourhood)
    sites = refs_by_id(session, models.Site)
    services = refs_by_id(session, models.Service)
    organisations = refs_by_id(session, models.Organisation)
    consortia = refs_by_id(session, models.Consortium)
    acts = refs_by_id(session, models.Act)
    sources = refs_by_id(session, models.FundingSource)
    tenders = refs_by_id(session, models.Tender)
    contracts = refs_by_id(session, models.Contract)

    def act(act_id: int | None) -> str | None:
        return None if act_id is None else acts[act_id]

    def grouped(rows: Any) -> dict[int, list[str]]:
        result: dict[int, list[str]] = defaultdict(list)
        for owner, target in rows:
            result[owner].append(target)
        return {k: sorted(v) for k, v in result.items()}

    neighbourhood_programmes = grouped(
        (link.neighbourhood_id, programmes[link.programme_id])
        for link in session.exec(select(models.NeighbourhoodProgramme))
    )
    lot_services = grouped(
        (link.lot_id, services[link.service_id])
        for link in session.exec(select(models.LotService))
    )
    contract_services = grouped(
        (link.contract_id, services[link.service_id])
        for link in session.exec(select(models.ContractService))
    )
    in_house_services = grouped(
        (link.in_house_id, services[link.service_id])
        for link in session.exec(select(models.InHouseService))
    )
    members: dict[int, list[MemberDraft]] = defaultdict(list)
    for member in session.exec(
        select(models.ConsortiumMember).order_by(col(models.ConsortiumMember.position))
    ):
        members[member.consortium_id].append(
            MemberDraft(
                organisation=organisations[member.organisation_id],
                role=member.role,
                share=_share(member.share_hundredths),
                note=member.note,
            )
        )
    lots: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for lot in session.exec(select(models.Lot).order_by(col(models.Lot.number))):
        assert lot.id is not None
        lots[lot.tender_id].append(
            {
                "ref": lot.ref,
                "number": lot.number,
                "title": lot.title,
                "cig": lot.cig,
                "value": _amount(lot.value_cents, lot.value_basis, lot.value_vat_rate),
                "services": lot_services.get(lot.id, []),
                "note": lot.note,
            }
        )
    lot_refs = refs_by_id(session, models.Lot)
    options: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for option in session.exec(
        select(models.ContractOption).order_by(col(models.ContractOption.id))
    ):
        options[option.contract_id].append(
            {
                "ref": option.ref,
                "kind": option.kind,
                "state": option.state,
                "start": option.start,
                "end": option.end,
                "months": option.months,
                "amount": _amount(
                    option.amount_cents, option.amount_basis, option.amount_vat_rate
                ),
                "decided_on": option.decided_on,
                "act": act(option.act_id),
                "cig": option.cig,
                "note": option.note,
            }
        )
    contract_staff: dict[int, list[StaffDraft]] = defaultdict(list)
    in_house_staff: dict[int, list[StaffDraft]] = defaultdict(list)
    for staff in session.exec(
        select(models.Staffing).order_by(col(models.Staffing.position))
    ):
        draft = StaffDraft(role=staff.role, count=staff.count, note=staff.note)
        if staff.contract_id is not None:
            contract_staff[staff.contract_id].append(draft)
        elif staff.in_house_id is not None:
            in_house_staff[staff.in_house_id].append(draft)

    def supplier(contract: models.Contract) -> str | None:
        if contract.supplier_organisation_id is not None:
            return organisations[contract.supplier_organisation_id]
        if contract.supplier_consortium_id is not None:
            return consortia[contract.supplier_consortium_id]
        return None

    data: dict[str, Any] = {
        "description": description,
        "programmes": [
            ProgrammeDraft.model_validate(p, from_attributes=True)
            for p in _by_ref(session, models.Programme)
        ],
        "neighbourhoods": [
            NeighbourhoodDraft.model_validate(
                {
                    **_fields(n, NeighbourhoodDraft, skip={"programmes"}),
                    "programmes": neighbourhood_programmes.get(n.id, []),
                }
            )
            for n in _by_ref(session, models.Neighbourhood)
        ],
        "sites": [
            SiteDraft.model_validate(
                {
                    **_fields(s, SiteDraft, skip={"neighbourhood"}),
                    "neighbourhood": None
                    if s.neighbourhood_id is None
                    else neighbourhoods[s.neighbourhood_id],
                }
            )
            for s in _by_ref(session, models.Site)
        ],
        "services": [
            ServiceDraft.model_validate(
                {
                    **_fields(
                        s, ServiceDraft, skip={"neighbourhood", "site", "programme"}
                    ),
                    "neighbourhood": neighbourhoods[s.neighbourhood_id],
                    "site": None if s.site_id is None else sites[s.site_id],
                    "programme": None
                    if s.programme_id is None
                    else programmes[s.programme_id],
                }
            )
            for s in _by_ref(session, models.Service)
        ],
        "organisations": [
            OrganisationDraft.model_validate(o, from_attributes=True)
            for o in _by_ref(session, models.Organisation)
        ],
        "consortia": [
            ConsortiumDraft(
                ref=c.ref, name=c.name, kind=c.kind, members=members[c.id], note=c.note
            )
            for c in _by_ref(session, models.Consortium)
        ],
        "acts": [
            {**_fields(a, None, skip=set())} for a in _by_ref(session, models.Act)
        ],
        "funding_sources": [
            {**_fields(s, None, skip=set())}
            for s in _by_ref(session, models.FundingSource)
        ],
        "tenders": [
            {
                **_fields(
                    t,
                    None,
                    skip={
                        "programme_id",
                        "authorising_act_id",
                        "estimate_cents",
                        "estimate_basis",
                        "estimate_vat_rate",
                    },
                ),
                "programme": None
                if t.programme_id is None
                else programmes[t.programme_id],
                "authorising_act": act(t.authorising_act_id),
                "estimated_value": _amount(
                    t.estimate_cents, t.estimate_basis, t.estimate_vat_rate
                ),
                "lots": lots[t.id],
            }
            for t in _by_ref(session, models.Tender)
        ],
        "contracts": [
            {
                **_fields(
                    c,
                    None,
                    skip={
                        "lot_id",
                        "supplier_organisation_id",
                        "supplier_consortium_id",
                        "amount_cents",
                        "amount_basis",
                        "amount_vat_rate",
                        "act_id",
                    },
                ),
                "lot": None if c.lot_id is None else lot_refs[c.lot_id],
                "supplier": supplier(c),
                "services": contract_services.get(c.id, []),
                "amount": _amount(c.amount_cents, c.amount_basis, c.amount_vat_rate),
                "act": act(c.act_id),
                "options": options[c.id],
                "staffing": contract_staff[c.id],
            }
            for c in _by_ref(session, models.Contract)
        ],
        "in_house_periods": [
            {
                **_fields(p, None, skip={"act_id"}),
                "act": act(p.act_id),
                "services": in_house_services.get(p.id, []),
                "staffing": in_house_staff[p.id],
            }
            for p in _by_ref(session, models.InHousePeriod)
        ],
        "allocations": [
            AllocationDraft(
                ref=a.ref,
                source=sources[a.source_id],
                funds=tenders[a.tender_id]
                if a.tender_id is not None
                else contracts[a.contract_id],
                amount=None
                if a.amount_cents is None
                else str(from_cents(a.amount_cents)),
                status=a.status,
                note=a.note,
            )
            for a in _by_ref(session, models.FundingAllocation)
        ],
        "deadlines": [
            DeadlineDraft.model_validate(
                {
                    **_fields(d, DeadlineDraft, skip={"subject"}),
                    "subject": d.subject_ref,
                }
            )
            for d in _by_ref(session, models.Deadline)
        ],
        "acknowledgements": [
            AcknowledgementDraft(
                key=a.key, through=a.through, at=as_utc(a.at), actor=a.actor
            )
            for a in session.exec(
                select(models.Acknowledgement).order_by(col(models.Acknowledgement.key))
            )
        ],
        "notes": [
            NoteDraft(
                subject=n.subject_ref,
                written_at=as_utc(n.written_at),
                author=n.author,
                text=n.text,
            )
            for n in session.exec(
                select(models.Note).order_by(
                    col(models.Note.subject_ref),
                    col(models.Note.written_at),
                    col(models.Note.id),
                )
            )
        ],
    }
    return Dataset.model_validate(data)


def _fields(
    record: SQLModel, draft: type[Any] | None, *, skip: set[str]
) -> dict[str, Any]:
    """The record's columns that a draft has (all but ids when no draft is named)."""
    values = record.model_dump()
    values.pop("id", None)
    if draft is not None:
        names = set(draft.model_fields)
        values = {k: v for k, v in values.items() if k in names}
    return {k: v for k, v in values.items() if k not in skip}
