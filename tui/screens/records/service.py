"""A service with its continuity as of a day and what covers it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from tracker.api import RecordKind, ServiceContinuity, ServiceRow, ServiceView
from tracker.domain.continuity import SourceKind
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.continuity import (
    act_by_words,
    coverage_words,
    next_tender_words,
    open_gap_words,
    successor_words,
    uncertain_spans,
)
from tracker.present.periods import end_words, start_words
from tracker.vocabulary import term
from tui.cells import continuity_cell, gross_text
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import period_text


def required_text(s: ServiceRow, fmt: Formatter) -> str:
    """The window in which the service is required."""
    if s.required_until is None:
        return _("from {start}, with no end set").format(
            start=fmt.day_with_precision(s.required_from, s.required_from_precision)
        )
    return period_text(
        fmt,
        s.required_from,
        s.required_from_precision,
        s.required_until,
        s.required_until_precision,
    )


class ServiceScreen(DetailScreen[ServiceView]):
    KINDS = (RecordKind.SERVICE,)
    EDITABLE = False

    def fetch(self, ref: str, as_of: date) -> ServiceView:
        return self.tracker.service_view(ref, as_of)

    def build(self, view: ServiceView) -> Iterator[Widget]:
        s = view.service
        self.main_ref = s.ref
        self.title = _("Service {ref}").format(ref=s.ref)
        yield record_title(_("Service {ref}: {name}").format(ref=s.ref, name=s.name))
        yield facts(self.service_facts(view))
        yield from self.gap_sections(view.continuity)
        yield from self.coverage_sections(view)
        yield from self.deadlines_section(view.deadlines)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)

    def service_facts(
        self, view: ServiceView
    ) -> list[tuple[str, RenderableType | None]]:
        fmt = self.fmt
        s = view.service
        c = view.continuity
        status = continuity_cell(c.status.value)
        status.append("  ")
        status.append(_("as of {day}").format(day=fmt.day(c.as_of)), style="")
        return [
            (_("Continuity"), status),
            (_("Gap"), open_gap_words(c, c.as_of, fmt)),
            (_("Coverage"), coverage_words(c, c.as_of, fmt)),
            # days a contract known by one end may cover: neither coverage nor gap
            (_("Uncertain coverage"), uncertain_spans(c, fmt) or None),
            (_("Covered by"), None if c.current is None else c.current.ref),
            (_("Then"), successor_words(c, fmt)),
            (_("Act by"), act_by_words(c, c.as_of, fmt)),
            (_("Next tender"), next_tender_words(c)),
            (_("Required"), required_text(s, fmt)),
            (_("Neighbourhood"), s.neighbourhood_name),
            (_("Site"), s.address or "-"),
            (_("Programme"), s.programme or "-"),
            (_("Note"), s.note),
        ]

    def gap_sections(self, c: ServiceContinuity) -> Iterator[Widget]:
        fmt = self.fmt
        state_words = {
            "past": _("past"),
            "current": _("open"),
            "future": _("planned"),
        }
        yield from table_section(
            _("Gaps"),
            [_("From"), _("To"), _("Days"), _("State")],
            [
                Line(
                    (
                        fmt.day(g.start),
                        fmt.day(g.end, missing=_("still open")),
                        fmt.number(g.days),
                        Text(
                            state_words[g.state.value],
                            style="bold red" if g.state.value == "current" else "",
                        ),
                    )
                )
                for g in c.gaps
            ],
            empty=_("No gaps in the required window."),
            right=(2,),
        )
        if c.overlaps:
            yield from table_section(
                _("Overlaps"),
                [_("Contracts"), _("From"), _("To"), _("Days")],
                [
                    Line(
                        (
                            f"{o.first} / {o.second}",
                            fmt.day(o.start),
                            fmt.day(o.end),
                            fmt.number(o.days),
                        )
                    )
                    for o in c.overlaps
                ],
                empty="",
                right=(3,),
            )

    def coverage_sections(self, view: ServiceView) -> Iterator[Widget]:
        fmt = self.fmt
        yield from table_section(
            _("Contracts and in-house periods"),
            [_("Contract or period"), _("From"), _("To"), _("By"), _("Gross")],
            [
                Line(
                    (
                        p.ref,
                        start_words(fmt, p.start, p.start_precision),
                        end_words(fmt, p.end, p.end_precision),
                        p.supplier
                        or (
                            _("in-house")
                            if p.kind == SourceKind.IN_HOUSE
                            else _("not stated")
                        ),
                        "-"
                        if p.kind == SourceKind.IN_HOUSE
                        else gross_text(fmt, p.gross),
                    ),
                    key=p.ref,
                    opens=p.ref if p.kind == SourceKind.CONTRACT else None,
                )
                for p in view.periods
            ],
            empty=_("Never covered."),
            right=(4,),
            id="periods",
        )
        yield from table_section(
            _("Tenders"),
            [_("Tender"), _("Lot"), _("Status"), _("Procedure"), _("Planned start")],
            [
                Line(
                    (
                        t.ref,
                        t.lot,
                        term(t.status),
                        term(t.procedure_type) if t.procedure_type else "-",
                        fmt.day_with_precision(
                            t.planned_start, t.planned_start_precision
                        ),
                    ),
                    key=t.ref,
                    opens=t.ref,
                )
                for t in view.tenders
            ],
            empty=_("No tenders."),
            id="tenders",
        )
