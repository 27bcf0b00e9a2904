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
    def gross(self) -> Decimal | None: ...


class StatedAmount(_Halves, Protocol):
    """An amount as the read side gives it (an ``AmountRow`` is one)."""

    @property
    def vat_rate(self) -> str: ...
    @property
    def basis(self) -> str: ...


class StatedQuinto(Protocol):
    """The quinto used (a ``QuintoRow``): None when it cannot be checked."""

    @property
    def used(self) -> Decimal | None: ...
    @property
    def limit(self) -> Decimal | None: ...
    @property
    def net(self) -> bool: ...


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
    """ "€1,220.00 VAT included (net €1,000.00, VAT 22%)", or the net alone when
    only the net is known: "€1,000.00 VAT excluded, rate not stated"."""
    if amount is None:
        return _("not stated")
    if amount.gross is None:
        return _("{net} VAT excluded, rate not stated").format(net=fmt.euro(amount.net))
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
        fmt.euro(amount.gross, missing=unknown),
    )


def totals_columns(
    label: str, totals: StatedTotals, fmt: Formatter
) -> tuple[str, str, str, str, str]:
    """A total's label (naming the parts without an amount), net, an empty rate,
    VAT and gross, for a table. When parts are missing the total is a floor: the
    gross says "at least ...", or the net when only the net is known."""
    unknown = _("not known")
    net = fmt.euro(totals.net, missing=unknown)
    gross = fmt.euro(totals.gross, missing=unknown)
    if totals.missing:
        label += " " + _("(amount not stated: {refs})").format(
            refs=", ".join(totals.missing)
        )
        if totals.gross is not None:
            gross = _("at least {amount}").format(amount=gross)
        elif totals.net is not None:
            net = _("at least {amount}").format(amount=net)
    return (label, net, "", fmt.euro(totals.vat, missing=unknown), gross)


def known_half_words(
    fmt: Formatter,
    gross: Decimal | None,
    net: Decimal | None = None,
    *,
    floor: bool = False,
) -> str:
    """One cell for a list: the gross, or the net said as such when only the net is
    known ("net €811,537.41 (VAT not stated)"), never a gross computed from it;
    "at least ..." when parts are not stated."""
    if gross is not None:
        text = fmt.euro(gross)
    elif net is not None:
        text = _("net {amount} (VAT not stated)").format(amount=fmt.euro(net))
    else:
        return _("not stated")
    return _("at least {amount}").format(amount=text) if floor else text


def unstated_rate_note(amount: StatedAmount | None) -> str | None:
    """The sentence under a money table whose base states one half without the rate."""
    if amount is None or amount.vat_rate != "unknown":
        return None
    if amount.basis == "net":
        return _(
            "The source states the amounts VAT excluded without the rate: the VAT and the gross are not known and are not estimated."
        )
    return _(
        "The source states the amounts VAT included without the rate: the net and the VAT are not known and are not estimated."
    )


def quinto_words(quinto: StatedQuinto, fmt: Formatter) -> str:
    """The quinto d'obbligo used by exercised variations, or why it cannot be
    checked."""
    used, limit = quinto.used, quinto.limit
    if used is None or limit is None:
        return _(
            "Quinto d'obbligo: cannot be checked (the base and the variations state different halves of their amounts, the VAT rate not stated)"
        )
    share = Decimal(0) if not limit else (used * 100 / limit).quantize(Decimal("0.1"))
    return _(
        "Quinto d'obbligo used (exercised variations): {used} of {limit}, {share}% ({footing})"
    ).format(
        used=fmt.euro(used),
        limit=fmt.euro(limit),
        share=fmt.number(share),
        footing=_("net of VAT") if quinto.net else _("VAT included"),
    )


def paid_to_date_words(
    paid: Decimal, value: StatedTotals | None, fmt: Formatter
) -> str:
    """ "Paid to date: €10,000.00 (VAT included), of €12,200.00": cash paid beside
    the contract's value (base and exercised options), said by the half known."""
    of = (
        _("value not stated")
        if value is None
        else known_half_words(fmt, value.gross, value.net, floor=bool(value.missing))
    )
    return _("Paid to date: {paid} (VAT included), of {value}").format(
        paid=fmt.euro(paid), value=of
    )
