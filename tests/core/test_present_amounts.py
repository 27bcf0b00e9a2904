"""Amounts say which halves the source states, in each language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.amounts import amount_columns, amount_words, totals_columns
from tracker.queries.rows import AmountRow, TotalsRow

NET_22 = AmountRow("net", "22", Decimal(1000), Decimal(220), Decimal(1220))
GROSS_ONLY = AmountRow("gross", "unknown", None, None, Decimal(1220))
EXEMPT = AmountRow("net", "exempt", Decimal(1000), Decimal(0), Decimal(1000))
NBSP = "\xa0"

WORDS = [
    (
        NET_22,
        "€1,220.00 VAT included (net €1,000.00, VAT 22%)",
        f"1.220,00{NBSP}€ IVA inclusa (imponibile 1.000,00{NBSP}€, IVA 22%)",
    ),
    (
        GROSS_ONLY,
        "€1,220.00 VAT included (net not known, VAT rate unknown)",
        f"1.220,00{NBSP}€ IVA inclusa (imponibile non noto, IVA aliquota non indicata)",
    ),
    (
        EXEMPT,
        "€1,000.00 VAT included (net €1,000.00, VAT exempt)",
        f"1.000,00{NBSP}€ IVA inclusa (imponibile 1.000,00{NBSP}€, IVA esente)",
    ),
    (None, "not stated", "n.d."),
]


@pytest.mark.parametrize(("amount", "english", "italian"), WORDS)
@pytest.mark.parametrize("language", ["en", "it"])
def test_an_amount_reads_gross_first_with_what_is_known_of_its_net(
    amount: AmountRow | None, english: str, italian: str, language: str
) -> None:
    set_language(language)
    expected = english if language == "en" else italian
    assert amount_words(amount, Formatter(language)) == expected


COLUMNS = [
    (NET_22, ("€1,000.00", "22%", "€220.00", "€1,220.00")),
    (GROSS_ONLY, ("not known", "rate unknown", "not known", "€1,220.00")),
    (EXEMPT, ("€1,000.00", "exempt", "€0.00", "€1,000.00")),
]


@pytest.mark.parametrize(("amount", "expected"), COLUMNS)
def test_a_table_row_says_the_unknown_halves_of_an_amount(
    amount: AmountRow, expected: tuple[str, ...]
) -> None:
    set_language("en")
    assert amount_columns(amount, Formatter("en")) == expected


TOTALS = [
    (
        TotalsRow(Decimal(1000), Decimal(220), Decimal(1220), 2),
        "en",
        ("Total", "€1,000.00", "", "€220.00", "€1,220.00"),
    ),
    (
        TotalsRow(None, None, Decimal(1220), 3, ("O1", "O2")),
        "en",
        (
            "Total (amount not stated: O1, O2)",
            "not known",
            "",
            "not known",
            "at least €1,220.00",
        ),
    ),
    (
        TotalsRow(None, None, Decimal(1220), 3, ("O1",)),
        "it",
        (
            "Total (importo non indicato: O1)",
            "non noto",
            "",
            "non noto",
            f"almeno 1.220,00{NBSP}€",
        ),
    ),
]


@pytest.mark.parametrize(("totals", "language", "expected"), TOTALS)
def test_a_total_missing_amounts_is_a_floor_naming_them(
    totals: TotalsRow, language: str, expected: tuple[str, ...]
) -> None:
    set_language(language)
    assert totals_columns("Total", totals, Formatter(language)) == expected
