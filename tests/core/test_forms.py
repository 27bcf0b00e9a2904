"""Forms: what people type becomes a draft, or an error named after the field."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.drafts import ConsortiumDraft, ContractDraft
from tracker.errors import ValidationError
from tracker.formatting import parse_day
from tracker.forms import (
    FORMS,
    draft_from_values,
    field_for_error,
    parse_typed_money,
    read_values,
    values_from_draft,
)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("828.415,20", "828415.20"),
        ("828415,20", "828415.20"),
        ("€ 1.200", "1200.00"),
        ("1.234", "1234.00"),
        ("1200.5", "1200.50"),
        ("1,234,567.89", "1234567.89"),
        ("0", "0.00"),
        ("966.484,40 €", "966484.40"),
    ],
)
def test_amounts_are_read_as_people_type_them(typed: str, amount: str) -> None:
    assert parse_typed_money(typed, field="amount") == amount


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12,345", "at most two decimals"),
        ("1.2.3", "not an amount"),
        ("abc", "not an amount"),
        ("-5", "not an amount"),
        ("1.23.456", "not an amount"),
    ],
)
def test_a_bad_amount_names_the_field_and_the_value(typed: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        parse_typed_money(typed, field="amount")
    assert caught.value.field == "amount"
    assert caught.value.value == typed


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("17/01/2023", date(2023, 1, 17)),
        ("17-01-2023", date(2023, 1, 17)),
        ("17.1.2023", date(2023, 1, 17)),
        ("2023-01-17", date(2023, 1, 17)),
        (" 29/02/2024 ", date(2024, 2, 29)),
    ],
)
def test_days_are_read_as_people_type_them(typed: str, day: date) -> None:
    assert parse_day(typed, field="due") == day


@pytest.mark.parametrize("typed", ["31/02/2023", "17/01/23", "ieri", "2023-13-01", ""])
def test_a_bad_day_is_refused_with_the_form_to_use(typed: str) -> None:
    with pytest.raises(ValidationError, match="dd/mm/yyyy") as caught:
        parse_day(typed, field="due")
    assert caught.value.field == "due"


def test_a_contract_form_makes_the_draft_a_dataset_would_give() -> None:
    draft = draft_from_values(
        "contract",
        {
            "ref": "lor-2024-c1",
            "title": "Laboratorio Lorenteggio 2024",
            "supplier": "ati-lor",
            "services": "lsl-lorenteggio, LDQ-MAZZINI",
            "start": "01/02/2024",
            "months": "36",
            "amount": "828.415,20",
            "amount_vat_rate": "22",
            "amount_basis": "net",
        },
    )
    assert isinstance(draft, ContractDraft)
    assert draft.ref == "LOR-2024-C1"
    assert draft.supplier == "ATI-LOR"
    assert draft.services == ["LSL-LORENTEGGIO", "LDQ-MAZZINI"]
    assert draft.start == date(2024, 2, 1)
    assert draft.months == 36
    assert draft.amount is not None
    assert draft.amount.net == "828415.20"
    assert draft.amount.vat_rate.value == "22"


def test_a_net_amount_with_the_vat_rate_unknown_is_kept_as_stated() -> None:
    draft = draft_from_values(
        "contract",
        {
            "ref": "C1",
            "title": "x",
            "start": "01/02/2024",
            "amount": "811.537,41",
            "amount_vat_rate": "unknown",
            "amount_basis": "net",
        },
    )
    assert isinstance(draft, ContractDraft)
    assert draft.amount is not None
    assert draft.amount.net == "811537.41"
    assert draft.amount.gross is None
    assert draft.amount.vat_rate.value == "unknown"


def test_a_required_field_left_empty_is_named() -> None:
    with pytest.raises(ValidationError, match="required") as caught:
        draft_from_values("contract", {"ref": "C1", "title": " "})
    assert caught.value.field == "title"


def test_a_contract_may_leave_its_start_and_its_end_empty() -> None:
    draft = draft_from_values(
        "contract", {"ref": "C1", "title": "x", "start": " ", "end": ""}
    )
    assert isinstance(draft, ContractDraft)
    assert (draft.start, draft.end) == (None, None)


def test_a_bad_reference_is_explained() -> None:
    with pytest.raises(ValidationError, match="capitals, digits") as caught:
        draft_from_values("organisation", {"ref": "coop sociale", "name": "x"})
    assert caught.value.field == "ref"


def test_consortium_members_come_from_the_member_rows() -> None:
    values = {
        "ref": "ATI-NEW",
        "name": "ATI nuova",
        "kind": "ATI",
        "member.0.organisation": "dike",
        "member.0.role": "mandataria",
        "member.0.share": "40",
        "member.1.organisation": "A-I",
        "member.1.role": "mandante",
        "member.1.share": "30,5",
        "member.2.organisation": "",
        "member.2.share": "",
    }
    draft = draft_from_values("consortium", values)
    assert isinstance(draft, ConsortiumDraft)
    assert [(m.organisation, m.role.value, m.share) for m in draft.members] == [
        ("DIKE", "mandataria", "40"),
        ("A-I", "mandante", "30.5"),
    ]
    shown = values_from_draft("consortium", draft)
    assert shown["member.1.share"] == "30.5"
    assert "member.2.organisation" not in shown


def test_editing_keeps_what_the_form_does_not_show() -> None:
    base = ContractDraft.model_validate(
        {
            "ref": "C1",
            "title": "x",
            "start": "2024-01-01",
            "start_precision": "month",
            "months": 12,
            "staffing": [{"role": "educatore", "count": 2}],
        }
    )
    values = values_from_draft("contract", base)
    assert values["start"] == "01/01/2024"
    values["title"] = "y"
    draft = draft_from_values("contract", values, base=base)
    assert isinstance(draft, ContractDraft)
    assert draft.title == "y"
    assert draft.start_precision.value == "month"
    assert [s.role for s in draft.staffing] == ["educatore"]


def test_a_form_round_trips_through_what_it_shows() -> None:
    values = {
        "ref": "LOR-2024",
        "title": "Gara 2024",
        "status": "planned",
        "planned_start": "01/01/2024",
        "estimated_value": "1.200.000,00",
        "estimated_value_vat_rate": "22",
        "estimated_value_basis": "gross",
    }
    draft = draft_from_values("tender", values)
    shown = values_from_draft("tender", draft)
    assert shown["estimated_value"] == "1200000,00"
    assert shown["estimated_value_basis"] == "gross"
    assert draft_from_values("tender", shown) == draft


@pytest.mark.parametrize(
    ("kind", "error_field", "field"),
    [
        ("consortium", "members.share", "members"),
        ("consortium", "members[DIKE].share", "members"),
        ("consortium", "member.2.share", "members"),
        ("contract", "period.start", "start"),
        ("contract", "amount.net", "amount"),
        ("contract", "services[1]", "services"),
        ("deadline", "recurrence", "recurrence"),
        ("funding_source", "eligible", "eligible_until"),
        ("contract", "options[LOR-R1].period.start", None),
    ],
)
def test_core_errors_land_on_the_form_field(
    kind: str, error_field: str, field: str | None
) -> None:
    assert field_for_error(kind, error_field) == field


def test_every_form_field_names_a_draft_field_or_its_amount_parts() -> None:
    from tracker.forms import DRAFTS, LOADED_ONLY

    drafts = {**DRAFTS, **LOADED_ONLY}
    for kind, fields in FORMS.items():
        if kind not in drafts:
            continue
        names = set(drafts[kind].model_fields)
        for field in fields:
            base = field.name.removesuffix("_vat_rate").removesuffix("_basis")
            assert base in names, (kind, field.name)


def test_a_programme_is_read_from_a_workbook_but_edited_by_no_form() -> None:
    """The import reads a programme with its form; the app offers no form to
    edit one (``tui.records.form_kind``)."""
    from tracker.domain.refs import RecordKind
    from tracker.forms import DRAFTS
    from tui.records import form_kind

    draft = draft_from_values("programme", {"ref": "cdq2", "name": "CdQ II"})
    assert draft.model_dump(exclude_defaults=True) == {"ref": "CDQ2", "name": "CdQ II"}
    assert "programme" not in DRAFTS
    assert form_kind(RecordKind.PROGRAMME) is None


def test_exercising_an_option_reads_the_day_and_the_act() -> None:
    read = read_values("exercise", {"decided_on": "15/06/2022", "act": "dd-1"})
    assert read == {"decided_on": date(2022, 6, 15), "act": "DD-1"}
    with pytest.raises(ValidationError, match="required"):
        read_values("exercise", {"decided_on": ""})
