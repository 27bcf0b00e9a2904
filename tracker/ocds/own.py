"""A release appalti wrote (``appalti export ocds``) read back into the drafts of
the records it came from: the same refs, roles and shares, net or gross amounts
with their VAT rate, options and modifications, payments, funding sources and
their allocations. The field names are in ``tracker.ocds.extension``; this is the
exporter (``tracker.ocds.export``) read backwards.

Two facts the package cannot tell apart are read the cautious way: an IT-CF
identifier equal to the partita IVA is the partita IVA (the codice fiscale is
left unstated rather than assumed equal).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel

from tracker.domain.procedures import procedure_of
from tracker.drafts import (
    AllocationDraft,
    AmountDraft,
    ConsortiumDraft,
    ContractDraft,
    FundingSourceDraft,
    LotDraft,
    MemberDraft,
    OptionDraft,
    OrganisationDraft,
    PaymentDraft,
    TenderDraft,
)
from tracker.errors import Message
from tracker.ocds import extension as ext
from tracker.ocds.drafting import ContractParts, Drafted, Keyed, PartyDraft
from tracker.ocds.facts import json_object, json_objects
from tracker.services.saving import refusal

Json = Mapping[str, Any]


D = TypeVar("D", bound=BaseModel)


def _make(model: type[D], **fields: Any) -> D:
    """A draft from a package's fields, checked as a form's would be: a bad value
    is a ValidationError naming its field."""
    try:
        return model.model_validate(fields)
    except pydantic.ValidationError as error:
        raise refusal(error) from None


def _day(moment: Any) -> date | None:
    return ext.day_of(moment) if isinstance(moment, str) else None


def _amount(value: Any) -> AmountDraft | None:
    stated = ext.stated_amount(json_object(value))
    if stated is None:
        return None
    amount, basis, rate = stated
    text = f"{amount:.2f}"
    if basis == "net":
        return _make(AmountDraft, net=text, vat_rate=rate)
    return _make(AmountDraft, gross=text, vat_rate=rate)


def _plain(value: Any) -> str | None:
    amount = json_object(value).get(ext.AMOUNT)
    return None if amount is None else f"{amount:.2f}"


def _period(block: Any) -> dict[str, Any]:
    """A period's fields as the drafts name them (start, end, precisions, months)."""
    period = json_object(block)
    fields: dict[str, Any] = {
        "start": _day(period.get("startDate")),
        "end": _day(period.get("endDate")),
        "months": period.get(ext.DURATION_IN_MONTHS),
    }
    for name, key in (
        ("start_precision", ext.START_PRECISION),
        ("end_precision", ext.END_PRECISION),
    ):
        if period.get(key):
            fields[name] = period[key]
    return fields


def _key(kind: str, ref: str) -> str:
    return f"appalti/{kind}/{ref}"


@dataclass
class OwnDrafting:
    """The drafts of one release appalti wrote; the same questions as
    ``tracker.ocds.drafting.Drafting`` answers for others' data."""

    release: Json
    warnings: list[Message] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tender_block = json_object(self.release.get("tender"))
        self.awards = {
            str(a.get("id")): a for a in json_objects(self.release.get("awards"))
        }

    def release_key(self) -> str:
        """The key of the record the release is about: its tender, or the contract
        recorded without one."""
        ref = self.tender_block.get(ext.REF)
        if isinstance(ref, str):
            return _key("tender", ref)
        first = next(json_objects(self.release.get("contracts")), {})
        return _key("contract", str(first.get(ext.REF)))

    def parties(self) -> dict[str, PartyDraft]:
        """Every organisation of the release (funders are funding sources)."""
        found = {}
        for party in json_objects(self.release.get("parties")):
            ref = party.get(ext.REF)
            if not isinstance(ref, str):
                continue
            identifier = json_object(party.get("identifier")).get("id")
            partita_iva = party.get(ext.PARTITA_IVA)
            ausa = next(
                (
                    a.get("id")
                    for a in json_objects(party.get("additionalIdentifiers"))
                    if a.get("scheme") == ext.AUSA_SCHEME
                ),
                None,
            )
            draft = _make(
                OrganisationDraft,
                ref=ref,
                name=str(party.get("name") or ref),
                partita_iva=partita_iva,
                codice_fiscale=None if identifier == partita_iva else identifier,
                ausa=ausa,
                address=json_object(party.get("address")).get("streetAddress"),
            )
            identifiers = tuple(i for i in (identifier, partita_iva) if i)
            found[str(party["id"])] = PartyDraft(
                _key("organisation", ref), draft, identifiers
            )
        return found

    def funding_sources(self) -> list[Keyed[FundingSourceDraft]]:
        sources = []
        for party in json_objects(self.release.get("parties")):
            source = json_object(party.get(ext.FUNDING_SOURCE))
            ref = source.get(ext.REF)
            if not isinstance(ref, str):
                continue
            eligibility = _period(source.get(ext.FUNDING_ELIGIBILITY))
            draft = _make(
                FundingSourceDraft,
                ref=ref,
                name=str(source.get(ext.FUNDING_NAME) or ref),
                kind=source.get(ext.FUNDING_KIND),
                funder=source.get(ext.FUNDING_FUNDER),
                eligible_from=eligibility["start"],
                eligible_until=eligibility["end"],
                paid_by=_day(source.get(ext.FUNDING_PAID_BY)),
            )
            sources.append(Keyed(_key("funding_source", ref), draft))
        return sources

    def groups(
        self, parties: Mapping[str, str]
    ) -> dict[str, tuple[str, ConsortiumDraft]]:
        groups = {}
        for award_id, award in self.awards.items():
            block = json_object(award.get(ext.CONSORTIUM))
            ref = block.get(ext.REF)
            if not isinstance(ref, str):
                continue
            members = [
                _make(
                    MemberDraft,
                    organisation=parties[str(m.get(ext.MEMBER_PARTY))],
                    role=m.get(ext.MEMBER_ROLE),
                    share=None
                    if m.get(ext.MEMBER_SHARE) is None
                    else f"{m[ext.MEMBER_SHARE]}",
                )
                for m in json_objects(block.get(ext.MEMBERS))
            ]
            draft = _make(
                ConsortiumDraft,
                ref=ref,
                name=str(block.get(ext.CONSORTIUM_NAME) or ref),
                kind=block.get(ext.CONSORTIUM_KIND),
                members=members,
            )
            groups[award_id] = (_key("consortium", ref), draft)
        return groups

    def drafted(self, parties: Mapping[str, str], groups: Mapping[str, str]) -> Drafted:
        lots = tuple(self._lots())
        lot_refs = {
            str(lot.get("id")): str(lot.get(ext.REF))
            for lot in json_objects(self.tender_block.get("lots"))
        }
        contracts = tuple(
            self._contract(c, parties, groups, lot_refs)
            for c in json_objects(self.release.get("contracts"))
        )
        tender = self._tender(parties) if self.tender_block else None
        return Drafted(
            tender,
            lots,
            contracts,
            sources=tuple(self.funding_sources()),
            allocations=tuple(self._allocations(parties)),
        )

    def _tender(self, parties: Mapping[str, str]) -> Keyed[TenderDraft]:
        block = self.tender_block
        ref = str(block.get(ext.REF))
        details = block.get("procurementMethodDetails")
        procedure = procedure_of(details) if isinstance(details, str) else None
        planned = _period(block.get("contractPeriod"))
        offers = _period(block.get("tenderPeriod"))
        buyer = json_object(self.release.get("buyer")).get("id")
        award_days = [_day(a.get("date")) for a in self.awards.values()]
        draft = _make(
            TenderDraft,
            ref=ref,
            ocid=str(self.release.get("ocid")),
            title=str(block.get("title") or ref),
            buyer=None if buyer is None else parties.get(str(buyer)),
            main_category=block.get("mainProcurementCategory"),
            cpv=list(self._codes(ext.CPV_SCHEME)),
            procedure_type=block.get(ext.PROCEDURE_TYPE),
            procedure_code=None
            if procedure is None or procedure.code is None
            else str(procedure.code),
            procedure_title=None if procedure is None else procedure.title,
            status=ext.STATUS_OF_TENDER[str(block.get("status"))],
            cup=json_object(
                json_object(self.release.get("planning")).get("budget")
            ).get("projectID"),
            planned_start=planned["start"],
            planned_start_precision=planned.get("start_precision", "day"),
            planned_months=planned["months"],
            publication_date=offers["start"],
            offer_deadline=offers["end"],
            award_date=next((d for d in award_days if d is not None), None),
            estimated_value=_amount(block.get("value")),
        )
        return Keyed(_key("tender", ref), draft)

    def _codes(self, scheme: str, lot: str | None = None) -> Iterator[str]:
        seen: set[str] = set()
        for item in json_objects(self.tender_block.get("items")):
            if lot is not None and item.get("relatedLot") != lot:
                continue
            classes = [
                json_object(item.get("classification")),
                *json_objects(item.get("additionalClassifications")),
            ]
            for code in classes:
                value = code.get("id")
                if code.get("scheme") == scheme and value and value not in seen:
                    seen.add(value)
                    yield str(value)

    def _lots(self) -> Iterator[Keyed[LotDraft]]:
        for lot in json_objects(self.tender_block.get("lots")):
            ref = str(lot.get(ext.REF))
            lot_id = str(lot.get("id"))
            draft = _make(
                LotDraft,
                ref=ref,
                number=lot.get(ext.LOT_NUMBER),
                title=str(lot.get("title") or ref),
                cig=None if lot_id == ref else lot_id,
                cups=list(self._codes(ext.CUP_SCHEME, lot_id)),
                value=_amount(lot.get("value")),
            )
            yield Keyed(_key("lot", ref), draft)

    def _contract(
        self,
        contract: Json,
        parties: Mapping[str, str],
        groups: Mapping[str, str],
        lot_refs: Mapping[str, str],
    ) -> ContractParts:
        ref = str(contract.get(ext.REF))
        award = self.awards.get(str(contract.get("awardID")), {})
        award_id = str(award.get("id"))
        supplier = groups.get(award_id)
        if supplier is None:
            suppliers = list(json_objects(award.get("suppliers")))
            supplier = parties.get(str(suppliers[0].get("id"))) if suppliers else None
        related = [lot_refs[i] for i in award.get("relatedLots") or [] if i in lot_refs]
        payments = [
            _make(
                PaymentDraft,
                paid_on=ext.day_of(t["date"]),
                amount=_plain(t.get("value")) or "0.00",
                reference=t.get(ext.PAYMENT_REFERENCE),
            )
            for t in json_objects(
                json_object(contract.get("implementation")).get("transactions")
            )
            if isinstance(t.get("date"), str)
        ]
        draft = _make(
            ContractDraft,
            ref=ref,
            title=str(contract.get("title") or ref),
            lot=related[0] if related else None,
            cig=contract.get(ext.CIG),
            supplier=supplier,
            signed_on=_day(contract.get("dateSigned")),
            **_period(contract.get("period")),
            amount=_amount(contract.get("value")),
            payments=payments,
        )
        options = tuple(
            self._option(option)
            for option in json_objects(contract.get(ext.CONTRACT_OPTIONS))
        )
        return ContractParts(Keyed(_key("contract", ref), draft), options)

    def _option(self, option: Json) -> Keyed[OptionDraft]:
        ref = str(option.get(ext.REF))
        period = _period(option.get(ext.OPTION_PERIOD))
        period.pop("start_precision", None)
        period.pop("end_precision", None)
        draft = _make(
            OptionDraft,
            ref=ref,
            kind=option.get(ext.OPTION_KIND),
            state=option.get(ext.OPTION_STATE),
            **period,
            amount=_amount(option.get(ext.OPTION_VALUE)),
            decided_on=_day(option.get(ext.OPTION_DECIDED)),
            cig=option.get(ext.OPTION_CIG),
            basis=option.get(ext.OPTION_BASIS),
        )
        return Keyed(_key("contract_option", ref), draft)

    def _allocations(
        self, parties: Mapping[str, str]
    ) -> Iterator[Keyed[AllocationDraft]]:
        del parties
        sources = {
            str(p.get("id")): json_object(p.get(ext.FUNDING_SOURCE)).get(ext.REF)
            for p in json_objects(self.release.get("parties"))
        }
        budget = json_object(json_object(self.release.get("planning")).get("budget"))
        tender_ref = self.tender_block.get(ext.REF)
        for entry in json_objects(budget.get("budgetBreakdown")):
            ref = str(entry.get("id"))
            source = sources.get(str(json_object(entry.get("sourceParty")).get("id")))
            funds = entry.get(ext.ALLOCATION_CONTRACT) or tender_ref
            draft = _make(
                AllocationDraft,
                ref=ref,
                source=source,
                funds=funds,
                amount=_plain(entry.get("amount")),
                status=entry.get(ext.ALLOCATION_STATUS),
            )
            yield Keyed(_key("funding_allocation", ref), draft)
