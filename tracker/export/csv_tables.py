"""A table as CSV, written row by row as its rows are read.

Two conventions. The plain one is for scripts: UTF-8, comma-separated, the header
the columns' stable keys, dates as ISO 8601 (2022-12-20), numbers with a decimal
point and no thousands separator (828415.20; a percentage as its fraction, 0.22).
The Excel one is what Excel set to Italian opens with a double click: a byte order
mark so that it reads UTF-8, semicolons, a decimal comma (828415,20), dates as
20/12/2022, percentages as 22%, the headers in the active language.

In both, a text cell a spreadsheet would run as a formula is neutralised
(``neutralised``): a name such as ``=HYPERLINK(...)`` is shown, never run. A
number is written as a number, a negative count included.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from typing import TextIO

from tracker.i18n import _
from tracker.present.tables import Cell, CellKind, Table, neutralised

BOM = "\ufeff"
"""Tells Excel that the file is UTF-8 (without it, it reads the local code page)."""

CENT = Decimal("0.01")


def write_csv(table: Table, out: TextIO, *, excel: bool = False) -> int:
    """Writes ``table`` to ``out`` (opened with ``newline=""``); returns the number
    of rows written, the header aside."""
    if excel:
        out.write(BOM)
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(
        [_(column.header) if excel else column.key for column in table.columns]
    )
    cell_text = excel_cell if excel else plain_cell
    kinds = [column.kind for column in table.columns]
    count = 0
    for row in table.rows:
        writer.writerow(
            [cell_text(kind, value) for kind, value in zip(kinds, row, strict=True)]
        )
        count += 1
    return count


def plain_cell(kind: CellKind, value: Cell) -> str:
    """A cell as scripts read it: 2022-12-20, 828415.20, 0.22."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _number(kind, value)
    return str(value)


def excel_cell(kind: CellKind, value: Cell) -> str:
    """A cell as Excel in Italian reads it: 20/12/2022, 828415,20, 22%."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        if kind == "percent":
            return _number(kind, value * 100).replace(".", ",") + "%"
        return _number(kind, value).replace(".", ",")
    return str(value)


def _number(kind: CellKind, value: Decimal) -> str:
    """Digits and a point, no exponent: euros with their cents (828415.20), any
    other number without trailing zeros (a share of 0.6000 is 0.6)."""
    if kind == "money":
        return f"{value.quantize(CENT):f}"
    return f"{value.normalize():f}"
