"""The terminal app shell: the contracts of the open database."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header

from tracker.api import Tracker
from tracker.errors import TrackerError
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext
from tui.messages import ContractsLoaded


class TrackerApp(App[None]):
    """appalti: tenders, contracts, funding and service continuity."""

    TITLE = "appalti"
    CSS = """
    DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", _("Quit"))]

    def __init__(self, tracker: Tracker, *, language: str = "it") -> None:
        super().__init__()
        self.tracker = tracker
        self.formatter = Formatter(language)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield DataTable(id="contracts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#contracts", DataTable)
        table.add_columns(
            _("Ref"), _("From"), _("To"), _("Gross"), _("Supplier"), _("Contract")
        )
        self.call_after_refresh(self.load_contracts)

    @work(thread=True, exclusive=True, group="load-contracts")
    def load_contracts(self) -> None:
        try:
            rows = self.tracker.list_contracts()
        except TrackerError as error:
            self.call_from_thread(self.notify, str(error), severity="error")
            return
        self.post_message(ContractsLoaded(rows))

    @on(ContractsLoaded)
    def show_contracts(self, message: ContractsLoaded) -> None:
        table = self.query_one("#contracts", DataTable)
        table.clear()
        fmt = self.formatter
        for row in message.rows:
            gross = (
                row.total_base_and_exercised.gross
                if row.total_base_and_exercised
                else None
            )
            table.add_row(
                row.ref,
                fmt.day_with_precision(row.start, row.start_precision),
                fmt.day_with_precision(row.covered_until, row.end_precision),
                fmt.euro(gross),
                row.supplier.name if row.supplier else "-",
                row.title,
                key=row.ref,
            )
        self.sub_title = ngettext(
            "{count} contract", "{count} contracts", len(message.rows)
        ).format(count=len(message.rows))
