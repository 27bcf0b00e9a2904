"""Renewals, the quinto d'obbligo and value thresholds, as pure rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.core.plain_records import Contract, Option, Tender
from tracker.domain.alerts import AlertKind
from tracker.domain.money import Amount, VatRate
from tracker.domain.rules import (
    counts_towards_quinto,
    money_findings,
    quinto_usage,
    renewal_matches,
    threshold_still_reported,
)

D = date
AS_OF = D(2023, 1, 17)


@pytest.mark.parametrize(
    ("kind", "state", "with_planned", "counts"),
    [
        ("quinto_variation", "exercised", True, True),
        ("quinto_variation", "planned", True, True),
        ("quinto_variation", "lapsed", True, False),
        ("quinto_variation", "exercised", False, True),
        ("quinto_variation", "planned", False, False),  # the fifth used so far
        ("quinto_variation", "lapsed", False, False),
        ("renewal", "exercised", True, False),
        ("proroga_tecnica", "exercised", True, False),
    ],
)
def test_exercised_quinto_variations_use_the_fifth_and_planned_ones_are_weighed_before_they_are(
    kind: str, state: str, with_planned: bool, counts: bool
) -> None:
    assert counts_towards_quinto(kind, state, with_planned=with_planned) is counts


@pytest.mark.parametrize(
    ("status", "decided", "reported"),
    [
        ("proposed", None, True),
        ("planned", D(2020, 1, 1), True),
        ("published", D(2020, 1, 1), True),
        ("awarded", D(2022, 6, 1), True),
        ("awarded", None, True),
        ("awarded", D(2021, 6, 1), False),  # awarded more than a year ago
        ("cancelled", D(2022, 6, 1), False),
        ("unsuccessful", D(2022, 6, 1), False),
    ],
)
def test_a_threshold_finding_stops_a_year_after_the_award_or_when_the_procedure_dies(
    status: str, decided: date | None, reported: bool
) -> None:
    assert threshold_still_reported(status, decided, AS_OF) is reported


def net(value: str) -> Amount:
    return Amount.of_net(Decimal(value), VatRate.STANDARD)


def contract(*options: Option, amount: str = "36000.00") -> Contract:
    return Contract(
        "C1",
        D(2022, 12, 31),
        options,
        start=D(2020, 1, 1),
        end=D(2022, 12, 31),
        amount=net(amount),
    )


def net_only(value: str) -> Amount:
    """A net published without its VAT rate (ANAC)."""
    return Amount.of_net(Decimal(value), VatRate.UNKNOWN)


def gross_only(value: str) -> Amount:
    return Amount.of_gross(Decimal(value))


def renewal(amount: str, state: str = "planned") -> Option:
    return Option(
        "C1-R1", "renewal", state, D(2023, 1, 1), D(2023, 6, 30), amount=net(amount)
    )


def variation(amount: str, state: str = "exercised") -> Option:
    return Option("C1-V1", "quinto_variation", state, None, amount=net(amount))


CONTRACT_CASES = {
    "a renewal pro rata of the base": (contract(renewal("6000.00")), []),
    "a cent off is rounding": (contract(renewal("6000.01")), []),
    "a renewal dearer than pro rata": (
        contract(renewal("7000.00")),
        [(AlertKind.RENEWAL_NOT_PRO_RATA, "C1-R1")],
    ),
    "a lapsed renewal is nobody's concern": (
        contract(renewal("7000.00", "lapsed")),
        [],
    ),
    "variations up to one fifth": (contract(variation("7200.00")), []),
    "variations beyond one fifth": (
        contract(variation("7200.01")),
        [(AlertKind.QUINTO_EXCEEDED, "C1")],
    ),
    "a planned variation beyond one fifth": (
        contract(variation("8000.00", "planned")),
        [(AlertKind.QUINTO_EXCEEDED, "C1")],
    ),
    "a lapsed variation beyond one fifth": (
        contract(variation("8000.00", "lapsed")),
        [],
    ),
    "a net-only variation beyond a fifth of a net-only base": (
        Contract(
            "C1",
            D(2022, 12, 31),
            (
                Option(
                    "C1-V1",
                    "quinto_variation",
                    "exercised",
                    None,
                    amount=net_only("7200.01"),
                ),
            ),
            start=D(2020, 1, 1),
            end=D(2022, 12, 31),
            amount=net_only("36000.00"),
        ),
        [(AlertKind.QUINTO_EXCEEDED, "C1")],
    ),
    "a gross-only variation against a net-only base cannot be checked": (
        Contract(
            "C1",
            D(2022, 12, 31),
            (
                Option(
                    "C1-V1",
                    "quinto_variation",
                    "exercised",
                    None,
                    amount=gross_only("99999.00"),
                ),
            ),
            start=D(2020, 1, 1),
            end=D(2022, 12, 31),
            amount=net_only("36000.00"),
        ),
        [],
    ),
}


QUINTO_USAGE = [
    pytest.param(
        net("1000.00"),
        [net("100.00")],
        (Decimal("100.00"), Decimal("200.00"), True),
        id="all-net",
    ),
    pytest.param(
        gross_only("1220.00"),
        [net("100.00")],
        (Decimal("122.00"), Decimal("244.00"), False),
        id="gross-base-compared-gross",
    ),
    pytest.param(
        net_only("1000.00"),
        [net("100.00")],
        (Decimal("100.00"), Decimal("200.00"), True),
        id="net-only-base-compared-net",
    ),
    pytest.param(
        net("1000.00"),
        [net_only("300.00")],
        (Decimal("300.00"), Decimal("200.00"), True),
        id="net-only-variation-compared-net",
    ),
    pytest.param(
        net_only("1000.00"),
        [gross_only("100.00")],
        None,
        id="net-only-against-gross-only",
    ),
    pytest.param(
        gross_only("1000.00"),
        [net_only("100.00")],
        None,
        id="gross-only-against-net-only",
    ),
]


@pytest.mark.parametrize(("base", "variations", "expected"), QUINTO_USAGE)
def test_the_quinto_is_weighed_on_the_half_every_amount_states_or_not_at_all(
    base: Amount, variations: list[Amount], expected: object
) -> None:
    assert quinto_usage(base, variations) == expected


RENEWALS = [
    pytest.param(net("36000.00"), net("6000.00"), True, id="net-net"),
    pytest.param(
        net_only("36000.00"), net("6000.00"), True, id="net-only-base-net-renewal"
    ),
    pytest.param(
        net_only("36000.00"), net_only("7000.00"), False, id="net-only-dearer"
    ),
    pytest.param(
        gross_only("43920.00"), net("6000.00"), True, id="gross-base-net-renewal"
    ),
    pytest.param(
        net_only("36000.00"), gross_only("7320.00"), None, id="net-only-vs-gross-only"
    ),
]


@pytest.mark.parametrize(("base", "renewal_amount", "expected"), RENEWALS)
def test_a_renewal_is_compared_on_a_half_both_state_else_cannot_be_checked(
    base: Amount, renewal_amount: Amount, expected: bool | None
) -> None:
    assert renewal_matches(base, renewal_amount, 36, 6) is expected


@pytest.mark.parametrize(
    ("record", "expected"), CONTRACT_CASES.values(), ids=CONTRACT_CASES.keys()
)
def test_renewals_go_pro_rata_and_variations_stay_within_one_fifth(
    record: Contract, expected: list[tuple[AlertKind, str]]
) -> None:
    assert [(f.kind, f.ref) for f in money_findings([record], [], AS_OF)] == expected


def test_a_contract_ended_more_than_a_year_ago_is_no_longer_checked() -> None:
    old = Contract(
        "C1",
        D(2021, 12, 31),
        (variation("9000.00"),),
        end=D(2021, 12, 31),
        amount=net("36000.00"),
    )
    assert money_findings([old], [], AS_OF) == []


@pytest.mark.parametrize(
    ("procedure", "estimate", "published", "found"),
    [
        ("affidamento_diretto", "139999.99", D(2023, 7, 1), False),
        ("affidamento_diretto", "140000.00", D(2023, 7, 1), True),
        ("affidamento_diretto", "139000.00", D(2023, 6, 30), True),
        ("negoziata", "750000.00", D(2023, 7, 1), True),
        ("aperta", "9000000.00", D(2023, 7, 1), False),
    ],
)
def test_a_procedure_at_or_above_its_threshold_on_the_day_it_is_published_is_a_warning(
    procedure: str, estimate: str, published: date, found: bool
) -> None:
    tender = Tender(
        "T1",
        "published",
        procedure_type=procedure,
        publication_date=published,
        estimate=net(estimate),
    )
    findings = money_findings([], [tender], AS_OF)
    assert [(f.kind, f.due) for f in findings] == (
        [(AlertKind.THRESHOLD_EXCEEDED, published)] if found else []
    )
