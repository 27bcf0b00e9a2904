"""A contract with its supplier, options, amounts, staffing, funding and deadlines."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from tracker.api import ContractRow, ContractView, RecordKind
from tracker.i18n import _
from tracker.present.acts import act_citation
from tracker.present.amounts import (
    paid_to_date_words,
    quinto_words,
    unstated_rate_note,
)
from tracker.present.modifications import option_facts
from tracker.present.parts import parts_of
from tracker.present.periods import end_words
from tracker.vocabulary import N_, term
from tui.screens.records.blocks import (
    Line,
    RecordTable,
    facts,
    heading,
    muted,
    record_title,
    table_section,
)
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import (
    allocation_lines,
    amount_cells,
    period_text,
    supplier_lines,
    totals_cells,
)
from tui.text import literal


class ContractScreen(DetailScreen[ContractView]):
    KINDS = (RecordKind.CONTRACT, RecordKind.OPTION)
    CHILD = RecordKind.OPTION
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add_child", N_("Add option")),
        Binding("a", "add_allocation", N_("Add funding")),
        Binding("x", "exercise", N_("Exercise option")),
    ]

    def fetch(self, ref: str, as_of: date) -> ContractView:
        return self.tracker.contract_view(ref, as_of)

    def build(self, view: ContractView) -> Iterator[Widget]:
        fmt = self.fmt
        detail = view.detail
        c = detail.contract
        self.main_ref = c.ref
        self.own_refs = {self.ref, c.ref, *(o.ref for o in c.options)}
        self.title = _("Contract {ref}").format(ref=c.ref)
        yield record_title(
            _("Contract {ref}: {title}").format(ref=c.ref, title=c.title)
        )
        yield facts(self.contract_facts(view))
        yield from self.supplier_section(c)
        yield from table_section(
            _("Options"),
            [
                _("Option"),
                _("Kind"),
                _("State"),
                _("Period"),
                _("Months"),
                _("Decided on"),
            ],
            [
                Line(
                    (
                        o.ref,
                        term(o.kind),
                        Text(
                            term(o.state),
                            style="bold" if o.state == "planned" else "",
                        ),
                        _("{start} to {end}").format(
                            start=fmt.day(o.start), end=fmt.day(o.end)
                        )
                        if o.start
                        else "-",
                        str(o.months or "-"),
                        fmt.day(o.decided_on),
                    ),
                    key=o.ref,
                )
                for o in c.options
            ],
            empty=_("No options."),
            cursor=view.focus,
            id="options",
        )
        stated = [
            Line((o.ref, label, value))
            for o in c.options
            # the day decided is a column of the options already
            for label, value in option_facts(o, fmt, decided_on=False)
        ]
        if stated:
            yield from table_section(
                _("Basis of the options and modifications"),
                [_("Option"), _("Item"), _("Value")],
                stated,
                empty="",
                id="option-facts",
            )
        yield from self.amounts_section(c, view)
        if detail.staffing:
            yield from table_section(
                _("Staffing"),
                [_("Role"), _("Count")],
                [
                    Line((s.role, "-" if s.count is None else str(s.count)))
                    for s in detail.staffing
                ],
                empty="",
                right=(1,),
            )
        yield from self.payments_section(view)
        yield from self.contract_funding(view)
        yield from self.deadlines_section(view.deadlines)
        yield from self.notes_section(detail.notes)
        yield from self.history_section(detail.history)

    def supplier_section(self, c: ContractRow) -> Iterator[Widget]:
        """The supplier, and each member of a consortium with its share and, when
        every share and the gross are known, its part of the base and the
        exercised options (the parts add up to that total exactly)."""
        header = [_("Role"), _("Name"), _("Partita IVA"), _("Share")]
        lines = supplier_lines(c.supplier, self.fmt)
        parts = (
            None
            if c.supplier is None or not c.supplier.members
            else parts_of(c.supplier, c.total_base_and_exercised)
        )
        if parts is not None:
            header.append(_("Part, VAT included"))
            lines = [
                dataclasses.replace(line, cells=(*line.cells, part))
                for line, part in zip(
                    lines, ["", *map(self.fmt.euro, parts)], strict=True
                )
            ]
        yield from table_section(
            _("Supplier"),
            header,
            lines,
            empty=_("not stated"),
            right=(3, 4),
            id="supplier",
        )

    def contract_facts(
        self, view: ContractView
    ) -> list[tuple[str, RenderableType | None]]:
        fmt = self.fmt
        detail = view.detail
        c = detail.contract
        period = period_text(fmt, c.start, c.start_precision, c.end, c.end_precision)
        if c.months:
            period += " " + _("({months} months)").format(months=c.months)
        state = term(view.state)
        tender = _("{tender}, lot {lot}, CIG {cig}").format(
            tender=c.tender or "-", lot=c.lot or "-", cig=c.cig or "-"
        )
        acts = [act_citation(detail.act, fmt)] if detail.act else []
        if (
            detail.tender is not None
            and detail.tender.authorising_act
            and (detail.act is None or detail.act.ref != detail.tender.authorising_act)
        ):
            acts.append(
                _("{act} (authorising the tender)").format(
                    act=detail.tender.authorising_act
                )
            )
        return [
            (_("Tender"), tender),
            (_("Period of the base"), period),
            (
                _("Covered until"),
                end_words(fmt, c.covered_until),
            ),
            (_("State"), state),
            (_("Signed on"), fmt.day(c.signed_on, missing=_("not stated"))),
            (_("Services"), ", ".join(c.services) or "-"),
            (_("Act"), "\n".join(acts) or _("not stated")),
            (_("Note"), c.note),
        ]

    def amounts_section(self, c: ContractRow, view: ContractView) -> Iterator[Widget]:
        fmt = self.fmt
        yield heading(_("Amounts"))
        lines = [Line(amount_cells(_("Base"), c.amount, fmt))]
        lines += [
            Line(
                amount_cells(f"{term(o.kind)} {o.ref} ({term(o.state)})", o.amount, fmt)
            )
            for o in c.options
        ]
        for label, totals in (
            (_("Total, base and exercised options"), c.total_base_and_exercised),
            (_("Total, all options included"), c.total_with_all_options),
        ):
            if totals is not None:
                lines.append(Line(totals_cells(label, totals, fmt)))
        yield RecordTable(
            [_("Line"), _("Net"), _("VAT rate"), _("VAT"), _("Gross")],
            lines,
            right=(1, 3, 4),
            id="amounts",
        )
        rate_note = unstated_rate_note(c.amount)
        if rate_note is not None:
            yield muted(rate_note)
        if view.quinto is not None:
            yield Static(literal(quinto_words(view.quinto, fmt)))

    def payments_section(self, view: ContractView) -> Iterator[Widget]:
        """Cash paid on the contract, with the total paid to date beside its value;
        left out while no payment is recorded (none recorded is not none made)."""
        detail = view.detail
        if not detail.payments:
            return
        fmt = self.fmt
        yield from table_section(
            _("Payments"),
            [_("Paid on"), _("Amount (VAT included)"), _("Reference"), _("Note")],
            [
                Line(
                    (
                        fmt.day(p.paid_on),
                        fmt.euro(p.amount),
                        p.reference or "-",
                        p.note or "",
                    )
                )
                for p in detail.payments
            ],
            empty="",
            right=(1,),
            id="payments",
        )
        yield Static(
            literal(
                paid_to_date_words(
                    detail.paid_to_date,
                    detail.contract.total_base_and_exercised,
                    fmt,
                )
            ),
            id="paid-to-date",
        )

    def contract_funding(self, view: ContractView) -> Iterator[Widget]:
        """The contract's own allocations, then its tender's (which pay for it
        too), each saying whose it is."""
        detail = view.detail
        lines = []
        for rows, whose in (
            (detail.allocations, _("this contract")),
            (detail.tender_allocations, _("its tender {ref}")),
        ):
            lines += [
                dataclasses.replace(
                    line,
                    cells=(
                        *line.cells[:2],
                        whose.format(ref=row.funds),
                        *line.cells[3:],
                    ),
                )
                for row, line in zip(
                    rows, allocation_lines(rows, self.fmt), strict=True
                )
            ]
        yield from table_section(
            _("Funding"),
            [_("Allocation"), _("Source"), _("For"), _("Amount"), _("Status")],
            lines,
            empty=_("No funding is recorded."),
            right=(3,),
            id="funding",
        )

    def selected_option(self) -> str | None:
        tables = self.query("#options").results(RecordTable)
        for table in tables:
            if table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
                return None if key.value is None else str(key.value)
        return None

    def action_add_allocation(self) -> None:
        self.tracker_app.create(RecordKind.ALLOCATION, parent=self.main_ref)

    def action_exercise(self) -> None:
        option = self.selected_option()
        if option is None:
            self.notify(_("This contract has no options."), severity="warning")
            return
        self.tracker_app.exercise_option(option)
