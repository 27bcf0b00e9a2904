"""The plan as a workbook (``appalti plan -o FILE.xlsx``): scheda H, scheda G, the
commitments by year and the needs, a sheet each, written whole or not at all
(``tracker.export.workbook``: a temporary file in the same folder, renamed).

Cells hold values: days are date cells, money numbers in the euro format, an
unknown figure an empty cell with the row's note saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tracker.domain.planning import Need
from tracker.domain.programme_purchases import PlanMoney
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


def plan_tables(money: PlanMoney, needs: Sequence[Need], fmt: Formatter) -> list[Table]:
    """The workbook's sheets, in order."""
    programme, names = money.programme, money.names
    return [
        scheda_h_table(programme, names, fmt),
        scheda_g_table(programme, names),
        commitments_table(money.commitments),
        needs_table(programme, needs, names, fmt),
    ]


def save_plan_workbook(
    target: Path,
    tables: Sequence[Table],
    fmt: Formatter,
    *,
    first_year: int,
    as_of: date,
    author: str,
) -> tuple[SheetWritten, ...]:
    """Write the plan's sheets to ``target``; the sheets written. A folder that
    is missing or read-only is a TrackerError naming it, and nothing is left."""
    title = _("Procurement programme {first}-{last} as of {day}").format(
        first=first_year, last=first_year + 2, day=fmt.day(as_of)
    )
    return save_workbook(target, tables, fmt, title=title, as_of=as_of, author=author)
