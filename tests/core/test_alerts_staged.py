"""The digest's first read: the continuity alerts alone, which hold every
critical alert of the day, read by the same code as the complete read."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete
from sqlmodel import Session

from tracker.api import Alert, Tracker
from tracker.domain.alerts import AlertKind, Severity
from tracker.kept.store import FACT, STATE

CONTINUITY_KINDS = {
    AlertKind.CONTINUITY_GAP,
    AlertKind.CONTINUITY_RISK,
    AlertKind.PLANNED_GAP,
    AlertKind.OVERLAP,
}
DAYS = [
    date(2016, 1, 1),
    date(2022, 1, 1),
    date(2022, 12, 21),
    date(2023, 1, 17),
    date(2024, 6, 30),
    date(2025, 6, 1),
]


def critical(alerts: list[Alert]) -> list[Alert]:
    return [a for a in alerts if a.severity is Severity.CRITICAL]


def same_as_the_complete_read(tracker: Tracker, as_of: date) -> None:
    first, complete = tracker.day_alerts_first(as_of), tracker.day_alerts(as_of)
    assert first.partial, as_of
    assert not complete.partial, as_of
    assert first.as_of == complete.as_of == as_of
    assert first.alerts == [a for a in complete.alerts if a.kind in CONTINUITY_KINDS]
    assert critical(first.alerts) == critical(complete.alerts), as_of


def test_the_first_read_holds_every_critical_alert(milan: Tracker) -> None:
    for as_of in DAYS:
        same_as_the_complete_read(milan, as_of)
    first = milan.day_alerts_first(date(2023, 1, 17))
    assert [(a.severity, a.ref) for a in first.alerts] == [
        (Severity.CRITICAL, "LSL-LORENTEGGIO"),
        (Severity.CRITICAL, "LDQ-MAZZINI"),
        (Severity.CRITICAL, "LDQ-SAN-SIRO"),
    ]
    # a day with alerts but none of continuity: the first read is empty
    assert milan.day_alerts_first(date(2022, 1, 1)).alerts == []
    assert len(milan.day_alerts(date(2022, 1, 1)).alerts) == 2


def test_both_reads_hide_a_snoozed_alert(milan: Tracker) -> None:
    as_of = date(2023, 1, 17)
    milan.snooze_alert("LSL-LORENTEGGIO/continuity_gap", until=as_of + timedelta(7))
    first, complete = milan.day_alerts_first(as_of), milan.day_alerts(as_of)
    assert [a.ref for a in first.alerts] == ["LDQ-MAZZINI", "LDQ-SAN-SIRO"]
    assert (first.snoozed, complete.snoozed) == (1, 1)
    assert len(complete.alerts) == 4
    same_as_the_complete_read(milan, as_of)


def test_the_first_read_of_a_generated_city(tracker: Tracker) -> None:
    tracker.generate(contracts=300, seed=7)
    for as_of in (date(2024, 1, 1), date(2025, 6, 1), date(2026, 3, 31)):
        same_as_the_complete_read(tracker, as_of)
    assert len(critical(tracker.day_alerts(date(2025, 6, 1)).alerts)) > 5


def test_facts_not_built_give_the_same_first_read(milan: Tracker) -> None:
    as_of = date(2023, 1, 17)
    kept = milan.day_alerts_first(as_of)
    with Session(milan.engine) as session:
        # as an older appalti leaves a database: no facts, no format
        session.connection().execute(delete(STATE))
        session.connection().execute(delete(FACT))
        session.commit()
    assert milan.day_alerts_first(as_of) == kept
    same_as_the_complete_read(milan, as_of)
