"""Detail screens: one record with everything attached to it.

A detail screen reads its record's view from the tracker in a thread worker and lays
it out as sections in a scrollable column: facts, then a table per kind of attached
record. Enter on a row of a table opens that record; Escape goes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from rich.console import RenderableType
from rich.table import Table
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
    ActRow,
    AllocationRow,
    AllocationView,
    AmountRow,
    ChangeRow,
    ConsortiumView,
    ContractRow,
    ContractView,
    DeadlineListRow,
    DeadlineView,
    FundingSourceView,
    NoteRow,
    OrganisationView,
    PartyContractRow,
    ServiceView,
    SupplierRow,
    TenderView,
    TotalsRow,
    Tracker,
)
from tracker.errors import NotFoundError, TrackerError
from tracker.formatting import Formatter, days_ago, in_days, overdue_by, printable
from tracker.i18n import _
from tracker.present.fields import changed_fields as history_fields
from tracker.vocabulary import N_, record_part, term
from tui.screens.base import TrackerScreen
from tui.screens.lists import (
    DEADLINE_STYLES,
    continuity_cell,
    deadline_countdown,
    gross_text,
)
from tui.text import cell, literal
from tui.widgets.footer import TranslatedFooter

ROME = ZoneInfo("Europe/Rome")
MAX_TABLE_ROWS = 200
"""Rows a table of a detail screen shows; the rest are counted below it."""

Cell = str | Text


# -- building blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A row of a detail table, and the record Enter opens from it (if any)."""

    cells: tuple[Cell, ...]
    key: str | None = None
    opens: str | None = None


class RecordTable(DataTable[Cell]):
    """A table of records attached to the one shown; filled when mounted."""

    def __init__(
        self,
        columns: Sequence[str],
        lines: Sequence[Line],
        *,
        right: Sequence[int] = (),
        cursor: str | None = None,
        id: str | None = None,
    ) -> None:
        shown = lines[:MAX_TABLE_ROWS]
        self.target = cursor if cursor in {line.key for line in shown} else None
        """The row asked for (a lot or option opened by its reference)."""
        # The cursor shows in the table being used, or on the row asked for.
        super().__init__(
            cursor_type="row",
            zebra_stripes=True,
            show_cursor=self.target is not None,
            id=id,
        )
        self._columns = [
            literal(label, justify="right" if i in right else "left")
            for i, label in enumerate(columns)
        ]
        self._lines = shown
        self._right = set(right)
        self.links = {line.key: line.opens for line in lines if line.key and line.opens}

    def on_mount(self) -> None:
        self.add_columns(*self._columns)
        for line in self._lines:
            cells = [
                literal(value, justify="right")
                if i in self._right and isinstance(value, str)
                else cell(value)
                for i, value in enumerate(line.cells)
            ]
            self.add_row(*cells, key=line.key)
        if self.target is not None:
            self.move_cursor(row=self.get_row_index(self.target), animate=False)

    def on_focus(self) -> None:
        self.show_cursor = True

    def on_blur(self) -> None:
        self.show_cursor = self.target is not None


def heading(text: str) -> Static:
    return Static(literal(text), classes="section-title")


def muted(text: str) -> Static:
    return Static(literal(text), classes="muted")


def record_title(text: str) -> Static:
    """The record's name above its facts."""
    return Static(literal(text), classes="record-title")


def facts(pairs: Iterable[tuple[str, RenderableType | None]]) -> Static:
    """Label and value on each line; values wrap under themselves."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in pairs:
        if value is not None and value != "":
            if isinstance(value, str):
                value = literal(value, multiline=True)
            grid.add_row(label, value)
    return Static(grid, classes="facts")


def table_section(
    title: str,
    columns: Sequence[str],
    lines: Sequence[Line],
    *,
    empty: str,
    right: Sequence[int] = (),
    cursor: str | None = None,
    id: str | None = None,
) -> Iterator[Widget]:
    yield heading(title)
    if not lines:
        yield muted(empty)
        return
    yield RecordTable(columns, lines, right=right, cursor=cursor, id=id)
    if len(lines) > MAX_TABLE_ROWS:
        yield muted(
            _("{shown} of {total} shown").format(shown=MAX_TABLE_ROWS, total=len(lines))
        )


def rate_text(amount: AmountRow, fmt: Formatter) -> str:
    if amount.vat_rate == "unknown":
        return _("rate unknown")
    if amount.vat_rate == "exempt":
        return _("exempt")
    return fmt.percent(Decimal(amount.vat_rate))


def amount_cells(
    label: Cell, amount: AmountRow | None, fmt: Formatter
) -> tuple[Cell, ...]:
    """Net | VAT rate | VAT | gross; the missing halves are said to be unknown."""
    if amount is None:
        return (label, "-", "-", "-", _("not stated"))
    unknown = _("not known")
    return (
        label,
        fmt.euro(amount.net, missing=unknown),
        rate_text(amount, fmt),
        fmt.euro(amount.vat, missing=unknown),
        fmt.euro(amount.gross),
    )


def totals_cells(label: str, totals: TotalsRow, fmt: Formatter) -> tuple[Cell, ...]:
    unknown = _("not known")
    gross = fmt.euro(totals.gross)
    if totals.missing:
        label += " " + _("(amount not stated: {refs})").format(
            refs=", ".join(totals.missing)
        )
        gross = _("at least {amount}").format(amount=gross)
    return (
        literal(label, style="bold", justify="left"),
        fmt.euro(totals.net, missing=unknown),
        "",
        fmt.euro(totals.vat, missing=unknown),
        Text(gross, style="bold", justify="right"),
    )


def amount_text(amount: AmountRow | None, fmt: Formatter) -> str:
    if amount is None:
        return _("not stated")
    return _("{gross} VAT included (net {net}, VAT {rate})").format(
        gross=fmt.euro(amount.gross),
        net=fmt.euro(amount.net, missing=_("not known")),
        rate=rate_text(amount, fmt),
    )


def act_text(act: ActRow, fmt: Formatter) -> str:
    """An act as people cite it, saying so when its number or date is not known."""
    if act.number is None and act.adopted_on is None:
        return _("{kind} (number and date not stated): {subject}").format(
            kind=term(act.kind), subject=act.subject
        )
    return _("{kind} n. {number} of {day}: {subject}").format(
        kind=term(act.kind),
        number=act.number or _("not stated"),
        day=fmt.day(act.adopted_on, missing=_("not stated")),
        subject=act.subject,
    )


def period_text(
    fmt: Formatter,
    start: date | None,
    start_precision: str,
    end: date | None,
    end_precision: str,
) -> str:
    return _("{start} to {end}").format(
        start=fmt.day_with_precision(start, start_precision),
        end=fmt.day_with_precision(end, end_precision),
    )


def moment(at: datetime, fmt: Formatter) -> str:
    local = at.astimezone(ROME)
    return f"{fmt.day(local.date())} {local:%H:%M}"


def changed_fields(change: ChangeRow) -> str:
    return history_fields(change.entity, change.action, change.changes)


def deadline_lines(
    rows: Sequence[DeadlineListRow], fmt: Formatter, own: set[str]
) -> list[Line]:
    lines = []
    for d in rows:
        style = DEADLINE_STYLES[d.status]
        lines.append(
            Line(
                (
                    Text(fmt.day(d.due), style=style),
                    Text(deadline_countdown(d.days, d.status), style=style),
                    d.title,
                    Text(term(d.status), style=style),
                ),
                key=d.key,
                opens=None if d.ref in own else d.ref,
            )
        )
    return lines


def allocation_lines(rows: Sequence[AllocationRow], fmt: Formatter) -> list[Line]:
    return [
        Line(
            (
                a.ref,
                a.source_name,
                a.funds,
                fmt.euro(a.amount, missing=_("not stated")),
                Text(
                    term(a.status),
                    style="yellow" if a.status == "pending_confirmation" else "",
                ),
            ),
            key=a.ref,
            opens=a.ref,
        )
        for a in rows
    ]


def supplier_lines(supplier: SupplierRow | None, fmt: Formatter) -> list[Line]:
    if supplier is None:
        return []
    lines = [
        Line(
            (
                literal(
                    _("supplier") if not supplier.members else supplier.kind,
                    style="bold",
                    justify="left",
                ),
                literal(supplier.name, style="bold", justify="left"),
                supplier.partita_iva or "-",
                "",
            ),
            key=supplier.ref,
            opens=supplier.ref,
        )
    ]
    lines += [
        Line(
            (
                term(m.role),
                m.name,
                m.partita_iva or _("not stated"),
                fmt.percent(m.share, missing=_("not stated")),
            ),
            key=m.ref,
            opens=m.ref,
        )
        for m in supplier.members
    ]
    return lines


def contract_state_text(start: date, covered_until: date, as_of: date) -> str:
    if start > as_of:
        return term("upcoming")
    if covered_until < as_of:
        return term("ended")
    return term("running")


def party_contract_lines(
    rows: Sequence[PartyContractRow], fmt: Formatter
) -> list[Line]:
    return [
        Line(
            (
                c.ref,
                c.title,
                "-" if c.role is None else term(c.role),
                c.via or "-",
                _("{start} to {end}").format(
                    start=fmt.day_with_precision(c.start, c.start_precision),
                    end=fmt.day(c.covered_until),
                ),
                gross_text(fmt, c.gross),
                term(c.state),
            ),
            key=c.ref,
            opens=c.ref,
        )
        for c in rows
    ]


# -- the screens --------------------------------------------------------------------


class DetailScreen(TrackerScreen):
    """One record; subclasses read their view and lay it out."""

    KIND: ClassVar[str]
    EDITABLE: ClassVar[bool] = True
    CHILD: ClassVar[str | None] = None
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

    @dataclass
    class Loaded(Message):
        view: Any

    @dataclass
    class Gone(Message):
        error: NotFoundError

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

    def fetch(self, ref: str, as_of: date) -> Any:
        """Read the view (runs in a worker)."""
        raise NotImplementedError

    def build(self, view: Any) -> Iterator[Widget]:
        raise NotImplementedError

    def load(self) -> None:
        self.read_view(self.ref, self.as_of)

    @work(thread=True, exclusive=True, group="load-detail")
    def read_view(self, ref: str, as_of: date) -> None:
        try:
            view = self.fetch(ref, as_of)
        except NotFoundError as error:
            self.post_message(self.Gone(error))
            return
        except TrackerError as error:
            self.report_error(error)
            return
        self.post_message(self.Loaded(view))

    @on(Loaded)
    async def show_view(self, message: Loaded) -> None:
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

    @on(Gone)
    def gone(self, message: Gone) -> None:
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
        self.tracker_app.create("deadline", parent=self.main_ref)

    def action_add_note(self) -> None:
        self.tracker_app.create("note", parent=self.main_ref)

    # -- sections every record has --------------------------------------------

    def notes_section(self, notes: Sequence[NoteRow]) -> Iterator[Widget]:
        yield heading(_("Notes"))
        if not notes:
            yield muted(_("No notes."))
        for note in notes:
            text = Text()
            text.append(
                printable(f"{moment(note.written_at, self.fmt)} {note.author}: "),
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
                        moment(h.at, self.fmt),
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


class TenderScreen(DetailScreen):
    KIND = "tender"
    CHILD = "lot"
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
        start = fmt.day_with_precision(t.planned_start, t.planned_start_precision)
        if t.planned_months:
            start += " " + _("({months} months)").format(months=t.planned_months)
        yield facts(
            [
                (_("Status"), term(t.status)),
                (_("Procedure"), term(t.procedure_type) if t.procedure_type else "-"),
                (_("Programme"), t.programme or "-"),
                (_("CUP"), t.cup or "-"),
                (_("RUP"), t.rup or "-"),
                (_("Planned start"), start),
                (_("Publication"), fmt.day(t.publication_date, missing="")),
                (_("Offer deadline"), fmt.day(t.offer_deadline, missing="")),
                (_("Award"), fmt.day(t.award_date, missing="")),
                (_("End of standstill"), fmt.day(t.standstill_end, missing="")),
                (_("Contract signature"), fmt.day(t.signature_date, missing="")),
                (_("Estimated value"), amount_text(t.estimated_value, fmt)),
                (
                    _("Authorising act"),
                    act_text(detail.act, fmt) if detail.act else _("not stated"),
                ),
                (_("Procurement plan"), t.plan_entry),
                (_("Note"), t.note),
            ]
        )
        yield from table_section(
            _("Lots"),
            [_("Lot"), _("Title"), _("CIG"), _("Value"), _("Services"), _("Contracts")],
            [
                Line(
                    (
                        f"{lot.number} {lot.ref}",
                        lot.title,
                        lot.cig or "-",
                        gross_text(fmt, None if lot.value is None else lot.value.gross),
                        ", ".join(lot.services) or "-",
                        ", ".join(lot.contracts) or "-",
                    ),
                    key=lot.ref,
                    opens=lot.contracts[0] if len(lot.contracts) == 1 else None,
                )
                for lot in t.lots
            ],
            empty=_("No lots."),
            right=(3,),
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
                        ),
                        contract_state_text(c.start, c.covered_until, self.as_of),
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

    def action_add_allocation(self) -> None:
        self.tracker_app.create("allocation", parent=self.main_ref)

    def action_dossier(self) -> None:
        self.tracker_app.make_dossier(self.main_ref)


class ContractScreen(DetailScreen):
    KIND = "contract"
    CHILD = "option"
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
        yield from table_section(
            _("Supplier"),
            [_("Role"), _("Name"), _("Partita IVA"), _("Share")],
            supplier_lines(c.supplier, fmt),
            empty=_("not stated"),
            right=(3,),
            id="supplier",
        )
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
        yield from self.funding_section(detail.allocations)
        yield from self.deadlines_section(view.deadlines)
        yield from self.notes_section(detail.notes)
        yield from self.history_section(detail.history)

    def contract_facts(
        self, view: ContractView
    ) -> list[tuple[str, RenderableType | None]]:
        fmt = self.fmt
        detail = view.detail
        c = detail.contract
        period = period_text(fmt, c.start, c.start_precision, c.end, c.end_precision)
        if c.months:
            period += " " + _("({months} months)").format(months=c.months)
        state = contract_state_text(c.start, c.covered_until, self.as_of)
        tender = _("{tender}, lot {lot}, CIG {cig}").format(
            tender=c.tender or "-", lot=c.lot or "-", cig=c.cig or "-"
        )
        acts = [act_text(detail.act, fmt)] if detail.act else []
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
                fmt.day(c.covered_until),
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
        if c.amount is not None and c.amount.vat_rate == "unknown":
            yield muted(
                _(
                    "The source states the amounts VAT included without the rate: the net and the VAT are not known and are not estimated."
                )
            )
        quinto = view.quinto
        if quinto is not None:
            share = (
                Decimal(0)
                if not quinto.limit
                else (quinto.used * 100 / quinto.limit).quantize(Decimal("0.1"))
            )
            yield Static(
                literal(
                    _(
                        "Quinto d'obbligo used (exercised variations): {used} of {limit}, {share}% ({footing})"
                    ).format(
                        used=fmt.euro(quinto.used),
                        limit=fmt.euro(quinto.limit),
                        share=fmt.number(share),
                        footing=_("net of VAT") if quinto.net else _("VAT included"),
                    )
                )
            )

    def selected_option(self) -> str | None:
        tables = self.query("#options").results(RecordTable)
        for table in tables:
            if table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
                return None if key.value is None else str(key.value)
        return None

    def action_add_allocation(self) -> None:
        self.tracker_app.create("allocation", parent=self.main_ref)

    def action_exercise(self) -> None:
        option = self.selected_option()
        if option is None:
            self.notify(_("This contract has no options."), severity="warning")
            return
        self.tracker_app.exercise_option(option)


class ServiceScreen(DetailScreen):
    KIND = "service"
    EDITABLE = False

    def fetch(self, ref: str, as_of: date) -> ServiceView:
        return self.tracker.service_view(ref, as_of)

    def build(self, view: ServiceView) -> Iterator[Widget]:
        fmt = self.fmt
        s = view.service
        c = view.continuity
        as_of = c.as_of
        self.main_ref = s.ref
        self.title = _("Service {ref}").format(ref=s.ref)
        yield record_title(_("Service {ref}: {name}").format(ref=s.ref, name=s.name))
        status = continuity_cell(c.status.value)
        status.append("  ")
        status.append(_("as of {day}").format(day=fmt.day(as_of)), style="")
        covered: str
        if c.covered_until is None:
            covered = _("never covered")
        elif c.covered_until < as_of:
            covered = _("last covered {day}").format(day=fmt.day(c.covered_until))
        else:
            covered = _("covered until {day} ({countdown})").format(
                day=fmt.day(c.covered_until),
                countdown=in_days((c.covered_until - as_of).days),
            )
        gap = c.open_gap
        act_by = None
        if c.act_by is not None and c.status.value in ("at_risk", "ok"):
            days = (c.act_by - as_of).days
            act_by = _("start the successor by {day} ({countdown})").format(
                day=fmt.day(c.act_by),
                countdown=overdue_by(-days) if days < 0 else in_days(days),
            )
        next_tender = None
        if c.next_tender is not None:
            next_tender = _("next tender {ref}: {status}").format(
                ref=c.next_tender.ref, status=term(c.next_tender.status)
            )
            if c.next_tender.funding_pending:
                next_tender += ", " + _("funding awaiting confirmation")
        required = period_text(
            fmt,
            s.required_from,
            s.required_from_precision,
            s.required_until,
            s.required_until_precision,
        )
        if s.required_until is None:
            required = _("from {start}, with no end set").format(
                start=fmt.day_with_precision(s.required_from, s.required_from_precision)
            )
        yield facts(
            [
                (_("Continuity"), status),
                (
                    _("Gap"),
                    None
                    if gap is None
                    else _("uncovered since {day} ({since})").format(
                        day=fmt.day(gap.start),
                        since=days_ago((as_of - gap.start).days),
                    ),
                ),
                (_("Coverage"), covered),
                (_("Covered by"), None if c.current is None else c.current.ref),
                (
                    _("Then"),
                    None
                    if c.successor is None
                    else _("then {ref} from {day}").format(
                        ref=c.successor.ref, day=fmt.day(c.successor.start)
                    ),
                ),
                (_("Act by"), act_by),
                (_("Next tender"), next_tender),
                (_("Required"), required),
                (_("Neighbourhood"), s.neighbourhood_name),
                (_("Site"), s.address or "-"),
                (_("Programme"), s.programme or "-"),
                (_("Note"), s.note),
            ]
        )
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
                        or (_("in-house") if p.kind == "in_house" else _("not stated")),
                        "-" if p.kind == "in_house" else gross_text(fmt, p.gross),
                    ),
                    key=p.ref,
                    opens=p.ref if p.kind == "contract" else None,
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
        yield from self.deadlines_section(view.deadlines)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)


class OrganisationScreen(DetailScreen):
    KIND = "organisation"

    def fetch(self, ref: str, as_of: date) -> OrganisationView:
        return self.tracker.organisation_view(ref, as_of)

    def build(self, view: OrganisationView) -> Iterator[Widget]:
        fmt = self.fmt
        o = view.organisation
        self.main_ref = o.ref
        self.title = _("Organisation {ref}").format(ref=o.ref)
        yield record_title(o.name)
        yield facts(
            [
                (_("Ref"), o.ref),
                (_("Kind"), term(o.kind) if o.kind else "-"),
                (_("Legal form"), o.legal_form or "-"),
                (_("Partita IVA"), o.partita_iva or _("not stated")),
                (_("Codice fiscale"), o.codice_fiscale or _("not stated")),
                (_("Address"), o.address or "-"),
                (_("Note"), o.note),
            ]
        )
        yield from table_section(
            _("Consortia"),
            [_("Consortium"), _("Name"), _("Role"), _("Share")],
            [
                Line(
                    (
                        m.consortium,
                        m.name,
                        term(m.role),
                        fmt.percent(m.share, missing=_("not stated")),
                    ),
                    key=m.consortium,
                    opens=m.consortium,
                )
                for m in view.memberships
            ],
            empty=_("Not a member of any consortium."),
            right=(3,),
            id="consortia",
        )
        yield from self.contracts_section(view.contracts)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)


class ConsortiumScreen(DetailScreen):
    KIND = "consortium"

    def fetch(self, ref: str, as_of: date) -> ConsortiumView:
        return self.tracker.consortium_view(ref, as_of)

    def build(self, view: ConsortiumView) -> Iterator[Widget]:
        fmt = self.fmt
        self.main_ref = view.ref
        self.title = _("Consortium {ref}").format(ref=view.ref)
        yield record_title(view.name)
        yield facts(
            [
                (_("Ref"), view.ref),
                (_("Kind"), view.kind),
                (
                    _("Shares"),
                    _("not stated")
                    if view.shares_total is None
                    else _("{total} in all").format(
                        total=fmt.percent(view.shares_total)
                    ),
                ),
                (_("Note"), view.note),
            ]
        )
        yield from table_section(
            _("Members"),
            [_("Role"), _("Member"), _("Partita IVA"), _("Share")],
            [
                Line(
                    (
                        term(m.role),
                        m.name,
                        m.partita_iva or _("not stated"),
                        fmt.percent(m.share, missing=_("not stated")),
                    ),
                    key=m.ref,
                    opens=m.ref,
                )
                for m in view.members
            ],
            empty=_("No members."),
            right=(3,),
            id="members",
        )
        yield from self.contracts_section(view.contracts)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)


class FundingSourceScreen(DetailScreen):
    KIND = "funding_source"
    CHILD = "allocation"
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


class AllocationScreen(DetailScreen):
    KIND = "allocation"

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


class DeadlineScreen(DetailScreen):
    KIND = "deadline"

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


SCREENS: dict[str, type[DetailScreen]] = {
    "tender": TenderScreen,
    "lot": TenderScreen,
    "contract": ContractScreen,
    "option": ContractScreen,
    "service": ServiceScreen,
    "organisation": OrganisationScreen,
    "consortium": ConsortiumScreen,
    "funding_source": FundingSourceScreen,
    "allocation": AllocationScreen,
    "deadline": DeadlineScreen,
}


def detail_screen(tracker: Tracker, ref: str) -> Screen[None] | None:
    """The detail screen of the record ``ref``; None when no record (of a kind with a
    detail screen) has it."""
    kind = tracker.record_kind(ref)
    screen = None if kind is None else SCREENS.get(kind)
    return None if screen is None else screen(tracker, ref)


def shows_record(screen: Screen[Any], ref: str) -> bool:
    """Whether ``screen`` is the detail screen of ``ref``."""
    return isinstance(screen, DetailScreen) and ref in (screen.ref, screen.main_ref)
