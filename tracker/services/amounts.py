"""Turning amount drafts into checked amounts and the columns that store them."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.money import Amount, Basis, parse_money
from tracker.drafts import AmountDraft
from tracker.errors import ValidationError


@dataclass(frozen=True)
class AmountColumns:
    cents: int | None
    basis: str | None
    vat_rate: str | None


NO_AMOUNT = AmountColumns(None, None, None)


def check_amount(draft: AmountDraft, *, field: str) -> Amount:
    """The amount a draft states, with every rule on money checked."""
    if draft.net is not None:
        value = parse_money(draft.net, field=f"{field}.net")
        try:
            return Amount(value, Basis.NET, draft.vat_rate)
        except ValidationError as error:
            raise error.located(field) from None
    assert draft.gross is not None
    return Amount(
        parse_money(draft.gross, field=f"{field}.gross"), Basis.GROSS, draft.vat_rate
    )


def amount_columns(draft: AmountDraft | None, *, field: str) -> AmountColumns:
    if draft is None:
        return NO_AMOUNT
    return AmountColumns(*check_amount(draft, field=field).to_columns())
