"""The plan as a workbook (``appalti plan -o FILE.xlsx``): scheda H, scheda G, the
commitments by year and the needs, a sheet each, and with a scenario the same
schede and needs with its tenders counted. The command writes it whole or not at
all (a temporary file in the same folder, renamed).

Cells hold values: days are date cells, money numbers in the euro format, an
unknown figure an empty cell with the row's note saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Protocol

from tracker.domain.planning import Need, PlanHorizon
from tracker.domain.programme_purchases import PlanMoney
from tracker.errors import N_
from tracker.export.workbook import SheetWritten, save_workbook
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.programme import (
    commitments_table,
    scheda_g_table,
    scheda_h_table,
)
from tracker.present.programme_needs import needs_table
from tracker.present.tables import Table

SCENARIO_TITLES = {
    "scheda_h": N_("Scheda H (scenario)"),
    "scheda_g": N_("Scheda G (scenario)"),
    "needs": N_("Needs (scenario)"),
}


class PlanSideLike(Protocol):
    @property
    def needs(self) -> Sequence[Need]: ...
    @property
    def money(self) -> PlanMoney | None: ...


class PlanLike(Protocol):
    """What the workbook reads of ``tracker.queries.planning.PlanData``."""

    @property
    def horizon(self) -> PlanHorizon: ...
    @property
    def as_of(self) -> date: ...
    @property
    def baseline(self) -> PlanSideLike: ...
    @property
    def with_scenario(self) -> PlanSideLike | None: ...


def plan_tables(money: PlanMoney, needs: Sequence[Need], fmt: Formatter) -> list[Table]:
    """The sheets of one side of the plan, in order."""
    programme, names = money.programme, money.names
    return [
        scheda_h_table(programme, names, fmt),
        scheda_g_table(programme, names),
        commitments_table(money.commitments),
        needs_table(programme, needs, names, fmt),
    ]


def scenario_tables(
    money: PlanMoney, needs: Sequence[Need], fmt: Formatter
) -> list[Table]:
    """The scenario's schede and needs (the commitments are the baseline's)."""
    return [
        replace(table, title=SCENARIO_TITLES[table.name])
        for table in plan_tables(money, needs, fmt)
        if table.name in SCENARIO_TITLES
    ]


def write_plan_workbook(
    plan: PlanLike, target: Path, fmt: Formatter, *, author: str
) -> tuple[SheetWritten, ...]:
    """Write the plan's sheets to ``target`` whole or not at all (a temporary
    file in the same folder, renamed); the sheets written. A folder that is
    missing or read-only is a TrackerError naming the file."""
    money = plan.baseline.money
    if money is None:
        raise ValueError("the plan was read without its money")
    tables = plan_tables(money, plan.baseline.needs, fmt)
    scenario = plan.with_scenario
    if scenario is not None and scenario.money is not None:
        tables += scenario_tables(scenario.money, scenario.needs, fmt)
    horizon = plan.horizon
    title = _("Procurement programme {first}-{last} as of {day}").format(
        first=horizon.first_year, last=horizon.last_year, day=fmt.day(plan.as_of)
    )
    return save_workbook(
        target, tables, fmt, title=title, as_of=plan.as_of, author=author
    )
