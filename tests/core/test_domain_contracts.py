"""Where a contract stands on a day and up to when it covers: the rules of
tracker.domain.contracts, and their SQL copy used to page the list of contracts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Date, Integer, String, create_engine, literal, null, select

from tracker.domain.contracts import (
    STATE_ORDER,
    ContractState,
    contract_state,
    covered_until,
)
from tracker.domain.money import Amount, Basis, VatRate, from_cents, quantize
from tracker.queries.contract_list import contract_state_sql, covered_until_sql
from tracker.queries.paging import gross_cents, gross_hundredths

DAY = date(2024, 6, 15)


@dataclass(frozen=True)
class Option:
    state: str
    end: date | None


STATES = [
    # start, last covered day, expected state on DAY
    (date(2024, 6, 16), date(2025, 6, 15), ContractState.UPCOMING),
    (date(2024, 6, 15), date(2025, 6, 15), ContractState.RUNNING),
    (date(2023, 1, 1), date(2024, 6, 15), ContractState.RUNNING),
    (date(2023, 1, 1), date(2024, 6, 14), ContractState.ENDED),
    (date(2024, 6, 15), date(2024, 6, 15), ContractState.RUNNING),
    # known by one end: only what that end settles, else uncertain
    (None, date(2024, 6, 14), ContractState.ENDED),
    (None, date(2024, 6, 15), ContractState.UNCERTAIN),
    (None, date(2030, 1, 1), ContractState.UNCERTAIN),
    (date(2024, 6, 16), None, ContractState.UPCOMING),
    (date(2024, 6, 15), None, ContractState.UNCERTAIN),
    (date(2020, 1, 1), None, ContractState.UNCERTAIN),
    (None, None, ContractState.UNCERTAIN),
]

COVERAGE = [
    # base end, options, expected end of coverage
    (date(2024, 12, 31), [], date(2024, 12, 31)),
    (date(2024, 12, 31), [Option("exercised", date(2025, 12, 31))], date(2025, 12, 31)),
    (date(2024, 12, 31), [Option("planned", date(2025, 12, 31))], date(2024, 12, 31)),
    (date(2024, 12, 31), [Option("lapsed", date(2025, 12, 31))], date(2024, 12, 31)),
    (date(2024, 12, 31), [Option("exercised", None)], date(2024, 12, 31)),
    (date(2024, 12, 31), [Option("exercised", date(2024, 6, 30))], date(2024, 12, 31)),
    (
        date(2024, 12, 31),
        [
            Option("exercised", date(2025, 6, 30)),
            Option("exercised", date(2026, 6, 30)),
        ],
        date(2026, 6, 30),
    ),
    # no end stated: only an exercised option's end is known, else nothing
    (None, [], None),
    (None, [Option("planned", date(2025, 12, 31))], None),
    (None, [Option("exercised", None)], None),
    (None, [Option("exercised", date(2025, 12, 31))], date(2025, 12, 31)),
]


def _sql_value(expression: object) -> object:
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        return connection.execute(select(expression)).scalar_one()  # type: ignore[call-overload]


@pytest.mark.parametrize(("start", "covered", "expected"), STATES)
def test_a_contract_is_upcoming_before_its_start_running_through_its_last_covered_day_then_ended(
    start: date | None, covered: date | None, expected: ContractState
) -> None:
    assert contract_state(start, covered, DAY) is expected


@pytest.mark.parametrize(("start", "covered", "expected"), STATES)
def test_the_list_pages_contracts_by_state_as_the_rule_decides_it(
    start: date | None, covered: date | None, expected: ContractState
) -> None:
    state = contract_state_sql(literal(start, Date), literal(covered, Date), DAY)
    assert _sql_value(state) == expected.value


@pytest.mark.parametrize(("end", "options", "expected"), COVERAGE)
def test_only_exercised_options_with_an_end_extend_what_a_contract_covers(
    end: date | None, options: list[Option], expected: date | None
) -> None:
    assert covered_until(end, options) == expected


@pytest.mark.parametrize(("end", "options", "expected"), COVERAGE)
def test_the_list_pages_contracts_by_coverage_as_the_rule_decides_it(
    end: date | None, options: list[Option], expected: date | None
) -> None:
    ends = [o.end for o in options if o.state == "exercised" and o.end]
    exercised_end = literal(max(ends), Date) if ends else null()
    covered = covered_until_sql(literal(end, Date), exercised_end)
    assert _sql_value(covered) == expected


@pytest.mark.parametrize("rate", list(VatRate))
@pytest.mark.parametrize("basis", list(Basis))
def test_the_list_sorts_amounts_by_the_gross_the_domain_computes(
    rate: VatRate, basis: Basis
) -> None:
    if basis is Basis.NET and rate is VatRate.UNKNOWN:
        return
    amount = Amount(Decimal("1234.57"), basis, rate)
    key = gross_hundredths(
        literal(123457, Integer),
        literal(basis.value, String),
        literal(rate.value, String),
    )
    # The key is exact to a hundredth of a cent; the amount shown is rounded to one.
    assert quantize(Decimal(str(_sql_value(key))) / 10000) == amount.gross


@pytest.mark.parametrize(
    "cents", [0, 1, 5, 25, 75, 125, 375, 250, 4999, 123457, 99999999]
)
@pytest.mark.parametrize("rate", list(VatRate))
@pytest.mark.parametrize("basis", list(Basis))
def test_the_list_shows_the_gross_the_domain_computes_to_the_cent(
    cents: int, rate: VatRate, basis: Basis
) -> None:
    if basis is Basis.NET and rate is VatRate.UNKNOWN:
        return
    amount = Amount(from_cents(cents), basis, rate)
    gross = gross_cents(
        literal(cents, Integer),
        literal(basis.value, String),
        literal(rate.value, String),
    )
    assert from_cents(int(str(_sql_value(gross)))) == amount.gross


def test_every_state_has_a_place_in_the_list_order() -> None:
    assert sorted(STATE_ORDER, key=STATE_ORDER.__getitem__) == [
        "upcoming",
        "running",
        "uncertain",
        "ended",
    ]
    assert set(STATE_ORDER) == {s.value for s in ContractState}
