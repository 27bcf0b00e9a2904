"""Report output: JSON that follows the schemas, and plain text for an 80-column
terminal."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.formatting import Formatter, days_ago, in_days, overdue_by
from tracker.i18n import _
from tracker.queries.rows import (
    AmountRow,
    ContractDetail,
    ContractRow,
    OrganisationRow,
    ServiceRow,
    SupplierRow,
    TenderDetail,
    TenderRow,
)

WIDTH = 80


def json_text(adapter: TypeAdapter[Any], value: Any) -> str:
    """JSON for a report; decimals become exact strings, dates YYYY-MM-DD."""
    return (
        json.dumps(
            adapter.dump_python(value, mode="json"), ensure_ascii=False, indent=2
        )
        + "\n"
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, flexible: int
) -> str:
    """Columns sized to their content; column ``flexible`` absorbs what is left of 80."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (
        len(widths) - 1
    )
    widths[flexible] = max(8, min(widths[flexible], WIDTH - fixed))
    lines = []
    for row in [list(headers), *rows]:
        cells = [_clip(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _supplier_name(supplier: SupplierRow | None) -> str:
    if supplier is None:
        return _("not stated")
    if supplier.members:
        lead = next(
            (m for m in supplier.members if m.role == "mandataria"), supplier.members[0]
        )
        return f"{supplier.kind} {lead.name} (+{len(supplier.members) - 1})"
    return supplier.name


def contracts_text(rows: Sequence[ContractRow], fmt: Formatter) -> str:
    if not rows:
        return _("No contracts.") + "\n"
    body = [
        [
            r.ref,
            _supplier_name(r.supplier),
            f"{fmt.day_with_precision(r.start, r.start_precision)}–"
            f"{fmt.day_with_precision(r.covered_until, r.end_precision)}",
            fmt.euro(
                None
                if r.total_base_and_exercised is None
                else r.total_base_and_exercised.gross
            ),
        ]
        for r in rows
    ]
    return table([_("Ref"), _("Supplier"), _("Covered"), _("Gross")], body, flexible=1)


def tenders_text(rows: Sequence[TenderRow], fmt: Formatter) -> str:
    if not rows:
        return _("No tenders.") + "\n"
    body = [
        [
            r.ref,
            r.title,
            _(r.status),
            fmt.day_with_precision(r.planned_start, r.planned_start_precision),
            str(len(r.lots)),
        ]
        for r in rows
    ]
    return table(
        [_("Ref"), _("Title"), _("Status"), _("Start"), _("Lots")], body, flexible=1
    )


def services_text(rows: Sequence[ServiceRow], fmt: Formatter) -> str:
    if not rows:
        return _("No services.") + "\n"
    body = [
        [
            r.ref,
            r.name,
            r.neighbourhood_name,
            f"{fmt.day(r.required_from)}–{fmt.day(r.required_until, missing=_('open'))}",
        ]
        for r in rows
    ]
    return table(
        [_("Ref"), _("Service"), _("Neighbourhood"), _("Required")], body, flexible=1
    )


def organisations_text(rows: Sequence[OrganisationRow], fmt: Formatter) -> str:
    del fmt
    if not rows:
        return _("No organisations.") + "\n"
    body = [
        [r.ref, r.name, r.partita_iva or "-", ", ".join(r.consortia) or "-"]
        for r in rows
    ]
    return table(
        [_("Ref"), _("Name"), _("Partita IVA"), _("Consortia")], body, flexible=1
    )


def _amount_line(label: str, amount: AmountRow | None, fmt: Formatter) -> str:
    if amount is None:
        return f"  {label}: {_('not stated')}"
    rate = (
        _("VAT rate unknown")
        if amount.vat_rate == "unknown"
        else (
            _("VAT exempt")
            if amount.vat_rate == "exempt"
            else f"{_('VAT')} {amount.vat_rate}%"
        )
    )
    return (
        f"  {label}: {_('net')} {fmt.euro(amount.net)}  {rate}  "
        f"{_('VAT')} {fmt.euro(amount.vat)}  {_('gross')} {fmt.euro(amount.gross)}"
    )


def _contract_lines(c: ContractRow, fmt: Formatter) -> list[str]:
    lines = [
        f"{_('Contract')} {c.ref}: {c.title}",
        f"  {_('Tender')}: {c.tender or '-'}  {_('Lot')}: {c.lot or '-'}  CIG: {c.cig or '-'}",
        f"  {_('Period')}: {fmt.day_with_precision(c.start, c.start_precision)} – "
        f"{fmt.day_with_precision(c.end, c.end_precision)}"
        + (f" ({c.months} {_('months')})" if c.months else ""),
        f"  {_('Covered until')}: {fmt.day(c.covered_until)}",
        f"  {_('Services')}: {', '.join(c.services) or '-'}",
    ]
    supplier = c.supplier
    if supplier is None:
        lines.append(f"  {_('Supplier')}: {_('not stated')}")
    else:
        lines.append(f"  {_('Supplier')}: {supplier.name} [{supplier.ref}]")
        for member in supplier.members:
            lines.append(
                f"    - {_(member.role)}: {member.name}  {_('share')} "
                f"{fmt.percent(member.share, missing=_('not stated'))}  "
                f"P.IVA {member.partita_iva or '-'}"
            )
    lines.append(_amount_line(_("Base amount"), c.amount, fmt))
    for option in c.options:
        lines.append(
            f"  {_('Option')} {option.ref} ({_(option.kind)}, {_(option.state)}): "
            f"{fmt.day(option.start)} – {fmt.day(option.end)}"
        )
        lines.append("  " + _amount_line(_("amount"), option.amount, fmt).strip())
    for label, totals in (
        (_("Total, base and exercised options"), c.total_base_and_exercised),
        (_("Total, all options included"), c.total_with_all_options),
    ):
        if totals is not None:
            lines.append(
                f"  {label}: {_('net')} {fmt.euro(totals.net)}  {_('VAT')} "
                f"{fmt.euro(totals.vat)}  {_('gross')} {fmt.euro(totals.gross)}"
            )
    if c.note:
        lines.append(f"  {_('Note')}: {c.note}")
    return lines


def detail_text(detail: TenderDetail | ContractDetail, fmt: Formatter) -> str:
    lines: list[str] = []
    if isinstance(detail, TenderDetail):
        t = detail.tender
        lines += [
            f"{_('Tender')} {t.ref}: {t.title}",
            f"  {_('Procedure')}: {_(t.procedure_type) if t.procedure_type else '-'}  "
            f"{_('Status')}: {_(t.status)}",
            f"  CUP: {t.cup or '-'}  RUP: {t.rup or '-'}  {_('Programme')}: {t.programme or '-'}",
            f"  {_('Planned start')}: "
            f"{fmt.day_with_precision(t.planned_start, t.planned_start_precision)}"
            + (f" ({t.planned_months} {_('months')})" if t.planned_months else ""),
            _amount_line(_("Estimated value"), t.estimated_value, fmt),
        ]
        if t.plan_entry:
            lines.append(f"  {_('Procurement plan')}: {t.plan_entry}")
        for lot in t.lots:
            lines.append(
                f"  {_('Lot')} {lot.number} [{lot.ref}]: {lot.title}  CIG {lot.cig or '-'}  "
                f"{_('Services')}: {', '.join(lot.services) or '-'}"
            )
        if t.note:
            lines.append(f"  {_('Note')}: {t.note}")
        for contract in detail.contracts:
            lines.append("")
            lines += _contract_lines(contract, fmt)
    else:
        lines += _contract_lines(detail.contract, fmt)
        if detail.staffing:
            lines.append(f"  {_('Staffing')}:")
            lines += [
                f"    - {s.role}: {s.count if s.count is not None else '-'}"
                for s in detail.staffing
            ]
    if detail.act is not None:
        a = detail.act
        lines.append(
            f"  {_('Act')}: {_(a.kind)} n. {a.number or '-'} {_('of')} {fmt.day(a.adopted_on)}"
            f" — {a.subject}"
        )
    for allocation in detail.allocations:
        lines.append(
            f"  {_('Funding')}: {allocation.source_name} → {allocation.funds}: "
            f"{fmt.euro(allocation.amount, missing=_('amount not stated'))} ({_(allocation.status)})"
        )
    for deadline in detail.deadlines:
        lines.append(
            f"  {_('Deadline')} {fmt.day(deadline.due)}: {deadline.title} ({_(deadline.state)})"
        )
    for note in detail.notes:
        lines.append(
            f"  {_('Note')} {note.written_at:%Y-%m-%d %H:%M} {note.author}: {note.text}"
        )
    if detail.history:
        lines.append(
            f"  {_('History')}: {len(detail.history)} {_('changes')}, "
            f"{_('last')} {detail.history[-1].at:%Y-%m-%d %H:%M} {detail.history[-1].actor}"
        )
    return "\n".join(lines) + "\n"


STATUS_ORDER = {"gap": 0, "at_risk": 1, "ok": 2, "not_required": 3}


def _status_word(status: str) -> str:
    return {
        "gap": _("GAP"),
        "at_risk": _("AT RISK"),
        "ok": _("OK"),
        "not_required": _("NOT REQUIRED"),
    }[status]


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text, width=WIDTH, initial_indent=indent, subsequent_indent=indent
    ) or [indent.rstrip()]


def continuity_text(
    as_of: date, services: Sequence[ServiceContinuity], fmt: Formatter
) -> str:
    """Services by urgency: gaps, risks, then the rest, each with its countdowns."""
    lines = [_("Service continuity as of {day}").format(day=fmt.day(as_of)), ""]
    ordered = sorted(
        services,
        key=lambda s: (
            STATUS_ORDER[s.status.value],
            s.covered_until or date.min,
            s.service,
        ),
    )
    for s in ordered:
        lines.append(f"{_status_word(s.status.value):<12} {s.name} [{s.service}]")
        facts: list[str] = []
        gap = s.open_gap
        if gap is not None:
            facts.append(
                _("uncovered since {day} ({since})").format(
                    day=fmt.day(gap.start), since=days_ago((as_of - gap.start).days)
                )
            )
        if s.covered_until is None:
            facts.append(_("never covered"))
        elif s.covered_until < as_of:
            facts.append(_("last covered {day}").format(day=fmt.day(s.covered_until)))
        else:
            facts.append(
                _("covered until {day} ({countdown})").format(
                    day=fmt.day(s.covered_until),
                    countdown=in_days((s.covered_until - as_of).days),
                )
            )
        if s.required_until is None:
            facts.append(_("required with no end set"))
        else:
            facts.append(
                _("required until {day}").format(day=fmt.day(s.required_until))
            )
        if s.current is not None:
            facts.append(_("by {ref}").format(ref=s.current.ref))
        if s.successor is not None:
            facts.append(
                _("then {ref} from {day}").format(
                    ref=s.successor.ref, day=fmt.day(s.successor.start)
                )
            )
        if s.act_by is not None and s.status.value in ("gap", "at_risk", "ok"):
            days = (s.act_by - as_of).days
            facts.append(
                _("start the successor by {day} ({countdown})").format(
                    day=fmt.day(s.act_by),
                    countdown=overdue_by(-days) if days < 0 else in_days(days),
                )
            )
        if s.next_tender is not None:
            tender = _("next tender {ref}: {status}").format(
                ref=s.next_tender.ref, status=_(s.next_tender.status)
            )
            if s.next_tender.funding_pending:
                tender += ", " + _("funding awaiting confirmation")
            facts.append(tender)
        lines += _wrapped("; ".join(facts), " " * 13)
        past = [g for g in s.gaps if g is not gap]
        if past:
            spans = ", ".join(
                f"{fmt.day(g.start)}–{fmt.day(g.end)} ({g.days})" for g in past
            )
            lines += _wrapped(_("gaps (days): {spans}").format(spans=spans), " " * 13)
        for o in s.overlaps:
            lines += _wrapped(
                _("overlap {first}/{second}: {start}–{end} ({days} days)").format(
                    first=o.first,
                    second=o.second,
                    start=fmt.day(o.start),
                    end=fmt.day(o.end),
                    days=o.days,
                ),
                " " * 13,
            )
    if not services:
        lines.append(_("No services."))
    return "\n".join(lines) + "\n"


def alerts_text(
    as_of: date, within: int, alerts: Sequence[Alert], fmt: Formatter
) -> str:
    """Alerts by urgency, severity in words (never colour alone)."""
    words = {"critical": _("CRITICAL"), "warning": _("WARNING"), "info": _("INFO")}
    header = _("Alerts as of {day} (deadlines within {days} days)").format(
        day=fmt.day(as_of), days=within
    )
    lines = [header, ""]
    if not alerts:
        lines.append(_("Nothing to report."))
    for alert in alerts:
        due = fmt.day(alert.due, missing="")
        lines.append(f"{words[alert.severity.value]:<9} {due:<10}  {alert.ref}")
        lines += _wrapped(alert.message, "  ")
    counts = {s: sum(1 for a in alerts if a.severity.value == s) for s in words}
    if alerts:
        lines.append("")
        lines.append(", ".join(f"{words[s]}: {n}" for s, n in counts.items()))
    return "\n".join(lines) + "\n"
