"""An amount in a record's sheet: the three cells of its form fields (the half it
is stated in, the VAT rate as a fraction, which half that is), its net and gross
beside them, and why either is empty.

Amounts are stated net or VAT included, the rate sometimes unknown (the Milan
deliberations give gross sums without it): the half that cannot be computed is
left empty with its reason, never made up.
"""

from __future__ import annotations

from decimal import Decimal

from tracker.domain.money import VatRate
from tracker.errors import N_
from tracker.i18n import _
from tracker.present.tables import Cell, Column
from tracker.queries.rows import AmountRow
from tracker.vocabulary import term

NET = Column("net", N_("Net (VAT excluded)"), "money")
GROSS = Column("gross", N_("Gross (VAT included)"), "money")

AMOUNT_NOT_STATED = N_("amount not stated")
RATE_NOT_STATED = N_("VAT rate not stated")

Halves = tuple[Decimal | None, Decimal | None]
"""The net and the gross of a sum, each None when it cannot be known."""


def vat_fraction(vat_rate: str) -> Decimal | None:
    """A VAT rate as a fraction (0.22), 0 when exempt, None when unknown."""
    return VatRate(vat_rate).fraction


def amount_cells(name: str, amount: AmountRow | None) -> dict[str, Cell]:
    """An amount as its form fields ``name``, ``name_vat_rate`` and
    ``name_basis`` show it, typed; nothing when it is not stated."""
    if amount is None:
        return {}
    return {
        name: amount.net if amount.basis == "net" else amount.gross,
        f"{name}_vat_rate": vat_fraction(amount.vat_rate),
        f"{name}_basis": term(amount.basis),
    }


def halves(amount: AmountRow | None) -> dict[str, Cell]:
    """The cells of the ``NET`` and ``GROSS`` columns."""
    if amount is None:
        return {}
    return {NET.key: amount.net, GROSS.key: amount.gross}


def halves_reasons(amount: AmountRow | None) -> list[str]:
    """Why the net or the gross of an amount is empty, in the active language."""
    if amount is None:
        return [_(AMOUNT_NOT_STATED)]
    return rate_reasons((amount.net, amount.gross))


def rate_reasons(sum_halves: Halves) -> list[str]:
    """Why one half of a sum is empty: a part's VAT rate is unknown."""
    net, gross = sum_halves
    return [] if net is not None and gross is not None else [_(RATE_NOT_STATED)]
