"""Each consortium member's part of a total: whole cents adding up to the total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain.consortium import member_parts


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
