"""The pieces every sheet of a record kind is made of: the form's columns, an
amount's cells, the words of a stored choice, and the note saying why a value is
unknown.

A record kind's sheet starts with its form's fields, in the form's order and named
by the form's labels, so that the spreadsheet import reads an exported sheet back by
its headers; the values are those the form shows, typed (a date, euros, a fraction
for a VAT rate). Fields that are lists of rows of their own (a consortium's members,
a contract's payments) fit no single cell and have no column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from tracker.domain.money import VatRate
from tracker.errors import N_
from tracker.forms import FORMS, FieldKind
from tracker.i18n import _
from tracker.present.tables import Cell, CellKind, Column
from tracker.queries.rows import AmountRow
from tracker.vocabulary import term

CELL_KINDS: dict[FieldKind, CellKind] = {
    "date": "date",
    "int": "integer",
    "money": "money",
}
"""How a form field's cells are typed; any other field is text."""

WHOLE_ROWS: frozenset[FieldKind] = frozenset({"members", "payments"})
"""Form fields that are lists of rows: no column of a sheet holds them."""

UNKNOWN = Column("unknown", N_("Why values are missing"))
"""The last column of a sheet: why an amount or a rate is empty."""

AMOUNT_NOT_STATED = N_("amount not stated")
RATE_NOT_STATED = N_("VAT rate not stated")


def form_columns(kind: str) -> tuple[Column, ...]:
    """The columns of a record kind's form, in its order and with its labels."""
    return tuple(
        Column(
            key=field.name,
            header=field.label,
            kind="percent"
            if field.name.endswith("_vat_rate")
            else CELL_KINDS.get(field.kind, "text"),
            field=field.name,
        )
        for field in FORMS[kind]
        if field.kind not in WHOLE_ROWS
    )


def row_of(columns: Iterable[Column], values: Mapping[str, Cell]) -> tuple[Cell, ...]:
    """A table row from the values by column key; a column not given is empty."""
    return tuple(values.get(column.key) for column in columns)


def word(value: str | None) -> str | None:
    """A stored choice (``exercised``) as the active language says it."""
    return None if value is None else term(value)


def refs(values: Iterable[str]) -> str | None:
    """References as the form lists them: ``SRV-1, SRV-2``; empty when none."""
    return ", ".join(values) or None


def vat_fraction(vat_rate: str) -> Decimal | None:
    """A VAT rate as a fraction (0.22), 0 when exempt, None when unknown."""
    return VatRate(vat_rate).fraction


def amount_cells(name: str, amount: AmountRow | None) -> dict[str, Cell]:
    """An amount as its three form fields show it: the half it is stated in, the
    VAT rate and which half that is."""
    if amount is None:
        return {}
    return {
        name: amount.net if amount.basis == "net" else amount.gross,
        f"{name}_vat_rate": vat_fraction(amount.vat_rate),
        f"{name}_basis": term(amount.basis),
    }


def halves_reasons(amount: AmountRow | None) -> list[str]:
    """Why the net or the gross of an amount is empty, in the active language."""
    if amount is None:
        return [_(AMOUNT_NOT_STATED)]
    if amount.net is None or amount.gross is None:
        return [_(RATE_NOT_STATED)]
    return []


def reasons_cell(reasons: Iterable[str]) -> str | None:
    """The note of a row: each reason once, in order."""
    return "; ".join(dict.fromkeys(reasons)) or None
