"""An explicit deadline with what it is about and its occurrences; ``x`` marks it
done (a recurring one through its current occurrence), ``o`` reopens it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget

from tracker.api import DeadlineView, RecordKind
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.vocabulary import N_, term
from tui.screens.base import TrackerScreen
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import deadline_lines

DONE_KEYS: list[BindingType] = [
    Binding("x", "done", N_("Done")),
    Binding("o", "reopen", N_("Reopen")),
]
"""The keys that close and reopen a deadline, on its screen and on the list."""


def mark_done(screen: TrackerScreen, ref: str, through: date | None = None) -> None:
    """Mark the explicit deadline ``ref`` done, as of the screen's day: a recurring
    one through ``through`` or else its current occurrence. Says what it did."""
    if screen.tracker_app.refuse_read_only():
        return
    tracker, as_of, fmt = screen.tracker, screen.as_of, screen.fmt

    def write() -> None:
        try:
            day = tracker.mark_deadline_done(ref, through=through, as_of=as_of)
        except TrackerError as error:
            screen.report_error(error)
            return
        if day is None:
            done = _("Done: {ref}").format(ref=ref)
        else:
            done = _("{ref}: done through {day}").format(ref=ref, day=fmt.day(day))
        screen.app.call_from_thread(screen.tracker_app.data_changed)
        screen.app.call_from_thread(screen.notify, done)

    screen.run_worker(write, thread=True, group="write")


def reopen(screen: TrackerScreen, ref: str) -> None:
    """Undo the last done of the explicit deadline ``ref``. Says what it did."""
    if screen.tracker_app.refuse_read_only():
        return
    tracker, fmt = screen.tracker, screen.fmt

    def write() -> None:
        try:
            day = tracker.reopen_deadline(ref)
        except TrackerError as error:
            screen.report_error(error)
            return
        if day is None:
            opened = _("Open again: {ref}").format(ref=ref)
        else:
            opened = _("{ref}: the occurrence of {day} is open again").format(
                ref=ref, day=fmt.day(day)
            )
        screen.app.call_from_thread(screen.tracker_app.data_changed)
        screen.app.call_from_thread(screen.notify, opened)

    screen.run_worker(write, thread=True, group="write")


class DeadlineScreen(DetailScreen[DeadlineView]):
    KINDS = (RecordKind.DEADLINE,)
    BINDINGS: ClassVar[list[BindingType]] = DONE_KEYS

    def action_done(self) -> None:
        mark_done(self, self.main_ref)

    def action_reopen(self) -> None:
        reopen(self, self.main_ref)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_deadline":
            return False
        return super().check_action(action, parameters)

    def fetch(self, ref: str, as_of: date) -> DeadlineView:
        return self.tracker.deadline_view(ref, as_of)

    def build(self, view: DeadlineView) -> Iterator[Widget]:
        fmt = self.fmt
        self.main_ref = view.ref
        self.title = _("Deadline {ref}").format(ref=view.ref)
        yield record_title(view.title)
        recurrence = term(view.recurrence)
        if view.recurrence_until is not None:
            recurrence += " " + _("until {day}").format(
                day=fmt.day(view.recurrence_until)
            )
        yield facts(
            [
                (_("Ref"), view.ref),
                (_("Due"), fmt.day(view.due)),
                (_("Repeats"), recurrence if view.recurrence != "none" else _("no")),
                (_("Warn ahead"), _("{n} days").format(n=view.lead_days)),
                (_("Owner"), view.owner or "-"),
                (_("State"), term(view.state)),
                (_("Done through"), fmt.day(view.done_through, missing="")),
                (_("Note"), view.note),
            ]
        )
        if view.subject_ref is not None:
            yield from table_section(
                _("About"),
                [_("Record"), _("Kind")],
                [
                    Line(
                        (view.subject_ref, _(view.subject_kind or "-")),
                        key=view.subject_ref,
                        opens=view.subject_ref,
                    )
                ],
                empty="",
                id="links",
            )
        yield from table_section(
            _("Occurrences"),
            [_("Due"), _("When"), _("What"), _("State")],
            deadline_lines(view.occurrences, fmt, {view.ref}),
            empty=_("No occurrence up to a year ahead."),
            id="occurrences",
        )
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)
