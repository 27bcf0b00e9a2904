"""Payments made on a contract: saved with it, in its history, dumped and loaded,
deleted with it, and summed as the cash paid to date beside its value."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from tracker import models
from tracker.api import Tracker
from tracker.dataset import parse_dataset
from tracker.drafts import ContractDraft, PaymentDraft
from tracker.errors import ValidationError
from tracker.export.dossier import write_dossier
from tracker.form_payments import MAX_PAYMENTS
from tracker.formatting import Formatter
from tracker.forms import draft_from_values, field_for_error, values_from_draft
from tracker.i18n import set_language
from tracker.render import detail_text

DATASET = {
    "format": "appalti-dataset",
    "version": 1,
    "funding_sources": [
        {
            "ref": "POR-FSE",
            "name": "POR FSE 2014-2020",
            "kind": "regional",
            "eligible_until": "2023-12-31",
            "paid_by": "2023-12-31",
        }
    ],
    "allocations": [
        {
            "ref": "A-FSE",
            "source": "POR-FSE",
            "funds": "C-PAY",
            "amount": "12200.00",
            "status": "confirmed",
        }
    ],
    "contracts": [
        {
            "ref": "C-PAY",
            "title": "Laboratorio sociale",
            "start": "2023-01-01",
            "end": "2023-12-31",
            "amount": {"net": "10000.00", "vat_rate": "22"},
            "payments": [
                {"paid_on": "2023-06-30", "amount": "6100.00", "reference": "Liq. 1"},
                {
                    "paid_on": "2024-02-15",
                    "amount": "6100.00",
                    "reference": "Liq. 2",
                    "note": "saldo",
                },
            ],
        }
    ],
}


def _load(tracker: Tracker) -> None:
    tracker.load_dataset(parse_dataset(json.dumps(DATASET)))


def test_payments_and_a_paid_by_day_survive_dump_and_load(
    tracker: Tracker, db_url_factory: object
) -> None:
    _load(tracker)

    dumped = tracker.dump_dataset().model_dump(mode="json", exclude_none=True)
    [contract] = dumped["contracts"]
    assert contract["payments"] == DATASET["contracts"][0]["payments"]  # type: ignore[index]
    [source] = dumped["funding_sources"]
    assert source["paid_by"] == "2023-12-31"
    again = Tracker.open(db_url_factory())  # type: ignore[operator]
    try:
        again.load_dataset(tracker.dump_dataset())
        redumped = again.dump_dataset().model_dump(mode="json", exclude_none=True)
    finally:
        again.close()
    assert redumped["contracts"] == dumped["contracts"]
    assert redumped["funding_sources"] == dumped["funding_sources"]


def test_paid_to_date_is_the_cash_paid_beside_the_contract_value(
    tracker: Tracker,
) -> None:
    _load(tracker)

    detail = tracker.contract_view("C-PAY").detail
    assert [(p.paid_on, p.amount, p.reference) for p in detail.payments] == [
        (date(2023, 6, 30), Decimal("6100.00"), "Liq. 1"),
        (date(2024, 2, 15), Decimal("6100.00"), "Liq. 2"),
    ]
    assert detail.paid_to_date == Decimal("12200.00")
    shown = detail_text(detail, Formatter("en"))
    assert "  Paid to date: €12,200.00 (VAT included), of €12,200.00" in shown
    assert "    - 15/02/2024 €6,100.00 Liq. 2 (saldo)" in shown


def test_payments_are_changed_in_place_and_recorded_against_their_contract(
    tracker: Tracker,
) -> None:
    _load(tracker)
    draft = tracker.draft_of("C-PAY")
    assert isinstance(draft, ContractDraft)
    changed = draft.model_copy(
        update={
            "payments": [
                PaymentDraft(
                    paid_on=date(2023, 6, 30), amount="6000.00", reference="Liq. 1"
                )
            ]
        }
    )

    tracker.save(changed, original="C-PAY")

    assert tracker.contract_view("C-PAY").detail.paid_to_date == Decimal("6000.00")
    with Session(tracker.engine) as session:
        changes = list(
            session.exec(select(models.Change).where(models.Change.entity == "payment"))
        )
    assert {(c.action, c.subject_kind) for c in changes} == {
        ("create", "contract"),
        ("update", "contract"),
        ("delete", "contract"),
    }


def test_a_payment_with_a_bad_amount_is_refused_with_its_place(
    tracker: Tracker,
) -> None:
    _load(tracker)
    draft = tracker.draft_of("C-PAY")
    assert isinstance(draft, ContractDraft)
    bad = draft.model_copy(
        update={"payments": [PaymentDraft(paid_on=date(2023, 6, 30), amount="1.005")]}
    )

    with pytest.raises(ValidationError) as caught:
        tracker.save(bad, original="C-PAY")
    assert caught.value.field == "payments[0].amount"


def test_payments_go_with_their_contract(tracker: Tracker) -> None:
    _load(tracker)
    tracker.delete("A-FSE")

    tracker.delete("C-PAY")

    with Session(tracker.engine) as session:
        assert list(session.exec(select(models.Payment))) == []


def test_a_payment_after_the_paid_by_day_is_an_alert_in_both_languages(
    tracker: Tracker,
) -> None:
    _load(tracker)

    alerts = [
        a
        for a in tracker.alerts(date(2024, 3, 1))
        if a.kind.value in ("paid_after_paid_by", "unpaid_at_paid_by")
    ]
    assert [(a.kind.value, a.ref, a.key, a.message) for a in alerts] == [
        (
            "paid_after_paid_by",
            "C-PAY",
            "C-PAY/paid_after_paid_by/A-FSE",
            "C-PAY: 1 payment of €6,100.00 made after 31/12/2023, the day "
            "POR FSE 2014-2020 must be paid by: not eligible.",
        ),
        (
            "unpaid_at_paid_by",
            "C-PAY",
            "C-PAY/unpaid_at_paid_by/A-FSE",
            "C-PAY: €6,100.00 of €12,200.00 from POR FSE 2014-2020 was not paid by "
            "31/12/2023: paid €6,100.00; the rest is not eligible.",
        ),
    ]
    set_language("it")
    worded = [
        a.message
        for a in tracker.alerts(date(2024, 3, 1))
        if a.kind.value == "unpaid_at_paid_by"
    ]
    assert worded == [
        "C-PAY: 6.100,00\xa0€ di 12.200,00\xa0€ a carico di POR FSE 2014-2020 non "
        "pagati entro il 31/12/2023: pagati 6.100,00\xa0€; il resto non è ammissibile."
    ]


def test_the_dossier_lists_payments_and_a_net_published_without_its_rate(
    tracker: Tracker,
) -> None:
    data = {
        "format": "appalti-dataset",
        "version": 1,
        "funding_sources": DATASET["funding_sources"],
        "allocations": [
            {"ref": "A", "source": "POR-FSE", "funds": "C", "status": "confirmed"}
        ],
        "tenders": [
            {
                "ref": "T",
                "title": "Accompagnamento sociale",
                "status": "awarded",
                "lots": [{"ref": "T-L1", "number": 1, "title": "Lotto unico"}],
            }
        ],
        "contracts": [
            {
                "ref": "C",
                "title": "Contratto",
                "lot": "T-L1",
                "start": "2023-01-01",
                "months": 12,
                "amount": {"net": "811537.41", "vat_rate": "unknown"},
                "payments": [
                    {
                        "paid_on": "2023-03-31",
                        "amount": "100000.00",
                        "reference": "Liq. 7",
                    }
                ],
            }
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(data)))
    set_language("en")
    out = io.BytesIO()
    write_dossier(
        tracker.dossier("T", date(2023, 6, 1)), out, Formatter("en"), author="RUP"
    )
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    text = " ".join(" ".join((p.extract_text() or "") for p in pages).split())

    assert "31/03/2023 €100,000.00 Liq. 7" in text
    assert (
        "Paid to date: €100,000.00 (VAT included), of net €811,537.41 (VAT not stated)"
        in text
    )
    assert "VAT excluded without the rate" in text
    assert "31/12/2023; paid by 31/12/2023" in text


def test_the_contract_form_shows_payments_as_rows_and_reads_them_back(
    tracker: Tracker,
) -> None:
    _load(tracker)
    draft = tracker.draft_of("C-PAY")
    assert isinstance(draft, ContractDraft)

    values = values_from_draft("contract", draft)

    assert {k: v for k, v in values.items() if k.startswith("payment.")} == {
        "payment.0.paid_on": "30/06/2023",
        "payment.0.amount": "6100,00",
        "payment.0.reference": "Liq. 1",
        "payment.0.note": "",
        "payment.1.paid_on": "15/02/2024",
        "payment.1.amount": "6100,00",
        "payment.1.reference": "Liq. 2",
        "payment.1.note": "saldo",
    }
    again = draft_from_values("contract", values, base=draft)
    assert isinstance(again, ContractDraft)
    assert again.payments == draft.payments


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ({"payment.0.amount": "10,00"}, "payment.0.paid_on", "this field is required"),
        (
            {"payment.2.paid_on": "31/02/2023", "payment.2.amount": "1"},
            "payment.2.paid_on",
            None,
        ),
        (
            {"payment.0.paid_on": "01/03/2023", "payment.0.amount": "-1"},
            "payment.0.amount",
            None,
        ),
    ],
)
def test_a_payment_row_is_checked_where_it_was_typed(
    typed: dict[str, str], field: str, reason: str | None
) -> None:
    values = {"ref": "C1", "title": "x", "start": "01/02/2024", **typed}

    with pytest.raises(ValidationError) as caught:
        draft_from_values("contract", values)
    assert caught.value.field == field
    assert field_for_error("contract", caught.value.field) == "payments"
    if reason is not None:
        assert caught.value.reason == reason


def test_payments_beyond_the_forms_rows_are_kept_when_the_form_saves() -> None:
    many = [
        PaymentDraft(paid_on=date(2023, 1, 1 + i), amount=f"{i + 1}.00")
        for i in range(MAX_PAYMENTS + 3)
    ]
    base = ContractDraft(
        ref="C1", title="x", start=date(2023, 1, 1), months=12, payments=many
    )

    again = draft_from_values(
        "contract", values_from_draft("contract", base), base=base
    )

    assert isinstance(again, ContractDraft)
    assert again.payments == many
