"""The payments of a contract as rows of its form: a day, an amount (VAT included,
cash paid), a reference and a note per row, read into payment drafts and back."""

from __future__ import annotations

import re
from typing import Any

from tracker.domain.periods import day_problem
from tracker.domain.text import check_text
from tracker.errors import N_, ValidationError
from tracker.formatting import parse_day

MAX_PAYMENTS = 24
PAYMENT_PARTS = ("paid_on", "amount", "reference", "note")


def payment_name(index: int, part: str) -> str:
    """The form value holding one part of a payment row: ``payment.0.amount``."""
    return f"payment.{index}.{part}"


def payments_from_values(values: dict[str, str]) -> list[dict[str, Any]]:
    """The payments typed in the form's rows, empty rows left out, each checked
    where it was typed (a day, an amount such as 1.234,56)."""
    from tracker.forms import parse_typed_money  # the form's own money reading

    payments: list[dict[str, Any]] = []
    for index in range(MAX_PAYMENTS):
        typed = {
            part: values.get(payment_name(index, part), "").strip()
            for part in PAYMENT_PARTS
        }
        if not any(typed.values()):
            continue
        for part in ("paid_on", "amount"):
            if not typed[part]:
                raise ValidationError(
                    payment_name(index, part), "", N_("this field is required")
                )
        day_field = payment_name(index, "paid_on")
        day = parse_day(typed["paid_on"], field=day_field)
        problem = day_problem(day)
        if problem is not None:
            raise ValidationError(day_field, typed["paid_on"], problem)
        for part in ("reference", "note"):
            check_text(typed[part], field=payment_name(index, part))
        payments.append(
            {
                "paid_on": day,
                "amount": parse_typed_money(
                    typed["amount"], field=payment_name(index, "amount")
                ),
                "reference": typed["reference"] or None,
                "note": typed["note"] or None,
            }
        )
    return payments


def payment_values(payments: list[dict[str, Any]]) -> dict[str, str]:
    """The form's rows for a contract's payments (a draft dumped as Python)."""
    values: dict[str, str] = {}
    for index, payment in enumerate(payments[:MAX_PAYMENTS]):
        values[payment_name(index, "paid_on")] = payment["paid_on"].strftime("%d/%m/%Y")
        values[payment_name(index, "amount")] = str(payment["amount"]).replace(".", ",")
        values[payment_name(index, "reference")] = payment.get("reference") or ""
        values[payment_name(index, "note")] = payment.get("note") or ""
    return values


def payment_row_of(error_field: str) -> str | None:
    """The form value a core error about a payment names: ``payments[2].amount``
    (the service) or ``payment.2.amount`` (the form) both give ``payment.2.amount``."""
    found = re.fullmatch(r"payments?[\[.](\d+)\]?\.?(\w+)?", error_field)
    if found is None:
        return None
    part = found.group(2) if found.group(2) in PAYMENT_PARTS else "amount"
    return payment_name(int(found.group(1)), part)
