"""Yearly commitments, as pure rules: the split per financial year, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.plain_records import Contract, Option
from tracker.domain.commitments import (
    Columns,
    Group,
    PartKind,
    Unplaced,
    YearFigure,
    YearRow,
    commitment_parts,
    committed_rows,
    paid_by_year,
    shortfall,
    split_by_weights,
    split_by_year,
    spread,
    year_days,
)
from tracker.domain.money import Amount, VatRate
from tracker.domain.periods import Period

D = date
E = Decimal


def grouped(groups: tuple[Group, ...]) -> dict[tuple[str, ...], YearRow]:
    return {group.refs: group.figures for group in groups}


LORENTEGGIO = Contract(
    "LOR-2019-C1",
    D(2022, 12, 20),
    start=D(2019, 6, 21),
    end=D(2022, 6, 20),
    months=36,
    amount=Amount.of_gross(E("828415.20")),
    options=(
        Option(
            "LOR-2019-C1-R1",
            "renewal",
            "exercised",
            D(2022, 6, 21),
            D(2022, 12, 20),
            6,
            Amount.of_gross(E("138069.20")),
        ),
    ),
)


def test_lorenteggio_2019_splits_to_the_cent_over_2019_2022() -> None:
    base, renewal = commitment_parts(LORENTEGGIO)
    # 194, 366, 365 and 171 of 1,096 days; the two cents left go to the largest
    # remainders (2019: ...,537; 2021: ...,449)
    assert base.years == {
        2019: E("146635.54"),
        2020: E("276642.30"),
        2021: E("275886.45"),
        2022: E("129250.91"),
    }
    assert sum(base.years.values()) == E("828415.20")
    assert renewal.kind is PartKind.OPTION
    assert renewal.years == {2022: E("138069.20")}
    rows = grouped(
        committed_rows([base, renewal], Columns(2019, 4), {"LOR-2019-C1": ("LSL",)})
    )
    assert [f.value for f in rows[("LSL",)].years] == [
        E("146635.54"),
        E("276642.30"),
        E("275886.45"),
        E("267320.11"),
    ]
    assert rows[("LSL",)].total.value == E("966484.40")
    assert rows[("LSL",)].later == YearFigure()


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period(D(2023, 1, 1), D(2023, 12, 31)), {2023: 365}),
        (Period(D(2023, 12, 31), D(2024, 1, 1)), {2023: 1, 2024: 1}),
        (Period(D(2024, 2, 28), D(2024, 3, 1)), {2024: 3}),
        (
            Period(D(2022, 12, 21), D(2025, 12, 31)),
            {2022: 11, 2023: 365, 2024: 366, 2025: 365},
        ),
    ],
)
def test_year_days(period: Period, expected: dict[int, int]) -> None:
    assert year_days(period) == expected


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (
            "1.00",
            {2023: 1, 2024: 1, 2025: 1},
            {2023: "0.34", 2024: "0.33", 2025: "0.33"},
        ),
        (
            "0.02",
            {2023: 1, 2024: 1, 2025: 1},
            {2023: "0.01", 2024: "0.01", 2025: "0.00"},
        ),
        ("100.00", {2023: 0, 2024: 3}, {2023: "0.00", 2024: "100.00"}),
        ("0.00", {2023: 5}, {2023: "0.00"}),
    ],
)
def test_split_by_weights(
    total: str, weights: dict[int, int], expected: dict[int, str]
) -> None:
    assert split_by_weights(E(total), weights) == {k: E(v) for k, v in expected.items()}


def test_nothing_to_share_by_is_refused() -> None:
    with pytest.raises(ValueError, match="nothing to share"):
        split_by_weights(E("1.00"), {2023: 0})


@given(
    cents=st.integers(min_value=0, max_value=10**12),
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=4000),
)
def test_every_split_adds_up_to_the_cent(cents: int, start: date, days: int) -> None:
    total = E(cents) / 100
    period = Period(start, date.fromordinal(start.toordinal() + days))
    shares = split_by_year(total, period)
    assert sum(shares.values()) == total
    assert set(shares) == set(range(period.start.year, period.end.year + 1))
    assert all(s >= 0 for s in shares.values())


def test_an_option_given_in_months_starts_after_what_it_extends() -> None:
    contract = Contract(
        "C1",
        D(2023, 12, 31),
        start=D(2023, 1, 1),
        end=D(2023, 12, 31),
        amount=Amount.of_gross(E("365.00")),
        options=(
            Option(
                "R1", "renewal", "planned", None, None, 12, Amount.of_gross(E("366.00"))
            ),
            Option(
                "X1", "renewal", "lapsed", None, None, 12, Amount.of_gross(E("1.00"))
            ),
        ),
    )
    base, planned = commitment_parts(contract)
    assert planned.kind is PartKind.PLANNED_OPTION
    assert planned.period == Period(D(2024, 1, 1), D(2024, 12, 31))
    assert planned.years == {2024: E("366.00")}
    # a planned option is never committed
    rows = grouped(committed_rows([base, planned], Columns(2023), {"C1": ("S",)}))
    assert [f.value for f in rows[("S",)].years] == [E("365.00"), E("0.00"), E("0.00")]


@pytest.mark.parametrize(
    ("amount", "start", "end", "unplaced"),
    [
        (None, D(2023, 1, 1), D(2023, 12, 31), Unplaced.NO_AMOUNT),
        (
            Amount.of_net(E("100.00"), VatRate.UNKNOWN),
            D(2023, 1, 1),
            D(2023, 12, 31),
            Unplaced.NET_ONLY,
        ),
        (Amount.of_gross(E("100.00")), None, None, Unplaced.NO_PERIOD),
        (
            Amount.of_net(E("100.00"), VatRate.STANDARD),
            D(2023, 1, 1),
            D(2023, 12, 31),
            None,
        ),
    ],
)
def test_what_is_not_known_is_not_split(
    amount: Amount | None,
    start: date | None,
    end: date | None,
    unplaced: Unplaced | None,
) -> None:
    contract = Contract("C1", D(2023, 12, 31), start=start, end=end, amount=amount)  # type: ignore[arg-type]
    (base,) = commitment_parts(contract)
    assert base.unplaced is unplaced
    assert base.years == ({} if unplaced else {2023: E("122.00")})


def test_a_year_with_a_part_not_stated_has_no_figure() -> None:
    known = Contract(
        "C1",
        D(2023, 12, 31),
        start=D(2023, 1, 1),
        end=D(2023, 12, 31),
        amount=Amount.of_gross(E("365.00")),
    )
    unknown = Contract("C2", D(2024, 6, 30), start=D(2024, 1, 1), end=D(2024, 6, 30))
    undated = Contract(
        "C3",
        D(2024, 6, 30),
        start=None,  # type: ignore[arg-type]
        end=None,  # type: ignore[arg-type]
        amount=Amount.of_gross(E("9.00")),
    )
    parts = [
        *commitment_parts(known),
        *commitment_parts(unknown),
        *commitment_parts(undated),
    ]
    rows = grouped(
        committed_rows(parts, Columns(2023), {"C1": ("S",), "C2": ("S",), "C3": ("T",)})
    )
    s2023, s2024, s2025 = rows[("S",)].years
    assert (s2023.value, s2024.value, s2025.value) == (E("365.00"), None, E("0.00"))
    assert s2024 == YearFigure(E("0.00"), ("C2",))
    # with no period the year is not known: every column may hold it
    assert all(f.missing == ("C3",) for f in (*rows[("T",)].years, rows[("T",)].later))
    assert rows[("S",)].total.value is None


def test_an_allocation_follows_the_cost_of_what_it_pays_for() -> None:
    parts = commitment_parts(LORENTEGGIO)
    assert spread(E("966484.40"), parts) == {
        2019: E("146635.54"),
        2020: E("276642.30"),
        2021: E("275886.45"),
        2022: E("267320.11"),
    }
    # with the cost unknown, by days
    unknown = Contract("C2", D(2024, 12, 31), start=D(2023, 7, 1), end=D(2024, 6, 30))
    assert spread(E("100.00"), commitment_parts(unknown)) == {
        2023: E("50.27"),
        2024: E("49.73"),
    }
    undated = Contract("C3", D(2024, 6, 30), start=None, end=None)  # type: ignore[arg-type]
    assert spread(E("100.00"), commitment_parts(undated)) == {}


@pytest.mark.parametrize(
    ("committed", "confirmed", "expected"),
    [
        (YearFigure(E("100.00")), YearFigure(E("40.00")), E("60.00")),
        (YearFigure(E("100.00")), YearFigure(E("140.00")), E("0.00")),
        (YearFigure(E("100.00"), ("C2",)), YearFigure(E("40.00")), None),
        (YearFigure(E("100.00")), YearFigure(E("0.00"), ("A1",)), None),
    ],
)
def test_shortfall(
    committed: YearFigure, confirmed: YearFigure, expected: Decimal | None
) -> None:
    assert shortfall(committed, confirmed) == expected


def test_payments_by_year() -> None:
    assert paid_by_year(
        [
            (D(2022, 12, 31), E("1.00")),
            (D(2023, 1, 1), E("2.00")),
            (D(2023, 5, 1), E("3.50")),
        ]
    ) == {
        2022: E("1.00"),
        2023: E("5.50"),
    }
