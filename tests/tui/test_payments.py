"""Payments on the contract screen: listed, with the cash paid to date beside the
contract's value (the Milan contract given payments in the test only)."""

from __future__ import annotations

from datetime import date

from tests.tui.helpers import settle, until
from tests.tui.test_details import open_detail, rows, text_of
from tests.tui.test_flows import field_error, type_into
from tracker.api import Tracker
from tracker.drafts import ContractDraft, PaymentDraft
from tui.app import TrackerApp
from tui.screens.form import RecordForm
from tui.screens.records.contract import ContractScreen


async def test_the_contract_screen_lists_payments_and_the_paid_to_date(
    app_tracker: Tracker,
) -> None:
    draft = app_tracker.draft_of("LOR-2019-C1")
    assert isinstance(draft, ContractDraft)
    app_tracker.save(
        draft.model_copy(
            update={
                "options": [],
                "payments": [
                    PaymentDraft(
                        paid_on=date(2019, 12, 31),
                        amount="138069.20",
                        reference="Liq. 1",
                    ),
                    PaymentDraft(paid_on=date(2020, 6, 30), amount="138069.20"),
                ],
            }
        ),
        original="LOR-2019-C1",
    )
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        assert isinstance(screen, ContractScreen)
        assert rows(screen, "payments") == [
            ["31/12/2019", "€138,069.20", "Liq. 1", ""],
            ["30/06/2020", "€138,069.20", "-", ""],
        ]
        assert "Paid to date: €276,138.40 (VAT included), of €966,484.40" in text_of(
            screen
        )


async def test_a_contract_without_payments_shows_no_payment_section(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        assert not screen.query("#payments")
        assert "Paid to date" not in text_of(screen)


async def test_payments_are_typed_in_the_contract_form_and_a_bad_one_is_marked(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_detail(pilot, "LOR-2019-C1")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "payment.0.paid_on", "31/12/2019")
        await type_into(pilot, "payment.0.amount", "1.234,5")
        await type_into(pilot, "payment.1.paid_on", "30/06/2020")
        await type_into(pilot, "payment.1.amount", "12,345")
        await pilot.press("ctrl+s")
        await until(
            pilot, lambda: "at most two decimals" in field_error(pilot, "payments")
        )
        assert field_error(pilot, "payments") == (
            "⚠ payment 2: an amount has at most two decimals (12,345)"
        )
        await type_into(pilot, "payment.1.amount", "12,34")
        await type_into(pilot, "payment.1.reference", "Liq. 2")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    draft = app_tracker.draft_of("LOR-2019-C1")
    assert isinstance(draft, ContractDraft)
    assert [(p.paid_on, p.amount, p.reference) for p in draft.payments] == [
        (date(2019, 12, 31), "1234.50", None),
        (date(2020, 6, 30), "12.34", "Liq. 2"),
    ]
    assert [o.ref for o in draft.options] == ["LOR-2019-C1-R1"]
