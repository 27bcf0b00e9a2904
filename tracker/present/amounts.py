"""Amounts in words and in the columns of a table: net, VAT rate, VAT, gross, with
the halves a source does not state said to be unknown."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from tracker.formatting import Formatter
from tracker.i18n import _


class _Halves(Protocol):
    @property
    def net(self) -> Decimal | None: ...
    @property
    def vat(self) -> Decimal | None: ...
    @property
    def gross(self) -> Decimal: ...


class StatedAmount(_Halves, Protocol):
    """An amount as the read side gives it (an ``AmountRow`` is one)."""

    @property
    def vat_rate(self) -> str: ...


class StatedTotals(_Halves, Protocol):
    """A sum of amounts (a ``TotalsRow``): ``missing`` names the parts without an
    amount, which make the sum a floor."""

    @property
    def missing(self) -> tuple[str, ...]: ...


def vat_rate_words(vat_rate: str, fmt: Formatter) -> str:
    """ "22%", "exempt" or "rate unknown"."""
    if vat_rate == "unknown":
        return _("rate unknown")
    if vat_rate == "exempt":
        return _("exempt")
    return fmt.percent(Decimal(vat_rate))


def amount_words(amount: StatedAmount | None, fmt: Formatter) -> str:
    """ "€1,220.00 VAT included (net €1,000.00, VAT 22%)"."""
    if amount is None:
        return _("not stated")
    return _("{gross} VAT included (net {net}, VAT {rate})").format(
        gross=fmt.euro(amount.gross),
        net=fmt.euro(amount.net, missing=_("not known")),
        rate=vat_rate_words(amount.vat_rate, fmt),
    )


def amount_columns(amount: StatedAmount, fmt: Formatter) -> tuple[str, str, str, str]:
    """Net, VAT rate, VAT and gross of an amount, for a table."""
    unknown = _("not known")
    return (
        fmt.euro(amount.net, missing=unknown),
        vat_rate_words(amount.vat_rate, fmt),
        fmt.euro(amount.vat, missing=unknown),
        fmt.euro(amount.gross),
    )


def totals_columns(
    label: str, totals: StatedTotals, fmt: Formatter
) -> tuple[str, str, str, str, str]:
    """A total's label (naming the parts without an amount), net, an empty rate,
    VAT and gross ("at least ..." when parts are missing), for a table."""
    unknown = _("not known")
    gross = fmt.euro(totals.gross)
    if totals.missing:
        label += " " + _("(amount not stated: {refs})").format(
            refs=", ".join(totals.missing)
        )
        gross = _("at least {amount}").format(amount=gross)
    return (
        label,
        fmt.euro(totals.net, missing=unknown),
        "",
        fmt.euro(totals.vat, missing=unknown),
        gross,
    )
