"""The programme for the council committee, as an A4 PDF: the needs from
continuity, the programma triennale (scheda H's purchases, scheda G's resources by
year and funding source), the yearly commitments with the funds and the shortfall,
and, when a scenario is chosen, what it changes beside the baseline.

Money is VAT included (what the budget pays); a figure not known reads "not
known", never 0, and the note says why.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from tracker.domain.commitments import YearFigure, YearlyCommitments, YearRow
from tracker.domain.programme_purchases import PlanMoney
from tracker.domain.programme_schede import PROGRAMME_THRESHOLD, ProgrammeRow
from tracker.export.document import heading, para, table, write_pdf
from tracker.export.styles import WIDTH, styles, text
from tracker.formatting import ROME, Formatter
from tracker.i18n import _
from tracker.present.plan_view import (
    amount_cell,
    by_service,
    estimate_cell,
    estimate_words,
    funding_words,
    late_by,
    not_estimated_words,
    scenario_change,
)
from tracker.present.programme import cui_state, names_of, programme_row_note
from tracker.queries.planning import PlanData, PlanSide
from tracker.vocabulary import term

MONEY = 26 * mm
"""A money column: ``1.234.567,89 €`` at the table's size, with room."""
LABEL = WIDTH - 5 * MONEY


def _lines(*lines: str, style: str = "cell") -> Paragraph:
    """A table cell of several lines, each user text shown as written."""
    return Paragraph(
        "<br/>".join(text(line) for line in lines if line), styles()[style]
    )


def _figure(figure: YearFigure, fmt: Formatter) -> str:
    return fmt.euro(figure.value, missing=_("not known"))


def _year_header(plan: PlanData, first: str) -> list[str]:
    years = plan.horizon.years
    return [
        first,
        *(str(y) for y in years),
        _("After {year}").format(year=years[-1]),
        _("Total"),
    ]


def _year_row(label: str, row: YearRow, fmt: Formatter) -> list[str]:
    return [
        label,
        *(_figure(f, fmt) for f in row.years),
        _figure(row.later, fmt),
        _figure(row.total, fmt),
    ]


def _money_table(
    plan: PlanData,
    first: str,
    rows: Sequence[Sequence[str | Flowable]],
    *,
    bold_last: bool,
) -> Flowable:
    return table(
        _year_header(plan, first),
        rows,
        [LABEL, *([MONEY] * 5)],
        right=range(1, 6),
        bold_last=bold_last,
    )


def _needs(plan: PlanData, fmt: Formatter) -> list[Flowable]:
    needs = plan.baseline.needs
    story: list[Flowable] = [heading(_("Needs from continuity"))]
    if not needs:
        return [*story, para(_("Every service is covered through the three years."))]
    story.append(
        para(
            _(
                "Each stretch of a service's required window that no contract, "
                "exercised option or in-house period covers, with the last day to "
                "start the procedure (the lead time of its procedure type before "
                "the first uncovered day)."
            ),
            "small",
        )
    )
    rows: list[list[str | Flowable]] = [
        [
            _lines(n.neighbourhood, n.service_name),
            f"{fmt.day(n.start)} – {fmt.day(n.end)}",
            _lines(
                fmt.day(n.procedure_start_by), late_by(n.procedure_start_by, plan.as_of)
            ),
            estimate_cell(n.estimate, fmt),
            _lines(
                f"{n.tender.ref} ({term(n.tender.status)})" if n.tender else "-",
                funding_words(n),
            ),
        ]
        for n in needs
    ]
    story.append(
        table(
            [
                _("Service"),
                _("To cover"),
                _("Start the procedure by"),
                _("Estimated value"),
                _("Tender and funds"),
            ],
            rows,
            [40 * mm, 34 * mm, 30 * mm, 26 * mm, WIDTH - 130 * mm],
        )
    )
    notes = [f"{n.neighbourhood}: {estimate_words(n, fmt)}." for n in needs]
    story += [Spacer(1, 2 * mm), *(para(note, "small") for note in notes)]
    return story


def _purchase_cell(row: ProgrammeRow, money: PlanMoney) -> Paragraph:
    p = row.purchase
    lines = [
        row.cui.code if row.cui else _("CUI: {state}").format(state=cui_state(row)),
        p.description,
    ]
    facts = [
        _("tender {ref}").format(ref=p.tender) if p.tender else None,
        _("CUP {cup}").format(cup=p.cup) if p.cup else None,
        _("CPV {cpv}").format(cpv=p.cpv) if p.cpv else None,
        _("RUP {rup}").format(rup=p.rup) if p.rup else None,
        _("{months} months").format(months=p.months) if p.months else None,
        _("continues {contract}").format(contract=p.continues) if p.continues else None,
    ]
    lines.append(", ".join(f for f in facts if f))
    lines.append(
        _("Funding: {funding}").format(
            funding=names_of(p.funding, money.names, none="not identified")
        )
    )
    return _lines(*lines)


def _scheda_h(plan: PlanData, money: PlanMoney, fmt: Formatter) -> list[Flowable]:
    programme = money.programme
    first = plan.horizon.first_year
    story: list[Flowable] = [
        heading(_("Scheda H: the purchases of the programme")),
        para(
            _(
                "Purchases of estimated value of {threshold} or more, net of VAT "
                "(art. 37 D.Lgs. 36/2023, Allegato I.5); cost per year VAT included."
            ).format(threshold=fmt.euro(PROGRAMME_THRESHOLD)),
            "small",
        ),
    ]
    if not programme.scheda_h:
        story.append(para(_("No purchase reaches the threshold.")))
    else:
        rows: list[list[str | Flowable]] = [
            [
                _purchase_cell(r, money),
                *(_figure(f, fmt) for f in r.cost.years),
                _figure(r.cost.later, fmt),
                _figure(r.cost.total, fmt),
            ]
            for r in programme.scheda_h
        ]
        story.append(_money_table(plan, _("Purchase"), rows, bold_last=False))
        notes = [
            f"{r.purchase.description}: {note}"
            for r in programme.scheda_h
            if (note := programme_row_note(r, first, fmt))
        ]
        story += [para(note, "small") for note in notes]
    apart = [
        (_("Below the threshold"), programme.below),
        (_("Value not estimated yet"), programme.not_estimated),
    ]
    for title, rows_apart in apart:
        if not rows_apart:
            continue
        story.append(heading(title, 2))
        story.append(
            table(
                [_("Purchase"), _("Period"), _("Estimated value"), _("Note")],
                [
                    [
                        r.purchase.description,
                        f"{fmt.day(r.purchase.period.start)} – "
                        f"{fmt.day(r.purchase.period.end)}"
                        if r.purchase.period
                        else _("not planned"),
                        amount_cell(r.purchase.value, fmt),
                        programme_row_note(r, first, fmt),
                    ]
                    for r in rows_apart
                ],
                [60 * mm, 38 * mm, 28 * mm, WIDTH - 126 * mm],
            )
        )
    return story


def _scheda_g(plan: PlanData, money: PlanMoney, fmt: Formatter) -> list[Flowable]:
    g = money.programme.scheda_g
    rows = [
        _year_row(
            names_of(group.refs, money.names, none="not identified"),
            group.figures,
            fmt,
        )
        for group in g.by_funding
    ]
    rows.append(_year_row(_("Total"), g.total, fmt))
    rows.append(_year_row(_("Funds confirmed"), g.confirmed, fmt))
    rows.append(
        _gaps_row(_("Still to find (total less funds confirmed)"), g.to_find, fmt)
    )
    return [
        heading(_("Scheda G: the resources needed, by year and funding source")),
        _money_table(plan, _("Funding source"), rows, bold_last=True),
    ]


def _shortfall_row(label: str, c: YearlyCommitments, fmt: Formatter) -> list[str]:
    return _gaps_row(label, c.shortfall, fmt)


def _gaps_row(label: str, gaps: Sequence[Decimal | None], fmt: Formatter) -> list[str]:
    """What is missing per year and after, and in all when every year is known."""
    total: Decimal | None = None
    if all(g is not None for g in gaps):
        total = sum((g for g in gaps if g is not None), Decimal("0.00"))
    unknown = _("not known")
    return [
        label,
        *(fmt.euro(g, missing=unknown) for g in gaps),
        fmt.euro(total, missing=unknown),
    ]


def _commitments(plan: PlanData, money: PlanMoney, fmt: Formatter) -> list[Flowable]:
    c = money.commitments
    rows = [
        _year_row(
            names_of(group.refs, money.names, none="none recorded"),
            group.figures,
            fmt,
        )
        for group in c.by_service
    ]
    rows += [
        _year_row(_("Total committed"), c.committed, fmt),
        _year_row(_("Planned options (not committed)"), c.planned_options, fmt),
        _year_row(_("Funds confirmed"), c.confirmed, fmt),
        _year_row(_("Funds planned or awaiting confirmation"), c.awaited, fmt),
        _year_row(_("Paid"), c.paid, fmt),
        _shortfall_row(_("Shortfall (committed less confirmed funds)"), c, fmt),
    ]
    return [
        heading(_("Yearly commitments of the contracts")),
        para(
            _(
                "Each contract's base and exercised options split over the years "
                "pro rata by days, VAT included, by service; the allocations spread "
                "like what they pay for."
            ),
            "small",
        ),
        _money_table(plan, _("Item"), rows, bold_last=True),
    ]


def _side_rows(label: str, side: PlanSide, fmt: Formatter) -> list[list[str]]:
    money = side.money
    if money is None:
        return []
    c = money.commitments
    return [
        _year_row(_("Committed · {side}").format(side=label), c.committed, fmt),
        _shortfall_row(_("Shortfall · {side}").format(side=label), c, fmt),
        _year_row(
            _("Programme (scheda G) · {side}").format(side=label),
            money.programme.scheda_g.total,
            fmt,
        ),
        _gaps_row(
            _("Programme: still to find · {side}").format(side=label),
            money.programme.scheda_g.to_find,
            fmt,
        ),
    ]


def _scenario(plan: PlanData, fmt: Formatter) -> list[Flowable]:
    scenario, other = plan.scenario, plan.with_scenario
    if scenario is None or other is None:
        return []
    story: list[Flowable] = [
        heading(_("The scenario beside the baseline")),
        para(
            _(
                "The scenario counts the proposed tenders {tenders} as awarded on "
                "their planned dates. Nothing of it is written to the data."
            ).format(tenders=", ".join(scenario.tenders))
        ),
    ]
    assumed = [c for c in scenario.covers if c.start_assumed or c.end_assumed]
    for cover in assumed:
        story.append(
            para(
                _(
                    "{tender} has no planned start or duration: counted for {service} "
                    "from {start} to {end}."
                ).format(
                    tender=cover.tender,
                    service=cover.service,
                    start=fmt.day(cover.start),
                    end=fmt.day(cover.end),
                ),
                "small",
            )
        )
    remaining = by_service(other.needs)
    rows: list[list[str | Flowable]] = [
        [
            _lines(n.neighbourhood, n.service_name),
            f"{fmt.day(n.start)} – {fmt.day(n.end)}",
            scenario_change(n, scenario, remaining.get(n.service, []), fmt),
        ]
        for n in plan.baseline.needs
    ]
    if rows:
        story.append(
            table(
                [_("Service"), _("Need in the baseline"), _("In the scenario")],
                rows,
                [44 * mm, 40 * mm, WIDTH - 84 * mm],
            )
        )
    figures = [
        *_side_rows(_("baseline"), plan.baseline, fmt),
        *_side_rows(_("scenario"), other, fmt),
    ]
    if figures:
        # the same figure of both sides one above the other
        half = len(figures) // 2
        paired = [
            row
            for pair in zip(figures[:half], figures[half:], strict=True)
            for row in pair
        ]
        story += [
            Spacer(1, 3 * mm),
            _money_table(plan, _("Item"), paired, bold_last=False),
        ]
        for label, side in ((_("baseline"), plan.baseline), (_("scenario"), other)):
            if side.money is not None:
                note = not_estimated_words(side.money.programme, label)
                if note:
                    story.append(para(note, "small"))
    return [KeepTogether(story[:3]), *story[3:]]


def plan_story(plan: PlanData, fmt: Formatter, *, made_on: date) -> list[Flowable]:
    horizon = plan.horizon
    story: list[Flowable] = [
        Spacer(1, 20 * mm),
        para(_("Report to the council committee"), "subtitle"),
        para(
            _("Programme of purchases {first}–{last}").format(
                first=horizon.first_year, last=horizon.last_year
            ),
            "title",
        ),
        para(
            _(
                "Situation as of {day}. Made on {made} from the appalti database."
            ).format(day=fmt.day(plan.as_of), made=fmt.day(made_on)),
            "small",
        ),
    ]
    story += _needs(plan, fmt)
    money = plan.baseline.money
    if money is not None:
        story += _scheda_h(plan, money, fmt)
        story += _scheda_g(plan, money, fmt)
        story += _commitments(plan, money, fmt)
    story += _scenario(plan, fmt)
    return story


def plan_pdf(plan: PlanData, fmt: Formatter, *, author: str, made_on: date) -> bytes:
    """The programme as an A4 PDF, in the active language; ``made_on`` is printed
    under the title. The same arguments give the same bytes."""
    horizon = plan.horizon
    title = _("Programme of purchases {first}–{last}").format(
        first=horizon.first_year, last=horizon.last_year
    )
    out = io.BytesIO()
    write_pdf(
        out,
        plan_story(plan, fmt, made_on=made_on),
        title=title,
        subject=_("Report to the council committee"),
        author=author,
        header=title,
        footer=_("appalti · situation as of {day}").format(day=fmt.day(plan.as_of)),
    )
    return out.getvalue()


def write_plan_pdf(
    plan: PlanData,
    target: Path,
    fmt: Formatter,
    *,
    author: str,
    made_on: date | None = None,
) -> None:
    """Write the programme's PDF to ``target``, whole or not at all (a file that
    cannot be written raises a TrackerError naming it); ``made_on`` defaults to
    today."""
    from tracker.files import write_private_bytes

    made = made_on or datetime.now(ROME).date()
    write_private_bytes(target, plan_pdf(plan, fmt, author=author, made_on=made))
