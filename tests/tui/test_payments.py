"""Payments on the contract screen: listed, with the cash paid to date beside the
contract's value (the Milan contract given payments in the test only)."""

from __future__ import annotations

from datetime import date

from tests.tui.test_details import open_detail, rows, text_of
from tracker.api import Tracker
from tracker.drafts import ContractDraft, PaymentDraft
from tui.app import TrackerApp
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
                ]
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
        assert "€276,138.40 paid to date (VAT included), of €966,484.40" in text_of(
            screen
        )


async def test_a_contract_without_payments_shows_no_payment_section(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        assert not screen.query("#payments")
        assert "paid to date" not in text_of(screen)
