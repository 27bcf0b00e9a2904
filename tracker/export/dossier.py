"""The tender dossier: cover, summary, lots, contracts with their money, the
consortium, funding, the continuity chart, deadlines, acts, alerts and history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from tracker.domain.alerts import AlertKind
from tracker.domain.deadlines import Deadline, DeadlineStatus, deadline_status
from tracker.export.chart import CHART_ROWS, continuity_charts
from tracker.export.document import alerts_table, heading, para, table, write_pdf
from tracker.export.styles import WIDTH
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.acts import act_citation
from tracker.present.amounts import (
    amount_columns,
    amount_words,
    known_half_words,
    paid_to_date_words,
    quinto_words,
    totals_columns,
    unstated_rate_note,
)
from tracker.present.continuity import summary_line
from tracker.present.countdowns import overdue_by
from tracker.present.modifications import option_facts
from tracker.present.parts import member_part_words
from tracker.present.periods import end_words, period_words, start_words
from tracker.present.tenders import lot_number, published_facts
from tracker.queries.dossier import DossierData
from tracker.queries.rows import (
    AmountRow,
    ContractRow,
    PaymentRow,
    SupplierRow,
    TotalsRow,
    paid_to_date,
    quinto_of,
)
from tracker.vocabulary import continuity_word as status_word
from tracker.vocabulary import record_part, term

FUNDING_KINDS = {
    AlertKind.FUNDING_PENDING,
    AlertKind.FUNDING_ELIGIBILITY,
    AlertKind.FUNDING_MISMATCH,
    AlertKind.FUNDING_SHORTFALL,
}


def _money_rows(c: ContractRow, fmt: Formatter) -> list[list[str]]:
    unknown = _("not stated")

    def line(label: str, amount: AmountRow | None) -> list[str]:
        if amount is None:
            return [label, unknown, "", "", unknown]
        return [label, *amount_columns(amount, fmt)]

    def total(label: str, totals: TotalsRow | None) -> list[str]:
        if totals is None:
            return [label, unknown, "", "", unknown]
        return list(totals_columns(label, totals, fmt))

    rows = [line(_("Base"), c.amount)]
    for o in c.options:
        rows.append(line(f"{term(o.kind)} {o.ref} ({term(o.state)})", o.amount))
    rows.append(
        total(_("Total, base and exercised options"), c.total_base_and_exercised)
    )
    rows.append(total(_("Total, all options included"), c.total_with_all_options))
    return rows


def _quinto_line(c: ContractRow, fmt: Formatter) -> str | None:
    quinto = quinto_of(c)
    return None if quinto is None else quinto_words(quinto, fmt)


def _consortium(
    supplier: SupplierRow, total: TotalsRow | None, fmt: Formatter
) -> list[Flowable]:
    """The members of the supplying consortium, each with its part of ``total``
    (the base and exercised options; not stated when any share is missing)."""
    story: list[Flowable] = []
    rows = [
        [
            term(m.role),
            m.name,
            m.partita_iva or _("not stated"),
            fmt.percent(m.share, missing=_("not stated")),
            part,
        ]
        for m, part in zip(
            supplier.members, member_part_words(supplier, total, fmt), strict=True
        )
    ]
    story.append(heading(_("Consortium: {name}").format(name=supplier.name), 2))
    story.append(
        table(
            [
                _("Role"),
                _("Member"),
                _("Partita IVA"),
                _("Share"),
                _("Part of base and exercised options, VAT included"),
            ],
            rows,
            [22 * mm, WIDTH - 118 * mm, 28 * mm, 24 * mm, 44 * mm],
            right=(3, 4),
        )
    )
    return story


def _payments(
    c: ContractRow, payments: Sequence[PaymentRow], fmt: Formatter
) -> list[Flowable]:
    """Cash paid on the contract and the total paid to date beside its value; none
    when no payment is recorded (none recorded is not none made)."""
    if not payments:
        return []
    rows = [
        [fmt.day(p.paid_on), fmt.euro(p.amount), p.reference or "-", p.note or ""]
        for p in payments
    ]
    headers = [_("Paid on"), _("Amount (VAT included)"), _("Reference"), _("Note")]
    widths = [26 * mm, 36 * mm, 44 * mm, WIDTH - 106 * mm]
    paid = paid_to_date_words(paid_to_date(payments), c.total_base_and_exercised, fmt)
    return [
        heading(_("Payments"), 2),
        table(headers, rows, widths, right=(1,)),
        para(paid, "small"),
    ]


def _paid_by(day: date | None, fmt: Formatter) -> str:
    return "" if day is None else "; " + _("paid by {day}").format(day=fmt.day(day))


def _contract(
    c: ContractRow, fmt: Formatter, payments: Sequence[PaymentRow] = ()
) -> list[Flowable]:
    story: list[Flowable] = [
        heading(_("Contract {ref}").format(ref=c.ref), 2),
        para(c.title),
    ]
    period = _("{start} to {end}").format(
        start=start_words(fmt, c.start, c.start_precision),
        end=end_words(fmt, c.end, c.end_precision),
    )
    if c.months:
        period += " " + _("({months} months)").format(months=c.months)
    facts = [
        [_("Period of the base"), period],
        [
            _("Covered until (exercised options included)"),
            end_words(fmt, c.covered_until),
        ],
        [_("Signed on"), fmt.day(c.signed_on)],
        [_("Services"), ", ".join(c.services) or "-"],
        [_("CIG"), c.cig or _("not stated")],
    ]
    story.append(table([_("Item"), _("Value")], facts, [60 * mm, WIDTH - 60 * mm]))
    if c.options:
        story.append(Spacer(1, 3 * mm))
        story.append(
            table(
                [_("Option"), _("Kind"), _("State"), _("Period"), _("Months")],
                [
                    [
                        o.ref,
                        term(o.kind),
                        term(o.state),
                        f"{fmt.day(o.start)} – {fmt.day(o.end)}" if o.start else "-",
                        str(o.months or "-"),
                    ]
                    for o in c.options
                ],
                [34 * mm, 44 * mm, 24 * mm, 50 * mm, WIDTH - 152 * mm],
            )
        )
        stated = [
            [o.ref, label, value]
            for o in c.options
            for label, value in option_facts(o, fmt)
        ]
        if stated:
            story.append(Spacer(1, 3 * mm))
            story.append(
                table(
                    [_("Option"), _("Item"), _("Value")],
                    stated,
                    [34 * mm, 44 * mm, WIDTH - 78 * mm],
                )
            )
    story.append(Spacer(1, 3 * mm))
    story.append(
        table(
            [_("Line"), _("Net"), _("VAT rate"), _("VAT"), _("Gross")],
            _money_rows(c, fmt),
            [WIDTH - 122 * mm, 28 * mm, 30 * mm, 28 * mm, 36 * mm],
            right=(1, 3, 4),
            bold_last=True,
        )
    )
    rate_note = unstated_rate_note(c.amount)
    if rate_note is not None:
        story.append(para(rate_note, "small"))
    quinto = _quinto_line(c, fmt)
    if quinto:
        story.append(para(quinto, "small"))
    story += _payments(c, payments, fmt)
    if c.supplier is not None and c.supplier.members:
        story += _consortium(c.supplier, c.total_base_and_exercised, fmt)
    elif c.supplier is not None:
        story.append(para(_("Supplier: {name}").format(name=c.supplier.name)))
    if c.note:
        story.append(para(c.note, "small"))
    return story


def dossier_story(data: DossierData, fmt: Formatter) -> list[Flowable]:
    return [
        *_cover(data, fmt),
        *_summary(data, fmt),
        *_lots_and_contracts(data, fmt),
        *_funding(data, fmt),
        *_continuity(data, fmt),
        *_records(data, fmt),
    ]


def _cover(data: DossierData, fmt: Formatter) -> list[Flowable]:
    """Cover page: the tender's identifiers, its act and the day of the situation."""
    detail, t = data.detail, data.detail.tender
    story: list[Flowable] = [
        Spacer(1, 30 * mm),
        para(_("Tender dossier"), "subtitle"),
        para(t.title, "title"),
    ]
    act = detail.act
    act_text = act_citation(act, fmt) if act else _("not stated")
    cover = [
        [_("Reference"), t.ref],
        [
            _("CIG per lot"),
            "; ".join(
                f"{lot.ref if lot.number is None else lot.number}: "
                + (lot.cig or _("not stated"))
                for lot in t.lots
            )
            or "-",
        ],
        [_("CUP"), t.cup or _("not stated")],
        [
            _("Procedure"),
            term(t.procedure_type) if t.procedure_type else _("not stated"),
        ],
        *([label, value] for label, value in published_facts(t)),
        [_("Status"), term(t.status)],
        [_("RUP"), t.rup or _("not stated")],
        [_("Authorising act"), act_text],
        [_("Date of the dossier"), fmt.day(data.made_on)],
        [_("Situation as of"), fmt.day(data.as_of)],
    ]
    story.append(table([_("Item"), _("Value")], cover, [50 * mm, WIDTH - 50 * mm]))
    story.append(PageBreak())
    return story


def _summary(data: DossierData, fmt: Formatter) -> list[Flowable]:
    """The tender in brief: services concerned, key dates and value."""
    detail, t = data.detail, data.detail.tender
    story: list[Flowable] = []
    story.append(heading(_("Summary")))
    story.append(para(t.title))
    if t.note:
        story.append(para(t.note, "small"))
    story.append(heading(_("Neighbourhoods and services concerned"), 2))
    story.append(
        table(
            [_("Service"), _("Neighbourhood"), _("Site"), _("Status")],
            [
                [
                    tl.service.name,
                    tl.service.neighbourhood_name,
                    tl.service.address or "-",
                    status_word(tl.continuity.status.value),
                ]
                for tl in data.timelines
            ],
            [54 * mm, 34 * mm, WIDTH - 118 * mm, 30 * mm],
        )
    )
    story.append(heading(_("Key dates"), 2))
    key_dates = [
        [
            _("Planned start"),
            fmt.day_with_precision(t.planned_start, t.planned_start_precision),
        ],
        [_("Publication"), fmt.day(t.publication_date)],
        [_("Offer deadline"), fmt.day(t.offer_deadline)],
        [_("Award"), fmt.day(t.award_date)],
        [_("End of standstill"), fmt.day(t.standstill_end)],
        [_("Contract signature"), fmt.day(t.signature_date)],
    ]
    key_dates += [
        [
            _("Contract {ref}").format(ref=c.ref),
            period_words(fmt, c.start, "day", c.covered_until, "day"),
        ]
        for c in detail.contracts
    ]
    story.append(
        table([_("Milestone"), _("Date")], key_dates, [70 * mm, WIDTH - 70 * mm])
    )
    story.append(heading(_("Value"), 2))
    value_rows = [
        [_("Estimated value (options included)"), amount_words(t.estimated_value, fmt)]
    ]
    for c in detail.contracts:
        for label, net_label, totals in (
            (
                _("{ref}: base and exercised options, VAT included"),
                _("{ref}: base and exercised options"),
                c.total_base_and_exercised,
            ),
            (
                _("{ref}: all options included, VAT included"),
                _("{ref}: all options included"),
                c.total_with_all_options,
            ),
        ):
            # the amount says which half it is when the gross is not known
            shown = label if totals is None or totals.gross is not None else net_label
            value_rows.append(
                [
                    shown.format(ref=c.ref),
                    known_half_words(fmt, totals.gross, totals.net)
                    if totals
                    else _("not stated"),
                ]
            )
    story.append(
        table(
            [_("Item"), _("Amount")],
            value_rows,
            [100 * mm, WIDTH - 100 * mm],
            right=(1,),
        )
    )
    return story


def _lots_and_contracts(data: DossierData, fmt: Formatter) -> list[Flowable]:
    """The lots, then each contract with its amounts and options."""
    detail, t = data.detail, data.detail.tender
    story: list[Flowable] = []
    story.append(heading(_("Lots")))
    story.append(
        table(
            [_("Lot"), _("Title"), _("CIG"), _("Services"), _("Contracts")],
            [
                [
                    lot_number(lot.number),
                    lot.title
                    + (
                        " " + _("(CUP {codes})").format(codes=", ".join(lot.cups))
                        if lot.cups
                        else ""
                    ),
                    lot.cig or "-",
                    ", ".join(lot.services) or "-",
                    ", ".join(lot.contracts) or "-",
                ]
                for lot in t.lots
            ],
            [16 * mm, WIDTH - 126 * mm, 24 * mm, 48 * mm, 38 * mm],
        )
    )
    if detail.contracts:
        story.append(CondPageBreak(60 * mm))
        story.append(heading(_("Contracts")))
        for c in detail.contracts:
            story += _contract(c, fmt, data.payments.get(c.ref, ()))
    else:
        story.append(para(_("No contract has been awarded on this tender.")))
    return story


def _funding(data: DossierData, fmt: Formatter) -> list[Flowable]:
    """The funding allocations, with the alerts about them."""
    detail = data.detail
    story: list[Flowable] = []
    story.append(heading(_("Funding")))
    flags: dict[str, list[str]] = {}
    funded = {a.funds for a in detail.allocations}
    for alert in data.alerts:
        if alert.kind in FUNDING_KINDS:
            # a contract weighed against its tender's funds is flagged on them
            key = (
                detail.tender.ref
                if alert.kind is AlertKind.FUNDING_SHORTFALL and alert.ref not in funded
                else alert.ref
            )
            flags.setdefault(key, []).append(alert.message)
    if detail.allocations:
        story.append(
            table(
                [
                    _("Source"),
                    _("For"),
                    _("Amount"),
                    _("Status"),
                    _("Eligible until"),
                    _("Flags"),
                ],
                [
                    [
                        a.source_name,
                        a.funds,
                        fmt.euro(a.amount, missing=_("not stated")),
                        term(a.status),
                        fmt.day(a.eligible_until, missing=_("not stated"))
                        + _paid_by(a.paid_by, fmt),
                        " ".join(flags.get(a.funds, [])) or "-",
                    ]
                    for a in detail.allocations
                ],
                [34 * mm, 24 * mm, 27 * mm, 25 * mm, 26 * mm, WIDTH - 136 * mm],
                right=(2,),
            )
        )
    else:
        story.append(para(_("No funding is recorded.")))
    return story


def _continuity(data: DossierData, fmt: Formatter) -> list[Flowable]:
    """The continuity chart of the services, with one sentence each."""
    story: list[Flowable] = []
    if data.timelines:
        # the heading goes with the chart's first drawing; the rest follow page
        # after page on the same time axis
        rows = min(len(data.timelines), CHART_ROWS)
        story.append(CondPageBreak(40 * mm + 10 * mm * rows))
        story.append(heading(_("Continuity of the services")))
        story += continuity_charts(data.timelines, data.as_of, fmt, WIDTH)
        for tl in data.timelines:
            line = summary_line(
                tl.service.name,
                tl.continuity,
                min((c.start for c in tl.coverage), default=None),
                fmt,
                as_of=data.as_of,
            )
            story.append(para(line, "small"))
    return story


def _records(data: DossierData, fmt: Formatter) -> list[Flowable]:
    """Deadlines, acts, open alerts and the change history."""
    story: list[Flowable] = []
    story.append(heading(_("Deadlines and milestones")))
    if data.deadlines:
        story.append(
            table(
                [_("Due"), _("What"), _("State")],
                [
                    [fmt.day(d.due), d.title, _deadline_state(d, data.as_of)]
                    for d in data.deadlines
                ],
                [22 * mm, WIDTH - 56 * mm, 34 * mm],
            )
        )
    else:
        story.append(para(_("No deadline is recorded.")))
    story.append(heading(_("Acts"), 2))
    for known_act in data.acts or ():
        story.append(para(act_citation(known_act, fmt)))
    if not data.acts:
        story.append(para(_("not stated")))
    story.append(heading(_("Open alerts"), 2))
    if data.alerts:
        story.append(alerts_table(data.alerts, fmt))
    else:
        story.append(para(_("Nothing to report.")))
    story.append(heading(_("Change history"), 2))
    story.append(
        table(
            [_("When"), _("Who"), _("Action"), _("Record")],
            [
                [
                    fmt.moment(h.at),
                    h.who,
                    term(h.action),
                    h.ref or record_part(h.entity),
                ]
                for h in data.history
            ]
            or [["-", "-", "-", "-"]],
            [36 * mm, 40 * mm, 26 * mm, WIDTH - 102 * mm],
        )
    )
    return story


def _deadline_state(deadline: Deadline, as_of: date) -> str:
    """The deadline's status in words; an overdue one says by how much."""
    status = deadline_status(deadline, as_of)
    if status is DeadlineStatus.OVERDUE:
        return overdue_by(deadline.overdue_days(as_of))
    return term(status.value)


def write_dossier(
    data: DossierData, out: BinaryIO, fmt: Formatter, *, author: str
) -> None:
    """The dossier of a tender as an A4 PDF."""
    t = data.detail.tender
    header = _("Tender dossier {ref}").format(ref=t.ref)
    write_pdf(
        out,
        dossier_story(data, fmt),
        title=f"{header}: {t.title}",
        subject=_("Situation as of {day}").format(day=fmt.day(data.as_of)),
        author=author,
        header=f"{header} · {t.title}",
        footer=_("appalti · situation as of {day}").format(day=fmt.day(data.as_of)),
    )
