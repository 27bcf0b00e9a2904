"""A list as the app shows it, written as its sheet: the sheet's columns (those of
``appalti export xlsx``, which the spreadsheet import reads back), the list's rows
only, in the list's order.

The app's lists search, filter and sort their own rows (``Tracker.browse_*``);
the sheets read every record of a kind (``tracker.sheets``). A list's export
reads its sheet once and keeps the rows of the records the list holds, each at
the place the list gives it: one read path per record, whatever the list on
screen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from datetime import date

from tracker.api import Tracker
from tracker.present.tables import Cell, Table
from tracker.sheets import sheet_table

ListKey = tuple[Hashable, ...]
"""What a row of a list and a row of its sheet share: the record's reference,
or for a deadline (a derived one has none) its title and its day."""

APP_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tenders": ("tender", ("ref",)),
    "contracts": ("contract", ("ref",)),
    "services": ("service", ("ref",)),
    "organisations": ("organisation", ("ref",)),
    "consortia": ("consortium", ("ref",)),
    "funding": ("funding_source", ("ref",)),
    "deadlines": ("deadline", ("title", "due")),
    "acts": ("act", ("ref",)),
}
"""Each list of the app (its mode): its sheet and the columns of the sheet that
make a row's ``ListKey``."""


def listed_table(
    tracker: Tracker, kind: str, as_of: date, keys: Iterable[ListKey]
) -> Table:
    """The sheet of the list ``kind`` as of ``as_of`` with the rows of ``keys``
    only, in their order (a consortium's members stay together, in the sheet's
    order)."""
    sheet, key_columns = APP_LISTS[kind]
    table = sheet_table(tracker, sheet, as_of)
    place: dict[ListKey, int] = {}
    for key in keys:
        place.setdefault(key, len(place))
    where = [
        next(i for i, column in enumerate(table.columns) if column.key == name)
        for name in key_columns
    ]
    held: dict[int, list[tuple[Cell, ...]]] = defaultdict(list)
    for row in table.rows:
        at = place.get(tuple(row[i] for i in where))
        if at is not None:
            held[at].append(row)
    rows = [row for at in sorted(held) for row in held[at]]
    return Table(table.name, table.title, table.columns, rows)
