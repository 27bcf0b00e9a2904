"""Findings about organisations and consortia, as pure rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain.alerts import AlertKind, Severity
from tracker.domain.consortium import ConsortiumKind, MemberRole, MemberShare
from tracker.domain.parties import (
    Grouping,
    NoLead,
    Party,
    SeveralLeads,
    SharesOff,
    SharesUnknown,
    SmallMandataria,
    party_findings,
)

LEAD, MEMBER = MemberRole.MANDATARIA, MemberRole.MANDANTE


def member(name: str, role: MemberRole, share: str | None) -> MemberShare:
    return MemberShare(name, role, None if share is None else Decimal(share))


@pytest.mark.parametrize(
    ("partita_iva", "found"),
    [
        ("01199250158", False),  # the Comune di Milano's
        ("01199250159", True),
        ("IE6388047V", False),  # an Irish operator's EU VAT number
        ("IE6388047W", True),
        ("", False),
        (None, False),
    ],
)
def test_a_partita_iva_that_does_not_check_out_is_a_warning(
    partita_iva: str | None, found: bool
) -> None:
    findings = party_findings([Party("ORG", "Cooperativa", partita_iva)], [])
    assert [f.kind for f in findings] == (
        [AlertKind.INVALID_PARTITA_IVA] if found else []
    )


A = member("A", LEAD, "60")
B = member("B", MEMBER, "40")
CASES = {
    "shares adding up to 100 with the largest to the mandataria": ([A, B], []),
    "shares all unknown are a gap in the source": (
        [member("A", LEAD, None), member("B", MEMBER, None)],
        [],
    ),
    "shares adding up to less than 100": (
        [A, member("B", MEMBER, "30")],
        [SharesOff("RTI", Decimal("90"))],
    ),
    "some shares unknown": (
        [A, member("B", MEMBER, None)],
        [SharesUnknown("RTI", ("B",), Decimal("60"))],
    ),
    "no lead stated": (
        [member("A", MemberRole.UNSTATED, None), member("B", MEMBER, None)],
        [NoLead("RTI")],
    ),
    "two leads": (
        [member("A", LEAD, None), member("B", MemberRole.CAPOGRUPPO, None)],
        [SeveralLeads("RTI", ("A", "B"))],
    ),
    "a capogruppo with less than a mandante": (
        [member("A", MemberRole.CAPOGRUPPO, "40"), member("B", MEMBER, "60")],
        [
            SmallMandataria(
                "RTI",
                member("A", MemberRole.CAPOGRUPPO, "40"),
                member("B", MEMBER, "60"),
            )
        ],
    ),
    "a mandante with more than the mandataria": (
        [member("A", LEAD, "40"), member("B", MEMBER, "60")],
        [SmallMandataria("RTI", member("A", LEAD, "40"), member("B", MEMBER, "60"))],
    ),
}


@pytest.mark.parametrize(("members", "details"), CASES.values(), ids=CASES.keys())
def test_a_consortium_is_warned_of_shares_off_100_and_of_a_smaller_mandataria(
    members: list[MemberShare], details: list[object]
) -> None:
    findings = party_findings([], [Grouping("RTI-1", "RTI", tuple(members))])
    assert [f.detail for f in findings] == details
    assert all(f.ref == "RTI-1" for f in findings)


SEVERITIES = {
    "no lead: a warning": (
        [member("A", MEMBER, None), member("B", MEMBER, None)],
        Severity.WARNING,
    ),
    "two leads: a warning": (
        [member("A", LEAD, "60"), member("B", LEAD, "40")],
        Severity.WARNING,
    ),
    "a share unknown: a notice": ([A, member("B", MEMBER, None)], Severity.INFO),
    "stated shares off 100: a warning": (
        [A, member("B", MEMBER, "30")],
        Severity.WARNING,
    ),
}


@pytest.mark.parametrize(
    ("members", "severity"), SEVERITIES.values(), ids=SEVERITIES.keys()
)
def test_the_lightest_severity_that_fits(
    members: list[MemberShare], severity: Severity
) -> None:
    [finding] = party_findings([], [Grouping("RTI-1", "RTI", tuple(members))])
    assert finding.severity is severity


def test_a_consorzio_of_consorziate_is_not_told_it_lacks_a_lead() -> None:
    consorziate = tuple(
        member(name, MemberRole.CONSORZIATA, None) for name in ("A", "B")
    )
    groupings = [
        Grouping("C-1", "Consorzio", consorziate, ConsortiumKind.CONSORZIO),
        Grouping("R-1", "RTI", consorziate, ConsortiumKind.RTI),
    ]
    assert [(f.ref, f.kind) for f in party_findings([], groupings)] == [
        ("R-1", AlertKind.CONSORTIUM_LEAD)
    ]
