"""Funding findings, as pure rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.core.plain_records import Contract, Tender
from tracker.domain.alerts import AlertKind, Finding
from tracker.domain.funding import (
    AllocationFact,
    AllocationMismatch,
    PaidAfter,
    PastEligibility,
    PaymentFact,
    UnpaidAtPaidBy,
    funding_findings,
    paid_by_findings,
)

D = date
AS_OF = D(2023, 1, 17)
CONTRACT = Contract(
    "C1",
    D(2022, 12, 31),
    start=D(2022, 1, 1),
    end=D(2022, 12, 31),
    total_gross=Decimal("365.00"),
)


def allocation(
    amount: str | None,
    *,
    funds: str = "C1",
    status: str = "confirmed",
    eligible_until: date | None = None,
    ref: str = "A1",
) -> AllocationFact:
    return AllocationFact(
        ref,
        "POR",
        "POR FSE",
        eligible_until,
        funds,
        None if amount is None else Decimal(amount),
        status,
    )


def find(*allocations: AllocationFact, contract: Contract = CONTRACT) -> list[Finding]:
    tender = Tender("T1", "planned", latest_start=D(2023, 12, 31), title="Gara")
    return funding_findings(
        allocations, [contract], [tender], as_of=AS_OF, lead_days_for=lambda _: 180
    )


@pytest.mark.parametrize(
    ("funds", "status", "expected"),
    [
        ("T1", "pending_confirmation", [("Gara", D(2023, 7, 4))]),
        ("C1", "pending_confirmation", [("Laboratorio", None)]),
        ("T1", "confirmed", []),
        ("T1", "planned", []),
    ],
)
def test_funds_awaiting_confirmation_are_needed_by_the_day_the_procedure_must_start(
    funds: str, status: str, expected: list[tuple[str, date | None]]
) -> None:
    found = find(allocation("10.00", funds=funds, status=status))
    pending = [f for f in found if f.kind is AlertKind.FUNDING_PENDING]
    assert [(f.subject, f.due) for f in pending] == expected


ELIGIBILITY_CASES = {
    "half a year past the eligibility puts that share of the allocation at risk": (
        allocation("365.00", eligible_until=D(2022, 6, 30)),
        CONTRACT,
        PastEligibility(
            "C1",
            D(2022, 12, 31),
            allocation("365.00", eligible_until=D(2022, 6, 30)),
            D(2022, 6, 30),
            Fraction(184, 365),
            Decimal("184.00"),
        ),
    ),
    "an allocation of no stated amount puts the contract's share at risk": (
        allocation(None, eligible_until=D(2022, 6, 30)),
        CONTRACT,
        PastEligibility(
            "C1",
            D(2022, 12, 31),
            allocation(None, eligible_until=D(2022, 6, 30)),
            D(2022, 6, 30),
            Fraction(184, 365),
            Decimal("184.00"),
        ),
    ),
    "a contract ending within the eligibility is no finding": (
        allocation("365.00", eligible_until=D(2022, 12, 31)),
        CONTRACT,
        None,
    ),
    "a contract ended more than a year ago is no finding": (
        allocation("365.00", eligible_until=D(2021, 6, 30)),
        Contract("C1", D(2021, 12, 31), start=D(2021, 1, 1), end=D(2021, 12, 31)),
        None,
    ),
}


@pytest.mark.parametrize(
    ("funds", "contract", "expected"),
    ELIGIBILITY_CASES.values(),
    ids=ELIGIBILITY_CASES.keys(),
)
def test_spending_past_a_sources_eligibility_is_at_risk_in_proportion(
    funds: AllocationFact, contract: Contract, expected: PastEligibility | None
) -> None:
    found = [
        f.detail
        for f in find(funds, contract=contract)
        if f.kind is AlertKind.FUNDING_ELIGIBILITY
    ]
    assert found == ([] if expected is None else [expected])


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        (("200.00", "165.00"), None),
        (
            ("200.00", "100.00"),
            AllocationMismatch("C1", Decimal("300.00"), Decimal("365.00")),
        ),
        (
            ("200.00", "200.00"),
            AllocationMismatch("C1", Decimal("400.00"), Decimal("365.00")),
        ),
        (("200.00", None), None),  # an amount not stated cannot be added up
    ],
)
def test_allocations_must_add_up_to_what_the_contract_costs(
    amounts: tuple[str | None, ...], expected: AllocationMismatch | None
) -> None:
    allocations = [allocation(a, ref=f"A{i}") for i, a in enumerate(amounts)]
    found = [
        f.detail for f in find(*allocations) if f.kind is AlertKind.FUNDING_MISMATCH
    ]
    assert found == ([] if expected is None else [expected])


# --- must be paid by (POR FSE: by 31/12/2023) ----------------------------------

PAID_BY = D(2023, 12, 31)
FSE_CONTRACT = Contract(
    "C1",
    D(2023, 12, 31),
    start=D(2023, 1, 1),
    end=D(2023, 12, 31),
    total_gross=Decimal("12200.00"),
)


def fse(
    amount: str | None = "12200.00", paid_by: date | None = PAID_BY
) -> AllocationFact:
    return AllocationFact(
        "A1",
        "POR-FSE",
        "POR FSE",
        None,
        "C1",
        None if amount is None else Decimal(amount),
        "confirmed",
        paid_by,
    )


def paid(*pairs: tuple[date, str]) -> list[PaymentFact]:
    return [PaymentFact(day, Decimal(amount)) for day, amount in pairs]


PAID_BY_CASES = {
    "all paid in time, before the day": (
        fse(),
        paid((D(2023, 6, 30), "6100.00"), (D(2023, 12, 31), "6100.00")),
        D(2024, 1, 10),
        [],
    ),
    "before the day nothing is owed yet": (fse(), [], D(2023, 12, 30), []),
    "on the day the unpaid rest must be paid today": (
        fse(),
        paid((D(2023, 6, 30), "6100.00")),
        D(2023, 12, 31),
        [(AlertKind.UNPAID_AT_PAID_BY, "6100.00", False)],
    ),
    "after the day the unpaid rest is lost": (
        fse(),
        paid((D(2023, 6, 30), "6100.00")),
        D(2024, 1, 10),
        [(AlertKind.UNPAID_AT_PAID_BY, "6100.00", True)],
    ),
    "a payment after the day is not eligible and does not count": (
        fse(),
        paid((D(2023, 6, 30), "6100.00"), (D(2024, 2, 15), "6100.00")),
        D(2024, 3, 1),
        [
            (AlertKind.PAID_AFTER_PAID_BY, "6100.00", 1),
            (AlertKind.UNPAID_AT_PAID_BY, "6100.00", True),
        ],
    ),
    "a late payment is reported even before the day is checked": (
        fse(),
        paid((D(2024, 2, 15), "100.00")),
        D(2023, 6, 1),
        [(AlertKind.PAID_AFTER_PAID_BY, "100.00", 1)],
    ),
    "an allocation without an amount owes the contract's value": (
        fse(None),
        paid((D(2023, 6, 30), "2200.00")),
        D(2024, 1, 10),
        [(AlertKind.UNPAID_AT_PAID_BY, "10000.00", True)],
    ),
    "a source without a paid-by day checks nothing": (
        fse(paid_by=None),
        paid((D(2024, 2, 15), "6100.00")),
        D(2024, 3, 1),
        [],
    ),
    "a year after the day it is history": (fse(), [], D(2025, 1, 1), []),
}


@pytest.mark.parametrize(
    ("funded", "payments", "as_of", "expected"),
    PAID_BY_CASES.values(),
    ids=PAID_BY_CASES.keys(),
)
def test_payments_after_the_paid_by_day_and_allocations_unpaid_on_it_are_findings(
    funded: AllocationFact,
    payments: list[PaymentFact],
    as_of: date,
    expected: list[tuple[AlertKind, str, object]],
) -> None:
    found = paid_by_findings([funded], [FSE_CONTRACT], {"C1": payments}, as_of=as_of)

    seen: list[tuple[AlertKind, str, object]] = []
    for f in found:
        assert f.ref == "C1"
        assert f.due == PAID_BY
        if isinstance(f.detail, PaidAfter):
            seen.append((f.kind, str(f.detail.amount), f.detail.payments))
        else:
            assert isinstance(f.detail, UnpaidAtPaidBy)
            seen.append((f.kind, str(f.detail.unpaid), f.detail.passed))
    assert seen == expected


def test_a_contract_with_neither_an_allocation_amount_nor_a_value_cannot_be_checked() -> (
    None
):
    unvalued = Contract("C1", PAID_BY, start=D(2023, 1, 1), end=PAID_BY)

    assert paid_by_findings([fse(None)], [unvalued], {}, as_of=D(2024, 1, 10)) == []
