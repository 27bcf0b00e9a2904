"""Continuity and deadline findings, as pure rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from tracker.domain.alerts import AlertKind, Severity, risk_severity, upcoming_severity
from tracker.domain.continuity import (
    Coverage,
    ServiceInfo,
    SourceKind,
    assess,
)
from tracker.domain.deadlines import Deadline, DeadlineKind
from tracker.domain.findings import (
    DeadlineFinding,
    continuity_findings,
    deadline_findings,
)
from tracker.domain.kinds import DeadlineState

D = date
AS_OF = D(2023, 1, 17)


@pytest.mark.parametrize(
    ("days", "lead_days", "actionable", "eligibility", "severity"),
    [
        (10, 30, True, False, Severity.WARNING),
        (30, 30, True, False, Severity.WARNING),
        (31, 30, True, False, Severity.INFO),
        (10, 30, False, False, Severity.INFO),  # an event nobody acts on
        (50, 30, False, True, Severity.WARNING),  # spending after it is lost
    ],
)
def test_a_near_deadline_is_a_warning_within_its_lead_time_and_information_before(
    days: int, lead_days: int, actionable: bool, eligibility: bool, severity: Severity
) -> None:
    assert (
        upcoming_severity(
            days=days,
            lead_days=lead_days,
            actionable=actionable,
            eligibility=eligibility,
        )
        is severity
    )


@pytest.mark.parametrize(
    ("act_by", "severity"),
    [
        (None, None),
        (D(2023, 1, 16), Severity.CRITICAL),
        (AS_OF, Severity.WARNING),
        (D(2023, 3, 18), Severity.WARNING),  # the last day of a 60-day horizon
        (D(2023, 3, 19), None),
    ],
)
def test_the_day_to_start_a_successor_is_critical_once_missed_and_a_warning_within_the_horizon(
    act_by: date | None, severity: Severity | None
) -> None:
    assert risk_severity(AS_OF, act_by, within=60) is severity


def deadline(
    due: date,
    *,
    kind: DeadlineKind = DeadlineKind.OPTION_DECISION,
    key: str = "C1-R1/decision",
    state: DeadlineState = DeadlineState.OPEN,
    actionable: bool = True,
) -> Deadline:
    return Deadline(kind, key, due, "t", "C1", 30, None, state, actionable)


DEADLINE_CASES = {
    "an open action past its day is overdue": (
        deadline(D(2023, 1, 10)),
        (AlertKind.DEADLINE_OVERDUE, Severity.WARNING, "C1-R1/decision"),
    ),
    "an event past its day is no finding": (
        deadline(D(2023, 1, 10), kind=DeadlineKind.CONTRACT_END, actionable=False),
        None,
    ),
    "what is done is no finding": (
        deadline(D(2023, 1, 10), state=DeadlineState.DONE),
        None,
    ),
    "what someone acknowledged is no finding": (
        deadline(D(2023, 1, 20), state=DeadlineState.ACKNOWLEDGED),
        None,
    ),
    "an action within its lead time is a warning": (
        deadline(D(2023, 2, 1)),
        (AlertKind.DEADLINE_UPCOMING, Severity.WARNING, "C1-R1/decision"),
    ),
    "an event within the horizon is information": (
        deadline(D(2023, 2, 1), kind=DeadlineKind.CONTRACT_END, actionable=False),
        (AlertKind.DEADLINE_UPCOMING, Severity.INFO, "C1-R1/decision"),
    ),
    "beyond the horizon is no finding": (deadline(D(2023, 3, 19)), None),
    "an occurrence of a recurring deadline is found by the deadline's key": (
        deadline(D(2023, 1, 31), kind=DeadlineKind.EXPLICIT, key="REL@2023-01-31"),
        (AlertKind.DEADLINE_UPCOMING, Severity.WARNING, "REL"),
    ),
}


@pytest.mark.parametrize(
    ("item", "expected"), DEADLINE_CASES.values(), ids=DEADLINE_CASES.keys()
)
def test_deadlines_are_found_overdue_or_near_as_people_act_on_them(
    item: Deadline, expected: tuple[AlertKind, Severity, str] | None
) -> None:
    found = [
        (f.kind, f.severity, f.key)
        for f in deadline_findings([item], as_of=AS_OF, within=60)
    ]
    assert found == ([] if expected is None else [expected])


def test_the_missed_occurrences_of_a_recurring_deadline_make_one_finding() -> None:
    missed = [
        deadline(day, kind=DeadlineKind.EXPLICIT, key=f"REL@{day.isoformat()}")
        for day in (D(2022, 11, 30), D(2022, 12, 31))
    ]
    [finding] = deadline_findings(missed, as_of=AS_OF, within=60)
    assert (finding.kind, finding.key, finding.due) == (
        AlertKind.DEADLINE_OVERDUE,
        "REL",
        D(2022, 11, 30),
    )
    assert finding.detail == DeadlineFinding(missed[0], missed=2)


REQUIRED_FROM = D(2020, 1, 1)


def contract(ref: str, start: date, end: date) -> Coverage:
    return Coverage(SourceKind.CONTRACT, ref, "base", start, end)


def found(
    coverages: Sequence[Coverage],
    *,
    as_of: date = AS_OF,
    required_from: date = REQUIRED_FROM,
    required_until: date | None = None,
) -> list[tuple[AlertKind, Severity, date | None]]:
    service = ServiceInfo(
        "SRV", "Laboratorio", "Quartiere", required_from, required_until
    )
    result = assess(service, coverages, [], as_of=as_of, lead_days_for=lambda _: 180)
    return [
        (f.kind, f.severity, f.due)
        for f in continuity_findings([result], as_of, within=60)
    ]


CONTINUITY_CASES = {
    "a service uncovered since a day is a critical gap from that day": (
        [contract("C1", D(2020, 1, 1), D(2022, 12, 20))],
        {},
        [(AlertKind.CONTINUITY_GAP, Severity.CRITICAL, D(2022, 12, 21))],
    ),
    "a successor not started by its day is critical": (
        [contract("C1", D(2020, 1, 1), D(2023, 6, 30))],
        {},
        [(AlertKind.CONTINUITY_RISK, Severity.CRITICAL, D(2023, 1, 1))],
    ),
    "a successor to start within the horizon is a warning": (
        [contract("C1", D(2020, 1, 1), D(2023, 8, 31))],
        {},
        [(AlertKind.CONTINUITY_RISK, Severity.WARNING, D(2023, 3, 4))],
    ),
    "a successor to start beyond the horizon is no finding yet": (
        [contract("C1", D(2020, 1, 1), D(2023, 12, 31))],
        {},
        [],
    ),
    "a service no longer required needs no successor": (
        [contract("C1", D(2020, 1, 1), D(2022, 6, 30))],
        {"required_until": D(2022, 12, 31)},
        [],
    ),
    "a hole between two contracts ahead is a planned gap": (
        [
            contract("C1", D(2020, 1, 1), D(2023, 3, 31)),
            contract("C2", D(2023, 5, 1), D(2026, 12, 31)),
        ],
        {},
        [(AlertKind.PLANNED_GAP, Severity.WARNING, D(2023, 4, 1))],
    ),
    "two contracts paying for the same days is an overlap": (
        [
            contract("C1", D(2020, 1, 1), D(2023, 3, 31)),
            contract("C2", D(2023, 3, 1), D(2026, 12, 31)),
        ],
        {},
        [(AlertKind.OVERLAP, Severity.WARNING, D(2023, 3, 1))],
    ),
    "an overlap settled more than a year ago is history": (
        [
            contract("C1", D(2020, 1, 1), D(2021, 3, 31)),
            contract("C2", D(2021, 3, 1), D(2026, 12, 31)),
        ],
        {},
        [],
    ),
    "an overlap before the service was required is no finding": (
        [
            contract("C1", D(2022, 1, 1), D(2022, 12, 31)),
            contract("C2", D(2022, 6, 1), D(2026, 12, 31)),
        ],
        {"required_from": D(2023, 1, 1)},
        [],
    ),
}


@pytest.mark.parametrize(
    ("coverages", "window", "expected"),
    CONTINUITY_CASES.values(),
    ids=CONTINUITY_CASES.keys(),
)
def test_the_continuity_of_a_service_is_found_as_an_officer_fears_it(
    coverages: list[Coverage],
    window: dict[str, date],
    expected: list[tuple[AlertKind, Severity, date | None]],
) -> None:
    assert found(coverages, **window) == expected


def test_a_service_not_yet_required_is_announced_when_its_first_procedure_is_near() -> (
    None
):
    assert found([], as_of=D(2023, 6, 1), required_from=D(2023, 12, 31)) == [
        (AlertKind.CONTINUITY_RISK, Severity.WARNING, D(2023, 7, 3))
    ]
    assert found([], as_of=AS_OF, required_from=D(2023, 12, 31)) == []
