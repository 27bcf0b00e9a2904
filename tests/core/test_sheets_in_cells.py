"""Cells as a spreadsheet stores them, read back as what a person types."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tracker.forms import FORMS
from tracker.sheets_cells import cell_text
from tracker.sheets_layout import choice_code


@pytest.mark.parametrize(
    ("value", "number_format", "typed"),
    [
        (None, "General", ""),
        ("  LOR-2019 ", "@", "LOR-2019"),
        (date(2022, 12, 20), "DD/MM/YYYY", "20/12/2022"),
        (datetime(2022, 12, 20, 0, 0), "DD/MM/YYYY", "20/12/2022"),  # noqa: DTZ001 (a spreadsheet holds no zone)
        (828415.2, '#,##0.00 "€"', "828415,2"),
        (1.234, "General", "1,234"),  # never read as one thousand two hundred
        (Decimal("1200.50"), "General", "1200,5"),
        (36, "0", "36"),
        (36.0, "General", "36"),
        (0.4, "0%", "40"),
        (0.3334, "0.00%", "33,34"),
        (0.22, "0%", "22"),
        (0, "0%", "0"),
        ('\'=HYPERLINK("http://x","y")', "General", '=HYPERLINK("http://x","y")'),
        ("'+1", "General", "+1"),
        ("'ciao", "General", "'ciao"),
        (True, "General", "TRUE"),
    ],
)
def test_a_cell_reads_as_typed(value: Any, number_format: str, typed: str) -> None:
    assert cell_text(value, number_format) == typed


VAT = next(f for f in FORMS["contract"] if f.name == "amount_vat_rate")
STATUS = next(f for f in FORMS["allocation"] if f.name == "status")


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        (VAT, "22", "22"),
        (VAT, "22%", "22"),
        (VAT, "22 %", "22"),
        (VAT, "0", "exempt"),
        (VAT, "Esente", "exempt"),
        (VAT, "non indicata", "unknown"),
        (VAT, "unknown", "unknown"),
        (VAT, "23", None),
        (STATUS, "in attesa di conferma", "pending_confirmation"),
        (STATUS, "Pending confirmation", "pending_confirmation"),
        (STATUS, "pending_confirmation", "pending_confirmation"),
        (STATUS, "  CONFERMATO ", "confirmed"),
        (STATUS, "forse", None),
    ],
)
def test_a_choice_reads_in_either_language_or_as_stored(
    field: Any, text: str, code: str | None
) -> None:
    assert choice_code(field, text) == code
