"""Lists as typed tables: the one shape that CSV files and workbooks are written from.

A table holds values, not words: dates as ``date``, money as ``Decimal`` euros,
percentages as ``Decimal`` fractions (0.65 is 65 %), counts as ``int``. Each writer
(CSV plain or in the Italian Excel convention, a workbook sheet) words and types them
its own way; an unknown value is ``None``, never a made-up 0, and the row says why
in a note column.

A column that holds a form's field names it (``field``): the spreadsheet import reads
such a column back by its header, in either language; a computed column (a
countdown, a coverage end) has no field and is ignored on the way in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from tracker.errors import N_

CellKind = Literal["text", "date", "money", "percent", "integer"]
"""How a writer types a column's cells: text; a day; euros with two decimals; a
fraction shown as a percentage; a whole number."""

Cell = str | int | Decimal | date | None
"""One value of a table; ``None`` is unknown or not applicable (said in a note)."""


@dataclass(frozen=True)
class Column:
    key: str
    """Stable name (CSV scripts may rely on it through the English header)."""
    header: str
    """A message id: write ``_(header)``."""
    kind: CellKind = "text"
    field: str | None = None
    """The form field (``tracker.forms.FORMS[kind]``) this column holds, so that
    the spreadsheet import can read it back; ``None`` for a computed column."""


@dataclass(frozen=True)
class Table:
    name: str
    """Stable key of the table (``contracts``), also the record kind's sheet key."""
    title: str
    """A message id: the sheet's name, ``_(title)``."""
    columns: tuple[Column, ...]
    rows: Iterable[tuple[Cell, ...]]
    """One tuple per row, in the columns' order; may be read only once."""


SHEET_TITLES: dict[str, str] = {
    "tender": N_("Tenders"),
    "lot": N_("Lots"),
    "contract": N_("Contracts"),
    "option": N_("Options"),
    "programme": N_("Programmes"),
    "service": N_("Services"),
    "organisation": N_("Organisations"),
    "consortium": N_("Consortia"),
    "act": N_("Acts"),
    "funding_source": N_("Funding sources"),
    "allocation": N_("Allocations"),
    "deadline": N_("Deadlines"),
    "alert": N_("Alerts"),
    "continuity": N_("Continuity"),
}
"""The sheet of each record kind (the form kinds of ``tracker.forms.FORMS``) and of
the two computed views, named as the app names them: an exported workbook and the
import template use the same names, so that the import finds an export's sheets."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV injection")."""


def neutralised(text: str) -> str:
    """Text that no spreadsheet will run: a cell starting like a formula gets a
    leading apostrophe, which Excel and LibreOffice show as plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
