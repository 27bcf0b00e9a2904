"""A kept finding comes back from its JSON as the finding it was, whatever its
detail: decimals with their places, fractions, amounts with their half and rate,
missing values, thresholds, consortium members; and it is reported exactly on
the days its bounds hold."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.consortium import MemberRole, MemberShare
from tracker.domain.funding import (
    AllocationFact,
    AllocationMismatch,
    FundingCover,
    OverFunding,
    PaidAfter,
    PastEligibility,
    UnpaidAtPaidBy,
)
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.kept_findings import (
    finding_fact,
    finding_of,
    findings_of,
    kept_findings_on,
)
from tracker.domain.money import Amount, VatRate
from tracker.domain.parties import (
    NoLead,
    SeveralLeads,
    SharesOff,
    SharesUnknown,
    SmallMandataria,
)
from tracker.domain.rules import QuintoExceeded, RenewalOffRate, ThresholdExceeded
from tracker.domain.thresholds import THRESHOLDS
from tracker.errors import KeptFactsError

D = date
FSE = AllocationFact(
    "A-FSE", "POR-FSE", "POR FSE 2014-2020", D(2023, 12, 31), "C1",
    Decimal("12000.00"), "confirmed", D(2023, 12, 31),
)  # fmt: skip
BARE = AllocationFact("A-2", "COMUNE", "Comune", None, "T1", None, "planned")
LEAD = MemberShare("Cooperativa A", MemberRole.MANDATARIA, Decimal("30.00"))
OTHER = MemberShare("Cooperativa B", MemberRole.MANDANTE, None)
NET = Amount.of_net(Decimal("9000"), VatRate.STANDARD)
GROSS = Amount.of_gross(Decimal("6100.5"))

DETAILS = [
    FSE,
    BARE,
    PastEligibility("C1", D(2024, 6, 30), FSE, D(2023, 12, 31), Fraction(182, 547),
                    Decimal("3992.69")),
    PastEligibility("C1", D(2024, 6, 30), BARE, D(2023, 12, 31), Fraction(1), None),
    AllocationMismatch("C1", Decimal("12000.00"), Decimal("12200.00")),
    PaidAfter("C1", FSE, D(2023, 12, 31), 2, Decimal("6100.00")),
    UnpaidAtPaidBy("C1", FSE, D(2023, 12, 31), Decimal("12000.00"),
                   Decimal("6100.00"), True),
    OverFunding(("C-L1", "C-L2"), "T-LOTS", Decimal("100000.00"), None,
                Decimal("172000.00"), FundingCover.UNCHECKABLE, own=True),
    OverFunding(("C1",), "C1", Decimal("0.00"), Decimal("53680.00"),
                Decimal("53680.00"), FundingCover.EXCEEDS),
    SharesOff("RTI", Decimal("99.50")),
    SharesUnknown("RTI", ("Cooperativa B",), Decimal("40")),
    NoLead("RTI"),
    SeveralLeads("RTI", ("Cooperativa A", "Cooperativa B")),
    SmallMandataria("ATI", LEAD, OTHER),
    RenewalOffRate("C1-R1", NET, 6, GROSS, 36, GROSS.scaled(6, 36)),
    QuintoExceeded("C1", Decimal("8000.00"), Decimal("7200.00")),
    ThresholdExceeded("T1", Decimal("139500.00"), THRESHOLDS[4], None),
    ThresholdExceeded("T2", Decimal("800000.00"), THRESHOLDS[1], "negoziata"),
]  # fmt: skip


def _kept(finding: Finding, **days: date | None) -> Fact:
    fact = finding_fact(
        finding,
        family=FamilyName.FUNDING,
        scope=ScopeKind.CONTRACT,
        scope_id=1,
        key="k",
        order=(0, finding.ref),
        **days,
    )
    # as the table keeps it and gives it back
    payload = json.loads(json.dumps(fact.payload))
    return Fact(fact.family, fact.scope, 1, "k", payload, fact.day_from, fact.day_until)


@pytest.mark.parametrize("detail", DETAILS, ids=lambda d: type(d).__name__)
def test_a_kept_finding_comes_back_as_it_was(detail: object) -> None:
    finding = Finding(
        Severity.WARNING, AlertKind.FUNDING_MISMATCH, D(2024, 1, 2), "Titolo",
        "C1", detail, key="C1/x",
    )  # fmt: skip
    back = finding_of(_kept(finding).payload)
    assert back == finding
    # the same places: a sum of 99.50 is not worded as 99.5
    assert repr(back.detail) == repr(detail)


@pytest.mark.parametrize(
    ("day_from", "day_until", "days"),
    [
        (None, None, {D(1990, 1, 1): True, D(2990, 1, 1): True}),
        (
            D(2023, 12, 31),
            None,
            {D(2023, 12, 30): False, D(2023, 12, 31): True, D(2099, 1, 1): True},
        ),
        (
            None,
            D(2024, 12, 30),
            {D(2000, 1, 1): True, D(2024, 12, 30): True, D(2024, 12, 31): False},
        ),
        (
            D(2023, 1, 1),
            D(2023, 1, 1),
            {D(2022, 12, 31): False, D(2023, 1, 1): True, D(2023, 1, 2): False},
        ),
    ],
)
def test_a_kept_finding_is_reported_on_the_days_its_bounds_hold(
    day_from: date | None, day_until: date | None, days: dict[date, bool]
) -> None:
    finding = Finding(
        Severity.INFO, AlertKind.QUINTO_EXCEEDED, None, "C1", "C1", DETAILS[15]
    )
    fact = _kept(finding, day_from=day_from, day_until=day_until)
    for day, reported in days.items():
        assert kept_findings_on([fact], day) == ([finding] if reported else []), day


@pytest.mark.parametrize("change", ["one value fewer", "one value more"])
@pytest.mark.parametrize(
    "detail", [FSE, DETAILS[2], LEAD], ids=lambda d: type(d).__name__
)
def test_a_kept_detail_of_another_length_is_told_as_damaged_facts(
    change: str, detail: object
) -> None:
    finding = Finding(
        Severity.WARNING, AlertKind.FUNDING_MISMATCH, None, "Titolo", "C1", detail
    )
    payload = _kept(finding).payload
    values = payload["finding"][7]
    payload["finding"][7] = values[:-1] if change == "one value fewer" else [*values, 1]
    with pytest.raises(KeptFactsError):
        findings_of([payload], D(2024, 1, 1))
