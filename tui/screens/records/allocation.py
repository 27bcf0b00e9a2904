"""An allocation of funds with the source it comes from and what it funds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from textual.widget import Widget

from tracker.api import AllocationView, RecordKind
from tracker.i18n import _
from tracker.vocabulary import term
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen


class AllocationScreen(DetailScreen[AllocationView]):
    KINDS = (RecordKind.ALLOCATION,)

    def fetch(self, ref: str, as_of: date) -> AllocationView:
        del as_of
        return self.tracker.allocation_view(ref)

    def build(self, view: AllocationView) -> Iterator[Widget]:
        fmt = self.fmt
        a = view.allocation
        self.main_ref = a.ref
        self.title = _("Allocation {ref}").format(ref=a.ref)
        yield record_title(_("Allocation {ref}").format(ref=a.ref))
        yield facts(
            [
                (_("Amount"), fmt.euro(a.amount, missing=_("not stated"))),
                (_("Status"), term(a.status)),
                (_("Eligible from"), fmt.day(view.eligible_from, missing="")),
                (_("Eligible until"), fmt.day(a.eligible_until, missing=_("no end"))),
                (_("Note"), a.note),
            ]
        )
        yield from table_section(
            _("Linked records"),
            [_("Record"), _("Kind"), _("Name")],
            [
                Line(
                    (a.source, term(view.source_kind), a.source_name),
                    key=a.source,
                    opens=a.source,
                ),
                Line(
                    (a.funds, _(view.funds_kind), view.funds_title),
                    key=a.funds,
                    opens=a.funds,
                ),
            ],
            empty="",
            id="links",
        )
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)
