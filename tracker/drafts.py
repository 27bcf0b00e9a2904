"""Input drafts: the shape of every record as a user or a dataset file gives it.

These pydantic models check structure and types only (what the JSON Schema of the
dataset says); the rules of the domain are checked by the services that write them.
Records refer to each other by their ``ref``. Amounts are strings such as
``"828415.20"`` so that no float ever holds money.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.domain.kinds import (
    ActKind,
    DeadlineState,
    FundingKind,
    FundingStatus,
    InHouseKind,
    MainCategory,
    OptionKind,
    OptionState,
    OrganisationKind,
    ProcedureType,
    Recurrence,
    SiteOwner,
    TenderStatus,
)
from tracker.domain.money import VatRate
from tracker.domain.periods import DatePrecision, day_problem
from tracker.domain.text import text_problem
from tracker.errors import N_, Message, TrackerError, quote

# Every text and every day of every draft, whichever way it comes (a dataset file,
# a form, the API), is checked by one of these: text holds no control characters
# (tabs and line breaks only in text written as a block, a note), a day lies in the
# span the tracker works in. References and amounts have patterns that allow none.


def _refused(problem: Message) -> PydanticCustomError:
    return PydanticCustomError("value_refused", "{reason}", {"reason": problem})


# Drafts read back from the database are validated with this context: what is
# already stored is shown and dumped as it is (a database written before these rules
# may hold a control character or a far day), so that it can be read, corrected and
# saved; only new input is refused.
STORED: dict[str, bool] = {"stored": True}


M = TypeVar("M", bound=BaseModel)


def read_stored(model: type[M], data: Any, **options: Any) -> M:
    """A draft of what the database holds, read as it is stored (see STORED); a
    value no version of appalti writes (a database changed by hand) is a
    TrackerError naming the record, the field and the value."""
    try:
        return model.model_validate(data, context=STORED, **options)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        record = (
            data.get("ref") if isinstance(data, dict) else getattr(data, "ref", None)
        )
        raise TrackerError(
            N_(
                "the database holds a value appalti cannot read: {record}, {place}: "
                "{value}; 'appalti check' lists such values"
            ),
            record=quote(record) if record else model.__name__,
            place=place,
            value=quote(first.get("input")),
        ) from None


def _is_stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


def _line(text: str | None, info: ValidationInfo) -> str | None:
    # printable text (most of it) holds none of the characters refused
    if text is not None and not text.isprintable() and not _is_stored(info):
        problem = text_problem(text)
        if problem is not None:
            raise _refused(problem)
    return text


def _block(text: str | None, info: ValidationInfo) -> str | None:
    if text is not None and not text.isprintable() and not _is_stored(info):
        problem = text_problem(text, block=True)
        if problem is not None:
            raise _refused(problem)
    return text


D = TypeVar("D", bound=date)


def _in_calendar(day: D, info: ValidationInfo) -> D:
    if _is_stored(info):
        return day
    problem = day_problem(day)
    if problem is not None:
        raise _refused(problem)
    return day


LINE = AfterValidator(_line)
BLOCK = AfterValidator(_block)
IN_CALENDAR = AfterValidator(_in_calendar)
Day = Annotated[date, IN_CALENDAR]
Moment = Annotated[datetime, IN_CALENDAR]

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
Text = Annotated[str, Field(min_length=1, pattern=r"\S"), BLOCK]


Name200 = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S"), LINE]
Name300 = Annotated[str, Field(min_length=1, max_length=300, pattern=r"\S"), LINE]
Name500 = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S"), LINE]
Opt8 = Annotated[str | None, Field(max_length=8), LINE]
Opt16 = Annotated[str | None, Field(max_length=16), LINE]
Opt20 = Annotated[str | None, Field(max_length=20), LINE]
Opt40 = Annotated[str | None, Field(max_length=40), LINE]
Opt64 = Annotated[str | None, Field(max_length=64), LINE]
Opt200 = Annotated[str | None, Field(max_length=200), LINE]
Opt300 = Annotated[str | None, Field(max_length=300), LINE]
Opt500 = Annotated[str | None, Field(max_length=500), LINE]
Municipio = Annotated[int, Field(ge=1, le=99)]
Population = Annotated[int, Field(ge=0, le=100_000_000)]
LotNumber = Annotated[int, Field(ge=1, le=9999)]
StaffCount = Annotated[int, Field(ge=1, le=100_000)]
LeadDays = Annotated[int, Field(ge=0, le=3650)]
Months = Annotated[int, Field(ge=1, le=1200, description="A duration in months")]
Note = Annotated[
    str | None,
    Field(description="Caveats about the source: uncertain readings, missing facts"),
    BLOCK,
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
            raise ValueError(N_("give exactly one of 'net' and 'gross'"))
        return self


class ProgrammeDraft(Draft):
    ref: Ref
    name: Name200
    start: Day | None = None
    start_precision: DatePrecision = DatePrecision.DAY
    end: Day | None = None
    end_precision: DatePrecision = DatePrecision.DAY
    note: Note = None


class NeighbourhoodDraft(Draft):
    ref: Ref
    name: Name200
    municipio: Municipio | None = None
    inhabitants: Population | None = None
    inhabitants_approximate: bool = False
    households: Population | None = None
    erp_dwellings: Population | None = None
    figures_as_of: Day | None = None
    figures_basis: Opt200 = None
    programmes: list[Ref] = []
    note: Note = None


class SiteDraft(Draft):
    ref: Ref
    name: Name200
    neighbourhood: Ref | None = None
    address: Name200
    owner: SiteOwner
    space_kind: Opt200 = None
    floor: Opt40 = None
    condition_notes: Annotated[str | None, BLOCK] = None
    note: Note = None


class ServiceDraft(Draft):
    ref: Ref
    name: Name200
    neighbourhood: Ref
    site: Ref | None = None
    programme: Ref | None = None
    required_from: Day
    required_from_precision: DatePrecision = DatePrecision.DAY
    required_until: Day | None = Field(
        default=None, description="Null: required with no end set"
    )
    required_until_precision: DatePrecision = DatePrecision.DAY
    note: Note = None


class OrganisationDraft(Draft):
    ref: Ref
    name: Name300
    kind: OrganisationKind | None = None
    legal_form: Opt200 = None
    partita_iva: Opt16 = None
    codice_fiscale: Opt20 = None
    ausa: Opt16 = Field(default=None, description="ANAC's code of a buying body")
    address: Opt300 = None
    note: Note = None


class MemberDraft(Draft):
    organisation: Ref
    role: MemberRole
    share: PercentText | None = Field(default=None, description="Null: not stated")
    note: Note = None


class ConsortiumDraft(Draft):
    ref: Ref
    name: Name300
    kind: ConsortiumKind
    members: list[MemberDraft]
    note: Note = None


class ActDraft(Draft):
    ref: Ref
    kind: ActKind
    number: Opt40 = None
    adopted_on: Day | None = None
    body: Opt200 = None
    subject: Name500
    url: Opt500 = None
    note: Note = None


class FundingSourceDraft(Draft):
    ref: Ref
    name: Name300
    kind: FundingKind
    funder: Opt200 = None
    eligible_from: Day | None = None
    eligible_until: Day | None = None
    paid_by: Day | None = Field(
        default=None, description="Spending must be paid by this day (POR FSE)"
    )
    note: Note = None


class LotDraft(Draft):
    ref: Ref
    number: LotNumber | None = None
    title: Name500
    cig: Opt16 = None
    cups: list[Annotated[str, Field(max_length=20), LINE]] = []
    value: AmountDraft | None = None
    services: list[Ref] = []
    note: Note = None


class TenderDraft(Draft):
    ref: Ref
    ocid: Opt64 = Field(default=None, description="OCDS identifier, as published")
    title: Name500
    buyer: Ref | None = Field(default=None, description="The stazione appaltante")
    main_category: MainCategory | None = None
    cpv: list[Annotated[str, Field(max_length=12), LINE]] = []
    procedure_type: ProcedureType | None = None
    procedure_code: Opt8 = Field(default=None, description="ANAC's procedure code")
    procedure_title: Opt300 = None
    status: TenderStatus
    programme: Ref | None = None
    cup: Opt20 = None
    rup: Opt200 = None
    planned_start: Day | None = None
    planned_start_precision: DatePrecision = DatePrecision.DAY
    planned_months: Months | None = None
    publication_date: Day | None = None
    offer_deadline: Day | None = None
    award_date: Day | None = None
    standstill_end: Day | None = None
    signature_date: Day | None = None
    estimated_value: AmountDraft | None = Field(
        default=None, description="Options and renewals included"
    )
    authorising_act: Ref | None = None
    plan_entry: Opt300 = None
    lots: list[LotDraft] = []
    note: Note = None


class OptionDraft(Draft):
    ref: Ref
    kind: OptionKind
    state: OptionState
    start: Day | None = None
    end: Day | None = None
    months: Months | None = None
    amount: AmountDraft | None = None
    decided_on: Day | None = None
    act: Ref | None = None
    cig: Opt16 = None
    basis: Annotated[str | None, Field(max_length=2000), BLOCK] = Field(
        default=None, description="Legal basis or rationale, as stated"
    )
    note: Note = None


class PaymentDraft(Draft):
    paid_on: Day
    amount: MoneyText
    reference: Opt200 = None
    note: Note = None


class StaffDraft(Draft):
    role: Name200
    count: StaffCount | None = None
    note: Note = None


class ContractDraft(Draft):
    ref: Ref
    title: Name500
    lot: Ref | None = None
    cig: Opt16 = None
    supplier: Ref | None = Field(
        default=None, description="An organisation's or a consortium's ref"
    )
    services: list[Ref] = []
    signed_on: Day | None = None
    start: Day | None = Field(default=None, description="Null: not stated")
    start_precision: DatePrecision = DatePrecision.DAY
    end: Day | None = Field(
        default=None, description="As written in the contract; else from months"
    )
    end_precision: DatePrecision = DatePrecision.DAY
    months: Months | None = None
    amount: AmountDraft | None = Field(default=None, description="Base period only")
    act: Ref | None = None
    options: list[OptionDraft] = []
    staffing: list[StaffDraft] = []
    payments: list[PaymentDraft] = []
    note: Note = None


class InHouseDraft(Draft):
    ref: Ref
    title: Name500
    kind: InHouseKind
    start: Day
    start_precision: DatePrecision = DatePrecision.DAY
    end: Day
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
    title: Name500
    due: Day
    lead_days: LeadDays = 30
    owner: Opt200 = None
    subject: Ref | None = None
    recurrence: Recurrence = Recurrence.NONE
    recurrence_until: Day | None = None
    state: DeadlineState = DeadlineState.OPEN
    done_through: Day | None = None
    note: Note = None


class AcknowledgementDraft(Draft):
    key: Annotated[str, Field(min_length=3, max_length=120), LINE]
    through: Day | None = Field(
        default=None, description="Recurring deadlines: occurrences up to this day"
    )
    at: Moment
    actor: Name200


class SnoozeDraft(Draft):
    key: Annotated[
        str,
        Field(
            min_length=3,
            max_length=120,
            description="An alert's key: a deadline key or <ref>/<kind>",
        ),
        LINE,
    ]
    until: Day = Field(description="Hidden up to and including this day")
    at: Moment
    actor: Name200


class NoteDraft(Draft):
    subject: Ref
    written_at: Moment
    author: Name200
    text: Text


RowNumber = Annotated[int, Field(ge=1, le=2_147_483_647)]
"""A row's id or a version: what a database integer column holds."""


def _json_object(text: str) -> str:
    """The changes of a history entry are read back as a JSON object."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise _refused(Message(N_("not the JSON text of an object"), {}))
    return text


class HistoryEntry(BaseModel):
    """One write as the history recorded it, restored as written: who (``actor``,
    and the database ``role`` on PostgreSQL), when, what (``action`` on the row
    ``entity``/``record_id``, named ``ref`` at the time), the fields with their old
    and new values (``changes``, JSON as recorded), and the record it belongs to
    (``subject_kind`` and its ref now, ``subject``; none once it is deleted) at
    which version. Not checked as user text: the history keeps what was written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: Moment
    actor: Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
    role: Annotated[str | None, Field(max_length=200, pattern=r"^[^\x00]*$")] = None
    action: Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[a-z_]+$")]
    entity: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
    record_id: RowNumber | None = None
    ref: Annotated[str | None, Field(max_length=40, pattern=r"^[^\x00]*$")] = None
    subject_kind: Annotated[str | None, Field(max_length=40, pattern=r"^[a-z_]+$")] = (
        None
    )
    subject: Annotated[str | None, Field(max_length=40, pattern=r"^[^\x00]*$")] = None
    subject_version: RowNumber | None = None
    changes: Annotated[
        str, Field(pattern=r"^[^\x00]*$"), AfterValidator(_json_object)
    ] = "{}"


class Dataset(Draft):
    """A whole database as one JSON document."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="appalti dataset",
    )

    format: Literal["appalti-dataset"] = "appalti-dataset"
    version: Literal[1] = 1
    description: Annotated[str | None, BLOCK] = None
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
    acknowledgements: list[AcknowledgementDraft] = []
    snoozes: list[SnoozeDraft] = []
    history: list[HistoryEntry] = Field(
        default=[],
        description="Every write in the order it was made; loaded as written",
    )
