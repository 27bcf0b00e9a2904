"""Tender milestones and recurring deadlines, as pure rules."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.deadlines import (
    Milestone,
    occurrences,
    procedure_start,
    tender_milestones,
)
from tracker.domain.kinds import Recurrence

D = date


def milestones(
    status: str, *, signed: bool = False, **dates: date | None
) -> list[Milestone]:
    return tender_milestones(
        status=status,
        signed=signed,
        latest_start=dates.get("latest_start"),
        lead_days=180,
        publication=dates.get("publication"),
        offers=dates.get("offers"),
        award=dates.get("award"),
        standstill=dates.get("standstill"),
        signature=dates.get("signature"),
    )


def test_the_procedure_must_start_a_lead_time_before_the_service() -> None:
    assert procedure_start(D(2023, 12, 31), 180) == D(2023, 7, 4)
    [start] = milestones("planned", latest_start=D(2023, 12, 31))
    assert (start.key, start.due, start.reached, start.actionable) == (
        "start",
        D(2023, 7, 4),
        False,
        True,
    )
    [started] = milestones("published", latest_start=D(2023, 12, 31))
    assert started.reached


@pytest.mark.parametrize(
    ("written", "moved"),
    [
        (D(2023, 12, 7), D(2023, 12, 9)),  # Sant'Ambrogio, then the Immacolata
        (D(2023, 12, 25), D(2023, 12, 27)),  # Christmas, then Santo Stefano
        (D(2023, 12, 24), D(2023, 12, 27)),  # a Sunday before both
        (D(2023, 12, 22), None),  # a Friday: no move
    ],
)
def test_legal_terms_move_off_holidays(written: date, moved: date | None) -> None:
    by_key = {
        m.key: m for m in milestones("published", offers=written, standstill=written)
    }
    for key in ("offers", "standstill"):
        assert by_key[key].due == (moved or written)
        assert by_key[key].moved_from == (written if moved else None)
        assert not by_key[key].actionable


def test_events_stay_open_until_the_procedure_passes_them() -> None:
    published = {
        m.key: m.reached for m in milestones("published", offers=D(2023, 12, 1))
    }
    assert published == {"offers": False}
    awarded = {
        m.key: m.reached
        for m in milestones("awarded", offers=D(2023, 12, 1), standstill=D(2024, 1, 10))
    }
    assert awarded == {"offers": True, "standstill": False}
    signed = milestones("awarded", signed=True, standstill=D(2024, 1, 10))
    assert [m.reached for m in signed] == [True]


@pytest.mark.parametrize("status", ["cancelled", "unsuccessful"])
def test_a_dead_procedure_has_no_milestones(status: str) -> None:
    assert milestones(status, publication=D(2023, 1, 1), award=D(2023, 3, 1)) == []


def test_monthly_occurrences_follow_the_first_day_of_the_series() -> None:
    days = list(occurrences(D(2024, 1, 31), Recurrence.MONTHLY, None, D(2024, 5, 31)))
    assert days == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
    ]
    yearly = list(
        occurrences(D(2024, 1, 31), Recurrence.YEARLY, D(2026, 1, 1), D(2030, 1, 1))
    )
    assert yearly == [D(2024, 1, 31), D(2025, 1, 31)]
