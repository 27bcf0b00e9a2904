"""The procurement plan: the one read path for the CLI, the app and the documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.domain.planning import Need, PlanHorizon, Scenario


@dataclass(frozen=True)
class PlanSide:
    """The plan as the data stand (baseline) or with a scenario's tenders counted."""

    needs: tuple[Need, ...]


@dataclass(frozen=True)
class PlanData:
    """The plan of a horizon as of a day: the baseline and, when scenario tenders
    were chosen, the same plan with them counted as awarded, side by side."""

    horizon: PlanHorizon
    as_of: date
    baseline: PlanSide
    scenario: Scenario | None = None
    with_scenario: PlanSide | None = None
