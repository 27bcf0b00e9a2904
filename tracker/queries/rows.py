"""Frozen rows returned by the read side; they hold no database state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tracker.domain.money import Amount, Basis, Totals, VatRate
from tracker.domain.rules import counts_towards_quinto, quinto_usage


@dataclass(frozen=True)
class AmountRow:
    """An amount with both halves where they are known."""

    basis: str
    vat_rate: str
    net: Decimal | None
    vat: Decimal | None
    gross: Decimal | None

    @classmethod
    def of(cls, amount: Amount) -> AmountRow:
        return cls(
            basis=amount.basis.value,
            vat_rate=amount.vat_rate.value,
            net=amount.net,
            vat=amount.vat,
            gross=amount.gross,
        )

    def amount(self) -> Amount:
        value = self.net if self.basis == Basis.NET.value else self.gross
        assert value is not None
        return Amount(value, Basis(self.basis), VatRate(self.vat_rate))


@dataclass(frozen=True)
class TotalsRow:
    """Sum of amounts; a half is None when any part does not state it (net and VAT
    when a part is known only gross, gross and VAT when one is known only net)."""

    net: Decimal | None
    vat: Decimal | None
    gross: Decimal | None
    parts: int
    missing: tuple[str, ...] = ()
    """Options counted in the total whose amount is not stated: the total is a floor."""

    @classmethod
    def of(cls, totals: Totals, missing: tuple[str, ...] = ()) -> TotalsRow:
        return cls(
            net=totals.net,
            vat=totals.vat,
            gross=totals.gross,
            parts=totals.count,
            missing=missing,
        )


def amount_row(
    cents: int | None, basis: str | None, vat_rate: str | None
) -> AmountRow | None:
    amount = Amount.from_columns(cents, basis, vat_rate)
    return None if amount is None else AmountRow.of(amount)


@dataclass(frozen=True)
class MemberRow:
    ref: str
    name: str
    role: str
    share: Decimal | None
    partita_iva: str | None


@dataclass(frozen=True)
class SupplierRow:
    """Who holds a contract: one organisation, or a consortium with its members."""

    ref: str
    name: str
    kind: str
    partita_iva: str | None
    members: tuple[MemberRow, ...]


@dataclass(frozen=True)
class OptionRow:
    ref: str
    kind: str
    state: str
    start: date | None
    end: date | None
    months: int | None
    amount: AmountRow | None
    decided_on: date | None
    cig: str | None
    note: str | None
    basis: str | None = None
    """The legal basis or the rationale, as stated (a modification's "why")."""
    act: str | None = None
    """The act that decided it (exercising an option, approving a change)."""


@dataclass(frozen=True)
class ContractRow:
    """A contract with its supplier, amounts, options and the services it covers."""

    ref: str
    title: str
    tender: str | None
    lot: str | None
    cig: str | None
    supplier: SupplierRow | None
    services: tuple[str, ...]
    signed_on: date | None
    start: date | None
    """None: not stated (so is ``end``)."""
    start_precision: str
    end: date | None
    end_precision: str
    months: int | None
    covered_until: date | None
    """None while no end is known, the base's or an exercised option's."""
    amount: AmountRow | None
    options: tuple[OptionRow, ...]
    total_base_and_exercised: TotalsRow | None
    total_with_all_options: TotalsRow | None
    act: str | None
    note: str | None


@dataclass(frozen=True)
class LotRow:
    ref: str
    number: int | None
    title: str
    cig: str | None
    value: AmountRow | None
    services: tuple[str, ...]
    contracts: tuple[str, ...]
    note: str | None
    cups: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuyerRow:
    """The stazione appaltante of a tender, as people and ANAC name it."""

    ref: str
    name: str
    codice_fiscale: str | None
    partita_iva: str | None
    ausa: str | None


@dataclass(frozen=True)
class TenderRow:
    ref: str
    title: str
    procedure_type: str | None
    status: str
    programme: str | None
    cup: str | None
    rup: str | None
    planned_start: date | None
    planned_start_precision: str
    planned_months: int | None
    publication_date: date | None
    offer_deadline: date | None
    award_date: date | None
    standstill_end: date | None
    signature_date: date | None
    estimated_value: AmountRow | None
    authorising_act: str | None
    plan_entry: str | None
    lots: tuple[LotRow, ...]
    note: str | None
    ocid: str | None = None
    buyer: BuyerRow | None = None
    main_category: str | None = None
    cpv: tuple[str, ...] = ()
    procedure_code: str | None = None
    procedure_title: str | None = None
    """ANAC's code and title of the procedure, as published (the title kept when
    the code maps to no procedure type)."""


@dataclass(frozen=True)
class ServiceRow:
    ref: str
    name: str
    neighbourhood: str
    neighbourhood_name: str
    site: str | None
    address: str | None
    programme: str | None
    required_from: date
    required_from_precision: str
    required_until: date | None
    required_until_precision: str
    note: str | None


@dataclass(frozen=True)
class OrganisationRow:
    ref: str
    name: str
    kind: str | None
    legal_form: str | None
    partita_iva: str | None
    codice_fiscale: str | None
    address: str | None
    consortia: tuple[str, ...]
    note: str | None
    ausa: str | None = None
    """ANAC's code of a buying body (stazione appaltante)."""


@dataclass(frozen=True)
class AllocationRow:
    ref: str
    source: str
    source_name: str
    funds: str
    amount: Decimal | None
    status: str
    eligible_until: date | None
    note: str | None
    paid_by: date | None = None
    """The source's must-be-paid-by day (POR FSE: 31/12/2023)."""


@dataclass(frozen=True)
class ActRow:
    ref: str
    kind: str
    number: str | None
    adopted_on: date | None
    body: str | None
    subject: str


@dataclass(frozen=True)
class StaffRow:
    role: str
    count: int | None
    note: str | None


@dataclass(frozen=True)
class PaymentRow:
    """Cash paid on a contract: VAT included, as it left the office."""

    paid_on: date
    amount: Decimal
    reference: str | None
    note: str | None


@dataclass(frozen=True)
class DeadlineRow:
    ref: str
    title: str
    due: date
    state: str
    recurrence: str
    owner: str | None


@dataclass(frozen=True)
class NoteRow:
    written_at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class ChangeRow:
    at: datetime
    actor: str
    action: str
    entity: str
    ref: str | None
    changes: str
    # The database role that wrote it (PostgreSQL): what no setting can fake.
    role: str | None = None
    subject: str | None = None
    """The record the write belongs to, by its reference now."""
    version: int | None = None
    """The version of ``subject`` the write made (a restore goes back to one)."""

    @property
    def who(self) -> str:
        """The person, with the database role when it says more."""
        if self.role and self.role != self.actor:
            return f"{self.actor} ({self.role})"
        return self.actor


@dataclass(frozen=True)
class TenderDetail:
    """A tender with everything attached."""

    tender: TenderRow
    contracts: tuple[ContractRow, ...]
    act: ActRow | None
    allocations: tuple[AllocationRow, ...]
    deadlines: tuple[DeadlineRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class ContractDetail:
    """A contract with everything attached."""

    contract: ContractRow
    tender: TenderRow | None
    act: ActRow | None
    staffing: tuple[StaffRow, ...]
    allocations: tuple[AllocationRow, ...]
    deadlines: tuple[DeadlineRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]
    payments: tuple[PaymentRow, ...] = ()
    paid_to_date: Decimal = Decimal("0.00")
    """The sum of the payments: VAT included, cash paid (see ``paid_to_date``)."""
    tender_allocations: tuple[AllocationRow, ...] = ()
    """The funds allocated to the contract's tender: they pay for it too."""


def paid_to_date(payments: Sequence[PaymentRow]) -> Decimal:
    """What has been paid on a contract: cash paid, VAT included."""
    return sum((p.amount for p in payments), Decimal("0.00"))


@dataclass(frozen=True)
class QuintoRow:
    """Exercised quinto d'obbligo variations against one fifth of the contract;
    ``used`` and ``limit`` are None when the quinto cannot be checked (the base and
    the variations state different halves of their amounts, the rate unknown)."""

    used: Decimal | None
    limit: Decimal | None
    net: bool
    """Both are net of VAT (else VAT included, when a net is not known)."""


def quinto_of(contract: ContractRow) -> QuintoRow | None:
    """The quinto d'obbligo used by exercised variations; None without a base amount."""
    if contract.amount is None:
        return None
    variations = [
        o.amount.amount()
        for o in contract.options
        if counts_towards_quinto(o.kind, o.state, with_planned=False)
        and o.amount is not None
    ]
    usage = quinto_usage(contract.amount.amount(), variations)
    if usage is None:
        return QuintoRow(used=None, limit=None, net=False)
    used, limit, net = usage
    return QuintoRow(used=used, limit=limit, net=net)
