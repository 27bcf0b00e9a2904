"""Continuity and deadline findings: what the morning digest must put first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.domain.alerts import (
    RECENT,
    AlertKind,
    Finding,
    Severity,
    risk_severity,
    upcoming_severity,
)
from tracker.domain.continuity import (
    ContinuityStatus,
    Gap,
    GapState,
    Overlap,
    ServiceContinuity,
)
from tracker.domain.deadlines import Deadline, DeadlineKind
from tracker.domain.kinds import DeadlineState


@dataclass(frozen=True)
class ServiceGap:
    """A service uncovered since ``start``."""

    service: ServiceContinuity
    start: date


@dataclass(frozen=True)
class ServiceRisk:
    """A service whose successor procedure must start by its ``act_by`` day."""

    service: ServiceContinuity


@dataclass(frozen=True)
class PlannedGap:
    service: ServiceContinuity
    gap: Gap


@dataclass(frozen=True)
class ContractOverlap:
    service: ServiceContinuity
    overlap: Overlap


@dataclass(frozen=True)
class DeadlineFinding:
    """A deadline near or missed; ``missed`` counts the occurrences of a recurring
    one not done."""

    deadline: Deadline
    missed: int = 1


def continuity_findings(
    results: Sequence[ServiceContinuity], as_of: date, *, within: int
) -> list[Finding]:
    """Gaps (critical); risks: a warning once the day to start the successor is within
    the horizon, critical once it has passed; planned gaps and overlaps (warnings)."""
    found: list[Finding] = []
    # one list filled by each service's rules, rather than a generator resumed
    # for each finding: a city's day has 5,000 services to tell
    add = found.append
    recent = as_of - RECENT
    for s in results:
        required = s.required_until is None or as_of <= s.required_until
        if s.status is ContinuityStatus.GAP:
            add(_gap_finding(s, as_of))
        elif required:
            # once the service is no longer required, nobody has to succeed anyone
            severity = risk_severity(as_of, s.act_by, within=within)
            if severity is not None:
                add(
                    Finding(
                        severity,
                        AlertKind.CONTINUITY_RISK,
                        s.act_by,
                        s.name,
                        s.service,
                        ServiceRisk(s),
                    )
                )
        if required:
            for gap in s.gaps:
                if gap.state is GapState.FUTURE and gap.end is not None:
                    add(
                        Finding(
                            Severity.WARNING,
                            AlertKind.PLANNED_GAP,
                            gap.start,
                            s.name,
                            s.service,
                            PlannedGap(s, gap),
                        )
                    )
        for overlap in s.overlaps:
            # a double payment before the service was required, or long settled,
            # is history rather than something to act on
            if overlap.end < s.required_from or overlap.end < recent:
                continue
            add(
                Finding(
                    Severity.WARNING,
                    AlertKind.OVERLAP,
                    overlap.start,
                    s.name,
                    s.service,
                    ContractOverlap(s, overlap),
                )
            )
    return found


def _gap_finding(s: ServiceContinuity, as_of: date) -> Finding:
    gap = s.open_gap
    start = gap.start if gap else as_of
    return Finding(
        Severity.CRITICAL,
        AlertKind.CONTINUITY_GAP,
        start,
        s.name,
        s.service,
        ServiceGap(s, start),
    )


def deadline_findings(
    deadlines: Sequence[Deadline], *, as_of: date, within: int
) -> list[Finding]:
    """Open actions past their day (overdue) and open deadlines within the horizon.

    Events that passed (a contract's end) are not overdue: nobody can do them. The
    missed occurrences of a recurring deadline make one finding, not one a month.
    """
    findings: list[Finding] = []
    horizon = as_of + timedelta(days=within)
    missed: dict[str, list[Deadline]] = defaultdict(list)
    for d in deadlines:
        if d.state is not DeadlineState.OPEN:
            continue
        if d.due < as_of:
            if not d.actionable:
                continue
            if d.kind == DeadlineKind.EXPLICIT:
                missed[d.key.split("@")[0]].append(d)
                continue
            findings.append(_overdue(d, d.key, 1))
        elif d.due <= horizon:
            severity = upcoming_severity(
                days=(d.due - as_of).days,
                lead_days=d.lead_days,
                actionable=d.actionable,
                eligibility=d.kind == DeadlineKind.FUNDING_ELIGIBILITY_END,
            )
            findings.append(
                Finding(
                    severity,
                    AlertKind.DEADLINE_UPCOMING,
                    d.due,
                    d.title,
                    d.subject,
                    DeadlineFinding(d),
                    key=d.key.split("@")[0],
                )
            )
    findings += [_overdue(ds[0], key, len(ds)) for key, ds in missed.items()]
    return findings


def _overdue(first: Deadline, key: str, missed: int) -> Finding:
    return Finding(
        Severity.WARNING,
        AlertKind.DEADLINE_OVERDUE,
        first.due,
        first.title,
        first.subject,
        DeadlineFinding(first, missed),
        key=key,
    )
