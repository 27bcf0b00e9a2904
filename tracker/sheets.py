"""Which table each sheet is, read through the tracker: the one place that says
how a workbook's sheets and the CSV lists are read.

Every table reads its rows with the reader the command line's lists and the app
use (``Tracker.tender_pages``, ``Tracker.contract_pages``...), a page at a time as
the table is written. A kind is registered in ``SHEETS`` under its key in
``SHEET_TITLES``; the workbook has its sheets in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from tracker import sheets_day, sheets_records
from tracker.api import Tracker
from tracker.present.sheets import contract_table, lot_table, option_table, tender_table
from tracker.present.tables import SHEET_TITLES, Table

SheetReader = Callable[[Tracker, date], Table]
"""A sheet's table as of a day, its rows read as they are consumed."""

PROCUREMENT: dict[str, SheetReader] = {
    "tender": lambda tracker, day: tender_table(tracker.tender_pages(day)),
    "lot": lambda tracker, day: lot_table(tracker.tender_pages(day)),
    "contract": lambda tracker, day: contract_table(tracker.contract_pages(day)),
    "option": lambda tracker, day: option_table(tracker.contract_pages(day)),
}

SHEETS: dict[str, SheetReader] = {
    key: reader
    for key in SHEET_TITLES
    for sheets in (PROCUREMENT, sheets_records.SHEETS, sheets_day.SHEETS)
    if (reader := sheets.get(key)) is not None
}
"""Every sheet's reader by key, in the workbook's order (``SHEET_TITLES``)."""

LIST_SHEETS = {
    "tenders": "tender",
    "contracts": "contract",
    "services": "service",
    "organisations": "organisation",
    "consortia": "consortium",
    "acts": "act",
}
"""The sheet that ``appalti list KIND --format csv`` writes."""


def sheet_table(tracker: Tracker, key: str, as_of: date) -> Table:
    """The table of one sheet (``contract``) as of a day."""
    return SHEETS[key](tracker, as_of)


def workbook_tables(tracker: Tracker, as_of: date) -> Iterator[Table]:
    """Every sheet's table as of a day, in the workbook's order; each is read
    only when the one before it has been written."""
    for reader in SHEETS.values():
        yield reader(tracker, as_of)
