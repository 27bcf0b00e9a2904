"""Input drafts: the shape of every record as a user or a dataset file gives it.

These pydantic models check structure and types only (what the JSON Schema of the
dataset says); the rules of the domain are checked by the services that write them.
Records refer to each other by their ``ref``. Amounts are strings such as
``"828415.20"`` so that no float ever holds money.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.domain.kinds import (
    ActKind,
    DeadlineState,
    FundingKind,
    FundingStatus,
    InHouseKind,
    OptionKind,
    OptionState,
    OrganisationKind,
    ProcedureType,
    Recurrence,
    SiteOwner,
    TenderStatus,
)
from tracker.domain.money import VatRate
from tracker.domain.periods import DatePrecision

Ref = Annotated[
    str,
    Field(
        pattern=r"^[A-Z0-9][A-Z0-9._/-]{0,39}$",
        description="Stable reference: capitals, digits and . _ / - (max 40)",
        examples=["LOR-2019"],
    ),
]
MoneyText = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]+(\.[0-9]+)?$",
        description="Euro amount as a string with at most two decimals",
        examples=["828415.20"],
    ),
]
PercentText = Annotated[
    str,
    Field(
        pattern=r"^-?[0-9]+(\.[0-9]+)?$",
        description="Percentage as a string, e.g. '40' or '33.34'",
    ),
]
Text = Annotated[str, Field(min_length=1)]
Note = Annotated[
    str | None,
    Field(description="Caveats about the source: uncertain readings, missing facts"),
]


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AmountDraft(Draft):
    """Either the net amount with a known VAT rate, or the gross amount."""

    net: MoneyText | None = None
    gross: MoneyText | None = None
    vat_rate: VatRate

    @model_validator(mode="after")
    def _one_half(self) -> AmountDraft:
        if (self.net is None) == (self.gross is None):
            raise ValueError("give exactly one of 'net' and 'gross'")
        return self


class ProgrammeDraft(Draft):
    ref: Ref
    name: Text
    start: date | None = None
    end: date | None = None
    end_precision: DatePrecision = DatePrecision.DAY
    note: Note = None


class NeighbourhoodDraft(Draft):
    ref: Ref
    name: Text
    municipio: int | None = None
    inhabitants: int | None = None
    inhabitants_approximate: bool = False
    households: int | None = None
    erp_dwellings: int | None = None
    figures_as_of: date | None = None
    figures_basis: str | None = None
    programmes: list[Ref] = []
    note: Note = None


class SiteDraft(Draft):
    ref: Ref
    name: Text
    neighbourhood: Ref | None = None
    address: Text
    owner: SiteOwner
    space_kind: str | None = None
    floor: str | None = None
    condition_notes: str | None = None
    note: Note = None


class ServiceDraft(Draft):
    ref: Ref
    name: Text
    neighbourhood: Ref
    site: Ref | None = None
    programme: Ref | None = None
    required_from: date
    required_until: date | None = Field(
        default=None, description="Null: required with no end set"
    )
    note: Note = None


class OrganisationDraft(Draft):
    ref: Ref
    name: Text
    kind: OrganisationKind | None = None
    legal_form: str | None = None
    partita_iva: str | None = None
    codice_fiscale: str | None = None
    address: str | None = None
    note: Note = None


class MemberDraft(Draft):
    organisation: Ref
    role: MemberRole
    share: PercentText | None = Field(default=None, description="Null: not stated")
    note: Note = None


class ConsortiumDraft(Draft):
    ref: Ref
    name: Text
    kind: ConsortiumKind
    members: list[MemberDraft]
    note: Note = None


class ActDraft(Draft):
    ref: Ref
    kind: ActKind
    number: str | None = None
    adopted_on: date | None = None
    body: str | None = None
    subject: Text
    url: str | None = None
    note: Note = None


class FundingSourceDraft(Draft):
    ref: Ref
    name: Text
    kind: FundingKind
    funder: str | None = None
    eligible_from: date | None = None
    eligible_until: date | None = None
    note: Note = None


class LotDraft(Draft):
    ref: Ref
    number: Annotated[int, Field(ge=1)]
    title: Text
    cig: str | None = None
    value: AmountDraft | None = None
    services: list[Ref] = []
    note: Note = None


class TenderDraft(Draft):
    ref: Ref
    title: Text
    procedure_type: ProcedureType | None = None
    status: TenderStatus
    programme: Ref | None = None
    cup: str | None = None
    rup: str | None = None
    planned_start: date | None = None
    planned_start_precision: DatePrecision = DatePrecision.DAY
    planned_months: int | None = None
    publication_date: date | None = None
    offer_deadline: date | None = None
    award_date: date | None = None
    standstill_end: date | None = None
    signature_date: date | None = None
    estimated_value: AmountDraft | None = Field(
        default=None, description="Options and renewals included"
    )
    authorising_act: Ref | None = None
    plan_entry: str | None = None
    lots: list[LotDraft] = []
    note: Note = None


class OptionDraft(Draft):
    ref: Ref
    kind: OptionKind
    state: OptionState
    start: date | None = None
    end: date | None = None
    months: int | None = None
    amount: AmountDraft | None = None
    decided_on: date | None = None
    act: Ref | None = None
    cig: str | None = None
    note: Note = None


class StaffDraft(Draft):
    role: Text
    count: int | None = None
    note: Note = None


class ContractDraft(Draft):
    ref: Ref
    title: Text
    lot: Ref | None = None
    cig: str | None = None
    supplier: Ref | None = Field(
        default=None, description="An organisation's or a consortium's ref"
    )
    services: list[Ref] = []
    signed_on: date | None = None
    start: date
    start_precision: DatePrecision = DatePrecision.DAY
    end: date | None = Field(
        default=None, description="As written in the contract; else from months"
    )
    end_precision: DatePrecision = DatePrecision.DAY
    months: int | None = None
    amount: AmountDraft | None = Field(default=None, description="Base period only")
    act: Ref | None = None
    options: list[OptionDraft] = []
    staffing: list[StaffDraft] = []
    note: Note = None


class InHouseDraft(Draft):
    ref: Ref
    title: Text
    kind: InHouseKind
    start: date
    start_precision: DatePrecision = DatePrecision.DAY
    end: date
    end_precision: DatePrecision = DatePrecision.DAY
    act: Ref | None = None
    services: list[Ref] = []
    staffing: list[StaffDraft] = []
    note: Note = None


class AllocationDraft(Draft):
    ref: Ref
    source: Ref
    funds: Ref = Field(description="The tender's or contract's ref")
    amount: MoneyText | None = Field(default=None, description="Null: not stated")
    status: FundingStatus
    note: Note = None


class DeadlineDraft(Draft):
    ref: Ref
    title: Text
    due: date
    lead_days: Annotated[int, Field(ge=0)] = 30
    owner: str | None = None
    subject: Ref | None = None
    recurrence: Recurrence = Recurrence.NONE
    recurrence_until: date | None = None
    state: DeadlineState = DeadlineState.OPEN
    done_through: date | None = None
    note: Note = None


class NoteDraft(Draft):
    subject: Ref
    written_at: datetime
    author: Text
    text: Text


class Dataset(Draft):
    """A whole database as one JSON document."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="appalti dataset",
    )

    format: Literal["appalti-dataset"] = "appalti-dataset"
    version: Literal[1] = 1
    description: str | None = None
    programmes: list[ProgrammeDraft] = []
    neighbourhoods: list[NeighbourhoodDraft] = []
    sites: list[SiteDraft] = []
    services: list[ServiceDraft] = []
    organisations: list[OrganisationDraft] = []
    consortia: list[ConsortiumDraft] = []
    acts: list[ActDraft] = []
    funding_sources: list[FundingSourceDraft] = []
    tenders: list[TenderDraft] = []
    contracts: list[ContractDraft] = []
    in_house_periods: list[InHouseDraft] = []
    allocations: list[AllocationDraft] = []
    deadlines: list[DeadlineDraft] = []
    notes: list[NoteDraft] = []
