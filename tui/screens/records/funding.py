"""A funding source with its totals by status and its allocations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget

from tracker.api import FundingSourceView, RecordKind
from tracker.i18n import _
from tracker.vocabulary import N_, term
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import allocation_lines


class FundingSourceScreen(DetailScreen[FundingSourceView]):
    KINDS = (RecordKind.FUNDING_SOURCE,)
    CHILD = RecordKind.ALLOCATION
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_child", N_("Add allocation")),
    ]

    def fetch(self, ref: str, as_of: date) -> FundingSourceView:
        return self.tracker.funding_source_view(ref, as_of)

    def build(self, view: FundingSourceView) -> Iterator[Widget]:
        fmt = self.fmt
        self.main_ref = view.ref
        self.title = _("Funding source {ref}").format(ref=view.ref)
        yield record_title(view.name)
        yield facts(
            [
                (_("Ref"), view.ref),
                (_("Kind"), term(view.kind)),
                (_("Funder"), view.funder or "-"),
                (
                    _("Eligible from"),
                    fmt.day(view.eligible_from, missing=_("not stated")),
                ),
                (
                    _("Eligible until"),
                    fmt.day(view.eligible_until, missing=_("no end")),
                ),
                *(
                    []
                    if view.paid_by is None
                    else [(_("Must be paid by"), fmt.day(view.paid_by))]
                ),
                (_("Note"), view.note),
            ]
        )
        yield from table_section(
            _("Totals by status"),
            [_("Status"), _("Allocations"), _("Amount"), _("Not stated")],
            [
                Line(
                    (
                        term(t.status),
                        fmt.number(t.count),
                        fmt.euro(t.amount),
                        fmt.number(t.unstated),
                    )
                )
                for t in view.totals
            ],
            empty=_("No funding is recorded."),
            right=(1, 2, 3),
        )
        yield from table_section(
            _("Allocations"),
            [_("Allocation"), _("Source"), _("For"), _("Amount"), _("Status")],
            allocation_lines(view.allocations, fmt),
            empty=_("No funding is recorded."),
            right=(3,),
            id="allocations",
        )
        yield from self.deadlines_section(view.deadlines)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)
