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
from tracker.errors import NotFoundError, TrackerError, ValidationError
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
        self.versions: dict[str, tuple[str, int]] = {}
        """The history's rows: the record and the version each one made."""

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
        if table.id == "history":
            if key in self.versions:
                self.open_version(*self.versions[key])
            return
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
        self.versions = {}
        lines = []
        for index, h in enumerate(newest_first):
            key = f"change-{index}"
            if self.EDITABLE and h.subject is not None and h.version is not None:
                self.versions[key] = (h.subject, h.version)
            lines.append(
                Line(
                    (
                        self.fmt.moment(h.at),
                        h.who,
                        term(h.action),
                        h.ref or record_part(h.entity),
                        "" if h.version is None else str(h.version),
                        changed_fields(h),
                    ),
                    key=key,
                )
            )
        yield from table_section(
            _("Change history"),
            [_("When"), _("Who"), _("Action"), _("Record"), _("Ver."), _("Fields")],
            lines,
            empty=_("No changes recorded."),
            right=(4,),
            id="history",
        )
        if self.versions and not self.tracker.read_only:
            yield muted(
                _("Enter on a change shows the record as it left it, to restore.")
            )

    def open_version(self, ref: str, version: int) -> None:
        """Show a version of ``ref`` beside the record now, to restore it."""
        if not self.tracker_app.refuse_read_only():
            self.read_version(ref, version)

    @work(thread=True, exclusive=True, group="read-version")
    def read_version(self, ref: str, version: int) -> None:
        from tui.screens.records.version import VersionScreen

        try:
            kind = self.tracker.record_kind(ref)
            read = self.tracker.version_of(ref, version)
        except TrackerError as error:
            self.report_error(error)
            return

        def answered(restore: bool | None) -> None:
            if restore:
                self.restore(ref, version, read.version)

        self.app.call_from_thread(
            self.app.push_screen, VersionScreen(ref, kind, version, read), answered
        )

    @work(thread=True, group="write")
    def restore(self, ref: str, version: int, seen: int) -> None:
        """Save the record as ``version`` left it, if still at the version ``seen``."""
        try:
            saved = self.tracker.restore_version(ref, version, base_version=seen)
        except ValidationError as error:
            message = _("Version {version} of {ref} cannot be restored: {reason}")
            self.app.call_from_thread(
                self.notify,
                message.format(version=version, ref=ref, reason=error),
                severity="error",
                timeout=15,
            )
            return
        except TrackerError as error:
            self.app.call_from_thread(
                self.notify, str(error), severity="error", timeout=15
            )
            self.app.call_from_thread(self.tracker_app.data_changed)
            return
        self.app.call_from_thread(self.restored, ref, saved, version)

    def restored(self, ref: str, saved: str, version: int) -> None:
        self.tracker_app.data_changed()
        self.notify(
            _("{ref}: version {version} restored").format(ref=saved, version=version)
        )
        if saved != ref and ref == self.main_ref and self.is_current:
            # Its reference came back with it: show it under that one.
            self.tracker_app.pop_screen()
            self.tracker_app.open_record(saved)

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
