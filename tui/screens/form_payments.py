"""The payment rows of a contract's form: day, amount (VAT included), reference and
note, a few shown and more on "Add a payment"."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Input

from tracker.form_payments import MAX_PAYMENTS, payment_name
from tracker.i18n import _

SHOWN_PAYMENTS = 2


def _row_id(index: int) -> str:
    return f"f-payment-{index}-row"


def _input_id(index: int, part: str) -> str:
    return "f-" + payment_name(index, part).replace(".", "-").replace("_", "-")


def payment_rows(values: dict[str, str]) -> ComposeResult:
    """The rows, filled from ``values``; the filled ones and two more are shown."""
    filled = sum(
        1
        for index in range(MAX_PAYMENTS)
        if values.get(payment_name(index, "paid_on"))
        or values.get(payment_name(index, "amount"))
    )
    for index in range(MAX_PAYMENTS):
        row = Horizontal(classes="payment", id=_row_id(index))
        row.display = index < filled + SHOWN_PAYMENTS
        with row:
            for part, placeholder, classes in (
                ("paid_on", "gg/mm/aaaa", "day"),
                ("amount", "1.234,56", "amount"),
                ("reference", _("reference"), ""),
                ("note", _("note"), ""),
            ):
                yield Input(
                    values.get(payment_name(index, part), ""),
                    placeholder=placeholder,
                    compact=True,
                    classes=classes,
                    id=_input_id(index, part),
                )
    yield Button(_("Add a payment"), id="add-payment", compact=True)


def show_next_payment(screen: Screen[Any]) -> bool:
    """Show the first hidden row and put the cursor in it; False when all show."""
    for index in range(MAX_PAYMENTS):
        row = screen.query_one("#" + _row_id(index))
        if not row.display:
            row.display = True
            screen.query_one("#" + _input_id(index, "paid_on"), Input).focus()
            return True
    return False
