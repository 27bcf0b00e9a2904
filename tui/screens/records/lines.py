"""What a detail screen's tables and facts say: amounts, acts, periods and the
rows of the records attached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from rich.text import Text

from tracker.api import (
    ActRow,
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
from tracker.present.fields import changed_fields as history_fields
from tracker.vocabulary import term
from tui.cells import DEADLINE_STYLES, deadline_countdown, gross_text
from tui.screens.records.blocks import Cell, Line
from tui.text import literal

ROME = ZoneInfo("Europe/Rome")


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
