"""What a detail screen's tables and facts say: amounts, acts, periods and the
rows of the records attached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from tracker.api import (
    AllocationRow,
    AmountRow,
    ChangeRow,
    DeadlineListRow,
    MemberRow,
    PartyContractRow,
    SupplierRow,
    TotalsRow,
)
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.amounts import amount_columns, totals_columns
from tracker.present.fields import changed_fields as history_fields
from tracker.present.periods import end_words, start_words
from tracker.vocabulary import term
from tui.cells import DEADLINE_STYLES, deadline_countdown, gross_text
from tui.screens.records.blocks import Cell, Line
from tui.text import literal


def amount_cells(
    label: Cell, amount: AmountRow | None, fmt: Formatter
) -> tuple[Cell, ...]:
    """Net | VAT rate | VAT | gross; the missing halves are said to be unknown."""
    if amount is None:
        return (label, "-", "-", "-", _("not stated"))
    return (label, *amount_columns(amount, fmt))


def totals_cells(label: str, totals: TotalsRow, fmt: Formatter) -> tuple[Cell, ...]:
    label, net, rate, vat, gross = totals_columns(label, totals, fmt)
    return (
        literal(label, style="bold", justify="left"),
        net,
        rate,
        vat,
        Text(gross, style="bold", justify="right"),
    )


def period_text(
    fmt: Formatter,
    start: date | None,
    start_precision: str,
    end: date | None,
    end_precision: str,
) -> str:
    """ "21/06/2019 to 20/06/2022"; an end the source does not state is said so."""
    return _("{start} to {end}").format(
        start=start_words(fmt, start, start_precision),
        end=end_words(fmt, end, end_precision),
    )


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
    return lines + member_lines(supplier.members, fmt)


def member_lines(members: Sequence[MemberRow], fmt: Formatter) -> list[Line]:
    """The members of a consortium, each opening its organisation."""
    return [
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
        for m in members
    ]


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
                    start=start_words(fmt, c.start, c.start_precision),
                    end=end_words(fmt, c.covered_until),
                ),
                gross_text(fmt, c.gross, net=c.net),
                term(c.state),
            ),
            key=c.ref,
            opens=c.ref,
        )
        for c in rows
    ]
