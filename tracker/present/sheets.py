"""The tables of the procurement records: tenders, lots, contracts and options.

Each is built from the rows the read side gives the command line and the app
(``TenderRow``, ``ContractRow``), consumed as they come: a table of 50,000 contracts
holds one page of them at a time. A sheet starts with the record's form fields (see
``sheet_cells``) and goes on with what is computed from the record, never written
back: its parent's reference, names, money in both halves, the note saying why an
amount is empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from tracker.domain.kinds import OptionState
from tracker.domain.money import Totals
from tracker.errors import N_
from tracker.i18n import _
from tracker.present.sheet_columns import (
    MISSING,
    choice,
    form_columns,
    missing,
    precision,
    refs,
    text,
)
from tracker.present.sheet_money import (
    GROSS,
    NET,
    Halves,
    amount_cells,
    halves,
    halves_reasons,
    rate_reasons,
)
from tracker.present.tables import SHEET_TITLES, Cell, Column, Table
from tracker.queries.rows import ContractRow, LotRow, OptionRow, TenderRow, TotalsRow


def row_of(columns: Iterable[Column], values: Mapping[str, Cell]) -> tuple[Cell, ...]:
    """A table row from its values by column key; a column not given is empty."""
    return tuple(values.get(column.key) for column in columns)


TENDER_COLUMNS = (
    *form_columns("tender"),
    Column("buyer_name", N_("Buyer's name")),
    Column("lots", N_("Lots"), "integer"),
    NET,
    GROSS,
    MISSING,
)

LOT_COLUMNS = (
    *form_columns("lot"),
    Column("tender", N_("Tender")),
    Column("contracts", N_("Contracts")),
    NET,
    GROSS,
    MISSING,
)

CONTRACT_COLUMNS = (
    *form_columns("contract", skip=("payments",)),
    Column("tender", N_("Tender")),
    Column("supplier_name", N_("Supplier's name")),
    Column("supplier_members", N_("Members of the consortium")),
    Column("covered_until", N_("Covered until"), "date"),
    NET,
    GROSS,
    Column("exercised_net", N_("Exercised options, net"), "money"),
    Column("exercised_gross", N_("Exercised options, gross"), "money"),
    Column("planned_net", N_("Planned options, net"), "money"),
    Column("planned_gross", N_("Planned options, gross"), "money"),
    Column("total_net", N_("Total with exercised options, net"), "money"),
    Column("total_gross", N_("Total with exercised options, gross"), "money"),
    MISSING,
)

OPTION_COLUMNS = (
    *form_columns("option"),
    Column("contract", N_("Contract")),
    NET,
    GROSS,
    MISSING,
)


def tender_table(pages: Iterable[Sequence[TenderRow]]) -> Table:
    """One row per tender, in the order read."""
    return Table(
        "tender",
        SHEET_TITLES["tender"],
        TENDER_COLUMNS,
        (_tender_row(tender) for page in pages for tender in page),
    )


def _tender_row(tender: TenderRow) -> tuple[Cell, ...]:
    values: dict[str, Cell] = {
        "ref": tender.ref,
        "title": tender.title,
        "buyer": None if tender.buyer is None else tender.buyer.ref,
        "main_category": choice(tender.main_category),
        "cpv": refs(tender.cpv),
        "procedure_type": choice(tender.procedure_type),
        "procedure_code": tender.procedure_code,
        "procedure_title": tender.procedure_title,
        "status": choice(tender.status),
        "ocid": tender.ocid,
        "programme": tender.programme,
        "cup": tender.cup,
        "rup": tender.rup,
        "planned_start": tender.planned_start,
        "planned_months": tender.planned_months,
        "publication_date": tender.publication_date,
        "offer_deadline": tender.offer_deadline,
        "award_date": tender.award_date,
        "standstill_end": tender.standstill_end,
        "signature_date": tender.signature_date,
        **amount_cells("estimated_value", tender.estimated_value),
        "authorising_act": tender.authorising_act,
        "note": text(tender.note),
        "buyer_name": None if tender.buyer is None else tender.buyer.name,
        "lots": len(tender.lots),
        **halves(tender.estimated_value),
        "missing": missing(
            precision(N_("Service start (planned)"), tender.planned_start_precision),
            *halves_reasons(tender.estimated_value),
        ),
    }
    return row_of(TENDER_COLUMNS, values)


def lot_table(pages: Iterable[Sequence[TenderRow]]) -> Table:
    """One row per lot, tender by tender in the order read, each with its tender."""
    return Table(
        "lot",
        SHEET_TITLES["lot"],
        LOT_COLUMNS,
        (
            _lot_row(tender.ref, lot)
            for page in pages
            for tender in page
            for lot in tender.lots
        ),
    )


def _lot_row(tender: str, lot: LotRow) -> tuple[Cell, ...]:
    values: dict[str, Cell] = {
        "ref": lot.ref,
        "number": lot.number,
        "title": lot.title,
        "cig": lot.cig,
        "cups": refs(lot.cups),
        **amount_cells("value", lot.value),
        "services": refs(lot.services),
        "note": text(lot.note),
        "tender": tender,
        "contracts": refs(lot.contracts),
        **halves(lot.value),
        "missing": missing(*halves_reasons(lot.value)),
    }
    return row_of(LOT_COLUMNS, values)


def contract_table(pages: Iterable[Sequence[ContractRow]]) -> Table:
    """One row per contract, in the order read, with its money and options."""
    return Table(
        "contract",
        SHEET_TITLES["contract"],
        CONTRACT_COLUMNS,
        (_contract_row(contract) for page in pages for contract in page),
    )


def _contract_row(contract: ContractRow) -> tuple[Cell, ...]:
    supplier = contract.supplier
    exercised, exercised_reasons = _options_sum(contract.options, OptionState.EXERCISED)
    planned, planned_reasons = _options_sum(contract.options, OptionState.PLANNED)
    total, total_reasons = _total(contract.total_base_and_exercised)
    values: dict[str, Cell] = {
        "ref": contract.ref,
        "title": contract.title,
        "lot": contract.lot,
        "cig": contract.cig,
        "supplier": None if supplier is None else supplier.ref,
        "services": refs(contract.services),
        "signed_on": contract.signed_on,
        "start": contract.start,
        "end": contract.end,
        "months": contract.months,
        **amount_cells("amount", contract.amount),
        "act": contract.act,
        "note": text(contract.note),
        "tender": contract.tender,
        "supplier_name": None if supplier is None else supplier.name,
        "supplier_members": None
        if supplier is None
        else "; ".join(member.name for member in supplier.members) or None,
        "covered_until": contract.covered_until,
        **halves(contract.amount),
        "exercised_net": exercised[0],
        "exercised_gross": exercised[1],
        "planned_net": planned[0],
        "planned_gross": planned[1],
        "total_net": total[0],
        "total_gross": total[1],
        # a rate unknown in the base is unknown in the sums: said once
        "missing": missing(
            precision(N_("Start"), contract.start_precision),
            precision(N_("End"), contract.end_precision),
            *dict.fromkeys(
                [
                    *halves_reasons(contract.amount),
                    *exercised_reasons,
                    *planned_reasons,
                    *total_reasons,
                ]
            ),
        ),
    }
    return row_of(CONTRACT_COLUMNS, values)


def _options_sum(
    options: Sequence[OptionRow], state: OptionState
) -> tuple[Halves, list[str]]:
    """The net and gross of a contract's options in one state; a sum with an
    option's amount unknown would read as the whole, so it is left empty."""
    counted = [option for option in options if option.state == state.value]
    unstated = [option.ref for option in counted if option.amount is None]
    if unstated:
        return (None, None), [_option_missing(ref) for ref in unstated]
    totals = Totals.of(option.amount.amount() for option in counted if option.amount)
    return (totals.net, totals.gross), rate_reasons((totals.net, totals.gross))


def _total(totals: TotalsRow | None) -> tuple[Halves, list[str]]:
    """The base with its exercised options; empty when a part is unknown."""
    if totals is None:
        return (None, None), []  # the base's own reason says why
    if totals.missing:
        return (None, None), [_option_missing(ref) for ref in totals.missing]
    return (totals.net, totals.gross), rate_reasons((totals.net, totals.gross))


def _option_missing(ref: str) -> str:
    return _("option {ref}: amount not stated").format(ref=ref)


def option_table(pages: Iterable[Sequence[ContractRow]]) -> Table:
    """One row per option, contract by contract in the order read."""
    return Table(
        "option",
        SHEET_TITLES["option"],
        OPTION_COLUMNS,
        _option_rows(pages),
    )


def _option_rows(pages: Iterable[Sequence[ContractRow]]) -> Iterator[tuple[Cell, ...]]:
    for page in pages:
        for contract in page:
            for option in contract.options:
                yield _option_row(contract.ref, option)


def _option_row(contract: str, option: OptionRow) -> tuple[Cell, ...]:
    values: dict[str, Cell] = {
        "ref": option.ref,
        "kind": choice(option.kind),
        "state": choice(option.state),
        "start": option.start,
        "end": option.end,
        "months": option.months,
        **amount_cells("amount", option.amount),
        "decided_on": option.decided_on,
        "act": option.act,
        "cig": option.cig,
        "basis": text(option.basis),
        "note": text(option.note),
        "contract": contract,
        **halves(option.amount),
        "missing": missing(*halves_reasons(option.amount)),
    }
    return row_of(OPTION_COLUMNS, values)
