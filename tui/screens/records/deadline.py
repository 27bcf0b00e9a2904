"""An explicit deadline with what it is about and its occurrences."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from textual.widget import Widget

from tracker.api import DeadlineView, RecordKind
from tracker.i18n import _
from tracker.vocabulary import term
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import deadline_lines


class DeadlineScreen(DetailScreen[DeadlineView]):
    KINDS = (RecordKind.DEADLINE,)

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
