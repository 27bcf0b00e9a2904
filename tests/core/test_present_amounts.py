"""Amounts say which halves the source states, in each language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.amounts import (
    amount_columns,
    amount_words,
    known_half_words,
    quinto_words,
    totals_columns,
    unstated_rate_note,
)
from tracker.queries.rows import AmountRow, QuintoRow, TotalsRow

NET_22 = AmountRow("net", "22", Decimal(1000), Decimal(220), Decimal(1220))
GROSS_ONLY = AmountRow("gross", "unknown", None, None, Decimal(1220))
EXEMPT = AmountRow("net", "exempt", Decimal(1000), Decimal(0), Decimal(1000))
NET_ONLY = AmountRow("net", "unknown", Decimal("811537.41"), None, None)
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
    (
        NET_ONLY,
        "€811,537.41 VAT excluded, rate not stated",
        f"811.537,41{NBSP}€ IVA esclusa, aliquota non indicata",
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
    (NET_ONLY, ("€811,537.41", "rate unknown", "not known", "not known")),
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
    (
        TotalsRow(Decimal("811537.41"), None, None, 2, ("O1",)),
        "it",
        (
            "Total (importo non indicato: O1)",
            f"almeno 811.537,41{NBSP}€",
            "",
            "non noto",
            "non noto",
        ),
    ),
]


@pytest.mark.parametrize(("totals", "language", "expected"), TOTALS)
def test_a_total_missing_amounts_is_a_floor_naming_them(
    totals: TotalsRow, language: str, expected: tuple[str, ...]
) -> None:
    set_language(language)
    assert totals_columns("Total", totals, Formatter(language)) == expected


CELLS = [
    (Decimal(1220), None, False, "en", "€1,220.00"),
    (None, Decimal("811537.41"), False, "en", "net €811,537.41 (VAT not stated)"),
    (
        None,
        Decimal("811537.41"),
        False,
        "it",
        f"imponibile 811.537,41{NBSP}€ (IVA non indicata)",
    ),
    (None, Decimal(100), True, "en", "at least net €100.00 (VAT not stated)"),
    (None, None, False, "en", "not stated"),
]


@pytest.mark.parametrize(("gross", "net", "floor", "language", "expected"), CELLS)
def test_a_list_cell_shows_the_known_half_and_names_a_net(
    gross: Decimal | None,
    net: Decimal | None,
    floor: bool,
    language: str,
    expected: str,
) -> None:
    set_language(language)
    assert known_half_words(Formatter(language), gross, net, floor=floor) == expected


QUINTOS = [
    (
        QuintoRow(Decimal(100), Decimal(200), True),
        "Quinto d'obbligo used (exercised variations): €100.00 of €200.00, 50% (net of VAT)",
    ),
    (
        QuintoRow(None, None, False),
        "Quinto d'obbligo: cannot be checked (the base and the variations state different halves of their amounts, the VAT rate not stated)",
    ),
]


@pytest.mark.parametrize(("quinto", "expected"), QUINTOS)
def test_the_quinto_says_when_it_cannot_be_checked(
    quinto: QuintoRow, expected: str
) -> None:
    set_language("en")
    assert quinto_words(quinto, Formatter("en")) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (NET_22, None),
        (GROSS_ONLY, "The source states the amounts VAT included without the rate"),
        (NET_ONLY, "The source states the amounts VAT excluded without the rate"),
    ],
)
def test_a_money_table_says_which_half_its_source_left_out(
    amount: AmountRow, expected: str | None
) -> None:
    set_language("en")
    note = unstated_rate_note(amount)
    assert (note is None) if expected is None else note.startswith(expected)  # type: ignore[union-attr]
