"""The programme's schede and the yearly commitments as lines of text, for
``appalti plan`` (text format) and the documents.

Figures are VAT included; one not known reads "not known" with the parts it
lacks, never 0. Record text is escaped (``printable``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from tracker.domain.commitments import Columns, YearFigure, YearRow
from tracker.domain.programme_purchases import PlanMoney
from tracker.domain.programme_schede import PROGRAMME_THRESHOLD, ProgrammeRow
from tracker.formatting import Formatter, printable
from tracker.i18n import _, ngettext
from tracker.present.programme import (
    cui_state,
    missing_words,
    names_of,
    programme_row_note,
    sum_or_none,
)
from tracker.present.programme_needs import PLACES
from tracker.vocabulary import N_

LABEL_WIDTH = 32
FIGURE_WIDTH = 14


def figure(value: YearFigure, fmt: Formatter) -> str:
    return fmt.euro(value.value, missing=_("not known"))


def header_line(columns: Columns, label: str = "") -> str:
    heads = [
        *(str(y) for y in columns.years),
        _("After {year}").format(year=columns.last),
        _("Total"),
    ]
    return label.ljust(LABEL_WIDTH) + "".join(h.rjust(FIGURE_WIDTH) for h in heads)


def row_line(label: str, row: YearRow, fmt: Formatter) -> str:
    cells = [*row.years, row.later, row.total]
    shown = printable(label)
    if len(shown) > LABEL_WIDTH - 1:
        shown = shown[: LABEL_WIDTH - 2] + "…"
    return shown.ljust(LABEL_WIDTH) + "".join(
        figure(c, fmt).rjust(FIGURE_WIDTH) for c in cells
    )


def amounts_line(label: str, values: Sequence[Decimal | None], fmt: Formatter) -> str:
    """A row of amounts per column, then their total (not known when one is not)."""
    cells = [*values, sum_or_none(values)]
    return label.ljust(LABEL_WIDTH) + "".join(
        fmt.euro(v, missing=_("not known")).rjust(FIGURE_WIDTH) for v in cells
    )


def programme_lines(
    money: PlanMoney, fmt: Formatter, *, commitments: bool = True
) -> list[str]:
    """Scheda H, scheda G, the purchases outside scheda H and (unless told not
    to) the commitments."""
    plan, names = money.programme, money.names
    columns = plan.columns
    span = f"{columns.first}-{columns.last}"
    lines = [
        _("Scheda H: purchases of {threshold} or more, {span}").format(
            threshold=fmt.euro(PROGRAMME_THRESHOLD), span=span
        ),
    ]
    if not plan.scheda_h:
        lines.append("  " + _("no purchase reaches the threshold"))
    for row in plan.scheda_h:
        lines += _h_lines(row, columns, names, fmt)
    lines += ["", _("Scheda G: resources needed by year and funding source"), ""]
    lines.append("  " + header_line(columns))
    for group in plan.scheda_g.by_funding:
        label = names_of(group.refs, names, none=N_("not identified"))
        lines.append("  " + row_line(label, group.figures, fmt))
    lines.append("  " + row_line(_("Total"), plan.scheda_g.total, fmt))
    lines.append("  " + row_line(_("Funds confirmed"), plan.scheda_g.confirmed, fmt))
    lines.append("  " + amounts_line(_("Still to find"), plan.scheda_g.to_find, fmt))
    lines += _apart(plan.below, N_("Below the threshold (not in scheda H)"), fmt)
    lines += _apart(
        plan.not_estimated,
        N_("Value not estimated (enter an estimate to place them)"),
        fmt,
    )
    if not commitments:
        return lines
    return [*lines, "", *commitment_lines(money, fmt)]


def _h_lines(
    row: ProgrammeRow, columns: Columns, names: Mapping[str, str], fmt: Formatter
) -> list[str]:
    p = row.purchase
    cui = row.cui.code if row.cui else "-"
    lines = [
        "",
        "  " + _("CUI {cui} ({state})").format(cui=cui, state=cui_state(row)),
        "    " + printable(p.description),
    ]
    facts = [
        _("tender {ref}").format(ref=printable(p.tender)) if p.tender else None,
        _("need {ref}").format(ref=printable(", ".join(p.needs))) if p.needs else None,
        _("CUP {cup}").format(cup=printable(p.cup)) if p.cup else None,
        _("CPV {cpv}").format(cpv=printable(p.cpv)) if p.cpv else None,
        _("RUP {name}").format(name=printable(p.rup)) if p.rup else None,
        ngettext("{count} month", "{count} months", p.months).format(count=p.months)
        if p.months
        else None,
        _("continues {ref}").format(ref=printable(p.continues))
        if p.continues
        else None,
        _("funding: {names}").format(
            names=printable(names_of(p.funding, names, none=N_("not identified")))
        ),
    ]
    lines.append("    " + "; ".join(f for f in facts if f))
    lines.append("    " + header_line(columns))
    lines.append("    " + row_line("", row.cost, fmt))
    note = programme_row_note(row, columns.first, fmt)
    if note:
        lines.append("    " + note)
    return lines


def _apart(rows: Sequence[ProgrammeRow], title: str, fmt: Formatter) -> list[str]:
    if not rows:
        return []
    lines = ["", _(title)]
    for row in rows:
        p = row.purchase
        value = p.value
        lines.append(
            "  "
            + "; ".join(
                [
                    printable(p.tender or p.key),
                    printable(p.description),
                    fmt.euro(value.value) if value else _(PLACES[row.weight]),
                ]
            )
        )
    return lines


def commitment_lines(money: PlanMoney, fmt: Formatter) -> list[str]:
    """The yearly table: committed by service, the funds, the payments and the
    shortfall (each contract's figures are in the workbook)."""
    years = money.commitments
    lines = [
        _("Commitments by year (VAT included, pro rata by days)"),
        "",
        "  " + header_line(years.columns),
    ]
    for group in years.by_service:
        # by reference: services' names share their first words
        label = " + ".join(group.refs) if group.refs else _("none recorded")
        lines.append("  " + row_line(label, group.figures, fmt))
    for label, row in (
        (N_("Total committed"), years.committed),
        (N_("Planned options (not committed)"), years.planned_options),
        (N_("Funds confirmed"), years.confirmed),
        (N_("Funds planned or awaiting confirmation"), years.awaited),
        (N_("Paid"), years.paid),
    ):
        lines.append("  " + row_line(_(label), row, fmt))
    lines.append("  " + amounts_line(_("Shortfall"), years.shortfall, fmt))
    lacking = missing_words(years.committed.total)
    if lacking:
        lines.append("  " + _("Committed: {parts}").format(parts=lacking))
    return lines
