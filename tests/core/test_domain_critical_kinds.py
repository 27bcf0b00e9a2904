"""Only continuity may be critical: the digest shows the continuity findings
first, and with them every critical alert of the day."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.alerts import (
    CRITICAL_KINDS,
    AlertKind,
    Finding,
    Severity,
    upcoming_severity,
)

MAY_BE_CRITICAL = {
    AlertKind.CONTINUITY_GAP: True,
    AlertKind.CONTINUITY_RISK: True,
    AlertKind.PLANNED_GAP: False,
    AlertKind.OVERLAP: False,
    AlertKind.DEADLINE_OVERDUE: False,
    AlertKind.DEADLINE_UPCOMING: False,
    AlertKind.FUNDING_PENDING: False,
    AlertKind.FUNDING_ELIGIBILITY: False,
    AlertKind.FUNDING_MISMATCH: False,
    AlertKind.FUNDING_SHORTFALL: False,
    AlertKind.PAID_AFTER_PAID_BY: False,
    AlertKind.UNPAID_AT_PAID_BY: False,
    AlertKind.CONSORTIUM_SHARES: False,
    AlertKind.CONSORTIUM_LEAD: False,
    AlertKind.MANDATARIA_SHARE: False,
    AlertKind.INVALID_PARTITA_IVA: False,
    AlertKind.RENEWAL_NOT_PRO_RATA: False,
    AlertKind.QUINTO_EXCEEDED: False,
    AlertKind.THRESHOLD_EXCEEDED: False,
    AlertKind.TENDER_STALE: False,
}


def test_the_table_names_every_kind() -> None:
    # a new kind must say here whether it may be critical
    assert set(MAY_BE_CRITICAL) == set(AlertKind)


def test_the_critical_kinds_are_the_continuity_findings_of_the_table() -> None:
    assert {k for k, critical in MAY_BE_CRITICAL.items() if critical} == CRITICAL_KINDS


def finding(severity: Severity, kind: AlertKind) -> Finding:
    return Finding(severity, kind, date(2025, 6, 1), "Servizio", "REF-1", None)


@pytest.mark.parametrize(("kind", "critical"), MAY_BE_CRITICAL.items())
def test_a_finding_is_critical_only_of_a_critical_kind(
    kind: AlertKind, critical: bool
) -> None:
    assert finding(Severity.WARNING, kind).severity is Severity.WARNING
    assert finding(Severity.INFO, kind).severity is Severity.INFO
    if critical:
        assert finding(Severity.CRITICAL, kind).kind is kind
    else:
        with pytest.raises(ValueError, match=f"a {kind.value} finding cannot be"):
            finding(Severity.CRITICAL, kind)


@pytest.mark.parametrize("days", [-400, -1, 0, 1, 29, 30, 31, 365, 5000])
@pytest.mark.parametrize("actionable", [True, False])
@pytest.mark.parametrize("eligibility", [True, False])
def test_a_deadline_is_never_critical(
    days: int, actionable: bool, eligibility: bool
) -> None:
    severity = upcoming_severity(
        days=days, lead_days=30, actionable=actionable, eligibility=eligibility
    )
    assert severity is not Severity.CRITICAL
