"""The detail screen of a record: its view read in a thread worker, laid out as
sections in a scrollable column (facts, then a table per kind of attached record).
Enter on a row of a table opens that record; Escape goes back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static

from tracker.api import (
    AllocationRow,
    ChangeRow,
    DeadlineListRow,
    NoteRow,
    PartyContractRow,
    RecordKind,
    Tracker,
)
from tracker.errors import NotFoundError, TrackerError
from tracker.formatting import printable
from tracker.i18n import _
from tracker.vocabulary import N_, record_part, term
from tui.records import Writing
from tui.screens.base import TrackerScreen
from tui.screens.records.blocks import Line, RecordTable, heading, muted, table_section
from tui.screens.records.lines import (
    allocation_lines,
    changed_fields,
    deadline_lines,
    party_contract_lines,
)
from tui.widgets.footer import TranslatedFooter

V = TypeVar("V")


@dataclass
class ViewLoaded(Message, Generic[V]):
    """A record's view was read."""

    view: V


@dataclass
class RecordGone(Message):
    """The record shown is no more."""

    error: NotFoundError


class DetailScreen(TrackerScreen, Generic[V]):
    """One record; subclasses read their view (of type ``V``) and lay it out."""

    KINDS: ClassVar[tuple[RecordKind, ...]]
    """The kinds of record the screen shows (a tender's shows its lots too)."""
    EDITABLE: ClassVar[bool] = True
    CHILD: ClassVar[RecordKind | None] = None
    """The kind ``n`` adds under this record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", N_("Edit")),
        Binding("delete", "delete", N_("Delete")),
        Binding("n", "add_child", N_("Add")),
        Binding("d", "add_deadline", N_("Add deadline")),
        Binding("m", "add_note", N_("Add note")),
    ]

    # Scoped to each screen class by Textual: no screen name in the selectors.
    CSS = """
    #detail {
        padding: 0 1;
    }
    RecordTable {
        height: auto;
        max-height: 16;
    }
    .record-title {
        text-style: bold;
        color: $primary;
    }
    """

    def __init__(self, tracker: Tracker, ref: str) -> None:
        super().__init__(tracker)
        self.ref = ref
        """The reference the screen was opened with."""
        self.main_ref = ref
        """The record shown (a lot's reference shows its tender)."""
        self.own_refs: set[str] = {ref}
        """Records shown here in full: Enter on their rows does not reopen them."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="detail"):
            yield Static(_("Loading..."), classes="muted")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = self.ref
        self.query_one("#detail", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        del parameters
        if action in ("edit", "delete"):
            return self.EDITABLE
        if action == "add_child":
            return self.CHILD is not None
        return True

    def fetch(self, ref: str, as_of: date) -> V:
        """Read the view (runs in a worker)."""
        raise NotImplementedError

    def build(self, view: V) -> Iterator[Widget]:
        """The sections that lay the view out."""
        raise NotImplementedError

    def load(self) -> None:
        self.read_view(self.ref, self.as_of)

    @work(thread=True, exclusive=True, group="load-detail")
    def read_view(self, ref: str, as_of: date) -> None:
        try:
            view = self.fetch(ref, as_of)
        except NotFoundError as error:
            self.post_message(RecordGone(error))
            return
        except TrackerError as error:
            self.report_error(error)
            return
        self.post_message(ViewLoaded(view))

    @on(ViewLoaded)
    async def show_view(self, message: ViewLoaded[V]) -> None:
        body = self.query_one("#detail", VerticalScroll)
        scrolled = body.scroll_y
        focused = self.focused.id if self.focused is not None else None
        await body.remove_children()
        await body.mount_all(list(self.build(message.view)))
        body.scroll_to(y=scrolled, animate=False, immediate=True)
        if focused is not None and focused != "detail":
            for widget in self.query(f"#{focused}"):
                widget.focus(scroll_visible=False)
        elif focused == "detail":
            # Opened on a lot or an option: its table takes the keys.
            for table in self.query(RecordTable):
                if table.target is not None:
                    table.focus()
                    break

    @on(RecordGone)
    def gone(self, message: RecordGone) -> None:
        self.notify(str(message.error), severity="warning")
        if self.is_current:
            self.tracker_app.go_back()

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        table = event.data_table
        if not isinstance(table, RecordTable):
            return
        key = event.row_key.value
        ref = None if key is None else table.links.get(key)
        if ref is not None and ref not in self.own_refs:
            self.tracker_app.open_record(ref)

    def action_edit(self) -> None:
        self.tracker_app.edit(self.main_ref)

    def action_delete(self) -> None:
        self.tracker_app.delete(self.main_ref)

    def action_add_child(self) -> None:
        if self.CHILD is not None:
            self.tracker_app.create(self.CHILD, parent=self.main_ref)

    def action_add_deadline(self) -> None:
        self.tracker_app.create(RecordKind.DEADLINE, parent=self.main_ref)

    def action_add_note(self) -> None:
        self.tracker_app.create(Writing.NOTE, parent=self.main_ref)

    def notes_section(self, notes: Sequence[NoteRow]) -> Iterator[Widget]:
        yield heading(_("Notes"))
        if not notes:
            yield muted(_("No notes."))
        for note in notes:
            text = Text()
            text.append(
                printable(f"{self.fmt.moment(note.written_at)} {note.author}: "),
                style="bold",
            )
            text.append(printable(note.text, multiline=True))
            yield Static(text)

    def history_section(self, history: Sequence[ChangeRow]) -> Iterator[Widget]:
        newest_first = list(reversed(history))
        yield from table_section(
            _("Change history"),
            [_("When"), _("Who"), _("Action"), _("Record"), _("Fields")],
            [
                Line(
                    (
                        self.fmt.moment(h.at),
                        h.who,
                        term(h.action),
                        h.ref or record_part(h.entity),
                        changed_fields(h),
                    )
                )
                for h in newest_first
            ],
            empty=_("No changes recorded."),
        )

    def deadlines_section(self, rows: Sequence[DeadlineListRow]) -> Iterator[Widget]:
        yield from table_section(
            _("Deadlines and milestones"),
            [_("Due"), _("When"), _("What"), _("State")],
            deadline_lines(rows, self.fmt, self.own_refs),
            empty=_("No deadline is recorded."),
            id="deadlines",
        )

    def funding_section(self, rows: Sequence[AllocationRow]) -> Iterator[Widget]:
        yield from table_section(
            _("Funding"),
            [_("Allocation"), _("Source"), _("For"), _("Amount"), _("Status")],
            allocation_lines(rows, self.fmt),
            empty=_("No funding is recorded."),
            right=(3,),
            id="funding",
        )

    def contracts_section(self, rows: Sequence[PartyContractRow]) -> Iterator[Widget]:
        yield from table_section(
            _("Contracts"),
            [
                _("Contract"),
                _("Title"),
                _("Role"),
                _("Through"),
                _("Period"),
                _("Gross"),
                _("State"),
            ],
            party_contract_lines(rows, self.fmt),
            empty=_("No contracts."),
            right=(5,),
            id="contracts",
        )


def shows_record(screen: Screen[Any], ref: str) -> bool:
    """Whether ``screen`` is the detail screen of ``ref``."""
    return isinstance(screen, DetailScreen) and ref in (screen.ref, screen.main_ref)
