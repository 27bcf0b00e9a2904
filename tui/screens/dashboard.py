"""The state of the department at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from tracker.api import Dashboard, Tracker
from tracker.domain.continuity import ContinuityStatus
from tracker.errors import TrackerError
from tracker.i18n import _, ngettext
from tracker.present.countdowns import in_days
from tracker.vocabulary import N_, continuity_word
from tui.screens.base import TrackerScreen
from tui.text import cell
from tui.widgets.footer import TranslatedFooter

STATUS_LOOK: dict[ContinuityStatus, tuple[str, str]] = {
    ContinuityStatus.GAP: ("■", "bold red"),
    ContinuityStatus.AT_RISK: ("▲", "bold yellow"),
    ContinuityStatus.UNCERTAIN: ("?", "bold magenta"),
    ContinuityStatus.OK: ("✓", "bold green"),
    ContinuityStatus.NOT_REQUIRED: ("·", "dim"),
}


class DashboardScreen(TrackerScreen):
    """Services by continuity status, contracts ending, value, pending funds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "app.go('timeline')", N_("Timeline")),
        Binding("a", "app.go('digest')", N_("Alerts")),
    ]

    @dataclass
    class Loaded(Message):
        dashboard: Dashboard

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="dashboard"):
            with Horizontal(id="dashboard-top"):
                with Vertical(classes="card"):
                    yield Static(_("Services"), classes="card-title")
                    yield Static("", id="services")
                with Vertical(classes="card"):
                    yield Static(_("Value under contract"), classes="card-title")
                    yield Static("", id="value")
            yield Static(_("Contracts ending"), classes="section-title")
            yield Static("", id="ending-summary")
            yield DataTable(id="ending", cursor_type="row", zebra_stripes=True)
            yield Static(_("Funds awaiting confirmation"), classes="section-title")
            yield Static("", id="pending-summary")
            yield DataTable(id="pending", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _("Dashboard")
        self.query_one("#ending", DataTable).add_columns(
            _("Ends"), _("When"), _("Contract"), _("Title")
        )
        self.query_one("#pending", DataTable).add_columns(
            _("Allocation"), _("Source"), _("Funds"), _("Amount"), _("Status")
        )

    def load(self) -> None:
        self.read_dashboard(self.as_of)

    @work(thread=True, exclusive=True, group="load-dashboard")
    def read_dashboard(self, as_of: date) -> None:
        try:
            dashboard = self.tracker.dashboard(as_of)
        except TrackerError as error:
            self.report_error(error)
            return
        self.post_message(self.Loaded(dashboard))

    @on(Loaded)
    def show_dashboard(self, message: Loaded) -> None:
        board = message.dashboard
        self.show_services(board)
        self.show_value(board)
        self.show_ending(board)
        self.show_pending(board)

    def show_services(self, board: Dashboard) -> None:
        services = Text()
        for status, count in board.services:
            mark, style = STATUS_LOOK[status]
            services.append(f"{mark} {count:>6}  ", style=style)
            services.append(continuity_word(status) + "\n")
        self.query_one("#services", Static).update(services)

    def show_value(self, board: Dashboard) -> None:
        fmt = self.fmt
        value = board.value
        lines = Text()
        lines.append(
            ngettext(
                "{n} contract in force", "{n} contracts in force", value.contracts
            ).format(n=value.contracts)
            + "\n",
            style="bold",
        )
        if value.contracts > value.unvalued:
            width = max(len(_("Gross")), len(_("Net")), len(_("VAT"))) + 2
            lines.append(_("Gross").ljust(width) + fmt.euro(value.gross) + "\n")
            lines.append(_("Net").ljust(width) + fmt.euro(value.net) + "\n")
            lines.append(_("VAT").ljust(width) + fmt.euro(value.vat) + "\n")
        if value.gross_only:
            lines.append(
                ngettext(
                    "{n} amount stated gross only ({total}): not in net and VAT",
                    "{n} amounts stated gross only ({total}): not in net and VAT",
                    value.gross_only,
                ).format(n=value.gross_only, total=fmt.euro(value.gross_only_total))
                + "\n",
                style="yellow",
            )
        if value.unvalued:
            lines.append(
                ngettext(
                    "{n} contract with no amount stated",
                    "{n} contracts with no amount stated",
                    value.unvalued,
                ).format(n=value.unvalued),
                style="yellow",
            )
        self.query_one("#value", Static).update(lines)

    def show_ending(self, board: Dashboard) -> None:
        fmt = self.fmt
        counts = [
            ngettext(
                "{n} within {months} months", "{n} within {months} months", len(rows)
            ).format(n=len(rows), months=months)
            for months, rows in board.ending
        ]
        self.query_one("#ending-summary", Static).update(" · ".join(counts))
        ending = self.query_one("#ending", DataTable)
        ending.clear()
        longest = board.ending[-1][1] if board.ending else ()
        for row in longest:
            ending.add_row(
                *map(
                    cell,
                    (fmt.day(row.covered_until), in_days(row.days), row.ref, row.title),
                ),
                key=row.ref,
            )

    def show_pending(self, board: Dashboard) -> None:
        fmt = self.fmt
        pending = self.query_one("#pending", DataTable)
        pending.clear()
        self.query_one("#pending-summary", Static).update(
            ngettext(
                "{n} allocation not confirmed, {total} stated",
                "{n} allocations not confirmed, {total} stated",
                len(board.pending),
            ).format(n=len(board.pending), total=fmt.euro(board.pending_total))
            + (
                "; "
                + ngettext(
                    "{n} with no amount", "{n} with no amount", board.pending_unstated
                ).format(n=board.pending_unstated)
                if board.pending_unstated
                else ""
            )
        )
        for funds in board.pending:
            pending.add_row(
                *map(
                    cell,
                    (
                        funds.ref,
                        funds.source_name,
                        funds.funds,
                        fmt.euro(funds.amount, missing=_("not stated")),
                        _(funds.status),
                    ),
                ),
                key=f"{funds.funds} {funds.ref}",
            )

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            # Pending funds open the tender or contract they fund.
            self.tracker_app.open_record(event.row_key.value.split(" ")[0])
