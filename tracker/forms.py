"""What people type into a record's form, and the draft it makes.

Each kind of record a person can create or edit has a list of fields. Values arrive
as the text typed (dates as 17/01/2023, money as 828.415,20); ``draft_from_values``
reads them into the same drafts a dataset file gives, raising ``ValidationError``
named after the form's field. Front ends draw the fields and place the core's
errors next to them with ``field_for_error``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import pydantic

from tracker import drafts
from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.domain.kinds import (
    ActKind,
    FundingKind,
    FundingStatus,
    MainCategory,
    OptionKind,
    OptionState,
    OrganisationKind,
    ProcedureType,
    Recurrence,
    TenderStatus,
)
from tracker.domain.money import VatRate
from tracker.domain.periods import day_problem
from tracker.domain.refs import RecordKind
from tracker.domain.text import check_text
from tracker.errors import Checks, Message, ValidationError, pydantic_reason
from tracker.form_payments import (
    MAX_PAYMENTS,
    payment_row_of,
    payment_values,
    payments_from_values,
)
from tracker.formatting import parse_day
from tracker.i18n import _
from tracker.vocabulary import N_

FieldKind = Literal[
    "text",
    "long",
    "ref",
    "refs",
    "date",
    "int",
    "money",
    "choice",
    "members",
    "payments",
]
MAX_MEMBERS = 8


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    """A message id: show ``_(label)``."""
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    """Stored values; show ``_(value)``."""
    aliases: tuple[str, ...] = ()
    """Other names the core gives this field in its errors."""
    hint: str = ""
    """A message id saying what the field means, where its label cannot."""
    targets: tuple[RecordKind, ...] = ()
    """The kinds of record a reference field may name: the app offers a picker
    over them. Empty for a reference that is no record (a CPV code, the record's
    own reference)."""


def _choices(enum: Any) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


VAT_CHOICES = _choices(VatRate)
BASIS_CHOICES = ("net", "gross")


def _amount(name: str, label: str, *, aliases: tuple[str, ...] = ()) -> list[FormField]:
    return [
        FormField(
            name, label, "money", aliases=(f"{name}.net", f"{name}.gross", *aliases)
        ),
        FormField(
            f"{name}_vat_rate",
            N_("VAT rate (%)"),
            "choice",
            choices=VAT_CHOICES,
            aliases=(f"{name}.vat_rate",),
        ),
        FormField(
            f"{name}_basis", N_("The amount is"), "choice", choices=BASIS_CHOICES
        ),
    ]


ORGANISATION, CONSORTIUM = RecordKind.ORGANISATION, RecordKind.CONSORTIUM
TENDER, LOT, CONTRACT = RecordKind.TENDER, RecordKind.LOT, RecordKind.CONTRACT
SERVICE, PROGRAMME = RecordKind.SERVICE, RecordKind.PROGRAMME
FUNDING_SOURCE = RecordKind.FUNDING_SOURCE
ACTS = (RecordKind.ACT,)
ANY_RECORD = tuple(RecordKind)
"""A deadline may be about any record."""

REF = FormField("ref", N_("Reference"), "ref", required=True)
NOTE = FormField("note", N_("Note"), "long")

FORMS: dict[str, tuple[FormField, ...]] = {
    "tender": (
        REF,
        FormField("title", N_("Title"), required=True),
        FormField("buyer", N_("Buyer (organisation)"), "ref", targets=(ORGANISATION,)),
        FormField(
            "main_category",
            N_("Main category"),
            "choice",
            choices=_choices(MainCategory),
        ),
        FormField("cpv", N_("CPV codes"), "refs"),
        FormField(
            "procedure_type", N_("Procedure"), "choice", choices=_choices(ProcedureType)
        ),
        FormField("procedure_code", N_("ANAC procedure code")),
        FormField("procedure_title", N_("ANAC procedure title")),
        FormField(
            "status", N_("Status"), "choice", True, choices=_choices(TenderStatus)
        ),
        FormField("ocid", N_("OCDS identifier (ocid)")),
        FormField("programme", N_("Programme"), "ref", targets=(PROGRAMME,)),
        FormField("cup", N_("CUP")),
        FormField("rup", N_("RUP")),
        FormField(
            "planned_start",
            N_("Service start (planned)"),
            "date",
            # "Avvio previsto" read as the procedure's start made every new tender
            # begin overdue: the procedure's day is counted back from this one
            hint=N_(
                "The day the service is to begin. The start of the procedure "
                "(planned) is counted back from it by the lead time of the "
                "procedure type (lead_days in the settings)."
            ),
        ),
        FormField("planned_months", N_("Planned months"), "int"),
        FormField("publication_date", N_("Publication"), "date"),
        FormField("offer_deadline", N_("Offer deadline"), "date"),
        FormField("award_date", N_("Award"), "date"),
        FormField("standstill_end", N_("Standstill end"), "date"),
        FormField("signature_date", N_("Signature"), "date"),
        *_amount("estimated_value", N_("Estimated value")),
        FormField("authorising_act", N_("Authorising act"), "ref", targets=ACTS),
        NOTE,
    ),
    "lot": (
        REF,
        FormField("number", N_("Lot number"), "int"),
        FormField("title", N_("Title"), required=True),
        FormField("cig", N_("CIG")),
        FormField("cups", N_("CUP codes"), "refs"),
        *_amount("value", N_("Lot value")),
        FormField("services", N_("Services (references)"), "refs", targets=(SERVICE,)),
        NOTE,
    ),
    "contract": (
        REF,
        FormField("title", N_("Title"), required=True),
        FormField("lot", N_("Lot"), "ref", targets=(LOT,)),
        FormField("cig", N_("CIG")),
        FormField(
            "supplier",
            N_("Supplier (organisation or ATI)"),
            "ref",
            targets=(ORGANISATION, CONSORTIUM),
        ),
        FormField("services", N_("Services (references)"), "refs", targets=(SERVICE,)),
        FormField("signed_on", N_("Signed on"), "date"),
        # published contracts are often known by one end only: either may be empty
        FormField("start", N_("Start"), "date", aliases=("period.start",)),
        FormField("end", N_("End"), "date", aliases=("period.end", "period")),
        FormField("months", N_("Months"), "int"),
        *_amount("amount", N_("Amount (base period)")),
        FormField("act", N_("Act"), "ref", targets=ACTS),
        FormField("payments", N_("Payments (VAT included)"), "payments"),
        NOTE,
    ),
    "option": (
        REF,
        FormField("kind", N_("Kind"), "choice", True, choices=_choices(OptionKind)),
        FormField("state", N_("State"), "choice", True, choices=_choices(OptionState)),
        FormField("start", N_("Start"), "date", aliases=("period.start",)),
        FormField("end", N_("End"), "date", aliases=("period.end", "period")),
        FormField("months", N_("Months"), "int"),
        *_amount("amount", N_("Amount")),
        FormField("decided_on", N_("Decided on"), "date"),
        FormField("act", N_("Act"), "ref", targets=ACTS),
        FormField("cig", N_("CIG")),
        FormField("basis", N_("Basis"), "long"),
        NOTE,
    ),
    "exercise": (
        FormField("decided_on", N_("Decided on"), "date", True),
        FormField("act", N_("Act"), "ref", targets=ACTS),
    ),
    "organisation": (
        REF,
        FormField("name", N_("Name"), required=True),
        FormField("kind", N_("Kind"), "choice", choices=_choices(OrganisationKind)),
        FormField("legal_form", N_("Legal form")),
        FormField("partita_iva", N_("Partita IVA")),
        FormField("codice_fiscale", N_("Codice fiscale")),
        FormField("ausa", N_("AUSA code")),
        FormField("address", N_("Address")),
        NOTE,
    ),
    "consortium": (
        REF,
        FormField("name", N_("Name"), required=True),
        FormField("kind", N_("Kind"), "choice", True, choices=_choices(ConsortiumKind)),
        FormField("members", N_("Members"), "members", True, targets=(ORGANISATION,)),
        NOTE,
    ),
    "act": (
        REF,
        FormField("kind", N_("Kind"), "choice", True, choices=_choices(ActKind)),
        FormField("number", N_("Number")),
        FormField("adopted_on", N_("Adopted on"), "date"),
        FormField("body", N_("Adopted by")),
        FormField("subject", N_("Subject"), required=True),
        FormField("url", N_("Link (URL)")),
        NOTE,
    ),
    "funding_source": (
        REF,
        FormField("name", N_("Name"), required=True),
        FormField("kind", N_("Kind"), "choice", True, choices=_choices(FundingKind)),
        FormField("funder", N_("Funder")),
        FormField("eligible_from", N_("Eligible from"), "date"),
        FormField(
            "eligible_until", N_("Eligible until"), "date", aliases=("eligible",)
        ),
        FormField("paid_by", N_("Must be paid by"), "date"),
        NOTE,
    ),
    "allocation": (
        REF,
        FormField(
            "source", N_("Funding source"), "ref", True, targets=(FUNDING_SOURCE,)
        ),
        FormField(
            "funds",
            N_("Funds (tender or contract)"),
            "ref",
            True,
            targets=(TENDER, CONTRACT),
        ),
        FormField("amount", N_("Amount"), "money"),
        FormField(
            "status", N_("Status"), "choice", True, choices=_choices(FundingStatus)
        ),
        NOTE,
    ),
    "deadline": (
        REF,
        FormField("title", N_("Title"), required=True),
        FormField("due", N_("Due"), "date", True),
        FormField("lead_days", N_("Warn days before"), "int"),
        FormField("owner", N_("Owner")),
        FormField("subject", N_("About (reference)"), "ref", targets=ANY_RECORD),
        FormField("recurrence", N_("Repeats"), "choice", choices=_choices(Recurrence)),
        FormField(
            "recurrence_until", N_("Repeats until"), "date", aliases=("recurrence",)
        ),
        NOTE,
    ),
    "note": (FormField("text", N_("Note"), "long", True),),
    # read by the spreadsheet import only: the app edits no programme
    "programme": (
        REF,
        FormField("name", N_("Name"), required=True),
        FormField("start", N_("Start"), "date"),
        FormField(
            "end",
            N_("End"),
            "date",
            hint=N_(
                "The last day of the programme: the deadlines count down to it. "
                "When only the year is stated, write the year's last day and say "
                "so in the note."
            ),
        ),
        NOTE,
    ),
    # tracker.form_service reads it: a service, and its neighbourhood when new
    "new_service": (
        REF,
        FormField("name", N_("Name"), required=True),
        FormField("neighbourhood", N_("Neighbourhood (reference)"), "ref", True),
        FormField("neighbourhood_name", N_("Neighbourhood name, if new")),
        FormField("municipio", N_("Municipio, if new"), "int"),
        FormField("required_from", N_("Required from"), "date", True),
        FormField("required_until", N_("Required until"), "date"),
    ),
}

DRAFTS: dict[str, type[drafts.Draft]] = {
    "tender": drafts.TenderDraft,
    "lot": drafts.LotDraft,
    "contract": drafts.ContractDraft,
    "option": drafts.OptionDraft,
    "organisation": drafts.OrganisationDraft,
    "consortium": drafts.ConsortiumDraft,
    "act": drafts.ActDraft,
    "funding_source": drafts.FundingSourceDraft,
    "allocation": drafts.AllocationDraft,
    "deadline": drafts.DeadlineDraft,
}
"""The records the app edits with their form (``tui.records.form_kind``)."""

LOADED_ONLY: dict[str, type[drafts.Draft]] = {"programme": drafts.ProgrammeDraft}
"""Records a form reads that the app does not edit: a programme comes from a
load or a workbook (``tracker.sheets_in``)."""

MEMBER_ROLES = _choices(MemberRole)


_MONEY_CHARS = re.compile(r"[€\s\u00a0]|EUR", re.IGNORECASE)


def parse_typed_money(text: str, *, field: str) -> str:
    """An amount as typed ("828.415,20", "828415,20", "€ 1.200", "1200.5") as the
    plain decimal text drafts take ("828415.20")."""
    cleaned = _MONEY_CHARS.sub("", text)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif "," in cleaned:
        decimal_mark = ","
    elif cleaned.count(".") == 1 and not re.fullmatch(r"\d{1,3}\.\d{3}", cleaned):
        decimal_mark = "."
    else:
        decimal_mark = ","  # only thousands dots, or none
    thousands = "." if decimal_mark == "," else ","
    integer, _mark, fraction = cleaned.partition(decimal_mark)
    if thousands in fraction or (
        thousands in integer
        and not re.fullmatch(rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+", integer)
    ):
        raise ValidationError(field, text, N_("not an amount: write it as 1.234,56"))
    digits = integer.replace(thousands, "") + ("." + fraction if fraction else "")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        raise ValidationError(
            field, text, N_("not an amount: write it as 1.234,56")
        ) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(field, text, N_("not an amount: write it as 1.234,56"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(field, text, N_("an amount has at most two decimals"))
    return f"{amount.quantize(Decimal('0.01')):f}"


def _typed(field: FormField, text: str) -> Any:
    check_text(text, field=field.name, block=field.kind == "long")
    if field.kind == "date":
        day = parse_day(text, field=field.name)
        problem = day_problem(day)
        if problem is not None:
            raise ValidationError(field.name, text, problem)
        return day
    if field.kind == "int":
        if not re.fullmatch(r"-?\d+", text):
            raise ValidationError(field.name, text, N_("not a whole number"))
        return int(text)
    if field.kind == "money":
        return parse_typed_money(text, field=field.name)
    if field.kind == "refs":
        return [part for part in re.split(r"[,\s]+", text.upper()) if part]
    if field.kind == "ref":
        return text.upper()
    return text


def _amount_value(values: dict[str, str], name: str) -> dict[str, str] | None:
    text = values.get(name, "").strip()
    if not text:
        return None
    amount = parse_typed_money(text, field=name)
    rate = values.get(f"{name}_vat_rate") or VatRate.STANDARD.value
    # a net with the rate unknown is what ANAC publishes: kept as stated
    basis = values.get(f"{name}_basis") or "net"
    return {basis: amount, "vat_rate": rate}


def _members(values: dict[str, str]) -> list[dict[str, str | None]]:
    members: list[dict[str, str | None]] = []
    for index in range(MAX_MEMBERS):
        organisation = values.get(f"member.{index}.organisation", "").strip().upper()
        role = values.get(f"member.{index}.role", "").strip()
        share = values.get(f"member.{index}.share", "").strip()
        if not organisation and not share:
            continue
        if not organisation:
            raise ValidationError(
                f"member.{index}.organisation", "", N_("give the member's reference")
            )
        if share:
            try:
                number = Decimal(share.replace(",", ".").rstrip("%").strip())
            except InvalidOperation:
                raise ValidationError(
                    f"member.{index}.share", share, N_("not a percentage")
                ) from None
            share = f"{number:f}"
        members.append(
            {
                "organisation": organisation,
                "role": role or MemberRole.MANDANTE.value,
                "share": share or None,
            }
        )
    return members


PARTS = {"tender": "lots", "contract": "options"}
"""What a record's draft lists that are records of their own, each with its form."""


def draft_from_values(
    kind: str,
    values: dict[str, str],
    *,
    base: drafts.Draft | None = None,
) -> drafts.Draft:
    """The draft the typed ``values`` make; fields the form does not show keep
    their value from ``base`` (the record as it was), except its lots or options:
    a change saves the record's own fields, and each part is saved on its own.

    Every wrong field is reported, in the form's order: one ``ValidationError``,
    or a ``ValidationErrors`` holding one per field."""
    data: dict[str, Any] = {} if base is None else base.model_dump(mode="json")
    if base is not None and kind in PARTS:
        data[PARTS[kind]] = []
    checks = Checks()
    for field in FORMS[kind]:
        if field.name.endswith(("_vat_rate", "_basis")):
            continue
        refused = len(checks.errors)
        read = checks.run(_field_value, field, values, data)
        if len(checks.errors) > refused:
            data.pop(field.name, None)  # a wrong value is not reported twice
        else:
            data[field.name] = read
    data = {key: value for key, value in data.items() if value is not None}
    draft: drafts.Draft | None = None
    try:
        draft = (DRAFTS.get(kind) or LOADED_ONLY[kind]).model_validate(data)
    except pydantic.ValidationError as error:
        known = {field_for_error(kind, found.field) for found in checks.errors}
        for detail in error.errors():
            found = _draft_error(kind, values, detail)
            if field_for_error(kind, found.field) not in known:
                checks.add(found)
    checks.errors.sort(key=lambda found: _position(kind, found.field))
    checks.done()
    assert draft is not None, "a refused draft raised"
    return draft


def _field_value(field: FormField, values: dict[str, str], data: dict[str, Any]) -> Any:
    """What one field of the form puts in the draft."""
    if field.kind == "members":
        return _members(values)
    if field.kind == "payments":
        # payments beyond the form's rows are kept as they were, not dropped
        return [
            *payments_from_values(values),
            *data.get("payments", [])[MAX_PAYMENTS:],
        ]
    if field.kind == "money" and f"{field.name}_vat_rate" in values:
        return _amount_value(values, field.name)
    text = values.get(field.name, "").strip()
    if not text:
        if field.required:
            raise ValidationError(field.name, "", N_("this field is required"))
        return [] if field.kind == "refs" else None
    return _typed(field, text)


def _position(kind: str, error_field: str) -> int:
    """Where the field an error names comes in the form (the whole form last)."""
    name = field_for_error(kind, error_field)
    for index, field in enumerate(FORMS[kind]):
        if field.name == name:
            return index
    return len(FORMS[kind])


def _draft_error(kind: str, values: dict[str, str], detail: Any) -> ValidationError:
    """One of pydantic's errors about a draft as the form names it."""
    loc = [str(part) for part in detail["loc"]]
    name = loc[0] if loc else kind
    if name == "members" and len(loc) > 1:
        name = f"member.{loc[1]}.{loc[2] if len(loc) > 2 else 'organisation'}"
    if name == "payments" and len(loc) > 1:
        name = payment_row_of(".".join(loc)) or name
    return ValidationError(name, values.get(name, detail.get("input")), _reason(detail))


def _reason(error: Any) -> Message:
    kind = error["type"]
    if kind == "string_pattern_mismatch" and "A-Z0-9" in str(
        (error.get("ctx") or {}).get("pattern")
    ):
        return Message(N_("capitals, digits and . _ / - only, at most 40"), {})
    if kind in ("greater_than_equal", "greater_than"):
        return Message(N_("too small"), {})
    if kind in ("less_than_equal", "less_than"):
        return Message(N_("too large"), {})
    if kind == "enum":
        return Message(N_("not one of the choices"), {})
    return pydantic_reason(error)


def values_from_draft(kind: str, draft: drafts.Draft) -> dict[str, str]:
    """What a form shows for an existing record: the typed form of each field."""
    data = draft.model_dump(mode="python")
    values: dict[str, str] = {}
    for field in FORMS[kind]:
        if field.kind == "members":
            for index, member in enumerate(data.get("members", [])):
                values[f"member.{index}.organisation"] = member["organisation"]
                values[f"member.{index}.role"] = str(member["role"])
                values[f"member.{index}.share"] = member.get("share") or ""
            continue
        if field.kind == "payments":
            values.update(payment_values(data.get("payments", [])))
            continue
        if field.kind == "money" and f"{field.name}_vat_rate" in {
            f.name for f in FORMS[kind]
        }:
            amount = data.get(field.name)
            if amount:
                basis = "net" if amount.get("net") is not None else "gross"
                values[field.name] = _typed_money(amount[basis])
                values[f"{field.name}_vat_rate"] = str(amount["vat_rate"])
                values[f"{field.name}_basis"] = basis
            continue
        value = data.get(field.name)
        if value is None or value == []:
            continue
        if isinstance(value, date):
            values[field.name] = value.strftime("%d/%m/%Y")
        elif isinstance(value, list):
            values[field.name] = ", ".join(str(v) for v in value)
        elif field.kind == "money":
            values[field.name] = _typed_money(str(value))
        else:
            values[field.name] = str(value)
    return values


def _typed_money(text: str) -> str:
    """Plain decimal text as people type it: "828415.20" → "828415,20"."""
    return text.replace(".", ",")


def field_for_error(kind: str, error_field: str) -> str | None:
    """Which of the form's fields a core error names, or None for the whole form."""
    fields = FORMS[kind]
    names = {f.name for f in fields}
    if error_field in names:
        return error_field
    for field in fields:
        if error_field in field.aliases:
            return field.name
    if error_field.startswith(("members", "member.")) and "members" in names:
        return "members"
    if error_field.startswith("payment") and "payments" in names:
        return "payments"
    head = re.split(r"[.\[]", error_field, maxsplit=1)[0]
    if head in names:
        return head
    return None


# Rows a record owns count as one of its fields when someone else changes them.
OWNED_ROWS = {
    "lots": N_("Lots"),
    "options": N_("Options"),
    "staffing": N_("Staffing"),
    "payments": N_("Payments"),
}


def form_field(kind: str, draft_field: str) -> str | None:
    """The form field that shows a draft field (``end_precision`` is ``end``)."""
    name = draft_field.removesuffix("_precision")
    return field_for_error(kind, name) if kind in FORMS else None


def field_label(kind: str, draft_field: str) -> str:
    """A draft field named as the form names it, in the active language."""
    name = form_field(kind, draft_field)
    for shown in FORMS.get(kind, ()):
        if shown.name == name:
            return _(shown.label)
    if draft_field in OWNED_ROWS:
        return _(OWNED_ROWS[draft_field])
    return draft_field


def read_values(kind: str, values: dict[str, str]) -> dict[str, Any]:
    """The typed values of a form that makes no draft (a note, exercising an
    option), read and checked: dates as dates, references in capitals. Every
    wrong field is reported, as ``draft_from_values`` does."""
    return read_fields(FORMS[kind], values)


def read_fields(fields: Iterable[FormField], values: dict[str, str]) -> dict[str, Any]:
    """``read_values`` over any fields (a sheet's, beyond its form's)."""
    read: dict[str, Any] = {}
    checks = Checks()
    for field in fields:
        read[field.name] = checks.run(_field_value, field, values, read)
    checks.done()
    return read
