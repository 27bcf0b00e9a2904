"""What was silenced: alerts snoozed and deadlines acknowledged, with until when,
when and by whom; Delete (or u) undoes one, Enter opens its record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from tracker.api import SilencedRow, Tracker
from tracker.errors import TrackerError
from tracker.i18n import _, ngettext
from tracker.vocabulary import N_, alert_key
from tui.cells import clip
from tui.screens.base import TrackerScreen
from tui.text import cell
from tui.widgets.footer import TranslatedFooter

if TYPE_CHECKING:
    from tui.app import TrackerApp

WHAT_WIDTH = 40
WHO_WIDTH = 16


def show_silenced(app: TrackerApp) -> None:
    """Open the screen of what was snoozed and acknowledged (from the digest's key
    and from the palette)."""
    app.push_screen(SilencedScreen(app.tracker))


def what_text(row: SilencedRow) -> str:
    """ "LOR-2023 (funding pending confirmation)", or an explicit deadline's ref
    and title."""
    if row.title is not None:
        return f"{row.key} {row.title}"
    return alert_key(row.key)


class SilencedScreen(TrackerScreen):
    """Snoozed alerts still hidden on the app's day and acknowledged deadlines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), show=False),
        Binding("u,delete", "undo", N_("Undo"), key_display="u"),
    ]

    DEFAULT_CSS = """
    SilencedScreen #silenced-summary { padding: 0 1; height: auto; }
    SilencedScreen DataTable { height: 1fr; }
    """

    @dataclass
    class Loaded(Message):
        rows: list[SilencedRow]

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)
        self.rows: list[SilencedRow] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(_("Loading..."), id="silenced-summary")
        yield DataTable(id="silenced", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _("Snoozed and acknowledged")
        table = self.query_one("#silenced", DataTable)
        # who before when: at 80 columns the moment is what gets cut
        table.add_columns(_("State"), _("What"), _("Until"), _("Who"), _("When"))

    def load(self) -> None:
        self.read_rows()

    @work(thread=True, exclusive=True, group="load-silenced")
    def read_rows(self) -> None:
        try:
            rows = self.tracker.silenced(self.as_of)
        except TrackerError as error:
            self.report_error(error)
            return
        self.post_message(self.Loaded(rows))

    @on(Loaded)
    def show_rows(self, message: Loaded) -> None:
        self.rows = message.rows
        table = self.query_one("#silenced", DataTable)
        cursor = table.cursor_row
        table.clear()
        for index, row in enumerate(self.rows):
            table.add_row(*self.cells(row), key=str(index))
        summary = self.query_one("#silenced-summary", Static)
        if not self.rows:
            summary.update(_("Nothing is snoozed or acknowledged."))
        else:
            summary.update(
                Text.assemble(
                    ngettext(
                        "{n} alert or deadline silenced",
                        "{n} alerts or deadlines silenced",
                        len(self.rows),
                    ).format(n=len(self.rows)),
                    ("   " + _("u undoes, Enter opens the record"), "dim"),
                )
            )
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        table.focus()

    def cells(self, row: SilencedRow) -> tuple[Text, ...]:
        fmt = self.fmt
        if row.snoozed:
            how = Text(_("snoozed"), style="yellow")
            until = fmt.day(row.until)
        else:
            how = Text(_("acknowledged"), style="cyan")
            until = (
                _("for good")
                if row.until is None
                else _("through {day}").format(day=fmt.day(row.until))
            )
        return (
            how,
            cell(clip(what_text(row), WHAT_WIDTH)),
            cell(until),
            cell(clip(row.actor, WHO_WIDTH)),
            cell("-" if row.at is None else fmt.moment(row.at)),
        )

    def selected(self) -> SilencedRow | None:
        table = self.query_one("#silenced", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    @on(DataTable.RowSelected, "#silenced")
    def open_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.selected()
        if row is not None:
            self.tracker_app.open_record(row.ref)

    def action_undo(self) -> None:
        row = self.selected()
        if row is None or self.tracker_app.refuse_read_only():
            return
        self.write_undo(row)

    @work(thread=True, group="write")
    def write_undo(self, row: SilencedRow) -> None:
        try:
            if row.snoozed:
                self.tracker.unsnooze_alert(row.key)
            else:
                self.tracker.unacknowledge_deadline(row.key)
        except TrackerError as error:
            self.report_error(error)
            return
        done = (
            _("Snooze undone: {key}")
            if row.snoozed
            else _("Acknowledgement undone: {key}")
        )
        self.app.call_from_thread(self.tracker_app.data_changed)
        self.app.call_from_thread(self.notify, done.format(key=alert_key(row.key)))
