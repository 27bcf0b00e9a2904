"""Money in euro: Decimal with two places, ROUND_HALF_UP, and honest VAT.

An amount is known either from its net value ("IVA esclusa") or from its gross value
("IVA inclusa"), with a VAT rate when the source states one. With the rate unknown only
the stated half is known: ANAC publishes nets with no rate, older acts give only the
gross. The other half is never computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from tracker.domain.lazy import cached_property
from tracker.errors import N_, ValidationError

CENT = Decimal("0.01")
MAX_INTEGER_DIGITS = 13
_PLAIN_DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class VatRate(StrEnum):
    """Italian VAT rates used for services, plus exempt and unknown."""

    STANDARD = "22"
    REDUCED_10 = "10"
    REDUCED_5 = "5"
    SUPER_REDUCED = "4"
    EXEMPT = "exempt"
    UNKNOWN = "unknown"

    @property
    def fraction(self) -> Decimal | None:
        """The rate as a fraction (0.22), zero when exempt, None when unknown."""
        return _FRACTIONS[self]


_FRACTIONS: dict[VatRate, Decimal | None] = {
    rate: (
        None
        if rate is VatRate.UNKNOWN
        else Decimal(0)
        if rate is VatRate.EXEMPT
        else Decimal(rate.value) / 100
    )
    for rate in VatRate
}


class Basis(StrEnum):
    """Which half of an amount the source gives."""

    NET = "net"
    GROSS = "gross"


def quantize(value: Decimal) -> Decimal:
    """Round to the cent, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(value: object, *, field: str) -> Decimal:
    """Read a non-negative euro amount with at most two decimals, never via float."""
    if isinstance(value, bool | float):
        raise ValidationError(
            field, value, N_("write amounts as strings such as '1234.50'")
        )
    text = str(value).strip() if value is not None else ""
    if not _PLAIN_DECIMAL.match(text):
        raise ValidationError(field, value, N_("is not an amount such as '1234.50'"))
    amount = Decimal(text)
    if amount < 0:
        raise ValidationError(field, value, N_("an amount must not be negative"))
    if amount.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValidationError(
            field,
            value,
            N_("an amount has at most {digits} digits before the point"),
            digits=MAX_INTEGER_DIGITS,
        )
    if amount != amount.quantize(CENT):
        raise ValidationError(field, value, N_("an amount has at most two decimals"))
    return abs(amount.quantize(CENT))


def to_cents(amount: Decimal) -> int:
    """Exact integer cents of a two-decimal amount."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has more than two decimals")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Decimal euro from integer cents."""
    return (Decimal(cents) / 100).quantize(CENT)


_BASES = {basis.value: basis for basis in Basis}
_RATES = {rate.value: rate for rate in VatRate}


@dataclass(frozen=True)
class Amount:
    """An amount as the source states it: a value, the half it is, and a VAT rate."""

    value: Decimal
    basis: Basis
    vat_rate: VatRate

    @classmethod
    def of_net(cls, net: Decimal, vat_rate: VatRate) -> Amount:
        return cls(quantize(net), Basis.NET, vat_rate)

    @classmethod
    def of_gross(cls, gross: Decimal, vat_rate: VatRate = VatRate.UNKNOWN) -> Amount:
        return cls(quantize(gross), Basis.GROSS, vat_rate)

    @cached_property
    def net(self) -> Decimal | None:
        """Net of VAT; None when only the gross is stated and the rate is unknown."""
        if self.basis is Basis.NET:
            return self.value
        rate = self.vat_rate.fraction
        if rate is None:
            return None
        return quantize(self.value / (1 + rate))

    @cached_property
    def vat(self) -> Decimal | None:
        """The VAT part; None when the rate is unknown."""
        rate = self.vat_rate.fraction
        if rate is None:
            return None
        if self.basis is Basis.NET:
            return quantize(self.value * rate)
        net = self.net
        assert net is not None
        return self.value - net

    @cached_property
    def gross(self) -> Decimal | None:
        """VAT included; None when only the net is stated and the rate is unknown."""
        if self.basis is Basis.GROSS:
            return self.value
        vat = self.vat
        if vat is None:
            return None
        return self.value + vat

    @classmethod
    def from_columns(
        cls, cents: int | None, basis: str | None, vat_rate: str | None
    ) -> Amount | None:
        """The amount stored as (integer cents, basis, VAT rate), or None if absent."""
        if cents is None or basis is None or vat_rate is None:
            return None
        return cls(from_cents(cents), _BASES[basis], _RATES[vat_rate])

    def to_columns(self) -> tuple[int, str, str]:
        """(integer cents, basis, VAT rate): how an amount is stored."""
        return to_cents(self.value), self.basis.value, self.vat_rate.value

    def scaled(self, numerator: int, denominator: int) -> Amount:
        """The same amount pro rata (e.g. 6/36 of a base for a 6-month renewal)."""
        if denominator <= 0 or numerator < 0:
            raise ValueError(f"cannot scale by {numerator}/{denominator}")
        return Amount(
            quantize(self.value * numerator / denominator), self.basis, self.vat_rate
        )


@dataclass(frozen=True)
class Totals:
    """Sum of several amounts; each half is None when any part lacks it (a sum of
    some nets and some grosses states neither)."""

    net: Decimal | None
    vat: Decimal | None
    gross: Decimal | None
    count: int

    @classmethod
    def of(cls, amounts: Iterable[Amount]) -> Totals:
        items = list(amounts)
        return cls(
            net=sum_known([a.net for a in items]),
            vat=sum_known([a.vat for a in items]),
            gross=sum_known([a.gross for a in items]),
            count=len(items),
        )


def sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values, or None when any is unknown (a partial sum would read
    as a total)."""
    items = list(values)
    if None in items:
        return None
    return sum((v for v in items if v is not None), Decimal("0.00"))


def share_from_hundredths(hundredths: int | None) -> Decimal | None:
    """A percentage stored in hundredths of a point (4000 is 40%)."""
    return None if hundredths is None else (Decimal(hundredths) / 100).quantize(CENT)
