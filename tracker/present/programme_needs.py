"""The plan's needs as a typed table (the workbook's "Fabbisogni"): every need
with its latest procedure start and estimate, and where the programme put the
purchase that meets it; then the purchases meeting no need (planned tenders).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from tracker.domain.planning import EstimateSource, Need
from tracker.domain.programme_purchases import need_key
from tracker.domain.programme_schede import Programme, ProgrammeRow, Weight
from tracker.errors import N_
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.programme import names_of, programme_row_note
from tracker.present.tables import Cell, Column, Table

NEEDS = N_("Needs")
PLACES = {
    Weight.ABOVE: N_("scheda H"),
    Weight.UNCERTAIN: N_("scheda H (threshold uncertain)"),
    Weight.BELOW: N_("below the threshold"),
    Weight.NOT_ESTIMATED: N_("value not estimated"),
}
BASES = {"net": N_("net of VAT"), "gross": N_("VAT included")}
COLUMNS = (
    Column("place", N_("In the programme")),
    Column("service", N_("Service")),
    Column("start", N_("From"), "date"),
    Column("end", N_("To"), "date"),
    Column("procedure_start_by", N_("Start the procedure by"), "date"),
    Column("value", N_("Estimated value"), "money"),
    Column("basis", N_("Value stated")),
    Column("estimate", N_("Estimate")),
    Column("tender", N_("Tender")),
    Column("funding", N_("Funding")),
    Column("continues", N_("Continues contract")),
    Column("note", N_("Note")),
)


def estimate_words(need: Need, fmt: Formatter) -> str:
    e = need.estimate
    if e.source is EstimateSource.TENDER:
        return _("the estimate of tender {ref}").format(ref=e.ref)
    if e.source is EstimateSource.LAST_CONTRACT:
        return _(
            "the daily cost of contract {ref} ({amount} for {basis} days) "
            "over {days} days"
        ).format(
            ref=e.ref,
            amount=fmt.euro(e.basis_amount.value if e.basis_amount else None),
            basis=fmt.number(e.basis_days),
            days=fmt.number(e.days),
        )
    return _("not estimated: enter it on the tender")


def needs_table(
    plan: Programme, needs: Sequence[Need], names: Mapping[str, str], fmt: Formatter
) -> Table:
    return Table("needs", NEEDS, COLUMNS, _rows(plan, needs, names, fmt))


def _rows(
    plan: Programme, needs: Sequence[Need], names: Mapping[str, str], fmt: Formatter
) -> Iterator[tuple[Cell, ...]]:
    placed: dict[str, ProgrammeRow] = {}
    rows = (*plan.scheda_h, *plan.below, *plan.not_estimated)
    for row in rows:
        for key in row.purchase.needs:
            placed[key] = row
    for need in needs:
        found = placed.get(need_key(need))
        value = need.estimate.amount
        yield (
            _(PLACES[found.weight]) if found else None,
            need.service_name,
            need.start,
            need.end,
            need.procedure_start_by,
            value.value if value else None,
            _(BASES[value.basis.value]) if value else None,
            estimate_words(need, fmt),
            found.purchase.tender if found else None,
            _funding_words(need),
            need.last_contract or _("no"),
            programme_row_note(found, plan.columns.first, fmt) if found else "",
        )
    for row in rows:
        if not row.purchase.needs:
            p = row.purchase
            value = p.value
            yield (
                _(PLACES[row.weight]),
                names_of(p.services, names, none=N_("none recorded")),
                p.period.start if p.period else None,
                p.period.end if p.period else None,
                None,
                value.value if value else None,
                _(BASES[value.basis.value]) if value else None,
                _("the estimate of tender {ref}").format(ref=p.tender)
                if value
                else _("not estimated: enter it on the tender"),
                p.tender,
                names_of(p.funding, names, none=N_("not identified")),
                p.continues or _("no"),
                programme_row_note(row, plan.columns.first, fmt),
            )


def _funding_words(need: Need) -> str:
    if not need.funding:
        return _("not identified")
    return "; ".join(
        _("{source} (awaiting confirmation)").format(source=f.name)
        if f.pending
        else f.name
        for f in need.funding
    )
