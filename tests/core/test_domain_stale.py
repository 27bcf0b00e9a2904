"""A tender planned long ago is asked about once, not reported overdue daily."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.stale import (
    StaleTender,
    is_stale,
    stale_findings,
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
