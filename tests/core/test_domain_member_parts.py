"""Each consortium member's part of a total: whole cents adding up to the total,
worded alike in every document."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain.consortium import member_parts
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.parts import member_part_words
from tracker.queries.rows import MemberRow, SupplierRow, TotalsRow


def shares(*values: str | None) -> list[Decimal | None]:
    return [None if v is None else Decimal(v) for v in values]


CASES = {
    # rounded one by one: 821.166,57 + 252.666,64 + 189.499,98 = 1.263.333,19
    "the Lorenteggio ATI of the trial adds up to its total": (
        "1263333.18",
        shares("65", "20", "15"),
        ["821166.57", "252666.63", "189499.98"],
    ),
    "a cent left over goes to the largest remainder": (
        "100.00",
        shares("33.33", "33.33", "33.34"),
        ["33.33", "33.33", "33.34"],
    ),
    "on a tie the earlier member (the lead) takes the cent": (
        "0.01",
        shares("50", "50"),
        ["0.01", "0.00"],
    ),
    "thirds of a euro": (
        "1.00",
        shares("33.34", "33.33", "33.33"),
        ["0.34", "0.33", "0.33"],
    ),
    "exact parts are left as they are": (
        "1000.00",
        shares("40", "60"),
        ["400.00", "600.00"],
    ),
    "five members of a large contract": (
        "966484.40",
        shares("40", "15", "15", "15", "15"),
        ["386593.76", "144972.66", "144972.66", "144972.66", "144972.66"],
    ),
    "a zero total gives zero parts": (
        "0.00",
        shares("70", "30"),
        ["0.00", "0.00"],
    ),
}


@pytest.mark.parametrize(
    ("total", "member_shares", "expected"), CASES.values(), ids=CASES.keys()
)
def test_the_parts_are_whole_cents_that_add_up_to_the_total(
    total: str, member_shares: list[Decimal | None], expected: list[str]
) -> None:
    parts = member_parts(Decimal(total), member_shares)
    assert parts == [Decimal(e) for e in expected]
    assert sum(parts, Decimal(0)) == Decimal(total)


@pytest.mark.parametrize(
    "member_shares",
    [
        pytest.param(shares("60", None), id="a-share-not-stated"),
        pytest.param(shares(None, None), id="no-share-stated"),
        pytest.param(shares("60", "30"), id="shares-not-adding-up-to-100"),
        pytest.param([], id="no-members"),
    ],
)
def test_no_part_is_guessed(member_shares: list[Decimal | None]) -> None:
    assert member_parts(Decimal("1000.00"), member_shares) is None


def supplier(*member_shares: str | None) -> SupplierRow:
    return SupplierRow(
        "ATI",
        "ATI",
        "ATI",
        None,
        tuple(
            MemberRow(f"M{i}", f"M{i}", "mandante", s, None)
            for i, s in enumerate(shares(*member_shares))
        ),
    )


def totals(gross: str | None, missing: tuple[str, ...] = ()) -> TotalsRow:
    return TotalsRow(None, None, None if gross is None else Decimal(gross), 1, missing)


WORDED = {
    "parts of a gross": (
        supplier("65", "35"),
        totals("100.01"),
        ["65,01\xa0€", "35,00\xa0€"],
    ),
    "a share not stated": (
        supplier("65", None),
        totals("100.00"),
        ["quota non indicata"] * 2,
    ),
    "a total known net only": (supplier("65", "35"), totals(None), ["non noto"] * 2),
    "a total that is a floor is split as printed": (
        supplier("65", "35"),
        totals("100.00", ("R1",)),
        ["65,00\xa0€", "35,00\xa0€"],
    ),
    "no total": (supplier("65", "35"), None, ["non noto"] * 2),
}


@pytest.mark.parametrize(
    ("group", "total", "expected"), WORDED.values(), ids=WORDED.keys()
)
def test_every_document_words_the_parts_alike(
    group: SupplierRow, total: TotalsRow | None, expected: list[str]
) -> None:
    set_language("it")
    try:
        assert member_part_words(group, total, Formatter("it")) == expected
    finally:
        set_language("en")
