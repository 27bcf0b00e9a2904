"""The alerts of a day read from the kept facts: the lean read of the digest and
``alerts`` says what the whole findings say, and a database whose facts are not
built (read-only, from an older appalti) gets the same answer from a build in
memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete
from sqlmodel import Session

from tracker.api import Tracker
from tracker.db import session_scope
from tracker.formatting import Formatter
from tracker.kept.store import FACT, STATE
from tracker.queries.alerts import compute_alerts, compute_findings
from tracker.queries.engine import compute_continuity, compute_timeline

DAYS = [
    date(2016, 1, 1),
    date(2022, 12, 20),
    date(2022, 12, 21),
    date(2023, 1, 17),
    date(2023, 7, 1),
    date(2024, 6, 30),
    date(2025, 6, 1),
]


def _both(tracker: Tracker, as_of: date, within: int) -> tuple[object, object]:
    fmt = Formatter("en")
    with session_scope(tracker._sessions) as session:
        lean = compute_alerts(
            session, as_of=as_of, within=within, settings=tracker.settings, fmt=fmt
        )
        whole = compute_findings(
            session, as_of=as_of, within=within, settings=tracker.settings, fmt=fmt
        )
    return lean, whole


@pytest.mark.parametrize("within", [0, 60, 400])
def test_the_lean_read_finds_what_the_whole_findings_find(
    milan: Tracker, within: int
) -> None:
    for as_of in DAYS:
        lean, whole = _both(milan, as_of, within)
        assert lean.alerts == whole.alerts, as_of  # type: ignore[attr-defined]
        assert lean.snoozed == whole.snoozed  # type: ignore[attr-defined]


def test_the_lean_read_of_a_generated_city(tracker: Tracker) -> None:
    tracker.generate(contracts=300, seed=7)
    for as_of in (date(2024, 1, 1), date(2025, 6, 1), date(2026, 3, 31)):
        lean, whole = _both(tracker, as_of, 60)
        assert lean.alerts == whole.alerts, as_of  # type: ignore[attr-defined]
        assert len(lean.alerts) > 20  # type: ignore[attr-defined]


def test_facts_not_built_are_built_in_memory_with_the_same_answer(
    milan: Tracker,
) -> None:
    as_of = date(2023, 1, 17)
    milan.snooze_alert("LSL-LORENTEGGIO/continuity_gap", until=as_of + timedelta(7))
    kept = milan.day_alerts(as_of, within=60)
    continuity = milan.continuity(as_of)
    timeline = milan.timeline(as_of)
    findings = milan.findings(as_of, within=60)
    assert len(kept.alerts) == 4
    assert kept.snoozed == 1
    with Session(milan.engine) as session:
        # as an older appalti leaves a database: no facts, no format
        session.connection().execute(delete(STATE))
        session.connection().execute(delete(FACT))
        session.commit()
    with session_scope(milan._sessions) as session:
        fmt = Formatter("en")
        settings = milan.settings
        assert (
            compute_alerts(session, as_of=as_of, within=60, settings=settings, fmt=fmt)
            == kept
        )
        assert compute_continuity(session, as_of=as_of, settings=settings) == continuity
        assert compute_timeline(session, as_of=as_of, settings=settings) == timeline
        assert (
            compute_findings(
                session, as_of=as_of, within=60, settings=settings, fmt=fmt
            )
            == findings
        )
