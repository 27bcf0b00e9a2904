"""A published tender as the drafts that save it, inventing nothing.

What the publication leaves out stays out: a contract with no start has none, an
amount net of VAT with the rate unstated stays so, the members of a group of
suppliers have no stated role. A published value that breaks a rule of its own (a
CIG or a codice fiscale whose check character is wrong, a CPV code that is not one)
is not recorded as that identifier: the import warns and keeps the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.domain.identifiers import (
    check_cig,
    check_codice_fiscale,
    check_cup,
    check_vat_number,
)
from tracker.domain.kinds import OptionKind, OptionState, TenderStatus
from tracker.domain.money import VatRate
from tracker.drafts import (
    AllocationDraft,
    AmountDraft,
    ConsortiumDraft,
    ContractDraft,
    Draft,
    FundingSourceDraft,
    LotDraft,
    MemberDraft,
    OptionDraft,
    OrganisationDraft,
    PaymentDraft,
    TenderDraft,
)
from tracker.errors import N_, Field, Message, ValidationError
from tracker.ocds.published import (
    PublishedAmendment,
    PublishedAward,
    PublishedContract,
    PublishedLot,
    PublishedParty,
    PublishedTender,
    PublishedValue,
)

ANAC_PREFIX = "ocds-hu01ve-"
EURO = "EUR"
REF_LENGTH = 40
_NOT_IN_REF = re.compile(r"[^A-Z0-9._/-]+")
_FOREIGN = re.compile(r"^(?!IT)[A-Z]{2}[0-9A-Z]{2,13}$")
"""An identifier that starts with another country's code: a foreign VAT number."""

D = TypeVar("D", bound=Draft)

# (key, candidate ref) -> the ref the record has or will have
Resolve = Callable[[str, str], str]


@dataclass(frozen=True)
class Keyed(Generic[D]):
    """A draft with the key that finds its record again at the next import."""

    key: str
    draft: D


@dataclass(frozen=True)
class PartyDraft:
    """An organisation of the release: its draft, and the identifiers that match
    it to an organisation already recorded (codice fiscale, partita IVA)."""

    key: str
    draft: OrganisationDraft
    identifiers: tuple[str, ...]


@dataclass(frozen=True)
class ContractParts:
    contract: Keyed[ContractDraft]
    options: tuple[Keyed[OptionDraft], ...]


@dataclass(frozen=True)
class Drafted:
    """A release's records in the order they are saved: funding sources, the
    tender (None for a contract recorded without one) and its lots, the contracts
    with their options, then the allocations of funds."""

    tender: Keyed[TenderDraft] | None
    lots: tuple[Keyed[LotDraft], ...]
    contracts: tuple[ContractParts, ...]
    sources: tuple[Keyed[FundingSourceDraft], ...] = ()
    allocations: tuple[Keyed[AllocationDraft], ...] = ()


def ref_of_ocid(ocid: str) -> str:
    """The tender's ref: ``ANAC-8365650`` for ANAC's ``ocds-hu01ve-8365650``,
    else the ocid in capitals."""
    if ocid.startswith(ANAC_PREFIX):
        return _ref("ANAC-" + ocid[len(ANAC_PREFIX) :])
    return _ref(ocid)


def _ref(text: str) -> str:
    cleaned = _NOT_IN_REF.sub("-", text.upper()).strip("-._/") or "X"
    return cleaned[:REF_LENGTH]


def _line(text: str | None, limit: int) -> str | None:
    """Published text on one line, cut to ``limit`` characters."""
    if text is None:
        return None
    flat = " ".join(text.split())
    if not flat:
        return None
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass
class Drafting:
    """The drafts of one published tender, refs resolved through ``resolve``."""

    tender: PublishedTender
    resolve: Resolve
    warnings: list[Message] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tender_ref = self.resolve(self.tender.ocid, ref_of_ocid(self.tender.ocid))

    def release_key(self) -> str:
        """The key of the record the release is about: its tender, by ocid."""
        return self.tender.ocid

    def _part_ref(self, letter: str, published_id: str) -> str:
        """A part's ref under its tender's: ``ANAC-8365650/C2754824`` for ANAC's
        numeric ids, ``OCDS-213CZF-000-00001/CONTRACT-01`` for an id that repeats
        the ocid (the ocid left out)."""
        local = published_id.removeprefix(self.tender.ocid).lstrip("-_/") or (
            published_id
        )
        tail = f"{letter}{local}" if local.isdigit() else local
        return _ref(f"{self.tender_ref}/{tail}")

    # -- parties -----------------------------------------------------------------

    def parties(self) -> dict[str, PartyDraft]:
        """The buyer and every supplier, by their key in the release."""
        wanted = {s for a in self.tender.awards for s in a.suppliers}
        if self.tender.buyer is not None:
            wanted.add(self.tender.buyer)
        drafts = {}
        for key in sorted(wanted):
            party = self.tender.parties.get(key)
            if party is None:
                party = PublishedParty(key, None, None, None, None, None, (), None)
            drafts[key] = self._party(party)
        return drafts

    def _party(self, party: PublishedParty) -> PartyDraft:
        cf = self._checked_cf(party)
        vat = None if cf is not None else self._foreign_vat(party)
        if cf is not None:
            key = f"party/IT-CF/{cf}"
            candidate = f"CF-{cf}"
        elif vat is not None:
            key = f"party/VAT/{vat}"
            candidate = f"VAT-{vat}"
        elif party.identifier:
            key = f"party/{party.scheme or '-'}/{party.identifier}"
            candidate = f"ORG-{party.identifier}"
        else:
            key = f"{self.tender.ocid}/party/{party.key}"
            candidate = f"ORG-{party.key}"
        name = _line(party.name, 300) or _line(party.identifier, 300) or party.key
        draft = OrganisationDraft(
            ref=self.resolve(key, _ref(candidate)),
            name=name,
            codice_fiscale=cf,
            partita_iva=vat,
            ausa=_line(party.ausa, 16),
            address=_line(party.address, 300),
        )
        identifiers = (cf, f"IT{cf}") if cf is not None else (vat,) if vat else ()
        return PartyDraft(key, draft, identifiers)

    def _checked_cf(self, party: PublishedParty) -> str | None:
        if not party.codice_fiscale or _FOREIGN.match(party.codice_fiscale):
            return None
        try:
            return check_codice_fiscale(party.codice_fiscale)
        except ValidationError as error:
            self._warn_invalid(error, party.name or party.key)
            return None

    def _foreign_vat(self, party: PublishedParty) -> str | None:
        """A foreign operator's EU VAT number (``IE6388047V``), however the
        publisher labels it."""
        value = party.codice_fiscale or party.identifier
        if not value or not _FOREIGN.match(value):
            return None
        try:
            return check_vat_number(value)
        except ValidationError as error:
            self._warn_invalid(error, party.name or party.key)
            return None

    def groups(
        self, parties: Mapping[str, str]
    ) -> dict[str, tuple[str, ConsortiumDraft]]:
        """The groups of suppliers, by award id: (key, draft). Their members' roles
        and shares are not published."""
        groups = {}
        for award in self.tender.awards:
            members = list(dict.fromkeys(parties[s] for s in award.suppliers))
            if len(members) < 2:
                continue
            key = f"{self.tender.ocid}/award/{award.id}"
            names = [self._party_name(s) for s in award.suppliers]
            draft = ConsortiumDraft(
                ref=self.resolve(key, self._part_ref("G", award.id)),
                name=_line(" – ".join(names), 300) or key,
                kind=ConsortiumKind.OTHER,
                members=[
                    MemberDraft(organisation=m, role=MemberRole.UNSTATED)
                    for m in members
                ],
            )
            groups[award.id] = (key, draft)
        return groups

    def _party_name(self, key: str) -> str:
        party = self.tender.parties.get(key)
        return (party.name if party and party.name else key).strip()

    # -- the tender --------------------------------------------------------------

    def drafted(self, parties: Mapping[str, str], groups: Mapping[str, str]) -> Drafted:
        lots = tuple(self._lot(n, lot) for n, lot in enumerate(self.tender.lots, 1))
        lot_refs = {
            lot.id: keyed.draft.ref
            for lot, keyed in zip(self.tender.lots, lots, strict=True)
        }
        awards = {a.id: a for a in self.tender.awards}
        contracts = tuple(
            self._contract(c, awards, lot_refs, parties, groups)
            for c in self.tender.contracts
        )
        return Drafted(self._tender(parties), lots, contracts)

    def _tender(self, parties: Mapping[str, str]) -> Keyed[TenderDraft]:
        """The tender's own fields; its lots are saved one by one after it."""
        t = self.tender
        text = t.title or t.description
        title = _line(text, 500) or t.ocid
        cups = self._cups(t.cups)
        procedure = t.procedure
        draft = TenderDraft(
            ref=self.tender_ref,
            ocid=t.ocid,
            title=title,
            buyer=None if t.buyer is None else parties.get(t.buyer),
            main_category=t.main_category,
            cpv=self._cpv(t.cpv),
            procedure_type=None if procedure is None else procedure.type,
            procedure_code=(
                None
                if procedure is None or procedure.code is None
                else str(procedure.code)
            ),
            procedure_title=None if procedure is None else _line(procedure.title, 300),
            status=self._status(),
            cup=cups[0] if len(cups) == 1 else None,
            publication_date=t.tender_period.start,
            offer_deadline=t.tender_period.end,
            award_date=min(
                (a.date for a in t.awards if a.date is not None), default=None
            ),
            estimated_value=self._amount(t.value, "estimated_value"),
            note=t.description if text and len(" ".join(text.split())) > 500 else None,
        )
        return Keyed(t.ocid, draft)

    def _status(self) -> TenderStatus:
        """Awarded once a contract or a live award is published; a tender whose
        awards all failed or were cancelled says so; else published."""
        awards = self.tender.awards
        if self.tender.contracts or any(
            a.status in (None, "active", "pending") for a in awards
        ):
            return TenderStatus.AWARDED
        if awards and all(a.status == "unsuccessful" for a in awards):
            return TenderStatus.UNSUCCESSFUL
        if awards and all(a.status == "cancelled" for a in awards):
            return TenderStatus.CANCELLED
        return TenderStatus.PUBLISHED

    def _lot(self, number: int, lot: PublishedLot) -> Keyed[LotDraft]:
        key = f"{self.tender.ocid}/lot/{lot.id}"
        cig = self._cig(lot.cig or (lot.id if len(lot.id) == 10 else None))
        title = _line(lot.title or lot.description, 500) or f"{number}"
        draft = LotDraft(
            ref=self.resolve(
                key,
                (cig and _ref(f"{self.tender_ref}/{cig}"))
                or self._part_ref("L", lot.id),
            ),
            number=int(lot.number) if lot.number and lot.number.isdigit() else None,
            title=title,
            cig=cig,
            cups=self._cups(lot.cups),
            value=self._amount(lot.value, "value"),
        )
        return Keyed(key, draft)

    def _contract(
        self,
        contract: PublishedContract,
        awards: Mapping[str, PublishedAward],
        lot_refs: Mapping[str, str],
        parties: Mapping[str, str],
        groups: Mapping[str, str],
    ) -> ContractParts:
        key = f"{self.tender.ocid}/contract/{contract.id}"
        ref = self.resolve(key, self._part_ref("C", contract.id))
        award = None if contract.award_id is None else awards.get(contract.award_id)
        lot = next((lot_refs[i] for i in contract.lots if i in lot_refs), None)
        supplier = None
        if award is not None:
            if award.id in groups:
                supplier = groups[award.id]
            elif award.suppliers:
                supplier = parties[award.suppliers[0]]
        value = contract.value or (award.value if award is not None else None)
        title = (
            _line(contract.title or contract.description, 500)
            or self._lot_title(contract)
            or _line(self.tender.title or self.tender.description, 500)
            or contract.id
        )
        options = tuple(
            self._modification(ref, key, n, amendment)
            for n, amendment in enumerate(contract.amendments, 1)
        )
        draft = ContractDraft(
            ref=ref,
            title=title,
            lot=lot,
            supplier=supplier,
            signed_on=contract.date_signed,
            start=contract.period.start,
            end=contract.period.end,
            amount=self._amount(value, "amount"),
            payments=self._payments(contract),
        )
        return ContractParts(Keyed(key, draft), options)

    def _lot_title(self, contract: PublishedContract) -> str | None:
        for lot in self.tender.lots:
            if lot.id in contract.lots:
                return _line(lot.title or lot.description, 500)
        return None

    def _modification(
        self,
        contract_ref: str,
        contract_key: str,
        n: int,
        amendment: PublishedAmendment,
    ) -> Keyed[OptionDraft]:
        key = f"{contract_key}/amendment/{amendment.id}"
        basis = " — ".join(
            part
            for part in (amendment.rationale, amendment.description)
            if part and part.strip()
        )
        draft = OptionDraft(
            ref=self.resolve(key, _ref(f"{contract_ref}/M{n}")),
            kind=OptionKind(amendment.kind.value),
            state=OptionState.EXERCISED,
            decided_on=amendment.date,
            basis=basis[:2000] or None,
        )
        return Keyed(key, draft)

    def _payments(self, contract: PublishedContract) -> list[PaymentDraft]:
        payments = []
        for payment in contract.payments:
            amount = self._euro(payment.value, "payments")
            if payment.date is None or amount is None:
                continue
            payments.append(
                PaymentDraft(
                    paid_on=payment.date,
                    amount=str(amount),
                    reference=_line(payment.reference or payment.id, 200),
                )
            )
        return payments

    # -- values ------------------------------------------------------------------

    def _amount(self, value: PublishedValue | None, what: str) -> AmountDraft | None:
        """A published amount: net of VAT, the rate not stated."""
        amount = self._euro(value, what)
        if amount is None:
            return None
        return AmountDraft(net=str(amount), vat_rate=VatRate.UNKNOWN)

    def _euro(self, value: PublishedValue | None, what: str) -> Decimal | None:
        if value is None:
            return None
        if value.currency != EURO:
            self.warnings.append(
                Message(
                    N_("{what}: an amount in {currency} is not recorded (euro only)"),
                    {"what": Field(what), "currency": value.currency},
                )
            )
            return None
        if value.amount < 0 or value.amount != value.amount.quantize(Decimal("0.01")):
            self.warnings.append(
                Message(
                    N_("{what}: the amount {amount} is not recorded"),
                    {"what": Field(what), "amount": str(value.amount)},
                )
            )
            return None
        return value.amount.quantize(Decimal("0.01"))

    def _cig(self, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check_cig(value)
        except ValidationError as error:
            self._warn_invalid(error, value)
            return None

    def _cups(self, values: tuple[str, ...]) -> list[str]:
        cups = []
        for value in values:
            try:
                cups.append(check_cup(value))
            except ValidationError as error:
                self._warn_invalid(error, value)
        return list(dict.fromkeys(cups))

    def _cpv(self, values: tuple[str, ...]) -> list[str]:
        from tracker.domain.identifiers import check_cpv

        codes = []
        for value in values:
            try:
                codes.append(check_cpv(value))
            except ValidationError as error:
                self._warn_invalid(error, value)
        return list(dict.fromkeys(codes))

    def _warn_invalid(self, error: ValidationError, what: str) -> None:
        self.warnings.append(
            Message(
                N_("{what}: not recorded as {field}: {reason}"),
                {
                    "what": what,
                    "field": Field(error.field),
                    "reason": Message(error.reason_id, error.reason_params),
                },
            )
        )
