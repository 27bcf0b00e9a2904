"""``e`` on a list or on the alerts: the list on screen as a workbook.

The workbook holds the rows the list shows (its search, its filter, its sort,
every row, not only those loaded) in the columns of the list's sheet in
``appalti export xlsx``. It goes to the documents folder unless another path is
typed, over an existing file only if the person says so, whole or not at all;
a notice says where it went (``tui.documents``, as for the PDFs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.errors import N_
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.api import Alert
    from tracker.present.tables import Table
    from tui.screens.base import TrackerScreen
    from tui.screens.browse import ListScreen

PAGE = 500
"""Rows of the list read at a time to learn its order (the most a page holds)."""
LONG = 5000
"""Rows from which writing takes long enough to say that it started (50,000
contracts take about a minute)."""


def export_list(screen: ListScreen[Any]) -> None:
    """Write the list ``screen`` shows, as it shows it, to a workbook."""
    from tracker.list_sheets import listed_table

    query = screen.query_for(0)
    app = screen.tracker_app

    def read() -> Table:
        source = screen.open_source(query.as_of)
        keys: list[tuple[Hashable, ...]] = []
        offset = 0
        while True:
            page = source(dataclasses.replace(query, offset=offset, limit=PAGE))
            if offset == 0 and page.total > LONG:
                app.call_from_thread(
                    app.notify,
                    _(
                        "Writing {count} rows: a notice says when the file is ready."
                    ).format(count=screen.fmt.number(page.total)),
                )
            keys.extend(screen.export_key(row) for row in page.rows)
            offset += PAGE
            if offset >= page.total:
                break
        return listed_table(screen.tracker, screen.KIND, query.as_of, keys)

    save_list(screen, screen.HEADING, query.as_of, read)


def save_list(
    screen: TrackerScreen, heading: str, as_of: date, read: Callable[[], Table]
) -> None:
    """Ask where to write the list named ``heading`` (a message id) as of
    ``as_of``, proposing a file named after it in the documents folder, and write
    the table ``read`` returns there (``read`` runs in a worker: it reads the
    database)."""
    from tracker.export.names import list_workbook_name
    from tui.documents import save_document

    app = screen.tracker_app
    fmt, author = screen.fmt, app.tracker.actor
    title = _("{heading} as of {day}").format(heading=_(heading), day=fmt.day(as_of))

    def make() -> bytes:
        import io

        from tracker.export.workbook import write_workbook

        buffer = io.BytesIO()
        write_workbook([read()], buffer, fmt, title=title, as_of=as_of, author=author)
        return buffer.getvalue()

    save_document(
        app,
        _("{heading}: write the workbook to").format(heading=_(heading)),
        list_workbook_name(_(heading), as_of),
        make,
        _("List written: {path}"),
    )


def export_alerts(screen: TrackerScreen, alerts: Sequence[Alert]) -> None:
    """Write the alerts shown (most urgent first) to a workbook."""
    from tracker.sheets_day import alerts_table

    as_of = screen.as_of
    shown = tuple(alerts)
    save_list(screen, N_("Alerts"), as_of, lambda: alerts_table(shown, as_of))
