"""The records of each section of the dataset as drafts, read a page of ids at a
time (the shape of the dataset file: the inverse of loading one).

Records are given in ref order (members, lots, options and staffing in their own
order) so that dumping the same data always gives the same document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.domain.money import Amount, from_cents
from tracker.drafts import (
    ActDraft,
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    DeadlineDraft,
    FundingSourceDraft,
    InHouseDraft,
    MemberDraft,
    NeighbourhoodDraft,
    NoteDraft,
    OrganisationDraft,
    PaymentDraft,
    ProgrammeDraft,
    ServiceDraft,
    SiteDraft,
    StaffDraft,
    TenderDraft,
    read_stored,
)
from tracker.queries.tables import as_utc, lot_order, refs_by_id, table_of

D = TypeVar("D", bound=BaseModel)


def _amount(
    cents: int | None, basis: str | None, vat_rate: str | None
) -> dict[str, Any] | None:
    amount = Amount.from_columns(cents, basis, vat_rate)
    if amount is None:
        return None
    return {amount.basis.value: str(amount.value), "vat_rate": amount.vat_rate.value}


def _share(hundredths: int | None) -> str | None:
    return None if hundredths is None else f"{Decimal(hundredths) / 100:f}"


def _by_ref(
    session: Session, model: type[SQLModel], ids: Collection[int] | None = None
) -> list[Any]:
    """The records of a table in ref order; only those with ``ids`` when given."""
    query = select(model).order_by(col(model.ref))  # type: ignore[attr-defined]
    if ids is not None:
        query = query.where(col(model.id).in_(list(ids)))  # type: ignore[attr-defined]
    return list(session.exec(query))


def _column_drafts(
    session: Session, model: type[SQLModel], draft: type[D], ids: Collection[int] | None
) -> list[D]:
    """The drafts of a table whose columns are the draft's own fields, by ref."""
    return [
        read_stored(draft, _fields(record, draft, skip=set()))
        for record in _by_ref(session, model, ids)
    ]


class Refs:
    """Each table's refs by id, read the first time one is needed."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._maps: dict[type[SQLModel], dict[int, str]] = {}

    def __call__(self, model: type[SQLModel], record_id: int) -> str:
        if model not in self._maps:
            self._maps[model] = refs_by_id(self._session, model)
        return self._maps[model][record_id]

    def optional(self, model: type[SQLModel], record_id: int | None) -> str | None:
        return None if record_id is None else self(model, record_id)


def _grouped(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    for owner, target in rows:
        result[owner].append(target)
    return {k: sorted(v) for k, v in result.items()}


def _service_links(
    session: Session,
    refs: Refs,
    model: type[models.LotService]
    | type[models.ContractService]
    | type[models.InHouseService],
    owner_ids: Collection[int] | None,
) -> dict[int, list[str]]:
    """The refs of the services linked to each lot, contract or in-house period."""
    owner: Any
    if model is models.LotService:
        owner = col(models.LotService.lot_id)
    elif model is models.ContractService:
        owner = col(models.ContractService.contract_id)
    else:
        owner = col(models.InHouseService.in_house_id)
    query = select(owner, col(model.service_id))
    if owner_ids is not None:
        query = query.where(owner.in_(list(owner_ids)))
    return _grouped(
        (int(owner_id), refs(models.Service, service_id))
        for owner_id, service_id in session.exec(query)
    )


def _staffing(
    session: Session, *, contract_ids: Collection[int] | None
) -> tuple[dict[int, list[StaffDraft]], dict[int, list[StaffDraft]]]:
    """Staff drafts by contract id and by in-house period id."""
    contract_staff: dict[int, list[StaffDraft]] = defaultdict(list)
    in_house_staff: dict[int, list[StaffDraft]] = defaultdict(list)
    query = select(models.Staffing).order_by(col(models.Staffing.position))
    if contract_ids is not None:
        query = query.where(col(models.Staffing.contract_id).in_(list(contract_ids)))
    for staff in session.exec(query):
        draft = read_stored(
            StaffDraft, {"role": staff.role, "count": staff.count, "note": staff.note}
        )
        if staff.contract_id is not None:
            contract_staff[staff.contract_id].append(draft)
        elif staff.in_house_id is not None:
            in_house_staff[staff.in_house_id].append(draft)
    return contract_staff, in_house_staff


def _payments(
    session: Session, *, contract_ids: Collection[int] | None
) -> dict[int, list[PaymentDraft]]:
    """Payment drafts by contract id, in their order."""
    payments: dict[int, list[PaymentDraft]] = defaultdict(list)
    query = select(models.Payment).order_by(col(models.Payment.position))
    if contract_ids is not None:
        query = query.where(col(models.Payment.contract_id).in_(list(contract_ids)))
    for payment in session.exec(query):
        payments[payment.contract_id].append(
            read_stored(
                PaymentDraft,
                {
                    "paid_on": payment.paid_on,
                    "amount": str(from_cents(payment.amount_cents)),
                    "reference": payment.reference,
                    "note": payment.note,
                },
            )
        )
    return payments


def read_organisations(
    session: Session, ids: Collection[int] | None = None
) -> list[OrganisationDraft]:
    return [
        read_stored(OrganisationDraft, o, from_attributes=True)
        for o in _by_ref(session, models.Organisation, ids)
    ]


def read_consortia(
    session: Session, refs: Refs, ids: Collection[int] | None = None
) -> list[ConsortiumDraft]:
    records = _by_ref(session, models.Consortium, ids)
    members: dict[int, list[MemberDraft]] = defaultdict(list)
    query = select(models.ConsortiumMember).order_by(
        col(models.ConsortiumMember.position)
    )
    if ids is not None:
        query = query.where(col(models.ConsortiumMember.consortium_id).in_(list(ids)))
    for member in session.exec(query):
        members[member.consortium_id].append(
            read_stored(
                MemberDraft,
                {
                    "organisation": refs(models.Organisation, member.organisation_id),
                    "role": member.role,
                    "share": _share(member.share_hundredths),
                    "note": member.note,
                },
            )
        )
    return [
        read_stored(
            ConsortiumDraft,
            {
                "ref": c.ref,
                "name": c.name,
                "kind": c.kind,
                "members": members[c.id],
                "note": c.note,
            },
        )
        for c in records
    ]


def read_funding_sources(
    session: Session, ids: Collection[int] | None = None
) -> list[FundingSourceDraft]:
    return _column_drafts(session, models.FundingSource, FundingSourceDraft, ids)


def read_tenders(
    session: Session, refs: Refs, ids: Collection[int] | None = None
) -> list[TenderDraft]:
    records = _by_ref(session, models.Tender, ids)
    lot_query = select(models.Lot).order_by(*lot_order(table_of(models.Lot)))
    if ids is not None:
        lot_query = lot_query.where(col(models.Lot.tender_id).in_(list(ids)))
    lot_records = list(session.exec(lot_query))
    lot_services = _service_links(
        session,
        refs,
        models.LotService,
        None if ids is None else [lot.id for lot in lot_records if lot.id is not None],
    )
    lots: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for lot in lot_records:
        assert lot.id is not None
        lots[lot.tender_id].append(
            {
                "ref": lot.ref,
                "number": lot.number,
                "title": lot.title,
                "cig": lot.cig,
                "cups": (lot.cups or "").split(),
                "value": _amount(lot.value_cents, lot.value_basis, lot.value_vat_rate),
                "services": lot_services.get(lot.id, []),
                "note": lot.note,
            }
        )
    return [
        read_stored(
            TenderDraft,
            {
                **_fields(
                    t,
                    TenderDraft,
                    skip={
                        "programme_id",
                        "authorising_act_id",
                        "estimate_cents",
                        "estimate_basis",
                        "estimate_vat_rate",
                        "buyer_organisation_id",
                        "cpv_codes",
                    },
                ),
                "buyer": refs.optional(models.Organisation, t.buyer_organisation_id),
                "cpv": (t.cpv_codes or "").split(),
                "programme": refs.optional(models.Programme, t.programme_id),
                "authorising_act": refs.optional(models.Act, t.authorising_act_id),
                "estimated_value": _amount(
                    t.estimate_cents, t.estimate_basis, t.estimate_vat_rate
                ),
                "lots": lots[t.id],
            },
        )
        for t in records
    ]


def read_option(option: models.ContractOption, refs: Refs) -> dict[str, Any]:
    return {
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
        "act": refs.optional(models.Act, option.act_id),
        "cig": option.cig,
        "basis": option.basis,
        "note": option.note,
    }


def read_contracts(
    session: Session,
    refs: Refs,
    ids: Collection[int] | None = None,
    *,
    staffing: dict[int, list[StaffDraft]] | None = None,
) -> list[ContractDraft]:
    records = _by_ref(session, models.Contract, ids)
    contract_services = _service_links(session, refs, models.ContractService, ids)
    if staffing is None:
        staffing = _staffing(session, contract_ids=ids)[0]
    payments = _payments(session, contract_ids=ids)
    option_query = select(models.ContractOption).order_by(col(models.ContractOption.id))
    if ids is not None:
        option_query = option_query.where(
            col(models.ContractOption.contract_id).in_(list(ids))
        )
    options: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for option in session.exec(option_query):
        options[option.contract_id].append(read_option(option, refs))

    def supplier(contract: models.Contract) -> str | None:
        if contract.supplier_organisation_id is not None:
            return refs(models.Organisation, contract.supplier_organisation_id)
        if contract.supplier_consortium_id is not None:
            return refs(models.Consortium, contract.supplier_consortium_id)
        return None

    return [
        read_stored(
            ContractDraft,
            {
                **_fields(
                    c,
                    ContractDraft,
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
                "lot": refs.optional(models.Lot, c.lot_id),
                "supplier": supplier(c),
                "services": contract_services.get(c.id, []),
                "amount": _amount(c.amount_cents, c.amount_basis, c.amount_vat_rate),
                "act": refs.optional(models.Act, c.act_id),
                "options": options[c.id],
                "staffing": staffing.get(c.id, []),
                "payments": payments.get(c.id, []),
            },
        )
        for c in records
    ]


def read_allocations(
    session: Session, refs: Refs, ids: Collection[int] | None = None
) -> list[AllocationDraft]:
    return [
        read_stored(
            AllocationDraft,
            {
                "ref": a.ref,
                "source": refs(models.FundingSource, a.source_id),
                "funds": refs(models.Tender, a.tender_id)
                if a.tender_id is not None
                else refs(models.Contract, a.contract_id),
                "amount": None
                if a.amount_cents is None
                else str(from_cents(a.amount_cents)),
                "status": a.status,
                "note": a.note,
            },
        )
        for a in _by_ref(session, models.FundingAllocation, ids)
    ]


def read_deadlines(
    session: Session, ids: Collection[int] | None = None
) -> list[DeadlineDraft]:
    return [
        read_stored(
            DeadlineDraft,
            {
                **_fields(d, DeadlineDraft, skip={"subject"}),
                "subject": d.subject_ref,
            },
        )
        for d in _by_ref(session, models.Deadline, ids)
    ]


def read_programmes(
    session: Session, refs: Refs, ids: Collection[int]
) -> list[ProgrammeDraft]:
    del refs
    return _column_drafts(session, models.Programme, ProgrammeDraft, ids)


def read_neighbourhoods(
    session: Session, refs: Refs, ids: Collection[int]
) -> list[NeighbourhoodDraft]:
    link = models.NeighbourhoodProgramme
    programmes = _grouped(
        (int(owner), refs(models.Programme, programme))
        for owner, programme in session.exec(
            select(col(link.neighbourhood_id), col(link.programme_id)).where(
                col(link.neighbourhood_id).in_(list(ids))
            )
        )
    )
    return [
        read_stored(
            NeighbourhoodDraft,
            {
                **_fields(n, NeighbourhoodDraft, skip={"programmes"}),
                "programmes": programmes.get(n.id, []),
            },
        )
        for n in _by_ref(session, models.Neighbourhood, ids)
    ]


def read_sites(session: Session, refs: Refs, ids: Collection[int]) -> list[SiteDraft]:
    return [
        read_stored(
            SiteDraft,
            {
                **_fields(s, SiteDraft, skip={"neighbourhood"}),
                "neighbourhood": refs.optional(
                    models.Neighbourhood, s.neighbourhood_id
                ),
            },
        )
        for s in _by_ref(session, models.Site, ids)
    ]


def read_services(
    session: Session, refs: Refs, ids: Collection[int]
) -> list[ServiceDraft]:
    return [
        read_stored(
            ServiceDraft,
            {
                **_fields(s, ServiceDraft, skip={"neighbourhood", "site", "programme"}),
                "neighbourhood": refs(models.Neighbourhood, s.neighbourhood_id),
                "site": refs.optional(models.Site, s.site_id),
                "programme": refs.optional(models.Programme, s.programme_id),
            },
        )
        for s in _by_ref(session, models.Service, ids)
    ]


def read_acts(session: Session, refs: Refs, ids: Collection[int]) -> list[ActDraft]:
    del refs
    return _column_drafts(session, models.Act, ActDraft, ids)


def read_in_house_periods(
    session: Session, refs: Refs, ids: Collection[int]
) -> list[InHouseDraft]:
    services = _service_links(session, refs, models.InHouseService, ids)
    staffing: dict[int, list[StaffDraft]] = defaultdict(list)
    for staff in session.exec(
        select(models.Staffing)
        .where(col(models.Staffing.in_house_id).in_(list(ids)))
        .order_by(col(models.Staffing.position))
    ):
        if staff.contract_id is None and staff.in_house_id is not None:
            staffing[staff.in_house_id].append(
                read_stored(
                    StaffDraft,
                    {"role": staff.role, "count": staff.count, "note": staff.note},
                )
            )
    return [
        read_stored(
            InHouseDraft,
            {
                **_fields(p, InHouseDraft, skip={"act", "services", "staffing"}),
                "act": refs.optional(models.Act, p.act_id),
                "services": services.get(p.id, []),
                "staffing": staffing[p.id],
            },
        )
        for p in _by_ref(session, models.InHousePeriod, ids)
    ]


def read_note(n: models.Note) -> NoteDraft:
    return read_stored(
        NoteDraft,
        {
            "subject": n.subject_ref,
            "written_at": as_utc(n.written_at),
            "author": n.author,
            "text": n.text,
        },
    )


def record_id(record: SQLModel) -> int:
    value = getattr(record, "id", None)
    assert isinstance(value, int)
    return value


def _fields(
    record: SQLModel, draft: type[Any] | None, *, skip: set[str]
) -> dict[str, Any]:
    """The record's columns that a draft has (all but ids when no draft is named)."""
    values = record.model_dump()
    values.pop("id", None)
    values.pop("version", None)  # the record's version, not one of its values
    if draft is not None:
        names = set(draft.model_fields)
        values = {k: v for k, v in values.items() if k in names}
    return {k: v for k, v in values.items() if k not in skip}
