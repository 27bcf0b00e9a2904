"""Report output: plain text for an 80-column terminal (the JSON is
``tracker.render_json``'s).

User text is data: every line of text output passes through ``printable``, so a
name holding terminal controls shows them escaped instead of obeying them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from datetime import date

from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.formatting import Formatter, printable
from tracker.i18n import _
from tracker.present.alerts import SEVERITIES, severity_capitals
from tracker.present.amounts import known_half_words, paid_to_date_words
from tracker.present.continuity import (
    STATUS_ORDER,
    gap_spans,
    service_facts,
    status_capitals,
)
from tracker.present.modifications import option_facts
from tracker.present.parts import parts_of
from tracker.present.periods import end_words, period_words
from tracker.present.tenders import lot_name, published_facts
from tracker.queries.contract_list import ContractListRow
from tracker.queries.rows import (
    AmountRow,
    ContractDetail,
    ContractRow,
    OrganisationRow,
    ServiceRow,
    TenderDetail,
)
from tracker.queries.tenders import TenderListRow
from tracker.vocabulary import term

WIDTH = 80


def _text(lines: Sequence[str]) -> str:
    """Lines of output, each shown on one line whatever user text it holds."""
    return "".join(printable(line) + "\n" for line in lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, flexible: int
) -> str:
    """Columns sized to their content; column ``flexible`` absorbs what is left of 80."""
    headers = [printable(h) for h in headers]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (
        len(widths) - 1
    )
    widths[flexible] = max(8, min(widths[flexible], WIDTH - fixed))
    lines = [_row_line(headers, widths), "  ".join("-" * w for w in widths)]
    lines += [_row_line(row, widths) for row in rows]
    # Every cell is printable already (escapes are plain characters): unlike
    # ``_text``, the lines need no second pass, which a list of 50,000 would pay.
    return "".join(line + "\n" for line in lines)


def _row_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        [
            cell.ljust(width) if len(cell) <= width else _clip(cell, width)
            for cell, width in zip(cells, widths, strict=True)
        ]
    ).rstrip()


def _supplier_name(row: ContractListRow) -> str:
    if row.supplier is None:
        return _("not stated")
    if row.lead is not None:
        return f"{row.consortium_kind} {row.lead} (+{row.members - 1})"
    return row.supplier


def contracts_text(rows: Iterable[ContractListRow], fmt: Formatter) -> str:
    unknown = _("not stated")
    body = [
        [
            r.ref,
            _supplier_name(r),
            # the table keeps to 80 columns: an unknown end in the short words
            f"{fmt.day_with_precision(r.start, r.start_precision, missing=unknown)}–"
            f"{fmt.day_with_precision(r.covered_until, r.end_precision, missing=unknown)}",
            known_half_words(fmt, r.gross, r.net, floor=r.gross_is_floor),
        ]
        for r in rows
    ]
    if not body:
        return _("No contracts.") + "\n"
    return table([_("Ref"), _("Supplier"), _("Covered"), _("Gross")], body, flexible=1)


def tenders_text(rows: Iterable[TenderListRow], fmt: Formatter) -> str:
    body = [
        [
            r.ref,
            r.title,
            term(r.status),
            fmt.day_with_precision(r.planned_start, r.planned_start_precision),
            str(r.lots),
        ]
        for r in rows
    ]
    if not body:
        return _("No tenders.") + "\n"
    return table(
        [_("Ref"), _("Title"), _("Status"), _("Start"), _("Lots")], body, flexible=1
    )


def services_text(rows: Iterable[ServiceRow], fmt: Formatter) -> str:
    open_end = _("open")
    body = [
        [
            r.ref,
            r.name,
            r.neighbourhood_name,
            fmt.day_with_precision(r.required_from, r.required_from_precision)
            + "–"
            + (
                fmt.day_with_precision(r.required_until, r.required_until_precision)
                if r.required_until
                else open_end
            ),
        ]
        for r in rows
    ]
    if not body:
        return _("No services.") + "\n"
    return table(
        [_("Ref"), _("Service"), _("Neighbourhood"), _("Required")], body, flexible=1
    )


def organisations_text(rows: Iterable[OrganisationRow], fmt: Formatter) -> str:
    del fmt
    body = [
        [r.ref, r.name, r.partita_iva or "-", ", ".join(r.consortia) or "-"]
        for r in rows
    ]
    if not body:
        return _("No organisations.") + "\n"
    return table(
        [_("Ref"), _("Name"), _("Partita IVA"), _("Consortia")], body, flexible=1
    )


def _field(label: str, value: str, indent: str = "  ") -> str:
    return f"{indent}{label}: {value}"


def _rate(amount: AmountRow) -> str:
    if amount.vat_rate == "unknown" and amount.basis == "net":
        return _("VAT excluded, rate not stated")
    if amount.vat_rate == "unknown":
        return _("VAT rate unknown")
    if amount.vat_rate == "exempt":
        return _("VAT exempt")
    return _("VAT {rate}%").format(rate=amount.vat_rate)


def _money(net: object, vat: object, gross: object, fmt: Formatter) -> str:
    return _("net {net}, VAT {vat}, gross {gross}").format(
        net=fmt.euro(net),  # type: ignore[arg-type]
        vat=fmt.euro(vat),  # type: ignore[arg-type]
        gross=fmt.euro(gross),  # type: ignore[arg-type]
    )


def _amount_line(
    label: str, amount: AmountRow | None, fmt: Formatter, indent: str = "  "
) -> str:
    if amount is None:
        return _field(label, _("not stated"), indent)
    money = _money(amount.net, amount.vat, amount.gross, fmt)
    return _field(label, f"{money} ({_rate(amount)})", indent)


def _contract_lines(c: ContractRow, fmt: Formatter) -> list[str]:
    period = period_words(fmt, c.start, c.start_precision, c.end, c.end_precision)
    if c.months:
        period += " " + _("({months} months)").format(months=c.months)
    lines = [
        _("Contract {ref}: {title}").format(ref=c.ref, title=c.title),
        _field(
            _("Tender"),
            _("{tender}, lot {lot}, CIG {cig}").format(
                tender=c.tender or "-", lot=c.lot or "-", cig=c.cig or "-"
            ),
        ),
        _field(_("Period"), period),
        _field(_("Covered until"), end_words(fmt, c.covered_until)),
        _field(_("Services"), ", ".join(c.services) or "-"),
    ]
    supplier = c.supplier
    if supplier is None:
        lines.append(_field(_("Supplier"), _("not stated")))
    else:
        lines.append(_field(_("Supplier"), f"{supplier.name} [{supplier.ref}]"))
        member_parts = parts_of(supplier, c.total_base_and_exercised)
        for i, member in enumerate(supplier.members):
            words = {
                "role": term(member.role),
                "name": member.name,
                "share": fmt.percent(member.share, missing=_("not stated")),
                "partita_iva": member.partita_iva or _("not stated"),
            }
            line = (
                _("{role}: {name}, share {share}, P.IVA {partita_iva}").format(**words)
                if member_parts is None
                else _(
                    "{role}: {name}, share {share}, part {part}, P.IVA {partita_iva}"
                ).format(part=fmt.euro(member_parts[i]), **words)
            )
            lines.append("    - " + line)
    lines.append(_amount_line(_("Base amount"), c.amount, fmt))
    for option in c.options:
        parts = [term(option.kind), term(option.state)]
        if option.start is not None or option.end is not None:
            parts.append(period_words(fmt, option.start, "day", option.end, "day"))
        lines.append(_field(_("Option {ref}").format(ref=option.ref), ", ".join(parts)))
        lines.append(_amount_line(_("amount"), option.amount, fmt, indent="    "))
        lines += [
            _field(label, value, indent="    ")
            for label, value in option_facts(option, fmt)
        ]
    for label, totals in (
        (_("Total, base and exercised options"), c.total_base_and_exercised),
        (_("Total, all options included"), c.total_with_all_options),
    ):
        if totals is not None:
            lines.append(
                _field(label, _money(totals.net, totals.vat, totals.gross, fmt))
            )
    if c.note:
        lines.append(_field(_("Note"), c.note))
    return lines


def _tender_lines(detail: TenderDetail, fmt: Formatter) -> list[str]:
    t = detail.tender
    start = fmt.day_with_precision(t.planned_start, t.planned_start_precision)
    if t.planned_months:
        start += " " + _("({months} months)").format(months=t.planned_months)
    lines = [
        _("Tender {ref}: {title}").format(ref=t.ref, title=t.title),
        _field(_("Procedure"), term(t.procedure_type) if t.procedure_type else "-"),
        *(_field(label, value) for label, value in published_facts(t)),
        _field(_("Status"), term(t.status)),
        _field("CUP", t.cup or "-"),
        _field("RUP", t.rup or "-"),
        _field(_("Programme"), t.programme or "-"),
        _field(_("Planned start"), start),
        _amount_line(_("Estimated value"), t.estimated_value, fmt),
    ]
    if t.plan_entry:
        lines.append(_field(_("Procurement plan"), t.plan_entry))
    for lot in t.lots:
        parts = [f"{lot.title} [{lot.ref}]", f"CIG {lot.cig or '-'}", *lot.services]
        lines.append(_field(lot_name(lot.number), ", ".join(parts)))
        if lot.value is not None:
            lines.append(_amount_line(_("Value"), lot.value, fmt, indent="    "))
        if lot.cups:
            lines.append(_field(_("CUP codes"), ", ".join(lot.cups), indent="    "))
    if t.note:
        lines.append(_field(_("Note"), t.note))
    for contract in detail.contracts:
        lines.append("")
        lines += _contract_lines(contract, fmt)
    return lines


def detail_text(detail: TenderDetail | ContractDetail, fmt: Formatter) -> str:
    if isinstance(detail, TenderDetail):
        lines = _tender_lines(detail, fmt)
    else:
        lines = _contract_lines(detail.contract, fmt)
        if detail.staffing:
            lines.append(_field(_("Staffing"), ""))
            lines += [
                f"    - {s.role}: {s.count if s.count is not None else '-'}"
                for s in detail.staffing
            ]
        lines += _payment_lines(detail, fmt)
    return _text(lines + _attached_lines(detail, fmt))


def _payment_lines(detail: ContractDetail, fmt: Formatter) -> list[str]:
    # no payments recorded is not "nothing paid": the line is left out
    if not detail.payments:
        return []
    total = detail.contract.total_base_and_exercised
    lines = ["  " + paid_to_date_words(detail.paid_to_date, total, fmt)]
    lines += [
        f"    - {fmt.day(p.paid_on)} {fmt.euro(p.amount)}"
        + (f" {p.reference}" if p.reference else "")
        + (f" ({p.note})" if p.note else "")
        for p in detail.payments
    ]
    return lines


def _attached_lines(detail: TenderDetail | ContractDetail, fmt: Formatter) -> list[str]:
    """The act, funding, deadlines, notes and history of a tender or contract."""
    lines: list[str] = []
    if detail.act is not None:
        a = detail.act
        lines.append(
            _field(
                _("Act"),
                _("{kind} n. {number} of {day}: {subject}").format(
                    kind=term(a.kind),
                    number=a.number or "-",
                    day=fmt.day(a.adopted_on),
                    subject=a.subject,
                ),
            )
        )
    not_stated = _("amount not stated")
    # a contract is paid by its tender's funds too: each line names whose they are
    allocations = (
        [*detail.allocations, *detail.tender_allocations]
        if isinstance(detail, ContractDetail)
        else detail.allocations
    )
    for allocation in allocations:
        lines.append(
            _field(
                _("Funding"),
                f"{allocation.source_name} → {allocation.funds}: "
                + fmt.euro(allocation.amount, missing=not_stated)
                + " ("
                + term(allocation.status)
                + ")",
            )
        )
    for deadline in detail.deadlines:
        lines.append(
            _field(
                _("Deadline"),
                f"{fmt.day(deadline.due)} {deadline.title} ("
                + term(deadline.state)
                + ")",
            )
        )
    for note in detail.notes:
        lines.append(
            _field(
                _("Note"),
                f"{fmt.moment(note.written_at)} {note.author}: {note.text}",
            )
        )
    if detail.history:
        last = detail.history[-1]
        lines.append(
            _field(
                _("History"),
                _("{count} changes, the last on {moment} by {actor}").format(
                    count=len(detail.history),
                    moment=fmt.moment(last.at),
                    actor=last.actor,
                ),
            )
        )
    return lines


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        printable(text),
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
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
        lines.append(f"{status_capitals(s.status.value):<12} {s.name} [{s.service}]")
        facts = service_facts(s, as_of, fmt, required=True)
        lines += _wrapped("; ".join(facts), " " * 13)
        for label, state in (
            (_("past gaps (days): {spans}"), "past"),
            (_("planned gaps (days): {spans}"), "future"),
        ):
            spans = gap_spans(s, state, fmt)
            if spans:
                lines += _wrapped(label.format(spans=spans), " " * 13)
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
    return _text(lines)


def alerts_text(
    as_of: date, within: int, alerts: Sequence[Alert], fmt: Formatter
) -> str:
    """Alerts by urgency, severity in words (never colour alone)."""
    header = _("Alerts as of {day} (deadlines within {days} days)").format(
        day=fmt.day(as_of), days=within
    )
    lines = [header, ""]
    if not alerts:
        lines.append(_("Nothing to report."))
    for alert in alerts:
        due = fmt.day(alert.due, missing="")
        handle = alert.key if alert.kind.value.startswith("deadline") else alert.ref
        lines.append(
            f"{severity_capitals(alert.severity.value):<10} {due:<10}  {handle}"
        )
        lines += _wrapped(alert.message, "  ")
    counts = {s: sum(1 for a in alerts if a.severity.value == s) for s in SEVERITIES}
    if alerts:
        lines.append("")
        lines.append(
            ", ".join(f"{severity_capitals(s)}: {n}" for s, n in counts.items())
        )
    return _text(lines)
