"""A tender planned long ago is asked about once, not reported overdue daily."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.stale import (
    StaleTender,
    is_stale,
    planned_fact,
    planned_from_payload,
    planned_payload,
    stale_findings,
    stale_from,
    stale_key,
)

D = date
AS_OF = D(2023, 1, 17)


@dataclass(frozen=True)
class Planned:
    ref: str
    status: str
    planned_start: date | None
    planned_start_precision: str = "day"
    title: str = "Laboratori di Quartiere"

    @property
    def latest_start(self) -> date | None:
        return self.planned_start


@pytest.mark.parametrize(
    ("status", "start", "stale"),
    [
        ("planned", D(2016, 5, 2), True),
        ("proposed", D(2016, 5, 2), True),
        ("planned", D(2022, 1, 16), True),  # a year and a day
        ("planned", D(2022, 1, 17), False),  # a year exactly: not yet
        ("planned", D(2022, 12, 1), False),
        ("planned", D(2023, 9, 1), False),
        ("planned", None, False),
        ("published", D(2016, 5, 2), False),
        ("awarded", D(2016, 5, 2), False),
        ("cancelled", D(2016, 5, 2), False),
    ],
)
def test_a_tender_is_stale_a_year_after_its_planned_start(
    status: str, start: date | None, stale: bool
) -> None:
    assert is_stale(status, start, AS_OF) is stale


def test_the_question_is_asked_once_until_answered() -> None:
    old = Planned("LDQ-2016", "planned", D(2016, 5, 2), "month")
    fresh = Planned("LOR-2023", "planned", D(2023, 12, 31))
    [finding] = stale_findings([old, fresh], as_of=AS_OF, answered=())
    assert finding == Finding(
        Severity.INFO,
        AlertKind.TENDER_STALE,
        D(2016, 5, 2),
        "Laboratori di Quartiere",
        "LDQ-2016",
        StaleTender("LDQ-2016", "planned", D(2016, 5, 2), "month"),
        key="LDQ-2016/tender_stale",
    )
    assert finding.key == "LDQ-2016/tender_stale" == stale_key("LDQ-2016")
    assert stale_findings([old], as_of=AS_OF, answered={stale_key("LDQ-2016")}) == []


@pytest.mark.parametrize(
    ("status", "start", "first"),
    [
        ("planned", D(2022, 1, 16), D(2023, 1, 17)),
        ("proposed", D(2020, 2, 29), D(2021, 3, 1)),  # a year after a 29 February
        ("planned", None, None),
        ("published", D(2016, 5, 2), None),
        ("cancelled", D(2016, 5, 2), None),
    ],
)
def test_a_tender_is_stale_from_a_day_kept_whatever_the_day(
    status: str, start: date | None, first: date | None
) -> None:
    assert stale_from(status, start) == first
    if first is not None:
        assert not is_stale(status, start, first - timedelta(days=1))
        assert is_stale(status, start, first)


def test_the_kept_fact_of_a_plan_asks_the_same_question_on_every_day() -> None:
    tenders = [
        Planned("LDQ-2016", "planned", D(2016, 5, 2), "month"),
        Planned("LOR-2023", "planned", D(2023, 12, 31)),
        Planned("GONE", "published", D(2016, 5, 2)),
        Planned("NONE", "planned", None),
    ]
    kept = [
        planned_from_payload(json.loads(json.dumps(planned_payload(fact))))
        for t in tenders
        if (fact := planned_fact(t)) is not None
    ]
    assert [p.ref for p in kept] == ["LDQ-2016", "LOR-2023"]
    day = D(2016, 1, 1)
    while day <= D(2026, 1, 1):
        for answered in ((), {stale_key("LDQ-2016")}):
            assert stale_findings(kept, as_of=day, answered=answered) == (
                stale_findings(tenders, as_of=day, answered=answered)
            )
        day += timedelta(days=7)
