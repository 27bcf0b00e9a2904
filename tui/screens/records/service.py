"""A service with its continuity as of a day and what covers it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from tracker.api import RecordKind, ServiceContinuity, ServiceRow, ServiceView
from tracker.domain.continuity import SourceKind
from tracker.formatting import Formatter, days_ago, in_days, overdue_by
from tracker.i18n import _
from tracker.vocabulary import term
from tui.cells import continuity_cell, gross_text
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import period_text


def coverage_text(c: ServiceContinuity, fmt: Formatter) -> str:
    """Until when the service is covered, or since when it is not."""
    as_of = c.as_of
    if c.covered_until is None:
        return _("never covered")
    if c.covered_until < as_of:
        return _("last covered {day}").format(day=fmt.day(c.covered_until))
    return _("covered until {day} ({countdown})").format(
        day=fmt.day(c.covered_until),
        countdown=in_days((c.covered_until - as_of).days),
    )


def act_by_text(c: ServiceContinuity, fmt: Formatter) -> str | None:
    """By when the successor must start, while that matters."""
    if c.act_by is None or c.status.value not in ("at_risk", "ok"):
        return None
    days = (c.act_by - c.as_of).days
    return _("start the successor by {day} ({countdown})").format(
        day=fmt.day(c.act_by),
        countdown=overdue_by(-days) if days < 0 else in_days(days),
    )


def next_tender_text(c: ServiceContinuity) -> str | None:
    if c.next_tender is None:
        return None
    next_tender = _("next tender {ref}: {status}").format(
        ref=c.next_tender.ref, status=term(c.next_tender.status)
    )
    if c.next_tender.funding_pending:
        next_tender += ", " + _("funding awaiting confirmation")
    return next_tender


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
        gap = c.open_gap
        return [
            (_("Continuity"), status),
            (
                _("Gap"),
                None
                if gap is None
                else _("uncovered since {day} ({since})").format(
                    day=fmt.day(gap.start),
                    since=days_ago((c.as_of - gap.start).days),
                ),
            ),
            (_("Coverage"), coverage_text(c, fmt)),
            (_("Covered by"), None if c.current is None else c.current.ref),
            (
                _("Then"),
                None
                if c.successor is None
                else _("then {ref} from {day}").format(
                    ref=c.successor.ref, day=fmt.day(c.successor.start)
                ),
            ),
            (_("Act by"), act_by_text(c, fmt)),
            (_("Next tender"), next_tender_text(c)),
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
                        fmt.day_with_precision(p.start, p.start_precision),
                        fmt.day_with_precision(p.end, p.end_precision),
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
