"""The programme's schede and the yearly commitments as typed tables
(``tracker.present.tables``): the sheets of the plan workbook, and the rows the
text and the documents word.

Money is VAT included. A figure not known is an empty cell, and the row's note
says which part is missing and why; never a 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from tracker.domain.commitments import Columns, YearFigure, YearlyCommitments, YearRow
from tracker.domain.programme_schede import (
    PROGRAMME_THRESHOLD,
    CuiGap,
    Programme,
    ProgrammeRow,
    Weight,
)
from tracker.errors import N_
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext
from tracker.present.tables import Cell, Column, Table

SCHEDA_H = N_("Scheda H")
SCHEDA_G = N_("Scheda G")
COMMITMENTS = N_("Commitments by year")


def year_columns(columns: Columns, *, key: str = "cost") -> tuple[Column, ...]:
    """A money column per year shown, one for the years after, one for the total."""
    return (
        *(Column(f"{key}_{year}", str(year), "money") for year in columns.years),
        Column(
            f"{key}_later",
            _("After {year}").format(year=columns.last),
            "money",
        ),
        Column(f"{key}_total", N_("Total"), "money"),
    )


def year_cells(row: YearRow) -> tuple[Cell, ...]:
    return (*(f.value for f in row.years), row.later.value, row.total.value)


NAMED_MISSING = 5
"""Parts named in a note; the others are counted."""


def missing_words(figure: YearFigure) -> str | None:
    """Which parts a sum lacks: "not stated: PRO-2020-MAZZINI, ...", or None."""
    if figure.exact:
        return None
    named = ", ".join(figure.missing[:NAMED_MISSING])
    others = len(figure.missing) - NAMED_MISSING
    if others > 0:
        named = ngettext(
            "{parts} and {count} more", "{parts} and {count} more", others
        ).format(parts=named, count=others)
    return _("not stated: {parts}").format(parts=named)


def names_of(refs: Sequence[str], names: Mapping[str, str], *, none: str) -> str:
    return " + ".join(names.get(ref, ref) for ref in refs) if refs else _(none)


CUI_GAPS = {
    CuiGap.NO_CODICE_FISCALE: N_("none: the buyer's codice fiscale is not recorded"),
    CuiGap.FULL: N_("none: the year's 99,999 progressives are used"),
}


def cui_state(row: ProgrammeRow) -> str:
    if row.cui is None:
        return _(CUI_GAPS[row.cui_gap or CuiGap.NO_CODICE_FISCALE])
    if row.cui.written:
        return _("as written in the plan entry")
    return _("proposed: write it in the tender's plan entry to keep it")


def programme_row_note(row: ProgrammeRow, first_year: int, fmt: Formatter) -> str:
    """Why a cost is not known, what lies before the programme, and whether the
    row is in the programme only because its net is not known."""
    notes = []
    purchase = row.purchase
    if purchase.value is None:
        notes.append(_("value not estimated"))
    elif purchase.value.gross is None:
        notes.append(_("only the net is stated and the VAT rate is unknown"))
    if purchase.period is None:
        notes.append(_("no planned start or duration: the years are not known"))
    if row.weight is Weight.UNCERTAIN:
        notes.append(
            _(
                "known VAT included only, with the rate unknown: the net may be "
                "below {threshold}"
            ).format(threshold=fmt.euro(PROGRAMME_THRESHOLD))
        )
    if row.before:
        notes.append(
            _("{amount} falls before {year} (past, not in the programme)").format(
                amount=fmt.euro(row.before), year=first_year
            )
        )
    return "; ".join(notes)


def scheda_h_table(plan: Programme, names: Mapping[str, str], fmt: Formatter) -> Table:
    columns = (
        Column("cui", N_("CUI")),
        Column("cui_state", N_("CUI state")),
        Column("tender", N_("Tender")),
        Column("cup", N_("CUP")),
        Column("cpv", N_("CPV")),
        Column("description", N_("Description")),
        Column("rup", N_("RUP")),
        Column("months", N_("Duration (months)"), "integer"),
        Column("continues", N_("Continues contract")),
        *year_columns(plan.columns),
        Column("funding", N_("Funding")),
        Column("note", N_("Note")),
    )
    return Table(
        "scheda_h", SCHEDA_H, columns, _h_rows(plan.scheda_h, plan, names, fmt)
    )


def _h_rows(
    rows: Sequence[ProgrammeRow],
    plan: Programme,
    names: Mapping[str, str],
    fmt: Formatter,
) -> Iterator[tuple[Cell, ...]]:
    for row in rows:
        p = row.purchase
        yield (
            row.cui.code if row.cui else None,
            cui_state(row),
            p.tender,
            p.cup,
            p.cpv,
            p.description,
            p.rup,
            p.months,
            p.continues or _("no"),
            *year_cells(row.cost),
            names_of(p.funding, names, none=N_("not identified")),
            programme_row_note(row, plan.columns.first, fmt),
        )


def scheda_g_table(plan: Programme, names: Mapping[str, str]) -> Table:
    columns = (
        Column("funding", N_("Funding source")),
        *year_columns(plan.columns),
        Column("note", N_("Note")),
    )
    rows: list[tuple[Cell, ...]] = [
        (
            names_of(group.refs, names, none=N_("not identified")),
            *year_cells(group.figures),
            missing_words(group.figures.total) or "",
        )
        for group in plan.scheda_g.by_funding
    ]
    g = plan.scheda_g
    rows.append((_("Total"), *year_cells(g.total), missing_words(g.total.total) or ""))
    rows.append(
        (
            _("Funds confirmed"),
            *year_cells(g.confirmed),
            missing_words(g.confirmed.total) or "",
        )
    )
    to_find = g.to_find
    rows.append(
        (
            _("Still to find (total less funds confirmed)"),
            *to_find,
            sum_or_none(to_find),
            "" if None not in to_find else _("not known while a figure is missing"),
        )
    )
    return Table("scheda_g", SCHEDA_G, columns, rows)


def sum_or_none(values: Sequence[Decimal | None]) -> Decimal | None:
    """The sum, or None when any value is not known."""
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal("0.00"))


def commitments_table(years: YearlyCommitments) -> Table:
    """Each contract's committed figures, then by service, programme and funding
    source, then the totals with the funds, the payments and the shortfall."""
    columns = (
        Column("item", N_("Item")),
        Column("ref", N_("Reference")),
        Column("title", N_("Title")),
        *year_columns(years.columns),
        Column("note", N_("Note")),
    )
    return Table("commitments", COMMITMENTS, columns, _commitment_rows(years))


def _commitment_rows(years: YearlyCommitments) -> Iterator[tuple[Cell, ...]]:
    names = years.names
    for c in years.contracts:
        yield (
            _("Contract"),
            c.ref,
            c.title,
            *year_cells(c.committed),
            _note(c.committed),
        )
        if c.planned_options.total != YearFigure():
            yield (
                _("Planned options (not committed)"),
                c.ref,
                c.title,
                *year_cells(c.planned_options),
                _note(c.planned_options),
            )
    for label, groups in (
        (N_("Service"), years.by_service),
        (N_("Programme"), years.by_programme),
        (N_("Funding source"), years.by_funding),
    ):
        for group in groups:
            title = names_of(group.refs, names, none=N_("none recorded"))
            row = group.figures
            yield (
                _(label),
                " + ".join(group.refs),
                title,
                *year_cells(row),
                _note(row),
            )
    for label, row in (
        (N_("Total committed"), years.committed),
        (N_("Planned options (not committed)"), years.planned_options),
        (N_("Funds confirmed"), years.confirmed),
        (N_("Funds planned or awaiting confirmation"), years.awaited),
        (N_("Paid"), years.paid),
    ):
        yield (_(label), None, None, *year_cells(row), _note(row))
    gaps = years.shortfall
    total: Decimal | None = None
    if all(g is not None for g in gaps):
        total = sum((g for g in gaps if g is not None), Decimal("0.00"))
    yield (
        _("Shortfall (committed less confirmed funds)"),
        None,
        None,
        *gaps,
        total,
        "" if total is not None else _("not known while a figure is missing"),
    )


def _note(row: YearRow) -> str:
    return missing_words(row.total) or ""
