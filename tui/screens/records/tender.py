"""A tender with its lots, contracts, funding and deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from rich.console import RenderableType
from textual.binding import Binding, BindingType
from textual.widget import Widget

from tracker.api import RecordKind, TenderView
from tracker.i18n import _
from tracker.present.acts import act_citation
from tracker.present.amounts import amount_words
from tracker.present.tenders import lot_number, published_facts
from tracker.vocabulary import N_, term
from tui.cells import gross_text
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import (
    period_text,
)


class TenderScreen(DetailScreen[TenderView]):
    KINDS = (RecordKind.TENDER, RecordKind.LOT)
    CHILD = RecordKind.LOT
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_child", N_("Add lot")),
        Binding("a", "add_allocation", N_("Add funding")),
        Binding("p", "dossier", N_("Dossier")),
    ]

    def fetch(self, ref: str, as_of: date) -> TenderView:
        return self.tracker.tender_view(ref, as_of)

    def build(self, view: TenderView) -> Iterator[Widget]:
        fmt = self.fmt
        detail = view.detail
        t = detail.tender
        self.main_ref = t.ref
        self.own_refs = {self.ref, t.ref, *(lot.ref for lot in t.lots)}
        self.title = _("Tender {ref}").format(ref=t.ref)
        yield record_title(_("Tender {ref}: {title}").format(ref=t.ref, title=t.title))
        yield facts(self.tender_facts(view))
        # the CUPs of a lot are a column only when some lot states them
        cups = any(lot.cups for lot in t.lots)
        yield from table_section(
            _("Lots"),
            [
                _("Lot"),
                _("Title"),
                _("CIG"),
                *([_("CUP codes")] if cups else []),
                _("Value"),
                _("Services"),
                _("Contracts"),
            ],
            [
                Line(
                    (
                        f"{lot_number(lot.number)} {lot.ref}",
                        lot.title,
                        lot.cig or "-",
                        *([", ".join(lot.cups) or "-"] if cups else []),
                        gross_text(
                            fmt,
                            None if lot.value is None else lot.value.gross,
                            net=None if lot.value is None else lot.value.net,
                        ),
                        ", ".join(lot.services) or "-",
                        ", ".join(lot.contracts) or "-",
                    ),
                    key=lot.ref,
                    opens=lot.contracts[0] if len(lot.contracts) == 1 else None,
                )
                for lot in t.lots
            ],
            empty=_("No lots."),
            right=(4 if cups else 3,),
            cursor=view.focus,
            id="lots",
        )
        yield from table_section(
            _("Contracts"),
            [_("Contract"), _("Supplier"), _("Period"), _("Gross"), _("State")],
            [
                Line(
                    (
                        c.ref,
                        c.supplier.name if c.supplier else _("not stated"),
                        period_text(
                            fmt, c.start, c.start_precision, c.covered_until, "day"
                        ),
                        gross_text(
                            fmt,
                            None
                            if c.total_base_and_exercised is None
                            else c.total_base_and_exercised.gross,
                            bool(
                                c.total_base_and_exercised
                                and c.total_base_and_exercised.missing
                            ),
                            None
                            if c.total_base_and_exercised is None
                            else c.total_base_and_exercised.net,
                        ),
                        term(view.contract_states[c.ref]),
                    ),
                    key=c.ref,
                    opens=c.ref,
                )
                for c in detail.contracts
            ],
            empty=_("No contract has been awarded on this tender."),
            right=(3,),
            id="contracts",
        )
        yield from self.funding_section(detail.allocations)
        yield from self.deadlines_section(view.deadlines)
        yield from self.notes_section(detail.notes)
        yield from self.history_section(detail.history)

    def tender_facts(self, view: TenderView) -> list[tuple[str, RenderableType | None]]:
        fmt = self.fmt
        detail = view.detail
        t = detail.tender
        start = fmt.day_with_precision(t.planned_start, t.planned_start_precision)
        if t.planned_months:
            start += " " + _("({months} months)").format(months=t.planned_months)
        return [
            (_("Status"), term(t.status)),
            (_("Procedure"), term(t.procedure_type) if t.procedure_type else "-"),
            *published_facts(t),
            (_("Programme"), t.programme or "-"),
            (_("CUP"), t.cup or "-"),
            (_("RUP"), t.rup or "-"),
            (_("Planned start"), start),
            (_("Publication"), fmt.day(t.publication_date, missing="")),
            (_("Offer deadline"), fmt.day(t.offer_deadline, missing="")),
            (_("Award"), fmt.day(t.award_date, missing="")),
            (_("End of standstill"), fmt.day(t.standstill_end, missing="")),
            (_("Contract signature"), fmt.day(t.signature_date, missing="")),
            (_("Estimated value"), amount_words(t.estimated_value, fmt)),
            (
                _("Authorising act"),
                act_citation(detail.act, fmt) if detail.act else _("not stated"),
            ),
            (_("Procurement plan"), t.plan_entry),
            (_("Note"), t.note),
        ]

    def action_add_allocation(self) -> None:
        self.tracker_app.create(RecordKind.ALLOCATION, parent=self.main_ref)

    def action_dossier(self) -> None:
        self.tracker_app.make_dossier(self.main_ref)
